package storage_test

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// A poll left open by the release before issue 9 must not keep the quorum it was
// started with: "the quorum is at least half of the electorate, rounded up". Review
// finding R2: migration 004 fixed its electorate but not its quorum, and Count trusted
// the stored quorum, so after the upgrade a coordinator of a group of three still
// closed such a poll alone with "consensus". Migration 006 raises the quorum, and
// Count never counts less than half of the electorate.
func TestMigrateRaisesIllegalQuorumOfOpenPolls(t *testing.T) {
	db, err := storage.OpenNoMigrate(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	const t0 = "'2027-03-01T09:00:00.000000Z'"
	for _, q := range []string{
		`INSERT INTO settings (key, value) VALUES ('channel.userclub', 'CCLUB')`,
		`INSERT INTO groups (key, name, channel_id, coordinator_id, created_at) VALUES ('kontrakt', 'IT-kontrakter', 'C2', 'U1', ` + t0 + `)`,
		`INSERT INTO group_members (group_key, user_id, added_at) VALUES ('kontrakt', 'U1', ` + t0 + `), ('kontrakt', 'U2', ` + t0 + `), ('kontrakt', 'U3', ` + t0 + `)`,
		`INSERT INTO wishes (title, state, group_key, size, submitter_id, created_at, updated_at) VALUES ('Export', 'in_assessment', 'kontrakt', 'normal', 'U9', ` + t0 + `, ` + t0 + `)`,
		// Started by the old code with a quorum of 1 for a group of 3 (issue 9, item 2).
		`INSERT INTO polls (id, wish_id, group_key, proposal, priority, quorum, created_by, created_at, deadline) VALUES
			(1, 1, 'kontrakt', 'prioritise', 'high', 1, 'U1', ` + t0 + `, '2027-03-08T09:00:00.000000Z')`,
	} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	svc := workflow.New(db, nil, nil)
	coord := workflow.Actor{UserID: "U1"}
	if _, err := svc.TakeStance(ctx, coord, 1, workflow.Agree, ""); err != nil {
		t.Fatal(err)
	}
	tally, err := svc.ClosePoll(ctx, coord, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tally.Consensus {
		d, _ := svc.Wish(ctx, 1)
		t.Errorf("after the upgrade the coordinator alone (1 of an electorate of 3, quorum %d) reached consensus; wish is %s/%s",
			tally.Quorum, d.Wish.State, d.Wish.Priority)
	}
}

// An objector removed from the group while a poll was open under the old release
// stays in its electorate after the upgrade. Review finding R2b: migration 004 gave
// the poll the members at migration time, although the objection is in the stances
// table and the removal, after the poll started, is in the audit log; after the
// upgrade the coordinator closed the poll with "consensus". Migration 006 rebuilds
// the electorate from the audit log.
func TestMigrateKeepsObjectorRemovedBeforeTheUpgrade(t *testing.T) {
	db, err := storage.OpenNoMigrate(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	const t0, t1 = "'2027-03-01T09:00:00.000000Z'", "'2027-03-02T09:00:00.000000Z'"
	for _, q := range []string{
		`INSERT INTO settings (key, value) VALUES ('channel.userclub', 'CCLUB')`,
		`INSERT INTO groups (key, name, channel_id, coordinator_id, created_at) VALUES ('kontrakt', 'IT-kontrakter', 'C2', 'U1', ` + t0 + `)`,
		// U3 was a member when the poll started, objected, and was removed a day later.
		`INSERT INTO group_members (group_key, user_id, added_at) VALUES ('kontrakt', 'U1', ` + t0 + `), ('kontrakt', 'U2', ` + t0 + `)`,
		`INSERT INTO wishes (title, state, group_key, size, submitter_id, created_at, updated_at) VALUES ('Export', 'in_assessment', 'kontrakt', 'normal', 'U9', ` + t0 + `, ` + t0 + `)`,
		`INSERT INTO polls (id, wish_id, group_key, proposal, priority, quorum, created_by, created_at, deadline) VALUES
			(1, 1, 'kontrakt', 'prioritise', 'high', 2, 'U1', ` + t0 + `, '2027-03-08T09:00:00.000000Z')`,
		`INSERT INTO stances (poll_id, user_id, position, reason, first_at, at) VALUES (1, 'U3', 'object', 'Breaks our archiving.', ` + t0 + `, ` + t0 + `)`,
		`INSERT INTO events (at, actor, kind, group_key, data) VALUES (` + t1 + `, 'USEC', 'config.member_removed', 'kontrakt', '{"user":"U3"}')`,
	} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	svc := workflow.New(db, nil, nil)
	for _, u := range []string{"U1", "U2"} {
		if _, err := svc.TakeStance(ctx, workflow.Actor{UserID: u}, 1, workflow.Agree, ""); err != nil {
			t.Fatal(err)
		}
	}
	tally, err := svc.ClosePoll(ctx, workflow.Actor{UserID: "U1"}, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tally.Consensus {
		d, _ := svc.Poll(ctx, 1)
		t.Errorf("U3's objection (on record, removed after the poll started) was dropped by migration 004: electorate %v, consensus announced", d.Poll.Electorate)
	}
}

// TestMigrate006 checks what migration 006 makes of open polls left by the old
// release and by a release with 004: the electorate is the members at the poll's
// start as the audit log tells it (plus whoever took a stance), the quorum at least
// half of it; a closed poll and a poll started with an exact electorate are kept.
func TestMigrate006(t *testing.T) {
	db, err := storage.OpenNoMigrate(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.MigrateTo(ctx, 3); err != nil {
		t.Fatal(err)
	}
	at := func(day int) string { return "'2027-03-0" + strconv.Itoa(day) + "T09:00:00.000000Z'" }
	ev := func(day int, kind, user string) string {
		return `INSERT INTO events (at, actor, kind, group_key, data) VALUES (` + at(day) + `, 'USEC', 'config.member_` + kind + `', 'kontrakt', '{"user":"` + user + `"}')`
	}
	exec := func(qs ...string) {
		t.Helper()
		for _, q := range qs {
			if err := db.Exec(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
	}
	// The old release: poll 1 open since day 2 with a quorum of 1, poll 2 closed.
	exec(`INSERT INTO groups (key, name, channel_id, coordinator_id, created_at) VALUES ('kontrakt', 'IT-kontrakter', 'C2', 'U1', `+at(1)+`)`,
		`INSERT INTO wishes (title, state, group_key, size, submitter_id, created_at, updated_at) VALUES ('Export', 'in_assessment', 'kontrakt', 'normal', 'U9', `+at(1)+`, `+at(1)+`)`,
		`INSERT INTO polls (id, wish_id, group_key, proposal, priority, quorum, created_by, created_at, deadline) VALUES
			(1, 1, 'kontrakt', 'prioritise', 'high', 1, 'U1', `+at(2)+`, '2027-03-09T09:00:00.000000Z')`,
		`INSERT INTO polls (id, wish_id, group_key, proposal, quorum, created_by, created_at, closed_at, consensus) VALUES
			(2, 1, 'kontrakt', 'reject', 1, 'U1', `+at(1)+`, `+at(2)+`, 0)`,
		ev(1, "added", "U4"), ev(1, "removed", "U4"), // before the start: not a member then
		`INSERT INTO stances (poll_id, user_id, position, reason, first_at, at) VALUES (1, 'U3', 'object', 'Breaks our archiving.', `+at(2)+`, `+at(2)+`)`,
		ev(3, "removed", "U3"),                       // the objector, removed after the start
		ev(3, "added", "U5"),                         // joined after the start
		ev(3, "removed", "U6"), ev(4, "added", "U6"), // removed and added back
		ev(3, "added", "U7"), ev(4, "removed", "U7"), // came and went after the start
		ev(3, "removed", "U8"), // removed after the start, no stance
		`INSERT INTO group_members (group_key, user_id, added_at) VALUES ('kontrakt', 'U1', `+at(1)+`), ('kontrakt', 'U2', `+at(1)+`),
			('kontrakt', 'U5', `+at(3)+`), ('kontrakt', 'U6', `+at(4)+`)`)
	// 004 and 005 run: poll 1 gets the members of that moment.
	if _, err := db.MigrateTo(ctx, 5); err != nil {
		t.Fatal(err)
	}
	// A release with 004 starts poll 3 on day 5 with the exact electorate; then U2
	// is removed and U10 added.
	exec(`INSERT INTO polls (id, group_key, proposal, quorum, created_by, created_at, deadline, text) VALUES
			(3, 'kontrakt', 'free', 2, 'U1', `+at(5)+`, '2027-03-12T09:00:00.000000Z', 'Tuesdays?')`,
		`INSERT INTO poll_electorate (poll_id, user_id, position) VALUES (3, 'U1', 0), (3, 'U2', 1), (3, 'U5', 2), (3, 'U6', 3)`,
		ev(6, "removed", "U2"), ev(6, "added", "U10"),
		`DELETE FROM group_members WHERE user_id = 'U2'`,
		`INSERT INTO group_members (group_key, user_id, added_at) VALUES ('kontrakt', 'U10', `+at(6)+`)`)
	var before workflow.Poll
	read(t, db, func(tx workflow.Tx) (err error) { before, err = tx.Poll(2); return err })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	read(t, db, func(tx workflow.Tx) error {
		for _, want := range []struct {
			id         int64
			electorate []string
			quorum     int
		}{
			{1, []string{"U1", "U2", "U6", "U3", "U8"}, 3},
			{2, before.Electorate, 1},
			{3, []string{"U1", "U2", "U5", "U6"}, 2},
		} {
			p := must(tx.Poll(want.id))
			if diff := cmp.Diff([]any{want.electorate, want.quorum}, []any{p.Electorate, p.Quorum}); diff != "" {
				t.Errorf("poll %d electorate, quorum (-want +got):\n%s", want.id, diff)
			}
		}
		// A wish of the old release is at its first revision (review finding R3).
		if w := must(tx.Wish(1)); w.Revision != 1 {
			t.Errorf("an old wish has revision %d, want 1", w.Revision)
		}
		return nil
	})
}
