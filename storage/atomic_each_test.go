package storage_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestAtomicEach: the use cases of one batch commit together, and one that fails is
// rolled back alone, writes and all, while its error is its own.
func TestAtomicEach(t *testing.T) {
	db := storagetest.Open(t)
	p := newPoll(t, db)
	boom := errors.New("boom")
	stance := func(user string, fail bool) func(workflow.Tx) error {
		return func(tx workflow.Tx) error {
			if err := tx.SetStance(workflow.Stance{PollID: p.ID, UserID: user, Position: workflow.Agree, At: t0}); err != nil {
				return err
			}
			if fail {
				return boom
			}
			return nil
		}
	}
	errs := db.AtomicEach(ctx, []func(workflow.Tx) error{stance("U1", false), stance("U2", true), stance("U3", false)})
	if errs[0] != nil || !errors.Is(errs[1], boom) || errs[2] != nil {
		t.Fatalf("AtomicEach errors = %v, want nil, boom, nil", errs)
	}
	read(t, db, func(tx workflow.Tx) error {
		var users []string
		for _, s := range must(tx.Stances(p.ID)) {
			users = append(users, s.UserID)
		}
		if !slices.Equal(users, []string{"U1", "U3"}) {
			t.Errorf("stances of %v, want U1 and U3 only", users)
		}
		return nil
	})
}

// TestElectorateNotCachedFromRollback: a poll created and read in a transaction that
// rolls back leaves no trace, not even in the electorate cache, although SQLite gives
// its id to the next poll.
func TestElectorateNotCachedFromRollback(t *testing.T) {
	db := storagetest.Open(t)
	poll := func(members ...string) workflow.Poll {
		return workflow.Poll{GroupKey: "kontrakt", Proposal: workflow.ProposeFree, Text: "Meet monthly",
			Deadline: t0.Add(time.Hour), Quorum: 1, CreatedAt: t0, Electorate: members}
	}
	boom := errors.New("boom")
	var gone int64
	createAndRead := func(tx workflow.Tx) (err error) {
		if gone, err = tx.CreatePoll(poll("U1", "U2")); err != nil {
			return err
		}
		if _, err := tx.Poll(gone); err != nil {
			return err
		}
		return boom
	}
	for name, run := range map[string]func() error{
		"Atomic":     func() error { return db.Atomic(ctx, createAndRead) },
		"AtomicEach": func() error { return db.AtomicEach(ctx, []func(workflow.Tx) error{createAndRead})[0] },
	} {
		t.Run(name, func(t *testing.T) {
			if err := run(); !errors.Is(err, boom) {
				t.Fatalf("rolled-back transaction: %v", err)
			}
			var id int64
			write(t, db, func(tx workflow.Tx) (err error) {
				id, err = tx.CreatePoll(poll("U3"))
				return err
			})
			if id != gone {
				t.Skipf("SQLite gave poll id %d, not the rolled-back %d: nothing to confuse", id, gone)
			}
			write(t, db, func(tx workflow.Tx) error {
				if got := must(tx.Poll(id)).Electorate; !slices.Equal(got, []string{"U3"}) {
					t.Errorf("electorate of poll %d = %v, want [U3]", id, got)
				}
				return nil
			})
			read(t, db, func(tx workflow.Tx) error {
				if got := must(tx.Poll(id)).Electorate; !slices.Equal(got, []string{"U3"}) {
					t.Errorf("electorate of poll %d = %v, want [U3]", id, got)
				}
				return nil
			})
		})
	}
}
