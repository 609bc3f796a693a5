package workflow

import (
	"cmp"
	"context"
	"fmt"
	"slices"
)

// Backlog returns group key's ranked backlog: its prioritised wishes not yet planned
// or delivered, with their support and ranks, ranked first (by rank), then by support.
func (s *Service) Backlog(ctx context.Context, key string) ([]RankedWish, error) {
	var out []RankedWish
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		out, err = backlog(tx, key)
		return err
	})
	return out, err
}

func backlog(tx Tx, key string) ([]RankedWish, error) {
	ws, err := tx.Wishes(WishFilter{Group: key, OpenOnly: true})
	if err != nil {
		return nil, fmt.Errorf("wishes of %s: %w", key, err)
	}
	var out []RankedWish
	for _, w := range ws {
		if !InBacklog(w, key) {
			continue
		}
		rw, err := rankedWish(tx, w)
		if err != nil {
			return nil, err
		}
		out = append(out, rw)
	}
	orderBacklog(out)
	return out, nil
}

// orderBacklog puts a backlog in its order: the ranked first, by rank, then the rest
// by support (ByMunicipalities).
func orderBacklog(ws []RankedWish) {
	ByMunicipalities(ws)
	slices.SortStableFunc(ws, func(a, b RankedWish) int { return rankKey(a.Rank) - rankKey(b.Rank) })
}

// BacklogTop is the start of a group's ranked backlog, as its lead's Home tab shows
// it: its first wishes in Backlog's order, and how many it has in all.
type BacklogTop struct {
	Group  Group
	Wishes []RankedWish // the first n, whole
	Total  int
}

// BacklogTops returns the start (n wishes) of the backlog of each group a leads, in
// the order of the groups, for those with at least MinRankWishes wishes to rank: the
// backlogs a Home tab shows five of, each of hundreds. The order is Backlog's, by the
// same rule (orderBacklog, CountSupport), found without counting the support of every
// wish (backlogTop).
func (s *Service) BacklogTops(ctx context.Context, a Actor, n int) ([]BacklogTop, error) {
	n = max(n, 0)
	var out []BacklogTop
	err := s.Store.Read(ctx, func(tx Tx) error {
		groups, err := tx.Groups()
		if err != nil {
			return fmt.Errorf("groups: %w", err)
		}
		var orgs []Organisation
		for _, g := range groups {
			if CanLead(a, g) != nil {
				continue
			}
			total, err := tx.BacklogCount(g.Key, BacklogStates)
			if err != nil {
				return fmt.Errorf("backlog of %s: %w", g.Key, err)
			}
			if total < MinRankWishes {
				continue
			}
			if orgs == nil {
				if orgs, err = loadOrgs(tx); err != nil {
					return err
				}
			}
			top, err := backlogTop(tx, g, orgs, n)
			if err != nil {
				return err
			}
			top.Total = total
			out = append(out, top)
		}
		return nil
	})
	return out, err
}

// backlogPage is how many unranked wishes backlogTop reads at a time.
const backlogPage = 32

// backlogTop finds the first n wishes of group g's backlog. The ranked come first, by
// rank: each is counted. The unranked are read by their number of supports, most
// first, then by age, which is the order of the best each could be in ByMunicipalities
// (as many municipalities as people, and as many people as supports and its
// submitter): once the best the next could be does not beat the last of those kept,
// no later one can, and the rest are not read.
func backlogTop(tx Tx, g Group, orgs []Organisation, n int) (BacklogTop, error) {
	ranks, err := tx.Ranks(g.Key)
	if err != nil {
		return BacklogTop{}, fmt.Errorf("ranks of %s: %w", g.Key, err)
	}
	count := func(e BacklogEntry) RankedWish {
		return RankedWish{Wish: Wish{ID: e.WishID, CreatedAt: e.CreatedAt}, Rank: ranks[e.WishID],
			Support: CountSupport(e.Submitter, e.Supporters, orgs)}
	}
	es, err := tx.BacklogPage(g.Key, BacklogStates, true, 0, 0)
	if err != nil {
		return BacklogTop{}, fmt.Errorf("ranked backlog of %s: %w", g.Key, err)
	}
	var ranked []RankedWish
	for _, e := range es {
		ranked = append(ranked, count(e))
	}
	orderBacklog(ranked)
	top := BacklogTop{Group: g, Wishes: ranked[:min(n, len(ranked))]}
	if k := n - len(top.Wishes); k > 0 {
		best, err := bestUnranked(tx, g.Key, k, count)
		if err != nil {
			return top, err
		}
		top.Wishes = append(top.Wishes, best...)
	}
	for i := range top.Wishes {
		if top.Wishes[i].Wish, err = loadWish(tx, top.Wishes[i].Wish.ID); err != nil {
			return top, err
		}
	}
	return top, nil
}

