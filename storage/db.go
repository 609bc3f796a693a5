// Package storage keeps Tovholder's state in one SQLite file: it implements
// workflow.Store and the outbox, message references and inbound dedupe the bot needs.
//
// Writes are serialised through a pool of one connection, so a use case never meets
// SQLITE_BUSY from its own process; reads run concurrently on a separate pool of
// query-only connections, each in a WAL snapshot.
package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"github.com/os2kitos/tovholder/workflow"
)

// DB is the SQLite database of Tovholder. It implements workflow.Store.
type DB struct {
	path  string
	write *sql.DB // one connection: the only writer in this process
	read  *sql.DB // query-only connections for Read and Ping

	// Now stamps the rows whose Tx method takes no time (granted_at, added_at, since,
	// updated_at of message refs). Nil means time.Now; tests may replace it before use.
	Now func() time.Time

	// BeforeMigration is the backup Migrate wrote before it changed the schema of an
	// existing database ("" when it wrote none), for the caller to say so.
	BeforeMigration string

	lastPrune atomic.Int64 // when FirstSeen last pruned, in Unix nanoseconds of its at

	electorates electorates // committed polls' electorates, which never change

	stats counters // transactions begun and bare reads, for Stats
}

var _ workflow.Store = (*DB)(nil)

// Open opens the database at path, creating it if needed, and applies every pending
// migration.
func Open(ctx context.Context, path string) (*DB, error) {
	db, err := OpenNoMigrate(ctx, path)
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// OpenNoMigrate opens the database at path without touching its schema, for
// `tovholder migrate` and for tests of old schemas.
func OpenNoMigrate(ctx context.Context, path string) (*DB, error) {
	if path == "" || path == ":memory:" || strings.Contains(path, "mode=memory") {
		// Each pooled connection would get its own empty database.
		return nil, fmt.Errorf("open database: a file path is required, got %q", path)
	}
	db := &DB{path: path}
	var err error
	// _txlock=immediate: a write transaction takes the write lock at BEGIN, so it
	// never fails half-way when upgrading from a read lock. The statement cache
	// saves re-preparing the same few statements on every use case.
	db.write, err = sql.Open("sqlite3", dsn(path,
		"_foreign_keys=on&_journal_mode=WAL&_synchronous=NORMAL&_busy_timeout=5000&_txlock=immediate&_stmt_cache_size=64"))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetMaxIdleConns(1)
	db.write.SetConnMaxLifetime(0)
	db.write.SetConnMaxIdleTime(0)
	// The writer connects first: it creates the file and switches it to WAL, which
	// persists, before any reader opens it.
	if err := db.write.PingContext(ctx); err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// _txlock=deferred: go-sqlite3 ignores TxOptions.ReadOnly, and an immediate BEGIN
	// on a reader would take the write lock.
	db.read, err = sql.Open("sqlite3", dsn(path,
		"_foreign_keys=on&_query_only=on&_busy_timeout=5000&_txlock=deferred&_stmt_cache_size=64"))
	if err != nil {
		db.write.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	n := max(4, runtime.NumCPU())
	db.read.SetMaxOpenConns(n)
	db.read.SetMaxIdleConns(n)
	return db, nil
}

// dsn builds a go-sqlite3 URI for path with the given query. Characters that a URI
// would read as syntax are escaped so that any file name works.
func dsn(path, query string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?" + query
}

// Close closes both pools.
func (db *DB) Close() error {
	return errors.Join(db.read.Close(), db.write.Close())
}

// Ping checks that the database can be read, for /readyz: it runs a query that reads
// the file on a read connection, not only a round trip to the driver.
func (db *DB) Ping(ctx context.Context) error {
	var n int
	if err := db.queryRow(ctx, "SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// LatestRecord is the time of the latest event recorded, zero when there is none: a
// database made with a clock set ahead (the console's --at) has its data there.
func (db *DB) LatestRecord(ctx context.Context) (time.Time, error) {
	var t time.Time
	if err := db.queryRow(ctx, "SELECT max(at) FROM events").Scan(timeCol{&t}); err != nil {
		return time.Time{}, fmt.Errorf("latest record: %w", err)
	}
	return t, nil
}

// Backup writes a consistent copy of the database to dest while it stays in use.
// It refuses to overwrite an existing file.
func (db *DB) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup to %s: %w", dest, os.ErrExist)
	} else if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	// VACUUM INTO reads one snapshot and leaves writers alone, but it needs a
	// connection that is neither query-only (it writes dest) nor the writer's (it
	// would hold up every use case while it copies): so one of its own.
	conn, err := sql.Open("sqlite3", dsn(db.path, "_busy_timeout=5000&_txlock=deferred"))
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", dest); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return conn.Close()
}

// Atomic runs fn in one write transaction and commits what it did, or rolls back
// when fn returns an error or panics (the panic goes on). Write transactions are
// serialised by the single write connection; fn must not call Atomic itself.
// fn's error is returned as it is, so that domain errors reach the caller intact.
func (db *DB) Atomic(ctx context.Context, fn func(workflow.Tx) error) error {
	return db.run(ctx, db.write, nil, fn)
}

// Read runs fn in a read-only transaction that sees one consistent snapshot: the
// Snapshot that ctx carries, if any (see Snapshot), else one of its own.
func (db *DB) Read(ctx context.Context, fn func(workflow.Tx) error) error {
	if s := db.snapshotOf(ctx); s != nil {
		return fn(s.t)
	}
	return db.run(ctx, db.read, &sql.TxOptions{ReadOnly: true}, fn)
}

func (db *DB) run(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(workflow.Tx) error) (err error) {
	if pool == db.read {
		db.stats.read.Add(1)
	} else {
		db.stats.write.Add(1)
	}
	stx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return fmt.Errorf("begin transaction: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
	}()
	t := &tx{ctx: ctx, tx: stx, now: db.now, cache: &db.electorates, readOnly: pool == db.read}
	if t.readOnly {
		t.memo = &readMemo{}
	} else {
		t.stances = stanceCache{}
	}
	if err := fn(t); err != nil {
		_ = stx.Rollback() // fn's error is the one that matters
		return err
	}
	if err := stx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", mapErr(err))
	}
	t.committed()
	return nil
}

func (db *DB) now() time.Time {
	if db.Now == nil {
		return time.Now().UTC()
	}
	return db.Now().UTC()
}

// mapErr turns SQLite's errors into workflow's: a taken unique key is ErrExists, a
// missing row (or a reference to one) is ErrNotFound. The original stays in the chain.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%w: %w", workflow.ErrNotFound, err)
	}
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.ExtendedCode {
		case sqlite3.ErrConstraintUnique, sqlite3.ErrConstraintPrimaryKey:
			return fmt.Errorf("%w: %w", workflow.ErrExists, err)
		case sqlite3.ErrConstraintForeignKey:
			return fmt.Errorf("%w: %w", workflow.ErrNotFound, err)
		}
	}
	return err
}

// wrapf wraps err with context, and leaves nil alone.
func wrapf(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
