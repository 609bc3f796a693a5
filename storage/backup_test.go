package storage_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
)

func lastVersion() int {
	all := storage.MigrationNames()
	v, _ := strconv.Atoi(strings.SplitN(all[len(all)-1], "_", 2)[0])
	return v
}

func TestPreMigrationBackup(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.OpenNoMigrate(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil || db.BeforeMigration != "" {
		t.Fatalf("a new database got a pre-migration backup %q, %v", db.BeforeMigration, err)
	}
	db.Close()

	old := filepath.Join(t.TempDir(), "tovholder.db")
	db, err = storage.OpenNoMigrate(ctx, old)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `INSERT INTO settings (key, value) VALUES ('channel.userclub', 'C1')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	want := old + ".before-v" + strconv.Itoa(lastVersion())
	if db.BeforeMigration != want {
		t.Fatalf("BeforeMigration = %q, want %q", db.BeforeMigration, want)
	}
	if v, err := storage.VerifyFile(ctx, want); err != nil || v != 1 {
		t.Errorf("the backup has schema version %d, %v; want 1", v, err)
	}
	conn, _ := sql.Open("sqlite3", "file:"+want+"?mode=ro")
	defer conn.Close()
	var value string
	if err := conn.QueryRow("SELECT value FROM settings WHERE key = 'channel.userclub'").Scan(&value); err != nil || value != "C1" {
		t.Errorf("the backup lacks the old data: %q, %v", value, err)
	}
}

func TestVerifyFile(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.db")
	db, err := storage.Open(ctx, good)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if v, err := storage.VerifyFile(ctx, good); err != nil || v != lastVersion() {
		t.Errorf("a good database: %d, %v", v, err)
	}
	corrupt := filepath.Join(dir, "corrupt.db")
	raw, _ := os.ReadFile(good)
	for i := 100; i < len(raw); i += 7 {
		raw[i] ^= 0x5a // a damaged disk
	}
	os.WriteFile(corrupt, raw, 0o600)
	garbage := filepath.Join(dir, "garbage.db")
	os.WriteFile(garbage, []byte(strings.Repeat("not a database ", 500)), 0o600)
	other := filepath.Join(dir, "other.db")
	conn, _ := sql.Open("sqlite3", "file:"+other)
	conn.Exec("CREATE TABLE t (x)")
	conn.Close()
	newer := filepath.Join(dir, "newer.db")
	db, _ = storage.Open(ctx, newer)
	db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '')`)
	db.Close()
	for _, p := range []string{corrupt, garbage, other, newer, filepath.Join(dir, "missing.db"), dir} {
		if v, err := storage.VerifyFile(ctx, p); err == nil {
			t.Errorf("%s was accepted as version %d", filepath.Base(p), v)
		}
	}
}

func TestVerifiedBackupRotation(t *testing.T) {
	db := openTemp(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a backup"), 0o600)
	at := time.Date(2027, 3, 1, 3, 0, 0, 0, time.UTC)
	var made []string
	for i := range 5 {
		name, removed, err := db.VerifiedBackup(ctx, dir, at.AddDate(0, 0, i), 3)
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, name)
		if i >= 3 && (len(removed) != 1 || removed[0] != made[i-3]) {
			t.Errorf("backup %d removed %v, want %s", i, removed, made[i-3])
		}
	}
	left, _ := storage.Backups(dir)
	if strings.Join(left, " ") != strings.Join(made[2:], " ") {
		t.Errorf("kept %v, want the newest three %v", left, made[2:])
	}
	if _, err := os.Stat(filepath.Join(dir, "notes.txt")); err != nil {
		t.Errorf("rotation removed a file that is not a backup")
	}
	if _, _, err := db.VerifiedBackup(ctx, filepath.Join(dir, "missing"), at, 3); err == nil {
		t.Errorf("a backup into a missing directory succeeded")
	}
}

func openTemp(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(ctx, filepath.Join(t.TempDir(), "tovholder.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
