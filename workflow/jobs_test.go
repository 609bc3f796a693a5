package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

func TestDueRun(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	cph, _ := time.LoadLocation("Europe/Copenhagen")
	rule := workflow.JobRule("backup")
	at := func(day, hour, min int) time.Time { return time.Date(2027, 3, day, hour, min, 0, 0, cph) }
	steps := []struct {
		name  string
		now   time.Time
		want  time.Time // zero: nothing due
		claim bool
	}{
		{"FirstSeenStartsCounting", at(1, 10, 0), time.Time{}, false},
		{"NotYet", at(2, 2, 59), time.Time{}, false},
		{"Due", at(2, 3, 0), at(2, 3, 0), false},
		{"StillDueUntilClaimed", at(2, 3, 1), at(2, 3, 0), true},
		{"ClaimedNotAgain", at(2, 3, 2), time.Time{}, false},
		{"ThreeDaysDownMadeUpOnce", at(5, 12, 0), at(5, 3, 0), true},
		{"ThenNothing", at(5, 12, 1), time.Time{}, false},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			got, err := f.svc.DueRun(ctx, rule, "0 3 * * *", s.now, cph)
			if err != nil || !got.Equal(s.want) {
				t.Fatalf("DueRun at %v = %v, %v; want %v", s.now, got, err, s.want)
			}
			if s.claim {
				if ok, err := f.svc.ClaimRun(ctx, rule, got); !ok || err != nil {
					t.Fatalf("ClaimRun: %v, %v", ok, err)
				}
			}
		})
	}
	if _, err := f.svc.DueRun(ctx, rule, "not cron", at(6, 3, 0), cph); err == nil {
		t.Errorf("a wrong schedule was accepted")
	}
}
