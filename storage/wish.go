package storage

import (
	"fmt"
	"strings"

	"github.com/os2kitos/tovholder/workflow"
)

const wishColumns = `id, title, purpose, value, description, requested_group, group_key, size, priority,
	state, submitter_id, duplicate_of, question, spec_link, spec_summary, cycle, created_at, updated_at, revision,
	source_link`

// wishArgs are w's columns after id, in the order of wishColumns.
func wishArgs(w workflow.Wish) []any {
	return []any{w.Title, w.Purpose, w.Value, w.Description, w.RequestedGroup, w.Group, string(w.Size),
		string(w.Priority), string(w.State), w.SubmitterID, idArg(w.DuplicateOf), w.Question, w.SpecLink,
		w.SpecSummary, w.Cycle, timeArg(w.CreatedAt), timeArg(w.UpdatedAt), int64(w.Revision), w.SourceLink}
}

func scanWish(s scanner) (workflow.Wish, error) {
	var w workflow.Wish
	err := s.Scan(&w.ID, &w.Title, &w.Purpose, &w.Value, &w.Description, &w.RequestedGroup, &w.Group,
		&w.Size, &w.Priority, &w.State, &w.SubmitterID, idCol{&w.DuplicateOf}, &w.Question, &w.SpecLink,
		&w.SpecSummary, &w.Cycle, timeCol{&w.CreatedAt}, timeCol{&w.UpdatedAt}, &w.Revision, &w.SourceLink)
	return w, err
}

// CreateWish stores w under the next wish number, ignoring w.ID, and returns it.
func (t *tx) CreateWish(w workflow.Wish) (int64, error) {
	cols := strings.TrimPrefix(wishColumns, "id, ")
	res, err := t.exec("INSERT INTO wishes ("+cols+") VALUES (?"+strings.Repeat(", ?", 18)+")", wishArgs(w)...)
	if err != nil {
		return 0, fmt.Errorf("create wish: %w", err)
	}
	return res.LastInsertId()
}

// Wish returns wish id; ErrNotFound when there is none.
func (t *tx) Wish(id int64) (workflow.Wish, error) {
	w, err := scanWish(t.queryRow("SELECT "+wishColumns+" FROM wishes WHERE id = ?", id))
	return w, wrapf(mapErr(err), "load wish %d", id)
}

// UpdateWish saves every field of w; ErrNotFound when there is no wish w.ID.
func (t *tx) UpdateWish(w workflow.Wish) error {
	err := t.mustChange(`UPDATE wishes SET title = ?, purpose = ?, value = ?, description = ?,
		requested_group = ?, group_key = ?, size = ?, priority = ?, state = ?, submitter_id = ?,
		duplicate_of = ?, question = ?, spec_link = ?, spec_summary = ?, cycle = ?, created_at = ?,
		updated_at = ?, revision = ?, source_link = ? WHERE id = ?`, append(wishArgs(w), w.ID)...)
	return wrapf(err, "update wish %d", w.ID)
}

// Wishes returns the wishes matching f, newest first.
func (t *tx) Wishes(f workflow.WishFilter) ([]workflow.Wish, error) {
	where, args := wishWhere(f, true)
	order := " ORDER BY id DESC"
	if f.Oldest {
		order = " ORDER BY id"
	}
	query := "SELECT " + wishColumns + " FROM wishes" + where + order
	if f.Limit > 0 {
		query += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list wishes: %w", err)
	}
	defer rows.Close()
	var ws []workflow.Wish
	for rows.Next() {
		w, err := scanWish(rows)
		if err != nil {
			return nil, fmt.Errorf("list wishes: %w", err)
		}
		ws = append(ws, w)
	}
	return ws, wrapf(rows.Err(), "list wishes")
}

// CountWishes counts the wishes matching f, ignoring BeforeID and Limit.
func (t *tx) CountWishes(f workflow.WishFilter) (int, error) {
	where, args := wishWhere(f, false)
	var n int
	err := t.queryRow("SELECT count(*) FROM wishes"+where, args...).Scan(&n)
	return n, wrapf(err, "count wishes")
}

// wishWhere is the WHERE clause of f; paging adds BeforeID.
func wishWhere(f workflow.WishFilter, paging bool) (string, []any) {
	var conds []string
	var args []any
	if f.Submitter != "" {
		conds, args = append(conds, "submitter_id = ?"), append(args, f.Submitter)
	}
	if f.Group != "" {
		// A wish belongs to a group once routed there, and before that when asked for;
		// once routed elsewhere, the submitter's request no longer counts.
		conds, args = append(conds, "(group_key = ? OR (group_key = '' AND requested_group = ?))"), append(args, f.Group, f.Group)
	}
	if len(f.States) > 0 {
		conds = append(conds, "state IN ("+placeholders(len(f.States))+")")
		for _, s := range f.States {
			args = append(args, string(s))
		}
	}
	if len(f.Sizes) > 0 {
		conds = append(conds, "size IN ("+placeholders(len(f.Sizes))+")")
		for _, s := range f.Sizes {
			args = append(args, string(s))
		}
	}
	if f.OpenOnly {
		// IN the open states, not NOT IN the closed ones: a count then seeks each
		// state in the index instead of reading all of it.
		open := openStates()
		conds = append(conds, "state IN ("+placeholders(len(open))+")")
		args = append(args, open...)
	}
	if paging && f.BeforeID > 0 {
		conds, args = append(conds, "id < ?"), append(args, f.BeforeID)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// openStates derives the open states from workflow, so that a new state is
// classified in one place.
func openStates() []any {
	var out []any
	for _, s := range workflow.States {
		if s.Open() {
			out = append(out, string(s))
		}
	}
	return out
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// Followers returns the users following wish id, in the order they followed.
func (t *tx) Followers(id int64) ([]string, error) {
	users, err := t.strings("SELECT user_id FROM followers WHERE wish_id = ? ORDER BY since, rowid", id)
	return users, wrapf(err, "load followers of wish %d", id)
}

// Follow makes user follow wish id; false when already following, ErrNotFound when
// there is no such wish.
func (t *tx) Follow(id int64, user string) (bool, error) {
	ok, err := t.changed(`INSERT INTO followers (wish_id, user_id, since) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, id, user, timeArg(t.now()))
	return ok, wrapf(err, "follow wish %d", id)
}

// Unfollow stops user following wish id; false when not following.
func (t *tx) Unfollow(id int64, user string) (bool, error) {
	ok, err := t.changed("DELETE FROM followers WHERE wish_id = ? AND user_id = ?", id, user)
	return ok, wrapf(err, "unfollow wish %d", id)
}
