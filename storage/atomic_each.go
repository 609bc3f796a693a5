package storage

import (
	"context"
	"fmt"

	"github.com/os2kitos/tovholder/workflow"
)

var _ workflow.GroupStore = (*DB)(nil)

// AtomicEach runs every fn in one write transaction, each in a savepoint of its own:
// a fn that fails is rolled back to its savepoint alone and its error is errs[i]; the
// rest commit together. When the transaction cannot begin or commit, or a savepoint
// cannot be rolled back, every fn that had succeeded gets that error. One commit for
// a batch is what makes a burst of stances cheap: SQLite's cost is the commit.
func (db *DB) AtomicEach(ctx context.Context, fns []func(workflow.Tx) error) []error {
	errs := make([]error, len(fns))
	fail := func(err error) []error {
		for i := range errs {
			if errs[i] == nil {
				errs[i] = err
			}
		}
		return errs
	}
	db.stats.write.Add(1)
	stx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fail(fmt.Errorf("begin transaction: %w", err))
	}
	defer func() {
		if p := recover(); p != nil {
			_ = stx.Rollback()
			panic(p)
		}
	}()
	t := &tx{ctx: ctx, tx: stx, now: db.now, cache: &db.electorates, stances: stanceCache{}}
	for i, fn := range fns {
		kept := len(t.pending)
		if _, err := stx.ExecContext(ctx, "SAVEPOINT each"); err != nil {
			errs[i] = fmt.Errorf("savepoint: %w", err)
			continue
		}
		var err error
		if errs[i] = fn(t); errs[i] != nil {
			_, err = stx.ExecContext(ctx, "ROLLBACK TO each")
			t.pending = t.pending[:kept] // what it read may be gone with it
			clear(t.stances)
		}
		if err == nil {
			_, err = stx.ExecContext(ctx, "RELEASE each")
		}
		if err != nil {
			// The transaction's state is unknown: keep none of it.
			_ = stx.Rollback()
			return fail(fmt.Errorf("savepoint: %w", err))
		}
	}
	if err := stx.Commit(); err != nil {
		return fail(fmt.Errorf("commit: %w", mapErr(err)))
	}
	t.committed()
	return errs
}
