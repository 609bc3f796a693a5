package view

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Esc escapes user-supplied text for Slack's mrkdwn and plain_text, so that nobody can
// make the bot mention <!channel> or a user, or disguise a link.
func Esc(s string) string { return escaper.Replace(s) }

var unescaper = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")

// Unesc undoes Esc, for plain_text, which Slack shows as it is.
func Unesc(s string) string { return unescaper.Replace(s) }

// User mentions a Slack user by id; ids come from Slack, never from typed text. An
// imported wish may name a person who has no Slack id: the name is shown as text.
func User(id string) string {
	if id == "" || id == "system" {
		return "Tovholder"
	}
	if !slackUserID(id) {
		return Esc(id)
	}
	return "<@" + id + ">"
}

// slackUserID reports whether s looks like a Slack user id (U012AB3CD, W012AB3CD).
func slackUserID(s string) bool {
	if len(s) < 2 || (s[0] != 'U' && s[0] != 'W') {
		return false
	}
	for _, r := range s[1:] {
		if (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// Channel links a channel by id.
func Channel(id string) string { return "<#" + id + ">" }

// Truncate shortens s to at most n runes, marking the cut, so a long wish never
// breaks a Block Kit limit.
func Truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Clip escapes and then truncates, without cutting an entity in half.
func Clip(s string, n int) string {
	e := Esc(s)
	if len([]rune(e)) <= n {
		return e
	}
	r := []rune(e)[:n-1]
	if i := strings.LastIndexByte(string(r), '&'); i >= 0 && !strings.Contains(string(r)[i:], ";") {
		return string(r)[:i] + "…"
	}
	return string(r) + "…"
}

// OneLine is s with its white space, new lines too, as single spaces.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Quote escapes and clips what someone typed and shows it as a block quote, every
// line of it.
func Quote(s string, n int) string {
	return ">" + strings.ReplaceAll(Clip(strings.TrimSpace(s), n), "\n", "\n>")
}

// NoteSuffix is ": _note_", escaped and clipped to n, or "" for no note.
func NoteSuffix(note string, n int) string {
	if note == "" {
		return ""
	}
	return ": _" + Clip(OneLine(note), n) + "_"
}

// WithNote is the sentence text followed by ": _note_", its full stop dropped so that no
// stray punctuation stands before the note ("(by @mette): _moving_", not
// "(by @mette).: _moving_"); text as it is for no note.
func WithNote(text, note string, n int) string {
	if note == "" {
		return text
	}
	return strings.TrimSuffix(text, ".") + NoteSuffix(note, n)
}

// Date shows t in loc, for readers in Denmark; "" for no time.
func Date(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format("2006-01-02 15:04")
}

// SlackDate shows t in each reader's own time zone through Slack's date formatting,
// with the time in loc as the fallback.
func SlackDate(t time.Time, loc *time.Location) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", t.Unix(), Date(t, loc))
}

// cutPoint is where to cut escaped text e (runes) so that what is kept has at most n
// runes: at the last white space within n when there is one in its second half, and
// never inside an entity (&amp; &lt; &gt;).
func cutPoint(e []rune, n int) int {
	if n >= len(e) {
		return len(e)
	}
	if n <= 0 {
		return 0
	}
	cut := n
	for i := n - 1; i >= 0 && i >= n-5; i-- { // an entity is at most five runes
		if e[i] == ';' {
			break
		}
		if e[i] == '&' {
			cut = i
			break
		}
	}
	for i := cut; i > cut/2; i-- {
		if i < len(e) && (e[i] == ' ' || e[i] == '\n') {
			return i
		}
	}
	return cut
}

// ClipMore escapes s and, when the escaped text is longer than n runes, cuts it at a
// word, never inside an entity, and ends it with "… " and more (mrkdwn, such as where
// to read the full text), so that nothing is left out silently. The result has at most
// n runes when n leaves room for more.
func ClipMore(s string, n int, more string) string {
	e := []rune(Esc(s))
	if len(e) <= n {
		return string(e)
	}
	tail := "… " + more
	cut := cutPoint(e, n-utf8.RuneCountInString(tail))
	return strings.TrimRight(string(e[:cut]), " \n") + tail
}

// SplitEscaped escapes s and splits it into parts of at most n runes each, at words
// where it can and never inside an entity; the parts joined are the escaped text.
func SplitEscaped(s string, n int) []string {
	e := []rune(Esc(s))
	var parts []string
	for len(e) > n {
		cut := cutPoint(e, n)
		if cut == 0 {
			cut = n
		}
		parts = append(parts, string(e[:cut]))
		e = e[cut:]
	}
	return append(parts, string(e))
}
