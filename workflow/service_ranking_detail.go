package workflow

import (
	"context"
	"slices"
)

// RankingDetail is a ranking with what its message shows.
type RankingDetail struct {
	Ranking Ranking
	Group   Group
	Wishes  []RankedWish  // in the ranking's order: the result once closed, else as chosen
	Left    []Wish        // wishes that left the backlog since it started
	Voted   int           // members of the electorate who distributed dots
	Totals  map[int64]int // dots per wish; only once closed
	Poll    *Poll         // the adoption poll, once closed
}

// RankingDetail loads ranking id for its message.
func (s *Service) RankingDetail(ctx context.Context, id int64) (RankingDetail, error) {
	var d RankingDetail
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if d.Ranking, d.Group, err = loadRankingGroup(tx, id); err != nil {
			return err
		}
		dots, err := tx.Dots(id)
		if err != nil {
			return err
		}
		for u := range dots {
			if slices.Contains(d.Ranking.Electorate, u) {
				d.Voted++
			}
		}
		ids := d.Ranking.WishIDs
		if !d.Ranking.Open() {
			ids = d.Ranking.Order
			d.Totals = TotalDots(d.Ranking.Electorate, dots)
			if d.Ranking.PollID != 0 {
				p, err := loadPoll(tx, d.Ranking.PollID)
				if err != nil {
					return err
				}
				d.Poll = &p
			}
		}
		for _, wid := range d.Ranking.WishIDs {
			w, err := loadWish(tx, wid)
			if err != nil {
				return err
			}
			if !InBacklog(w, d.Ranking.GroupKey) || slices.Contains(d.Ranking.Dropped, wid) {
				d.Left = append(d.Left, w)
			}
		}
		for _, wid := range ids {
			w, err := loadWish(tx, wid)
			if err != nil {
				return err
			}
			rw, err := rankedWish(tx, w)
			if err != nil {
				return err
			}
			d.Wishes = append(d.Wishes, rw)
		}
		return nil
	})
	return d, err
}

// MyDots returns user's allocation in ranking id, for the modal they reopen.
func (s *Service) MyDots(ctx context.Context, id int64, user string) (map[int64]int, error) {
	var out map[int64]int
	err := s.Store.Read(ctx, func(tx Tx) error {
		dots, err := tx.Dots(id)
		out = dots[user]
		return err
	})
	return out, err
}

// OpenRankingOf returns the open ranking of group key; false when there is none.
func (s *Service) OpenRankingOf(ctx context.Context, key string) (Ranking, bool, error) {
	var r Ranking
	var ok bool
	err := s.Store.Read(ctx, func(tx Tx) error {
		rs, err := tx.OpenRankings()
		for _, o := range rs {
			if o.GroupKey == key {
				r, ok = o, true
			}
		}
		return err
	})
	return r, ok, err
}
