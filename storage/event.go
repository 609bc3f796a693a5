package storage

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/os2kitos/tovholder/workflow"
)

const eventColumns = "id, at, actor, kind, wish_id, poll_id, group_key, from_state, to_state, note, data"

func scanEvent(s scanner) (workflow.Event, error) {
	var e workflow.Event
	err := s.Scan(&e.ID, timeCol{&e.At}, &e.Actor, &e.Kind, idCol{&e.WishID}, idCol{&e.PollID}, &e.GroupKey,
		&e.From, &e.To, &e.Note, dataCol{&e.Data})
	return e, err
}

// AppendEvent adds e to the audit log, ignoring e.ID, and returns its id.
func (t *tx) AppendEvent(e workflow.Event) (int64, error) {
	data, err := dataArg(e.Data)
	if err != nil {
		return 0, fmt.Errorf("append event %s: %w", e.Kind, err)
	}
	res, err := t.exec(`INSERT INTO events (at, actor, kind, wish_id, poll_id, group_key, from_state, to_state, note, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		timeArg(e.At), e.Actor, string(e.Kind), idArg(e.WishID), idArg(e.PollID), e.GroupKey,
		string(e.From), string(e.To), e.Note, data)
	if err != nil {
		return 0, fmt.Errorf("append event %s: %w", e.Kind, err)
	}
	return res.LastInsertId()
}

// History returns the events of wish id, oldest first.
func (t *tx) History(id int64) ([]workflow.Event, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+eventColumns+" FROM events WHERE wish_id = ? ORDER BY id", id)
	if err != nil {
		return nil, fmt.Errorf("load history of wish %d: %w", id, err)
	}
	es, err := scanEvents(rows)
	return es, wrapf(err, "load history of wish %d", id)
}

// Event returns audit event id, for rendering the notice it caused; ErrNotFound when
// there is none.
func (db *DB) Event(ctx context.Context, id int64) (workflow.Event, error) {
	e, err := scanEvent(db.queryRow(ctx, "SELECT "+eventColumns+" FROM events WHERE id = ?", id))
	return e, wrapf(mapErr(err), "load event %d", id)
}

// Events returns up to limit events after afterID in the order they happened, for
// exporting the whole audit log page by page. A limit of 0 or less means no limit.
func (db *DB) Events(ctx context.Context, afterID int64, limit int) ([]workflow.Event, error) {
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	rows, err := db.query(ctx, "SELECT "+eventColumns+" FROM events WHERE id > ? ORDER BY id LIMIT ?",
		afterID, limit)
	if err != nil {
		return nil, fmt.Errorf("load events after %d: %w", afterID, err)
	}
	es, err := scanEvents(rows)
	return es, wrapf(err, "load events after %d", afterID)
}

func scanEvents(rows *sql.Rows) ([]workflow.Event, error) {
	defer rows.Close()
	var es []workflow.Event
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		es = append(es, e)
	}
	return es, rows.Err()
}
