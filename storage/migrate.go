package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
)

// migrationFiles are the forward-only schema changes, named NNN_what.sql. Add a new
// file to change the schema; never edit one that has been released.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered schema change.
type migration struct {
	version int
	name    string // the file name, e.g. "001_init.sql"
	sql     string
}

// migrations reads the embedded files in order of their numbers.
func migrations() ([]migration, error) {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, p := range names {
		name := path.Base(p)
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a number and _", name)
		}
		b, err := migrationFiles.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i := 1; i < len(ms); i++ {
		if ms[i].version == ms[i-1].version {
			return nil, fmt.Errorf("migrations %s and %s share a number", ms[i-1].name, ms[i].name)
		}
	}
	return ms, nil
}

// Migrate applies the migrations the database lacks, in order, each in its own
// transaction, and returns the names of those it applied. Run again, it applies nothing.
func (db *DB) Migrate(ctx context.Context) (applied []string, err error) {
	return db.migrateTo(ctx, 0)
}

// MigrateTo applies the pending migrations up to version and no further, so that a
// test can build a database as an older release left it (open it with OpenNoMigrate).
func (db *DB) MigrateTo(ctx context.Context, version int) ([]string, error) {
	if version <= 0 {
		return nil, fmt.Errorf("migrate to schema version %d: a version is required", version)
	}
	return db.migrateTo(ctx, version)
}

// migrateTo applies the pending migrations up to version upTo (0 for all), so that
// tests can build a database as an older release left it.
func (db *DB) migrateTo(ctx context.Context, upTo int) ([]string, error) {
	ms, err := migrations()
	if err != nil {
		return nil, err
	}
	const create = `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`
	if _, err := db.write.ExecContext(ctx, create); err != nil {
		return nil, fmt.Errorf("create schema_migrations: %w", err)
	}
	done, err := db.appliedVersions(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkKnown(done, ms); err != nil {
		return nil, err
	}
	var pending []migration
	for _, m := range ms {
		if !done[m.version] && (upTo == 0 || m.version <= upTo) {
			pending = append(pending, m)
		}
	}
	if len(done) > 0 && len(pending) > 0 {
		if err := db.backupBefore(ctx, pending[len(pending)-1].version); err != nil {
			return nil, err
		}
	}
	var applied []string
	for _, m := range pending {
		ok, err := db.apply(ctx, m)
		if err != nil {
			return applied, err
		}
		if ok {
			applied = append(applied, m.name)
		}
	}
	return applied, nil
}

// backupBefore writes <db>.before-v<version> before migrations change an existing
// database to version, so that an upgrade can be rolled back: stop the new release,
// restore this file, start the old one. An existing file of that name is kept (it is
// the older state) and the new one gets the time in its name.
func (db *DB) backupBefore(ctx context.Context, version int) error {
	dest := db.path + ".before-v" + strconv.Itoa(version)
	if _, err := os.Stat(dest); err == nil {
		dest += "-" + db.now().Format("20060102T150405Z")
	}
	if err := db.Backup(ctx, dest); err != nil {
		return fmt.Errorf("backup before migrating to schema version %d (nothing was migrated): %w", version, err)
	}
	db.BeforeMigration = dest
	return nil
}

// checkKnown refuses a database migrated by a newer release: this binary does not
// know its schema and could damage it.
func checkKnown(done map[int]bool, ms []migration) error {
	known := map[int]bool{}
	for _, m := range ms {
		known[m.version] = true
	}
	for v := range done {
		if !known[v] {
			return fmt.Errorf("database has migration %d, unknown to this release: upgrade Tovholder", v)
		}
	}
	return nil
}

func (db *DB) appliedVersions(ctx context.Context) (map[int]bool, error) {
	rows, err := db.write.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("read schema_migrations: %w", err)
	}
	defer rows.Close()
	done := map[int]bool{}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("read schema_migrations: %w", err)
		}
		done[v] = true
	}
	return done, rows.Err()
}

// apply runs one migration and records it in the same transaction, so that a failed
// migration leaves neither its changes nor its record behind. It reports false when
// another process applied m first (a `tovholder migrate` beside a starting server).
func (db *DB) apply(ctx context.Context, m migration) (bool, error) {
	stx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	defer stx.Rollback()
	var n int
	if err := stx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := stx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.name, err)
	}
	_, err = stx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, timeArg(db.now()))
	if err != nil {
		return false, fmt.Errorf("record migration %s: %w", m.name, err)
	}
	if err := stx.Commit(); err != nil {
		return false, fmt.Errorf("commit migration %s: %w", m.name, err)
	}
	return true, nil
}

// SchemaVersion returns the number of the last migration applied, 0 for none.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var exists int
	err := db.queryRow(ctx,
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Scan(&exists)
	if err != nil || exists == 0 {
		return 0, wrapf(err, "read schema version")
	}
	var v sql.NullInt64
	if err := db.queryRow(ctx, "SELECT max(version) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}
