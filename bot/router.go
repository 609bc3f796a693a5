package bot

import (
	"context"
	"errors"
	"regexp"
	"sort"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
)

// Command is a slash subcommand, declared as data: the router matches it and the
// help text is generated from it.
type Command struct {
	Slash   string // "/tovholder" or "/wish"
	Name    string // the words that select it, e.g. "group member add"; "" for none
	Args    string // catalog key of the argument synopsis, e.g. "usage.group_member"
	Help    string // catalog key of what it does
	Example string // an example: a catalog key ("example.poll") when it has words to translate, else literal
	Run     func(ctx context.Context, b *Bot, r *request, args []string) error

	// Fallback makes this (unnamed) command take the whole text when a subcommand's
	// words are followed by arguments that do not fit it.
	Fallback bool
}

// Usage is the command's synopsis in lang.
func (c Command) Usage(lang i18n.Lang) string {
	s := c.Slash
	if c.Name != "" {
		s += " " + c.Name
	}
	if c.Args != "" {
		s += " " + i18n.T(lang, c.Args)
	}
	return s
}

// example is the command's example in lang.
func (c Command) example(lang i18n.Lang) string {
	if i18n.Has(c.Example) {
		return i18n.T(lang, c.Example)
	}
	return c.Example
}

// actionFunc handles a click on a button (or a select) with a given action_id.
type actionFunc func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback, a *slack.BlockAction) error

// submitFunc handles a modal's submission. It runs before the ack, so it must be quick:
// validate, call the workflow, and answer with field errors or nothing.
type submitFunc func(ctx context.Context, b *Bot, r *request, ic *slack.InteractionCallback) (*slack.ViewSubmissionResponse, error)

// knownSlash reports whether slash is a command of the bot's.
func knownSlash(slash string) bool {
	for _, c := range commands() {
		if c.Slash == slash {
			return true
		}
	}
	return false
}

// route finds the command for text typed after slash: the longest Name matching the
// first words. It returns the command and the remaining arguments.
func route(slash string, text string) (Command, []string, bool) {
	words := tokenize(text)
	var best Command
	bestLen := -1
	for _, c := range commands() {
		if c.Slash != slash {
			continue
		}
		name := strings.Fields(c.Name)
		if len(name) > len(words) || len(name) <= bestLen {
			continue
		}
		match := true
		for i, w := range name {
			if !strings.EqualFold(words[i], w) {
				match = false
				break
			}
		}
		if match {
			best, bestLen = c, len(name)
		}
	}
	if bestLen < 0 {
		return Command{}, words, false
	}
	return best, words[bestLen:], true
}

// unknownWord is the first of words that no command of slash's takes at its place,
// with the words before it: for "schedule foo" it is "foo" after ["schedule"], so that
// the answer names the word that is wrong, not the group of commands it is in. ok is
// false when every word fits: the words only begin commands ("group member").
func unknownWord(slash string, words []string) (known []string, unknown string, ok bool) {
	n := 0
	for _, c := range commands() {
		if c.Slash != slash {
			continue
		}
		name := strings.Fields(c.Name)
		i := 0
		for i < len(name) && i < len(words) && strings.EqualFold(name[i], words[i]) {
			i++
		}
		n = max(n, i)
	}
	if n >= len(words) {
		return words, "", false
	}
	return words[:n], words[n], true
}

// fallback is slash's Fallback command with all the words of text as its arguments.
func fallback(slash, text string) (Command, []string) {
	for _, c := range commands() {
		if c.Slash == slash && c.Fallback {
			return c, tokenize(text)
		}
	}
	return Command{}, nil
}

// hasFallback reports whether slash has a Fallback command.
func hasFallback(slash string) bool {
	c, _ := fallback(slash, "")
	return c.Run != nil
}

// tokenize splits on white space, keeping "quoted strings" (also Slack's curly quotes,
// which it substitutes as people type) as one argument.
func tokenize(s string) []string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`).Replace(s)
	var out []string
	var cur strings.Builder
	inQuote, has := false, false
	for _, r := range s {
		switch {
		case r == '"':
			inQuote, has = !inQuote, true
		case !inQuote && (r == ' ' || r == '\t' || r == '\n'):
			if has {
				out = append(out, cur.String())
				cur.Reset()
				has = false
			}
		default:
			cur.WriteRune(r)
			has = true
		}
	}
	if has {
		out = append(out, cur.String())
	}
	return out
}

// errUsage makes the router answer with the command's usage and example.
var errUsage = errors.New("usage")

var (
	userRef    = regexp.MustCompile(`^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$`)
	channelRef = regexp.MustCompile(`^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$`)
)

// parseUser reads a mention as Slack escapes it (<@U123|name> or <@U123>).
func parseUser(s string) (string, bool) {
	m := userRef.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// parseUsers reads one or more mentions; any other word is a usage error.
func parseUsers(args []string) ([]string, error) {
	if len(args) == 0 {
		return nil, errUsage
	}
	var out []string
	for _, a := range args {
		u, ok := parseUser(a)
		if !ok {
			return nil, errUsage
		}
		out = append(out, u)
	}
	return out, nil
}

// parseChannel reads a channel link as Slack escapes it (<#C123|name> or <#C123>).
func parseChannel(s string) (string, bool) {
	m := channelRef.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// helpText lists every subcommand of slash with its usage, what it does and an example.
func helpText(lang i18n.Lang, slash string) string { return helpTextFor(lang, slash, nil) }

// sayLines answers privately with a text of many lines, such as the help, in sections
// within Block Kit's limits; the notification text is cut to fit.
func (b *Bot) sayLines(ctx context.Context, r *request, s string) {
	b.say(ctx, r, view.Truncate(s, 3000), view.PackLines(strings.Split(s, "\n"), 45, view.MoreText(r.lang, "poll.more_lines"))...)
}

// helpTextFor is helpText for the subcommands whose names start with the words prefix.
func helpTextFor(lang i18n.Lang, slash string, prefix []string) string {
	var cs []Command
	for _, c := range commands() {
		if c.Slash == slash && c.Help != "" && hasPrefixWords(strings.Fields(c.Name), prefix) {
			cs = append(cs, c)
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].Name < cs[j].Name })
	var sb strings.Builder
	sb.WriteString(i18n.T(lang, "help.title."+strings.TrimPrefix(slash, "/")))
	for _, c := range cs {
		sb.WriteString("\n• `" + view.Esc(c.Usage(lang)) + "`: " + i18n.T(lang, c.Help))
		if c.Example != "" {
			// A sentence of its own: "…the user club. Example: …", not "…the user club Example: …".
			sb.WriteString(endSentence(i18n.T(lang, c.Help)) + " " + i18n.T(lang, "help.example", view.Esc(c.example(lang))))
		}
	}
	return sb.String()
}

// endSentence is the full stop that text, a sentence, lacks: "." or "".
func endSentence(text string) string {
	if strings.HasSuffix(text, ".") || strings.HasSuffix(text, "?") || strings.HasSuffix(text, "!") {
		return ""
	}
	return "."
}

func hasPrefixWords(name, prefix []string) bool {
	if len(prefix) > len(name) {
		return false
	}
	for i, p := range prefix {
		if !strings.EqualFold(name[i], p) {
			return false
		}
	}
	return true
}

// usageText is the answer to a command used wrongly.
func usageText(lang i18n.Lang, c Command) string {
	s := i18n.T(lang, "usage.wrong", view.Esc(c.Usage(lang)))
	if c.Example != "" {
		s += "\n" + i18n.T(lang, "help.example", view.Esc(c.example(lang)))
	}
	return s
}
