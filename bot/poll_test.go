package bot_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// routedWish files a wish as Per and routes it to the contract group as Mette.
func routedWish(t *testing.T, e *bottest.Env, title string) workflow.Wish {
	t.Helper()
	w, _ := wishFor(t, e, title, "kontrakt")
	w, err := e.Svc.RouteToGroup(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, "")
	if err != nil {
		t.Fatal(err)
	}
	e.Settle()
	return w
}

func actorOf(t testing.TB, e *bottest.Env, user string) workflow.Actor {
	t.Helper()
	a, err := e.Svc.Actor(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// startPoll starts a poll through the group card's button and modal as Søren and
// returns the poll message.
func startPoll(t *testing.T, e *bottest.Env, w workflow.Wish, form map[string]string) slackemu.Message {
	t.Helper()
	card := e.MustFind(bottest.Contract, "#"+itoa(w.ID)+" ")
	e.Click(bottest.Soren, card.Channel, card.TS, "Start consensus poll")
	v := e.TopView(bottest.Soren)
	if v.Title != "Consensus poll" || !strings.Contains(string(v.JSON), `"initial_date":"2027-03-08"`) || !strings.Contains(string(v.JSON), `"initial_value":"2"`) {
		t.Fatalf("poll modal lacks the defaults (7 days, quorum 2 of 3):\n%s", v.JSON)
	}
	e.SubmitForm(bottest.Soren, form)
	return e.MustFind(bottest.Contract, "Consensus poll")
}

// pollOf is the poll of a poll message, from the database.
func pollOf(t *testing.T, e *bottest.Env, w workflow.Wish) workflow.PollDetail {
	t.Helper()
	d, err := e.Svc.Wish(e.Ctx(), w.ID)
	if err != nil || len(d.Polls) == 0 {
		t.Fatalf("wish %d has no poll (%v)", w.ID, err)
	}
	p, err := e.Svc.Poll(e.Ctx(), d.Polls[len(d.Polls)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// thread is the replies to m, rendered.
func thread(e *bottest.Env, m slackemu.Message) string {
	var out []string
	for _, r := range e.Emu.Messages(m.Channel) {
		if r.ThreadTS == m.TS && r.TS != m.TS {
			out = append(out, e.Text(r))
		}
	}
	return strings.Join(out, "\n---\n")
}

func TestPollReachesConsensusAndIsAnnounced(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm on contracts")
	msg := startPoll(t, e, w, map[string]string{"Proposal": "Prioritise, high priority"})
	got := now(t, e, msg)
	for _, want := range []string{"Consensus poll · IT-kontrakter", "prioritise wish *#1 Notice-period alarm on contracts* at *high* priority",
		"2027-03-08", "2 of 3 members", "0 of 3 members have taken a stance", "Not yet (3)", "[Agree]", "[Abstain]", "[Object]", "[Close now]"} {
		if !strings.Contains(got, want) {
			t.Errorf("poll message lacks %q:\n%s", want, got)
		}
	}
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	if ack := e.Text(e.LastEphemeral(bottest.Anna)); !bottest.ContainsAll(ack, "You agree", "1 has taken a stance so far; 2 are needed.", "[Add a reason]") {
		t.Errorf("Anna's confirmation:\n%s", ack)
	}
	if got := now(t, e, msg); !strings.Contains(got, "1 of 3 members has taken a stance") {
		t.Errorf("tally after one stance:\n%s", got)
	}
	e.Click(bottest.Lars, msg.Channel, msg.TS, "Abstain")
	got = now(t, e, msg)
	if !bottest.ContainsAll(got, "*Agree* 1 · *Abstain* 1 · *Object* 0: 2 of 3", "Agree (1)", "@anna", "Abstain (1)", "@lars", "Not yet (1)") {
		t.Errorf("live tally:\n%s", got)
	}
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
	got = now(t, e, msg)
	if !bottest.ContainsAll(got, "Consensus:", "is prioritised at *high* priority", "Closed by @soren") || strings.Contains(got, "[Agree]") || strings.Contains(got, "Not yet") {
		t.Errorf("closed poll message:\n%s", got)
	}
	if th := thread(e, msg); !bottest.ContainsAll(th, "Consensus:", "*Agree* 1 · *Abstain* 1") {
		t.Errorf("outcome in the thread:\n%s", th)
	}
	ann := e.Text(e.MustFind(bottest.UserClub, "Decision in the working group IT-kontrakter"))
	if !bottest.ContainsAll(ann, "#1 Notice-period alarm on contracts", "prioritised at *high* priority", "Agreed: @anna", "Abstained: @lars", "Closed by @soren", "See the poll") {
		t.Errorf("announcement in the user club:\n%s", ann)
	}
	if w := wishState(t, e, w.ID); w.State != workflow.StatePrioritised || w.Priority != workflow.PriorityHigh {
		t.Errorf("wish %s/%s after consensus", w.State, w.Priority)
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "prioritised") {
		t.Errorf("the submitter was told:\n%s", dm)
	}
	if card := e.Text(e.MustFind(bottest.Contract, "#1 Notice-period alarm", "[Follow]")); strings.Contains(card, "Start consensus poll") ||
		strings.Contains(card, "starts a consensus poll") || !strings.Contains(card, "Coordinator of IT-kontrakter: @soren.") {
		t.Errorf("the group card still offers or promises a poll, or lost its coordinator:\n%s", card)
	}
	if h := answer(t, e, bottest.Per, "/wish", "1"); !bottest.ContainsAll(h, "@soren started a consensus poll: prioritise at high priority",
		"the consensus poll closed with consensus", "status *prioritised* (the working group, by consensus)") {
		t.Errorf("the wish's history:\n%s", h)
	}
}

func TestPollWithoutConsensus(t *testing.T) {
	cases := []struct {
		name   string
		vote   func(e *bottest.Env, msg slackemu.Message)
		want   []string
		thread []string
	}{
		{"quorum", func(e *bottest.Env, msg slackemu.Message) {
			e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
		}, []string{"No consensus:", "the quorum was not reached (1 of the 2 stances needed)"}, nil},
		{"no one agreed", func(e *bottest.Env, msg slackemu.Message) {
			e.Click(bottest.Anna, msg.Channel, msg.TS, "Abstain")
			e.Click(bottest.Lars, msg.Channel, msg.TS, "Abstain")
		}, []string{"No consensus:", "no one agreed"}, nil},
		{"objection", func(e *bottest.Env, msg slackemu.Message) {
			e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
			e.Click(bottest.Lars, msg.Channel, msg.TS, "Object")
			e.SubmitForm(bottest.Lars, map[string]string{"Your objection": "Too costly for small municipalities."})
		}, []string{"No consensus:", "1 objection stands"}, []string{"Objections", "@lars: _Too costly for small municipalities._"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{})
			w := routedWish(t, e, "Notice-period alarm")
			msg := startPoll(t, e, w, map[string]string{"Proposal": "Prioritise, low priority"})
			c.vote(e, msg)
			e.Click(bottest.Mette, msg.Channel, msg.TS, "Close now")
			if got := now(t, e, msg); !bottest.ContainsAll(got, c.want...) || strings.Contains(got, "[Agree]") {
				t.Errorf("closed poll:\n%s", got)
			}
			if th := thread(e, msg); !bottest.ContainsAll(th, append(c.want, c.thread...)...) || !strings.Contains(th, "stays in assessment") {
				t.Errorf("outcome in the thread:\n%s", th)
			}
			if s := wishState(t, e, w.ID).State; s != workflow.StateInAssessment {
				t.Errorf("wish is %s, want in assessment", s)
			}
			if dm := e.Text(e.LastDM(bottest.Per)); !bottest.ContainsAll(dm, "closed without consensus", "stays in assessment") {
				t.Errorf("the submitter was told:\n%s", dm)
			}
			if _, ok := e.Find(bottest.UserClub, "Decision"); ok {
				t.Errorf("a poll without consensus was announced")
			}
			if card := e.Text(e.MustFind(bottest.Contract, "#1 Notice-period alarm", "[Follow]")); !strings.Contains(card, "[Start consensus poll]") {
				t.Errorf("the coordinator cannot poll again:\n%s", card)
			}
		})
	}
}

func TestStanceChangesAndObjectionNeedsAReason(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm")
	msg := startPoll(t, e, w, map[string]string{"Proposal": "Reject", "Reason or note": "Covered by the contract overview."})
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Object")
	v := e.TopView(bottest.Anna)
	resp, err := e.Emu.Submit(e.Ctx(), bottest.Anna, v.ID, map[string]map[string]slackemu.Value{"reason": {"input": {Value: "  "}}})
	if err != nil || !strings.Contains(resp.Errors["reason"], "An objection needs a reason") {
		t.Fatalf("an objection without a reason answered %v %v", resp.Errors, err)
	}
	e.Settle()
	e.SubmitForm(bottest.Anna, map[string]string{"Your objection": "We use it <!channel>"})
	if got := now(t, e, msg); !bottest.ContainsAll(got, "Object (1)", "@anna: _We use it") || strings.Contains(got, "Agree (1)") {
		t.Errorf("after the change to Object:\n%s", got)
	}
	cur, _ := e.Emu.Message(msg.Channel, msg.TS)
	if raw := strings.Join(messageTexts(cur), "\n"); strings.Contains(raw, "<!channel>") || !strings.Contains(raw, "&lt;!channel&gt;") {
		t.Errorf("the reason is not escaped:\n%s", raw)
	}
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Abstain")
	ack := e.LastEphemeral(bottest.Anna)
	e.Click(bottest.Anna, ack.Channel, ack.TS, "Add a reason")
	e.SubmitForm(bottest.Anna, map[string]string{"Why you abstain (optional)": "Conflict of interest."})
	p := pollOf(t, e, w)
	if len(p.Tally.Stances) != 1 || p.Tally.Abstain != 1 || p.Tally.Stances[0].Reason != "Conflict of interest." {
		t.Errorf("Anna's stances: %+v", p.Tally.Stances)
	}
	var stances int
	for _, ev := range events(t, e) {
		if ev.Kind == workflow.EvStanceTaken {
			stances++
		}
	}
	if stances != 4 {
		t.Errorf("%d stance events, want 4 (agree, object, abstain, abstain with a reason): a double click counts once", stances)
	}
	if got := now(t, e, msg); !bottest.ContainsAll(got, "Abstain (1)", "@anna: _Conflict of interest._") || strings.Contains(got, "Object (1)") {
		t.Errorf("after the change to Abstain:\n%s", got)
	}
}

func TestPollClosesAtItsDeadline(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm")
	msg := startPoll(t, e, w, map[string]string{"Proposal": "Prioritise, medium priority"})
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Agree")
	e.Advance(7*24*time.Hour - time.Minute)
	if !pollOf(t, e, w).Poll.Open() {
		t.Fatalf("the poll closed before its deadline")
	}
	e.Advance(8 * 24 * time.Hour)
	if p := pollOf(t, e, w); p.Poll.Open() || p.Poll.ClosedBy != workflow.System.UserID {
		t.Fatalf("poll after its deadline: %+v", p.Poll)
	}
	if got := now(t, e, msg); !bottest.ContainsAll(got, "Consensus:", "Closed at the deadline") || strings.Contains(got, "[Agree]") {
		t.Errorf("poll message after the deadline:\n%s", got)
	}
	if s := wishState(t, e, w.ID).State; s != workflow.StatePrioritised {
		t.Errorf("wish is %s", s)
	}
}

func TestPollDeadlineIsTheEndOfThePickedDay(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm")
	msg := startPoll(t, e, w, map[string]string{"Proposal": "Prioritise, medium priority", "Deadline": "2027-03-10", "Quorum": "3"})
	p := pollOf(t, e, w).Poll
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	if want := time.Date(2027, 3, 10, 23, 59, 59, 0, loc); !p.Deadline.Equal(want) || p.Quorum != 3 {
		t.Errorf("deadline %s quorum %d, want %s and 3", p.Deadline, p.Quorum, want)
	}
	// Shown as the picked day, never as 00:00 on the next.
	if got := now(t, e, msg); !strings.Contains(got, "2027-03-10 23:59") || strings.Contains(got, "2027-03-11") {
		t.Errorf("poll message does not show the deadline as 10 March:\n%s", got)
	}
}

// The default deadline is the same wall-clock time a week later, also when summer time
// starts in between (Sunday 28 March 2027): 09:00 stays 09:00.
func TestPollDefaultDeadlineKeepsTheWallClockAcrossSummerTime(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	e.Advance(time.Date(2027, 3, 22, 9, 0, 0, 0, loc).Sub(e.Clock.Now()))
	w := routedWish(t, e, "Notice-period alarm")
	card := e.MustFind(bottest.Contract, "#"+itoa(w.ID)+" ")
	e.Click(bottest.Soren, card.Channel, card.TS, "Start consensus poll")
	if v := e.TopView(bottest.Soren); !strings.Contains(string(v.JSON), `"initial_date":"2027-03-29"`) {
		t.Fatalf("poll modal does not default to 29 March:\n%s", v.JSON)
	}
	e.SubmitForm(bottest.Soren, map[string]string{"Proposal": "Prioritise, medium priority"})
	msg := e.MustFind(bottest.Contract, "Consensus poll")
	p := pollOf(t, e, w).Poll
	if want := time.Date(2027, 3, 29, 9, 0, 0, 0, loc); !p.Deadline.Equal(want) {
		t.Errorf("deadline %s, want %s", p.Deadline.In(loc), want)
	}
	if got := now(t, e, msg); !strings.Contains(got, "2027-03-29 09:00") {
		t.Errorf("poll message does not show 09:00 on 29 March:\n%s", got)
	}
}

func TestPollPastItsDeadlineClosesAtStart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := bottest.New(t, bottest.Options{DBPath: path})
	w := routedWish(t, first, "Notice-period alarm")
	msg := startPoll(t, first, w, map[string]string{"Proposal": "Prioritise, high priority"})
	first.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	first.Click(bottest.Lars, msg.Channel, msg.TS, "Agree")
	first.Stop()

	second := bottest.New(t, bottest.Options{DBPath: path, Bare: true})
	second.Clock.Set(first.Clock.Now().Add(10 * 24 * time.Hour))
	ctx, cancel := context.WithCancel(second.Ctx())
	done := make(chan struct{})
	go func() { defer close(done); _ = second.Sched.Run(ctx) }()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	err := second.Emu.Wait(wctx, func() bool { return len(second.Emu.Messages(bottest.UserClub)) > 0 })
	cancel()
	<-done
	if err != nil {
		t.Fatalf("no announcement after the restart: %v", err)
	}
	second.Settle()
	if p := pollOf(t, second, w); p.Poll.Open() || !p.Poll.Consensus {
		t.Errorf("poll after the restart: %+v", p.Poll)
	}
	if ann := second.Text(second.Emu.Messages(bottest.UserClub)[0]); !bottest.ContainsAll(ann, "Decision in the working group IT-kontrakter", "Closed at the deadline") {
		t.Errorf("announcement:\n%s", ann)
	}
}

// addVoters adds n users to the workspace, the contract channel and the contract group.
func addVoters(tb testing.TB, e *bottest.Env, n int) []string {
	tb.Helper()
	var ids []string
	for i := range n {
		id := fmt.Sprintf("U9%07d", i)
		e.Emu.AddUser(slackemu.User{ID: id, Name: fmt.Sprintf("member%d", i), Locale: "en-US"})
		e.Emu.AddMember(bottest.Contract, id)
		ids = append(ids, id)
	}
	if _, err := e.Svc.AddMembers(e.Ctx(), actorOf(tb, e, bottest.Admin), "kontrakt", ids); err != nil {
		tb.Fatal(err)
	}
	return ids
}

// pollWith starts a poll on a routed wish through the service and returns its message.
func pollWith(tb testing.TB, e *bottest.Env) (workflow.Poll, slackemu.Message) {
	tb.Helper()
	ctx := e.Ctx()
	w, err := e.Svc.SubmitWish(ctx, actorOf(tb, e, bottest.Per), workflow.WishInput{Title: "Alarm", Purpose: "P", Value: "V"})
	if err == nil {
		_, err = e.Svc.RouteToGroup(ctx, actorOf(tb, e, bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, "")
	}
	var p workflow.Poll
	if err == nil {
		p, err = e.Svc.StartPoll(ctx, actorOf(tb, e, bottest.Soren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	}
	if err != nil {
		tb.Fatal(err)
	}
	e.Settle()
	m, ok := e.Find(bottest.Contract, "Consensus poll")
	if !ok {
		tb.Fatalf("no poll message:\n%s", e.Dump(bottest.Contract))
	}
	return p, m
}
