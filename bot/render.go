package bot

import (
	"context"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// renderFunc renders a notice of one kind. Rendering reads the current state, so a
// late delivery shows the truth of its time, and refreshes coalesce.
type renderFunc func(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error)

// Block helpers: every text passed to them is already escaped where it came from a user.

// date shows t in the bot's time zone, for readers in Denmark.
func (b *Bot) date(t time.Time) string {
	return view.Date(t, b.loc)
}

// slackDate shows t in each reader's own time zone through Slack's date formatting,
// with the bot's local time as the fallback.
func (b *Bot) slackDate(t time.Time) string {
	return view.SlackDate(t, b.loc)
}

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

// permalink is the kept permalink of the first of refs the bot has posted and Slack
// gave one for when it was posted, or "" for none.
func (b *Bot) permalink(ctx context.Context, refs ...string) string {
	for _, ref := range refs {
		if m, err := b.store.MessageRef(ctx, ref); err == nil && m.Permalink != "" {
			return m.Permalink
		}
	}
	return ""
}

// views is what the outbox renders notices with: the route table's renderers.
type views struct{ b *Bot }

// Render renders notice n in lang with the renderer of its kind, from one snapshot of
// the database: every load of the renderer reads the same moment.
func (v views) Render(ctx context.Context, n workflow.Notice, lang i18n.Lang) (m view.Message, err error) {
	f, ok := renderers[string(n.Kind)]
	if !ok {
		return view.Message{}, &workflow.Error{Kind: workflow.Invalid, Msg: "no view for notice kind " + string(n.Kind)}
	}
	err = v.b.store.Snapshot(ctx, func(ctx context.Context) (err error) {
		m, err = f(ctx, v.b, lang, n)
		return err
	})
	return m, err
}

// LangOf is the language user reads a direct message in.
func (v views) LangOf(ctx context.Context, user string) i18n.Lang { return v.b.langOf(ctx, user) }
