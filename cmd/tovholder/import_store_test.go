package main

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// storeSnap is what a database holds of the wishes, read through the store: what an
// export → import must carry over.
type storeSnap struct {
	Wishes      []workflow.Wish
	Estimates   map[int64][]workflow.Estimate
	Initiatives map[int64]workflow.Initiative // the latest initiative of each wish
	Cycles      []workflow.Cycle
	Followers   map[int64][]string
	History     map[int64][]workflow.Event
}

func snapshot(t *testing.T, db *storage.DB) storeSnap {
	t.Helper()
	s := storeSnap{Estimates: map[int64][]workflow.Estimate{}, Initiatives: map[int64]workflow.Initiative{},
		Followers: map[int64][]string{}, History: map[int64][]workflow.Event{}}
	err := db.Read(context.Background(), func(tx workflow.Tx) (err error) {
		if s.Wishes, err = tx.Wishes(workflow.WishFilter{}); err != nil {
			return err
		}
		if s.Cycles, err = tx.Cycles(); err != nil {
			return err
		}
		for _, w := range s.Wishes {
			if s.Estimates[w.ID], err = tx.Estimates(w.ID); err != nil {
				return err
			}
			if s.Followers[w.ID], err = tx.Followers(w.ID); err != nil {
				return err
			}
			if s.History[w.ID], err = tx.History(w.ID); err != nil {
				return err
			}
			in, err := tx.InitiativeOfWish(w.ID)
			if err == nil {
				s.Initiatives[w.ID] = in
			} else if workflow.KindOf(err) != workflow.NotFound {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// droppedData are the keys of an event's data that an import drops by design: they
// name polls and wishes of the source database, which are not rows here.
var droppedData = []string{"poll", "duplicate_of", "wishes", "wish"}

// asImported is the source's snapshot as an import must reproduce it: the events keep
// everything but their ids, the source's poll ids and the data that name the source's
// rows (an event's group is not in the export).
func asImported(s storeSnap) storeSnap {
	for id, h := range s.History {
		out := make([]workflow.Event, len(h))
		for i, e := range h {
			e.ID, e.PollID, e.GroupKey = 0, 0, ""
			e.Data = cloneData(e.Data)
			for _, k := range droppedData {
				delete(e.Data, k)
			}
			out[i] = e
		}
		s.History[id] = out
	}
	return s
}

// withoutImportMarks is an imported snapshot without what the import adds: the
// "imported" mark on each event and the one imported event of each wish.
func withoutImportMarks(s storeSnap) storeSnap {
	for id, h := range s.History {
		var out []workflow.Event
		for _, e := range h {
			if e.Kind == workflow.EvWishImported {
				continue
			}
			e.ID, e.PollID, e.GroupKey = 0, 0, ""
			e.Data = cloneData(e.Data)
			if e.Data[workflow.DataImported] != "true" {
				panic("an imported event without its mark")
			}
			delete(e.Data, workflow.DataImported)
			out = append(out, e)
		}
		s.History[id] = out
	}
	return s
}

func cloneData(d map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range d {
		out[k] = v
	}
	return out
}

// compareStores reports every field of want that got does not hold.
func compareStores(t *testing.T, want, got storeSnap) {
	t.Helper()
	if diff := cmp.Diff(asImported(want), withoutImportMarks(got), cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("the store after export → import (-source +imported):\n%s", diff)
	}
}

// latestOnly is a copy of s with the latest estimate of each wish only, without its
// id, and without the decisions' estimate: what a CSV export carries.
func latestOnly(s storeSnap) storeSnap {
	es, ins := map[int64][]workflow.Estimate{}, map[int64]workflow.Initiative{}
	for id, l := range s.Estimates {
		if n := len(l); n > 0 {
			e := l[n-1]
			e.ID = 0
			es[id] = []workflow.Estimate{e}
		}
	}
	for id, in := range s.Initiatives {
		in.DecidedEstimate = 0
		ins[id] = in
	}
	s.Estimates, s.Initiatives = es, ins
	return s
}
