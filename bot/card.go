package bot

import (
	"context"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// groupName is the display name of group key, or "" when there is none.
func (b *Bot) groupName(ctx context.Context, key string) string {
	if key == "" {
		return ""
	}
	g, err := b.svc.Group(ctx, key)
	if err != nil {
		return key
	}
	return g.Name
}

// cardView loads what notice n's wish card shows.
func (b *Bot) cardView(ctx context.Context, n workflow.Notice) (view.Card, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return view.Card{}, err
	}
	c := view.Card{Detail: d, Notice: n, Loc: b.loc}
	w := d.Wish
	gkey := w.Group
	if gkey == "" {
		gkey = w.RequestedGroup
	}
	c.GroupName = b.groupName(ctx, gkey)
	c.Standing = b.standing(ctx, w)
	if es, err := b.svc.Estimates(ctx, w.ID); err == nil {
		c.Estimates = es
	} else {
		b.log.Warn().Err(err).Int64("wish", w.ID).Msg("could not load the estimates of a card")
	}
	if p := workflow.OpenPollOf(d.Polls); p != nil {
		c.PollLink = b.permalink(ctx, workflow.PollRef(p.ID))
	}
	if n.Kind == workflow.NoticeGroupCard && w.Group != "" {
		if g, err := b.svc.Group(ctx, w.Group); err == nil {
			c.Group = &g
			if g.CoordinatorID == "" {
				if holders, err := b.svc.RoleHolders(ctx); err == nil {
					c.Secretariat = holders[workflow.RoleSecretariat]
				}
			}
		}
	}
	return c, nil
}

// renderWishCard is the card in the secretariat channel (and the group's).
func renderWishCard(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	c, err := b.cardView(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.WishCard(lang, c, cardParts, cardButtons), nil
}

// renderReceipt is the DM confirming a new wish to its submitter.
func renderReceipt(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return view.Message{}, err
	}
	return view.Receipt(lang, d.Wish, ownerElements(lang, d.Wish, n.To)), nil
}

// renderWishChanged is the DM to the submitter and followers about a change.
func renderWishChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	if e.NoteIsPrivate() {
		// A follower is told the wish changed, not what the secretariat asked.
		reader, err := b.svc.Actor(ctx, n.To)
		if err != nil {
			return view.Message{}, err
		}
		if !workflow.MayReadPrivateNotes(reader, d.Wish) {
			e.Note = ""
		}
	}
	var text string
	if f, ok := changeTexts[e.Kind]; ok {
		text = f(lang, d.Wish, e)
	}
	owner := append(ownerElements(lang, d.Wish, n.To), b.supportElements(ctx, lang, d.Wish, n.To)...)
	return view.WishChanged(lang, d.Wish, e, text, owner), nil
}

// ownerElements are the route table's buttons of w for viewer.
func ownerElements(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	var els []slack.BlockElement
	for _, f := range ownerButtons {
		els = append(els, f(lang, w, viewer)...)
	}
	return els
}

// showWish answers /wish N privately with the wish and its history as the reader may
// read it (a private note only for the submitter and the secretariat), and its page on
// the web.
func (b *Bot) showWish(ctx context.Context, r *request, id int64) error {
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return err
	}
	reader, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	d.History = d.HistoryFor(reader)
	w := d.Wish
	gkey := w.Group
	if gkey == "" {
		gkey = w.RequestedGroup
	}
	c := view.Card{Detail: d, GroupName: b.groupName(ctx, gkey), Loc: b.loc, WebURL: b.webURL(r.lang, wishPath(w.ID)),
		Standing: b.standing(ctx, w)}
	owner := append(ownerElements(r.lang, w, r.user), b.supportElements(ctx, r.lang, w, r.user)...)
	m := view.WishShown(r.lang, c, r.user, historyTexts, owner)
	b.say(ctx, r, m.Text, m.Blocks...)
	return nil
}
