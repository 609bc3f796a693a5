package storage_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestStancesInWriteTransaction: what a write transaction reads of a poll's stances,
// after any mix of new stances, changes of mind, equal and missing times and a
// rolled-back savepoint, is what a fresh read of the committed database gives.
func TestStancesInWriteTransaction(t *testing.T) {
	db := storagetest.Open(t)
	p := newPoll(t, db)
	rng := rand.New(rand.NewPCG(1, 2))
	times := []time.Time{{}, t0, t0.Add(time.Nanosecond), t0.Add(time.Second), t0.Add(-time.Hour)}
	positions := []workflow.Position{workflow.Agree, workflow.Abstain, workflow.Object}
	random := func() workflow.Stance {
		return workflow.Stance{PollID: p.ID, UserID: fmt.Sprintf("U%d", rng.IntN(12)), Position: positions[rng.IntN(3)],
			Reason: fmt.Sprint(rng.IntN(3)), At: times[rng.IntN(len(times))]}
	}
	boom := errors.New("boom")
	for round := range 30 {
		var seen []workflow.Stance
		ops := func(fail bool) func(workflow.Tx) error {
			return func(tx workflow.Tx) error {
				for range 1 + rng.IntN(4) {
					if _, err := tx.Stances(p.ID); err != nil {
						return err
					}
					if err := tx.SetStance(random()); err != nil {
						return err
					}
				}
				if fail {
					return boom
				}
				var err error
				seen, err = tx.Stances(p.ID)
				return err
			}
		}
		errs := db.AtomicEach(ctx, []func(workflow.Tx) error{ops(false), ops(true), ops(false)})
		if errs[0] != nil || !errors.Is(errs[1], boom) || errs[2] != nil {
			t.Fatalf("round %d: %v", round, errs)
		}
		read(t, db, func(tx workflow.Tx) error {
			if diff := cmp.Diff(must(tx.Stances(p.ID)), seen); diff != "" {
				t.Errorf("round %d: stances in the transaction differ from the database (-db +tx):\n%s", round, diff)
			}
			return nil
		})
	}
}
