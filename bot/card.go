package bot

import (
	"context"
	"fmt"
	"slices"

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
	if es, err := b.svc.Estimates(ctx, w.ID); err == nil {
		c.Estimates = es
	} else {
		b.log.Warn().Err(err).Int64("wish", w.ID).Msg("could not load the estimates of a card")
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
	var text string
	if f, ok := changeTexts[e.Kind]; ok {
		text = f(lang, d.Wish, e)
	}
	return view.WishChanged(lang, d.Wish, e, text, ownerElements(lang, d.Wish, n.To)), nil
}

// ownerElements are the route table's buttons of w for viewer.
func ownerElements(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	var els []slack.BlockElement
	for _, f := range ownerButtons {
		els = append(els, f(lang, w, viewer)...)
	}
	return els
}

// showWish answers /wish N privately with the wish and its history.
func (b *Bot) showWish(ctx context.Context, r *request, id int64) error {
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return err
	}
	w := d.Wish
	gkey := w.Group
	if gkey == "" {
		gkey = w.RequestedGroup
	}
	blocks := view.WishFields(r.lang, w, b.groupName(ctx, gkey), b.loc)
	blocks = append(blocks, slack.NewDividerBlock(), view.Section("*"+r.t("wish.history")+"*"))
	blocks = append(blocks, b.historyBlocks(r.lang, d.History, 50-len(blocks)-1)...)
	following := slices.Contains(d.Followers, r.user)
	act := view.Button(view.ActFollow, r.t("wish.follow"), fmt.Sprint(id), "")
	if following {
		act = view.Button(view.ActUnfollow, r.t("wish.unfollow"), fmt.Sprint(id), "")
	}
	blocks = append(blocks, view.Buttons("wish_show", append([]slack.BlockElement{act}, ownerElements(r.lang, w, r.user)...)...))
	b.say(ctx, r, r.t("wish.card_text", w.ID, view.Esc(w.Title), view.StateName(r.lang, w.State)), blocks...)
	return nil
}

// historyBlocks lists a wish's history, oldest first, within room blocks: lines are
// packed into sections of at most 3000 characters.
func (b *Bot) historyBlocks(lang i18n.Lang, h []workflow.Event, room int) []slack.Block {
	var lines []string
	for _, e := range h {
		if l := b.historyLine(lang, e); l != "" {
			lines = append(lines, l)
		}
	}
	return view.PackLines(lines, room, view.MoreText(lang, "wish.history_more"))
}

// historyLine is one event as a reader of the history sees it.
func (b *Bot) historyLine(lang i18n.Lang, e workflow.Event) string {
	when := b.date(e.At)
	var what string
	switch e.Kind {
	case workflow.EvWishSubmitted:
		what = i18n.T(lang, "history.submitted", view.User(e.Actor))
	case workflow.EvWishEdited:
		what = i18n.T(lang, "history.edited", view.User(e.Actor))
	case workflow.EvWishMoved:
		what = i18n.T(lang, "history.moved", view.Who(lang, e), view.StateName(lang, e.To))
	case workflow.EvWishFollowed, workflow.EvWishUnfollowed, workflow.EvStanceTaken:
		return "" // not part of the wish's story; the poll message shows stances
	default:
		if f, ok := historyTexts[e.Kind]; ok {
			what = f(lang, e)
		} else {
			what = i18n.T(lang, "history.other", view.User(e.Actor), string(e.Kind))
		}
	}
	line := "• " + when + ": " + what
	if e.Note != "" {
		line += ": _" + view.Clip(view.OneLine(e.Note), 300) + "_"
	}
	return line
}
