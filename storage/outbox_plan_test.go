package storage

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// The outbox's counts and pruning read indexes, never the whole table: the metrics
// are scraped every few seconds, and the table holds every notice of the retention.
func TestOutboxQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "tovholder.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for name, q := range map[string]string{
		"OutboxStats":    statsQuery,
		"PruneDelivered": pruneQuery,
		"ThreadParent":   "SELECT " + deliveryColumns + " FROM outbox WHERE ref = ? AND id < ? AND op IN (?, ?) ORDER BY id DESC LIMIT 1",
	} {
		plan := explain(t, db, q, strings.Count(q, "?"))
		t.Logf("%s:\n%s", name, strings.Join(plan, "\n"))
		for _, step := range plan {
			if strings.Contains(step, "outbox") && !strings.Contains(step, "INDEX") {
				t.Errorf("%s reads the whole outbox:\n%s", name, strings.Join(plan, "\n"))
			}
		}
	}
}

// explain returns the steps of SQLite's plan for query with n NULL arguments.
func explain(t *testing.T, db *DB, query string, n int) []string {
	t.Helper()
	args := make([]any, n)
	rows, err := db.read.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	return plan
}
