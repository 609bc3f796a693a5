package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"path/filepath"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// TestExportShowsTheNamesTheBotStored: the bot, with StoreNames on as serve runs it,
// stores the display name users.info gives for the person who submits a wish, and the
// export then names them beside their Slack ID; someone the bot has not met has no
// name (issue 12).
func TestExportShowsTheNamesTheBotStored(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "tovholder.db")
	e := bottest.New(t, bottest.Options{Transport: bottest.HTTP, DBPath: path, StoreNames: true})
	e.Emu.AddUser(slackemu.User{ID: bottest.Per, Name: "Per fra Aarhus", RealName: "Per Medlem", Locale: "en-US"})
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts")
	e.SubmitForm(bottest.Per, map[string]string{"Purpose": "Missed deadlines.", "Business value": "No renewals."})
	e.Settle()
	e.Stop()

	env := envOf(map[string]string{"TOVHOLDER_DB": path})
	var out bytes.Buffer
	if err := run(ctx, []string{"export", "--format", "csv"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(out.Bytes(), []byte("\xEF\xBB\xBF")))).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("CSV: %d rows, %v\n%s", len(rows), err, out.String())
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for name, want := range map[string]string{"submitter": bottest.Per, "submitter_name": "Per fra Aarhus",
		"event_kind": "wish.submitted", "event_actor_name": "Per fra Aarhus"} {
		if got := rows[1][col[name]]; got != want {
			t.Errorf("column %s = %q, want %q (row %q)", name, got, want, rows[1])
		}
	}

	out.Reset()
	if err := run(ctx, []string{"export", "--format", "json"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	var f struct {
		Names map[string]string `json:"names"`
	}
	if err := json.Unmarshal(out.Bytes(), &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Names) != 1 || f.Names[bottest.Per] != "Per fra Aarhus" {
		t.Errorf("JSON names %v, want only %s: Per fra Aarhus", f.Names, bottest.Per)
	}
}
