package storage_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// memoDB has 40 wishes: wish i supported by i%4 people (some with an organisation),
// added in an order other than their user ids', and three of them ranked.
func memoDB(t *testing.T) (*storage.DB, []int64) {
	t.Helper()
	db := storagetest.Open(t)
	var ids []int64
	write(t, db, func(tx workflow.Tx) error {
		if err := tx.SetUserOrganisation("U2", "aarhus", t0); err != nil {
			return err
		}
		if err := tx.CreateGroup(workflow.Group{Key: "g", Name: "G", ChannelID: "CG"}); err != nil {
			return err
		}
		for i := range 40 {
			id := must(tx.CreateWish(workflow.Wish{Title: fmt.Sprint(i), State: workflow.StatePrioritised, Group: "g", CreatedAt: t0}))
			ids = append(ids, id)
			for j := range i % 4 {
				user := fmt.Sprintf("U%d", 3-j)
				if _, err := tx.AddSupport(id, user, t0.Add(time.Duration(j)*time.Minute)); err != nil {
					return err
				}
			}
		}
		r := workflow.Ranking{GroupKey: "g", WishIDs: ids[:3], Dots: 10, Deadline: t0.Add(time.Hour),
			Electorate: []string{"U1"}, CreatedBy: "U1", CreatedAt: t0}
		r.ID = must(tx.CreateRanking(r))
		return tx.SetRanks("g", ids[:3], r.ID, t0)
	})
	return db, ids
}

// What a read transaction keeps is what a write transaction, which keeps nothing, reads:
// the supporters of each wish in their order, one by one and past the bulk read.
func TestReadMemoReadsWhatAWriteReads(t *testing.T) {
	db, ids := memoDB(t)
	want := map[int64][]workflow.Supporter{}
	var wantRanks map[int64]int
	write(t, db, func(tx workflow.Tx) error {
		for _, id := range ids {
			want[id] = must(tx.Supporters(id))
		}
		wantRanks = must(tx.Ranks("g"))
		return nil
	})
	if len(want[ids[3]]) != 3 || want[ids[3]][0].UserID != "U3" || want[ids[3]][1].Org != "aarhus" {
		t.Fatalf("supporters of wish 4 in a write: %+v", want[ids[3]])
	}
	read(t, db, func(tx workflow.Tx) error {
		for round := range 2 {
			for _, id := range ids {
				if diff := cmp.Diff(want[id], must(tx.Supporters(id))); diff != "" {
					t.Errorf("round %d, supporters of wish %d (-write +read):\n%s", round, id, diff)
				}
			}
		}
		r := must(tx.Ranks("g"))
		r[ids[0]] = 99 // a caller's change stays with the caller
		if diff := cmp.Diff(wantRanks, must(tx.Ranks("g"))); diff != "" {
			t.Errorf("ranks (-write +read):\n%s", diff)
		}
		if org := must(tx.UserOrganisation("U2")); org != "aarhus" {
			t.Errorf("organisation of U2 = %q", org)
		}
		if org := must(tx.UserOrganisation("U9")); org != "" {
			t.Errorf("organisation of U9 = %q", org)
		}
		if os := must(tx.Organisations()); os != nil {
			t.Errorf("organisations never configured = %+v, want nil", os)
		}
		return nil
	})
	// A list configured and emptied is an empty list, not none, also when kept.
	write(t, db, func(tx workflow.Tx) error { return tx.SaveOrganisations(nil) })
	read(t, db, func(tx workflow.Tx) error {
		for range 2 {
			if os := must(tx.Organisations()); os == nil || len(os) != 0 {
				t.Errorf("organisations configured empty = %#v, want an empty list", os)
			}
		}
		return nil
	})
}

// Goroutines of one snapshot share its memo without a race (go test -race).
func TestReadMemoInASnapshotOfGoroutines(t *testing.T) {
	db, ids := memoDB(t)
	err := db.Snapshot(ctx, func(ctx context.Context) error {
		var wg sync.WaitGroup
		for g := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.Read(ctx, func(tx workflow.Tx) error {
					for _, id := range ids {
						sup, err := tx.Supporters(id)
						if err != nil {
							return err
						}
						if n := int(id-ids[0]) % 4; len(sup) != n {
							return fmt.Errorf("wish %d has %d supporters, want %d", id, len(sup), n)
						}
						if _, err := tx.Ranks("g"); err != nil {
							return err
						}
						if _, err := tx.UserOrganisation(fmt.Sprintf("U%d", g)); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
