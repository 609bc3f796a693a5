package view

import "strings"

var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// Esc escapes user-supplied text for Slack's mrkdwn and plain_text, so that nobody can
// make the bot mention <!channel> or a user, or disguise a link.
func Esc(s string) string { return escaper.Replace(s) }

// User mentions a Slack user by id; ids come from Slack, never from typed text.
func User(id string) string {
	if id == "" || id == "system" {
		return "Tovholder"
	}
	return "<@" + id + ">"
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

func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// Quote escapes and clips what someone typed and shows it as a block quote, every
// line of it.
func Quote(s string, n int) string {
	return ">" + strings.ReplaceAll(Clip(strings.TrimSpace(s), n), "\n", "\n>")
}

func NoteSuffix(note string, n int) string {
	if note == "" {
		return ""
	}
	return ": _" + Clip(OneLine(note), n) + "_"
}
