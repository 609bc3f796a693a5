package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

func TestReminderRules(t *testing.T) {
	db := storagetest.Open(t)
	fire := t0.Add(time.Hour)
	write(t, db, func(tx workflow.Tx) error {
		if rs := must(tx.ReminderRules()); len(rs) != 0 {
			t.Errorf("a new database has rules: %+v", rs)
		}
		must(0, tx.SetRuleSchedule(workflow.RuleSteering, "0 8 * * 2"))
		for _, c := range []struct {
			rule string
			at   time.Time
			want bool
		}{
			{"group/kontrakt", t0, true},                    // first seen
			{"group/kontrakt", t0, false},                   // the same time again: a double fire
			{"group/kontrakt", t0.Add(-time.Minute), false}, // an older run that finished late
			{"group/kontrakt", fire, true},                  // the next period
			{workflow.RuleSteering, fire, true},             // a rule with a schedule and no fire yet
		} {
			if got := must(tx.ClaimFire(c.rule, c.at)); got != c.want {
				t.Errorf("ClaimFire(%s, %s) = %v, want %v", c.rule, c.at, got, c.want)
			}
		}
		must(0, tx.SetRuleSchedule(workflow.RuleSteering, "@weekly")) // keeps the fire time
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		want := []workflow.ReminderRule{
			{Rule: "group/kontrakt", LastFire: fire.UTC()},
			{Rule: workflow.RuleSteering, Schedule: "@weekly", LastFire: fire.UTC()},
		}
		if diff := cmp.Diff(want, must(tx.ReminderRules())); diff != "" {
			t.Errorf("ReminderRules (-want +got):\n%s", diff)
		}
		return nil
	})
}

// TestClaimFireAcrossTransactions shows that two runs for one fire time, each in its
// own transaction as two bots on one database would be, claim it once.
func TestClaimFireAcrossTransactions(t *testing.T) {
	db := storagetest.Open(t)
	claims := make(chan bool, 8)
	done := make(chan struct{})
	for range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			_ = db.Atomic(ctx, func(tx workflow.Tx) error {
				ok, err := tx.ClaimFire("secretariat", t0)
				claims <- ok
				return err
			})
		}()
	}
	n := 0
	for range 8 {
		<-done
		if <-claims {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d of 8 concurrent runs claimed one fire time, want 1", n)
	}
}
