package view

import (
	"fmt"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// SpecLine says the requirements specification of w, with its link.
func SpecLine(lang i18n.Lang, w workflow.Wish) string {
	s := i18n.T(lang, "spec.line", Clip(w.SpecSummary, 1000))
	if w.SpecLink != "" {
		s += " " + i18n.T(lang, "spec.link", "<"+Esc(w.SpecLink)+"|"+i18n.T(lang, "spec.link_label")+">")
	}
	return s
}

// titleLine is "#12 Title" for a header: escaped like every echo of what a user typed
// (Slack parses control sequences in plain_text too), within the header's 150.
func titleLine(w workflow.Wish) string {
	n := fmt.Sprintf("#%d ", w.ID)
	return n + Clip(w.Title, 150-len(n))
}

// SizeName is a wish's size in lang; "" before triage.
func SizeName(lang i18n.Lang, s workflow.Size) string {
	if s == "" {
		return ""
	}
	return i18n.T(lang, "size."+string(s))
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

// PriorityName is a priority in lang.
func PriorityName(lang i18n.Lang, p workflow.Priority) string {
	if p == "" {
		return "–"
	}
	return i18n.T(lang, "priority."+string(p))
}

// Card is what a wish card shows: the wish with its history, which card it is (the
// secretariat's or the group's), the name of its group (routed or requested; "" for
// none), the group it was routed to, its price estimates, who holds the secretariat
// role, the time zone of the dates, and the wish's page on the web (for /wish N; "" for
// none).
type Card struct {
	Detail      workflow.WishDetail
	Notice      workflow.Notice
	GroupName   string
	Group       *workflow.Group
	Estimates   []workflow.Estimate
	Secretariat []string
	Loc         *time.Location
	WebURL      string
	// PollLink is the permalink of the wish's open poll's message, "" for none or
	// not yet posted.
	PollLink string
	Standing *Standing // support and rank; nil when not loaded
}

// CardPart is a part of a wish card above its buttons.
type CardPart func(lang i18n.Lang, c Card) []slack.Block

// CardButtons are some of a wish card's buttons.
type CardButtons func(lang i18n.Lang, w workflow.Wish, n workflow.Notice) []slack.BlockElement

// OwnerButtons are buttons of a wish shown privately to viewer.
type OwnerButtons func(lang i18n.Lang, w workflow.Wish, viewer string) []slack.BlockElement

// WishFields is the body of every wish card: who asked, for which group, why.
// A card shows each text within one section, cut at a word with a pointer to /wish N;
// /wish N (full) shows all of it, in as many sections as it needs.
func WishFields(lang i18n.Lang, w workflow.Wish, groupName string, loc *time.Location, full bool) []slack.Block {
	group := i18n.T(lang, "group.none")
	if groupName != "" {
		group = Esc(groupName)
	}
	state := "*" + StateName(lang, w.State) + "*"
	if w.Priority != "" && w.State == workflow.StatePrioritised {
		state += " (" + i18n.T(lang, "priority."+string(w.Priority)) + ")"
	}
	if w.State == workflow.StateDuplicate && w.DuplicateOf != 0 {
		state += " " + i18n.T(lang, "wish.of", w.DuplicateOf)
	}
	blocks := []slack.Block{
		Header(titleLine(w)),
		Fields(i18n.T(lang, "wish.label.submitter"), User(w.SubmitterID), i18n.T(lang, "wish.label.group"), group,
			i18n.T(lang, "wish.label.state"), state, i18n.T(lang, "wish.label.size"), SizeName(lang, w.Size)),
	}
	blocks = append(blocks, textField(lang, w, "wish.field.purpose", w.Purpose, full)...)
	blocks = append(blocks, textField(lang, w, "wish.field.value", w.Value, full)...)
	if w.Description != "" {
		blocks = append(blocks, textField(lang, w, "wish.field.description", w.Description, full)...)
	}
	blocks = append(blocks, Context(i18n.T(lang, "wish.submitted_at", SlackDate(w.CreatedAt, loc)), i18n.T(lang, "wish.updated_at", SlackDate(w.UpdatedAt, loc))))
	return blocks
}

// fieldRoom is how much of a wish's text one section holds after its label.
const fieldRoom = 2800

// textField is a labelled text of w, escaped: clipped with a pointer to the full text,
// or (full) all of it in sections of at most fieldRoom characters.
func textField(lang i18n.Lang, w workflow.Wish, label, text string, full bool) []slack.Block {
	head := "*" + i18n.T(lang, label) + "*\n"
	if !full {
		return []slack.Block{Section(head + ClipMore(text, fieldRoom, i18n.T(lang, "wish.full_text", w.ID)))}
	}
	var blocks []slack.Block
	for i, part := range SplitEscaped(text, fieldRoom) {
		if i > 0 {
			head = ""
		}
		blocks = append(blocks, Section(head+part))
	}
	return blocks
}

// WishCard is the card in the secretariat's channel (and the group's): the wish, its
// last move, parts in order, and buttons in order, then Follow.
func WishCard(lang i18n.Lang, c Card, parts []CardPart, buttons []CardButtons) Message {
	w := c.Detail.Wish
	blocks := WishFields(lang, w, c.GroupName, c.Loc, false)
	if last := lastMove(c.Detail.History); last != nil {
		blocks = append(blocks, Context(moveLine(lang, *last, c.Loc)))
	}
	for _, f := range parts {
		blocks = append(blocks, f(lang, c)...)
	}
	var els []slack.BlockElement
	open := workflow.OpenPollOf(c.Detail.Polls) != nil
	for _, f := range buttons {
		for _, el := range f(lang, w, c.Notice) {
			if b, ok := el.(*slack.ButtonBlockElement); ok && open && b.ActionID == ActStartPoll {
				continue // a poll is open: the card shows it instead (GroupLeadPart)
			}
			els = append(els, el)
		}
	}
	els = append(els, Button(ActFollow, i18n.T(lang, "wish.follow"), IDStr(w.ID), ""))
	if len(els) > 25 {
		els = els[:25]
	}
	blocks = append(blocks, Buttons("wish_actions", els...))
	return Message{Text: i18n.T(lang, "wish.card_text", w.ID, Esc(w.Title), StateName(lang, w.State)), Blocks: blocks}
}

// moveLine says who moved the wish where, when, and why. A card is read by everyone
// in its channel, so a private note (the secretariat's question) is never on it.
func moveLine(lang i18n.Lang, e workflow.Event, loc *time.Location) string {
	s := i18n.T(lang, "wish.moved_by", StateName(lang, e.To), Who(lang, e), SlackDate(e.At, loc))
	if note := e.PublicNote(); note != "" {
		s += ": " + Clip(note, 500)
	}
	return s
}

// Receipt is the DM confirming a new wish to its submitter, with owner's buttons.
func Receipt(lang i18n.Lang, w workflow.Wish, owner []slack.BlockElement) Message {
	text := i18n.T(lang, "wish.receipt", w.ID, Esc(w.Title))
	return Message{Text: text, Blocks: WithOwnerButtons(owner, []slack.Block{
		Section(text),
		Section(i18n.T(lang, "wish.next_steps", w.ID)),
	})}
}

// WishChanged is the DM to the submitter and followers about change e of w. text says
// a change other than a move (a poll without consensus, an estimate); "" for a move.
func WishChanged(lang i18n.Lang, w workflow.Wish, e workflow.Event, text string, owner []slack.BlockElement) Message {
	if text == "" {
		text = i18n.T(lang, "wish.changed", w.ID, Esc(w.Title), StateName(lang, w.State), Who(lang, e))
		switch {
		case e.To == workflow.StateRecommended && e.Data["initiative"] != "":
			// The note of this move is the initiative's title, not anyone's words.
			text += "\n" + i18n.T(lang, "wish.changed.initiative", Clip(e.Note, 200))
		case e.To == workflow.StateDuplicate && e.Data["duplicate_of"] != "":
			text += "\n" + i18n.T(lang, "wish.changed.duplicate_of", Esc(e.Data["duplicate_of"]))
			if e.Note != "" {
				text += "\n" + Quote(e.Note, 1500)
			}
		case e.Note != "":
			text += "\n" + Quote(e.Note, 1500)
		}
	}
	return Message{Text: text, Blocks: WithOwnerButtons(owner, []slack.Block{Section(text),
		Context(i18n.T(lang, "wish.dm_footer", w.ID, w.ID))})}
}

// WithOwnerButtons adds the viewer's buttons, if any, below blocks.
func WithOwnerButtons(owner []slack.BlockElement, blocks []slack.Block) []slack.Block {
	if len(owner) > 0 {
		blocks = append(blocks, Buttons("wish_owner", owner...))
	}
	return blocks
}

// PipelineCardPart shows the requirements, the price estimates and the plan of a wish
// past prioritisation.
func PipelineCardPart(lang i18n.Lang, c Card) []slack.Block {
	w := c.Detail.Wish
	var lines []string
	if w.SpecSummary != "" || w.SpecLink != "" {
		lines = append(lines, SpecLine(lang, w))
	}
	for i, e := range c.Estimates {
		lines = append(lines, i18n.T(lang, "estimate.line", i+1, DKK(lang, e.Amount), HoursCount(lang, e.Hours), estimateBy(lang, e.By), Date(e.At, c.Loc))+NoteSuffix(e.Note, 200))
	}
	if w.Cycle != "" && (w.State == workflow.StatePlanned || w.State == workflow.StateDelivered) {
		lines = append(lines, i18n.T(lang, "plan.card_line", Esc(w.Cycle)))
	}
	if len(lines) == 0 {
		return nil
	}
	return []slack.Block{Section(Truncate(strings.Join(lines, "\n"), 3000))}
}

// GroupLeadPart says, on a group's card, who leads the group's work on the wish: its
// coordinator, or the secretariat when it has none.
func GroupLeadPart(lang i18n.Lang, c Card) []slack.Block {
	g := c.Group
	if c.Notice.Kind != workflow.NoticeGroupCard || g == nil {
		return nil
	}
	if !cardOfWishGroup(c.Detail.Wish, c.Notice) {
		return []slack.Block{Context(i18n.T(lang, "triage.group.moved_away", Esc(c.GroupName)))}
	}
	if p := workflow.OpenPollOf(c.Detail.Polls); p != nil {
		// The poll is open: show it, not the promise of one.
		return []slack.Block{Context(i18n.T(lang, "triage.group.poll_open", link(i18n.T(lang, "triage.group.the_poll"), c.PollLink, ""),
			SlackDate(p.Deadline, c.Loc)))}
	}
	if g.CoordinatorID != "" {
		// Only while the group assesses the wish does it wait for the coordinator's poll.
		key := "triage.group.coordinator_only"
		if c.Detail.Wish.State == workflow.StateInAssessment {
			key = "triage.group.coordinator"
		}
		return []slack.Block{Context(i18n.T(lang, key, User(g.CoordinatorID), Esc(g.Name)))}
	}
	who := i18n.T(lang, "role.the.secretariat")
	if len(c.Secretariat) > 0 {
		who = Mentions(c.Secretariat)
	}
	return []slack.Block{Context(i18n.T(lang, "triage.group.no_coordinator", Esc(g.Name), who))}
}

// InfoAnswered tells the secretariat, in the thread of w's card, that its submitter
// answered the question by editing the wish, which is back with the secretariat.
func InfoAnswered(lang i18n.Lang, w workflow.Wish) Message {
	text := i18n.T(lang, "triage.info_answered", User(w.SubmitterID), WishLabel(w), w.ID)
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}

// InfoRequest is the secretariat's question (event e) to the submitter of w, with Edit
// wish while the wish needs information.
func InfoRequest(lang i18n.Lang, w workflow.Wish, e workflow.Event) Message {
	text := i18n.T(lang, "triage.info_request", User(e.Actor), WishLabel(w))
	blocks := []slack.Block{
		Section(text + "\n" + Quote(e.Note, 2500)),
		Section(i18n.T(lang, "triage.info_request.how")),
	}
	if w.State == workflow.StateNeedsInfo {
		blocks = append(blocks, Buttons("info_request", Button(ActEditWish, i18n.T(lang, "triage.edit_wish"), IDStr(w.ID), slack.StylePrimary)))
	}
	blocks = append(blocks, Context(i18n.T(lang, "wish.dm_footer", w.ID, w.ID)))
	return Message{Text: text, Blocks: blocks}
}

// estimateBy is who recorded an estimate: one an import brought without its author is
// said to be the import's, in the reader's language.
func estimateBy(lang i18n.Lang, by string) string {
	if by == workflow.DataImported {
		return i18n.T(lang, "estimate.imported")
	}
	return User(by)
}
