package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// PostponeAll makes the notices ids wait until next without counting a failed
// attempt: the dispatcher paces posts to a channel and updates of a message, and
// waiting for that is no failure. One statement, so one commit: a coalesced refresh
// of a poll after a burst of stances stands for hundreds of notices. ErrNotFound
// when any of ids is not pending; the others are postponed.
func (db *DB) PostponeAll(ctx context.Context, next time.Time, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{timeArg(next)}
	for _, id := range ids {
		args = append(args, id)
	}
	res, err := db.write.ExecContext(ctx, "UPDATE outbox SET next_at = ? WHERE "+pending+" AND id IN ("+
		placeholders(len(ids))+")", args...)
	if err != nil {
		return fmt.Errorf("postpone %d deliveries: %w", len(ids), mapErr(err))
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("postpone %d deliveries: %w", len(ids), err)
	} else if n < int64(len(ids)) {
		return fmt.Errorf("postpone %d deliveries: %d not pending: %w", len(ids), int64(len(ids))-n, workflow.ErrNotFound)
	}
	return nil
}
