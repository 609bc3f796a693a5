package workflow_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// poll starts a poll on a routed wish as the coordinator.
func (f *fixture) poll(proposal workflow.Proposal, text string) (workflow.Poll, workflow.Wish) {
	f.t.Helper()
	w := f.routed()
	p, err := f.svc.StartPoll(context.Background(), f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: proposal,
		Priority: workflow.PriorityHigh, Text: text})
	must(f.t, err)
	return p, w
}

func (f *fixture) stance(user string, id int64, pos workflow.Position, reason string) workflow.Tally {
	f.t.Helper()
	t, err := f.svc.TakeStance(context.Background(), f.actor(user), id, pos, reason)
	must(f.t, err)
	return t
}

func TestStartPoll(t *testing.T) {
	ctx := context.Background()
	in := func(id int64) workflow.PollInput {
		return workflow.PollInput{WishID: id, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityMedium}
	}
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		w := f.routed()
		for _, u := range []string{uCoord, uSec} {
			p, err := f.svc.StartPoll(ctx, f.actor(u), in(w.ID))
			must(t, err)
			if p.Quorum != 2 || !p.Deadline.Equal(f.clock().Add(workflow.DefaultPollDuration)) || p.GroupKey != "kontrakt" {
				t.Errorf("poll %+v: want quorum 2 of 3 and a deadline 7 days ahead", p)
			}
			_, err = f.svc.ClosePoll(ctx, f.actor(u), p.ID)
			must(t, err)
		}
	})
	t.Run("OK wall clock across summer time", func(t *testing.T) {
		// Started on Monday 22 March 2027 at 09:00 in Copenhagen; summer time starts on
		// the 28th; the poll ends on Monday the 29th at 09:00, not at 10:00.
		f := newFixture(t)
		loc := copenhagen(t)
		f.svc.Location = loc
		w := f.routed()
		f.advance(time.Date(2027, 3, 22, 9, 0, 0, 0, loc).Sub(f.clock()))
		p, err := f.svc.StartPoll(ctx, f.actor(uCoord), in(w.ID))
		must(t, err)
		if want := time.Date(2027, 3, 29, 9, 0, 0, 0, loc); !p.Deadline.Equal(want) {
			t.Errorf("deadline %s, want %s", p.Deadline.In(loc), want)
		}
		if d, err := f.svc.Poll(ctx, p.ID); err != nil || !d.Poll.Deadline.Equal(p.Deadline) {
			t.Errorf("stored deadline %s (%v), want %s", d.Poll.Deadline, err, p.Deadline)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t)
		w := f.routed()
		for _, u := range []string{uMember, uSteer, uSubmit, uAdmin} {
			_, err := f.svc.StartPoll(ctx, f.actor(u), in(w.ID))
			f.wantKind(err, workflow.Forbidden, f.events())
		}
	})
	t.Run("ErrConflict", func(t *testing.T) {
		f := newFixture(t)
		w := f.routed()
		_, err := f.svc.StartPoll(ctx, f.actor(uCoord), in(w.ID))
		must(t, err)
		_, err = f.svc.StartPoll(ctx, f.actor(uCoord), in(w.ID))
		f.wantKind(err, workflow.Conflict, f.events())
		_, err = f.svc.StartPoll(ctx, f.actor(uSec), in(f.wish().ID))
		f.wantKind(err, workflow.Conflict, f.events())
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := newFixture(t)
		w := f.routed()
		for _, bad := range []workflow.PollInput{
			{WishID: w.ID, Proposal: workflow.ProposeReject},
			{WishID: w.ID, Proposal: workflow.ProposePrioritise},
			{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow, Quorum: 4},
			{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow, Deadline: f.clock().Add(-time.Hour)},
			{GroupKey: "kontrakt", Proposal: workflow.ProposeFree},
		} {
			_, err := f.svc.StartPoll(ctx, f.actor(uCoord), bad)
			f.wantKind(err, workflow.Invalid, f.events())
		}
	})
}

