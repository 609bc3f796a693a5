package storage_test

import (
	"context"
	"slices"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// BacklogPage is what ranking a backlog takes, as the one-by-one reads give it: each
// wish's submitter with their organisation and its supporters with theirs; the ranked
// apart (a rank of 0 is none, as Ranks reads it), the unranked by their number of
// supports, then by age and id, the same whole or in pages.
func TestBacklogPage(t *testing.T) {
	db, ids := memoDB(t)
	ctx := context.Background()
	states := workflow.BacklogStates
	check := func(rankedWant []int64) {
		t.Helper()
		err := db.Read(ctx, func(tx workflow.Tx) error {
			if n := must(tx.BacklogCount("g", states)); n != len(ids) {
				t.Errorf("BacklogCount = %d, want %d", n, len(ids))
			}
			var got []int64
			for _, e := range must(tx.BacklogPage("g", states, true, 0, 0)) {
				got = append(got, e.WishID)
			}
			slices.Sort(got)
			if !slices.Equal(got, rankedWant) {
				t.Errorf("ranked = %v, want %v", got, rankedWant)
			}
			whole := must(tx.BacklogPage("g", states, false, 0, 0))
			if len(whole)+len(rankedWant) != len(ids) {
				t.Errorf("%d unranked and %d ranked of %d wishes", len(whole), len(rankedWant), len(ids))
			}
			var paged []workflow.BacklogEntry
			for off := 0; ; off += 7 {
				p := must(tx.BacklogPage("g", states, false, off, 7))
				paged = append(paged, p...)
				if len(p) < 7 {
					break
				}
			}
			for i, e := range whole {
				if paged[i].WishID != e.WishID {
					t.Fatalf("page order differs at %d: %d, whole %d", i, paged[i].WishID, e.WishID)
				}
				if i > 0 {
					p := whole[i-1]
					if p.SupportRows < e.SupportRows || (p.SupportRows == e.SupportRows && (p.CreatedAt.After(e.CreatedAt) ||
						(p.CreatedAt.Equal(e.CreatedAt) && p.WishID > e.WishID))) {
						t.Errorf("wish %d before %d out of order", p.WishID, e.WishID)
					}
				}
				sup := must(tx.Supporters(e.WishID))
				if e.SupportRows != len(sup) || !sameSupporters(e.Supporters, sup) {
					t.Errorf("wish %d: %d rows, supporters %v; Supporters reads %v", e.WishID, e.SupportRows, e.Supporters, sup)
				}
				w := must(tx.Wish(e.WishID))
				if org := must(tx.UserOrganisation(w.SubmitterID)); e.Submitter != (workflow.Supporter{UserID: w.SubmitterID, Org: org}) || !e.CreatedAt.Equal(w.CreatedAt) {
					t.Errorf("wish %d: entry %+v, wish %+v", e.WishID, e, w)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	check(slices.Sorted(slices.Values(ids[:3])))
	if err := db.Exec(ctx, "UPDATE wish_ranks SET rank = 0 WHERE wish_id = ?", ids[0]); err != nil {
		t.Fatal(err)
	}
	check(slices.Sorted(slices.Values(ids[1:3])))
}

func sameSupporters(a, b []workflow.Supporter) bool {
	key := func(s workflow.Supporter) string { return s.UserID + "\x00" + s.Org }
	x, y := make([]string, len(a)), make([]string, len(b))
	for i := range a {
		x[i] = key(a[i])
	}
	for i := range b {
		y[i] = key(b[i])
	}
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}
