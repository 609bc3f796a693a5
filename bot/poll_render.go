package bot

import (
	"context"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Room of a poll message: Block Kit allows 50 blocks and 3000 characters a section,
// and Slack cuts messages beyond 40,000 characters. The list of who stands where gets
// a dozen sections, and is summarised beyond.
const (
	maxStanceBlocks = 12
	mentionsPerLine = 40
)

// renderPoll is the poll message in the group's channel: the proposal, the deadline,
// the live tally and who stands where, and the buttons while it is open; the outcome
// once closed.
func renderPoll(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.svc.Poll(ctx, n.PollID)
	if err != nil {
		return message{}, err
	}
	p, t := d.Poll, d.Tally
	blocks := []slack.Block{header(i18n.T(lang, "poll.header", clip(d.Group.Name, 100)))}
	if d.Wish != nil {
		blocks = append(blocks, section(truncate(i18n.T(lang, "poll.on_wish", wishLabel(*d.Wish))+"\n"+quote(d.Wish.Purpose, 600), 3000)))
	}
	blocks = append(blocks,
		section(proposalText(lang, d)),
		fields(i18n.T(lang, "poll.field.deadline"), b.slackDate(p.Deadline), i18n.T(lang, "poll.label.quorum"), i18n.T(lang, "poll.quorum_of", p.Quorum, i18n.N(lang, "count.members", len(p.Electorate))),
			i18n.T(lang, "poll.label.started_by"), user(p.CreatedBy)),
		context_(i18n.T(lang, "poll.electorate", len(p.Electorate))),
		section(tallyLine(lang, t)))
	blocks = append(blocks, stanceBlocks(lang, t, p.Open())...)
	if p.Open() {
		id := strconv.FormatInt(p.ID, 10)
		blocks = append(blocks, buttons("poll_actions",
			button(actAgree, i18n.T(lang, "poll.agree"), id, slack.StylePrimary),
			button(actAbstain, i18n.T(lang, "poll.abstain"), id, ""),
			button(actObject, i18n.T(lang, "poll.object"), id, slack.StyleDanger),
			button(actClosePoll, i18n.T(lang, "poll.close_now"), id, "")),
			context_(i18n.T(lang, "poll.rules")))
	} else {
		blocks = append(blocks, section(b.verdict(lang, d)))
	}
	return message{Text: i18n.T(lang, "poll.text", esc(d.Group.Name)), Blocks: blocks}, nil
}

// proposalText says what the group is asked to agree on.
func proposalText(lang i18n.Lang, d workflow.PollDetail) string {
	p := d.Poll
	var s string
	switch {
	case p.Proposal == workflow.ProposePrioritise && d.Wish != nil:
		s = i18n.T(lang, "poll.proposal.prioritise", wishLabel(*d.Wish), i18n.T(lang, "priority."+string(p.Priority)))
	case p.Proposal == workflow.ProposeReject && d.Wish != nil:
		s = i18n.T(lang, "poll.proposal.reject", wishLabel(*d.Wish))
	case p.Proposal == workflow.ProposeOrder:
		s = i18n.T(lang, "poll.proposal.order", esc(d.Group.Name))
	default:
		s = i18n.T(lang, "poll.proposal.free")
	}
	if p.Text != "" {
		s += "\n" + quote(p.Text, 2000)
	}
	return truncate(s, 3000)
}

// decisionText says what the group decided when it reached consensus.
func decisionText(lang i18n.Lang, d workflow.PollDetail) string {
	switch {
	case d.Poll.Proposal == workflow.ProposeOrder:
		return i18n.T(lang, "poll.decision.order")
	case d.Wish == nil:
		return i18n.T(lang, "poll.decision.free")
	case d.Poll.Proposal == workflow.ProposePrioritise:
		return i18n.T(lang, "poll.decision.prioritise", wishLabel(*d.Wish), i18n.T(lang, "priority."+string(d.Poll.Priority)))
	}
	return i18n.T(lang, "poll.decision.reject", wishLabel(*d.Wish))
}

func tallyLine(lang i18n.Lang, t workflow.Tally) string {
	return i18n.T(lang, "poll.tally", t.Agree, t.Abstain, t.Object, i18n.N(lang, "poll.taken", t.Taken, i18n.N(lang, "count.members", t.Taken+len(t.Missing))), t.Quorum)
}

// stanceBlocks list who stands where, objections first, with reasons; and, while the
// poll is open, who has not yet taken a stance.
func stanceBlocks(lang i18n.Lang, t workflow.Tally, open bool) []slack.Block {
	var lines []string
	for _, pos := range []workflow.Position{workflow.Object, workflow.Agree, workflow.Abstain} {
		var reasons, bare []string
		for _, s := range t.Stances {
			switch {
			case s.Position != pos:
			case s.Reason != "":
				reasons = append(reasons, "• "+user(s.UserID)+": _"+clip(oneLine(s.Reason), reasonRoom(pos))+"_")
			default:
				bare = append(bare, s.UserID)
			}
		}
		if n := len(reasons) + len(bare); n > 0 {
			lines = append(lines, "*"+i18n.T(lang, "poll.pos."+string(pos), n)+"*")
			lines = append(append(lines, reasons...), wrapMentions(bare)...)
		}
	}
	if open && len(t.Missing) > 0 {
		lines = append(lines, "*"+i18n.T(lang, "poll.missing", len(t.Missing))+"*")
		lines = append(lines, wrapMentions(t.Missing)...)
	}
	return packLines(lines, maxStanceBlocks, moreText(lang, "poll.more_lines"))
}

func reasonRoom(pos workflow.Position) int {
	if pos == workflow.Object {
		return 600
	}
	return 200
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// wrapMentions lists users as lines of a few dozen mentions each.
func wrapMentions(users []string) []string {
	var out []string
	for i := 0; i < len(users); i += mentionsPerLine {
		out = append(out, mentions(users[i:min(i+mentionsPerLine, len(users))]))
	}
	return out
}

// verdict says how a closed poll ended, who closed it and when.
func (b *Bot) verdict(lang i18n.Lang, d workflow.PollDetail) string {
	p := d.Poll
	by := i18n.T(lang, "poll.closed_by", user(p.ClosedBy), b.slackDate(p.ClosedAt))
	if p.ClosedBy == workflow.System.UserID {
		by = i18n.T(lang, "poll.closed_deadline", b.slackDate(p.ClosedAt))
	}
	if p.Consensus {
		return i18n.T(lang, "poll.verdict.consensus", decisionText(lang, d)) + "\n" + by
	}
	if d.EndedByWithdrawal() {
		return i18n.T(lang, "poll.verdict.withdrawn", d.Wish.ID, user(d.Wish.SubmitterID), b.slackDate(p.ClosedAt))
	}
	return i18n.T(lang, "poll.verdict.none", failureText(lang, d.Tally)) + "\n" + by
}

// failureText names the conditions of consensus that failed.
func failureText(lang i18n.Lang, t workflow.Tally) string {
	var parts []string
	for _, f := range t.Failures {
		switch f {
		case workflow.FailQuorum:
			parts = append(parts, i18n.N(lang, "poll.fail.quorum", t.Quorum, t.Taken))
		case workflow.FailNoAgree:
			parts = append(parts, i18n.T(lang, "poll.fail.no_agree"))
		case workflow.FailObjection:
			parts = append(parts, i18n.N(lang, "poll.fail.objection", t.Object))
		}
	}
	return strings.Join(parts, "; ")
}

// renderPollOutcome is the outcome in the poll message's thread.
func renderPollOutcome(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, err := b.svc.Poll(ctx, n.PollID)
	if err != nil {
		return message{}, err
	}
	text := b.verdict(lang, d)
	if d.EndedByWithdrawal() {
		// Nothing was decided and nothing is left to rework: the withdrawal is the
		// whole outcome, said once.
		return message{Text: truncate(text, 3000), Blocks: []slack.Block{section(text)}}, nil
	}
	blocks := []slack.Block{section(text), section(tallyLine(lang, d.Tally))}
	var objections []string
	for _, s := range d.Tally.Objections() {
		objections = append(objections, "• "+user(s.UserID)+": _"+clip(oneLine(s.Reason), 600)+"_")
	}
	if len(objections) > 0 {
		lines := append([]string{"*" + i18n.T(lang, "poll.objections") + "*"}, objections...)
		blocks = append(blocks, packLines(lines, 20, moreText(lang, "poll.more_lines"))...)
	}
	if d.Wish != nil && !d.Poll.Consensus {
		blocks = append(blocks, context_(i18n.T(lang, "poll.rework", d.Wish.ID)))
	}
	return message{Text: truncate(text, 3000), Blocks: blocks}, nil
}

// renderAnnouncement is a decision announced in the user club channel: a working
// group's decision on a wish with who decided and a link to the poll, or another
// change of a wish with who made it.
func renderAnnouncement(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (message, error) {
	if n.PollID == 0 {
		return b.announceMove(ctx, lang, n)
	}
	d, err := b.svc.Poll(ctx, n.PollID)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "poll.announce", esc(d.Group.Name), decisionText(lang, d))
	var agreed, abstained []string
	for _, s := range d.Tally.Stances {
		if s.Position == workflow.Agree {
			agreed = append(agreed, user(s.UserID))
		} else if s.Position == workflow.Abstain {
			abstained = append(abstained, user(s.UserID))
		}
	}
	who := i18n.T(lang, "poll.announce.agreed", listSome(lang, agreed))
	if len(abstained) > 0 {
		who += " " + i18n.T(lang, "poll.announce.abstained", listSome(lang, abstained))
	}
	blocks := []slack.Block{section(text), section(truncate(who, 3000)),
		context_(b.verdictBy(lang, d.Poll), b.pollLink(ctx, lang, d), i18n.T(lang, "poll.announce.wish", n.WishID))}
	blocks = append(blocks, b.webLink(lang, wishPath(n.WishID))...)
	if d.Wish != nil {
		blocks = append(blocks, announceSupport(lang, *d.Wish)...)
	}
	return message{Text: text, Blocks: blocks}, nil
}

func (b *Bot) verdictBy(lang i18n.Lang, p workflow.Poll) string {
	if p.ClosedBy == workflow.System.UserID {
		return i18n.T(lang, "poll.closed_deadline", b.slackDate(p.ClosedAt))
	}
	return i18n.T(lang, "poll.closed_by", user(p.ClosedBy), b.slackDate(p.ClosedAt))
}

// listSome lists mentions, summarising beyond a hundred.
func listSome(lang i18n.Lang, ms []string) string {
	if len(ms) <= 100 {
		return strings.Join(ms, ", ")
	}
	return strings.Join(ms[:100], ", ") + " " + i18n.T(lang, "poll.and_more", len(ms)-100)
}

// pollLink links the poll message; without a permalink (the message is not posted,
// or Slack will not say) it links the group's channel.
func (b *Bot) pollLink(ctx context.Context, lang i18n.Lang, d workflow.PollDetail) string {
	if link, ok := b.permalinkTo(ctx, workflow.PollRef(d.Poll.ID), i18n.T(lang, "poll.link")); ok {
		return link
	}
	return i18n.T(lang, "poll.link_channel", channel(d.Group.ChannelID))
}

// announceMove announces a change of a wish that was no poll's: who made it, and why.
func (b *Bot) announceMove(ctx context.Context, lang i18n.Lang, n workflow.Notice) (message, error) {
	d, e, err := noticeWish(ctx, b, n)
	if err != nil {
		return message{}, err
	}
	text := i18n.T(lang, "announce.moved", wishLabel(d.Wish), stateName(lang, e.To), who(lang, e))
	blocks := []slack.Block{section(text)}
	if e.Note != "" {
		blocks = append(blocks, section(quote(e.Note, 2000)))
	}
	blocks = append(blocks, context_(i18n.T(lang, "poll.announce.wish", d.Wish.ID)))
	blocks = append(blocks, b.webLink(lang, wishPath(d.Wish.ID))...)
	return message{Text: text, Blocks: append(blocks, announceSupport(lang, d.Wish)...)}, nil
}

// pollClosedChange is the DM to the submitter and followers when a poll on their wish
// closed without consensus.
func pollClosedChange(lang i18n.Lang, _ *Bot, w workflow.Wish, e workflow.Event) string {
	return i18n.T(lang, "poll.dm.no_consensus", wishLabel(w), failureNames(lang, e.Data))
}

func failureNames(lang i18n.Lang, data map[string]string) string {
	var parts []string
	for _, f := range []workflow.Failure{workflow.FailQuorum, workflow.FailNoAgree, workflow.FailObjection} {
		if data["failed_"+string(f)] == "true" {
			parts = append(parts, i18n.T(lang, "poll.failname."+string(f)))
		}
	}
	return strings.Join(parts, ", ")
}

func pollStartedHistory(lang i18n.Lang, e workflow.Event) string {
	what := i18n.T(lang, "poll.short.reject")
	if e.Data["proposal"] == string(workflow.ProposePrioritise) {
		what = i18n.T(lang, "poll.short.prioritise", i18n.T(lang, "priority."+e.Data["priority"]))
	}
	return i18n.T(lang, "history.poll_started", user(e.Actor), what)
}

func pollClosedHistory(lang i18n.Lang, e workflow.Event) string {
	switch {
	case e.Data["withdrawn"] == "true":
		return i18n.T(lang, "history.poll_withdrawn")
	case e.Data["consensus"] == "true":
		return i18n.T(lang, "history.poll_consensus")
	}
	return i18n.T(lang, "history.poll_no_consensus", failureNames(lang, e.Data))
}
