package view

import (
	"strconv"
	"strings"
	"time"

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

// Poll is what the messages about a poll show: the poll with its wish, group and
// tally, the time zone of the dates, and for an announcement the permalink of the poll
// message and the wish's page on the web ("" when there is none).
type Poll struct {
	Detail workflow.PollDetail
	Loc    *time.Location
	Link   string
	WebURL string
}

// PollMessage is the poll message in the group's channel: the proposal, the deadline,
// the live tally and who stands where, and the buttons while it is open; the outcome
// once closed.
func PollMessage(lang i18n.Lang, vm Poll) Message {
	d, loc := vm.Detail, vm.Loc
	p, t := d.Poll, d.Tally
	blocks := []slack.Block{Header(i18n.T(lang, "poll.header", Clip(d.Group.Name, 100)))}
	if d.Wish != nil {
		blocks = append(blocks, Section(Truncate(i18n.T(lang, "poll.on_wish", WishLabel(*d.Wish))+"\n"+Quote(d.Wish.Purpose, 600), 3000)))
	}
	blocks = append(blocks,
		Section(ProposalText(lang, d)),
		Fields(i18n.T(lang, "poll.field.deadline"), SlackDate(p.Deadline, loc), i18n.T(lang, "poll.label.quorum"), i18n.T(lang, "poll.quorum_of", p.Quorum, i18n.N(lang, "count.members", len(p.Electorate))),
			i18n.T(lang, "poll.label.started_by"), User(p.CreatedBy)),
		Context(i18n.T(lang, "poll.electorate", len(p.Electorate)), reminderLine(lang, d, loc)),
		Section(TallyLine(lang, t)))
	blocks = append(blocks, stanceBlocks(lang, t, p.Open())...)
	if p.Open() {
		id := strconv.FormatInt(p.ID, 10)
		blocks = append(blocks, Buttons("poll_actions",
			Button(ActAgree, i18n.T(lang, "poll.agree"), id, slack.StylePrimary),
			Button(ActAbstain, i18n.T(lang, "poll.abstain"), id, ""),
			Button(ActObject, i18n.T(lang, "poll.object"), id, slack.StyleDanger),
			Button(ActClosePoll, i18n.T(lang, "poll.close_now"), id, "")),
			Context(i18n.T(lang, "poll.rules")))
	} else {
		blocks = append(blocks, Section(verdict(lang, d, loc)))
	}
	return Message{Text: i18n.T(lang, "poll.text", Esc(d.Group.Name)), Blocks: blocks}
}

// reminderLine says when the members without a stance of an open poll are reminded:
// the group's time before the deadline, or halfway through the poll when that comes
// first; "" once reminded or closed.
func reminderLine(lang i18n.Lang, d workflow.PollDetail, loc *time.Location) string {
	p := d.Poll
	if !p.Open() || !p.RemindedAt.IsZero() || p.Deadline.IsZero() {
		return ""
	}
	rb := d.Group.RemindBefore
	if rb <= 0 {
		rb = workflow.DefaultRemindBefore
	}
	at := workflow.RemindAt(p, rb)
	if at.After(p.Deadline.Add(-rb)) {
		return i18n.T(lang, "poll.reminder_halfway", SlackDate(at, loc))
	}
	return i18n.T(lang, "poll.reminder", SlackDate(at, loc))
}

// ProposalText says what the group is asked to agree on.
func ProposalText(lang i18n.Lang, d workflow.PollDetail) string {
	p := d.Poll
	var s string
	switch {
	case p.Proposal == workflow.ProposePrioritise && d.Wish != nil:
		s = i18n.T(lang, "poll.proposal.prioritise", WishLabel(*d.Wish), i18n.T(lang, "priority."+string(p.Priority)))
	case p.Proposal == workflow.ProposeReject && d.Wish != nil:
		s = i18n.T(lang, "poll.proposal.reject", WishLabel(*d.Wish))
	case p.Proposal == workflow.ProposeOrder:
		s = i18n.T(lang, "poll.proposal.order", Esc(d.Group.Name))
	default:
		s = i18n.T(lang, "poll.proposal.free")
	}
	if p.Text != "" {
		s += "\n" + Quote(p.Text, 2000)
	}
	return Truncate(s, 3000)
}

// decisionText says what the group decided when it reached consensus.
func decisionText(lang i18n.Lang, d workflow.PollDetail) string {
	switch {
	case d.Poll.Proposal == workflow.ProposeOrder:
		return i18n.T(lang, "poll.decision.order")
	case d.Wish == nil:
		return i18n.T(lang, "poll.decision.free")
	case d.Poll.Proposal == workflow.ProposePrioritise:
		return i18n.T(lang, "poll.decision.prioritise", WishLabel(*d.Wish), i18n.T(lang, "priority."+string(d.Poll.Priority)))
	}
	return i18n.T(lang, "poll.decision.reject", WishLabel(*d.Wish))
}

// TallyLine counts the stances of a poll.
func TallyLine(lang i18n.Lang, t workflow.Tally) string {
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
				reasons = append(reasons, "• "+User(s.UserID)+": _"+Clip(OneLine(s.Reason), reasonRoom(pos))+"_")
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
	return PackLines(lines, maxStanceBlocks, MoreText(lang, "poll.more_lines"))
}

func reasonRoom(pos workflow.Position) int {
	if pos == workflow.Object {
		return 600
	}
	return 200
}

// wrapMentions lists users as lines of a few dozen Mentions each.
func wrapMentions(users []string) []string {
	var out []string
	for i := 0; i < len(users); i += mentionsPerLine {
		out = append(out, Mentions(users[i:min(i+mentionsPerLine, len(users))]))
	}
	return out
}

// verdict says how a closed poll ended, who closed it and when.
func verdict(lang i18n.Lang, d workflow.PollDetail, loc *time.Location) string {
	p := d.Poll
	by := i18n.T(lang, "poll.closed_by", User(p.ClosedBy), SlackDate(p.ClosedAt, loc))
	if p.ClosedBy == workflow.System.UserID {
		by = i18n.T(lang, "poll.closed_deadline", SlackDate(p.ClosedAt, loc))
	}
	if p.Consensus {
		return i18n.T(lang, "poll.verdict.consensus", decisionText(lang, d)) + "\n" + by
	}
	if d.EndedByWithdrawal() {
		return i18n.T(lang, "poll.verdict.withdrawn", d.Wish.ID, User(d.Wish.SubmitterID), SlackDate(p.ClosedAt, loc))
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

// PollOutcome is the outcome in the poll message's thread.
func PollOutcome(lang i18n.Lang, vm Poll) Message {
	d := vm.Detail
	text := verdict(lang, d, vm.Loc)
	if d.EndedByWithdrawal() {
		// Nothing was decided and nothing is left to rework: the withdrawal is the
		// whole outcome, said once.
		return Message{Text: Truncate(text, 3000), Blocks: []slack.Block{Section(text)}}
	}
	blocks := []slack.Block{Section(text), Section(TallyLine(lang, d.Tally))}
	var objections []string
	for _, s := range d.Tally.Objections() {
		objections = append(objections, "• "+User(s.UserID)+": _"+Clip(OneLine(s.Reason), 600)+"_")
	}
	if len(objections) > 0 {
		lines := append([]string{"*" + i18n.T(lang, "poll.objections") + "*"}, objections...)
		blocks = append(blocks, PackLines(lines, 20, MoreText(lang, "poll.more_lines"))...)
	}
	if d.Wish != nil && !d.Poll.Consensus {
		blocks = append(blocks, Context(i18n.T(lang, "poll.rework", d.Wish.ID)))
	}
	return Message{Text: Truncate(text, 3000), Blocks: blocks}
}

// PollAnnouncement is a working group's decision on wish wishID announced in the user
// club channel, with who decided and a link to the poll.
func PollAnnouncement(lang i18n.Lang, vm Poll, wishID int64) Message {
	d := vm.Detail
	text := i18n.T(lang, "poll.announce", Esc(d.Group.Name), decisionText(lang, d))
	var agreed, abstained []string
	for _, s := range d.Tally.Stances {
		if s.Position == workflow.Agree {
			agreed = append(agreed, User(s.UserID))
		} else if s.Position == workflow.Abstain {
			abstained = append(abstained, User(s.UserID))
		}
	}
	who := i18n.T(lang, "poll.announce.agreed", listSome(lang, agreed))
	if len(abstained) > 0 {
		who += " " + i18n.T(lang, "poll.announce.abstained", listSome(lang, abstained))
	}
	blocks := []slack.Block{Section(text), Section(Truncate(who, 3000)),
		Context(verdictBy(lang, d.Poll, vm.Loc), pollLink(lang, vm), i18n.T(lang, "poll.announce.wish", wishID))}
	blocks = append(blocks, WebLink(lang, vm.WebURL)...)
	if d.Wish != nil {
		blocks = append(blocks, AnnounceSupport(lang, *d.Wish)...)
	}
	return Message{Text: text, Blocks: blocks}
}

// verdictBy says who closed poll p and when.
func verdictBy(lang i18n.Lang, p workflow.Poll, loc *time.Location) string {
	if p.ClosedBy == workflow.System.UserID {
		return i18n.T(lang, "poll.closed_deadline", SlackDate(p.ClosedAt, loc))
	}
	return i18n.T(lang, "poll.closed_by", User(p.ClosedBy), SlackDate(p.ClosedAt, loc))
}

// listSome lists Mentions, summarising beyond a hundred.
func listSome(lang i18n.Lang, ms []string) string {
	if len(ms) <= 100 {
		return strings.Join(ms, ", ")
	}
	return strings.Join(ms[:100], ", ") + " " + i18n.T(lang, "poll.and_more", len(ms)-100)
}

// pollLink links the poll message; without a permalink (the message is not posted, or
// Slack gave none) it links the group's channel.
func pollLink(lang i18n.Lang, vm Poll) string {
	if vm.Link != "" {
		return "<" + vm.Link + "|" + i18n.T(lang, "poll.link") + ">"
	}
	return i18n.T(lang, "poll.link_channel", Channel(vm.Detail.Group.ChannelID))
}

// PollClosedChange is the DM to the submitter and followers when a poll on their wish
// closed without consensus.
func PollClosedChange(lang i18n.Lang, w workflow.Wish, e workflow.Event) string {
	return i18n.T(lang, "poll.dm.no_consensus", WishLabel(w), failureNames(lang, e.Data))
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

// PollStartedHistory says a poll's start in a wish's history.
func PollStartedHistory(lang i18n.Lang, e workflow.Event) string {
	what := i18n.T(lang, "poll.short.reject")
	if e.Data["proposal"] == string(workflow.ProposePrioritise) {
		what = i18n.T(lang, "poll.short.prioritise", i18n.T(lang, "priority."+e.Data["priority"]))
	}
	return i18n.T(lang, "history.poll_started", User(e.Actor), what)
}

// PollClosedHistory says a poll's end in a wish's history.
func PollClosedHistory(lang i18n.Lang, e workflow.Event) string {
	if e.Data["withdrawn"] == "true" {
		return i18n.T(lang, "history.poll_withdrawn")
	}
	// Who closed it: a person (the coordinator, the secretariat), or the deadline.
	by := i18n.T(lang, "history.poll_closed_at_deadline")
	if e.Actor != "" && e.Actor != "system" {
		by = i18n.T(lang, "history.poll_closed_by", User(e.Actor))
	}
	if e.Data["consensus"] == "true" {
		return i18n.T(lang, "history.poll_consensus", by)
	}
	return i18n.T(lang, "history.poll_no_consensus", failureNames(lang, e.Data), by)
}

// Mentions mentions users, separated by commas.
func Mentions(users []string) string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = User(u)
	}
	return strings.Join(out, ", ")
}

// Who says who made a change: the person marked imported for a change an import
// brought (never a consensus this Tovholder did not see), the working group's
// consensus for a move its poll decided (whoever closed the poll), Tovholder itself
// for what the scheduler did, and the person otherwise.
func Who(lang i18n.Lang, e workflow.Event) string {
	switch {
	case e.Data[workflow.DataImported] == "true":
		return i18n.T(lang, "actor.imported", User(e.Actor))
	case e.Kind == workflow.EvWishMoved && e.Data["poll"] != "":
		return i18n.T(lang, "actor.consensus")
	case e.Actor == workflow.System.UserID:
		return i18n.T(lang, "actor.system")
	}
	return User(e.Actor)
}

// MoveAnnouncement announces in the user club a change e of wish w that was no poll's:
// who made it, and why, and the wish's page on the web at webURL ("" for none).
func MoveAnnouncement(lang i18n.Lang, w workflow.Wish, e workflow.Event, webURL string) Message {
	text := i18n.T(lang, "announce.moved", WishLabel(w), StateName(lang, e.To), Who(lang, e))
	blocks := []slack.Block{Section(text)}
	if e.Note != "" {
		blocks = append(blocks, Section(Quote(e.Note, 2000)))
	}
	blocks = append(blocks, Context(i18n.T(lang, "poll.announce.wish", w.ID)))
	blocks = append(blocks, WebLink(lang, webURL)...)
	return Message{Text: text, Blocks: append(blocks, AnnounceSupport(lang, w)...)}
}

// PollModal asks the proposal, the deadline (day, by default) and the quorum of a poll
// of group g on wish w.
func PollModal(lang i18n.Lang, w workflow.Wish, g workflow.Group, day string) slack.ModalViewRequest {
	var opts []*slack.OptionBlockObject
	for _, p := range []workflow.Priority{workflow.PriorityHigh, workflow.PriorityMedium, workflow.PriorityLow} {
		opts = append(opts, slack.NewOptionBlockObject("prioritise:"+string(p), Plain(i18n.T(lang, "poll.propose.prioritise", i18n.T(lang, "priority."+string(p)))), nil))
	}
	opts = append(opts, slack.NewOptionBlockObject(string(workflow.ProposeReject), Plain(i18n.T(lang, "poll.propose.reject")), nil))
	picker := slack.NewDatePickerBlockElement(ActInput)
	picker.InitialDate = day
	deadline := slack.NewInputBlock(BlkDeadline, Plain(i18n.T(lang, "poll.field.deadline")), Plain(i18n.T(lang, "poll.hint.deadline")), picker)
	quorum := TextInput(lang, BlkQuorum, "poll.field.quorum", "", strconv.Itoa(g.DefaultQuorum()), false, 4, false)
	quorum.Hint = Plain(i18n.T(lang, "poll.hint.quorum", g.DefaultQuorum(), i18n.N(lang, "count.members", len(g.Members))))
	blocks := []slack.Block{
		Section(i18n.T(lang, "triage.modal.wish", WishLabel(w))),
		slack.NewInputBlock(BlkProposal, Plain(i18n.T(lang, "poll.field.proposal")), nil, slack.NewRadioButtonsBlockElement(ActInput, opts...)),
		TextInput(lang, BlkPollText, "poll.field.text", "poll.hint.text", "", true, workflow.MaxNote, true),
		deadline,
		quorum,
	}
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CbStartPoll, PrivateMetadata: strconv.FormatInt(w.ID, 10) + "|" + day,
		Title:  Plain(i18n.T(lang, "poll.modal.title")),
		Submit: Plain(i18n.T(lang, "poll.modal.submit")),
		Close:  Plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: blocks},
	}
}

// StanceModal asks the reason for a stance pos in poll d (required for an objection).
func StanceModal(lang i18n.Lang, d workflow.PollDetail, pos workflow.Position) slack.ModalViewRequest {
	reason := TextInput(lang, BlkReason, "poll.field.reason."+string(pos), "poll.hint.reason."+string(pos), "", true, workflow.MaxNote, pos != workflow.Object)
	return slack.ModalViewRequest{
		Type: slack.VTModal, CallbackID: CbStance, PrivateMetadata: strconv.FormatInt(d.Poll.ID, 10) + ":" + string(pos),
		Title:  Plain(i18n.T(lang, "poll.modal.stance."+string(pos))),
		Submit: Plain(i18n.T(lang, "poll.modal.stance_submit")),
		Close:  Plain(i18n.T(lang, "modal.cancel")),
		Blocks: slack.Blocks{BlockSet: []slack.Block{Section(ProposalText(lang, d)), reason}},
	}
}
