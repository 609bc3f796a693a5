package storage_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

var ctx = context.Background()

func TestPing(t *testing.T) {
	db := storagetest.Open(t)
	if err := db.Ping(ctx); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func TestOpenRefusesMemory(t *testing.T) {
	if _, err := storage.Open(ctx, ":memory:"); err == nil {
		t.Fatal("Open(:memory:) succeeded; want an error")
	}
}

func TestAtomic(t *testing.T) {
	t.Run("Commit", func(t *testing.T) {
		db := storagetest.Open(t)
		write(t, db, func(tx workflow.Tx) error { return tx.SetSetting("a", "1") })
		if got := setting(t, db, "a"); got != "1" {
			t.Errorf("setting a = %q, want 1", got)
		}
	})
	t.Run("RollbackOnError", func(t *testing.T) {
		db := storagetest.Open(t)
		boom := errors.New("boom")
		err := db.Atomic(ctx, func(tx workflow.Tx) error {
			if err := tx.SetSetting("a", "1"); err != nil {
				return err
			}
			return boom
		})
		if err != boom {
			t.Fatalf("Atomic = %v, want fn's error as it is", err)
		}
		if got := setting(t, db, "a"); got != "" {
			t.Errorf("setting a = %q after rollback, want unset", got)
		}
	})
	t.Run("RollbackOnPanic", func(t *testing.T) {
		db := storagetest.Open(t)
		func() {
			defer func() {
				if p := recover(); p != "boom" {
					t.Errorf("recovered %v, want the panic to go on", p)
				}
			}()
			_ = db.Atomic(ctx, func(tx workflow.Tx) error {
				if err := tx.SetSetting("a", "1"); err != nil {
					return err
				}
				panic("boom")
			})
		}()
		if got := setting(t, db, "a"); got != "" {
			t.Errorf("setting a = %q after panic, want unset", got)
		}
		// The write connection went back to the pool: the next use case works.
		write(t, db, func(tx workflow.Tx) error { return tx.SetSetting("b", "2") })
	})
}

func TestReadIsReadOnly(t *testing.T) {
	db := storagetest.Open(t)
	err := db.Read(ctx, func(tx workflow.Tx) error { return tx.SetSetting("a", "1") })
	if err == nil {
		t.Fatal("SetSetting in Read succeeded; want an error")
	}
}

func TestBackup(t *testing.T) {
	db := storagetest.Open(t)
	write(t, db, func(tx workflow.Tx) error { return tx.SetSetting("channel.userclub", "C1") })
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dest); err != nil {
		t.Fatalf("Backup: %v", err)
	}
	if err := db.Backup(ctx, dest); !errors.Is(err, os.ErrExist) {
		t.Errorf("Backup over an existing file = %v, want os.ErrExist", err)
	}
	copy, err := storage.Open(ctx, dest)
	if err != nil {
		t.Fatalf("open backup: %v", err)
	}
	defer copy.Close()
	if got := setting(t, copy, "channel.userclub"); got != "C1" {
		t.Errorf("backup has setting %q, want C1", got)
	}
}

// write runs fn in a write transaction and fails the test on an error.
func write(t testing.TB, db *storage.DB, fn func(workflow.Tx) error) {
	t.Helper()
	if err := db.Atomic(ctx, fn); err != nil {
		t.Fatalf("Atomic: %v", err)
	}
}

// read runs fn in a read transaction and fails the test on an error.
func read(t testing.TB, db *storage.DB, fn func(workflow.Tx) error) {
	t.Helper()
	if err := db.Read(ctx, fn); err != nil {
		t.Fatalf("Read: %v", err)
	}
}

func setting(t testing.TB, db *storage.DB, key string) string {
	t.Helper()
	var v string
	read(t, db, func(tx workflow.Tx) (err error) {
		v, err = tx.Setting(key)
		return err
	})
	return v
}

func TestOpenOddPath(t *testing.T) {
	// Characters a file: URI reads as syntax must reach the file system as they are.
	dir := filepath.Join(t.TempDir(), "a b?c#d%20e")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "t.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("Open(%q): %v", path, err)
	}
	defer db.Close()
	write(t, db, func(tx workflow.Tx) error { return tx.SetSetting("a", "1") })
	if _, err := os.Stat(path); err != nil {
		t.Errorf("database file: %v", err)
	}
}

func TestReadSnapshot(t *testing.T) {
	db := storagetest.Open(t)
	write(t, db, func(tx workflow.Tx) error { return tx.SetSetting("a", "old") })
	read(t, db, func(tx workflow.Tx) error {
		if v := must(tx.Setting("a")); v != "old" {
			t.Fatalf("setting = %q", v)
		}
		// A write committed meanwhile stays out of this snapshot.
		write(t, db, func(tx workflow.Tx) error { return tx.SetSetting("a", "new") })
		if v := must(tx.Setting("a")); v != "old" {
			t.Errorf("setting within one Read = %q after a concurrent write, want old", v)
		}
		return nil
	})
	if v := setting(t, db, "a"); v != "new" {
		t.Errorf("setting = %q, want new", v)
	}
}
