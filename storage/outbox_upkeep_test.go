package storage_test

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

func ids(ds []workflow.Delivery) []int64 {
	var out []int64
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}

func sameIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPruneDeliveredKeepsWhatIsRecentPendingOrDead(t *testing.T) {
	db := storagetest.Open(t)
	var ns []workflow.Notice
	for range 5 {
		ns = append(ns, workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U1", CreatedAt: t0})
	}
	ns = enqueue(t, db, ns...)
	old, recent, dead := ns[0], ns[1], ns[2] // ns[3] and ns[4] stay pending
	must(0, db.MarkDelivered(ctx, t0, old.ID))
	must(0, db.MarkDelivered(ctx, t0.Add(80*24*time.Hour), recent.ID))
	must(0, db.MarkDead(ctx, dead.ID, t0, "channel_not_found"))

	n := must(db.PruneDelivered(ctx, t0.Add(time.Hour)))
	if n != 1 {
		t.Errorf("PruneDelivered = %d, want 1: only the notice delivered before the cut", n)
	}
	if got := ids(must(db.Outbox(ctx, false))); !sameIDs(got, []int64{dead.ID, ns[3].ID, ns[4].ID}) {
		t.Errorf("Outbox after pruning = %v, want the dead and the pending kept", got)
	}
	// The recent one is still there: pruning it later works.
	if n := must(db.PruneDelivered(ctx, t0.Add(81*24*time.Hour))); n != 1 {
		t.Errorf("second PruneDelivered = %d, want the recent one once it is old", n)
	}
	if p, d := must2(db.OutboxStats(ctx)); p != 2 || d != 1 {
		t.Errorf("OutboxStats = %d pending, %d dead; want 2, 1", p, d)
	}
}

func TestRetryDead(t *testing.T) {
	db := storagetest.Open(t)
	ns := enqueue(t, db,
		workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U1", CreatedAt: t0},
		workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U2", CreatedAt: t0},
		workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U3", CreatedAt: t0})
	for _, n := range ns[:2] {
		must(0, db.MarkRetry(ctx, n.ID, t0.Add(time.Hour), "boom"))
		must(0, db.MarkDead(ctx, n.ID, t0, "not_in_channel"))
	}
	if got := ids(must(db.Outbox(ctx, true))); !sameIDs(got, []int64{ns[0].ID, ns[1].ID}) {
		t.Fatalf("Outbox(dead) = %v, want the first two", got)
	}
	if n := must(db.RetryDead(ctx, ns[0].ID, ns[2].ID, 999)); n != 1 {
		t.Errorf("RetryDead(a dead, a pending, a missing) = %d, want 1", n)
	}
	ds := must(db.PendingDeliveries(ctx, t0, 0))
	if len(ds) != 2 || ds[0].ID != ns[0].ID || ds[0].Attempts != 0 || !ds[0].NextAt.IsZero() || !ds[0].DeadAt.IsZero() {
		t.Errorf("after RetryDead the notice is not due at once with every attempt: %+v", ds)
	}
	if ds[0].LastError != "not_in_channel" {
		t.Errorf("LastError = %q, want the cause kept until the next attempt", ds[0].LastError)
	}
	if n := must(db.RetryAllDead(ctx)); n != 1 {
		t.Errorf("RetryAllDead = %d, want the one left", n)
	}
	if _, d := must2(db.OutboxStats(ctx)); d != 0 {
		t.Errorf("%d dead after RetryAllDead", d)
	}
}

func TestMarkSendingAndThreadParent(t *testing.T) {
	db := storagetest.Open(t)
	ns := enqueue(t, db,
		workflow.Notice{Kind: workflow.NoticePoll, Op: workflow.OpPost, To: "C1", Ref: "poll/1", CreatedAt: t0},
		workflow.Notice{Kind: workflow.NoticePoll, Op: workflow.OpRefresh, Ref: "poll/1", CreatedAt: t0},
		workflow.Notice{Kind: workflow.NoticePollOutcome, Op: workflow.OpReply, Ref: "poll/1", CreatedAt: t0})
	post, reply := ns[0], ns[2]
	p := must(db.ThreadParent(ctx, "poll/1", reply.ID))
	if p.ID != post.ID || !p.SendingAt.IsZero() {
		t.Errorf("ThreadParent = %+v, want notice %d, never sent", p, post.ID)
	}
	_, err := db.ThreadParent(ctx, "poll/1", post.ID)
	wantErr(t, "ThreadParent of the post itself", err, workflow.ErrNotFound)
	_, err = db.ThreadParent(ctx, "poll/2", reply.ID)
	wantErr(t, "ThreadParent of another ref", err, workflow.ErrNotFound)

	must(0, db.MarkSending(ctx, post.ID, t0))
	if p := must(db.ThreadParent(ctx, "poll/1", reply.ID)); !p.SendingAt.Equal(t0) {
		t.Errorf("SendingAt = %v, want %v", p.SendingAt, t0)
	}
	must(0, db.MarkRetry(ctx, post.ID, t0.Add(time.Minute), "timeout"))
	if p := must(db.ThreadParent(ctx, "poll/1", reply.ID)); !p.SendingAt.IsZero() || !p.NextAt.Equal(t0.Add(time.Minute)) {
		t.Errorf("after a recorded failure: SendingAt %v, NextAt %v; want zero and the retry time", p.SendingAt, p.NextAt)
	}
	must(0, db.MarkDelivered(ctx, t0, post.ID))
	wantErr(t, "MarkSending of a delivered notice", db.MarkSending(ctx, post.ID, t0), workflow.ErrNotFound)
}
