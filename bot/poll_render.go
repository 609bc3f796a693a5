package bot

import (
	"context"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// pollView loads what the messages about notice n's poll show.
func pollView(ctx context.Context, b *Bot, n workflow.Notice) (view.Poll, error) {
	d, err := b.svc.Poll(ctx, n.PollID)
	if err != nil {
		return view.Poll{}, err
	}
	vm := view.Poll{Detail: d, Loc: b.loc}
	if m, err := b.store.MessageRef(ctx, workflow.PollRef(d.Poll.ID)); err == nil {
		vm.Link = m.Permalink
	}
	return vm, nil
}

// renderPoll is the poll message in the group's channel.
func renderPoll(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := pollView(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.PollMessage(lang, vm), nil
}

// renderPollOutcome is the outcome in the poll message's thread.
func renderPollOutcome(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	vm, err := pollView(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.PollOutcome(lang, vm), nil
}

// renderAnnouncement is a decision announced in the user club channel: a working
// group's decision on a wish, or another change of a wish with view.Who made it.
func renderAnnouncement(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	if n.PollID == 0 {
		return b.announceMove(ctx, lang, n)
	}
	vm, err := pollView(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	vm.WebURL = b.webURL(lang, wishPath(n.WishID))
	return view.PollAnnouncement(lang, vm, n.WishID), nil
}

// announceMove announces a change of a wish that was no poll's.
func (b *Bot) announceMove(ctx context.Context, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	return view.MoveAnnouncement(lang, d.Wish, e, b.webURL(lang, wishPath(d.Wish.ID))), nil
}
