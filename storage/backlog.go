package storage

import (
	"fmt"
	"maps"

	"github.com/os2kitos/tovholder/workflow"
)

// BacklogCount returns how many wishes group key has in states, from the index
// wishes_backlog (migration 015).
func (t *tx) BacklogCount(key string, states []workflow.State) (int, error) {
	where, args := backlogWhere(key, states)
	var n int
	err := t.queryRow("SELECT count(*) FROM wishes w WHERE "+where, args...).Scan(&n)
	return n, wrapf(err, "count the backlog of %s", key)
}

// BacklogPage returns the wishes of group key in states, ranked in the group or not
// (a rank of 0 is none, as Ranks reads it),
// with what ranking them takes; the unranked by their number of supports, then by
// creation and id. A page reads, besides, only its own wishes' supporters and the
// organisations of the people in it.
func (t *tx) BacklogPage(key string, states []workflow.State, ranked bool, offset, limit int) ([]workflow.BacklogEntry, error) {
	if len(states) == 0 {
		return nil, nil
	}
	where, args := backlogWhere(key, states)
	rank := "NOT EXISTS"
	if ranked {
		rank = "EXISTS"
	}
	if limit <= 0 {
		limit = -1 // SQLite's "no limit"
	}
	rows, err := t.tx.QueryContext(t.ctx, `SELECT w.id, w.created_at, w.submitter_id,
		(SELECT count(*) FROM supports s WHERE s.wish_id = w.id) AS n FROM wishes w WHERE `+where+`
		AND `+rank+` (SELECT 1 FROM wish_ranks r WHERE r.wish_id = w.id AND r.group_key = w.group_key AND r.rank <> 0)
		ORDER BY n DESC, w.created_at, w.id LIMIT ? OFFSET ?`, append(args, limit, offset)...)
	if err != nil {
		return nil, wrapf(err, "backlog of %s", key)
	}
	defer rows.Close()
	var (
		out    []workflow.BacklogEntry
		ids    []any
		people = map[string]bool{}
	)
	for rows.Next() {
		var e workflow.BacklogEntry
		if err := rows.Scan(&e.WishID, timeCol{&e.CreatedAt}, &e.Submitter.UserID, &e.SupportRows); err != nil {
			return nil, fmt.Errorf("backlog of %s: %w", key, err)
		}
		out = append(out, e)
		ids = append(ids, e.WishID)
		people[e.Submitter.UserID] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("backlog of %s: %w", key, err)
	}
	rows.Close()
	if len(out) == 0 {
		return nil, nil
	}
	at := make(map[int64]int, len(out))
	for i, e := range out {
		at[e.WishID] = i
	}
	for chunk := range chunks(ids, 500) {
		rows, err := t.tx.QueryContext(t.ctx, `SELECT s.wish_id, s.user_id, COALESCE(o.org_key, '') FROM supports s
			LEFT JOIN user_organisations o ON o.user_id = s.user_id WHERE s.wish_id IN (`+placeholders(len(chunk))+`)`, chunk...)
		if err != nil {
			return nil, wrapf(err, "supporters in the backlog of %s", key)
		}
		for rows.Next() {
			var (
				id int64
				s  workflow.Supporter
			)
			if err := rows.Scan(&id, &s.UserID, &s.Org); err != nil {
				rows.Close()
				return nil, fmt.Errorf("supporters in the backlog of %s: %w", key, err)
			}
			out[at[id]].Supporters = append(out[at[id]].Supporters, s)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("supporters in the backlog of %s: %w", key, err)
		}
	}
	orgs, err := t.organisationsOf(people)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Submitter.Org = orgs[out[i].Submitter.UserID]
	}
	return out, nil
}

// organisationsOf returns the organisation keys of people, by person; those with none
// are left out.
func (t *tx) organisationsOf(people map[string]bool) (map[string]string, error) {
	var users []any
	for u := range people {
		users = append(users, u)
	}
	out := make(map[string]string, len(users))
	for chunk := range chunks(users, 500) {
		orgs, err := t.pairs("SELECT user_id, org_key FROM user_organisations WHERE user_id IN ("+placeholders(len(chunk))+")", chunk...)
		if err != nil {
			return nil, fmt.Errorf("organisations of people: %w", err)
		}
		maps.Copy(out, orgs)
	}
	return out, nil
}

// backlogWhere selects the wishes of group key in states, by wishes_backlog.
func backlogWhere(key string, states []workflow.State) (string, []any) {
	args := []any{key}
	for _, st := range states {
		args = append(args, string(st))
	}
	return "w.group_key = ? AND w.state IN (" + placeholders(len(states)) + ")", args
}

// chunks yields xs in pieces of at most n, to keep an IN list short.
func chunks(xs []any, n int) func(yield func([]any) bool) {
	return func(yield func([]any) bool) {
		for len(xs) > 0 {
			c := xs[:min(n, len(xs))]
			xs = xs[len(c):]
			if !yield(c) {
				return
			}
		}
	}
}
