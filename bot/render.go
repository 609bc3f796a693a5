package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// message is a rendered Slack message: the text is the notification and fallback,
// the blocks what people see.
type message struct {
	Text   string
	Blocks []slack.Block
}

func (m message) options() []slack.MsgOption {
	opts := []slack.MsgOption{slack.MsgOptionText(m.Text, false)}
	if len(m.Blocks) > 0 {
		opts = append(opts, slack.MsgOptionBlocks(m.Blocks...))
	}
	return opts
}

// renderFunc renders a notice of one kind. Rendering reads the current state, so a
// late delivery shows the truth of its time, and refreshes coalesce.
type renderFunc func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error)

// renderers maps each notice kind to its view; each feature declares its own.
var renderers = mergeHandlers(intakeRenderers, triageRenderers, pollRenderers, pipelineRenderers, reminderRenderers,
	rankingRenderers)

func (d *Dispatcher) render(ctx context.Context, dl workflow.Delivery, lang i18n.Lang) (message, error) {
	f, ok := renderers[string(dl.Kind)]
	if !ok {
		return message{}, &workflow.Error{Kind: workflow.Invalid, Msg: "no view for notice kind " + string(dl.Kind)}
	}
	return f(ctx, d.b, lang, dl.Notice)
}

// renderRef re-renders a message the bot posted earlier.
func (d *Dispatcher) renderRef(ctx context.Context, ref workflow.MessageRef) (message, error) {
	n := workflow.Notice{Kind: ref.Kind, Op: workflow.OpPost, To: ref.Channel, Ref: ref.Ref, WishID: ref.WishID, PollID: ref.PollID}
	return d.render(ctx, workflow.Delivery{Notice: n}, d.b.cfg.Lang)
}

// Block helpers: every text passed to them is already escaped where it came from a user.

func mrkdwn(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.MarkdownType, truncate(s, 3000), false, false)
}

func plain(s string) *slack.TextBlockObject {
	return slack.NewTextBlockObject(slack.PlainTextType, truncate(s, 3000), false, false)
}

func section(s string) *slack.SectionBlock { return slack.NewSectionBlock(mrkdwn(s), nil, nil) }

func header(s string) *slack.HeaderBlock {
	return slack.NewHeaderBlock(slack.NewTextBlockObject(slack.PlainTextType, truncate(s, 150), false, false))
}

func context_(parts ...string) *slack.ContextBlock {
	var els []slack.MixedElement
	for _, p := range parts {
		if p != "" && len(els) < 10 {
			els = append(els, mrkdwn(p))
		}
	}
	return slack.NewContextBlock("", els...)
}

// fields is a section of label/value pairs, at most ten, each within 2000 characters.
func fields(pairs ...string) *slack.SectionBlock {
	var fs []*slack.TextBlockObject
	for i := 0; i+1 < len(pairs) && len(fs) < 10; i += 2 {
		if pairs[i+1] == "" {
			continue
		}
		fs = append(fs, mrkdwn(truncate("*"+pairs[i]+"*\n"+pairs[i+1], 2000)))
	}
	return slack.NewSectionBlock(nil, fs, nil)
}

func button(actionID, label, value string, style slack.Style) *slack.ButtonBlockElement {
	b := slack.NewButtonBlockElement(actionID, value, slack.NewTextBlockObject(slack.PlainTextType, truncate(label, 75), false, false))
	if style != "" {
		b.Style = style
	}
	return b
}

func buttons(blockID string, els ...slack.BlockElement) *slack.ActionBlock {
	return slack.NewActionBlock(blockID, els...)
}

// date shows t in the bot's time zone, for readers in Denmark.
func (b *Bot) date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(b.loc).Format("2006-01-02 15:04")
}

// slackDate shows t in each reader's own time zone through Slack's date formatting,
// with the bot's local time as the fallback.
func (b *Bot) slackDate(t time.Time) string {
	return fmt.Sprintf("<!date^%d^{date_short_pretty} {time}|%s>", t.Unix(), b.date(t))
}

// stateName is a state in lang.
func stateName(lang i18n.Lang, s workflow.State) string { return i18n.T(lang, "state."+string(s)) }

// noticeWish loads the wish of notice n and the event that caused it, which most
// notices about a wish show: who did what, with which note.
func noticeWish(ctx context.Context, b *Bot, n workflow.Notice) (workflow.WishDetail, workflow.Event, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return d, workflow.Event{}, err
	}
	e, err := b.store.Event(ctx, n.EventID)
	return d, e, err
}

// sectionRoom is how much text goes in one section: Slack allows 3000 characters,
// and a little is kept for the escapes of what follows.
const sectionRoom = 2900

// packLines packs lines into sections within Slack's limits, at most room blocks;
// what does not fit is summarised in a last line, more(number of lines left out).
func packLines(lines []string, room int, more func(rest int) string) []slack.Block {
	var blocks []slack.Block
	var cur strings.Builder
	for i, l := range lines {
		if cur.Len() > 0 && cur.Len()+len(l)+1 > sectionRoom {
			if len(blocks) >= room-2 {
				return append(blocks, section(cur.String()), context_(more(len(lines)-i)))
			}
			blocks = append(blocks, section(cur.String()))
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte('\n')
		}
		cur.WriteString(l)
	}
	if cur.Len() > 0 {
		blocks = append(blocks, section(cur.String()))
	}
	return blocks
}

// moreText is a more func for packLines saying key with the number left out; a key
// with plural forms (key.one, key.many) is said through N.
func moreText(lang i18n.Lang, key string) func(int) string {
	if i18n.Has(key + ".many") {
		return func(n int) string { return i18n.N(lang, key, n) }
	}
	return func(n int) string { return i18n.T(lang, key, n) }
}

// permalinkTo links label to the message the bot posted under ref, or reports false
// when it has none or Slack gives no usable permalink.
func (b *Bot) permalinkTo(ctx context.Context, ref, label string) (string, bool) {
	m, err := b.store.MessageRef(ctx, ref)
	if err != nil {
		return "", false
	}
	link, err := b.slack.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: m.Channel, Ts: m.TS})
	if err != nil || link == "" || strings.ContainsAny(link, "|<> ") {
		return "", false
	}
	return "<" + link + "|" + label + ">", true
}
