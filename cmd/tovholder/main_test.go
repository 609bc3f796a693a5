package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/storage"
)

// logWatch reads the JSON log lines of a running tovholder and reports the address
// it listens on, once it says it is running.
type logWatch struct {
	w    *io.PipeWriter
	addr chan string
}

func newLogWatch(t *testing.T) *logWatch {
	r, w := io.Pipe()
	lw := &logWatch{w: w, addr: make(chan string, 1)}
	go func() {
		sc := bufio.NewScanner(r)
		for sc.Scan() {
			t.Log(sc.Text())
			var line struct{ Message, Addr string }
			if json.Unmarshal(sc.Bytes(), &line) == nil && line.Message == "Tovholder is running" {
				lw.addr <- line.Addr
			}
		}
	}()
	return lw
}

// serve runs `tovholder serve` against emu with env and returns the address it
// listens on; it stops when the test ends.
func serve(t *testing.T, env map[string]string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	lw := newLogWatch(t)
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, envOf(env), nil, io.Discard, lw.w) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve returned %v", err)
		}
		lw.w.Close()
	})
	select {
	case addr := <-lw.addr:
		return addr
	case err := <-done:
		t.Fatalf("serve stopped at once: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// waitFor waits until cond holds in the emulator.
func waitFor(t *testing.T, emu *slackemu.Server, what string, cond func() bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := emu.Wait(ctx, cond); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

func TestServeEndToEnd(t *testing.T) {
	for _, mode := range []string{"HTTP", "SocketMode"} {
		for _, slash := range []bool{true, false} {
			name := mode + "/APIURL with slash"
			if !slash {
				name = mode + "/APIURL without slash"
			}
			t.Run(name, func(t *testing.T) { serveEndToEnd(t, mode == "SocketMode", slash) })
		}
	}
}

func serveEndToEnd(t *testing.T, socket, slash bool) {
	emu := slackemu.New()
	t.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	api := emu.APIURL()
	if !slash {
		api = strings.TrimSuffix(api, "/")
	}
	env := map[string]string{"SLACK_BOT_TOKEN": slackemu.BotToken, "SLACK_API_URL": api,
		"TOVHOLDER_DB": filepath.Join(t.TempDir(), "tovholder.db"), "TOVHOLDER_ADDR": "127.0.0.1:0",
		"TOVHOLDER_ADMINS": bottest.Admin, "LOG_FORMAT": "json"}
	if socket {
		env["SLACK_APP_TOKEN"] = slackemu.AppToken
	} else {
		env["SLACK_SIGNING_SECRET"] = slackemu.SigningSecret
	}
	addr := serve(t, env)
	for path, want := range map[string]string{"/healthz": "ok\n", "/readyz": "ready\n"} {
		if code, body := get(t, "http://"+addr+path); code != http.StatusOK || body != want {
			t.Errorf("GET %s: %d %q", path, code, body)
		}
	}
	if socket {
		emu.UseSocketMode()
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := emu.WaitSocket(ctx); err != nil {
			t.Fatal(err)
		}
	} else {
		emu.UseHTTP("http://" + addr + "/slack/events")
	}
	intake(t, emu)
	// The public pages are served beside the bot, on the same address, in both modes.
	if code, body := get(t, "http://"+addr+"/wishes/1?lang=da"); code != http.StatusOK ||
		!strings.Contains(body, "Notice-period alarm on contracts") || !strings.Contains(body, `<html lang="da">`) {
		t.Errorf("GET /wishes/1: %d\n%s", code, body)
	}
}

// TOVHOLDER_WEB=off serves none of the pages, and leaves the bot's routes alone.
func TestServeWithoutWeb(t *testing.T) {
	emu := slackemu.New()
	t.Cleanup(emu.Close)
	bottest.AddWorkspace(emu)
	addr := serve(t, map[string]string{"SLACK_BOT_TOKEN": slackemu.BotToken, "SLACK_API_URL": emu.APIURL(),
		"SLACK_SIGNING_SECRET": slackemu.SigningSecret, "TOVHOLDER_DB": filepath.Join(t.TempDir(), "tovholder.db"),
		"TOVHOLDER_ADDR": "127.0.0.1:0", "LOG_FORMAT": "json", "TOVHOLDER_WEB": "off"})
	if code, _ := get(t, "http://"+addr+"/wishes"); code != http.StatusNotFound {
		t.Errorf("GET /wishes with the web off: %d", code)
	}
	if code, _ := get(t, "http://"+addr+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz: %d", code)
	}
}

func TestWebSettings(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string // the setting named in the error, "" for none
	}{
		{map[string]string{}, ""},
		{map[string]string{"TOVHOLDER_WEB": "off", "TOVHOLDER_WEB_NAMES": "true"}, ""},
		{map[string]string{"TOVHOLDER_PUBLIC_URL": "https://kitos.example.dk/"}, ""},
		{map[string]string{"TOVHOLDER_WEB": "maybe"}, "TOVHOLDER_WEB"},
		{map[string]string{"TOVHOLDER_PUBLIC_URL": "kitos.example.dk"}, "TOVHOLDER_PUBLIC_URL"},
		{map[string]string{"TOVHOLDER_PUBLIC_URL": "javascript:alert(1)"}, "TOVHOLDER_PUBLIC_URL"},
		{map[string]string{"TOVHOLDER_WEB_NAMES": "yes please"}, "TOVHOLDER_WEB_NAMES"},
	} {
		c, err := loadConfig(envOf(tc.env), false)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%v: %v", tc.env, err)
		case tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want+": ")):
			t.Errorf("%v: error %v, want one naming %s", tc.env, err, tc.want)
		case tc.want == "" && c.Web != (tc.env["TOVHOLDER_WEB"] != "off"):
			t.Errorf("%v: Web %v", tc.env, c.Web)
		case tc.env["TOVHOLDER_PUBLIC_URL"] != "" && tc.want == "" && c.PublicURL != "https://kitos.example.dk":
			t.Errorf("public URL %q", c.PublicURL)
		}
	}
}