func TestTakeStance(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	p, _ := f.poll(workflow.ProposePrioritise, "")
	t.Run("OK", func(t *testing.T) {
		tl := f.stance(uMember, p.ID, workflow.Object, "Too costly.")
		if tl.Object != 1 || tl.Taken != 1 {
			t.Errorf("tally %+v", tl)
		}
		tl = f.stance(uMember, p.ID, workflow.Agree, "")
		if tl.Object != 0 || tl.Agree != 1 || tl.Taken != 1 {
			t.Errorf("after a change of mind: %+v", tl)
		}
	})
	t.Run("SameStanceRecordsNothing", func(t *testing.T) {
		before := f.events()
		f.stance(uMember, p.ID, workflow.Agree, "")
		if n := f.events(); n != before {
			t.Errorf("a repeated stance recorded %d events", n-before)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		for _, u := range []string{uSec, uSteer, uSubmit, uAdmin} {
			_, err := f.svc.TakeStance(ctx, f.actor(u), p.ID, workflow.Agree, "")
			f.wantKind(err, workflow.Forbidden, f.events())
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		_, err := f.svc.TakeStance(ctx, f.actor(uOther), p.ID, workflow.Object, " ")
		f.wantKind(err, workflow.Invalid, f.events())
		_, err = f.svc.TakeStance(ctx, f.actor(uOther), p.ID, "maybe", "")
		f.wantKind(err, workflow.Invalid, f.events())
	})
	t.Run("ErrConflict", func(t *testing.T) {
		_, err := f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
		must(t, err)
		_, err = f.svc.TakeStance(ctx, f.actor(uOther), p.ID, workflow.Agree, "")
		f.wantKind(err, workflow.Conflict, f.events())
	})
}

func TestStanceRefreshesOnlyThePollMessage(t *testing.T) {
	f := newFixture(t)
	p, _ := f.poll(workflow.ProposePrioritise, "")
	f.stance(uMember, p.ID, workflow.Agree, "")
	ns := f.lastNotices()
	if len(ns) != 1 || ns[0].Kind != workflow.NoticePoll || ns[0].Op != workflow.OpRefresh || ns[0].PollID != p.ID || ns[0].WishID != 0 {
		t.Errorf("notices of a stance: %+v", ns)
	}
}

func TestClosePollConsensusMovesAndAnnounces(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		proposal workflow.Proposal
		text     string
		to       workflow.State
	}{{workflow.ProposePrioritise, "", workflow.StatePrioritised}, {workflow.ProposeReject, "Covered by #3.", workflow.StateRejected}} {
		t.Run(string(c.proposal), func(t *testing.T) {
			f := newFixture(t)
			p, w := f.poll(c.proposal, c.text)
			f.stance(uMember, p.ID, workflow.Agree, "")
			f.stance(uOther, p.ID, workflow.Abstain, "")
			_, err := f.svc.ClosePoll(ctx, f.actor(uMember), p.ID)
			f.wantKind(err, workflow.Forbidden, f.events())
			tl, err := f.svc.ClosePoll(ctx, f.actor(uSec), p.ID)
			must(t, err)
			d, err := f.svc.Wish(ctx, w.ID)
			must(t, err)
			if !tl.Consensus || d.Wish.State != c.to {
				t.Errorf("consensus %v, wish %s; want consensus and %s", tl.Consensus, d.Wish.State, c.to)
			}
			if c.to == workflow.StatePrioritised && d.Wish.Priority != workflow.PriorityHigh {
				t.Errorf("priority %q, want high", d.Wish.Priority)
			}
			ns := f.lastNotices()
			if !slices.ContainsFunc(ns, func(n workflow.Notice) bool {
				return n.Kind == workflow.NoticeAnnouncement && n.To == workflow.PlaceTarget(workflow.PlaceUserClub) && n.PollID == p.ID
			}) || !slices.ContainsFunc(ns, func(n workflow.Notice) bool { return n.Kind == workflow.NoticeWishChanged && n.To == uSubmit }) {
				t.Errorf("no announcement in the user club or DM to the submitter: %+v", ns)
			}
			_, err = f.svc.ClosePoll(ctx, f.actor(uSec), p.ID)
			f.wantKind(err, workflow.Conflict, f.events())
		})
	}
}

func TestClosePollWithoutConsensus(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name    string
		stances map[string]workflow.Position
		want    []workflow.Failure
	}{
		{"quorum", map[string]workflow.Position{uMember: workflow.Agree}, []workflow.Failure{workflow.FailQuorum}},
		{"no one agreed", map[string]workflow.Position{uMember: workflow.Abstain, uOther: workflow.Abstain}, []workflow.Failure{workflow.FailNoAgree}},
		{"objection", map[string]workflow.Position{uMember: workflow.Agree, uOther: workflow.Object}, []workflow.Failure{workflow.FailObjection}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t)
			p, w := f.poll(workflow.ProposePrioritise, "")
			for u, pos := range c.stances {
				f.stance(u, p.ID, pos, "Because.")
			}
			tl, err := f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
			must(t, err)
			if tl.Consensus || !slices.Equal(tl.Failures, c.want) || f.state(w.ID) != workflow.StateInAssessment {
				t.Errorf("tally %+v, wish %s; want failures %v and the wish in assessment", tl, f.state(w.ID), c.want)
			}
			if !slices.ContainsFunc(f.lastNotices(), func(n workflow.Notice) bool { return n.Kind == workflow.NoticeWishChanged && n.To == uSubmit }) {
				t.Errorf("the submitter is not told: %+v", f.lastNotices())
			}
			// The coordinator reworks and polls again.
			_, err = f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow})
			must(t, err)
		})
	}
}

func TestCloseDuePolls(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	p, w := f.poll(workflow.ProposePrioritise, "")
	f.stance(uMember, p.ID, workflow.Agree, "")
	f.stance(uCoord, p.ID, workflow.Agree, "")
	f.advance(workflow.DefaultPollDuration - time.Minute)
	if n, err := f.svc.CloseDuePolls(ctx); err != nil || n != 0 {
		t.Fatalf("closed %d polls before the deadline (%v)", n, err)
	}
	f.advance(time.Minute)
	_, err := f.svc.TakeStance(ctx, f.actor(uOther), p.ID, workflow.Object, "Late.")
	f.wantKind(err, workflow.Conflict, f.events())
	if n, err := f.svc.CloseDuePolls(ctx); err != nil || n != 1 {
		t.Fatalf("closed %d polls at the deadline (%v), want 1", n, err)
	}
	if n, err := f.svc.CloseDuePolls(ctx); err != nil || n != 0 {
		t.Fatalf("closed %d polls again (%v)", n, err)
	}
	d, err := f.svc.Poll(ctx, p.ID)
	must(t, err)
	if d.Poll.Open() || d.Poll.ClosedBy != workflow.System.UserID || f.state(w.ID) != workflow.StatePrioritised {
		t.Errorf("poll %+v, wish %s", d.Poll, f.state(w.ID))
	}
}
