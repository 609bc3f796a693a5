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

// prioritisedWish files a wish and has the contract group prioritise it by consensus.
func prioritisedWish(t *testing.T, e *bottest.Env, title string) workflow.Wish {
	t.Helper()
	w := routedWish(t, e, title)
	p, err := e.Svc.StartPoll(e.Ctx(), actorOf(t, e, bottest.Soren), workflow.PollInput{WishID: w.ID,
		Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{bottest.Anna, bottest.Lars} {
		if _, err := e.Svc.TakeStance(e.Ctx(), actorOf(t, e, u), p.ID, workflow.Agree, ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.Svc.ClosePoll(e.Ctx(), actorOf(t, e, bottest.Soren), p.ID); err != nil {
		t.Fatal(err)
	}
	e.Advance(time.Minute) // distinct ages, and the channels' pacing passes
	return w
}

// startRanking starts a ranking of ids as Søren through /tovholder rank.
func startRanking(t *testing.T, e *bottest.Env, ids ...int64) slackemu.Message {
	t.Helper()
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "rank")
	v := e.TopView(bottest.Soren)
	if v.Title != "Rank the backlog" || !strings.Contains(string(v.JSON), `"initial_value":"10"`) {
		t.Fatalf("rank modal:\n%s", v.JSON)
	}
	var sel []string
	for _, id := range ids {
		sel = append(sel, itoa(id))
	}
	if res := e.SubmitForm(bottest.Soren, map[string]string{"Wishes to rank": strings.Join(sel, ",")}); res.ResponseAction != "" {
		t.Fatalf("start ranking: %+v", res)
	}
	return e.MustFind(bottest.Contract, "Ranking · IT-kontrakter")
}

// distribute gives dots as user through the ranking message's modal.
func distribute(t *testing.T, e *bottest.Env, user string, msg slackemu.Message, dots map[string]string) slackemu.Response {
	t.Helper()
	e.Click(user, msg.Channel, msg.TS, "Distribute my dots")
	return e.SubmitForm(user, dots)
}

// rankingEnv is a workspace whose emulator does not pace posts: a ranking needs several
// wishes prioritised, and the test is about the ranking, not the pacing.
func rankingEnv(t *testing.T, o bottest.Options) *bottest.Env {
	o.EmuOptions = append(o.EmuOptions, slackemu.WithoutRateLimit())
	return bottest.New(t, o)
}

func TestRankingEndToEnd(t *testing.T) {
	e := rankingEnv(t, bottest.Options{})
	a := prioritisedWish(t, e, "Notice-period alarm")
	b := prioritisedWish(t, e, "Contract roles")
	c := prioritisedWish(t, e, "Data processors")
	la, lb, lc := "#"+itoa(a.ID)+" Notice-period alarm", "#"+itoa(b.ID)+" Contract roles", "#"+itoa(c.ID)+" Data processors"
	chooseAndSupport(t, e, bottest.Kirsten, c.ID, "Aarhus") // c has a supporting municipality, a and b none
	msg := startRanking(t, e, a.ID, b.ID, c.ID)
	if got := e.Text(msg); !bottest.ContainsAll(got, "0 of 3 members have distributed", la, lb, lc, "[Distribute my dots]", "[Close now]") {
		t.Fatalf("ranking message:\n%s", got)
	}

	// Three members distribute; Lars redistributes; too many dots and hostile text are refused.
	res := distribute(t, e, bottest.Anna, msg, map[string]string{la: "8", lb: "5"})
	if res.ResponseAction != "errors" || !strings.Contains(res.Errors["dots_"+itoa(a.ID)], "more than your 10 dots") ||
		!strings.Contains(res.Errors["dots_"+itoa(b.ID)], "more than your 10 dots") {
		t.Fatalf("too many dots: %+v", res)
	}
	res = e.SubmitForm(bottest.Anna, map[string]string{la: "-2", lb: "<!channel> 3"})
	if res.ResponseAction != "errors" || !strings.Contains(res.Errors["dots_"+itoa(a.ID)], "0 or more") ||
		!strings.Contains(res.Errors["dots_"+itoa(b.ID)], "whole number") || strings.Contains(res.Errors["dots_"+itoa(b.ID)], "<!channel>") {
		t.Fatalf("hostile dots: %+v", res)
	}
	if res = e.SubmitForm(bottest.Anna, map[string]string{la: "5", lb: "5"}); res.ResponseAction != "" {
		t.Fatalf("Anna's dots: %+v", res)
	}
	distribute(t, e, bottest.Soren, msg, map[string]string{lb: "10"})
	distribute(t, e, bottest.Lars, msg, map[string]string{la: "10"})
	e.Click(bottest.Lars, msg.Channel, msg.TS, "Distribute my dots")
	if v := e.TopView(bottest.Lars); !strings.Contains(string(v.JSON), `"initial_value":"10"`) {
		t.Errorf("Lars's earlier dots are not filled in:\n%s", v.JSON)
	}
	e.SubmitForm(bottest.Lars, map[string]string{la: "0", lc: "5"}) // a 5, b 15... no: b 15, c 5, a 5
	got := now(t, e, msg)
	if !strings.Contains(got, "3 of 3 members have distributed") || strings.Contains(got, "dots ·") {
		t.Errorf("the message shows more than the count while open:\n%s", got)
	}
	e.Click(bottest.Per, msg.Channel, msg.TS, "Distribute my dots")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "IT-kontrakter") {
		t.Errorf("a non-member was told:\n%s", got)
	}

	// Close now: b 15; a 5 and c 5 tie, broken by c's supporting municipality.
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
	got = now(t, e, msg)
	if i, j, k := strings.Index(got, "1. "+lb), strings.Index(got, "2. "+lc), strings.Index(got, "3. "+la); i < 0 || j < i || k < j {
		t.Fatalf("result, want b, c, a:\n%s", got)
	}
	if !bottest.ContainsAll(got, "15 dots", "adopt this order in a consensus poll") {
		t.Errorf("closed ranking:\n%s", got)
	}
	if th := thread(e, msg); !bottest.ContainsAll(th, "The ranking in IT-kontrakter has closed", "1. "+lb) {
		t.Errorf("result in the thread:\n%s", th)
	}
	poll := e.MustFind(bottest.Contract, "adopt this order of the backlog of IT-kontrakter")
	if poll.ThreadTS != msg.TS {
		t.Errorf("the poll to adopt the order is not in the ranking's thread")
	}
	e.Click(bottest.Anna, poll.Channel, poll.TS, "Agree")
	if got := now(t, e, poll); !strings.Contains(got, "1 of 3 members has taken a stance") {
		t.Errorf("the poll in the thread is not refreshed by a stance:\n%s", got)
	}
	e.Click(bottest.Lars, poll.Channel, poll.TS, "Agree")
	e.Click(bottest.Soren, poll.Channel, poll.TS, "Close now")
	ann := e.MustFind(bottest.UserClub, "has a new prioritised order")
	if got := e.Text(ann); !bottest.ContainsAll(got, "IT-kontrakter", "1. "+lb, "2. "+lc, "3. "+la) {
		t.Errorf("announcement:\n%s", got)
	}
	e.Slash(bottest.Per, bottest.UserClub, "/wish", itoa(c.ID))
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "No. 2 in IT-kontrakter") {
		t.Errorf("/wish N does not show the rank:\n%s", got)
	}
	if text, _ := home(t, e, bottest.Per); !strings.Contains(text, "Contract roles: _prioritised_ · No. 1 in IT-kontrakter") {
		t.Errorf("Per's Home does not show the rank of his wish:\n%s", text)
	}
	if text, _ := home(t, e, bottest.Soren); !bottest.ContainsAll(text, "IT-kontrakter: 3 prioritised wishes", "1. "+lb, "[Rank the backlog]") {
		t.Errorf("Søren's Home has no ranked backlog:\n%s", text)
	}
	card := e.MustFind(bottest.Contract, "#"+itoa(b.ID)+" Contract roles", "Submitted by")
	if got := now(t, e, card); !strings.Contains(got, "No. 1 in IT-kontrakter") {
		t.Errorf("the group's card does not show the rank:\n%s", got)
	}

	t.Run("no consensus keeps the ranks", func(t *testing.T) {
		msg := startRanking(t, e, a.ID, b.ID)
		distribute(t, e, bottest.Anna, msg, map[string]string{la: "10"})
		e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
		poll := e.MustFind(bottest.Contract, "adopt this order of the backlog of IT-kontrakter")
		e.Click(bottest.Anna, poll.Channel, poll.TS, "Agree")
		e.Click(bottest.Lars, poll.Channel, poll.TS, "Object")
		e.SubmitForm(bottest.Lars, map[string]string{"Your objection": "We agreed on b first."})
		e.Click(bottest.Soren, poll.Channel, poll.TS, "Close now")
		if got := now(t, e, msg); !strings.Contains(got, "did not adopt this order; the earlier ranks stand") {
			t.Errorf("ranking after no consensus:\n%s", got)
		}
		if got := thread(e, msg); !strings.Contains(got, "We agreed on b first.") {
			t.Errorf("the outcome, in the ranking's thread, does not say why:\n%s", got)
		}
		rw, err := e.Svc.Standing(e.Ctx(), b.ID)
		if err != nil || rw.Rank != 1 {
			t.Errorf("b's rank after no consensus: %d (%v)", rw.Rank, err)
		}
	})
}

func TestRankingWishWithdrawnMidway(t *testing.T) {
	e := rankingEnv(t, bottest.Options{})
	a := prioritisedWish(t, e, "Notice-period alarm")
	b := prioritisedWish(t, e, "Contract roles")
	c := prioritisedWish(t, e, "Data processors")
	msg := startRanking(t, e, a.ID, b.ID, c.ID)
	distribute(t, e, bottest.Anna, msg, map[string]string{"#" + itoa(c.ID) + " Data processors": "10"})
	if _, err := e.Svc.Withdraw(e.Ctx(), actorOf(t, e, bottest.Per), c.ID, "Solved locally"); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	if got := now(t, e, msg); !strings.Contains(got, "#"+itoa(c.ID)+" Data processors has left the backlog (withdrawn)") {
		t.Errorf("the message does not say the wish left:\n%s", got)
	}
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
	got := now(t, e, msg)
	if strings.Contains(got, ". #"+itoa(c.ID)) || !strings.Contains(got, "drops out of the result") {
		t.Errorf("the withdrawn wish is in the result:\n%s", got)
	}
}

func TestRankingPastItsDeadlineClosesAfterARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := rankingEnv(t, bottest.Options{DBPath: path})
	a := prioritisedWish(t, first, "Notice-period alarm")
	b := prioritisedWish(t, first, "Contract roles")
	msg := startRanking(t, first, a.ID, b.ID)
	distribute(t, first, bottest.Anna, msg, map[string]string{"#" + itoa(b.ID) + " Contract roles": "3"})
	first.Stop()

	second := rankingEnv(t, bottest.Options{DBPath: path, Bare: true})
	second.Clock.Set(first.Clock.Now().Add(8 * 24 * time.Hour))
	ctx, cancel := context.WithCancel(second.Ctx())
	done := make(chan struct{})
	go func() { defer close(done); _ = second.Sched.Run(ctx) }()
	wctx, wcancel := context.WithTimeout(ctx, 10*time.Second)
	defer wcancel()
	err := second.Emu.Wait(wctx, func() bool {
		_, ok := second.Find(bottest.Contract, "adopt this order of the backlog of IT-kontrakter")
		return ok
	})
	cancel()
	<-done
	if err != nil {
		t.Fatalf("no adoption poll after the restart: %v", err)
	}
	second.Settle()
	r, err := second.Svc.RankingDetail(second.Ctx(), 1)
	if err != nil || r.Ranking.Open() || r.Ranking.ClosedBy != workflow.System.UserID || len(r.Ranking.Order) != 2 ||
		r.Ranking.Order[0] != b.ID || r.Poll == nil {
		t.Errorf("ranking after the restart: %+v (%v)", r.Ranking, err)
	}
	if th := second.Text(second.MustFind(bottest.Contract, "adopt this order")); !strings.Contains(th, "1. #"+itoa(b.ID)+" Contract roles") {
		t.Errorf("adoption poll:\n%s", th)
	}
}

