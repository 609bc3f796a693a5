package view

import (
	"fmt"
	"strconv"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// Digest is what a reminder digest shows: the digest as the workflow queued it, the
// group it is about (nil for the secretariat's or the steering group's), whether its
// reader is that group's coordinator, every item it names, and the time zone.
type Digest struct {
	Digest      workflow.Digest
	Group       *workflow.Group
	Coordinator bool
	Items       map[DigestKey]DigestItem
	Loc         *time.Location
	// Meetings shows a group's next meeting (NextMeeting; HasNext false for none
	// planned) and Convene the group before the footer.
	Meetings    bool
	NextMeeting workflow.Meeting
	HasNext     bool
}

// DigestKey names an item of a digest: its section's key and its id (a wish's number,
// a poll's or an initiative's id, which may be equal).
type DigestKey struct {
	Section string
	ID      int64
}

// DigestItem is one wish, poll or recommendation of a digest, with the permalink of
// the message that shows it ("" when none was kept). An item that is gone has none.
type DigestItem struct {
	Wish       *workflow.Wish
	Poll       *workflow.PollDetail
	Initiative *workflow.InitiativeDetail
	Proposal   *workflow.SteeringProposal // a steering proposal beyond wishes
	Task       *TaskView                  // an open task of a group, from a meeting's minutes
	Link       string
	Support    *workflow.Support // a wish's support, named beside it
}

// DigestMessage is a reminder digest by DM: what awaits its reader, each item linked
// to its message.
func DigestMessage(lang i18n.Lang, vm Digest) Message {
	dg := vm.Digest
	title, intro := i18n.T(lang, "digest.header."+dg.Rule), ""
	if g := vm.Group; g != nil {
		intro = i18n.T(lang, "digest.intro.secretariat", Esc(g.Name))
		if vm.Coordinator {
			intro = i18n.T(lang, "digest.intro.coordinator", Esc(g.Name))
		}
		title = i18n.T(lang, "digest.header.group", Clip(g.Name, 100))
	}
	blocks := []slack.Block{Header(title)}
	if intro != "" {
		blocks = append(blocks, Context(intro))
	}
	count := 0
	for _, s := range dg.Sections {
		if s.Total == 0 {
			continue
		}
		count += s.Total
		lines := []string{"*" + i18n.T(lang, "digest.sec."+s.Key, s.Total) + "*"}
		for _, id := range s.IDs {
			lines = append(lines, "• "+digestItem(lang, vm, s.Key, id))
		}
		if more := s.Total - len(s.IDs); more > 0 {
			lines = append(lines, i18n.T(lang, "digest.more", more))
		}
		blocks = append(blocks, PackLines(lines, 8, MoreText(lang, "poll.more_lines"))...)
	}
	if vm.Meetings && vm.Group != nil {
		blocks = append(blocks, Section(i18n.T(lang, "digest.next_meeting", NextMeeting(lang, vm.NextMeeting, vm.HasNext, vm.Loc))),
			Buttons("digest_convene", Button(ActConvene, i18n.T(lang, "meeting.convene"), vm.Group.Key, "")))
	}
	blocks = append(blocks, Context(i18n.T(lang, "digest.footer", Date(dg.Fire, vm.Loc), vm.Loc.String())))
	return Message{Text: i18n.T(lang, "digest.text", title, count), Blocks: blocks}
}

// digestItem is one line of a digest: a wish, a poll or a recommendation, linked.
func digestItem(lang i18n.Lang, vm Digest, key string, id int64) string {
	it := vm.Items[DigestKey{key, id}]
	switch {
	case key == workflow.SecTasks || key == workflow.SecOverdue:
		if it.Task == nil {
			return i18n.T(lang, "task.gone", id)
		}
		return TaskLine(lang, *it.Task, false)
	case key == workflow.SecPolls && it.Poll != nil:
		return digestPoll(lang, it, vm.Loc)
	case key == workflow.SecProposals && it.Proposal != nil:
		return link(i18n.T(lang, "digest.proposal", Clip(it.Proposal.Title, 150)), it.Link, "")
	case key == workflow.SecProposals:
		return "#" + IDStr(id)
	case key == workflow.SecDecision && it.Initiative != nil:
		return link(i18n.T(lang, "digest.initiative", Clip(it.Initiative.Initiative.Title, 150)), it.Link, "")
	case key != workflow.SecPolls && key != workflow.SecDecision && it.Wish != nil:
		l := link(fmt.Sprintf("#%d %s", it.Wish.ID, Clip(it.Wish.Title, 120)), it.Link, "/wish "+strconv.FormatInt(id, 10))
		if it.Support != nil {
			// The need behind the wish: its support, by municipality (domain.md, "Support").
			l += " · " + SupportLine(lang, *it.Support)
		}
		return l
	}
	return "#" + IDStr(id)
}

// digestPoll is an open poll with who has not taken a stance yet.
func digestPoll(lang i18n.Lang, it DigestItem, loc *time.Location) string {
	d := it.Poll
	what := i18n.T(lang, "digest.poll_free")
	if d.Wish != nil {
		what = i18n.T(lang, "digest.poll_on_wish", fmt.Sprintf("#%d %s", d.Wish.ID, Clip(d.Wish.Title, 100)))
	}
	l := link(what, it.Link, "")
	switch {
	case !d.Poll.Open():
		return i18n.T(lang, "digest.poll_closed", l)
	case len(d.Tally.Missing) == 0:
		return i18n.T(lang, "digest.poll_all_in", l, SlackDate(d.Poll.Deadline, loc))
	}
	missing := d.Tally.Missing
	shown := Mentions(missing[:min(len(missing), 20)])
	if len(missing) > 20 {
		shown += " " + i18n.T(lang, "digest.more", len(missing)-20)
	}
	return i18n.T(lang, "digest.poll_line", l, SlackDate(d.Poll.Deadline, loc), shown)
}

// link links label to permalink; without one it names command, if any, after it.
func link(label, permalink, command string) string {
	switch {
	case permalink != "":
		return "<" + permalink + "|" + label + ">"
	case command != "":
		return label + " (`" + command + "`)"
	}
	return label
}

// PollReminder reminds a member who has not taken a stance, before the poll's deadline,
// with the poll's own buttons to take one at once; vm.Link is the poll message's.
func PollReminder(lang i18n.Lang, vm Poll) Message {
	d, loc := vm.Detail, vm.Loc
	text := i18n.T(lang, "pollreminder.text", Esc(d.Group.Name), Date(d.Poll.Deadline, loc))
	blocks := []slack.Block{Header(i18n.T(lang, "pollreminder.header", Clip(d.Group.Name, 100)))}
	if !d.Poll.Open() {
		blocks = append(blocks, Section(i18n.T(lang, "pollreminder.closed")), Section(ProposalText(lang, d)))
		return Message{Text: text, Blocks: blocks}
	}
	blocks = append(blocks, Section(i18n.T(lang, "pollreminder.intro", SlackDate(d.Poll.Deadline, loc))))
	if d.Wish != nil {
		blocks = append(blocks, Section(Truncate(i18n.T(lang, "poll.on_wish", WishLabel(*d.Wish))+"\n"+Quote(d.Wish.Purpose, 600), 3000)))
	}
	id := strconv.FormatInt(d.Poll.ID, 10)
	blocks = append(blocks, Section(ProposalText(lang, d)),
		Buttons("poll_reminder",
			Button(ActAgree, i18n.T(lang, "poll.agree"), id, slack.StylePrimary),
			Button(ActAbstain, i18n.T(lang, "poll.abstain"), id, ""),
			Button(ActObject, i18n.T(lang, "poll.object"), id, slack.StyleDanger)),
		Context(TallyLine(lang, d.Tally), link(i18n.T(lang, "pollreminder.link"), vm.Link, "")))
	return Message{Text: text, Blocks: blocks}
}
