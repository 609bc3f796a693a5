package storage

import (
	"context"
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// SaveMessageRef remembers a message the bot posted, replacing what was remembered
// under the same Ref.
func (db *DB) SaveMessageRef(ctx context.Context, m workflow.MessageRef) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO message_refs (ref, channel, ts, wish_id, poll_id, kind, permalink, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ref) DO UPDATE SET channel = excluded.channel, ts = excluded.ts,
		wish_id = excluded.wish_id, poll_id = excluded.poll_id, kind = excluded.kind, permalink = excluded.permalink,
		updated_at = excluded.updated_at`,
		m.Ref, m.Channel, m.TS, idArg(m.WishID), idArg(m.PollID), string(m.Kind), m.Permalink, timeArg(db.now()))
	return wrapf(mapErr(err), "save message %s", m.Ref)
}

const messageColumns = "ref, channel, ts, wish_id, poll_id, kind, permalink"

func scanMessageRef(s scanner) (workflow.MessageRef, error) {
	var m workflow.MessageRef
	err := s.Scan(&m.Ref, &m.Channel, &m.TS, idCol{&m.WishID}, idCol{&m.PollID}, &m.Kind, &m.Permalink)
	return m, err
}

// MessageRef returns the message remembered under ref; ErrNotFound when none is.
func (db *DB) MessageRef(ctx context.Context, ref string) (workflow.MessageRef, error) {
	m, err := scanMessageRef(db.queryRow(ctx, "SELECT "+messageColumns+" FROM message_refs WHERE ref = ?", ref))
	return m, wrapf(mapErr(err), "load message %s", ref)
}

// MessageRefsOf returns the messages showing wish wishID or poll pollID (a 0 matches
// nothing), ordered by ref, so that a change can re-render each of them.
func (db *DB) MessageRefsOf(ctx context.Context, wishID, pollID int64) ([]workflow.MessageRef, error) {
	// NULL never equals a bound NULL, so a 0 id selects nothing by itself.
	rows, err := db.query(ctx, "SELECT "+messageColumns+` FROM message_refs
		WHERE wish_id = ? OR poll_id = ? ORDER BY ref`, idArg(wishID), idArg(pollID))
	if err != nil {
		return nil, fmt.Errorf("load messages of wish %d, poll %d: %w", wishID, pollID, err)
	}
	defer rows.Close()
	var out []workflow.MessageRef
	for rows.Next() {
		m, err := scanMessageRef(rows)
		if err != nil {
			return nil, fmt.Errorf("load messages of wish %d, poll %d: %w", wishID, pollID, err)
		}
		out = append(out, m)
	}
	return out, wrapf(rows.Err(), "load messages of wish %d, poll %d", wishID, pollID)
}

// seenFor is how long an inbound id is remembered: Slack retries within minutes.
const seenFor = 24 * time.Hour

// pruneEvery bounds how often FirstSeen deletes old ids, so that a burst of events
// does not pay for a delete each.
const pruneEvery = 10 * time.Minute

// FirstSeen records the id of an inbound Slack event or envelope and reports whether
// it is the first time it is seen, so that a retried delivery is handled once. Ids
// older than a day are forgotten now and then. A zero at means now.
func (db *DB) FirstSeen(ctx context.Context, key string, at time.Time) (bool, error) {
	if at.IsZero() {
		at = db.now()
	}
	res, err := db.write.ExecContext(ctx, "INSERT INTO inbound_seen (key, at) VALUES (?, ?) ON CONFLICT DO NOTHING",
		key, timeArg(at))
	if err != nil {
		return false, fmt.Errorf("record inbound %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("record inbound %s: %w", key, err)
	}
	if last := db.lastPrune.Load(); at.UnixNano()-last >= int64(pruneEvery) && db.lastPrune.CompareAndSwap(last, at.UnixNano()) {
		if _, err := db.write.ExecContext(ctx, "DELETE FROM inbound_seen WHERE at < ?", timeArg(at.Add(-seenFor))); err != nil {
			return false, fmt.Errorf("forget old inbound ids: %w", err)
		}
	}
	return n > 0, nil
}
