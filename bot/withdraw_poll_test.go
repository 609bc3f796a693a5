package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// Withdrawing a wish during its poll ends the poll message without buttons and says
// why, in the channel and in the poll's thread.
func TestWithdrawnWishEndsItsPollMessage(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	ctx := e.Ctx()
	actor := func(u string) workflow.Actor {
		a, err := e.Svc.Actor(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	w, err := e.Svc.SubmitWish(ctx, actor(bottest.Per), workflow.WishInput{Title: "Alarm", Purpose: "p", Value: "v"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.RouteToGroup(ctx, actor(bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.StartPoll(ctx, actor(bottest.Soren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow}); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "withdraw 1")
	e.Advance(2 * time.Second) // updates of one message are paced to one a second
	poll := e.MustFind(bottest.Contract, "Consensus poll")
	text := e.Text(poll)
	if !strings.Contains(text, "Ended without a decision") || strings.Contains(text, "[Agree]") {
		t.Errorf("the poll message of a withdrawn wish:\n%s", text)
	}
	if strings.Contains(text, "No consensus") {
		t.Errorf("a withdrawal is reported as a failed consensus:\n%s", text)
	}
}

// When the last wish of a pending initiative is withdrawn, the steering group's
// message loses its Approve and Decline buttons and says why.
func TestWithdrawnInitiativeLeavesNothingToDecide(t *testing.T) {
	e := plEnv(t)
	id := plEstimate(t, e, "Alarm", 1000)
	_, err := e.Svc.Recommend(e.Ctx(), plActor(t, e, bottest.Mette), workflow.RecommendInput{WishIDs: []int64{id}, Title: "Alarmer", Text: "Indstilles"})
	plMust(t, err)
	e.Settle()
	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "withdraw 1")
	e.Advance(2 * time.Second) // updates of one message are paced to one a second
	got := e.Text(e.MustFind(bottest.Steering, "Alarmer"))
	if !strings.Contains(got, "Nothing left to decide") || strings.Contains(got, "[Approve]") {
		t.Errorf("the steering message after the last wish was withdrawn:\n%s", got)
	}
}

// Issue 9, item 8: a withdrawal during a poll has one outcome, said once. The poll's
// thread gets one reply, the withdrawal, and no "stays in assessment" after it; the
// wish's history says the same.
func TestWithdrawnPollHasOneOutcome(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm on contracts")
	msg := startPoll(t, e, w, map[string]string{"Proposal": "Prioritise, high priority"})
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Object")
	e.SubmitForm(bottest.Anna, map[string]string{"Your objection": "Too costly."})
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "withdraw 1")
	e.Advance(2 * time.Second)
	th := thread(e, msg)
	if strings.Count(th, "\n---\n") != 0 || !strings.Contains(th, "Ended without a decision") {
		t.Errorf("the poll's thread after a withdrawal, want one reply saying so:\n%s", th)
	}
	for _, contradiction := range []string{"stays in assessment", "No consensus", "start a new poll"} {
		if strings.Contains(th, contradiction) {
			t.Errorf("the thread says the withdrawal and %q:\n%s", contradiction, th)
		}
	}
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "1")
	hist := e.Text(e.LastEphemeral(bottest.Per))
	if strings.Contains(hist, "without consensus") || !strings.Contains(hist, "ended without a decision") {
		t.Errorf("the wish's history of the withdrawn poll:\n%s", hist)
	}
}
