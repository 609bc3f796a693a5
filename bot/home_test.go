package bot_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// home opens user's Home tab and returns it as they read it, with its block count.
func home(t *testing.T, e *bottest.Env, user string) (string, int) {
	t.Helper()
	if err := e.Emu.OpenHome(e.Ctx(), user); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	v, ok := e.Emu.Home(user)
	if !ok {
		t.Fatalf("no Home tab was published for %s", user)
	}
	return e.Emu.RenderView(v), len(v.Blocks)
}

func TestHomeForEachRole(t *testing.T) {
	e := plEnv(t)
	ctx := e.Ctx()
	// One recommendation for the steering group, one wish awaiting triage, one wish
	// in assessment with an open poll nobody has answered.
	est := plEstimate(t, e, "Notice-period alarm", 90000)
	_, err := e.Svc.Recommend(ctx, plActor(t, e, bottest.Mette), workflow.RecommendInput{WishIDs: []int64{est}, Title: "Contract alarms", Text: "Yes"})
	plMust(t, err)
	_, err = e.Svc.SubmitWish(ctx, plActor(t, e, bottest.Per), workflow.WishInput{Title: "Export to Excel", Purpose: "p", Value: "v"})
	plMust(t, err)
	w, err := e.Svc.SubmitWish(ctx, plActor(t, e, bottest.Kirsten), workflow.WishInput{Title: "Contract roles report", Purpose: "p", Value: "v"})
	plMust(t, err)
	_, err = e.Svc.RouteToGroup(ctx, plActor(t, e, bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, "")
	plMust(t, err)
	_, err = e.Svc.StartPoll(ctx, plActor(t, e, bottest.Soren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow})
	plMust(t, err)
	plFlush(e)

	for _, tc := range []struct {
		who      string
		want, no []string
	}{
		{bottest.Per, []string{"Submit a wish", "Your wishes (2)", "Notice-period alarm", "Export to Excel"},
			[]string{"Polls awaiting", "Awaiting triage", "Recommendations awaiting"}},
		{bottest.Anna, []string{"Polls awaiting your stance (1)", "IT-kontrakter: *#3* Contract roles report"},
			[]string{"Awaiting triage", "In assessment"}},
		{bottest.Soren, []string{"Polls awaiting your stance (1)", "IT-kontrakter: In assessment (1)", "Contract roles report"},
			[]string{"Awaiting triage", "Recommendations awaiting"}},
		{bottest.Mette, []string{"Awaiting triage (1)", "Export to Excel", "Awaiting a price estimate (0)", "Awaiting the development plan (0)"},
			[]string{"Polls awaiting", "Recommendations awaiting"}},
		{bottest.Jens, []string{"Recommendations awaiting the steering group (1)", "Contract alarms", "#1", "DKK 90,000"},
			[]string{"Awaiting triage", "Polls awaiting"}},
	} {
		text, _ := home(t, e, tc.who)
		for _, s := range tc.want {
			if !strings.Contains(text, s) {
				t.Errorf("%s's Home lacks %q:\n%s", tc.who, s, text)
			}
		}
		for _, s := range tc.no {
			if strings.Contains(text, s) {
				t.Errorf("%s's Home shows %q:\n%s", tc.who, s, text)
			}
		}
	}

	// Taking the stance takes the poll off Anna's Home.
	p, err := e.Svc.Wish(ctx, w.ID)
	plMust(t, err)
	_, err = e.Svc.TakeStance(ctx, plActor(t, e, bottest.Anna), p.Polls[0].ID, workflow.Agree, "")
	plMust(t, err)
	if text, _ := home(t, e, bottest.Anna); strings.Contains(text, "Polls awaiting") {
		t.Errorf("Anna's Home still asks for her stance:\n%s", text)
	}
}

func TestHomeWith500Wishes(t *testing.T) {
	e := plEnv(t)
	per := plActor(t, e, bottest.Per)
	for i := range 500 {
		_, err := e.Svc.SubmitWish(e.Ctx(), per, workflow.WishInput{Title: fmt.Sprintf("Wish %d <!channel> & æøå %s", i, strings.Repeat("x", 100)),
			Purpose: "p", Value: "v"})
		plMust(t, err)
	}
	for _, who := range []string{bottest.Per, bottest.Mette} {
		text, n := home(t, e, who)
		if n > 100 {
			t.Errorf("%s's Home has %d blocks", who, n)
		}
		if v, _ := e.Emu.Home(who); strings.Contains(unJSON(v.JSON), "<!channel>") {
			t.Errorf("%s's Home echoes a mention unescaped", who)
		}
		if who == bottest.Mette && !bottest.ContainsAll(text, "Awaiting triage (500)", "495 more: `/wish queue triage`") {
			t.Errorf("the secretariat's Home with 500 wishes:\n%s", text)
		}
		if who == bottest.Per && !bottest.ContainsAll(text, "Your wishes (500)", "490 more") {
			t.Errorf("Per's Home with 500 wishes:\n%s", text)
		}
	}
	if v := e.Emu.Violations(); len(v) > 0 {
		t.Fatalf("the Home tab broke Slack's limits: %+v", v)
	}
}

// Issue 9, item 12, across two groups: the contract group has a coordinator, the
// systems group has none. Søren's Home holds only what was routed to his group, not
// what a submitter asked his group for; the secretariat's Home holds the vacant
// group's queue, which would otherwise reach no one.
func TestHomeQueuesFollowTheRoutingAndReachTheSecretariat(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	ctx := e.Ctx()
	route := func(title, asked, to string) {
		w, err := e.Svc.SubmitWish(ctx, actorOf(t, e, bottest.Per), workflow.WishInput{Title: title, Purpose: "p", Value: "v", Group: asked})
		if err == nil {
			_, err = e.Svc.RouteToGroup(ctx, actorOf(t, e, bottest.Mette), w.ID, to, workflow.SizeNormal, "")
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	route("Data processors on the system page", "kontrakt", "systemer")
	route("Notice-period alarm", "systemer", "kontrakt")
	e.Settle()
	soren, _ := home(t, e, bottest.Soren)
	if !bottest.ContainsAll(soren, "IT-kontrakter: In assessment (1)", "Notice-period alarm") || strings.Contains(soren, "Data processors") {
		t.Errorf("the contract coordinator's Home:\n%s", soren)
	}
	mette, _ := home(t, e, bottest.Mette)
	if !bottest.ContainsAll(mette, "IT-systemer: In assessment (1)", "Data processors on the system page") || strings.Contains(mette, "IT-kontrakter: In assessment") {
		t.Errorf("the secretariat's Home:\n%s", mette)
	}
}
