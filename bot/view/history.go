package view

import (
	"slices"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// HistoryText says an event of a wish's history of another kind than submitted, edited
// or moved.
type HistoryText func(lang i18n.Lang, e workflow.Event) string

// ImportedHistory says that a wish came in by `tovholder import`, and in which state.
func ImportedHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.imported", StateName(lang, e.To))
}

// WishShown is the answer to /wish N for viewer: the wish, its history (events of other
// kinds said by texts), and Follow or Unfollow with the owner's buttons.
func WishShown(lang i18n.Lang, c Card, viewer string, texts map[workflow.EventKind]HistoryText, owner []slack.BlockElement) Message {
	d, w := c.Detail, c.Detail.Wish
	blocks := WishFields(lang, w, c.GroupName, c.Loc, true)
	if c.Standing != nil {
		blocks = append(blocks, Context(StandingLines(lang, *c.Standing, false)...))
	}
	blocks = append(blocks, slack.NewDividerBlock(), Section("*"+i18n.T(lang, "wish.history")+"*"))
	link := WebLink(lang, c.WebURL)
	blocks = append(blocks, historyBlocks(lang, d.History, 50-len(blocks)-len(link)-1, texts, c.Loc)...)
	act := Button(ActFollow, i18n.T(lang, "wish.follow"), IDStr(w.ID), "")
	if slices.Contains(d.Followers, viewer) {
		act = Button(ActUnfollow, i18n.T(lang, "wish.unfollow"), IDStr(w.ID), "")
	}
	blocks = append(blocks, link...)
	blocks = append(blocks, Buttons("wish_show", append([]slack.BlockElement{act}, owner...)...))
	return Message{Text: i18n.T(lang, "wish.card_text", w.ID, Esc(w.Title), StateName(lang, w.State)), Blocks: blocks}
}

// historyBlocks lists a wish's history, oldest first, within room blocks: lines are
// packed into sections of at most 3000 characters.
func historyBlocks(lang i18n.Lang, h []workflow.Event, room int, texts map[workflow.EventKind]HistoryText, loc *time.Location) []slack.Block {
	var lines []string
	for _, e := range h {
		if l := historyLine(lang, e, texts, loc); l != "" {
			lines = append(lines, l)
		}
	}
	return PackLines(lines, room, MoreText(lang, "wish.history_more"))
}

// historyLine is one event as a reader of the history sees it.
func historyLine(lang i18n.Lang, e workflow.Event, texts map[workflow.EventKind]HistoryText, loc *time.Location) string {
	var what string
	switch e.Kind {
	case workflow.EvWishSubmitted:
		what = i18n.T(lang, "history.submitted", User(e.Actor))
	case workflow.EvWishEdited:
		what = i18n.T(lang, "history.edited", User(e.Actor))
	case workflow.EvWishMoved:
		what = i18n.T(lang, "history.moved", Who(lang, e), StateName(lang, e.To))
		if from, cycle := e.Data["from_cycle"], e.Data["cycle"]; from != "" && cycle != "" {
			what += " " + i18n.T(lang, "history.cycle_moved", Esc(from), Esc(cycle))
		} else if cycle != "" {
			what += " " + i18n.T(lang, "history.in_cycle", Esc(cycle))
		}
	case workflow.EvWishFollowed, workflow.EvWishUnfollowed, workflow.EvStanceTaken,
		workflow.EvWishSupported, workflow.EvWishUnsupported, workflow.EvSupportReceipt:
		return "" // not part of the wish's story; the poll message shows stances
	default:
		if f, ok := texts[e.Kind]; ok {
			what = f(lang, e)
		} else {
			what = i18n.T(lang, "history.other", User(e.Actor), string(e.Kind))
		}
	}
	note := e.Note
	if e.Kind == workflow.EvWishMoved && e.To == workflow.StateRecommended && e.Data["initiative"] != "" && note != "" {
		// The note of this move is the initiative's title, not anyone's words.
		what += " " + i18n.T(lang, "history.in_initiative", Clip(OneLine(note), 200))
		note = ""
	}
	line := "• " + Date(e.At, loc) + ": " + what
	if note != "" {
		line += ": _" + Clip(OneLine(note), 300) + "_"
	}
	return line
}

// Rerouted tells a group's channel that the secretariat corrected wish w's group or
// size (event e): from which group and size to which, and why.
func Rerouted(lang i18n.Lang, w workflow.Wish, e workflow.Event, fromGroup, toGroup string) Message {
	text := i18n.T(lang, "reroute.notice", User(e.Actor), WishLabel(w), rerouteWhat(lang, e, fromGroup, toGroup))
	return Message{Text: text, Blocks: []slack.Block{Section(WithNote(text, e.Note, 1000)),
		Context(i18n.T(lang, "wish.dm_footer", w.ID, w.ID))}}
}

// ReroutedHistory says a correction of a wish's group or size in its history.
func ReroutedHistory(lang i18n.Lang, e workflow.Event) string {
	return i18n.T(lang, "history.rerouted", User(e.Actor), rerouteWhat(lang, e, e.Data["from_group"], e.Data["group"]))
}

// rerouteWhat is "from IT-kontrakter (normal) to IT-systemer (major)".
func rerouteWhat(lang i18n.Lang, e workflow.Event, fromGroup, toGroup string) string {
	return i18n.T(lang, "reroute.from_to", Esc(fromGroup), SizeName(lang, workflow.Size(e.Data["from_size"])),
		Esc(toGroup), SizeName(lang, workflow.Size(e.Data["size"])))
}
