package bot

import (
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// englishTells are words that give English away in a Danish text. Command words (list,
// group, schedule, secretariat, steering, default …) are typed as they are in both
// languages, and words that are Danish too (for, at, to) are not on the list. Quoted
// `code` is searched too: an example's words are read.
var englishTells = regexp.MustCompile(`(?i)\b(the|and|is|are|not|you|your|please|sorry|cannot|must|with|of|than|would|should|there|which|what|when|this|that|only|use|write|choose|expected|exactly|fields|field|above|below|maximum|minimum|unrecognized|descriptor|invalid|error|failed|hours?|days?|minutes?|weekday|month|members?|wish|wishes|number|deadline|quorum|poll|stance|agree|object|reason|example|try|again|from|in|on|or|every|other|week|weekly|more|has|will|be|no|yes|first)\b`)

var codeSpan = regexp.MustCompile("`[^`]*`")

// tells returns the English tell-tales in a Danish text. Inside `code`, the words of
// the commands as typed (/wish, member, poll, @weekly …) are not tell-tales, and any
// other word is: an example's words are read.
func tells(s string) []string {
	typed := map[string]bool{"wish": true, "tovholder": true, "hourly": true, "daily": true, "weekly": true, "monthly": true, "yearly": true}
	for _, c := range commands() {
		for _, w := range strings.Fields(c.Name) {
			typed[strings.ToLower(w)] = true
		}
	}
	s = codeSpan.ReplaceAllStringFunc(s, func(code string) string {
		return englishTells.ReplaceAllStringFunc(code, func(w string) string {
			if typed[strings.ToLower(w)] {
				return " "
			}
			return w
		})
	})
	return englishTells.FindAllString(s, -1)
}

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

// Every refusal or error a user can get, every usage and both helps, said in Danish,
// contain no English outside the `code` they quote (issue 9, item 15).
func TestDanishRefusalsHaveNoEnglish(t *testing.T) {
	texts := map[string]string{}
	for _, key := range catalogKeys() {
		if !(strings.HasPrefix(key, "err.") || strings.HasPrefix(key, "usage.") || strings.Contains(key, ".err.") ||
			key == "wish.bad_number" || strings.HasPrefix(key, "help.") || strings.HasPrefix(key, "schedule.field.")) {
			continue
		}
		f := catalog[key].Da
		texts[key] = T(Danish, key, translateArgs(Danish, key, sampleArgs(key, f))...)
	}
	for _, c := range commands() {
		texts["usage of "+c.Slash+" "+c.Name] = usageText(Danish, c)
	}
	texts["help /wish"] = helpText(Danish, "/wish")
	texts["help /tovholder"] = helpText(Danish, "/tovholder")
	// The refusals of the parsers of user input, as the bot says them.
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
	keys := make([]string, 0, len(texts))
	for k := range texts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if found := tells(texts[k]); len(found) > 0 {
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
	return T(Danish, e.Msg, translateArgs(Danish, e.Msg, e.Args)...)
}

// The test finds what it is meant to find.
func TestTellsFindEnglish(t *testing.T) {
	for s, want := range map[string]int{
		"That is not a schedule I can read (expected exactly 5 fields)":  6,
		"Den plan kan jeg ikke læse. Brug `/wish list` eller `default`.": 0,
		"Eksempel: `/wish Notice-period alarm on contracts`":             1,
		"1 hours": 1,
	} {
		if got := tells(s); len(got) != want {
			t.Errorf("tells(%q) = %q, want %d", s, got, want)
		}
	}
}
