package bot

import (
	"context"
	"fmt"
	"slices"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// wishFields is the body of every wish card: who asked, for which group, why.
func (b *Bot) wishFields(lang i18n.Lang, w workflow.Wish, groupName string) []slack.Block {
	group := i18n.T(lang, "group.none")
	if groupName != "" {
		group = esc(groupName)
	}
	state := "*" + stateName(lang, w.State) + "*"
	if w.Priority != "" && w.State == workflow.StatePrioritised {
		state += " (" + i18n.T(lang, "priority."+string(w.Priority)) + ")"
	}
	if w.State == workflow.StateDuplicate && w.DuplicateOf != 0 {
		state += " " + i18n.T(lang, "wish.of", w.DuplicateOf)
	}
	blocks := []slack.Block{
		header(titleLine(w)),
		fields(i18n.T(lang, "wish.label.submitter"), user(w.SubmitterID), i18n.T(lang, "wish.label.group"), group,
			i18n.T(lang, "wish.label.state"), state, i18n.T(lang, "wish.label.size"), sizeName(lang, w.Size)),
		section(truncate("*"+i18n.T(lang, "wish.field.purpose")+"*\n"+clip(w.Purpose, 2800), 3000)),
		section(truncate("*"+i18n.T(lang, "wish.field.value")+"*\n"+clip(w.Value, 2800), 3000)),
	}
	if w.Description != "" {
		blocks = append(blocks, section(truncate("*"+i18n.T(lang, "wish.field.description")+"*\n"+clip(w.Description, 2800), 3000)))
	}
	blocks = append(blocks, context_(i18n.T(lang, "wish.submitted_at", b.slackDate(w.CreatedAt)), i18n.T(lang, "wish.updated_at", b.slackDate(w.UpdatedAt))))
	return blocks
}

// titleLine is "#12 Title" for a header: escaped like every echo of what a user typed
// (Slack parses control sequences in plain_text too), within the header's 150.
func titleLine(w workflow.Wish) string {
	n := fmt.Sprintf("#%d ", w.ID)
	return n + clip(w.Title, 150-len(n))
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
func renderWishCard(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return message{}, err
	}
	w := d.Wish
	gkey := w.Group
	if gkey == "" {
		gkey = w.RequestedGroup
	}
	blocks := b.wishFields(lang, w, b.groupName(ctx, gkey))
	if last := lastMove(d.History); last != nil {
		blocks = append(blocks, context_(moveLine(lang, b, *last)))
	}
	for _, f := range cardBlocks {
		blocks = append(blocks, f(ctx, b, lang, d, n)...)
	}
	blocks = append(blocks, cardActions(lang, w, n)...)
	return message{Text: i18n.T(lang, "wish.card_text", w.ID, esc(w.Title), stateName(lang, w.State)), Blocks: blocks}, nil
}

// cardActions are the buttons of a wish card: triage in the secretariat's, the
// group's own in the group's, and Follow on every one.
func cardActions(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.Block {
	id := fmt.Sprint(w.ID)
	var els []slack.BlockElement
	for _, f := range cardButtons {
		els = append(els, f(lang, w, n)...)
	}
	els = append(els, button(actFollow, i18n.T(lang, "wish.follow"), id, ""))
	if len(els) > 25 {
		els = els[:25]
	}
	return []slack.Block{buttons("wish_actions", els...)}
}

// cardBlocks add blocks above a wish card's buttons; features add theirs here.
var cardBlocks []func(ctx context.Context, b *Bot, lang i18n.Lang, d workflow.WishDetail, n workflow.Notice) []slack.Block

// cardButtons add buttons to wish cards; features add theirs here.
var cardButtons []func(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement

// who says who made a change: the working group's consensus for a move its poll
// decided (whoever closed the poll), Tovholder itself for what the scheduler did, and
// the person otherwise.
func who(lang i18n.Lang, e workflow.Event) string {
	switch {
	case e.Kind == workflow.EvWishMoved && e.Data["poll"] != "":
		return i18n.T(lang, "actor.consensus")
	case e.Actor == workflow.System.UserID:
		return i18n.T(lang, "actor.system")
	}
	return user(e.Actor)
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

// moveLine says who moved the wish where, when, and why. A card is read by everyone
// in its channel, so a private note (the secretariat's question) is never on it.
func moveLine(lang i18n.Lang, b *Bot, e workflow.Event) string {
	s := i18n.T(lang, "wish.moved_by", stateName(lang, e.To), who(lang, e), b.slackDate(e.At))
	if note := e.PublicNote(); note != "" {
		s += ": " + clip(note, 500)
	}
	return s
}

// renderReceipt is the DM confirming a new wish to its submitter.
func renderReceipt(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.svc.Wish(ctx, n.WishID)
	if err != nil {
		return message{}, err
	}
	w := d.Wish
	text := i18n.T(lang, "wish.receipt", w.ID, esc(w.Title))
	return message{Text: text, Blocks: withOwnerButtons(lang, w, n.To, []slack.Block{
		section(text),
		section(i18n.T(lang, "wish.next_steps", w.ID)),
	})}, nil
}

// renderWishChanged is the DM to the submitter and followers about a change.
func renderWishChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return message{}, err
	}
	w := d.Wish
	if e.NoteIsPrivate() {
		// A follower is told the wish changed, not what the secretariat asked.
		reader, err := b.svc.Actor(ctx, n.To)
		if err != nil {
			return message{}, err
		}
		if !workflow.MayReadPrivateNotes(reader, w) {
			e.Note = ""
		}
	}
	var text string
	if f, ok := changeTexts[e.Kind]; ok {
		text = f(lang, b, w, e)
	} else {
		text = i18n.T(lang, "wish.changed", w.ID, esc(w.Title), stateName(lang, w.State), who(lang, e))
		if e.Note != "" {
			text += "\n" + quote(e.Note, 1500)
		}
	}
	blocks := withOwnerButtons(lang, w, n.To, []slack.Block{section(text), context_(i18n.T(lang, "wish.dm_footer", w.ID, w.ID))})
	if els := b.supportElements(ctx, lang, w, n.To); len(els) > 0 {
		blocks = append(blocks, buttons("wish_support", els...))
	}
	return message{Text: text, Blocks: blocks}, nil
}

// ownerButtons add buttons to a wish shown privately to viewer (`/wish N` and the DMs
// about it), e.g. Withdraw for its submitter; features add theirs here.
var ownerButtons []func(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement

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
		blocks = append(blocks, buttons("wish_owner", els...))
	}
	return blocks
}

// changeTexts say other kinds of change than a move, e.g. a poll without consensus.
var changeTexts = map[workflow.EventKind]func(lang i18n.Lang, b *Bot, w workflow.Wish, e workflow.Event) string{}

var intakeRenderers = map[string]renderFunc{
	string(workflow.NoticeWishCard):    renderWishCard,
	string(workflow.NoticeGroupCard):   renderWishCard,
	string(workflow.NoticeReceipt):     renderReceipt,
	string(workflow.NoticeWishChanged): renderWishChanged,
}

// showWish answers /wish N privately with the wish and its history.
func (b *Bot) showWish(ctx context.Context, r *request, id int64) error {
	d, err := b.svc.Wish(ctx, id)
	if err != nil {
		return err
	}
	reader, err := b.actor(ctx, r)
	if err != nil {
		return err
	}
	w := d.Wish
	gkey := w.Group
	if gkey == "" {
		gkey = w.RequestedGroup
	}
	blocks := b.wishFields(r.lang, w, b.groupName(ctx, gkey))
	blocks = append(blocks, b.standingBlocks(ctx, r.lang, w)...)
	blocks = append(blocks, slack.NewDividerBlock(), section("*"+r.t("wish.history")+"*"))
	blocks = append(blocks, b.historyBlocks(r.lang, d.HistoryFor(reader), 50-len(blocks)-2)...)
	following := slices.Contains(d.Followers, r.user)
	act := button(actFollow, r.t("wish.follow"), fmt.Sprint(id), "")
	if following {
		act = button(actUnfollow, r.t("wish.unfollow"), fmt.Sprint(id), "")
	}
	blocks = append(blocks, b.webLink(r.lang, wishPath(w.ID))...)
	els := append([]slack.BlockElement{act}, ownerElements(r.lang, w, r.user)...)
	blocks = append(blocks, buttons("wish_show", append(els, b.supportElements(ctx, r.lang, w, r.user)...)...))
	b.say(ctx, r, r.t("wish.card_text", w.ID, esc(w.Title), stateName(r.lang, w.State)), blocks...)
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
	return packLines(lines, room, moreText(lang, "wish.history_more"))
}

// historyLine is one event as a reader of the history sees it.
func (b *Bot) historyLine(lang i18n.Lang, e workflow.Event) string {
	when := b.date(e.At)
	var what string
	switch e.Kind {
	case workflow.EvWishSubmitted:
		what = i18n.T(lang, "history.submitted", user(e.Actor))
	case workflow.EvWishEdited:
		what = i18n.T(lang, "history.edited", user(e.Actor))
	case workflow.EvWishMoved:
		what = i18n.T(lang, "history.moved", who(lang, e), stateName(lang, e.To))
	case workflow.EvWishFollowed, workflow.EvWishUnfollowed, workflow.EvStanceTaken,
		workflow.EvWishSupported, workflow.EvWishUnsupported, workflow.EvSupportReceipt:
		return "" // not part of the wish's story; the poll message shows stances
	default:
		if f, ok := historyTexts[e.Kind]; ok {
			what = f(lang, e)
		} else {
			what = i18n.T(lang, "history.other", user(e.Actor), string(e.Kind))
		}
	}
	line := "• " + when + ": " + what
	if e.Note != "" {
		line += ": _" + clip(oneLine(e.Note), 300) + "_"
	}
	return line
}

// historyTexts say events of other features in a wish's history.
var historyTexts = map[workflow.EventKind]func(lang i18n.Lang, e workflow.Event) string{}
