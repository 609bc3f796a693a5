package i18n

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/i18n/i18ntest"
)

// sampleArgs are arguments for a catalog entry's verbs: a valid name where the bot
// translates the argument (errArgs), a number for %d, a neutral word otherwise.
func sampleArgs(key, format string) []any {
	vs := verbs(format)
	args := make([]any, len(vs))
	for i := range args {
		switch v := vs[i+1]; {
		case strings.Contains(v, "d"):
			args[i] = 2
		default:
			args[i] = "x"
		}
	}
	for i, p := range errArgs[key] {
		if p == "" || i >= len(args) {
			continue
		}
		for _, k := range catalogKeys() {
			if rest, ok := strings.CutPrefix(k, p); ok {
				args[i] = rest
				break
			}
		}
	}
	return args
}

// sample is key said in lang with sample arguments.
func sample(lang Lang, key string) string {
	f := catalog[key].Da
	return T(lang, key, ErrorArgs(lang, key, sampleArgs(key, f), func(s string) string { return s })...)
}

// Every refusal or error a user can get, every usage and both helps, said in Danish,
// contain no English in their prose (issue 9, item 15). The bot's test reads the
// `code` they quote too, knowing its commands' words.
func TestDanishRefusalsHaveNoEnglish(t *testing.T) {
	for _, key := range catalogKeys() {
		if !(strings.HasPrefix(key, "err.") || strings.HasPrefix(key, "usage.") || strings.Contains(key, ".err.") ||
			key == "wish.bad_number" || strings.HasPrefix(key, "help.") || strings.HasPrefix(key, "schedule.field.")) {
			continue
		}
		text := sample(Danish, key)
		if found := i18ntest.EnglishIn(i18ntest.Prose(text)); len(found) > 0 {
			t.Errorf("%s in Danish has English %q:\n%s", key, found, text)
		}
	}
}

// The test finds what it is meant to find.
func TestTellsFindEnglish(t *testing.T) {
	for s, want := range map[string]int{
		"That is not a schedule I can read (expected exactly 5 fields)":  6,
		"Den plan kan jeg ikke læse. Brug `/wish list` eller `default`.": 0,
		"Eksempel: `/wish Notice-period alarm on contracts`":             1,
		"1 hours": 1,
	} {
		if got := i18ntest.EnglishIn(s, "list"); len(got) != want {
			t.Errorf("EnglishIn(%q) = %q, want %d", s, got, want)
		}
	}
}

func TestErrorArgs(t *testing.T) {
	quote := func(s string) string { return "<" + s + ">" }
	got := ErrorArgs(Danish, "err.wish.transition", []any{int64(3), "submitted", "approved"}, quote)
	want := []any{int64(3), "indsendt", "godkendt"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ErrorArgs[%d] = %v, want %v", i, got[i], want[i])
		}
	}
	if got := ErrorArgs(English, "err.unknown_command", []any{"a*b"}, quote); got[0] != "<a*b>" {
		t.Errorf("a plain argument is quoted: got %v", got[0])
	}
}

func TestParseLang(t *testing.T) {
	for s, want := range map[string]Lang{"en": English, "da": Danish, "da-DK": Danish, " EN_us ": English, "de": "", "": ""} {
		got, ok := ParseLang(s)
		if got != want || ok != (want != "") {
			t.Errorf("ParseLang(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
}

func FuzzParseLang(f *testing.F) {
	for _, s := range []string{"en", "da", "da-DK", "en_GB", " EN ", "de", "", "da-", "dan"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		l, ok := ParseLang(s)
		if ok != (l == English || l == Danish) {
			t.Fatalf("ParseLang(%q) = %q, %v", s, l, ok)
		}
		if ok {
			if again, ok2 := ParseLang(string(l)); !ok2 || again != l {
				t.Fatalf("ParseLang(%q) = %q does not read back: %q", s, l, again)
			}
		}
	})
}
