package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/workflow"
)

// TestImportAnnounceWhileServing imports beside a running bot on the same file: the
// bot posts each new wish's card once, in its current place, and keeps answering.
func TestImportAnnounceWhileServing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	db, err := storage.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	svc := workflow.New(db, nil, []string{bottest.Admin})
	ad, _ := svc.Actor(ctx, bottest.Admin)
	for p, ch := range map[workflow.Place]string{workflow.PlaceSecretariat: bottest.Secretary, workflow.PlaceUserClub: bottest.UserClub} {
		if err := svc.SetPlace(ctx, ad, p, ch); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.CreateGroup(ctx, ad, "kontrakt", bottest.Contract, "IT-kontrakter"); err != nil {
		t.Fatal(err)
	}
	db.Close()

	emu := slackemu.New()
	t.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	env := map[string]string{"SLACK_BOT_TOKEN": slackemu.BotToken, "SLACK_API_URL": emu.APIURL(),
		"SLACK_SIGNING_SECRET": slackemu.SigningSecret, "TOVHOLDER_DB": path, "TOVHOLDER_ADDR": "127.0.0.1:0",
		"TOVHOLDER_ADMINS": bottest.Admin, "LOG_FORMAT": "json"}
	addr := serve(t, env)
	emu.UseHTTP("http://" + addr + "/slack/events")

	file := filepath.Join(t.TempDir(), "ønsker.csv")
	if err := os.WriteFile(file, []byte(danishSheet), 0o600); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"import", "--announce", file}, envOf(env), nil, &out, io.Discard); err != nil {
		t.Fatalf("import while serving: %v", err)
	}
	waitFor(t, emu, "the imported cards", func() bool {
		return len(emu.Messages(bottest.Contract)) == 2 && len(emu.Messages(bottest.Secretary)) == 2
	})
	if card := emu.RenderMessage(emu.Messages(bottest.Contract)[0]); !strings.Contains(card, "#1 Påmindelse om opsigelsesfrist") {
		t.Errorf("group card:\n%s", card)
	}
	// The bot still serves clicks, and shows the imported history.
	if _, err := emu.SlashCommand(ctx, bottest.Per, bottest.UserClub, "/wish", "2"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, emu, "the answer to /wish 2", func() bool { return len(emu.Ephemerals(bottest.Per)) == 1 })
	if got := emu.RenderMessage(emu.Ephemerals(bottest.Per)[0]); !bottest.ContainsAll(got, "#2 Vis databehandlere", "submitted by @U0PER", "imported as price estimate obtained") {
		t.Errorf("/wish 2:\n%s", got)
	}
	// A second import creates nothing, so it queues nothing to announce.
	before := outboxRows(t, path)
	out.Reset()
	if err := run(ctx, []string{"import", "--announce", file}, envOf(env), nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "created 0 wish(es)") {
		t.Fatalf("second import: %v\n%s", err, out.String())
	}
	if after := outboxRows(t, path); after != before {
		t.Errorf("the second import queued %d notices", after-before)
	}
	if c, s := len(emu.Messages(bottest.Contract)), len(emu.Messages(bottest.Secretary)); c != 2 || s != 2 {
		t.Errorf("after a second import: %d cards in the group, %d in the secretariat", c, s)
	}
}

// outboxRows counts every notice ever queued, delivered or not.
func outboxRows(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=5000")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM outbox").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
