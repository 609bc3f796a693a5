package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage"
)

// TestMissingDatabaseIsAnError: a wrong path is one clear line and a non-zero exit,
// and nothing is created, for every command that reads an existing database.
func TestMissingDatabaseIsAnError(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "typo.db")
	good := filepath.Join(dir, "good.db")
	env := envOf(map[string]string{"TOVHOLDER_DB": good})
	for _, args := range [][]string{
		{"export", "--db", missing},
		{"export", "--db", missing, "--format", "json"},
		{"backup", "--db", missing, filepath.Join(dir, "b.db")},
		{"import", "--db", missing, "--format", "csv", filepath.Join(dir, "in.csv")},
	} {
		var stdout bytes.Buffer
		err := run(context.Background(), args, env, nil, &stdout, io.Discard)
		if err == nil || !strings.Contains(err.Error(), missing) || !strings.Contains(err.Error(), "does not exist") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: %v", args, err)
		}
		if stdout.Len() > 0 {
			t.Errorf("%v printed %q", args, stdout.String())
		}
		if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, missing)
		}
	}
}

// TestDBFlagOverridesEnvironment: --db wins over TOVHOLDER_DB for every command.
func TestDBFlagOverridesEnvironment(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	flagDB := filepath.Join(dir, "flag.db")
	env := envOf(map[string]string{"TOVHOLDER_DB": filepath.Join(dir, "env.db")})
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate", "--db", flagDB}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), flagDB) {
		t.Fatalf("migrate --db: %q %v", out.String(), err)
	}
	if _, err := os.Stat(filepath.Join(dir, "env.db")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("migrate --db used TOVHOLDER_DB")
	}
	if err := run(ctx, []string{"backup", "--db", flagDB, filepath.Join(dir, "b.db")}, env, nil, io.Discard, io.Discard); err != nil {
		t.Errorf("backup --db: %v", err)
	}
}

// TestEmptyExport: no wishes is empty lists, and a CSV with only its header.
func TestEmptyExport(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "--db", path, "--format", "json"}, envOf(nil), nil, &out, io.Discard); err != nil || out.String() != "{\n  \"wishes\": [],\n  \"initiatives\": [],\n  \"cycles\": [],\n  \"time_zone\": \"Europe/Copenhagen\",\n  \"names\": {}\n}\n" {
		t.Errorf("empty JSON export: %q %v", out.String(), err)
	}
	out.Reset()
	want := "\uFEFF" + strings.Join(csvHeader, ",") + "\r\n"
	if err := run(ctx, []string{"export", "--db", path}, envOf(nil), nil, &out, io.Discard); err != nil || out.String() != want {
		t.Errorf("empty CSV export: %q %v", out.String(), err)
	}
}

// TestSecondServeIsRefused: two bots on one database would deliver everything twice.
func TestSecondServeIsRefused(t *testing.T) {
	emu := slackemu.New()
	t.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	path := filepath.Join(t.TempDir(), "tovholder.db")
	env := map[string]string{"SLACK_BOT_TOKEN": slackemu.BotToken, "SLACK_API_URL": emu.APIURL(),
		"SLACK_SIGNING_SECRET": slackemu.SigningSecret, "TOVHOLDER_DB": path, "TOVHOLDER_ADDR": "127.0.0.1:0", "LOG_FORMAT": "json"}
	serve(t, env)
	// Without the lock the second bot would run; the timeout makes that a failure.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := run(ctx, []string{"serve"}, envOf(env), nil, io.Discard, io.Discard)
	var held *storage.LockedError
	if !errors.As(err, &held) || !strings.Contains(err.Error(), fmt.Sprintf("pid %d", os.Getpid())) {
		t.Errorf("a second serve on the same database: %v", err)
	}
	// The console on the same file would take the bot's notices for its own Slack: it
	// runs on a copy of a database it did not create.
	var out bytes.Buffer
	err = run(ctx, []string{"console", "--db", path}, envOf(env), strings.NewReader(""), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "Database: a temporary copy of "+path) {
		t.Errorf("the console on a served database: %v\n%s", err, out.String())
	}
}
