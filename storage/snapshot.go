package storage

import (
	"context"
	"database/sql"
	"sync/atomic"

	"github.com/os2kitos/tovholder/workflow"
)

// One view, one snapshot: everything a message or a Home tab shows is loaded in one
// read transaction, so that it shows one moment and never half of a change.
//
// Snapshot begins that transaction and hands fn a context that carries it. Inside fn,
// every Read on the context runs on it (no BEGIN or COMMIT of its own), and so does
// every read method that takes the context (Event, MessageRef, MessageRefsOf,
// ThreadParent, the outbox's reads): the workflow's use cases need not know, since
// they pass their context to Store.Read. Writes (Atomic, AtomicEach, the outbox's
// Mark*, SaveMessageRef, FirstSeen) never use it: they run on the writer as before,
// and what they commit is not seen through the snapshot. The moment is that of the
// snapshot's first read (SQLite's deferred BEGIN takes none), not of Snapshot's call.
//
// A Snapshot inside a Snapshot of the same database reuses the outer one. fn may read
// from several goroutines at once, provided it waits for them before it returns:
// database/sql serialises the driver calls on the transaction's one connection, which
// go-sqlite3 opens in SQLite's serialized (full mutex) mode, and a read transaction's
// tx keeps no state of its own (the electorate cache it fills has its own lock). A
// context that outlives its Snapshot reads as one without: each Read begins its own.
func (db *DB) Snapshot(ctx context.Context, fn func(ctx context.Context) error) error {
	if db.snapshotOf(ctx) != nil {
		return fn(ctx)
	}
	return db.run(ctx, db.read, &sql.TxOptions{ReadOnly: true}, func(wt workflow.Tx) error {
		s := &snapshot{db: db, t: wt.(*tx)}
		defer s.done.Store(true)
		return fn(context.WithValue(ctx, snapshotKey{}, s))
	})
}

type snapshotKey struct{}

// snapshot is the read transaction a context carries.
type snapshot struct {
	db   *DB
	t    *tx
	done atomic.Bool // fn returned: the transaction is over
}

// snapshotOf is the open snapshot of db that ctx carries, or nil.
func (db *DB) snapshotOf(ctx context.Context) *snapshot {
	s, _ := ctx.Value(snapshotKey{}).(*snapshot)
	if s == nil || s.db != db || s.done.Load() {
		return nil
	}
	return s
}

// queryRow runs a read of one row: in ctx's snapshot, or on its own on a read
// connection (a bare read, which Stats counts).
func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if s := db.snapshotOf(ctx); s != nil {
		return s.t.tx.QueryRowContext(ctx, query, args...)
	}
	db.stats.bare.Add(1)
	return db.read.QueryRowContext(ctx, query, args...)
}

// query runs a read of rows, as queryRow does.
func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s := db.snapshotOf(ctx); s != nil {
		return s.t.tx.QueryContext(ctx, query, args...)
	}
	db.stats.bare.Add(1)
	return db.read.QueryContext(ctx, query, args...)
}

// Stats counts what the database has begun since it was opened: for tests that prove
// a view is one snapshot, and for /metrics.
type Stats struct {
	ReadTx  int64 // read transactions begun (a Read inside a Snapshot begins none)
	WriteTx int64 // write transactions begun (Atomic, AtomicEach)
	Bare    int64 // reads outside any transaction (Event, MessageRef, … without a Snapshot)
}

// Stats returns the counts so far.
func (db *DB) Stats() Stats {
	return Stats{ReadTx: db.stats.read.Load(), WriteTx: db.stats.write.Load(), Bare: db.stats.bare.Load()}
}

// Sub is the counts from before to s.
func (s Stats) Sub(before Stats) Stats {
	return Stats{ReadTx: s.ReadTx - before.ReadTx, WriteTx: s.WriteTx - before.WriteTx, Bare: s.Bare - before.Bare}
}

type counters struct{ read, write, bare atomic.Int64 }