// TestRankingMandateMatrix: who may start a ranking, distribute dots, close it and
// take a stance on its order, each tried by Slack's way in, with the refusal said.
func TestRankingMandateMatrix(t *testing.T) {
	e := rankingEnv(t, bottest.Options{})
	a := prioritisedWish(t, e, "Notice-period alarm")
	b := prioritisedWish(t, e, "Contract roles")
	opened := func() int { return len(e.Emu.CallsTo("views.open")) }
	lead := "only the coordinator of IT-kontrakter or the secretariat"
	for _, who := range []string{bottest.Anna, bottest.Per, bottest.Jens, bottest.Admin} {
		before := opened()
		e.Slash(who, bottest.Contract, "/tovholder", "rank")
		if got := e.Text(e.LastEphemeral(who)); opened() != before || !strings.Contains(got, lead) {
			t.Errorf("%s may start a ranking: %s", who, got)
		}
	}
	for _, who := range []string{bottest.Mette, bottest.Soren} {
		before := opened()
		e.Slash(who, bottest.Contract, "/tovholder", "rank")
		if opened() != before+1 {
			t.Errorf("%s may not start a ranking", who)
		}
	}
	if _, err := e.Emu.CloseView(e.Ctx(), bottest.Mette, e.TopView(bottest.Mette).ID); err != nil {
		t.Fatal(err)
	}
	e.SubmitForm(bottest.Soren, map[string]string{"Wishes to rank": itoa(a.ID) + "," + itoa(b.ID)})
	msg := e.MustFind(bottest.Contract, "Ranking · IT-kontrakter")
	for _, who := range []string{bottest.Per, bottest.Mette, bottest.Jens} {
		before := opened()
		e.Click(who, msg.Channel, msg.TS, "Distribute my dots")
		if got := e.Text(e.LastEphemeral(who)); opened() != before || !strings.Contains(got, "IT-kontrakter") {
			t.Errorf("%s may distribute dots: %s", who, got)
		}
	}
	for _, who := range []string{bottest.Anna, bottest.Lars, bottest.Soren} {
		before := opened()
		e.Click(who, msg.Channel, msg.TS, "Distribute my dots")
		if opened() != before+1 {
			t.Errorf("%s may not distribute dots", who)
		}
		if _, err := e.Emu.CloseView(e.Ctx(), who, e.TopView(who).ID); err != nil {
			t.Fatal(err)
		}
	}
	for _, who := range []string{bottest.Anna, bottest.Per, bottest.Jens} {
		e.Click(who, msg.Channel, msg.TS, "Close now")
		if got := e.Text(e.LastEphemeral(who)); !strings.Contains(got, lead) {
			t.Errorf("%s may close the ranking: %s", who, got)
		}
	}
	e.Click(bottest.Mette, msg.Channel, msg.TS, "Close now")
	e.Advance(2 * time.Second) // the channel's pacing of posts
	poll := e.MustFind(bottest.Contract, "adopt this order of the backlog of IT-kontrakter")
	e.Click(bottest.Per, poll.Channel, poll.TS, "Agree")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "Only members of the working group IT-kontrakter") {
		t.Errorf("Per may adopt the order: %s", got)
	}
	d, err := e.Svc.RankingDetail(e.Ctx(), 1)
	if err != nil || d.Ranking.Open() || d.Poll == nil {
		t.Fatalf("after the refusals: %+v (%v)", d.Ranking, err)
	}
	if p, err := e.Svc.Poll(e.Ctx(), d.Poll.ID); err != nil || p.Tally.Taken != 0 {
		t.Errorf("a refused stance counted: %+v (%v)", p.Tally, err)
	}
}

