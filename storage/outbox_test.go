package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// enqueue adds notices after an event and returns them with their outbox ids.
func enqueue(t *testing.T, db *storage.DB, ns ...workflow.Notice) []workflow.Notice {
	t.Helper()
	write(t, db, func(tx workflow.Tx) error {
		ev := must(tx.AppendEvent(workflow.Event{At: t0, Actor: "U1", Kind: workflow.EvWishSubmitted}))
		for i := range ns {
			ns[i].EventID = ev
			if !must(tx.Enqueue(ns[i])) {
				t.Errorf("Enqueue(%+v) = false, want true", ns[i])
			}
		}
		return nil
	})
	ds, err := db.PendingDeliveries(ctx, t0.Add(24*time.Hour), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ns {
		ns[i].ID = ds[len(ds)-len(ns)+i].ID
	}
	return ns
}

func TestEnqueueKey(t *testing.T) {
	db := storagetest.Open(t)
	n := workflow.Notice{Kind: workflow.NoticeDigest, Op: workflow.OpDM, To: "U1", Key: "digest/U1/2025-W10", CreatedAt: t0}
	enqueue(t, db, n, workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U1"},
		workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U1"}) // no key: never a duplicate
	write(t, db, func(tx workflow.Tx) error {
		if must(tx.Enqueue(n)) {
			t.Error("Enqueue with a key already queued = true, want false")
		}
		return nil
	})
	if p, _ := must2(db.OutboxStats(ctx)); p != 3 {
		t.Errorf("pending = %d, want 3: the keyed duplicate is dropped", p)
	}
}

func TestOutboxLifecycle(t *testing.T) {
	db := storagetest.Open(t)
	if _, ok, err := db.NextDeliveryAt(ctx); ok || err != nil {
		t.Errorf("NextDeliveryAt of an empty outbox = %v, %v; want false", ok, err)
	}
	ns := enqueue(t, db,
		workflow.Notice{Kind: workflow.NoticeWishCard, Op: workflow.OpPost, To: "place:secretariat", Ref: "wish/1/secretariat",
			WishID: 1, Payload: `{"x":1}`, CreatedAt: t0},
		workflow.Notice{Kind: workflow.NoticePoll, Op: workflow.OpRefresh, PollID: 2, Key: "k", CreatedAt: t0},
		workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U1", CreatedAt: t0.Add(time.Second)})
	a, b, c := ns[0], ns[1], ns[2]
	wantPending(t, db, t0, []workflow.Delivery{{Notice: a}, {Notice: b}, {Notice: c}})
	if at, ok, _ := db.NextDeliveryAt(ctx); !ok || !at.Equal(t0) {
		t.Errorf("NextDeliveryAt = %v, %v; want %v, true", at, ok, t0)
	}

	// a fails and waits a minute; c fails for good; b is delivered.
	retryAt := t0.Add(time.Minute)
	must(0, db.MarkRetry(ctx, a.ID, retryAt, "ratelimited"))
	must(0, db.MarkDead(ctx, c.ID, t0, "channel_not_found"))
	must(0, db.MarkDelivered(ctx, t0, b.ID))
	wantPending(t, db, t0, nil)
	if at, ok, _ := db.NextDeliveryAt(ctx); !ok || !at.Equal(retryAt) {
		t.Errorf("NextDeliveryAt = %v, %v; want %v, true", at, ok, retryAt)
	}
	wantPending(t, db, retryAt, []workflow.Delivery{{Notice: a, Attempts: 1, NextAt: retryAt, LastError: "ratelimited"}})
	if p, d := must2(db.OutboxStats(ctx)); p != 1 || d != 1 {
		t.Errorf("OutboxStats = %d pending, %d dead; want 1, 1", p, d)
	}

	must(0, db.MarkDelivered(ctx, retryAt, a.ID))
	wantPending(t, db, t0.Add(time.Hour), nil)
	if _, ok, _ := db.NextDeliveryAt(ctx); ok {
		t.Error("NextDeliveryAt with nothing pending: want false")
	}
	if p, d := must2(db.OutboxStats(ctx)); p != 0 || d != 1 {
		t.Errorf("OutboxStats = %d pending, %d dead; want 0, 1", p, d)
	}
	wantErr(t, "MarkRetry of a missing notice", db.MarkRetry(ctx, 999, t0, ""), workflow.ErrNotFound)
	wantErr(t, "MarkDead of a missing notice", db.MarkDead(ctx, 999, t0, ""), workflow.ErrNotFound)
}

func TestPendingDeliveriesLimit(t *testing.T) {
	db := storagetest.Open(t)
	var ns []workflow.Notice
	for range 5 {
		ns = append(ns, workflow.Notice{Kind: workflow.NoticeReceipt, Op: workflow.OpDM, To: "U1", CreatedAt: t0})
	}
	ns = enqueue(t, db, ns...)
	ds := must(db.PendingDeliveries(ctx, t0, 2))
	if len(ds) != 2 || ds[0].ID != ns[0].ID || ds[1].ID != ns[1].ID {
		t.Errorf("PendingDeliveries(limit 2) = %+v, want the first two", ds)
	}
}

func wantPending(t *testing.T, db *storage.DB, now time.Time, want []workflow.Delivery) {
	t.Helper()
	if diff := cmp.Diff(want, must(db.PendingDeliveries(ctx, now, 100)), cmpEmpty); diff != "" {
		t.Errorf("PendingDeliveries at %v (-want +got):\n%s", now, diff)
	}
}

func must2[A, B any](a A, b B, err error) (A, B) {
	if err != nil {
		panic(err)
	}
	return a, b
}

func TestMessageRefs(t *testing.T) {
	db := storagetest.Open(t)
	card := workflow.MessageRef{Ref: workflow.WishRef(1, "secretariat"), Channel: "C1", TS: "1.1", WishID: 1, Kind: workflow.NoticeWishCard}
	group := workflow.MessageRef{Ref: workflow.WishRef(1, "group/kontrakt"), Channel: "C2", TS: "2.1", WishID: 1, Kind: workflow.NoticeGroupCard}
	poll := workflow.MessageRef{Ref: workflow.PollRef(3), Channel: "C2", TS: "3.1", WishID: 1, PollID: 3, Kind: workflow.NoticePoll}
	free := workflow.MessageRef{Ref: workflow.PollRef(4), Channel: "C2", TS: "4.1", PollID: 4, Kind: workflow.NoticePoll}
	for _, m := range []workflow.MessageRef{card, group, poll, free} {
		must(0, db.SaveMessageRef(ctx, m))
	}
	card.Channel, card.TS = "C9", "9.9" // reposted elsewhere: the ref now points there
	card.Permalink = "https://kitos.slack.com/archives/C9/p99"
	must(0, db.SaveMessageRef(ctx, card))
	if diff := cmp.Diff(card, must(db.MessageRef(ctx, card.Ref))); diff != "" {
		t.Errorf("MessageRef after upsert (-want +got):\n%s", diff)
	}
	_, err := db.MessageRef(ctx, "wish/404/secretariat")
	wantErr(t, "MessageRef", err, workflow.ErrNotFound)
	for _, c := range []struct {
		wish, poll int64
		want       []workflow.MessageRef
	}{
		{1, 0, []workflow.MessageRef{poll, group, card}},
		{0, 4, []workflow.MessageRef{free}},
		{0, 3, []workflow.MessageRef{poll}},
		{2, 4, []workflow.MessageRef{free}},
		{0, 0, nil},
	} {
		if diff := cmp.Diff(c.want, must(db.MessageRefsOf(ctx, c.wish, c.poll)), cmpEmpty); diff != "" {
			t.Errorf("MessageRefsOf(%d, %d) (-want +got):\n%s", c.wish, c.poll, diff)
		}
	}
}

func TestFirstSeen(t *testing.T) {
	db := storagetest.Open(t)
	if !must(db.FirstSeen(ctx, "Ev1", t0)) {
		t.Error("FirstSeen(Ev1) the first time = false, want true")
	}
	if must(db.FirstSeen(ctx, "Ev1", t0.Add(time.Minute))) {
		t.Error("FirstSeen(Ev1) again = true, want false")
	}
	// A day later Ev1 is forgotten, as Slack no longer retries it.
	must(db.FirstSeen(ctx, "Ev2", t0.Add(25*time.Hour)))
	if !must(db.FirstSeen(ctx, "Ev1", t0.Add(25*time.Hour))) {
		t.Error("FirstSeen(Ev1) a day later = false, want true after pruning")
	}
}
