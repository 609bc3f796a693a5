package view

import (
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Block helpers: every text passed to them is already escaped where it came from a user.

// Mrkdwn is a mrkdwn text object within Slack's 3000 characters.
func Mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, Truncate(s, 3000), false, false)
}

// Plain is a plain_text object within Slack's 3000 characters. Slack shows plain_text
// as it is, so the text is unescaped: a group named "<drift>" is shown so, not as
// "&lt;drift&gt;" (plain_text cannot mention anyone or link anything).
func Plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, Truncate(Unesc(s), 3000), false, false)
}

// Section is a section block of mrkdwn text.
func Section(s string) *slack.SectionBlock { return slack.NewSectionBlock(Mrkdwn(s), nil, nil) }

// Header is a header block within its 150 characters.
func Header(s string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, Truncate(Unesc(s), 150), false, false))
}

// Context is a context block of mrkdwn parts, the empty ones left out, at most ten.
func Context(parts ...string) *slack.ContextBlock {
	var els []slack.MixedElement
	for _, p := range parts {
		if p != "" && len(els) < 10 {
			els = append(els, Mrkdwn(p))
		}
	}
	return slack.NewContextBlock("", els...)
}

// Fields is a section of label/value pairs, at most ten, each within 2000 characters.
func Fields(pairs ...string) *slack.SectionBlock {
	var fs []*slack.TextBlockObject
	for i := 0; i+1 < len(pairs) && len(fs) < 10; i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		fs = append(fs, Mrkdwn(Truncate("*"+pairs[i]+"*\n"+pairs[i+1], 2000)))
	}
	return slack.NewSectionBlock(nil, fs, nil)
}

// Button is a button with a plain_text label within 75 characters; style may be "".
func Button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, Truncate(Unesc(label), 75), false, false))
	if style != "" {
		b.Style = style
	}
	return b
}

// Buttons is an actions block of els.
func Buttons(blockID string, els ...slack.BlockElement) *slack.ActionBlock {
	return slack.NewActionBlock(blockID, els...)
}

// WebLink is a context block linking url, a page of the public web pages in lang ("View
// on the web"); nothing when url is "" (the pages have no public address).
func WebLink(lang i18n.Lang, url string) []slack.Block {
	if url == "" {
		return nil
	}
	return []slack.Block{Context(i18n.T(lang, "web.view", url))}
}

// StateName is a state in lang.
func StateName(lang i18n.Lang, s workflow.State) string { return i18n.T(lang, "state."+string(s)) }

// SectionRoom is how much text goes in one section: Slack allows 3000 characters,
// and a little is kept for the escapes of what follows.
const SectionRoom = 2900

// PackLines packs lines into sections within Slack's limits, at most room blocks;
// what does not fit is summarised in a last line, more(number of lines left out).
func PackLines(lines []string, room int, more func(rest int) string) []slack.Block {
	var blocks []slack.Block
	var cur strings.Builder
	for i, l := range lines {
		if cur.Len() > 0 && cur.Len()+len(l)+1 > SectionRoom {
			if len(blocks) >= room-2 {
				return append(blocks, Section(cur.String()), Context(more(len(lines)-i)))
			}
			blocks = append(blocks, Section(cur.String()))
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		blocks = append(blocks, Section(cur.String()))
	}
	return blocks
}

// MoreText is a more func for packLines saying key with the number left out; a key
// with plural forms (key.one, key.many) is said through N.
func MoreText(lang i18n.Lang, key string) func(int) string {
	if i18n.Has(key + ".many") {
		return func(n int) string { return i18n.N(lang, key, n) }
	}
	return func(n int) string { return i18n.T(lang, key, n) }
}
