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
	ByMunicipalities(out)
	slices.SortStableFunc(out, func(a, b RankedWish) int { return rankKey(a.Rank) - rankKey(b.Rank) })
	return out, nil
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