// bestUnranked returns the first k unranked wishes of group key's backlog in
// ByMunicipalities' order (backlogTop).
func bestUnranked(tx Tx, key string, k int, count func(BacklogEntry) RankedWish) ([]RankedWish, error) {
	var (
		best []RankedWish // the best so far, in order, at most k
		prev *RankedWish  // the best the previous one read could be
	)
	for offset := 0; ; offset += backlogPage {
		es, err := tx.BacklogPage(key, BacklogStates, false, offset, backlogPage)
		if err != nil {
			return nil, fmt.Errorf("backlog of %s: %w", key, err)
		}
		for _, e := range es {
			p := e.SupportRows + 1
			bound := RankedWish{Wish: Wish{ID: e.WishID, CreatedAt: e.CreatedAt}, Support: Support{People: p, Municipalities: p}}
			if prev != nil && bySupport(*prev, bound) > 0 {
				// Not in the order of their bounds: rank them all, the long way.
				return rankAllUnranked(tx, key, k, count)
			}
			prev = &bound
			if len(best) == k && bySupport(bound, best[k-1]) >= 0 {
				return best, nil
			}
			rw := count(e)
			i, _ := slices.BinarySearchFunc(best, rw, bySupport)
			best = slices.Insert(best, i, rw)
			best = best[:min(k, len(best))]
		}
		if len(es) < backlogPage {
			return best, nil
		}
	}
}

// rankAllUnranked is bestUnranked by counting the support of every unranked wish.
func rankAllUnranked(tx Tx, key string, k int, count func(BacklogEntry) RankedWish) ([]RankedWish, error) {
	es, err := tx.BacklogPage(key, BacklogStates, false, 0, 0)
	if err != nil {
		return nil, fmt.Errorf("backlog of %s: %w", key, err)
	}
	ws := make([]RankedWish, len(es))
	for i, e := range es {
		ws[i] = count(e)
	}
	ByMunicipalities(ws)
	return ws[:min(k, len(ws))], nil
}

// rankKey puts the unranked (0) after every rank.
func rankKey(r int) int {
	if r == 0 {
		return 1 << 30
	}
	return r
}

// Candidates returns the wishes the secretariat may recommend to the steering group
// (estimated), by group and in each group by its adopted rank, the ranked first.
func (s *Service) Candidates(ctx context.Context) ([]RankedWish, error) {
	var out []RankedWish
	err := s.Store.Read(ctx, func(tx Tx) error {
		ws, err := tx.Wishes(WishFilter{States: []State{StateEstimated}})
		if err != nil {
			return fmt.Errorf("estimated wishes: %w", err)
		}
		slices.Reverse(ws) // oldest first, before the ranks
		for _, w := range ws {
			rw, err := rankedWish(tx, w)
			if err != nil {
				return err
			}
			out = append(out, rw)
		}
		slices.SortStableFunc(out, func(a, b RankedWish) int {
			return cmp.Or(cmp.Compare(a.Wish.Group, b.Wish.Group), cmp.Compare(rankKey(a.Rank), rankKey(b.Rank)))
		})
		return nil
	})
	return out, err
}
