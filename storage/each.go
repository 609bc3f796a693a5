package storage

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/os2kitos/tovholder/workflow"
)

// EachWish calls first, when not nil, and then fn with every wish, oldest first, one at a time as it is read, in
// one read transaction: a consistent snapshot that is never in memory at once, for
// exports of any size. fn may read more through tx while the wishes are read; the
// current wish's Estimates and History come from two more cursors read alongside
// the wishes, not from two queries per wish. An error from fn stops the walk and is
// returned as it is.
func (db *DB) EachWish(ctx context.Context, first func(tx workflow.Tx) error, fn func(tx workflow.Tx, w workflow.Wish) error) error {
	return db.Read(ctx, func(wt workflow.Tx) error {
		t := wt.(*tx)
		if first != nil {
			if err := first(t); err != nil {
				return err
			}
		}
		wishes, err := t.tx.QueryContext(t.ctx, "SELECT "+wishColumns+" FROM wishes ORDER BY id")
		if err != nil {
			return fmt.Errorf("list wishes: %w", err)
		}
		defer wishes.Close()
		es, err := newCursor(t, `SELECT id, wish_id, amount_ore, hours_tenths, note, by_user, at FROM estimates
			ORDER BY wish_id, id`, scanEstimate, func(e workflow.Estimate) int64 { return e.WishID })
		if err != nil {
			return fmt.Errorf("list estimates: %w", err)
		}
		defer es.close()
		hs, err := newCursor(t, "SELECT "+eventColumns+" FROM events WHERE wish_id IS NOT NULL ORDER BY wish_id, id",
			scanEvent, func(e workflow.Event) int64 { return e.WishID })
		if err != nil {
			return fmt.Errorf("list history: %w", err)
		}
		defer hs.close()
		cur := &eachTx{tx: t}
		for wishes.Next() {
			w, err := scanWish(wishes)
			if err != nil {
				return fmt.Errorf("list wishes: %w", err)
			}
			cur.wishID = w.ID
			if cur.estimates, err = es.of(w.ID); err != nil {
				return fmt.Errorf("list estimates: %w", err)
			}
			if cur.history, err = hs.of(w.ID); err != nil {
				return fmt.Errorf("list history: %w", err)
			}
			if err := fn(cur, w); err != nil {
				return err
			}
		}
		return wrapf(wishes.Err(), "list wishes")
	})
}

// eachTx is the transaction EachWish hands out: the current wish's estimates and
// history are already read.
type eachTx struct {
	*tx
	wishID    int64
	estimates []workflow.Estimate
	history   []workflow.Event
}

// Estimates returns the estimates of wish id, oldest first.
func (t *eachTx) Estimates(id int64) ([]workflow.Estimate, error) {
	if id == t.wishID {
		return slices.Clone(t.estimates), nil
	}
	return t.tx.Estimates(id)
}

// History returns the events of wish id, oldest first.
func (t *eachTx) History(id int64) ([]workflow.Event, error) {
	if id == t.wishID {
		return slices.Clone(t.history), nil
	}
	return t.tx.History(id)
}

// cursor reads rows ordered by wish, a wish's worth at a time.
type cursor[T any] struct {
	rows   *sql.Rows
	scan   func(scanner) (T, error)
	wishOf func(T) int64
	next   *T // read but not yet handed out
	done   bool
}

func newCursor[T any](t *tx, query string, scan func(scanner) (T, error), wishOf func(T) int64) (*cursor[T], error) {
	rows, err := t.tx.QueryContext(t.ctx, query)
	if err != nil {
		return nil, err
	}
	return &cursor[T]{rows: rows, scan: scan, wishOf: wishOf}, nil
}

// of returns the rows of wish id; rows of smaller wish numbers (of no wish) are skipped.
func (c *cursor[T]) of(id int64) ([]T, error) {
	var out []T
	for {
		if c.next == nil && !c.done {
			if !c.rows.Next() {
				c.done = true
				return out, c.rows.Err()
			}
			v, err := c.scan(c.rows)
			if err != nil {
				return nil, err
			}
			c.next = &v
		}
		if c.next == nil {
			return out, nil
		}
		switch w := c.wishOf(*c.next); {
		case w > id:
			return out, nil
		case w == id:
			out = append(out, *c.next)
		}
		c.next = nil
	}
}

func (c *cursor[T]) close() { c.rows.Close() }
