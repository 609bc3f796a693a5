package bot

import (
	"context"
	"html"
	"regexp"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// The callback ids of the shortcuts declared in manifest.yml.
const (
	scNewWish     = "wish.shortcut.new"          // global: New wish
	scMessageWish = "wish.shortcut.from_message" // message: Turn into a wish
)

// handleShortcut acks a shortcut at once and opens the New wish modal after the ack,
// on the shortcut's trigger: empty for the global one, from the message for the
// message shortcut.
func (b *Bot) handleShortcut(ic *slack.InteractionCallback) {
	r := b.newRequest(context.Background(), "shortcut", ic.CallbackID, ic.User.ID, ic.Channel.ID, ic.Team.ID)
	r.triggerID, r.responseURL = ic.TriggerID, ic.ResponseURL
	b.async(r, func(ctx context.Context) {
		b.personalise(ctx, r)
		switch {
		case ic.CallbackID == scNewWish && ic.Type == slack.InteractionTypeShortcut:
			_ = b.openWishModal(ctx, r, r.triggerID, &workflow.Wish{}, false)
		case ic.CallbackID == scMessageWish && ic.Type == slack.InteractionTypeMessageAction:
			b.openWishFromMessage(ctx, r, ic)
		default:
			r.log.Warn().Msg("unknown shortcut")
		}
	})
}

// openWishFromMessage opens the New wish modal with the message's text as the
// description and its first line as the title, remembering a link back to it.
func (b *Bot) openWishFromMessage(ctx context.Context, r *request, ic *slack.InteractionCallback) {
	ts := ic.Message.Timestamp
	if ts == "" {
		ts = ic.MessageTs
	}
	w := MessageWish(ic.Message.Text)
	if link, err := b.slack.GetPermalinkContext(ctx, &slack.PermalinkParameters{Channel: ic.Channel.ID, Ts: ts}); err == nil && workflow.ValidLink(link) {
		w.SourceLink = link
	} else {
		r.log.Warn().Err(err).Msg("no permalink for the message of a shortcut; the wish will not link back to it")
	}
	_ = b.openWishModal(ctx, r, r.triggerID, &w, false)
}

// MessageWish is what a message's text prefills in the New wish modal: Slack's own
// escapes undone (the modal's inputs are plain text), the first line as the title and
// the whole text as the description, each within the modal's limits.
func MessageWish(text string) workflow.Wish {
	text = strings.TrimSpace(html.UnescapeString(slackMarkup.ReplaceAllStringFunc(text, plainMarkup)))
	first, _, _ := strings.Cut(text, "\n")
	return workflow.Wish{Title: view.Truncate(strings.TrimSpace(first), workflow.MaxTitle), Description: view.Truncate(text, workflow.MaxText)}
}

// slackMarkup is Slack's markup in a message's text: <@U…|name>, <#C…|name>,
// <!channel>, <https://…|label>.
var slackMarkup = regexp.MustCompile(`<([^<>]*)>`)

// plainMarkup is how a person would type one piece of markup: @name, #name, @channel,
// "label (https://…)".
func plainMarkup(m string) string {
	inner := m[1 : len(m)-1]
	target, label, hasLabel := strings.Cut(inner, "|")
	switch {
	case strings.HasPrefix(target, "@") || strings.HasPrefix(target, "#"):
		if hasLabel {
			return target[:1] + strings.TrimPrefix(label, target[:1])
		}
		return target
	case strings.HasPrefix(target, "!"):
		if hasLabel {
			return label
		}
		name, _, _ := strings.Cut(target[1:], "^")
		return "@" + name
	case hasLabel:
		return label + " (" + target + ")"
	}
	return target
}
