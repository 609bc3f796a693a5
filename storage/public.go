package storage

import (
	"fmt"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// PublicWishes returns the page of wishes matching f, newest first, and how many
// match in all. The search is a case-insensitive substring of the title or purpose;
// LIKE's wildcards in the query are matched as text.
func (t *tx) PublicWishes(f workflow.PublicFilter) ([]workflow.Wish, int, error) {
	where, args := publicWhere(f)
	var n int
	if err := t.queryRow("SELECT count(*) FROM wishes"+where, args...).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("count public wishes: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = workflow.PageSize
	}
	rows, err := t.tx.QueryContext(t.ctx, "SELECT "+wishColumns+" FROM wishes"+where+" ORDER BY id DESC LIMIT ? OFFSET ?",
		append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("list public wishes: %w", err)
	}
	defer rows.Close()
	var ws []workflow.Wish
	for rows.Next() {
		w, err := scanWish(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("list public wishes: %w", err)
		}
		ws = append(ws, w)
	}
	return ws, n, wrapf(rows.Err(), "list public wishes")
}

func publicWhere(f workflow.PublicFilter) (string, []any) {
	var conds []string
	var args []any
	if f.State != "" {
		conds, args = append(conds, "state = ?"), append(args, string(f.State))
	}
	if f.Group != "" {
		conds, args = append(conds, "(group_key = ? OR (group_key = '' AND requested_group = ?))"), append(args, f.Group, f.Group)
	}
	if f.Cycle != "" {
		conds, args = append(conds, "cycle = ?"), append(args, f.Cycle)
	}
	if f.Query != "" {
		like := "%" + strings.NewReplacer(`\`, `\\`, "%", `\%`, "_", `\_`).Replace(f.Query) + "%"
		conds, args = append(conds, `(title LIKE ? ESCAPE '\' OR purpose LIKE ? ESCAPE '\')`), append(args, like, like)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// StateCounts counts the wishes in each state.
func (t *tx) StateCounts() (map[workflow.State]int, error) {
	rows, err := t.tx.QueryContext(t.ctx, "SELECT state, count(*) FROM wishes GROUP BY state")
	if err != nil {
		return nil, fmt.Errorf("count wishes by state: %w", err)
	}
	defer rows.Close()
	out := map[workflow.State]int{}
	for rows.Next() {
		var s workflow.State
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, fmt.Errorf("count wishes by state: %w", err)
		}
		out[s] = n
	}
	return out, wrapf(rows.Err(), "count wishes by state")
}

// AnnouncedEvents returns the newest limit moves into an announced state, of wishes
// routed to group when group is not "", newest first.
func (t *tx) AnnouncedEvents(group string, limit int) ([]workflow.Event, error) {
	states := make([]any, 0, len(workflow.AnnouncedStates)+2)
	states = append(states, string(workflow.EvWishMoved))
	for _, s := range workflow.AnnouncedStates {
		states = append(states, string(s))
	}
	query := "SELECT " + eventColumns + " FROM events WHERE kind = ? AND to_state IN (" +
		placeholders(len(workflow.AnnouncedStates)) + ")"
	if group != "" {
		query += " AND wish_id IN (SELECT id FROM wishes WHERE group_key = ?)"
		states = append(states, group)
	}
	rows, err := t.tx.QueryContext(t.ctx, query+" ORDER BY id DESC LIMIT ?", append(states, limit)...)
	if err != nil {
		return nil, fmt.Errorf("load announced events: %w", err)
	}
	es, err := scanEvents(rows)
	return es, wrapf(err, "load announced events")
}

// DisplayNames returns the stored display names of users.
func (t *tx) DisplayNames(users []string) (map[string]string, error) {
	out := map[string]string{}
	if len(users) == 0 {
		return out, nil
	}
	args := make([]any, len(users))
	for i, u := range users {
		args[i] = u
	}
	names, err := t.pairs("SELECT user_id, name FROM display_names WHERE user_id IN ("+placeholders(len(users))+")", args...)
	return names, wrapf(err, "load display names")
}

// SetDisplayName stores user's display name.
func (t *tx) SetDisplayName(user, name string, at time.Time) error {
	_, err := t.exec(`INSERT INTO display_names (user_id, name, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET name = excluded.name, updated_at = excluded.updated_at`,
		user, name, timeArg(at))
	return wrapf(err, "store display name")
}

// LastChange is the time of the newest event or stored display name, or the zero time
// when there is none.
func (t *tx) LastChange() (time.Time, error) {
	var at, named time.Time
	err := t.queryRow("SELECT at FROM events ORDER BY id DESC LIMIT 1").Scan(timeCol{&at})
	if err = mapErr(err); err != nil && workflow.KindOf(err) != workflow.NotFound {
		return at, wrapf(err, "load the last change")
	}
	if err := t.queryRow("SELECT max(updated_at) FROM display_names").Scan(timeCol{&named}); err != nil {
		return at, wrapf(err, "load the last change of a name")
	}
	if named.After(at) {
		at = named
	}
	return at, nil
}

// HeldMeetings returns the newest limit meetings of group key with minutes, newest
// first, and how many there are in all.
func (t *tx) HeldMeetings(key string, limit int) ([]workflow.Meeting, int, error) {
	var n int
	if err := t.tx.QueryRowContext(t.ctx, "SELECT count(*) FROM meetings WHERE group_key = ? AND state = ?",
		key, string(workflow.MeetingHeld)).Scan(&n); err != nil {
		return nil, 0, fmt.Errorf("count held meetings: %w", err)
	}
	ms, err := t.meetings(`SELECT `+meetingColumns+` FROM meetings WHERE group_key = ? AND state = ?
		ORDER BY start DESC, id DESC LIMIT ?`, key, string(workflow.MeetingHeld), limit)
	return ms, n, wrapf(err, "load held meetings")
}
