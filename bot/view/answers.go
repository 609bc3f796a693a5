package view

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// The private answers to commands and clicks that show more than a sentence.

// WishList is a page of /wish list (all is false: the reader's own wishes) or /wish list
// all (the open wishes), total in all; more adds the button to the next page.
func WishList(lang i18n.Lang, ws []workflow.Wish, total int, all, more bool) Message {
	title, scope := "wish.list_mine", "mine"
	if all {
		title, scope = "wish.list_all", "all"
	}
	lines := []string{i18n.T(lang, title, total)}
	for _, w := range ws {
		lines = append(lines, fmt.Sprintf("• *#%d* %s: _%s_", w.ID, Clip(w.Title, 150), StateName(lang, w.State)))
	}
	blocks := []slack.Block{Section(strings.Join(lines, "\n"))}
	if more && len(ws) > 0 {
		last := ws[len(ws)-1].ID
		blocks = append(blocks, Buttons("list", Button(ActListMore, i18n.T(lang, "wish.list_more"), scope+":"+strconv.FormatInt(last, 10), "")))
	}
	return Message{Text: lines[0], Blocks: blocks}
}

// FinancingList lists the forms of financing the steering group chooses from.
func FinancingList(lang i18n.Lang, forms []workflow.FinancingForm) Message {
	lines := []string{i18n.T(lang, "financing.list")}
	for _, f := range forms {
		lines = append(lines, fmt.Sprintf("• %s (`%s`)", Esc(FinancingName(lang, f.Key, f.Name)), Esc(f.Key)))
	}
	return Message{Text: lines[0], Blocks: []slack.Block{Section(Truncate(strings.Join(lines, "\n"), 3000))}}
}

// CycleList lists the development cycles, with when each was delivered in loc.
func CycleList(lang i18n.Lang, cycles []workflow.Cycle, loc *time.Location) Message {
	lines := []string{i18n.T(lang, "cycle.list")}
	for _, c := range cycles {
		l := i18n.T(lang, "cycle.line", Esc(c.Name), c.Expected.Format(time.DateOnly))
		if !c.DeliveredAt.IsZero() {
			l += " " + i18n.T(lang, "cycle.line_delivered", Date(c.DeliveredAt, loc))
		}
		lines = append(lines, l)
	}
	return Message{Text: lines[0], Blocks: []slack.Block{Section(Truncate(strings.Join(lines, "\n"), 3000))}}
}

// Plans shows the plans of one or more cycles (/wish plan), within a message's blocks.
func Plans(lang i18n.Lang, plans []workflow.CyclePlan, loc *time.Location) Message {
	var names []string
	var blocks []slack.Block
	for _, p := range plans {
		names = append(names, p.Cycle.Name)
		if more := PlanBlocks(lang, p, 48-len(blocks), loc); len(blocks)+len(more) <= 48 {
			blocks = append(blocks, more...)
		}
	}
	return Message{Text: i18n.T(lang, "plan.text", Esc(strings.Join(names, ", "))), Blocks: blocks}
}

// StanceTaken confirms a stance pos in poll pollID with the tally t, and offers to add
// a reason.
func StanceTaken(lang i18n.Lang, pollID int64, pos workflow.Position, t workflow.Tally) Message {
	text := i18n.T(lang, "poll.took."+string(pos), i18n.N(lang, "poll.so_far", t.Taken), i18n.N(lang, "poll.needed", t.Quorum))
	return Message{Text: text, Blocks: []slack.Block{Section(text), Buttons("stance_reason",
		Button(ActReason, i18n.T(lang, "poll.add_reason"), strconv.FormatInt(pollID, 10)+":"+string(pos), ""))}}
}
