package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// tx is a workflow.Tx on one SQL transaction. workflow's Tx methods take no context,
// so the transaction's own is kept here.
type tx struct {
	ctx context.Context
	tx  *sql.Tx
	now func() time.Time

	cache    *electorates
	readOnly bool               // a read transaction: what it reads is committed
	pending  []cachedElectorate // read by a write transaction, cached once it commits
	stances  stanceCache        // a write transaction's stances; nil in a read transaction
	memo     *readMemo          // a read transaction's (readmemo.go); nil in a write transaction
}

// remember caches an electorate this transaction read: at once when it is committed
// data, else when the transaction commits.
func (t *tx) remember(pollID int64, users []string) {
	if t.cache == nil {
		return
	}
	if t.readOnly {
		t.cache.put(pollID, users)
		return
	}
	t.pending = append(t.pending, cachedElectorate{pollID, users})
}

// committed caches what the transaction read, now that it is committed.
func (t *tx) committed() {
	for _, e := range t.pending {
		t.cache.put(e.pollID, e.users)
	}
	t.pending = nil
}

var _ workflow.Tx = (*tx)(nil)

func (t *tx) exec(query string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(t.ctx, query, args...)
	return res, mapErr(err)
}

// changed runs a statement and reports whether it touched a row.
func (t *tx) changed(query string, args ...any) (bool, error) {
	res, err := t.exec(query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// mustChange runs an update that must find its row: ErrNotFound when it does not.
func (t *tx) mustChange(query string, args ...any) error {
	ok, err := t.changed(query, args...)
	if err == nil && !ok {
		err = workflow.ErrNotFound
	}
	return err
}

func (t *tx) queryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, query, args...)
}

// strings runs a query of one text column.
func (t *tx) strings(query string, args ...any) ([]string, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// pairs runs a query of two text columns into a map from the first to the second.
func (t *tx) pairs(query string, args ...any) (map[string]string, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// timeLayout is fixed-width so that times sort as text.
const timeLayout = "2006-01-02T15:04:05.000000Z"

// timeArg is the column form of t: UTC text, or NULL for the zero time.
func timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC().Format(timeLayout)
}

// timeCol scans a time column; NULL is the zero time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(v any) error {
	var s string
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case string:
		s = v
	case []byte:
		s = string(v)
	default:
		return fmt.Errorf("scan time from %T", v)
	}
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		return fmt.Errorf("scan time: %w", err)
	}
	*c.t = t
	return nil
}

// idArg is the column form of a reference: NULL for 0, so that an absent wish or
// poll passes foreign keys and stays out of indexes.
func idArg(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// idCol scans a nullable integer column; NULL is 0.
type idCol struct{ n *int64 }

func (c idCol) Scan(v any) error {
	var n sql.NullInt64
	if err := n.Scan(v); err != nil {
		return err
	}
	*c.n = n.Int64
	return nil
}

// textArg is the column form of an optional unique text: NULL for "", since NULLs
// never collide in a UNIQUE column.
func textArg(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// textCol scans a nullable text column; NULL is "".
type textCol struct{ s *string }

func (c textCol) Scan(v any) error {
	var n sql.NullString
	if err := n.Scan(v); err != nil {
		return err
	}
	*c.s = n.String
	return nil
}

// dataArg is the column form of an event's details: a JSON object, or NULL for none.
func dataArg(m map[string]string) (any, error) {
	if len(m) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// dataCol scans an event's details; NULL is a nil map.
type dataCol struct{ m *map[string]string }

func (c dataCol) Scan(v any) error {
	var s sql.NullString
	if err := s.Scan(v); err != nil {
		return err
	}
	*c.m = nil
	if !s.Valid || s.String == "" {
		return nil
	}
	return json.Unmarshal([]byte(s.String), c.m)
}

func boolArg(b bool) int {
	if b {
		return 1
	}
	return 0
}
