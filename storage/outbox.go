package storage

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// pending is the condition of a notice still to deliver; it matches the partial
// index outbox_pending, which keeps the dispatcher's queries cheap.
const pending = "delivered_at IS NULL AND dead_at IS NULL"

// Enqueue adds n to the outbox, ignoring n.ID. A notice whose non-empty Key is in the
// outbox already is dropped: Enqueue then reports false and inserts nothing.
func (t *tx) Enqueue(n workflow.Notice) (bool, error) {
	ok, err := t.changed(`INSERT INTO outbox (event_id, kind, op, target, ref, wish_id, poll_id, key, payload, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
		idArg(n.EventID), string(n.Kind), string(n.Op), n.To, n.Ref, idArg(n.WishID), idArg(n.PollID),
		textArg(n.Key), n.Payload, timeArg(n.CreatedAt))
	return ok, wrapf(err, "enqueue %s", n.Kind)
}

// PendingDeliveries returns up to limit notices that are neither delivered nor dead
// and due at now (no NextAt, or NextAt not after now), in the order they were queued.
func (db *DB) PendingDeliveries(ctx context.Context, now time.Time, limit int) ([]workflow.Delivery, error) {
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	return db.deliveries(ctx, "load pending deliveries", `SELECT `+deliveryColumns+` FROM outbox
		WHERE `+pending+` AND (next_at IS NULL OR next_at <= ?) ORDER BY id LIMIT ?`, timeArg(now), limit)
}

const deliveryColumns = `id, event_id, kind, op, target, ref, wish_id, poll_id, key, payload, created_at,
	attempts, next_at, last_error, sending_at, delivered_at, dead_at`

// deliveries runs a query of deliveryColumns.
func (db *DB) deliveries(ctx context.Context, what, query string, args ...any) ([]workflow.Delivery, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []workflow.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, d)
	}
	return out, wrapf(rows.Err(), "%s", what)
}

func scanDelivery(s scanner) (workflow.Delivery, error) {
	var d workflow.Delivery
	err := s.Scan(&d.ID, idCol{&d.EventID}, &d.Kind, &d.Op, &d.To, &d.Ref, idCol{&d.WishID},
		idCol{&d.PollID}, textCol{&d.Key}, &d.Payload, timeCol{&d.CreatedAt}, &d.Attempts,
		timeCol{&d.NextAt}, &d.LastError, timeCol{&d.SendingAt}, timeCol{&d.DeliveredAt}, timeCol{&d.DeadAt})
	return d, err
}

// MarkDelivered records that the notices ids were delivered at. Marking a delivered
// notice again keeps the first time.
func (db *DB) MarkDelivered(ctx context.Context, at time.Time, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	args := []any{timeArg(at)}
	for _, id := range ids {
		args = append(args, id)
	}
	_, err := db.write.ExecContext(ctx, "UPDATE outbox SET delivered_at = ? WHERE delivered_at IS NULL AND id IN ("+
		placeholders(len(ids))+")", args...)
	return wrapf(err, "mark %d deliveries delivered", len(ids))
}

// MarkRetry records a failed attempt at notice id: it is retried not before next.
// ErrNotFound when there is no such notice.
func (db *DB) MarkRetry(ctx context.Context, id int64, next time.Time, lastErr string) error {
	err := db.mustChange(ctx, "UPDATE outbox SET attempts = attempts + 1, next_at = ?, last_error = ?, sending_at = NULL WHERE id = ?",
		timeArg(next), lastErr, id)
	return wrapf(err, "mark delivery %d for retry", id)
}

// MarkDead records that notice id failed for good at at: it is never tried again.
// The failed attempt counts. ErrNotFound when there is no such notice.
func (db *DB) MarkDead(ctx context.Context, id int64, at time.Time, lastErr string) error {
	err := db.mustChange(ctx, "UPDATE outbox SET attempts = attempts + 1, dead_at = ?, last_error = ?, sending_at = NULL WHERE id = ?",
		timeArg(at), lastErr, id)
	return wrapf(err, "mark delivery %d dead", id)
}

// mustChange runs a write outside a use case that must find its row.
func (db *DB) mustChange(ctx context.Context, query string, args ...any) error {
	res, err := db.write.ExecContext(ctx, query, args...)
	if err != nil {
		return mapErr(err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return workflow.ErrNotFound
	}
	return nil
}

// NextDeliveryAt returns when the earliest pending notice is due, so the dispatcher
// can sleep until then; false when nothing is pending. A notice never tried is due
// from its creation (the zero time when it has none), which is to say at once.
func (db *DB) NextDeliveryAt(ctx context.Context) (time.Time, bool, error) {
	var n int
	var next sql.NullString
	err := db.queryRow(ctx, "SELECT count(*), min(coalesce(next_at, created_at, '')) FROM outbox WHERE "+
		pending).Scan(&n, &next)
	if err != nil || n == 0 {
		return time.Time{}, false, wrapf(err, "find next delivery")
	}
	var at time.Time
	if next.String != "" {
		if err := (timeCol{&at}).Scan(next.String); err != nil {
			return time.Time{}, false, fmt.Errorf("find next delivery: %w", err)
		}
	}
	return at, true, nil
}

// statsQuery counts from the partial indexes outbox_pending and outbox_dead, never
// the table: GET /metrics runs it on every scrape.
const statsQuery = `SELECT
	(SELECT count(*) FROM outbox WHERE ` + pending + `),
	(SELECT count(*) FROM outbox WHERE dead_at IS NOT NULL)`

// OutboxStats counts the notices still to deliver (due or not) and the dead ones.
func (db *DB) OutboxStats(ctx context.Context) (pendingN, dead int, err error) {
	err = db.queryRow(ctx, statsQuery).Scan(&pendingN, &dead)
	return pendingN, dead, wrapf(err, "count outbox")
}
