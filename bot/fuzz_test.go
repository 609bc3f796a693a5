package bot

import (
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/os2kitos/tovholder/bot/i18n"
)

// slashSeeds are texts typed after /wish and /tovholder: the table tests' and the bugs'.
var slashSeeds = []string{
	"", "help", "list", "LIST ALL", "list all contracts", "follow 1", "follow", "unfollow #1", "withdraw abc",
	"withdraw 0", "0", "-1", "#0", "+0", "99999999999999999999", "Plan for contract renewals", `plan "next cycle"`,
	`Alarm for "opsigelsesfrist"`, "Alarm for “opsigelsesfrist”", "  12 contracts at once  ", "schedule foo \"0 9 * * 1\"",
	`group schedule kontrakt "0 9 * * 1"`, "group member add kontrakt <@U0ANNA001|anna> <@U0LARS001>",
	"channel userclub <#C0SYST001|kitos-systemer>", "\"unterminated", "\"\"", "a\tb\nc", "„quoted“ ”odd”",
	"group frobnicate kontrakt", "role add secretariat <@U0METTE01>",
}

// FuzzTokenize: the tokenizer never panics, never yields an empty word from unquoted
// text, and without quotes splits exactly on spaces, tabs and newlines.
func FuzzTokenize(f *testing.F) {
	for _, s := range slashSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		words := tokenize(s)
		if strings.ContainsAny(s, "\"“”„") || !utf8.ValidString(s) {
			// Slack sends UTF-8; the tokenizer reads anything else as U+FFFD.
			return
		}
		want := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' })
		if strings.Join(words, "\x00") != strings.Join(want, "\x00") || len(words) != len(want) {
			t.Fatalf("tokenize(%q) = %q, want %q", s, words, want)
		}
	})
}

// FuzzRoute: for any text after either command, the router picks a command of that
// command whose words begin the text, hands it the rest, and the answers for unknown
// words and wrong arguments are well formed.
func FuzzRoute(f *testing.F) {
	for _, s := range slashSeeds {
		f.Add("/wish", s)
		f.Add("/tovholder", s)
	}
	f.Fuzz(func(t *testing.T, slash, text string) {
		if slash != "/wish" && slash != "/tovholder" {
			slash = "/wish"
		}
		words := tokenize(text)
		c, args, ok := route(slash, text)
		if !ok {
			if len(args) != len(words) {
				t.Fatalf("route(%q) refused but returned %q of %q", text, args, words)
			}
			known, word, unknown := unknownWord(slash, words)
			if !unknown && len(known) != len(words) || unknown && (len(known) >= len(words) || word != words[len(known)]) {
				t.Fatalf("unknownWord(%q) = %q, %q", words, known, word)
			}
			_ = helpTextFor(i18n.English, slash, known)
			return
		}
		if c.Slash != slash {
			t.Fatalf("route(%s %q) chose %s %s", slash, text, c.Slash, c.Name)
		}
		name := strings.Fields(c.Name)
		if len(name)+len(args) != len(words) || !hasPrefixWords(words, name) {
			t.Fatalf("route(%q) = %q with %q", text, c.Name, args)
		}
		_ = ownsArgument(c, text)
		if u := usageText(i18n.Danish, c); !strings.Contains(u, slash) {
			t.Fatalf("usage of %s %s lacks the command: %q", slash, c.Name, u)
		}
		if len(args) == 1 && looksLikeNumber(args[0]) {
			if _, ok := wishNumber(args[0]); ok && strings.HasPrefix(args[0], "-") {
				t.Fatalf("wishNumber(%q) accepted a negative number", args[0])
			}
		}
	})
}

// FuzzDayDeadline: a picked day is accepted only as YYYY-MM-DD, and its deadline is
// shown as that day at 23:59 in the bot's zone.
func FuzzDayDeadline(f *testing.F) {
	for _, s := range []string{"2027-03-10", "2027-03-28", "2027-10-31", "2027-02-29", "2028-02-29", "2027-3-10",
		"10-03-2027", "", "2027-03-10T00:00:00Z", "9999-12-31", "0000-01-01", "2027-13-01", "2027-03-32"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, day string) {
		d, ok := dayDeadline(day, loc)
		if !ok {
			return
		}
		if got := d.In(loc).Format(dayFormat + " 15:04:05"); got != day+" 23:59:59" {
			t.Fatalf("dayDeadline(%q) = %s", day, got)
		}
	})
}

var (
	userID    = regexp.MustCompile(`^[UW][A-Z0-9]+$`)
	channelID = regexp.MustCompile(`^[CG][A-Z0-9]+$`)
)

// FuzzArgument: the arguments of subcommands, mentions and numbers, are read only
// when well formed: a mention yields the id Slack wrote, a wish number is positive.
func FuzzArgument(f *testing.F) {
	for _, s := range []string{"<@U0ANNA001>", "<@U0ANNA001|anna>", "<@W123|x>", "<@U0ANNA001|>", "<@u0anna001>",
		"<#C0KONT001|kitos-kontrakt>", "<#C0KONT001>", "<#G1>", "<!channel>", "@anna", "#kitos", "12", "#12", "0", "-1",
		"+5", "007", "99999999999999999999", "1e3", "<@U1><@U2>", "<@U1|a>b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if u, ok := parseUser(s); ok && (!userID.MatchString(u) || !strings.HasPrefix(s, "<@"+u) || !strings.HasSuffix(s, ">")) {
			t.Fatalf("parseUser(%q) = %q", s, u)
		}
		if c, ok := parseChannel(s); ok && (!channelID.MatchString(c) || !strings.HasPrefix(s, "<#"+c) || !strings.HasSuffix(s, ">")) {
			t.Fatalf("parseChannel(%q) = %q", s, c)
		}
		if id, ok := wishNumber(s); ok && (id <= 0 || !looksLikeNumber(s)) {
			t.Fatalf("wishNumber(%q) = %d", s, id)
		}
		if users, err := parseUsers(strings.Fields(s)); err == nil && len(users) != len(strings.Fields(s)) {
			t.Fatalf("parseUsers(%q) = %q", s, users)
		}
	})
}
