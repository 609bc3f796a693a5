package workflow

import (
	"context"
	"errors"
	"fmt"
)

// closeDue closes, as the system, what due finds past its deadline (read in one read
// transaction), each in a transaction of its own: one that fails must not keep the
// others open. It reports how many it closed and every failure, named by what and id.
// The scheduler's minute job runs it, and so it runs at start, closing what ran out
// while the bot was down.
func (s *Service) closeDue(ctx context.Context, what string, due func(tx Tx) ([]int64, error),
	closeOne func(c *change, id int64) error) (int, error) {
	var ids []int64
	err := s.Store.Read(ctx, func(tx Tx) error {
		var err error
		ids, err = due(tx)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("find due %ss: %w", what, err)
	}
	n := 0
	var errs []error
	for _, id := range ids {
		if err := s.atomic(ctx, System, func(c *change) error { return closeOne(c, id) }); err != nil {
			errs = append(errs, fmt.Errorf("close %s %d: %w", what, id, err))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
