package storage_test

import (
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestConcurrentCreateWish: many submitters at once get distinct, consecutive numbers
// and nobody meets SQLITE_BUSY.
func TestConcurrentCreateWish(t *testing.T) {
	db := storagetest.Open(t)
	const n = 100
	ids := make([]int64, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			errs[i] = db.Atomic(ctx, func(tx workflow.Tx) (err error) {
				ids[i], err = tx.CreateWish(workflow.Wish{Title: fmt.Sprint(i), State: workflow.StateSubmitted, CreatedAt: t0})
				return err
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("CreateWish %d: %v", i, err)
		}
	}
	slices.Sort(ids)
	for i, id := range ids {
		if id != int64(i+1) {
			t.Fatalf("wish numbers = %v, want 1..%d", ids, n)
		}
	}
}

// TestConcurrentStances: 200 votes at once, some members voting twice, leave exactly
// one stance per member, while readers read alongside.
func TestConcurrentStances(t *testing.T) {
	db := storagetest.Open(t)
	p := newPoll(t, db)
	const voters, twice = 150, 50 // 200 calls
	var wg sync.WaitGroup
	var failed atomic.Int64
	vote := func(i int, pos workflow.Position) {
		err := db.Atomic(ctx, func(tx workflow.Tx) error {
			return tx.SetStance(workflow.Stance{PollID: p.ID, UserID: fmt.Sprintf("U%03d", i), Position: pos, At: t0})
		})
		if err != nil {
			t.Errorf("SetStance of U%03d: %v", i, err)
			failed.Add(1)
		}
	}
	for i := range voters {
		wg.Go(func() { vote(i, workflow.Agree) })
	}
	for i := range twice {
		wg.Go(func() { vote(i, workflow.Object) })
		wg.Go(func() {
			if err := db.Read(ctx, func(tx workflow.Tx) error { _, err := tx.Stances(p.ID); return err }); err != nil {
				t.Errorf("Read during votes: %v", err)
			}
		})
	}
	wg.Wait()
	if failed.Load() > 0 {
		t.FailNow()
	}
	read(t, db, func(tx workflow.Tx) error {
		ss := must(tx.Stances(p.ID))
		seen := map[string]bool{}
		for _, s := range ss {
			if seen[s.UserID] {
				t.Errorf("two stances of %s", s.UserID)
			}
			seen[s.UserID] = true
		}
		if len(ss) != voters {
			t.Errorf("%d stances, want one per member: %d", len(ss), voters)
		}
		return nil
	})
}

// BenchmarkAtomicParallel measures a vote as the bot stores it: a stance, its audit
// event and a poll refresh in the outbox, in one transaction, from many goroutines.
func BenchmarkAtomicParallel(b *testing.B) {
	db := storagetest.Open(b)
	p := newPoll(b, db)
	var user atomic.Int64
	b.SetParallelism(8) // 8×GOMAXPROCS voters contend for the one writer
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := fmt.Sprintf("U%d", user.Add(1))
			err := db.Atomic(ctx, func(tx workflow.Tx) error {
				if err := tx.SetStance(workflow.Stance{PollID: p.ID, UserID: u, Position: workflow.Agree, At: t0}); err != nil {
					return err
				}
				ev, err := tx.AppendEvent(workflow.Event{At: t0, Actor: u, Kind: workflow.EvStanceTaken, WishID: p.WishID,
					PollID: p.ID, GroupKey: p.GroupKey, Data: map[string]string{"position": "agree"}})
				if err != nil {
					return err
				}
				_, err = tx.Enqueue(workflow.Notice{EventID: ev, Kind: workflow.NoticePoll, Op: workflow.OpRefresh,
					PollID: p.ID, CreatedAt: t0})
				return err
			})
			if err != nil {
				b.Error(err)
				return
			}
		}
	})
}
