package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// servedDB is a database configured for the emulator's workspace, with the wishes
// titled, and the environment to serve it.
func servedDB(t *testing.T, emu *slackemu.Server, titles ...string) (string, map[string]string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := workflow.New(db, nil, []string{bottest.Admin})
	ad, _ := svc.Actor(ctx, bottest.Admin)
	if err := svc.SetPlace(ctx, ad, workflow.PlaceSecretariat, bottest.Secretary); err != nil {
		t.Fatal(err)
	}
	for _, title := range titles {
		addWish(t, path, title)
	}
	return path, map[string]string{"SLACK_BOT_TOKEN": slackemu.BotToken, "SLACK_API_URL": emu.APIURL(),
		"SLACK_SIGNING_SECRET": slackemu.SigningSecret, "TOVHOLDER_DB": path, "TOVHOLDER_ADDR": "127.0.0.1:0",
		"TOVHOLDER_ADMINS": bottest.Admin, "LOG_FORMAT": "json"}
}

func addWish(t *testing.T, path, title string) {
	t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := workflow.New(db, nil, nil)
	if _, err := svc.SubmitWish(ctx, workflow.Actor{UserID: bottest.Per}, workflow.WishInput{Title: title, Purpose: "p", Value: "v"}); err != nil {
		t.Fatal(err)
	}
}

func TestRestoreRefusesALiveDatabaseAndABadFile(t *testing.T) {
	emu := slackemu.New()
	t.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	path, env := servedDB(t, emu, "Alarm")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := run(context.Background(), []string{"backup", backup}, envOf(env), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	garbage := filepath.Join(t.TempDir(), "garbage.db")
	os.WriteFile(garbage, bytes.Repeat([]byte("not a database "), 500), 0o600)
	before, _ := os.ReadFile(path)

	err := run(context.Background(), []string{"restore", garbage}, envOf(env), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "nothing was changed") {
		t.Errorf("restore of a corrupt file: %v", err)
	}
	serve(t, env)
	err = run(context.Background(), []string{"restore", backup}, envOf(env), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "in use by another Tovholder") {
		t.Errorf("restore while serving: %v", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Errorf("a refused restore changed the database")
	}
	if m, _ := filepath.Glob(path + ".replaced-*"); len(m) > 0 {
		t.Errorf("a refused restore moved the database: %v", m)
	}
}

func TestRestoreThenServe(t *testing.T) {
	emu := slackemu.New()
	t.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	path, env := servedDB(t, emu, "Alarm before the backup")
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := run(context.Background(), []string{"backup", backup}, envOf(env), nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	addWish(t, path, "Wish after the backup")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"restore", "--db", path, backup}, envOf(nil), nil, &out, io.Discard); err != nil {
		t.Fatalf("restore: %v", err)
	}
	kept, _ := filepath.Glob(path + ".replaced-*")
	if len(kept) != 1 || !strings.Contains(out.String(), kept[0]) {
		t.Fatalf("the replaced database: %v\n%s", kept, out.String())
	}
	if ws := exportJSON(t, kept[0]); len(ws) != 2 {
		t.Errorf("the kept database has %d wishes, want both", len(ws))
	}
	addr := serve(t, env)
	emu.UseHTTP("http://" + addr + "/slack/events")
	ctx := context.Background()
	for n, want := range map[string]string{"1": "#1 Alarm before the backup", "2": "Wish after the backup"} {
		before := len(emu.Ephemerals(bottest.Per))
		if _, err := emu.SlashCommand(ctx, bottest.Per, bottest.UserClub, "/wish", n); err != nil {
			t.Fatal(err)
		}
		waitFor(t, emu, "the answer to /wish "+n, func() bool { return len(emu.Ephemerals(bottest.Per)) > before })
		got := emu.RenderMessage(emu.Ephemerals(bottest.Per)[before])
		if found := strings.Contains(got, want); found != (n == "1") {
			t.Errorf("/wish %s after the restore:\n%s", n, got)
		}
	}
}

// TestMigrateBacksUpAnExistingDatabase: before migrating a database an older release
// left, migrate writes <db>.before-v<N> and says so; a new database needs none.
func TestMigrateBacksUpAnExistingDatabase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate", "--db", path}, envOf(nil), nil, &out, io.Discard); err != nil || strings.Contains(out.String(), "before") {
		t.Fatalf("migrate of a new database: %v\n%s", err, out.String())
	}
	// As the release before 008 left it: a new database migrated up to 007, so that no
	// later migration needs undoing here.
	path = filepath.Join(t.TempDir(), "old.db")
	old, err := storage.OpenNoMigrate(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := old.MigrateTo(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"migrate", "--db", path}, envOf(nil), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	// The backup is named after the version migrated to: the newest migration's.
	backup := regexp.MustCompile(`\S+\.before-v\d+`).FindString(out.String())
	if !strings.Contains(out.String(), "backed up "+path+" to "+backup) {
		t.Errorf("migrate said:\n%s", out.String())
	}
	if v, err := storage.VerifyFile(ctx, backup); err != nil || v >= 8 {
		t.Errorf("the pre-migration backup: version %d, %v", v, err)
	}
}
