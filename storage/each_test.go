package storage_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestEachWish: the walk hands out every wish once, oldest first, with exactly the
// estimates and history the per-wish queries give, on a generated community (with
// events of no wish among them); other wishes can still be read through its tx.
func TestEachWish(t *testing.T) {
	db := storagetest.OpenLarge(t, storagetest.Sizes{Wishes: 300, Polls: 20, Stances: 100, Events: 900})
	if err := db.Exec(ctx, `INSERT INTO events (at, kind, actor) VALUES ('2027-01-01T00:00:00.000000Z', 'config.channel', 'U1')`); err != nil {
		t.Fatal(err)
	}
	var ids []int64
	err := db.EachWish(ctx, nil, func(tx workflow.Tx, w workflow.Wish) error {
		ids = append(ids, w.ID)
		gotE, gotH := must(tx.Estimates(w.ID)), must(tx.History(w.ID))
		other := w.ID%300 + 1 // not the current wish: a query of its own
		otherE, otherH := must(tx.Estimates(other)), must(tx.History(other))
		return db.Read(ctx, func(r workflow.Tx) error {
			for _, c := range []struct {
				name      string
				got, want any
			}{
				{"estimates", gotE, must(r.Estimates(w.ID))}, {"history", gotH, must(r.History(w.ID))},
				{"other estimates", otherE, must(r.Estimates(other))}, {"other history", otherH, must(r.History(other))},
			} {
				if diff := cmp.Diff(c.want, c.got); diff != "" {
					t.Errorf("wish %d: %s (-query +walk):\n%s", w.ID, c.name, diff)
				}
			}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 300 || !slices.IsSorted(ids) || ids[0] != 1 {
		t.Errorf("walked %d wishes, from %d, sorted %v; want 1..300", len(ids), ids[0], slices.IsSorted(ids))
	}
}
