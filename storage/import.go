package storage

import (
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// ImportedWish returns the wish imported under key; ErrNotFound when none was.
func (t *tx) ImportedWish(key string) (int64, error) {
	var id int64
	err := t.queryRow("SELECT wish_id FROM imported_wishes WHERE key = ?", key).Scan(&id)
	return id, wrapf(mapErr(err), "look up import key %q", key)
}

// RecordImport remembers that key was imported as wish id; ErrExists when key was.
func (t *tx) RecordImport(key string, id int64, at time.Time) error {
	_, err := t.exec("INSERT INTO imported_wishes (key, wish_id, imported_at) VALUES (?, ?, ?)", key, id, timeArg(at))
	return wrapf(mapErr(err), "record import key %q", key)
}

var _ workflow.ImportTx = (*tx)(nil)
