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

// Action ids of a ranking's message.
const (
	ActRankDots  = "rank.dots"
	ActRankClose = "rank.close"
)

// RankingMessage is the ranking message in the group's channel: the wishes, how many
// members have distributed their dots (never who gave what while it is open), the
// wishes that left the backlog, and the result once closed.
func RankingMessage(lang i18n.Lang, d workflow.RankingDetail, loc *time.Location) Message {
	rk := d.Ranking
	blocks := []slack.Block{Header(i18n.T(lang, "rank.header", Clip(d.Group.Name, 100))),
		Fields(i18n.T(lang, "poll.field.deadline"), SlackDate(rk.Deadline, loc), i18n.T(lang, "rank.label.dots"), strconv.Itoa(rk.Dots),
			i18n.T(lang, "poll.label.started_by"), User(rk.CreatedBy)),
		Section(i18n.N(lang, "rank.voted", d.Voted, i18n.N(lang, "count.members", len(rk.Electorate))))}
	blocks = append(blocks, PackLines(RankLines(lang, d), 20, MoreText(lang, "poll.more_lines"))...)
	if len(d.Left) > 0 {
		var left []string
		for _, w := range d.Left {
			left = append(left, i18n.T(lang, "rank.left", WishLabel(w), StateName(lang, w.State)))
		}
		blocks = append(blocks, Context(Truncate(strings.Join(left, "\n"), 3000)))
	}
	if rk.Open() {
		v := strconv.FormatInt(rk.ID, 10)
		blocks = append(blocks, Buttons("rank_actions",
			Button(ActRankDots, i18n.T(lang, "rank.distribute"), v, slack.StylePrimary),
			Button(ActRankClose, i18n.T(lang, "poll.close_now"), v, "")),
			Context(i18n.T(lang, "rank.rules")))
	} else {
		blocks = append(blocks, Section(rankVerdict(lang, d, loc)))
	}
	return Message{Text: i18n.T(lang, "rank.text", Esc(d.Group.Name)), Blocks: blocks}
}

// RankLines list a ranking's wishes: as chosen while open, with their dots once closed.
func RankLines(lang i18n.Lang, d workflow.RankingDetail) []string {
	var lines []string
	for i, rw := range d.Wishes {
		if d.Ranking.Open() {
			lines = append(lines, fmt.Sprintf("• %s · %s", WishLabel(rw.Wish), SupportLine(lang, rw.Support)))
			continue
		}
		lines = append(lines, fmt.Sprintf("%d. %s · %s · %s", i+1, WishLabel(rw.Wish),
			i18n.N(lang, "count.dots", d.Totals[rw.Wish.ID]), SupportLine(lang, rw.Support)))
	}
	return lines
}

// rankVerdict says how a closed ranking ended and what happens next.
func rankVerdict(lang i18n.Lang, d workflow.RankingDetail, loc *time.Location) string {
	rk := d.Ranking
	by := i18n.T(lang, "poll.closed_by", User(rk.ClosedBy), SlackDate(rk.ClosedAt, loc))
	if rk.ClosedBy == workflow.System.UserID {
		by = i18n.T(lang, "poll.closed_deadline", SlackDate(rk.ClosedAt, loc))
	}
	switch {
	case d.Poll == nil:
		return by + "\n" + i18n.T(lang, noPollKey(d.Ranking))
	case d.Poll.Open():
		return by + "\n" + i18n.T(lang, "rank.adopt_open")
	case d.Poll.Consensus:
		return by + "\n" + i18n.T(lang, "rank.adopted")
	}
	return by + "\n" + i18n.T(lang, "rank.not_adopted")
}

// RankingResult is the result in the ranking's thread when it closes.
func RankingResult(lang i18n.Lang, d workflow.RankingDetail) Message {
	text := i18n.T(lang, "rank.result", Esc(d.Group.Name))
	blocks := []slack.Block{Section(text)}
	blocks = append(blocks, PackLines(RankLines(lang, d), 20, MoreText(lang, "poll.more_lines"))...)
	for _, w := range d.Left {
		blocks = append(blocks, Context(i18n.T(lang, "rank.left", WishLabel(w), StateName(lang, w.State))))
	}
	if d.Poll != nil {
		blocks = append(blocks, Context(i18n.T(lang, "rank.adopt_below")))
	} else if !d.Ranking.ClosedAt.IsZero() {
		blocks = append(blocks, Context(i18n.T(lang, noPollKey(d.Ranking))))
	}
	return Message{Text: text, Blocks: blocks}
}

// noPollKey says why a closed ranking put no order to the group: no wish was left in
// the backlog, or the group had no members to adopt it (the ranks stay as they were).
func noPollKey(r workflow.Ranking) string {
	if len(r.Order) == 0 {
		return "rank.nothing_left"
	}
	return "rank.no_members"
}

// RanksAnnounced tells the user club a group's new order (ranked, rank 1 first), who
// decided and when.
func RanksAnnounced(lang i18n.Lang, d workflow.RankingDetail, ranked []workflow.RankedWish, loc *time.Location) Message {
	text := i18n.T(lang, "rank.announce", Esc(d.Group.Name))
	var lines []string
	for _, rw := range ranked {
		lines = append(lines, fmt.Sprintf("%d. %s · %s", rw.Rank, WishLabel(rw.Wish), SupportLine(lang, rw.Support)))
	}
	blocks := append([]slack.Block{Section(text)}, PackLines(lines, 20, MoreText(lang, "poll.more_lines"))...)
	if d.Poll != nil {
		blocks = append(blocks, Context(i18n.T(lang, "actor.consensus")+" · "+verdictBy(lang, *d.Poll, loc)))
	}
	return Message{Text: text, Blocks: blocks}
}
