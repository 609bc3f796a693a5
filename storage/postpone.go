package storage

import (
	"context"
	"time"
)

// Postpone makes notice id wait until next without counting a failed attempt: the
// dispatcher paces posts to a channel and updates of a message, and waiting for that
// is no failure. ErrNotFound when there is no such notice.
func (db *DB) Postpone(ctx context.Context, id int64, next time.Time) error {
	err := db.mustChange(ctx, "UPDATE outbox SET next_at = ? WHERE id = ? AND "+pending, timeArg(next), id)
	return wrapf(err, "postpone delivery %d", id)
}
