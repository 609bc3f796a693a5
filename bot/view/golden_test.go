package view

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// written are the golden files the tests wrote or compared.
var written sync.Map

// TestMain fails a full run that leaves a golden file no test wrote: a view that is
// gone takes its files with it. A run that picks tests (-run, -skip) or only lists them
// (-list, as .ci/run does to find the fuzz targets) writes none and is no full run.
func TestMain(m *testing.M) {
	code := m.Run()
	full := true
	for _, name := range []string{"test.run", "test.skip", "test.list"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			full = false
		}
	}
	if code == 0 && full {
		files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
		for _, f := range files {
			if _, ok := written.Load(filepath.Base(f)); !ok {
				fmt.Fprintf(os.Stderr, "%s is written by no test: delete it\n", f)
				code = 1
			}
		}
	}
	os.Exit(code)
}

// langs are the languages every view is rendered in.
var langs = []i18n.Lang{i18n.English, i18n.Danish}

// golden compares v, as indented JSON, with testdata/name.lang.json, after checking it
// with the emulator's strict validator. Names say what the file holds, for .ci/run's
// check with Slack's TypeScript definitions: "message.…" a Message (text and blocks),
// "modal.…" and "home.…" a View.
func golden(t *testing.T, name string, lang i18n.Lang, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // the files are read by people: & and < as they are
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	// slack-go's own MarshalJSON escapes them anyway; the JSON means the same.
	got := []byte(strings.NewReplacer(`\u0026`, "&", `\u003c`, "<", `\u003e`, ">").Replace(buf.String()))
	var errs []string
	switch kind, _, _ := strings.Cut(name, "."); kind {
	case "message":
		m, ok := v.(Message)
		if !ok {
			t.Fatalf("%s: a message golden file holds a Message, not %T", name, v)
		}
		blocks, err := json.Marshal(m.Blocks)
		if err != nil {
			t.Fatal(err)
		}
		errs = slackemu.ValidateBlocks(blocks)
		if strings.TrimSpace(m.Text) == "" {
			errs = append(errs, "the message has no text: Slack needs it for notifications")
		}
	case "modal", "home":
		switch v.(type) {
		case slack.ModalViewRequest, slack.HomeTabViewRequest:
		default:
			t.Fatalf("%s: a view golden file holds a view request, not %T", name, v)
		}
		errs = slackemu.ValidateView(got)
	default:
		t.Fatalf("%s: a golden file's name begins with message., modal. or home.", name)
	}
	for _, e := range errs {
		t.Errorf("%s in %s: Slack would refuse it: %s", name, lang, e)
	}
	path := filepath.Join("testdata", name+"."+string(lang)+".json")
	written.Store(filepath.Base(path), true)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./bot/view -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s; if the change is intended, run go test ./bot/view -update and read the diff:\n%s",
			name, path, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n- " + wl + "\n+ " + gl
		}
	}
	return ""
}

// TestNoEntitiesInPlainText: Slack shows a plain_text field (a header, an option, a
// button's label, a modal's title) as it is, so an escaped entity there is seen as
// "&lt;"; mrkdwn is where & < > are escaped (issue 12).
func TestNoEntitiesInPlainText(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.json"))
	var walk func(file string, v any)
	walk = func(file string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if v["type"] == "plain_text" {
				if s, _ := v["text"].(string); entity.MatchString(s) {
					t.Errorf("%s: plain_text %q shows an entity", file, s)
				}
			}
			for _, x := range v {
				walk(file, x)
			}
		case []any:
			for _, x := range v {
				walk(file, x)
			}
		}
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walk(f, v)
	}
}
