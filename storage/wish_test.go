package storage_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

func TestWish(t *testing.T) {
	db := openClocked(t)
	w := workflow.Wish{Title: "Export", Purpose: "why", Value: "worth", Description: "how",
		RequestedGroup: "kontrakt", State: workflow.StateSubmitted, SubmitterID: "U1", CreatedAt: t0, UpdatedAt: t0}
	t.Run("OK", func(t *testing.T) {
		write(t, db, func(tx workflow.Tx) error {
			w.ID = must(tx.CreateWish(w))
			return nil
		})
		read(t, db, func(tx workflow.Tx) error {
			if diff := cmp.Diff(w, must(tx.Wish(w.ID))); diff != "" {
				t.Errorf("Wish (-want +got):\n%s", diff)
			}
			return nil
		})
	})
	t.Run("Update", func(t *testing.T) {
		other := workflow.Wish{Title: "Other", State: workflow.StateSubmitted, CreatedAt: t0}
		write(t, db, func(tx workflow.Tx) error {
			other.ID = must(tx.CreateWish(other))
			return nil
		})
		u := workflow.Wish{ID: w.ID, Title: "T", Purpose: "P", Value: "V", Description: "D", RequestedGroup: "a",
			Group: "b", Size: workflow.SizeMajor, Priority: workflow.PriorityHigh, State: workflow.StateDuplicate,
			SubmitterID: "U2", DuplicateOf: other.ID, Question: "Q", SpecLink: "https://x", SpecSummary: "S",
			Cycle: "2025-2", CreatedAt: t0.Add(1), UpdatedAt: t0.AddDate(0, 1, 0)}
		write(t, db, func(tx workflow.Tx) error { return tx.UpdateWish(u) })
		read(t, db, func(tx workflow.Tx) error {
			want := u
			want.CreatedAt = t0 // stored to the microsecond
			if diff := cmp.Diff(want, must(tx.Wish(w.ID))); diff != "" {
				t.Errorf("updated Wish (-want +got):\n%s", diff)
			}
			return nil
		})
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		_ = db.Atomic(ctx, func(tx workflow.Tx) error {
			_, err := tx.Wish(999)
			wantErr(t, "Wish", err, workflow.ErrNotFound)
			wantErr(t, "UpdateWish", tx.UpdateWish(workflow.Wish{ID: 999, State: workflow.StateSubmitted}), workflow.ErrNotFound)
			_, err = tx.Follow(999, "U1")
			wantErr(t, "Follow", err, workflow.ErrNotFound)
			return nil
		})
	})
}

// TestWishNumbersNeverReused: a number once given stays that wish's, even if its row
// were deleted by hand, because people quote the numbers.
func TestWishNumbersNeverReused(t *testing.T) {
	db := storagetest.Open(t)
	var first int64
	write(t, db, func(tx workflow.Tx) (err error) {
		first, err = tx.CreateWish(workflow.Wish{State: workflow.StateSubmitted})
		return err
	})
	if err := db.Exec(ctx, "DELETE FROM wishes WHERE id = ?", first); err != nil {
		t.Fatal(err)
	}
	write(t, db, func(tx workflow.Tx) error {
		if id := must(tx.CreateWish(workflow.Wish{State: workflow.StateSubmitted})); id != first+1 {
			t.Errorf("number after deleting wish %d = %d, want %d", first, id, first+1)
		}
		return nil
	})
}

func TestWishes(t *testing.T) {
	db := openClocked(t)
	specs := []struct {
		submitter, requested, group string
		state                       workflow.State
	}{
		{"U1", "", "", workflow.StateSubmitted},                // 1
		{"U2", "kontrakt", "", workflow.StateSubmitted},        // 2
		{"U1", "", "kontrakt", workflow.StateInAssessment},     // 3
		{"U2", "data", "kontrakt", workflow.StatePrioritised},  // 4
		{"U1", "", "", workflow.StateDeclined},                 // 5
		{"U2", "kontrakt", "kontrakt", workflow.StateRejected}, // 6
		{"U1", "", "data", workflow.StateDelivered},            // 7
		{"U3", "", "", workflow.StateWithdrawn},                // 8
	}
	write(t, db, func(tx workflow.Tx) error {
		for _, s := range specs {
			must(tx.CreateWish(workflow.Wish{SubmitterID: s.submitter, RequestedGroup: s.requested, Group: s.group, State: s.state}))
		}
		return nil
	})
	for _, c := range []struct {
		name  string
		f     workflow.WishFilter
		ids   []int64
		count int
	}{
		{"All", workflow.WishFilter{}, []int64{8, 7, 6, 5, 4, 3, 2, 1}, 8},
		{"Submitter", workflow.WishFilter{Submitter: "U1"}, []int64{7, 5, 3, 1}, 4},
		{"GroupOrRequested", workflow.WishFilter{Group: "kontrakt"}, []int64{6, 4, 3, 2}, 4},
		{"States", workflow.WishFilter{States: []workflow.State{workflow.StateSubmitted, workflow.StateDelivered}}, []int64{7, 2, 1}, 3},
		{"OpenOnly", workflow.WishFilter{OpenOnly: true}, []int64{4, 3, 2, 1}, 4},
		{"Combined", workflow.WishFilter{Submitter: "U2", Group: "kontrakt", OpenOnly: true}, []int64{4, 2}, 2},
		{"Page1", workflow.WishFilter{Limit: 3}, []int64{8, 7, 6}, 8},
		{"Page2", workflow.WishFilter{BeforeID: 6, Limit: 3}, []int64{5, 4, 3}, 8},
		{"None", workflow.WishFilter{Submitter: "nobody"}, nil, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			read(t, db, func(tx workflow.Tx) error {
				var ids []int64
				for _, w := range must(tx.Wishes(c.f)) {
					ids = append(ids, w.ID)
				}
				if diff := cmp.Diff(c.ids, ids); diff != "" {
					t.Errorf("Wishes (-want +got):\n%s", diff)
				}
				if n := must(tx.CountWishes(c.f)); n != c.count {
					t.Errorf("CountWishes = %d, want %d", n, c.count)
				}
				return nil
			})
		})
	}
}

func TestFollowers(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		id := must(tx.CreateWish(workflow.Wish{State: workflow.StateSubmitted}))
		for _, u := range []string{"U3", "U1", "U2"} {
			if !must(tx.Follow(id, u)) {
				t.Errorf("Follow(%s) = false, want true", u)
			}
		}
		if must(tx.Follow(id, "U1")) {
			t.Error("Follow again = true, want false")
		}
		if !must(tx.Unfollow(id, "U1")) || must(tx.Unfollow(id, "U1")) {
			t.Error("Unfollow: want true, then false")
		}
		if diff := cmp.Diff([]string{"U3", "U2"}, must(tx.Followers(id))); diff != "" {
			t.Errorf("Followers in order followed (-want +got):\n%s", diff)
		}
		return nil
	})
}