// TestRankingInDanish: with TOVHOLDER_LANGUAGE=da the channels' ranking, adoption poll
// and announcement speak the domain's Danish terms (private answers follow each
// person's own Slack language).
func TestRankingInDanish(t *testing.T) {
	e := rankingEnv(t, bottest.Options{Lang: "da"})
	a := prioritisedWish(t, e, "Varsling af opsigelsesfrist")
	b := prioritisedWish(t, e, "Kontraktroller")
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "rank") // the modal in Søren's own language
	e.SubmitForm(bottest.Soren, map[string]string{"Wishes to rank": itoa(a.ID) + "," + itoa(b.ID)})
	msg := e.MustFind(bottest.Contract, "Rangering · IT-kontrakter")
	if got := e.Text(msg); !bottest.ContainsAll(got, "Rangering · IT-kontrakter", "0 af 3 medlemmer har fordelt deres prikker",
		"Støttet af 1 person", "[Fordel mine prikker]", "[Luk nu]") {
		t.Errorf("Danish ranking message:\n%s", got)
	}
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Fordel mine prikker")
	e.SubmitForm(bottest.Anna, map[string]string{"#" + itoa(b.ID) + " Kontraktroller": "4"})
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Luk nu")
	e.Advance(2 * time.Second)
	poll := e.MustFind(bottest.Contract, "vedtag denne prioriterede rækkefølge af ønskerne i IT-kontrakter")
	e.Click(bottest.Anna, poll.Channel, poll.TS, "Enig")
	e.Click(bottest.Lars, poll.Channel, poll.TS, "Enig")
	e.Click(bottest.Soren, poll.Channel, poll.TS, "Luk nu")
	if got := e.Text(e.MustFind(bottest.UserClub, "har en ny prioriteret rækkefølge")); !bottest.ContainsAll(got,
		"IT-kontrakter har en ny prioriteret rækkefølge af sine ønsker", "1. #"+itoa(b.ID)+" Kontraktroller") {
		t.Errorf("Danish announcement:\n%s", got)
	}
}

