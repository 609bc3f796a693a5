package storage

import (
	"context"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// Outbox returns the notices still to deliver and the dead ones, or only the dead ones,
// in the order they were queued: what `tovholder outbox list` shows.
func (db *DB) Outbox(ctx context.Context, deadOnly bool) ([]workflow.Delivery, error) {
	where := pending + " OR dead_at IS NOT NULL"
	if deadOnly {
		where = "dead_at IS NOT NULL"
	}
	return db.deliveries(ctx, "list the outbox", "SELECT "+deliveryColumns+" FROM outbox WHERE "+where+" ORDER BY id")
}

// RetryDead gives the dead notices among ids a fresh start: due at once, with every
// attempt again. It returns how many it revived; ids that are not dead are left alone.
func (db *DB) RetryDead(ctx context.Context, ids ...int64) (int, error) {
	if len(ids) == 0 {
		return 0, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return db.revive(ctx, "dead_at IS NOT NULL AND id IN ("+placeholders(len(ids))+")", args...)
}

// RetryAllDead gives every dead notice a fresh start, as RetryDead does.
func (db *DB) RetryAllDead(ctx context.Context) (int, error) {
	return db.revive(ctx, "dead_at IS NOT NULL")
}

func (db *DB) revive(ctx context.Context, where string, args ...any) (int, error) {
	res, err := db.write.ExecContext(ctx, "UPDATE outbox SET dead_at = NULL, attempts = 0, next_at = NULL, sending_at = NULL WHERE "+
		where, args...)
	if err != nil {
		return 0, wrapf(mapErr(err), "retry dead notices")
	}
	n, err := res.RowsAffected()
	return int(n), wrapf(err, "retry dead notices")
}

// ThreadParent returns the latest notice queued before notice id that posts the message
// remembered under ref: the message a reply with that Ref goes under. ErrNotFound when
// no such notice is in the outbox.
func (db *DB) ThreadParent(ctx context.Context, ref string, id int64) (workflow.Delivery, error) {
	d, err := scanDelivery(db.queryRow(ctx, "SELECT "+deliveryColumns+` FROM outbox
		WHERE ref = ? AND id < ? AND op IN (?, ?) ORDER BY id DESC LIMIT 1`,
		ref, id, string(workflow.OpPost), string(workflow.OpDM)))
	return d, wrapf(mapErr(err), "find the message notice %d replies to", id)
}

// MarkSending records that a post of notice id begins at at, so that a post cut short
// by the process stopping is known for one that Slack may have already.
func (db *DB) MarkSending(ctx context.Context, id int64, at time.Time) error {
	err := db.mustChange(ctx, "UPDATE outbox SET sending_at = ? WHERE id = ? AND "+pending, timeArg(at), id)
	return wrapf(err, "mark delivery %d in flight", id)
}

// pruneQuery finds its rows through the partial index outbox_delivered.
const pruneQuery = "DELETE FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ?"

// PruneDelivered deletes the notices delivered before before and returns how many. The
// events table keeps the audit log; a delivered notice is only the record of a post.
func (db *DB) PruneDelivered(ctx context.Context, before time.Time) (int, error) {
	res, err := db.write.ExecContext(ctx, pruneQuery, timeArg(before))
	if err != nil {
		return 0, wrapf(mapErr(err), "prune delivered notices")
	}
	n, err := res.RowsAffected()
	return int(n), wrapf(err, "prune delivered notices")
}
