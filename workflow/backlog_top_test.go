package workflow_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

// TestBacklogTopsIsBacklog: the start of each backlog a Home tab shows, found without
// counting the support of every wish, is the start of the whole backlog (Backlog,
// which loads every wish and its support one by one), with its length, for the
// secretariat (every group) and a coordinator (theirs), on generated communities
// with much support from municipalities and others, a little, and none (where most
// wishes tie), people without an organisation, and adopted ranks.
func TestBacklogTopsIsBacklog(t *testing.T) {
	for _, supports := range []int{6000, 300, 0} {
		t.Run(fmt.Sprintf("supports=%d", supports), func(t *testing.T) {
			backlogTopsAreBacklogs(t, storagetest.Sizes{Wishes: 2000, Polls: 50, Stances: 300, Events: 500, Supports: supports})
		})
	}
}

func backlogTopsAreBacklogs(t *testing.T, size storagetest.Sizes) {
	db := storagetest.OpenLarge(t, size)
	svc := workflow.New(db, nil, nil)
	ctx := context.Background()
	var ranked, multi int
	for _, c := range []struct {
		user   string
		groups int
	}{{storagetest.LargeSecretariat, storagetest.LargeGroups}, {storagetest.LargeCoordinator, 1}} {
		a, err := svc.Actor(ctx, c.user)
		must(t, err)
		for _, n := range []int{1, 5, 12, 10_000} {
			tops, err := svc.BacklogTops(ctx, a, n)
			must(t, err)
			if len(tops) != c.groups {
				t.Fatalf("%s leads %d backlogs; want %d", c.user, len(tops), c.groups)
			}
			for _, top := range tops {
				full, err := svc.Backlog(ctx, top.Group.Key)
				must(t, err)
				if top.Total != len(full) {
					t.Errorf("%s, n=%d: backlog of %s has %d wishes; Backlog has %d", c.user, n, top.Group.Key, top.Total, len(full))
				}
				want := full[:min(n, len(full))]
				if diff := cmp.Diff(want, top.Wishes); diff != "" {
					t.Fatalf("%s, n=%d: the start of the backlog of %s (-Backlog +BacklogTops):\n%s", c.user, n, top.Group.Key, diff)
				}
				for _, rw := range full {
					if rw.Rank > 0 {
						ranked++
					}
					if rw.Support.Municipalities > 1 && len(rw.Support.Orgs) > rw.Support.Municipalities {
						multi++
					}
				}
			}
		}
	}
	if ranked == 0 || (multi == 0 && size.Supports > 1000) {
		t.Fatalf("the generated backlogs have %d ranked wishes and %d supported by several municipalities and others; the comparison proves little", ranked, multi)
	}
}

// reversedPages is a store whose backlog pages come in the wrong order, the best last:
// BacklogTops must notice, and rank every wish the long way.
type reversedPages struct{ workflow.Store }

func (s reversedPages) Read(ctx context.Context, fn func(workflow.Tx) error) error {
	return s.Store.Read(ctx, func(tx workflow.Tx) error { return fn(reversedTx{tx}) })
}

type reversedTx struct{ workflow.Tx }

func (tx reversedTx) BacklogPage(key string, states []workflow.State, ranked bool, offset, limit int) ([]workflow.BacklogEntry, error) {
	es, err := tx.Tx.BacklogPage(key, states, ranked, 0, 0)
	slices.Reverse(es)
	if limit <= 0 {
		return es[min(offset, len(es)):], err
	}
	return es[min(offset, len(es)):min(offset+limit, len(es))], err
}

func TestBacklogTopsOutOfOrderRankEveryWish(t *testing.T) {
	db := storagetest.OpenLarge(t, storagetest.Sizes{Wishes: 1000, Polls: 20, Stances: 100, Events: 100, Supports: 3000})
	ctx := context.Background()
	svc := workflow.New(reversedPages{db}, nil, nil)
	a, err := svc.Actor(ctx, storagetest.LargeSecretariat)
	must(t, err)
	tops, err := svc.BacklogTops(ctx, a, 12)
	must(t, err)
	if len(tops) == 0 {
		t.Fatal("no backlogs")
	}
	for _, top := range tops {
		full, err := workflow.New(db, nil, nil).Backlog(ctx, top.Group.Key)
		must(t, err)
		if diff := cmp.Diff(full[:min(12, len(full))], top.Wishes); diff != "" {
			t.Fatalf("the start of the backlog of %s from pages out of order (-Backlog +BacklogTops):\n%s", top.Group.Key, diff)
		}
	}
}