// intake configures the bot from Slack and runs a wish through it.
func intake(t *testing.T, emu *slackemu.Server) {
	ctx := context.Background()
	slashAndWait := func(user, command, text string) string {
		t.Helper()
		n := len(emu.Ephemerals(user))
		if _, err := emu.SlashCommand(ctx, user, bottest.UserClub, command, text); err != nil {
			t.Fatal(err)
		}
		waitFor(t, emu, "an answer to "+command+" "+text, func() bool { return len(emu.Ephemerals(user)) > n })
		ms := emu.Ephemerals(user)
		return emu.RenderMessage(ms[len(ms)-1])
	}
	if got := slashAndWait(bottest.Admin, "/tovholder", "channel secretariat <#C0SEKR001|kitos-sekretariat>"); !strings.Contains(got, "#kitos-sekretariat") {
		t.Fatalf("setting the secretariat channel answered:\n%s", got)
	}
	if got := slashAndWait(bottest.Admin, "/tovholder", "group create kontrakt <#C0KONT001> IT-kontrakter"); !strings.Contains(got, "IT-kontrakter") {
		t.Fatalf("creating a group answered:\n%s", got)
	}
	if _, err := emu.SlashCommand(ctx, bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts"); err != nil {
		t.Fatal(err)
	}
	waitFor(t, emu, "the wish modal", func() bool { return len(emu.OpenViews(bottest.Per)) == 1 })
	v := emu.OpenViews(bottest.Per)[0]
	resp, err := emu.SubmitForm(ctx, bottest.Per, v.ID, map[string]string{"Working group": "IT-kontrakter",
		"Purpose": "Municipalities miss notice deadlines.", "Business value": "Avoids unwanted renewals."})
	if err != nil || resp.ResponseAction != "" {
		t.Fatalf("submit: %q %v %v", resp.ResponseAction, resp.Errors, err)
	}
	waitFor(t, emu, "the receipt and the card", func() bool {
		return len(emu.DMs(bottest.Per)) == 1 && len(emu.Messages(bottest.Secretary)) == 1
	})
	if dm := emu.RenderMessage(emu.DMs(bottest.Per)[0]); !strings.Contains(dm, "#1 Notice-period alarm on contracts") {
		t.Errorf("receipt:\n%s", dm)
	}
	if card := emu.RenderMessage(emu.Messages(bottest.Secretary)[0]); !bottest.ContainsAll(card, "#1 Notice-period alarm on contracts", "IT-kontrakter", "@per") {
		t.Errorf("card:\n%s", card)
	}
	if got := slashAndWait(bottest.Anna, "/wish", "1"); !bottest.ContainsAll(got, "#1 Notice-period alarm on contracts", "History") {
		t.Errorf("/wish 1:\n%s", got)
	}
}

