package bot_test

import (
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	_ "github.com/mattn/go-sqlite3"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// count runs a count(*) query on the database file at path, as an operator would
// with the sqlite3 shell.
func count(t *testing.T, path, query string, args ...any) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// Delivered notices are pruned after the retention (90 days by default), from the
// scheduler, at most once a day; the events stay as the audit log.
func TestOutboxIsPrunedAfterTheRetention(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	e := bottest.New(t, bottest.Options{DBPath: path})
	submit(t, e, bottest.Per, "Notice-period alarm")
	e.Settle()
	var last int
	if err := sqlOne(t, path, "SELECT max(id) FROM outbox WHERE delivered_at IS NOT NULL", &last); err != nil || last == 0 {
		t.Fatalf("nothing delivered: %v", err)
	}
	early := "SELECT count(*) FROM outbox WHERE id <= ?"
	before, events := count(t, path, early, last), count(t, path, "SELECT count(*) FROM events")

	e.Advance(time.Minute) // the first tick prunes: nothing is old enough
	e.Advance(89 * 24 * time.Hour)
	if n := count(t, path, early, last); n != before {
		t.Errorf("%d of %d notices left after 89 days, want all kept", n, before)
	}
	e.Advance(2 * 24 * time.Hour)
	if n := count(t, path, early, last); n != 0 {
		t.Errorf("%d notices delivered 91 days ago are still in the outbox", n)
	}
	if n := count(t, path, "SELECT count(*) FROM events"); n < events {
		t.Errorf("the events went from %d to %d: pruning the outbox must keep the audit log", events, n)
	}
	if pending, dead, err := e.DB.OutboxStats(e.Ctx()); pending != 0 || dead != 0 || err != nil {
		t.Errorf("outbox: %d pending, %d dead, %v", pending, dead, err)
	}
}

func sqlOne(t *testing.T, path, query string, dest any) error {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	return db.QueryRow(query).Scan(dest)
}
