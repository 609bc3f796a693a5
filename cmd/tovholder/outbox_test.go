package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// outbox runs `tovholder outbox args…` and returns what it printed.
func outbox(t *testing.T, env map[string]string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), append([]string{"outbox"}, args...), envOf(env), nil, &out, io.Discard)
	return out.String(), err
}

// A notice given up on is listed with its cause and, once the cause is fixed,
// replayed with `outbox retry`: the restarted bot delivers it.
func TestOutboxListAndRetry(t *testing.T) {
	path := filepath.Join(t.TempDir(), "tovholder.db")
	e := bottest.New(t, bottest.Options{DBPath: path})
	admin, err := e.Svc.Actor(e.Ctx(), bottest.Admin)
	if err != nil {
		t.Fatal(err)
	}
	const gone = "C0GONE001"
	if err := e.Svc.SetPlace(e.Ctx(), admin, workflow.PlaceSecretariat, gone); err != nil {
		t.Fatal(err)
	}
	w, err := e.Svc.SubmitWish(e.Ctx(), admin, workflow.WishInput{Title: "Alarm", Purpose: "p", Value: "v"})
	if err != nil {
		t.Fatal(err)
	}
	e.Bot.Dispatcher().Kick()
	e.Advance(time.Minute)
	if _, dead, _ := e.DB.OutboxStats(e.Ctx()); dead != 1 {
		t.Fatalf("%d dead notices, want the card", dead)
	}
	// The cause is fixed; the card stays dead until it is replayed.
	if err := e.Svc.SetPlace(e.Ctx(), admin, workflow.PlaceSecretariat, bottest.Secretary); err != nil {
		t.Fatal(err)
	}
	e.Stop()

	env := map[string]string{"TOVHOLDER_DB": path}
	list, err := outbox(t, env, "list", "--dead")
	if err != nil {
		t.Fatal(err)
	}
	t.Log(list)
	if !bottest.ContainsAll(list, "dead", string(workflow.NoticeWishCard), "place:secretariat", "channel_not_found", "tovholder outbox retry --id") {
		t.Errorf("outbox list --dead:\n%s", list)
	}
	if n := strings.Count(list, "\n"); n != 4 { // header, one notice, blank, hint
		t.Errorf("outbox list --dead printed %d lines, want one notice:\n%s", n, list)
	}
	for _, bad := range [][]string{{}, {"retry"}, {"retry", "--all", "--id", "1"}, {"retry", "--id", "x"}, {"list", "extra"}, {"purge"}} {
		if _, err := outbox(t, env, bad...); err == nil || !strings.Contains(err.Error(), "usage: tovholder outbox") {
			t.Errorf("outbox %q = %v, want the usage", bad, err)
		}
	}
	if _, err := outbox(t, map[string]string{"TOVHOLDER_DB": path + ".typo"}, "list"); err == nil {
		t.Error("outbox list of a database that does not exist succeeded")
	}
	got, err := outbox(t, nil, "retry", "--all", "--db", path)
	if err != nil || !strings.HasPrefix(got, "1 dead notice will be sent again") {
		t.Fatalf("outbox retry --all = %q, %v", got, err)
	}
	if got, _ := outbox(t, env, "list", "--dead"); !strings.Contains(got, "nothing dead") {
		t.Errorf("after the retry, list --dead:\n%s", got)
	}

	// Restarted, the bot delivers the replayed card.
	second := bottest.New(t, bottest.Options{DBPath: path, Bare: true})
	second.Advance(time.Second)
	second.MustFind(bottest.Secretary, "#"+itoa(w.ID)+" Alarm")
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

var retentionCases = []struct {
	in   string
	want time.Duration // 0: refused
}{
	{"", bot.DefaultOutboxRetention},
	{"90d", 90 * 24 * time.Hour},
	{" 30d ", 30 * 24 * time.Hour},
	{"1d", 24 * time.Hour},
	{"36500d", 36500 * 24 * time.Hour},
	{"2160h", 90 * 24 * time.Hour},
	{"24h", 24 * time.Hour},
	{"36501d", 0},
	{"0d", 0},
	{"-1d", 0},
	{"+5d", 0},
	{"05d", 0},
	{"23h", 0},
	{"0", 0},
	{"90", 0},
	{"d", 0},
	{"90 d", 0},
	{"1.5d", 0},
	{"9999999999999999999d", 0},
	{"281474976710658d", 0},
	{"2562047h", 0},
	{"forever", 0},
}

func TestParseRetention(t *testing.T) {
	for _, c := range retentionCases {
		got, err := parseRetention(c.in)
		if c.want == 0 {
			if err == nil {
				t.Errorf("parseRetention(%q) = %v, want refused", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("parseRetention(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
	}
	_, err := loadConfig(envOf(map[string]string{"TOVHOLDER_OUTBOX_RETENTION": "3 months"}), false)
	if err == nil || !strings.HasPrefix(err.Error(), "TOVHOLDER_OUTBOX_RETENTION: ") {
		t.Errorf("loadConfig with a bad retention = %v, want one line naming the variable", err)
	}
}

// FuzzParseRetention: a retention is refused or within one day and a hundred years,
// and days read back as days.
func FuzzParseRetention(f *testing.F) {
	for _, c := range retentionCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseRetention(s)
		if err != nil {
			return
		}
		if d < 24*time.Hour || d > 36500*24*time.Hour {
			t.Fatalf("parseRetention(%q) = %v, out of range", s, d)
		}
		if strings.HasSuffix(strings.TrimSpace(s), "d") {
			again, err := parseRetention(strconv.Itoa(int(d/(24*time.Hour))) + "d")
			if err != nil || again != d {
				t.Fatalf("parseRetention(%q) = %v does not read back: %v, %v", s, d, again, err)
			}
		}
	})
}

var outboxArgCases = []struct {
	args string
	ok   bool
}{
	{"list", true},
	{"list --dead", true},
	{"list --dead --db x.db", true},
	{"retry --all", true},
	{"retry --id 3", true},
	{"retry --id 3 --id 4 --db x.db", true},
	{"", false},
	{"purge", false},
	{"list extra", false},
	{"list --all", false},
	{"retry", false},
	{"retry --all --id 1", false},
	{"retry --id 0", false},
	{"retry --id -2", false},
	{"retry --id x", false},
	{"retry --id 99999999999999999999", false},
	{"retry --dead", false},
	{"retry --all --db=", false},
}

func TestParseOutboxArgs(t *testing.T) {
	for _, c := range outboxArgCases {
		got, err := parseOutboxArgs(strings.Fields(c.args), "def.db", io.Discard)
		if (err == nil) != c.ok {
			t.Errorf("parseOutboxArgs(%q) = %+v, %v; want ok %v", c.args, got, err, c.ok)
		}
	}
	got, _ := parseOutboxArgs(strings.Fields("retry --id 3 --id 4"), "def.db", io.Discard)
	if !got.retry || got.all || len(got.ids) != 2 || got.ids[0] != 3 || got.ids[1] != 4 || got.db != "def.db" {
		t.Errorf("retry --id 3 --id 4 = %+v", got)
	}
}

// FuzzParseOutboxArgs: a command line is refused, or it is exactly one thing to do
// with positive ids.
func FuzzParseOutboxArgs(f *testing.F) {
	for _, c := range outboxArgCases {
		f.Add(c.args)
	}
	f.Fuzz(func(t *testing.T, line string) {
		c, err := parseOutboxArgs(strings.Fields(line), "def.db", io.Discard)
		if err != nil {
			return
		}
		if c.db == "" {
			t.Fatalf("%q: no database", line)
		}
		if c.retry && c.all == (len(c.ids) > 0) {
			t.Fatalf("%q: retry with all=%v and ids %v", line, c.all, c.ids)
		}
		if !c.retry && (c.all || len(c.ids) > 0) {
			t.Fatalf("%q: list with retry's flags: %+v", line, c)
		}
		for _, id := range c.ids {
			if id <= 0 {
				t.Fatalf("%q: id %d", line, id)
			}
		}
	})
}
