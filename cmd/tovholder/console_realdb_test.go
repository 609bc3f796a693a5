package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// TestConsoleNeverTouchesARealDatabase: `tovholder console --db FILE` runs the whole
// bot (dispatcher and scheduler) against the built-in Slack. On the community's
// database it "delivered" every pending announcement to the fake Slack and marked it
// delivered in the real outbox, and with --at in the future it closed every open poll.
// The console now runs on a temporary copy of any database it did not create, and
// says so in one line.
func TestConsoleNeverTouchesARealDatabase(t *testing.T) {
	dir := t.TempDir()
	prod := filepath.Join(dir, "tovholder.db")
	l := newLifeDB(t, prod)
	l.build()
	id := l.submit("Åben afstemning")
	l.must2(l.svc.RouteToGroup(l.ctx, l.actor("UMETTE"), id, "kontrakt", workflow.SizeNormal, ""))
	p, err := l.svc.StartPoll(l.ctx, l.actor("USOREN"), workflow.PollInput{WishID: id, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	l.must(err)
	pending, _, err := l.db.OutboxStats(l.ctx)
	l.must(err)
	l.db.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errs bytes.Buffer
	err = run(ctx, []string{"console", "--empty", "--db", prod, "--at", "2027-06-01 09:00"}, func(string) string { return "" },
		strings.NewReader(""), &out, &errs)
	if err != nil {
		t.Fatalf("console: %v\n%s", err, errs.String())
	}
	if !strings.Contains(out.String(), "Database: a temporary copy of "+prod) {
		t.Errorf("the console does not say it works on a copy:\n%s", out.String())
	}
	db, err := storage.Open(context.Background(), prod)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	after, _, err := db.OutboxStats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if after < pending {
		t.Errorf("the console marked %d of the %d pending notices of the real database delivered (to its fake Slack)", pending-after, pending)
	}
	svc := workflow.New(db, nil, nil)
	d, err := svc.Poll(context.Background(), p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !d.Poll.Open() {
		t.Errorf("the console closed the real poll %d (%s by %q at %s)", p.ID, d.Poll.Outcome, d.Poll.ClosedBy, d.Poll.ClosedAt)
	}
}

// TestConsoleKeepsItsOwnDatabase: a database the console created is the console's, and
// a second console runs on it, not on a copy.
func TestConsoleKeepsItsOwnDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	for i := 0; i < 2; i++ {
		var out bytes.Buffer
		if err := run(context.Background(), []string{"console", "--empty", "--db", path}, func(string) string { return "" },
			strings.NewReader(""), &out, &out); err != nil {
			t.Fatalf("console %d: %v\n%s", i, err, out.String())
		}
		if !strings.Contains(out.String(), "Database: "+path+"\n") {
			t.Errorf("console %d does not run on its own database %s:\n%s", i, path, out.String())
		}
	}
}

// TestConsoleResumesAtItsLatestRecord: a console database made with --at in the future,
// reopened without --at, started the clock at today, before its own data (issue 12). It
// now starts just after the latest record and says so, and how to set another time.
func TestConsoleResumesAtItsLatestRecord(t *testing.T) {
	path := filepath.Join(t.TempDir(), "demo.db")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"console", "--db", path, "--at", "2031-06-02 09:00"}, func(string) string { return "" },
		strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("console: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"console", "--empty", "--db", path}, func(string) string { return "" },
		strings.NewReader(""), &out, &out); err != nil {
		t.Fatalf("console reopened: %v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "2031-06-02") || !strings.Contains(out.String(), "latest record is later than today") ||
		!strings.Contains(out.String(), "--at") {
		t.Errorf("the reopened console does not start at its latest record, or does not say so:\n%s", out.String())
	}
}
