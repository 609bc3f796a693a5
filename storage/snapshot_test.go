package storage_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// snapshotDB is a database with wish 1 titled "old", its event, and a message ref.
func snapshotDB(t *testing.T) (*storage.DB, int64) {
	t.Helper()
	db := storagetest.Open(t)
	var ev int64
	write(t, db, func(tx workflow.Tx) error {
		id := must(tx.CreateWish(workflow.Wish{Title: "old", State: workflow.StateSubmitted, CreatedAt: t0}))
		ev = must(tx.AppendEvent(workflow.Event{Kind: workflow.EvWishSubmitted, WishID: id, Actor: "U1", At: t0}))
		return nil
	})
	if err := db.SaveMessageRef(ctx, workflow.MessageRef{Ref: "wish/1/secretariat", Channel: "C1", TS: "1.1", WishID: 1,
		Permalink: "https://x.slack.com/archives/C1/p11"}); err != nil {
		t.Fatal(err)
	}
	return db, ev
}

func title(t *testing.T, db *storage.DB, ctx context.Context) string {
	t.Helper()
	var w workflow.Wish
	if err := db.Read(ctx, func(tx workflow.Tx) (err error) { w, err = tx.Wish(1); return err }); err != nil {
		t.Fatalf("read wish: %v", err)
	}
	return w.Title
}

// Inside a Snapshot, every Read and every bare read method runs on one transaction,
// and a write committed meanwhile (through the same context) is not seen.
func TestSnapshotIsOneTransaction(t *testing.T) {
	db, ev := snapshotDB(t)
	before := db.Stats()
	var newEvent int64
	err := db.Snapshot(ctx, func(ctx context.Context) error {
		if got := title(t, db, ctx); got != "old" {
			t.Errorf("title = %q, want old", got)
		}
		// A write through the snapshot's own context runs on the writer and commits.
		if err := db.Atomic(ctx, func(tx workflow.Tx) error {
			w := must(tx.Wish(1))
			w.Title = "new"
			newEvent = must(tx.AppendEvent(workflow.Event{Kind: workflow.EvWishEdited, WishID: 1, Actor: "U1", At: t0}))
			return tx.UpdateWish(w)
		}); err != nil {
			t.Fatalf("Atomic in a snapshot: %v", err)
		}
		if err := db.SaveMessageRef(ctx, workflow.MessageRef{Ref: "wish/1/secretariat", Channel: "C1", TS: "1.1", WishID: 1,
			Permalink: "https://x.slack.com/archives/C1/p22"}); err != nil {
			t.Fatalf("SaveMessageRef in a snapshot: %v", err)
		}
		if got := title(t, db, ctx); got != "old" {
			t.Errorf("title after a write = %q, want old: the snapshot moved", got)
		}
		if _, err := db.Event(ctx, ev); err != nil {
			t.Errorf("Event(%d): %v", ev, err)
		}
		if _, err := db.Event(ctx, newEvent); !errors.Is(err, workflow.ErrNotFound) {
			t.Errorf("Event(%d) committed after the snapshot began = %v, want ErrNotFound", newEvent, err)
		}
		if m, err := db.MessageRef(ctx, "wish/1/secretariat"); err != nil || m.Permalink != "https://x.slack.com/archives/C1/p11" {
			t.Errorf("MessageRef = %+v, %v; want the permalink of the snapshot's moment", m, err)
		}
		if ms, err := db.MessageRefsOf(ctx, 1, 0); err != nil || len(ms) != 1 || ms[0].Permalink != "https://x.slack.com/archives/C1/p11" {
			t.Errorf("MessageRefsOf = %+v, %v", ms, err)
		}
		// A nested Snapshot reuses the outer one.
		return db.Snapshot(ctx, func(ctx context.Context) error {
			if got := title(t, db, ctx); got != "old" {
				t.Errorf("title in a nested snapshot = %q, want old", got)
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Stats().Sub(before); got != (storage.Stats{ReadTx: 1, WriteTx: 1}) {
		t.Errorf("a snapshot with four Reads, four bare reads and one write began %+v, want one read and one write transaction", got)
	}
	if got := title(t, db, ctx); got != "new" {
		t.Errorf("title after the snapshot = %q, want new", got)
	}
	// Without a snapshot each Read begins its own transaction and each read method is bare.
	before = db.Stats()
	title(t, db, ctx)
	title(t, db, ctx)
	if _, err := db.Event(ctx, newEvent); err != nil {
		t.Fatal(err)
	}
	if got := db.Stats().Sub(before); got != (storage.Stats{ReadTx: 2, Bare: 1}) {
		t.Errorf("two Reads and an Event without a snapshot = %+v", got)
	}
}

// fn's error comes back as it is, and a context kept past its Snapshot reads anew.
func TestSnapshotErrorAndLeakedContext(t *testing.T) {
	db, _ := snapshotDB(t)
	boom := errors.New("boom")
	var kept context.Context
	if err := db.Snapshot(ctx, func(ctx context.Context) error { kept = ctx; return boom }); err != boom {
		t.Errorf("Snapshot = %v, want fn's error as it is", err)
	}
	write(t, db, func(tx workflow.Tx) error {
		w := must(tx.Wish(1))
		w.Title = "new"
		return tx.UpdateWish(w)
	})
	before := db.Stats()
	if got := title(t, db, kept); got != "new" {
		t.Errorf("title through a context past its snapshot = %q, want new", got)
	}
	if got := db.Stats().Sub(before); got.ReadTx != 1 {
		t.Errorf("a Read past its snapshot began %d transactions, want 1", got.ReadTx)
	}
}

// Goroutines reading in one snapshot at once all see it, with no race (go test -race).
func TestSnapshotConcurrentReads(t *testing.T) {
	db, ev := snapshotDB(t)
	before := db.Stats()
	err := db.Snapshot(ctx, func(ctx context.Context) error {
		// The snapshot is the moment of its first read (SQLite's deferred BEGIN):
		// read once before the write, so every goroutine must see that moment.
		if _, err := db.Event(ctx, ev); err != nil {
			return err
		}
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 20 {
					err := db.Read(ctx, func(tx workflow.Tx) error {
						ws, err := tx.Wishes(workflow.WishFilter{Limit: 10})
						if err == nil && (len(ws) != 1 || ws[0].Title != "old") {
							err = fmt.Errorf("wishes in the snapshot: %+v, want wish 1 titled old", ws)
						}
						return err
					})
					if err == nil {
						_, err = db.Event(ctx, ev)
					}
					if err == nil {
						_, err = db.MessageRefsOf(ctx, 1, 0)
					}
					if err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		write(t, db, func(tx workflow.Tx) error {
			w := must(tx.Wish(1))
			w.Title = "new"
			return tx.UpdateWish(w)
		})
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := db.Stats().Sub(before); got.ReadTx != 1 || got.Bare != 0 {
		t.Errorf("16 goroutines in one snapshot began %+v, want one read transaction and no bare read", got)
	}
}
