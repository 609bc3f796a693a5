package storage

import (
	"context"
	"fmt"

	"github.com/os2kitos/tovholder/workflow"
)

// EachWish calls fn with every wish, oldest first, one at a time as it is read, in
// one read transaction: a consistent snapshot that is never in memory at once, for
// exports of any size. fn may read more through tx (estimates, history) while the
// wishes are read; an error from fn stops the walk and is returned as it is.
func (db *DB) EachWish(ctx context.Context, fn func(tx workflow.Tx, w workflow.Wish) error) error {
	return db.Read(ctx, func(wt workflow.Tx) error {
		t := wt.(*tx)
		rows, err := t.tx.QueryContext(t.ctx, "SELECT "+wishColumns+" FROM wishes ORDER BY id")
		if err != nil {
			return fmt.Errorf("list wishes: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			w, err := scanWish(rows)
			if err != nil {
				return fmt.Errorf("list wishes: %w", err)
			}
			if err := fn(t, w); err != nil {
				return err
			}
		}
		return wrapf(rows.Err(), "list wishes")
	})
}
