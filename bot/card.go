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

// wishFields is the body of every wish card: who asked, for which group, why.
func (b *Bot) wishFields(lang i18n.Lang, w workflow.Wish, groupName string) []slack.Block {
	group := i18n.T(lang, "group.none")
	if groupName != "" {
		group = view.Esc(groupName)
	}
	state := "*" + view.StateName(lang, w.State) + "*"
	if w.Priority != "" && w.State == workflow.StatePrioritised {
		state += " (" + i18n.T(lang, "priority."+string(w.Priority)) + ")"
	}
	if w.State == workflow.StateDuplicate && w.DuplicateOf != 0 {
		state += " " + i18n.T(lang, "wish.of", w.DuplicateOf)
	}
	blocks := []slack.Block{
		view.Header(titleLine(w)),
		view.Fields(i18n.T(lang, "wish.label.submitter"), view.User(w.SubmitterID), i18n.T(lang, "wish.label.group"), group,
			i18n.T(lang, "wish.label.state"), state, i18n.T(lang, "wish.label.size"), sizeName(lang, w.Size)),
		view.Section(view.Truncate("*"+i18n.T(lang, "wish.field.purpose")+"*\n"+view.Clip(w.Purpose, 2800), 3000)),
		view.Section(view.Truncate("*"+i18n.T(lang, "wish.field.value")+"*\n"+view.Clip(w.Value, 2800), 3000)),
	}
	if w.Description != "" {
		blocks = append(blocks, view.Section(view.Truncate("*"+i18n.T(lang, "wish.field.description")+"*\n"+view.Clip(w.Description, 2800), 3000)))
	}
	blocks = append(blocks, view.Context(i18n.T(lang, "wish.submitted_at", b.slackDate(w.CreatedAt)), i18n.T(lang, "wish.updated_at", b.slackDate(w.UpdatedAt))))
	return blocks
}

// titleLine is "#12 Title" for a header: escaped like every echo of what a user typed
// (Slack parses control sequences in plain_text too), within the header's 150.
func titleLine(w workflow.Wish) string {
	n := fmt.Sprintf("#%d ", w.ID)
	return n + view.Clip(w.Title, 150-len(n))
}

func sizeName(lang i18n.Lang, s workflow.Size) string {
	if s == "" {
		return ""
	}
	return i18n.T(lang, "size."+string(s))
}

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

// renderWishCard is the card in the secretariat channel (and the group's).
func renderWishCard(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return view.Message{}, err
	}
	w := d.Wish
	gkey := w.Group
	if gkey == "" {
		gkey = w.RequestedGroup
	}
	blocks := b.wishFields(lang, w, b.groupName(ctx, gkey))
	if last := lastMove(d.History); last != nil {
		blocks = append(blocks, view.Context(moveLine(lang, b, *last)))
	}
	for _, f := range cardBlocks {
		blocks = append(blocks, f(ctx, b, lang, d, n)...)
	}
	blocks = append(blocks, cardActions(lang, w, n)...)
	return view.Message{Text: i18n.T(lang, "wish.card_text", w.ID, view.Esc(w.Title), view.StateName(lang, w.State)), Blocks: blocks}, nil
}

// cardActions are the buttons of a wish card: triage in the secretariat's, the
// group's own in the group's, and Follow on every one.
func cardActions(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.Block {
	id := fmt.Sprint(w.ID)
	var els []slack.BlockElement
	for _, f := range cardButtons {
		els = append(els, f(lang, w, n)...)
	}
	els = append(els, view.Button(view.ActFollow, i18n.T(lang, "wish.follow"), id, ""))
	if len(els) > 25 {
		els = els[:25]
	}
	return []slack.Block{view.Buttons("wish_actions", els...)}
}

// lastMove is the latest change of state in a history, if any.
func lastMove(h []workflow.Event) *workflow.Event {
	for i := len(h) - 1; i >= 0; i-- {
		if h[i].Kind == workflow.EvWishMoved {
			return &h[i]
		}
	}
	return nil
}

// moveLine says who moved the wish where, when, and why.
func moveLine(lang i18n.Lang, b *Bot, e workflow.Event) string {
	s := i18n.T(lang, "wish.moved_by", view.StateName(lang, e.To), view.Who(lang, e), b.slackDate(e.At))
	if e.Note != "" {
		s += ": " + view.Clip(e.Note, 500)
	}
	return s
}

// renderReceipt is the DM confirming a new wish to its submitter.
func renderReceipt(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return view.Message{}, err
	}
	w := d.Wish
	text := i18n.T(lang, "wish.receipt", w.ID, view.Esc(w.Title))
	return view.Message{Text: text, Blocks: withOwnerButtons(lang, w, n.To, []slack.Block{
		view.Section(text),
		view.Section(i18n.T(lang, "wish.next_steps", w.ID)),
	})}, nil
}

// renderWishChanged is the DM to the submitter and followers about a change.
func renderWishChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return view.Message{}, err
	}
	w := d.Wish
	var text string
	if f, ok := changeTexts[e.Kind]; ok {
		text = f(lang, w, e)
	} else {
		text = i18n.T(lang, "wish.changed", w.ID, view.Esc(w.Title), view.StateName(lang, w.State), view.Who(lang, e))
		if e.Note != "" {
			text += "\n" + view.Quote(e.Note, 1500)
		}
	}
	return view.Message{Text: text, Blocks: withOwnerButtons(lang, w, n.To, []slack.Block{view.Section(text),
		view.Context(i18n.T(lang, "wish.dm_footer", w.ID, w.ID))})}, nil
}

func ownerElements(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement {
	var els []slack.BlockElement
	for _, f := range ownerButtons {
		els = append(els, f(lang, w, viewer)...)
	}
	return els
}

// withOwnerButtons adds the viewer's buttons, if any, below blocks.
func withOwnerButtons(lang i18n.Lang, w workflow.Wish, viewer string, blocks []slack.Block) []slack.Block {
	if els := ownerElements(lang, w, viewer); len(els) > 0 {
		blocks = append(blocks, view.Buttons("wish_owner", els...))
	}
	return blocks
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
	blocks := b.wishFields(r.lang, w, b.groupName(ctx, gkey))
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
