// Package storagetest opens a real, migrated SQLite database for tests of any package.
package storagetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/os2kitos/tovholder/storage"
)

// Open returns a migrated database in a fresh file under t.TempDir(), closed when the
// test ends. A file, not :memory:, so that the read and write pools share one database.
func Open(t testing.TB) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "tovholder.db"))
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("close test database: %v", err)
		}
	})
	return db
}
