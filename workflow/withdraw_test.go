package workflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// A wish withdrawn during its consensus poll ends the poll without a decision, and a
// poll that cannot be applied never keeps other due polls open.
func TestWithdrawEndsTheOpenPoll(t *testing.T) {
	f := newPipeFixture(t)
	w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: "Alarm", Purpose: "p", Value: "v"})
	f.must(err)
	_, err = f.svc.RouteToGroup(f.ctx, f.actor(pMette), w.ID, "kontrakt", workflow.SizeNormal, "")
	f.must(err)
	p, err := f.svc.StartPoll(f.ctx, f.actor(pSoren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	f.must(err)
	for _, u := range []string{pSoren, pAnna} {
		_, err := f.svc.TakeStance(f.ctx, f.actor(u), p.ID, workflow.Agree, "")
		f.must(err)
	}
	// A second wish with a poll due at the same deadline.
	w2, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: "Rapport", Purpose: "p", Value: "v"})
	f.must(err)
	_, err = f.svc.RouteToGroup(f.ctx, f.actor(pMette), w2.ID, "kontrakt", workflow.SizeNormal, "")
	f.must(err)
	p2, err := f.svc.StartPoll(f.ctx, f.actor(pSoren), workflow.PollInput{WishID: w2.ID, Proposal: workflow.ProposeReject, Text: "Dækket af #1"})
	f.must(err)

	_, err = f.svc.Withdraw(f.ctx, f.actor(pPer), w.ID, "Ikke længere nødvendigt")
	f.must(err)
	d, err := f.svc.Poll(f.ctx, p.ID)
	f.must(err)
	if d.Poll.Open() || d.Poll.Consensus || !d.EndedByWithdrawal() {
		t.Fatalf("the poll on a withdrawn wish is open=%v consensus=%v, want closed without a decision", d.Poll.Open(), d.Poll.Consensus)
	}
	if _, err := f.svc.TakeStance(f.ctx, f.actor(pAnna), p.ID, workflow.Object, "for sent"); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("a stance on the ended poll: %v, want conflict", err)
	}
	f.now = f.now.Add(8 * 24 * time.Hour)
	n, err := f.svc.CloseDuePolls(f.ctx)
	if err != nil || n != 1 {
		t.Fatalf("CloseDuePolls = %d, %v; want the other poll closed", n, err)
	}
	if d, _ := f.svc.Poll(f.ctx, p2.ID); d.Poll.Open() {
		t.Error("the other due poll stayed open")
	}
	f.wantState(w.ID, workflow.StateWithdrawn)
}

// Withdrawing the last wish of a pending initiative ends the initiative, so the
// steering group is not left with a decision it cannot take.
func TestWithdrawEndsAnEmptyInitiative(t *testing.T) {
	f := newPipeFixture(t)
	a, b := f.estimated("Alarm"), f.estimated("Rapport")
	ini, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{a, b}, Title: "T", Text: "R"})
	f.must(err)
	_, err = f.svc.Withdraw(f.ctx, f.actor(pPer), a, "")
	f.must(err)
	if d, _ := f.svc.InitiativeDetail(f.ctx, ini.ID); d.Initiative.State != workflow.InitiativeRecommended {
		t.Fatalf("one wish is still waiting, but the initiative is %s", d.Initiative.State)
	}
	_, err = f.svc.Withdraw(f.ctx, f.actor(pPer), b, "")
	f.must(err)
	d, err := f.svc.InitiativeDetail(f.ctx, ini.ID)
	f.must(err)
	if d.Initiative.State != workflow.InitiativeWithdrawn {
		t.Fatalf("initiative is %s after its last wish was withdrawn, want withdrawn", d.Initiative.State)
	}
	if n := f.countNotices(workflow.NoticeRecommendation, "", workflow.InitiativeRef(ini.ID)); n < 2 {
		t.Errorf("the steering message was not refreshed (%d notices)", n)
	}
	if _, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, true, workflow.FinancingFrame, ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("deciding a withdrawn initiative: %v, want conflict", err)
	}
}

// Withdrawing a withdrawn wish is refused as already done, not as "withdrawn, so it
// cannot become withdrawn" (issue 12); a move the charter forbids is refused as such.
func TestWithdrawTwiceSaysAlready(t *testing.T) {
	f := newPipeFixture(t)
	w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: "Alarm", Purpose: "p", Value: "v"})
	f.must(err)
	_, err = f.svc.Withdraw(f.ctx, f.actor(pPer), w.ID, "")
	f.must(err)
	_, err = f.svc.Withdraw(f.ctx, f.actor(pPer), w.ID, "")
	var e *workflow.Error
	if !errors.As(err, &e) || e.Kind != workflow.Conflict || e.Msg != "err.wish.already" {
		t.Errorf("withdrawing twice: %v, want conflict err.wish.already", err)
	}
	for _, c := range []struct {
		from, to workflow.State
		key      string
	}{
		{workflow.StateWithdrawn, workflow.StateWithdrawn, "err.wish.already"},
		{workflow.StateApproved, workflow.StateWithdrawn, "err.wish.transition"},
		{workflow.StateDelivered, workflow.StateDelivered, "err.wish.already"},
	} {
		if !errors.As(workflow.TransitionError(1, c.from, c.to), &e) || e.Msg != c.key {
			t.Errorf("%s → %s: %v, want %s", c.from, c.to, e, c.key)
		}
	}
}
