package storage_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

func TestMigrate(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.db")
	db, err := storage.OpenNoMigrate(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(ctx); err != nil || v != 0 {
		t.Fatalf("SchemaVersion of an empty database = %d, %v; want 0", v, err)
	}
	all := storage.MigrationNames()
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if diff := cmp.Diff(all, applied); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}
	// Numbers may have gaps (branches reserve their numbers): the version is the last one's.
	last, _ := strconv.Atoi(strings.SplitN(all[len(all)-1], "_", 2)[0])
	if v, _ := db.SchemaVersion(ctx); v != last {
		t.Errorf("SchemaVersion = %d, want %d", v, last)
	}
	if again, err := db.Migrate(ctx); err != nil || len(again) != 0 {
		t.Errorf("Migrate again = %v, %v; want nothing applied", again, err)
	}
	db.Close()
	// Open migrates too; on an up-to-date file it must change nothing.
	db2, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	if v, _ := db2.SchemaVersion(ctx); v != last {
		t.Errorf("SchemaVersion after reopen = %d, want %d", v, last)
	}
}

// TestMigrateOldDatabase builds a database as the first release left it, with rows
// written in that release's schema, and checks that today's code reads them after
// migrating. Later migrations must keep it passing.
func TestMigrateOldDatabase(t *testing.T) {
	db, err := storage.OpenNoMigrate(ctx, filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if applied, err := db.MigrateTo(ctx, 1); err != nil || len(applied) != 1 {
		t.Fatalf("MigrateTo(1) = %v, %v", applied, err)
	}
	for _, q := range []string{
		`INSERT INTO settings (key, value) VALUES ('channel.userclub', 'C1')`,
		`INSERT INTO groups (key, name, channel_id, coordinator_id, schedule, remind_before_s, created_at)
			VALUES ('kontrakt', 'IT-kontrakter', 'C2', 'U1', '', 3600, '2024-01-02T03:04:05.000000Z')`,
		`INSERT INTO group_members (group_key, user_id, added_at) VALUES ('kontrakt', 'U1', '2024-01-02T03:04:05.000000Z')`,
		`INSERT INTO wishes (title, purpose, value, state, submitter_id, group_key, created_at, updated_at)
			VALUES ('Export', 'why', 'worth', 'in_assessment', 'U2', 'kontrakt', '2024-01-02T03:04:05.000000Z', '2024-01-03T03:04:05.000000Z')`,
		`INSERT INTO events (at, actor, kind, wish_id, data) VALUES ('2024-01-02T03:04:05.000000Z', 'U2', 'wish.submitted', 1, '{"a":"b"}')`,
		`INSERT INTO outbox (event_id, kind, op, target, created_at) VALUES (1, 'receipt', 'dm', 'U2', '2024-01-02T03:04:05.000000Z')`,
	} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	applied, err := db.Migrate(ctx)
	if err != nil {
		t.Fatalf("Migrate: %v", err)
	}
	if diff := cmp.Diff(storage.MigrationNames()[1:], applied, cmpEmpty); diff != "" {
		t.Errorf("Migrate applied (-want +got):\n%s", diff)
	}
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	read(t, db, func(tx workflow.Tx) error {
		g := must(tx.Group("kontrakt"))
		want := workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "C2", CoordinatorID: "U1",
			Members: []string{"U1"}, RemindBefore: time.Hour, CreatedAt: at}
		if diff := cmp.Diff(want, g); diff != "" {
			t.Errorf("group (-want +got):\n%s", diff)
		}
		w := must(tx.Wish(1))
		if w.Title != "Export" || w.State != workflow.StateInAssessment || !w.CreatedAt.Equal(at) {
			t.Errorf("wish = %+v", w)
		}
		if h := must(tx.History(1)); len(h) != 1 || h[0].Data["a"] != "b" {
			t.Errorf("history = %+v", h)
		}
		return nil
	})
	if ds, err := db.PendingDeliveries(ctx, at, 10); err != nil || len(ds) != 1 {
		t.Errorf("PendingDeliveries = %+v, %v; want the old notice", ds, err)
	}
}

func TestMigrateRefusesNewerDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', '')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if db, err := storage.Open(ctx, path); err == nil {
		db.Close()
		t.Fatal("Open of a database from a newer release succeeded; want an error")
	}
}
