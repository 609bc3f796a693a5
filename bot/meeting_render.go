package bot

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

// noticeMeeting loads the meeting a notice is about: from its payload, or from its
// message key when a remembered message is refreshed.
func (b *Bot) noticeMeeting(ctx context.Context, n workflow.Notice) (workflow.MeetingDetail, error) {
	id, ok := workflow.MeetingOfRef(n.Ref)
	if !ok {
		d, err := workflow.ReadNoticeData(n.Payload)
		if err != nil || d.Meeting == 0 {
			return workflow.MeetingDetail{}, &workflow.Error{Kind: workflow.NotFound, Msg: "meeting notice payload", Err: err}
		}
		id = d.Meeting
	}
	return b.svc.Meeting(ctx, id)
}

// maxShownPeople is how many people one line of answers names; the rest are counted.
const maxShownPeople = 40

// people mentions users, at most maxShownPeople, or says none.
func people(lang i18n.Lang, users []string) string {
	if len(users) == 0 {
		return "–"
	}
	s := view.Mentions(users[:min(len(users), maxShownPeople)])
	if len(users) > maxShownPeople {
		s += " " + i18n.T(lang, "digest.more", len(users)-maxShownPeople)
	}
	return s
}

// renderMeeting is the meeting's message in the group's channel: when and where, the
// agenda, who answered what, and the buttons of its state.
func renderMeeting(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.noticeMeeting(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	m := d.Meeting
	id := strconv.FormatInt(m.ID, 10)
	blocks := []slack.Block{view.Header(i18n.T(lang, "meeting.header", view.Clip(d.Group.Name, 100)))}
	blocks = append(blocks, b.meetingFacts(lang, d)...)
	blocks = append(blocks, b.agendaBlocks(ctx, lang, d)...)
	switch m.State {
	case workflow.MeetingFinding:
		blocks = append(blocks, b.candidateBlocks(lang, d)...)
		blocks = append(blocks, view.Buttons("meeting_answer", view.Button(actAnswerTimes, i18n.T(lang, "meeting.answer_times"), id, slack.StylePrimary),
			view.Button(actCancel, i18n.T(lang, "meeting.cancel"), id, slack.StyleDanger)))
	case workflow.MeetingScheduled:
		rs := workflow.CountRSVPs(d.Group.Members, d.Answers)
		blocks = append(blocks, view.Section(i18n.T(lang, "meeting.rsvps", len(rs.Yes), people(lang, rs.Yes), len(rs.No), people(lang, rs.No), people(lang, rs.Missing))),
			view.Buttons("meeting_rsvp", view.Button(actAttend, i18n.T(lang, "meeting.attend"), id, slack.StylePrimary),
				view.Button(actCantAttend, i18n.T(lang, "meeting.cant_attend"), id, "")),
			view.Buttons("meeting_lead", view.Button(actMinutes, i18n.T(lang, "meeting.write_minutes"), id, ""),
				view.Button(actMove, i18n.T(lang, "meeting.move"), id, ""),
				view.Button(actCancel, i18n.T(lang, "meeting.cancel"), id, slack.StyleDanger)),
			view.Context(i18n.T(lang, "meeting.lead_note", view.Esc(d.Group.Name))))
	case workflow.MeetingCancelled:
		blocks = append(blocks, view.Section(i18n.T(lang, "meeting.cancelled", view.Quote(m.CancelReason, 1000))))
	case workflow.MeetingHeld:
		blocks = append(blocks, view.Section(i18n.T(lang, "meeting.held", view.User(m.MinutesBy))))
	}
	text := i18n.T(lang, "meeting.text", view.Esc(d.Group.Name), b.date(m.Start))
	if m.Start.IsZero() {
		text = i18n.T(lang, "meeting.text_finding", view.Esc(d.Group.Name))
	}
	return view.Message{Text: text, Blocks: blocks}, nil
}

// meetingFacts is when, where and who convened.
func (b *Bot) meetingFacts(lang i18n.Lang, d workflow.MeetingDetail) []slack.Block {
	m := d.Meeting
	when := b.timeRange(m)
	if m.Start.IsZero() {
		when = i18n.T(lang, "meeting.finding")
	}
	place := view.Esc(m.Place)
	if place == "" {
		place = i18n.T(lang, "meeting.no_place")
	}
	return []slack.Block{view.Fields(i18n.T(lang, "meeting.field.when"), when, i18n.T(lang, "meeting.field.place"), view.Truncate(place, 1000),
		i18n.T(lang, "meeting.field.convened_by"), view.User(m.Lead), i18n.T(lang, "meeting.field.duration"), workflow.FormatDuration(m.Duration))}
}

// agendaBlocks is the agenda, numbered, each wish linked to its card.
func (b *Bot) agendaBlocks(ctx context.Context, lang i18n.Lang, d workflow.MeetingDetail) []slack.Block {
	lines := []string{"*" + i18n.T(lang, "meeting.agenda") + "*"}
	for i, it := range d.Meeting.Agenda {
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, b.agendaLine(ctx, lang, d, it)))
	}
	return view.PackLines(lines, 4, view.MoreText(lang, "poll.more_lines"))
}

