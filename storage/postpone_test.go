package storage_test

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestPostponeAll: the pending notices among ids wait until next, in one statement;
// a delivered one is left alone and reported.
func TestPostponeAll(t *testing.T) {
	db := storagetest.Open(t)
	refresh := workflow.Notice{Kind: workflow.NoticePoll, Op: workflow.OpRefresh, PollID: 1, CreatedAt: t0}
	ns := enqueue(t, db, refresh, refresh, refresh)
	if err := db.MarkDelivered(ctx, t0, ns[2].ID); err != nil {
		t.Fatal(err)
	}
	next := t0.Add(time.Minute)
	if err := db.PostponeAll(ctx, next); err != nil {
		t.Errorf("PostponeAll of nothing: %v", err)
	}
	if err := db.PostponeAll(ctx, next, ns[0].ID, ns[1].ID); err != nil {
		t.Fatalf("PostponeAll: %v", err)
	}
	if err := db.PostponeAll(ctx, next, ns[1].ID, ns[2].ID); workflow.KindOf(err) != workflow.NotFound {
		t.Errorf("PostponeAll with a delivered notice: %v, want not found", err)
	}
	ds, err := db.Outbox(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 2 {
		t.Fatalf("%d pending, want 2", len(ds))
	}
	for _, d := range ds {
		if !d.NextAt.Equal(next) || d.Attempts != 0 {
			t.Errorf("notice %d: next %v, %d attempts; want %v and no attempt counted", d.ID, d.NextAt, d.Attempts, next)
		}
	}
	if due, err := db.PendingDeliveries(ctx, t0, 0); err != nil || len(due) != 0 {
		t.Errorf("due before next: %d, %v; want none", len(due), err)
	}
}
