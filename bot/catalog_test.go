package bot

import (
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/i18n/i18ntest"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// Every command's usage, help and title is in the catalog.
func TestCommandKeysAreInTheCatalog(t *testing.T) {
	for _, c := range commands() {
		for _, key := range []string{c.Args, c.Help, "help.title." + strings.TrimPrefix(c.Slash, "/")} {
			if key != "help.title." && key != "" && !i18n.Has(key) {
				t.Errorf("command %s %s: %s is not in the catalog", c.Slash, c.Name, key)
			}
		}
	}
}

// typedWords are the words of the commands, typed as they are in any language.
func typedWords() []string {
	var out []string
	for _, c := range commands() {
		out = append(out, strings.Fields(c.Name)...)
	}
	return out
}

// Every usage and both helps, and the refusals of the parsers of user input, said in
// Danish, contain no English outside the `code` they quote, and inside it only the
// commands' words (issue 9, item 15). The catalog's own test reads every refusal's prose.
func TestDanishUsageAndRefusalsHaveNoEnglish(t *testing.T) {
	texts := map[string]string{}
	for _, c := range commands() {
		texts["usage of "+c.Slash+" "+c.Name] = usageText(i18n.Danish, c)
	}
	texts["help /wish"] = helpText(i18n.Danish, "/wish")
	texts["help /tovholder"] = helpText(i18n.Danish, "/tovholder")
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for _, expr := range []string{"0 9 * *", "61 9 * * *", "0 24 * * *", "0 9 32 * *", "0 9 * 13 *", "0 9 * * 8",
		"@fortnightly", "TZ=UTC 0 9 * * *", "0 9 31 2 *", "* * * * *", "0 9 * * mon-xyz"} {
		_, err := workflow.CheckSchedule(expr, now, time.UTC)
		texts["schedule "+expr] = danishRefusal(t, err)
	}
	for _, d := range []string{"soon", "281474976710658d", "15d", "59m"} {
		_, err := workflow.ParseRemindBefore(d)
		texts["remind-before "+d] = danishRefusal(t, err)
	}
	for _, key := range i18n.Keys() {
		if strings.HasPrefix(key, "err.") || strings.HasPrefix(key, "usage.") || strings.HasPrefix(key, "help.") {
			if text, _ := i18n.Lookup(key); !strings.Contains(text.Da, "%") {
				texts[key] = text.Da
			}
		}
	}
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	typed := typedWords()
	for _, k := range keys {
		if found := i18ntest.EnglishIn(texts[k], typed...); len(found) > 0 {
			t.Errorf("%s in Danish has English %q:\n%s", k, found, texts[k])
		}
	}
}

func danishRefusal(t *testing.T, err error) string {
	t.Helper()
	e, ok := workflow.AsError(err)
	if !ok {
		t.Fatalf("%v is not a domain error", err)
	}
	return i18n.T(i18n.Danish, e.Msg, i18n.ErrorArgs(i18n.Danish, e.Msg, e.Args, view.Esc)...)
}