func (b *Bot) agendaLine(ctx context.Context, lang i18n.Lang, d workflow.MeetingDetail, it workflow.AgendaItem) string {
	label := view.Clip(itemLabel(lang, it, false), 200)
	if it.WishID != 0 {
		if w, ok := d.Wishes[it.WishID]; ok {
			it.Text = w.Title
			label = view.Clip(itemLabel(lang, it, false), 200)
		}
		return b.refLink(ctx, label, workflow.WishRef(it.WishID, "group/"+d.Group.Key), workflow.WishRef(it.WishID, "secretariat"))
	}
	if it.PollID != 0 {
		return b.refLink(ctx, label, workflow.PollRef(it.PollID))
	}
	return label
}

// candidateBlocks are the candidate times with their answers and Pick this time.
func (b *Bot) candidateBlocks(lang i18n.Lang, d workflow.MeetingDetail) []slack.Block {
	counts, missing := workflow.CountCandidates(d.Meeting, d.Group.Members, d.Answers)
	var blocks []slack.Block
	for i, c := range d.Meeting.Candidates {
		cc := counts[i]
		s := view.Section(i18n.T(lang, "meeting.candidate_line", i+1, b.slackDate(c), len(cc.Yes), len(cc.Maybe), len(cc.No),
			people(lang, cc.Yes), people(lang, cc.Maybe)))
		s.Accessory = slack.NewAccessory(view.Button(actPickTime, i18n.T(lang, "meeting.pick", i+1), fmt.Sprintf("%d:%d", d.Meeting.ID, i+1), ""))
		blocks = append(blocks, s)
	}
	return append(blocks, view.Context(i18n.T(lang, "meeting.not_answered", people(lang, missing))))
}

// renderMeetingChanged tells someone who answered that the time was picked, the
// meeting moved or cancelled.
func renderMeetingChanged(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := workflow.ReadNoticeData(n.Payload)
	if err != nil {
		return view.Message{}, &workflow.Error{Kind: workflow.NotFound, Msg: "meeting notice payload", Err: err}
	}
	d, err := b.svc.Meeting(ctx, nd.Meeting)
	if err != nil {
		return view.Message{}, err
	}
	m := d.Meeting
	var text string
	switch nd.What {
	case "cancelled":
		text = i18n.T(lang, "meeting.changed.cancelled", view.Esc(d.Group.Name), b.date(m.Start), view.Quote(m.CancelReason, 1000))
	case "moved":
		text = i18n.T(lang, "meeting.changed.moved", view.Esc(d.Group.Name), b.timeRange(m), view.Esc(m.Place))
	default:
		text = i18n.T(lang, "meeting.changed.picked", view.Esc(d.Group.Name), b.timeRange(m), view.Esc(m.Place))
	}
	blocks := []slack.Block{view.Section(view.Truncate(text, 3000))}
	if m.State == workflow.MeetingScheduled {
		blocks = append(blocks, rsvpButtons(lang, m.ID))
	}
	blocks = append(blocks, view.Context(b.refLink(ctx, i18n.T(lang, "meeting.link"), workflow.MeetingRef(m.ID))))
	return view.Message{Text: view.Truncate(text, 3000), Blocks: blocks}, nil
}

func rsvpButtons(lang i18n.Lang, id int64) *slack.ActionBlock {
	v := strconv.FormatInt(id, 10)
	return view.Buttons("meeting_rsvp", view.Button(actAttend, i18n.T(lang, "meeting.attend"), v, slack.StylePrimary),
		view.Button(actCantAttend, i18n.T(lang, "meeting.cant_attend"), v, ""))
}

