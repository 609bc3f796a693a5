package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// newPoll stores a wish in assessment and a poll on it, and returns the poll.
func newPoll(t testing.TB, db *storage.DB) workflow.Poll {
	t.Helper()
	p := workflow.Poll{GroupKey: "kontrakt", Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh,
		Deadline: t0.Add(7 * 24 * time.Hour), Quorum: 2, CreatedBy: "U1", CreatedAt: t0}
	write(t, db, func(tx workflow.Tx) (err error) {
		p.WishID = must(tx.CreateWish(workflow.Wish{State: workflow.StateInAssessment, Group: "kontrakt"}))
		p.ID, err = tx.CreatePoll(p)
		return err
	})
	return p
}

func TestPoll(t *testing.T) {
	db := openClocked(t)
	p := newPoll(t, db)
	free := workflow.Poll{GroupKey: "kontrakt", Proposal: workflow.ProposeFree, Text: "Meet monthly",
		Deadline: t0.Add(time.Hour), Quorum: 1, CreatedBy: "U2", CreatedAt: t0}
	write(t, db, func(tx workflow.Tx) (err error) {
		free.ID, err = tx.CreatePoll(free)
		return err
	})
	t.Run("OK", func(t *testing.T) {
		read(t, db, func(tx workflow.Tx) error {
			if diff := cmp.Diff(p, must(tx.Poll(p.ID))); diff != "" {
				t.Errorf("Poll (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(free, must(tx.Poll(free.ID))); diff != "" {
				t.Errorf("free Poll (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]workflow.Poll{p}, must(tx.PollsOfWish(p.WishID))); diff != "" {
				t.Errorf("PollsOfWish (-want +got):\n%s", diff)
			}
			return nil
		})
	})
	t.Run("Close", func(t *testing.T) {
		closed := p
		closed.ClosedAt, closed.ClosedBy, closed.Consensus, closed.RemindedAt = t0.Add(time.Hour), "system", true, t0
		closed.Text, closed.Quorum = "not saved", 9 // only the closing fields change
		write(t, db, func(tx workflow.Tx) error { return tx.UpdatePoll(closed) })
		read(t, db, func(tx workflow.Tx) error {
			want := p
			want.ClosedAt, want.ClosedBy, want.Consensus, want.RemindedAt = closed.ClosedAt, "system", true, t0
			if diff := cmp.Diff(want, must(tx.Poll(p.ID))); diff != "" {
				t.Errorf("closed Poll (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]workflow.Poll{free}, must(tx.OpenPolls())); diff != "" {
				t.Errorf("OpenPolls (-want +got):\n%s", diff)
			}
			return nil
		})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_ = db.Atomic(ctx, func(tx workflow.Tx) error {
			_, err := tx.Poll(999)
			wantErr(t, "Poll", err, workflow.ErrNotFound)
			wantErr(t, "UpdatePoll", tx.UpdatePoll(workflow.Poll{ID: 999}), workflow.ErrNotFound)
			_, err = tx.CreatePoll(workflow.Poll{WishID: 999, GroupKey: "kontrakt"})
			wantErr(t, "CreatePoll on a missing wish", err, workflow.ErrNotFound)
			err = tx.SetStance(workflow.Stance{PollID: 999, UserID: "U1", Position: workflow.Agree})
			wantErr(t, "SetStance in a missing poll", err, workflow.ErrNotFound)
			return nil
		})
	})
}

func TestStances(t *testing.T) {
	db := storagetest.Open(t)
	p := newPoll(t, db)
	set := func(user string, pos workflow.Position, reason string, at time.Time) {
		write(t, db, func(tx workflow.Tx) error {
			return tx.SetStance(workflow.Stance{PollID: p.ID, UserID: user, Position: pos, Reason: reason, At: at})
		})
	}
	set("U2", workflow.Agree, "", t0)
	set("U1", workflow.Object, "too dear", t0.Add(time.Minute))
	set("U3", workflow.Abstain, "", t0.Add(time.Minute)) // same time as U1: by user id
	set("U2", workflow.Object, "changed my mind", t0.Add(time.Hour))
	want := []workflow.Stance{
		{PollID: p.ID, UserID: "U2", Position: workflow.Object, Reason: "changed my mind", At: t0.Add(time.Hour)},
		{PollID: p.ID, UserID: "U1", Position: workflow.Object, Reason: "too dear", At: t0.Add(time.Minute)},
		{PollID: p.ID, UserID: "U3", Position: workflow.Abstain, At: t0.Add(time.Minute)},
	}
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff(want, must(tx.Stances(p.ID))); diff != "" {
			t.Errorf("Stances in the order first taken (-want +got):\n%s", diff)
		}
		return nil
	})
}

func TestEvents(t *testing.T) {
	db := storagetest.Open(t)
	es := []workflow.Event{
		{At: t0, Actor: "U1", Kind: workflow.EvWishSubmitted, WishID: 1, To: workflow.StateSubmitted},
		{At: t0, Actor: "U9", Kind: workflow.EvRoleAdded, Data: map[string]string{"role": "admin", "user": "U2"}},
		{At: t0.Add(time.Second), Actor: "U2", Kind: workflow.EvWishMoved, WishID: 1, PollID: 3, GroupKey: "kontrakt",
			From: workflow.StateSubmitted, To: workflow.StateInAssessment, Note: "over to you",
			Data: map[string]string{"group": "kontrakt", "size": "normal"}},
	}
	write(t, db, func(tx workflow.Tx) error {
		for i := range es {
			es[i].ID = must(tx.AppendEvent(es[i]))
		}
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff([]workflow.Event{es[0], es[2]}, must(tx.History(1))); diff != "" {
			t.Errorf("History (-want +got):\n%s", diff)
		}
		return nil
	})
	if diff := cmp.Diff(es[1], must(db.Event(ctx, es[1].ID))); diff != "" {
		t.Errorf("Event (-want +got):\n%s", diff)
	}
	_, err := db.Event(ctx, 999)
	wantErr(t, "Event", err, workflow.ErrNotFound)
	if diff := cmp.Diff(es, must(db.Events(ctx, 0, 0))); diff != "" {
		t.Errorf("Events (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(es[1:2], must(db.Events(ctx, es[0].ID, 1))); diff != "" {
		t.Errorf("Events page (-want +got):\n%s", diff)
	}
}
