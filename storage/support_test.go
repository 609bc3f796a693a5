package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestOrganisations(t *testing.T) {
	db := openClocked(t)
	read(t, db, func(tx workflow.Tx) error {
		if os := must(tx.Organisations()); os != nil {
			t.Errorf("a new database has a configured list %v; want nil (the defaults)", os)
		}
		return nil
	})
	write(t, db, func(tx workflow.Tx) error { return tx.SaveOrganisations(nil) })
	read(t, db, func(tx workflow.Tx) error {
		if os := must(tx.Organisations()); os == nil || len(os) != 0 {
			t.Errorf("an emptied list reads as %v; want empty, not nil", os)
		}
		return nil
	})
	list := workflow.DefaultOrganisations[:3]
	write(t, db, func(tx workflow.Tx) error { return tx.SaveOrganisations(list) })
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff(list, must(tx.Organisations())); diff != "" {
			t.Errorf("organisations (-want +got):\n%s", diff)
		}
		return nil
	})
}

func TestSupports(t *testing.T) {
	db := openClocked(t)
	var a, b int64
	write(t, db, func(tx workflow.Tx) error {
		a = must(tx.CreateWish(workflow.Wish{State: workflow.StateSubmitted}))
		b = must(tx.CreateWish(workflow.Wish{State: workflow.StateSubmitted}))
		if err := tx.SetUserOrganisation("U1", "aarhus", t0); err != nil {
			return err
		}
		for _, s := range []struct {
			id   int64
			user string
		}{{a, "U1"}, {a, "U2"}, {b, "U2"}, {b, "U3"}} {
			if ok := must(tx.AddSupport(s.id, s.user, t0.Add(time.Duration(len(s.user))))); !ok {
				t.Errorf("AddSupport(%d, %s) = false", s.id, s.user)
			}
		}
		if must(tx.AddSupport(a, "U1", t0)) {
			t.Error("a second support was added")
		}
		return tx.MoveSupport(b, a)
	})
	read(t, db, func(tx workflow.Tx) error {
		want := []workflow.Supporter{{UserID: "U1", Org: "aarhus"}, {UserID: "U2"}, {UserID: "U3"}}
		if diff := cmp.Diff(want, must(tx.Supporters(a))); diff != "" {
			t.Errorf("supporters after the merge (-want +got):\n%s", diff)
		}
		if s := must(tx.Supporters(b)); len(s) != 0 {
			t.Errorf("the duplicate keeps supporters %v", s)
		}
		return nil
	})
}

func TestRankingRoundTrip(t *testing.T) {
	db := openClocked(t)
	var r workflow.Ranking
	write(t, db, func(tx workflow.Tx) error {
		if err := tx.CreateGroup(workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "CK"}); err != nil {
			return err
		}
		a := must(tx.CreateWish(workflow.Wish{State: workflow.StatePrioritised, Group: "kontrakt"}))
		b := must(tx.CreateWish(workflow.Wish{State: workflow.StatePrioritised, Group: "kontrakt"}))
		r = workflow.Ranking{GroupKey: "kontrakt", WishIDs: []int64{b, a}, Dots: 10, Deadline: t0.Add(time.Hour),
			Electorate: []string{"U1", "U2"}, CreatedBy: "U1", CreatedAt: t0}
		r.ID = must(tx.CreateRanking(r))
		if err := tx.SetDots(r.ID, "U1", map[int64]int{a: 3, b: 7}, t0); err != nil {
			return err
		}
		if err := tx.SetDots(r.ID, "U1", map[int64]int{a: 10}, t0); err != nil {
			return err
		}
		r.ClosedAt, r.ClosedBy, r.Order, r.Dropped = t0.Add(time.Minute), "U1", []int64{a}, []int64{b}
		if err := tx.UpdateRanking(r); err != nil {
			return err
		}
		return tx.SetRanks("kontrakt", []int64{a, b}, r.ID, t0)
	})
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff(r, must(tx.Ranking(r.ID))); diff != "" {
			t.Errorf("ranking (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(map[string]map[int64]int{"U1": {r.Order[0]: 10}}, must(tx.Dots(r.ID))); diff != "" {
			t.Errorf("dots after redistributing (-want +got):\n%s", diff)
		}
		if open := must(tx.OpenRankings()); len(open) != 0 {
			t.Errorf("open rankings %v", open)
		}
		if ranks := must(tx.Ranks("kontrakt")); ranks[r.Order[0]] != 1 || len(ranks) != 2 {
			t.Errorf("ranks %v", ranks)
		}
		return nil
	})
}
