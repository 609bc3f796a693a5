package workflow_test

import (
	"context"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// A poll on a wish whose proposal is neither "prioritise" nor "reject" (an empty or
// unknown proposal, as a forged or incomplete view_submission of the Start poll modal
// yields), or whose priority is unknown, is refused as Invalid. Review finding R1: it
// was accepted; its message showed a free-standing proposal, yet its consensus
// REJECTED the wish and was announced as the group's rejection.
func TestStartPollProposalMustBeKnown(t *testing.T) {
	ctx := context.Background()
	for _, bad := range []workflow.Proposal{"", "bogus", workflow.ProposeFree + "x"} {
		f := newFixture(t)
		w := f.routed()
		p, err := f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: bad,
			Text: "Shall we meet on Tuesdays from now on?"})
		if err == nil {
			f.stance(uCoord, p.ID, workflow.Agree, "")
			f.stance(uMember, p.ID, workflow.Agree, "")
			_, err = f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
			must(t, err)
			d, _ := f.svc.Wish(ctx, w.ID)
			t.Errorf("proposal %q: StartPoll accepted it; after consensus wish #%d is %q (want the poll refused as Invalid)", bad, w.ID, d.Wish.State)
			continue
		}
		if workflow.KindOf(err) != workflow.Invalid {
			t.Errorf("proposal %q: err %v, want Invalid", bad, err)
		}
	}
	// The same for a priority outside high/medium/low: stored on the wish as given.
	f := newFixture(t)
	w := f.routed()
	p, err := f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise,
		Priority: "urgent!"})
	if err == nil {
		f.stance(uCoord, p.ID, workflow.Agree, "")
		f.stance(uMember, p.ID, workflow.Agree, "")
		_, err = f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
		must(t, err)
		d, _ := f.svc.Wish(ctx, w.ID)
		t.Errorf("priority %q accepted; wish #%d is %q with priority %q (want Invalid)", "urgent!", w.ID, d.Wish.State, d.Wish.Priority)
	}
}
