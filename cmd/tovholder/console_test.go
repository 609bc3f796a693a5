package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

var update = flag.Bool("update", false, "rewrite testdata/console.golden from the console's transcript")

// console runs `tovholder console` with flags on script, as `tovholder console <
// script` would, and returns the transcript with the temporary paths made stable.
func console(t *testing.T, script string, flags ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errs bytes.Buffer
	args := append([]string{"console", "--at", "2027-03-01 09:00"}, flags...)
	if err := run(ctx, args, func(string) string { return "" }, strings.NewReader(script), &out, &errs); err != nil {
		t.Fatalf("console: %v\n%s", err, out.String())
	}
	if errs.Len() > 0 {
		t.Errorf("console wrote to stderr:\n%s", errs.String())
	}
	dirs := tempDir.FindAllString(out.String(), -1)
	if len(dirs) == 0 {
		t.Fatalf("the banner names no temporary directory:\n%s", out.String())
	}
	if _, err := os.Stat(dirs[0]); !os.IsNotExist(err) {
		t.Errorf("%s is still there after quit (%v)", dirs[0], err)
	}
	// The web pages listen on a port of the moment.
	return localURL.ReplaceAllString(tempDir.ReplaceAllString(out.String(), "$$TMP"), "http://127.0.0.1:$$PORT/")
}

var localURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)

var tempDir = regexp.MustCompile(`\S*tovholder-console-\d+`)

// TestConsoleDemoScript runs the demo walkthrough, the whole lifecycle that has
// landed, and compares the transcript with testdata/console.golden.
func TestConsoleDemoScript(t *testing.T) {
	script, err := os.ReadFile("testdata/demo.txt")
	if err != nil {
		t.Fatal(err)
	}
	got := console(t, string(script))
	if strings.Contains(got, "⚠") {
		t.Errorf("the bot sent something Slack would refuse:\n%s", got)
	}
	const golden = "testdata/console.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/tovholder -run Console -update)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("transcript differs from %s (-want +got); if the change is right, run go test ./cmd/tovholder -run Console -update:\n%s", golden, diff)
	}
}

func TestConsoleFormShowsTheBotsErrorsAndAsksAgain(t *testing.T) {
	long := strings.Repeat("x", 151)
	got := console(t, strings.Join([]string{
		"/wish", long, "IT-kontrakter", "Municipalities miss notice deadlines.", "Avoids renewals.", "",
		"Notice-period alarm", "", "", "", "",
		"/wish list",
	}, "\n"))
	for _, want := range []string{
		"✗ Title: This is too long.",
		"Purpose [Municipalities miss notice deadlines.]:", // what was typed is kept
		"→ submitted",
		"#1 Notice-period alarm",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}

func TestConsoleEmptyWorkspaceInDanish(t *testing.T) {
	got := console(t, strings.Join([]string{
		"/users",
		"/tovholder channel secretariat #kitos-sekretariat",
		"/channels",
		"as nobody", "in #nowhere", "click 42", "frobnicate",
		"time 2020-01-01 00:00", "time +1d", "time",
		"as per", "in dm", "/wish list",
	}, "\n"), "--empty", "--lang", "da")
	for _, want := range []string{
		"Tomt arbejdsrum",
		"@mette    Mette Sørensen  medlem af brugerklubben", // no roles: nothing was configured
		"admin@#kitos-sekretariat> /tovholder channel secretariat #kitos-sekretariat",
		"#kitos-sekretariat  kanal for sekretariatet",
		`Ingen hedder "nobody"`, `Ingen kanal "#nowhere"`, `Ingen knap "42"`, `Ukendt kommando "frobnicate"`,
		"Bottens ur går kun fremad",
		"Bottens ur: tir 2027-03-02 09:00 CET",
		"per@dm> /wish list",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("transcript lacks %q:\n%s", want, got)
		}
	}
}

func TestConsoleEscapesMentionsAsSlackDoes(t *testing.T) {
	emu := slackemu.New()
	defer emu.Close()
	addDemoWorkspace(emu, i18n.English)
	c := &client{s: &session{emu: emu}}
	tests := map[string]string{
		"group member add kontrakt @anna @Lars":  "group member add kontrakt <@U0ANNA001|anna> <@U0LARS001|lars>",
		"coordinator kontrakt @Søren":            "coordinator kontrakt <@U0SOREN01|soren>",
		"channel secretariat #kitos-sekretariat": "channel secretariat <#C0SEKR001|kitos-sekretariat>",
		"wish #1 mails me@example.dk":            "wish #1 mails me@example.dk",
		"@nobody and (#brugerklubben)":           "@nobody and (<#C0BRUG001|brugerklubben>)",
	}
	for in, want := range tests {
		if got := c.escape(in); got != want {
			t.Errorf("escape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTimeAfter(t *testing.T) {
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	now := time.Date(2027, 3, 26, 9, 0, 0, 0, loc) // the Friday before summer time
	tests := []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "+2d", want: time.Date(2027, 3, 28, 9, 0, 0, 0, loc)}, // 09:00 across the change
		{in: "+3h", want: now.Add(3 * time.Hour)},
		{in: "+1w2d", want: time.Date(2027, 4, 4, 9, 0, 0, 0, loc)},
		{in: "+90m", want: now.Add(90 * time.Minute)},
		{in: "2027-03-30 09:00", want: time.Date(2027, 3, 30, 9, 0, 0, 0, loc)},
		{in: "2027-03-30", want: time.Date(2027, 3, 30, 0, 0, 0, 0, loc)},
		{in: "+2", bad: true},
		{in: "+d", bad: true},
		{in: "tomorrow", bad: true},
		{in: "+99999999999h", bad: true}, // overflowed into the past
		{in: "+9223372036854775807m", bad: true},
		{in: "+200000w", bad: true},
		{in: "+5000000h", bad: true}, // within the minutes' bound, but not as hours
	}
	for _, tt := range tests {
		got, err := timeAfter(now, tt.in, loc)
		if (err != nil) != tt.bad || (!tt.bad && !got.Equal(tt.want)) {
			t.Errorf("timeAfter(%q) = %v, %v; want %v (bad %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// FuzzTimeAfter: the console's clock only moves forward with "+…", never overflows into
// the past, and a time it reads is one of the accepted layouts.
func FuzzTimeAfter(f *testing.F) {
	for _, s := range []string{"+2d", "+3h", "+1w2d", "+90m", "2027-03-30 09:00", "2027-03-30", "+2", "+d", "tomorrow",
		"+99999999999h", "+9223372036854775807m", "+200000w", "+5000000h", "+0m", "2027-03-3009:00", "2027-03-30T09:00", "+ 1 d"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Skip(err)
	}
	now := time.Date(2027, 3, 26, 9, 0, 0, 0, loc)
	f.Fuzz(func(t *testing.T, s string) {
		got, err := timeAfter(now, s, loc)
		if err != nil {
			return
		}
		if strings.HasPrefix(strings.TrimSpace(s), "+") && (got.Before(now) || got.After(now.AddDate(maxAdvanceYears, 0, 1))) {
			t.Fatalf("timeAfter(%q) = %s, from %s", s, got, now)
		}
	})
}
