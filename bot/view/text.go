package view

import (
	"fmt"
	"strings"
	"time"
)

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Esc escapes user-supplied text for Slack's mrkdwn and plain_text, so that nobody can
// make the bot mention <!channel> or a user, or disguise a link.
func Esc(s string) string { return escaper.Replace(s) }

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
