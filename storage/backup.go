package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// VerifyFile checks that the file at path is a sound Tovholder database this release
// can run: SQLite's integrity check passes, and its schema is not newer than this
// release knows. It opens the file read-only and returns its schema version.
func VerifyFile(ctx context.Context, path string) (int, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return 0, fmt.Errorf("verify %s: not a file", path)
	}
	conn, err := sql.Open("sqlite3", dsn(path, "mode=ro&_busy_timeout=5000"))
	if err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	defer conn.Close()
	var result string
	if err := conn.QueryRowContext(ctx, "PRAGMA integrity_check(1)").Scan(&result); err != nil {
		return 0, fmt.Errorf("verify %s: not a sound SQLite database: %w", path, err)
	}
	if result != "ok" {
		return 0, fmt.Errorf("verify %s: the integrity check failed: %s", path, result)
	}
	return checkSchema(ctx, conn, path)
}

// checkSchema reads the schema version of a verified file and refuses one that is
// not Tovholder's or is newer than this release.
func checkSchema(ctx context.Context, conn *sql.DB, path string) (int, error) {
	var n int
	err := conn.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Scan(&n)
	if err != nil || n == 0 {
		return 0, fmt.Errorf("verify %s: not a Tovholder database (no schema_migrations)", path)
	}
	rows, err := conn.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	defer rows.Close()
	done, v := map[int]bool{}, 0
	for rows.Next() {
		var x int
		if err := rows.Scan(&x); err != nil {
			return 0, fmt.Errorf("verify %s: %w", path, err)
		}
		done[x], v = true, max(v, x)
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	ms, err := migrations()
	if err != nil {
		return 0, err
	}
	if err := checkKnown(done, ms); err != nil {
		return 0, fmt.Errorf("verify %s: %w", path, err)
	}
	return v, nil
}

// BackupPrefix and BackupSuffix frame the name of a scheduled backup:
// <prefix><UTC time><suffix>, so that names sort by time.
const (
	BackupPrefix = "tovholder-"
	BackupSuffix = ".db"
)

// VerifiedBackup writes a consistent copy of the database into dir as
// tovholder-<UTC time>.db: VACUUM INTO a temporary name, the integrity check on the
// copy, then a rename, so that a file with the final name is always a sound backup.
// It then removes the oldest backups beyond keep, and returns the new file and the
// removed ones.
func (db *DB) VerifiedBackup(ctx context.Context, dir string, at time.Time, keep int) (string, []string, error) {
	name := filepath.Join(dir, BackupPrefix+at.UTC().Format("20060102T150405Z")+BackupSuffix)
	tmp := name + ".tmp"
	_ = os.Remove(tmp) // left by a run that died half-way
	if err := db.Backup(ctx, tmp); err != nil {
		return "", nil, err
	}
	if _, err := VerifyFile(ctx, tmp); err != nil {
		os.Remove(tmp)
		return "", nil, fmt.Errorf("backup %s: %w", name, err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return "", nil, fmt.Errorf("backup %s: %w", name, err)
	}
	removed, err := rotate(dir, keep)
	return name, removed, err
}

// Backups lists the scheduled backups in dir, oldest first.
func Backups(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		if n := e.Name(); e.Type().IsRegular() && strings.HasPrefix(n, BackupPrefix) && strings.HasSuffix(n, BackupSuffix) {
			out = append(out, filepath.Join(dir, n))
		}
	}
	slices.Sort(out)
	return out, nil
}

func rotate(dir string, keep int) ([]string, error) {
	all, err := Backups(dir)
	if err != nil || len(all) <= keep {
		return nil, err
	}
	var removed []string
	var errs []error
	for _, old := range all[:len(all)-keep] {
		if err := os.Remove(old); err != nil {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, old)
	}
	return removed, errors.Join(errs...)
}

// Checkpoint copies everything in the write-ahead log of the database at path into
// the file and empties the log, so that the file alone is the whole database (before
// restore moves it aside).
func Checkpoint(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite3", dsn(path, "mode=rw&_busy_timeout=5000"))
	if err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("checkpoint %s: %w", path, err)
	}
	return conn.Close()
}
