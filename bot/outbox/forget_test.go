package outbox

import (
	"fmt"
	"testing"
	"time"
)

func TestDispatcherForgetsOldPacingState(t *testing.T) {
	d := New(Config{})
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for i := range 1500 {
		d.lastUpdate[fmt.Sprintf("wish/%d/secretariat", i)] = now.Add(-2 * pacingMemory)
		d.buckets[fmt.Sprintf("C%d", i)] = &bucket{at: now.Add(-2 * pacingMemory)}
	}
	d.lastUpdate["poll/1"] = now.Add(-time.Second)
	d.buckets["CRECENT"] = &bucket{at: now.Add(-time.Second)}
	d.forget(now)
	if len(d.lastUpdate) != 1 || len(d.buckets) != 1 {
		t.Fatalf("kept %d updates and %d buckets, want only the recent one of each", len(d.lastUpdate), len(d.buckets))
	}
	if _, ok := d.lastUpdate["poll/1"]; !ok {
		t.Error("forgot a message updated a second ago: its next update would not be paced")
	}
}