// TestRankingOfALongBacklog: more than ten prioritised wishes are offered in a multi
// select (Slack's checkboxes take ten) with the first ten chosen, and eleven are refused.
func TestRankingOfALongBacklog(t *testing.T) {
	e := rankingEnv(t, bottest.Options{})
	var ids []string
	for i := 0; i < 11; i++ {
		w := prioritisedWish(t, e, fmt.Sprintf("Wish %d with a long title %s", i, strings.Repeat("x", 120)))
		ids = append(ids, itoa(w.ID))
	}
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "rank")
	v := e.TopView(bottest.Soren)
	if !strings.Contains(string(v.JSON), `"multi_static_select"`) || strings.Count(string(v.JSON), `"value":"`) < 11 {
		t.Fatalf("rank modal for 11 wishes:\n%s", v.JSON)
	}
	res := e.SubmitForm(bottest.Soren, map[string]string{"Wishes to rank": strings.Join(ids, ",")})
	if res.ResponseAction != "errors" || !strings.Contains(res.Errors["wishes"], "Choose 2 to 10 different wishes") {
		t.Fatalf("eleven wishes: %+v", res)
	}
	if res := e.SubmitForm(bottest.Soren, map[string]string{"Wishes to rank": strings.Join(ids[:10], ",")}); res.ResponseAction != "" {
		t.Fatalf("ten wishes: %+v", res)
	}
	msg := e.MustFind(bottest.Contract, "Ranking · IT-kontrakter")
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Distribute my dots")
	if n := strings.Count(string(e.TopView(bottest.Anna).JSON), `"type":"input"`); n != 10 {
		t.Errorf("the dots modal has %d inputs, want 10", n)
	}
}
