package storage

import (
	"fmt"

	"github.com/os2kitos/tovholder/workflow"
)

const pollColumns = `id, wish_id, group_key, proposal, priority, text, deadline, quorum, created_by,
	created_at, closed_at, closed_by, consensus, outcome, reminded_at`

func scanPoll(s scanner) (workflow.Poll, error) {
	var p workflow.Poll
	err := s.Scan(&p.ID, idCol{&p.WishID}, &p.GroupKey, &p.Proposal, &p.Priority, &p.Text, timeCol{&p.Deadline},
		&p.Quorum, &p.CreatedBy, timeCol{&p.CreatedAt}, timeCol{&p.ClosedAt}, &p.ClosedBy, &p.Consensus,
		&p.Outcome, timeCol{&p.RemindedAt})
	return p, err
}

// CreatePoll stores p, ignoring p.ID, with its electorate, and returns its id: one
// transaction opens the poll and fixes who takes a stance in it. ErrNotFound when p
// is on a wish that does not exist.
func (t *tx) CreatePoll(p workflow.Poll) (int64, error) {
	res, err := t.exec(`INSERT INTO polls (wish_id, group_key, proposal, priority, text, deadline, quorum,
		created_by, created_at, closed_at, closed_by, consensus, outcome, reminded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		idArg(p.WishID), p.GroupKey, string(p.Proposal), string(p.Priority), p.Text, timeArg(p.Deadline),
		p.Quorum, p.CreatedBy, timeArg(p.CreatedAt), timeArg(p.ClosedAt), p.ClosedBy, boolArg(p.Consensus),
		string(p.Outcome), timeArg(p.RemindedAt))
	if err != nil {
		return 0, fmt.Errorf("create poll: %w", err)
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, fmt.Errorf("create poll: %w", err)
	}
	for i, u := range p.Electorate {
		if _, err := t.exec("INSERT INTO poll_electorate (poll_id, user_id, position) VALUES (?, ?, ?)", id, u, i); err != nil {
			return 0, fmt.Errorf("electorate of poll %d: %w", id, err)
		}
	}
	return id, nil
}

// Poll returns poll id with its electorate; ErrNotFound when there is none.
func (t *tx) Poll(id int64) (workflow.Poll, error) {
	p, err := scanPoll(t.queryRow("SELECT "+pollColumns+" FROM polls WHERE id = ?", id))
	if err != nil {
		return p, wrapf(mapErr(err), "load poll %d", id)
	}
	p.Electorate, err = t.electorate(id)
	return p, err
}

func (t *tx) electorate(pollID int64) ([]string, error) {
	if t.cache != nil {
		if users, ok := t.cache.get(pollID); ok {
			return users, nil
		}
	}
	users, err := t.strings("SELECT user_id FROM poll_electorate WHERE poll_id = ? ORDER BY position", pollID)
	if err != nil {
		return nil, fmt.Errorf("load electorate of poll %d: %w", pollID, err)
	}
	t.remember(pollID, users)
	return users, nil
}

// UpdatePoll saves the closing fields, the outcome and RemindedAt of p; ErrNotFound
// when there is no poll p.ID. The question asked and its electorate never change
// once members have answered it.
func (t *tx) UpdatePoll(p workflow.Poll) error {
	err := t.mustChange("UPDATE polls SET closed_at = ?, closed_by = ?, consensus = ?, outcome = ?, reminded_at = ? WHERE id = ?",
		timeArg(p.ClosedAt), p.ClosedBy, boolArg(p.Consensus), string(p.Outcome), timeArg(p.RemindedAt), p.ID)
	return wrapf(err, "update poll %d", p.ID)
}

// OpenPolls returns the polls not yet closed, oldest first.
func (t *tx) OpenPolls() ([]workflow.Poll, error) {
	ps, err := t.polls("SELECT " + pollColumns + " FROM polls WHERE closed_at IS NULL ORDER BY id")
	return ps, wrapf(err, "load open polls")
}

// PollsOfWish returns the polls on wish id, oldest first.
func (t *tx) PollsOfWish(id int64) ([]workflow.Poll, error) {
	ps, err := t.polls("SELECT "+pollColumns+" FROM polls WHERE wish_id = ? ORDER BY id", id)
	return ps, wrapf(err, "load polls of wish %d", id)
}

func (t *tx) polls(query string, args ...any) ([]workflow.Poll, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ps []workflow.Poll
	for rows.Next() {
		p, err := scanPoll(rows)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close() // one statement at a time on this transaction's connection
	for i := range ps {
		if ps[i].Electorate, err = t.electorate(ps[i].ID); err != nil {
			return nil, err
		}
	}
	return ps, nil
}

// SetStance inserts or replaces a member's stance. The time it was first taken is
// kept, so that changing one's mind does not move one to the end of the list.
// ErrNotFound when there is no such poll.
func (t *tx) SetStance(s workflow.Stance) error {
	_, err := t.exec(`INSERT INTO stances (poll_id, user_id, position, reason, first_at, at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (poll_id, user_id) DO UPDATE SET position = excluded.position, reason = excluded.reason, at = excluded.at`,
		s.PollID, s.UserID, string(s.Position), s.Reason, timeArg(s.At), timeArg(s.At))
	if err != nil {
		return fmt.Errorf("save stance of %s in poll %d: %w", s.UserID, s.PollID, err)
	}
	t.stances.set(s)
	return nil
}

// Stances returns a poll's stances in the order they were first taken. A write
// transaction reads them once and keeps them up to date itself (stanceCache).
func (t *tx) Stances(pollID int64) ([]workflow.Stance, error) {
	if out, ok := t.stances.stances(pollID); ok {
		return out, nil
	}
	rows, err := t.tx.QueryContext(t.ctx, `SELECT poll_id, user_id, position, reason, at, coalesce(first_at, '') FROM stances
		WHERE poll_id = ? ORDER BY first_at, user_id`, pollID)
	if err != nil {
		return nil, fmt.Errorf("load stances of poll %d: %w", pollID, err)
	}
	defer rows.Close()
	ps := &pollStances{}
	for rows.Next() {
		var (
			s       workflow.Stance
			firstAt string
		)
		if err := rows.Scan(&s.PollID, &s.UserID, &s.Position, &s.Reason, timeCol{&s.At}, &firstAt); err != nil {
			return nil, fmt.Errorf("load stances of poll %d: %w", pollID, err)
		}
		ps.ss, ps.firstAt = append(ps.ss, s), append(ps.firstAt, firstAt)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load stances of poll %d: %w", pollID, err)
	}
	if t.stances != nil {
		t.stances[pollID] = ps
		out, _ := t.stances.stances(pollID)
		return out, nil
	}
	return ps.ss, nil
}
