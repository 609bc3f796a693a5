package storage

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// orgsConfigured is the setting that tells a configured, emptied list from none.
const orgsConfigured = "organisations.configured"

// organisations reads the configured organisations (Organisations, readmemo.go).
func (t *tx) organisations() ([]workflow.Organisation, error) {
	set, err := t.Setting(orgsConfigured)
	if err != nil || set == "" {
		return nil, err
	}
	rows, err := t.tx.QueryContext(t.ctx, "SELECT key, name, grp FROM organisations ORDER BY position")
	if err != nil {
		return nil, wrapf(err, "load organisations")
	}
	defer rows.Close()
	out := []workflow.Organisation{}
	for rows.Next() {
		var o workflow.Organisation
		if err := rows.Scan(&o.Key, &o.Name, &o.Group); err != nil {
			return nil, wrapf(err, "load organisations")
		}
		out = append(out, o)
	}
	return out, wrapf(rows.Err(), "load organisations")
}

// SaveOrganisations replaces the configured list.
func (t *tx) SaveOrganisations(os []workflow.Organisation) error {
	if _, err := t.exec("DELETE FROM organisations"); err != nil {
		return wrapf(err, "clear organisations")
	}
	for i, o := range os {
		if _, err := t.exec("INSERT INTO organisations (key, name, grp, position) VALUES (?, ?, ?, ?)",
			o.Key, o.Name, o.Group, i); err != nil {
			return wrapf(err, "save organisation %s", o.Key)
		}
	}
	return t.SetSetting(orgsConfigured, "1")
}

// userOrganisation reads the key of user's organisation (UserOrganisation, readmemo.go).
func (t *tx) userOrganisation(user string) (string, error) {
	var key string
	err := t.queryRow("SELECT org_key FROM user_organisations WHERE user_id = ?", user).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return key, wrapf(err, "load organisation of %s", user)
}

// SetUserOrganisation records user's organisation.
func (t *tx) SetUserOrganisation(user, key string, at time.Time) error {
	_, err := t.exec(`INSERT INTO user_organisations (user_id, org_key, set_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO UPDATE SET org_key = excluded.org_key, set_at = excluded.set_at`, user, key, timeArg(at))
	return wrapf(err, "save organisation of %s", user)
}

// AddSupport records user's support of wish id; false when they supported it already.
func (t *tx) AddSupport(id int64, user string, at time.Time) (bool, error) {
	ok, err := t.changed("INSERT INTO supports (wish_id, user_id, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		id, user, timeArg(at))
	return ok, wrapf(err, "support wish %d", id)
}

// RemoveSupport withdraws user's support of wish id; false when there was none.
func (t *tx) RemoveSupport(id int64, user string) (bool, error) {
	ok, err := t.changed("DELETE FROM supports WHERE wish_id = ? AND user_id = ?", id, user)
	return ok, wrapf(err, "unsupport wish %d", id)
}

// MoveSupport moves the support of wish from to wish to; a person who supports both
// keeps one support of to, its earlier time.
func (t *tx) MoveSupport(from, to int64) error {
	if _, err := t.exec(`INSERT INTO supports (wish_id, user_id, at) SELECT ?, user_id, at FROM supports
		WHERE wish_id = ? ORDER BY at, rowid ON CONFLICT DO NOTHING`, to, from); err != nil {
		return wrapf(err, "move support of %d to %d", from, to)
	}
	_, err := t.exec("DELETE FROM supports WHERE wish_id = ?", from)
	return wrapf(err, "move support of %d", from)
}

// supporters reads the people supporting wish id (Supporters, readmemo.go).
func (t *tx) supporters(id int64) ([]workflow.Supporter, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT s.user_id, COALESCE(o.org_key, '') FROM supports s
		LEFT JOIN user_organisations o ON o.user_id = s.user_id WHERE s.wish_id = ? ORDER BY s.at, s.rowid`, id)
	if err != nil {
		return nil, wrapf(err, "supporters of %d", id)
	}
	defer rows.Close()
	var out []workflow.Supporter
	for rows.Next() {
		var s workflow.Supporter
		if err := rows.Scan(&s.UserID, &s.Org); err != nil {
			return nil, fmt.Errorf("supporters of %d: %w", id, err)
		}
		out = append(out, s)
	}
	return out, wrapf(rows.Err(), "supporters of %d", id)
}