func TestServeRefusesMissingConfiguration(t *testing.T) {
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"serve"}, envOf(map[string]string{"SLACK_BOT_TOKEN": "xoxb-1"}), nil, io.Discard, &stderr)
	if err == nil || !strings.HasPrefix(err.Error(), "SLACK_SIGNING_SECRET: ") {
		t.Errorf("serve without a signing secret: %v", err)
	}
	emu := slackemu.New()
	t.Cleanup(emu.Close)
	env := map[string]string{"SLACK_BOT_TOKEN": "xoxb-wrong", "SLACK_SIGNING_SECRET": "s", "SLACK_API_URL": emu.APIURL(),
		"TOVHOLDER_DB": filepath.Join(t.TempDir(), "t.db"), "TOVHOLDER_ADDR": "127.0.0.1:0"}
	if err := run(context.Background(), []string{"serve"}, envOf(env), nil, io.Discard, &stderr); err == nil || !strings.HasPrefix(err.Error(), "SLACK_BOT_TOKEN: ") {
		t.Errorf("serve with a token Slack refuses: %v", err)
	}
}

func TestMigrateVersionBackup(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "tovholder.db")
	env := envOf(map[string]string{"TOVHOLDER_DB": db})
	var out bytes.Buffer
	if err := run(ctx, []string{"migrate"}, env, nil, &out, io.Discard); err != nil || !strings.HasPrefix(out.String(), "applied ") {
		t.Fatalf("first migrate: %q, %v", out.String(), err)
	}
	out.Reset()
	if err := run(ctx, []string{"migrate"}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), "is up to date") {
		t.Errorf("second migrate: %q, %v", out.String(), err)
	}
	out.Reset()
	if err := run(ctx, []string{"version"}, env, nil, &out, io.Discard); err != nil || out.String() != "tovholder "+version+"\n" {
		t.Errorf("version: %q, %v", out.String(), err)
	}
	backup := filepath.Join(t.TempDir(), "backup.db")
	out.Reset()
	if err := run(ctx, []string{"backup", backup}, env, nil, &out, io.Discard); err != nil || !strings.Contains(out.String(), backup) {
		t.Fatalf("backup: %q, %v", out.String(), err)
	}
	b, err := storage.OpenNoMigrate(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if v, err := b.SchemaVersion(ctx); err != nil || v == 0 {
		t.Errorf("the backup has schema version %d, %v", v, err)
	}
	if err := run(ctx, []string{"backup"}, env, nil, &out, io.Discard); err == nil {
		t.Errorf("backup without a file was accepted")
	}
	if err := run(ctx, []string{"frobnicate"}, env, nil, &out, io.Discard); err == nil || !strings.Contains(err.Error(), `unknown command "frobnicate"`) {
		t.Errorf("unknown command: %v", err)
	}
}