// renderMeetingReminder is the day-before reminder: time, place, agenda and the RSVP
// buttons; if the meeting changed since, it says what holds now.
func renderMeetingReminder(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.noticeMeeting(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	m := d.Meeting
	text := i18n.T(lang, "meeting.reminder.text", view.Esc(d.Group.Name), b.date(m.Start))
	blocks := []slack.Block{view.Header(i18n.T(lang, "meeting.reminder.header", view.Clip(d.Group.Name, 100)))}
	if m.State != workflow.MeetingScheduled {
		blocks = append(blocks, view.Section(i18n.T(lang, "meeting.reminder.off")))
		return view.Message{Text: text, Blocks: blocks}, nil
	}
	blocks = append(blocks, b.meetingFacts(lang, d)...)
	blocks = append(blocks, b.agendaBlocks(ctx, lang, d)...)
	blocks = append(blocks, rsvpButtons(lang, m.ID), view.Context(b.refLink(ctx, i18n.T(lang, "meeting.link"), workflow.MeetingRef(m.ID))))
	return view.Message{Text: text, Blocks: blocks}, nil
}

// renderMinutes is the minutes in the meeting message's thread: a note per item, the
// decisions, the tasks, and Start consensus poll for each wish that may have one.
func renderMinutes(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.noticeMeeting(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	m := d.Meeting
	lines := []string{"*" + i18n.T(lang, "minutes.header", view.Esc(d.Group.Name), b.meetingDay(m)) + "*"}
	for i, it := range m.Agenda {
		line := fmt.Sprintf("*%d. %s*", i+1, view.Clip(itemLabel(lang, it, false), 200))
		if it.Note != "" {
			line += "\n" + view.Quote(it.Note, workflow.MaxMinutesNote)
		}
		lines = append(lines, line)
	}
	if m.Decisions != "" {
		lines = append(lines, "*"+i18n.T(lang, "minutes.decisions")+"*\n"+view.Quote(m.Decisions, workflow.MaxMinutesNote))
	}
	if len(d.Tasks) > 0 {
		tl := []string{"*" + i18n.T(lang, "minutes.tasks") + "*"}
		for _, t := range d.Tasks {
			tl = append(tl, "• "+b.taskLine(ctx, lang, t, false))
		}
		lines = append(lines, strings.Join(tl, "\n"))
	}
	blocks := view.PackLines(lines, 30, view.MoreText(lang, "poll.more_lines"))
	for _, it := range m.Agenda {
		w, ok := d.Wishes[it.WishID]
		if it.WishID == 0 || !ok || w.State != workflow.StateInAssessment {
			continue
		}
		if _, polled := d.OpenPollOn(w.ID); polled {
			continue
		}
		blocks = append(blocks, view.Buttons("minutes_poll_"+strconv.FormatInt(w.ID, 10),
			view.Button(view.ActStartPoll, i18n.T(lang, "minutes.start_poll", w.ID), strconv.FormatInt(w.ID, 10), slack.StylePrimary)))
	}
	return view.Message{Text: i18n.T(lang, "minutes.text", view.Esc(d.Group.Name), b.meetingDay(m)), Blocks: blocks}, nil
}

// renderMeetingSummary is the short post in the user club: which group met when and
// which wishes it discussed, with a link to the minutes.
func renderMeetingSummary(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	d, err := b.noticeMeeting(ctx, n)
	if err != nil {
		return view.Message{}, err
	}
	var wishes []string
	seen := map[int64]bool{}
	for _, it := range d.Meeting.Agenda {
		if it.WishID != 0 && !seen[it.WishID] {
			seen[it.WishID] = true
			wishes = append(wishes, fmt.Sprintf("#%d", it.WishID))
		}
	}
	discussed := strings.Join(wishes, ", ")
	if discussed == "" {
		discussed = i18n.T(lang, "summary.no_wishes")
	}
	text := i18n.T(lang, "summary.text", view.Esc(d.Group.Name), b.meetingDay(d.Meeting), discussed)
	link := b.refLink(ctx, i18n.T(lang, "summary.minutes"), workflow.MeetingRef(d.Meeting.ID))
	return view.Message{Text: text, Blocks: []slack.Block{view.Section(text), view.Context(link, i18n.T(lang, "summary.by", view.User(d.Meeting.MinutesBy)))}}, nil
}

// renderTaskAssigned tells a task's owner, with Done.
func renderTaskAssigned(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := workflow.ReadNoticeData(n.Payload)
	if err != nil {
		return view.Message{}, &workflow.Error{Kind: workflow.NotFound, Msg: "task notice payload", Err: err}
	}
	t, err := b.svc.Task(ctx, nd.Task)
	if err != nil {
		return view.Message{}, err
	}
	text := i18n.T(lang, "task.assigned", view.Esc(b.groupName(ctx, t.GroupKey)), b.taskLine(ctx, lang, t, false))
	blocks := []slack.Block{view.Section(view.Truncate(text, 3000))}
	if t.Open() {
		blocks = append(blocks, view.Buttons("task_done", view.Button(actTaskDone, i18n.T(lang, "task.done_button"), strconv.FormatInt(t.ID, 10), slack.StylePrimary)))
	} else {
		blocks = append(blocks, view.Context(i18n.T(lang, "task.was_done", view.User(t.DoneBy), b.date(t.DoneAt))))
	}
	return view.Message{Text: view.Truncate(text, 3000), Blocks: blocks}, nil
}

// volunteerOf reads the group and the user of a coordinator notice: from its payload,
// or from its message key when a remembered message is refreshed.
func volunteerOf(n workflow.Notice) (workflow.NoticeData, error) {
	if rest, ok := strings.CutPrefix(n.Ref, "volunteer/"); ok {
		key, who, _ := strings.Cut(rest, "/")
		return workflow.NoticeData{Group: key, User: who}, nil
	}
	nd, err := workflow.ReadNoticeData(n.Payload)
	if err != nil {
		return nd, &workflow.Error{Kind: workflow.NotFound, Msg: "coordinator notice payload", Err: err}
	}
	return nd, nil
}

// renderVolunteer is the secretariat's message about a volunteer: Confirm and Decline
// while pending, and what came of it once decided.
func renderVolunteer(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := volunteerOf(n)
	if err != nil {
		return view.Message{}, err
	}
	g, err := b.svc.Group(ctx, nd.Group)
	if err != nil {
		return view.Message{}, err
	}
	pending, err := b.svc.Volunteers(ctx, nd.Group)
	if err != nil {
		return view.Message{}, err
	}
	text := i18n.T(lang, "coordinator.volunteer", view.User(nd.User), view.Esc(g.Name))
	blocks := []slack.Block{view.Section(text)}
	switch {
	case g.CoordinatorID == nd.User:
		blocks = append(blocks, view.Context(i18n.T(lang, "coordinator.volunteer_confirmed")))
	case containsUser(pending, nd.User) && g.CoordinatorID == "":
		v := nd.Group + ":" + nd.User
		blocks = append(blocks, view.Buttons("volunteer", view.Button(actConfirmVol, i18n.T(lang, "coordinator.confirm"), v, slack.StylePrimary),
			view.Button(actDeclineVol, i18n.T(lang, "coordinator.decline"), v, "")))
	default:
		blocks = append(blocks, view.Context(i18n.T(lang, "coordinator.volunteer_closed")))
	}
	return view.Message{Text: text, Blocks: blocks}, nil
}

func containsUser(us []string, u string) bool {
	for _, x := range us {
		if x == u {
			return true
		}
	}
	return false
}

// renderCoordinator tells a channel that a group has a new coordinator or none.
func renderCoordinator(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := volunteerOf(n)
	if err != nil {
		return view.Message{}, err
	}
	g, err := b.svc.Group(ctx, nd.Group)
	if err != nil {
		return view.Message{}, err
	}
	switch nd.What {
	case "confirmed":
		text := i18n.T(lang, "coordinator.confirmed", view.User(nd.User), view.Esc(g.Name))
		return view.Message{Text: text, Blocks: []slack.Block{view.Section(text)}}, nil
	case "stepped_down":
		text := i18n.T(lang, "coordinator.stepped_down", view.User(nd.User), view.Esc(g.Name))
		return view.Message{Text: text, Blocks: []slack.Block{view.Section(text)}}, nil
	}
	text := i18n.T(lang, "coordinator.vacant", view.Esc(g.Name), g.Key)
	blocks := []slack.Block{view.Section(text)}
	if g.CoordinatorID == "" {
		blocks = append(blocks, view.Buttons("volunteer", view.Button(actVolunteer, i18n.T(lang, "coordinator.volunteer_button"), g.Key, slack.StylePrimary)))
	}
	return view.Message{Text: text, Blocks: blocks}, nil
}

// renderVolunteerAnswer tells the volunteer what the secretariat answered.
func renderVolunteerAnswer(ctx context.Context, b *Bot, lang i18n.Lang, n workflow.Notice) (view.Message, error) {
	nd, err := volunteerOf(n)
	if err != nil {
		return view.Message{}, err
	}
	text := i18n.T(lang, "coordinator.answer."+nd.What, view.Esc(b.groupName(ctx, nd.Group)))
	return view.Message{Text: text, Blocks: []slack.Block{view.Section(text)}}, nil
}
