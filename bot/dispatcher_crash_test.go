package bot_test

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// sqlExec changes the database file at path behind the bot's back.
func sqlExec(t *testing.T, path, query string, args ...any) {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatal(err)
	}
}

// Delivery is at least once, as the README says: a notice posted when the process
// died before marking it delivered is posted again after the restart, once, and the
// log says which notice may show twice. Nothing else repeats.
func TestOutboxCrashBetweenPostAndMarkRepeatsOnceAndSaysSo(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	first := bottest.New(t, bottest.Options{DBPath: path})
	submit(t, first, bottest.Per, "Notice-period alarm")
	first.Settle()
	if ok, _ := posts(first, bottest.Secretary); ok != 1 {
		t.Fatalf("%d cards posted, want 1", ok)
	}
	first.Stop()
	// The database as a crash right after chat.postMessage leaves it: the card's post
	// began (sending_at) and went through, but was never marked delivered.
	sqlExec(t, path, "UPDATE outbox SET delivered_at = NULL WHERE kind = ?", string(workflow.NoticeWishCard))

	var log lockedBuffer
	second := bottest.New(t, bottest.Options{DBPath: path, Bare: true, Log: &log})
	second.Advance(time.Minute)
	if ok, _ := posts(second, bottest.Secretary); ok != 1 {
		t.Errorf("%d cards posted after the restart, want the one in flight posted again once", ok)
	}
	if ok, _ := posts(second, ""); ok != 1 {
		t.Errorf("%d posts after the restart, want only the card: what was marked is never sent again", ok)
	}
	l := log.String()
	if !bottest.ContainsAll(l, "was being posted when the bot stopped", "may show twice", `"kind":"wish_card"`) {
		t.Errorf("the log does not say which notice may show twice:\n%s", l)
	}
	if strings.Count(l, "may show twice") != 1 {
		t.Errorf("want one warning, for the card only:\n%s", l)
	}
	if pending, dead, err := second.DB.OutboxStats(second.Ctx()); pending != 0 || dead != 0 || err != nil {
		t.Errorf("outbox: %d pending, %d dead, %v", pending, dead, err)
	}
}
