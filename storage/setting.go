package storage

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/os2kitos/tovholder/workflow"
)

// Setting returns the value of key, or "" when it is unset.
func (t *tx) Setting(key string) (string, error) {
	var v string
	err := t.queryRow("SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, wrapf(err, "load setting %s", key)
}

// SetSetting sets key to value.
func (t *tx) SetSetting(key, value string) error {
	_, err := t.exec(`INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return wrapf(err, "save setting %s", key)
}

// UserRoles returns the roles granted to user, in the order they were granted.
func (t *tx) UserRoles(user string) ([]workflow.Role, error) {
	names, err := t.strings("SELECT role FROM roles WHERE user_id = ? ORDER BY granted_at, rowid", user)
	if err != nil {
		return nil, fmt.Errorf("load roles of %s: %w", user, err)
	}
	var roles []workflow.Role
	for _, n := range names {
		roles = append(roles, workflow.Role(n))
	}
	return roles, nil
}

// RoleHolders returns the users holding role, in the order they were granted it.
func (t *tx) RoleHolders(role workflow.Role) ([]string, error) {
	users, err := t.strings("SELECT user_id FROM roles WHERE role = ? ORDER BY granted_at, rowid", string(role))
	return users, wrapf(err, "load holders of %s", role)
}

// GrantRole grants role to user; false when the user already had it.
func (t *tx) GrantRole(user string, role workflow.Role) (bool, error) {
	ok, err := t.changed(`INSERT INTO roles (user_id, role, granted_at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, user, string(role), timeArg(t.now()))
	return ok, wrapf(err, "grant %s to %s", role, user)
}

// RevokeRole revokes role from user; false when the user did not have it.
func (t *tx) RevokeRole(user string, role workflow.Role) (bool, error) {
	ok, err := t.changed("DELETE FROM roles WHERE user_id = ? AND role = ?", user, string(role))
	return ok, wrapf(err, "revoke %s from %s", role, user)
}
