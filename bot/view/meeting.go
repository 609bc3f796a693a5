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

// Action ids of meetings: the Convene button (value: group key), the meeting
// message's buttons (value: meeting id; Pick this time "id:slot"), Done on a task
// (value: task id), and a coordinator's volunteering (value: group key, or
// "key:user" for the secretariat's answer).
const (
	ActConvene       = "meeting.convene"
	ActFindDate      = "meeting.find_date" // in the Convene modal: switch to candidate times
	ActAttend        = "meeting.attend"
	ActCantAttend    = "meeting.cant_attend"
	ActAnswerTimes   = "meeting.answer_times"
	ActPickTime      = "meeting.pick"
	ActMinutes       = "meeting.minutes"
	ActMove          = "meeting.move"
	ActCancel        = "meeting.cancel"
	ActTaskDone      = "task.done"
	ActVolunteer     = "coordinator.volunteer"
	ActConfirmVol    = "coordinator.confirm"
	ActDeclineVol    = "coordinator.decline"
	dayFormat        = "2006-01-02"
	maxShownPeople   = 40 // how many people one line of answers names; the rest are counted
	maxMinutesBlocks = 30
)

// MeetingView is what the views of a meeting show: the meeting with its group,
// answers, wishes and tasks; the permalinks of its agenda's items (by index, "" for
// none) and of its own message; the time tasks are overdue against; the time zone.
type MeetingView struct {
	workflow.MeetingDetail
	AgendaLinks []string
	MeetingLink string
	Now         time.Time
	Loc         *time.Location
}

// TaskView is a task with its group's name, the time it is overdue against and the
// time zone of its dates.
type TaskView struct {
	workflow.Task
	GroupName string
	Now       time.Time
	Loc       *time.Location
}

// VolunteerView is a member who volunteered as a group's coordinator: the group as it
// is now, and whether the offer still awaits the secretariat's answer.
type VolunteerView struct {
	Group   workflow.Group
	User    string
	Pending bool
}

// ItemLabel names an agenda item; marked escapes it for mrkdwn.
func ItemLabel(lang i18n.Lang, it workflow.AgendaItem, marked bool) string {
	text := it.Text
	if marked {
		text = Esc(text)
	}
	switch it.Kind {
	case workflow.ItemOther:
		return text
	case workflow.ItemTask:
		return i18n.T(lang, "meeting.item.task", text)
	case workflow.ItemPoll:
		if it.WishID == 0 {
			return i18n.T(lang, "meeting.item.poll_free", text)
		}
		return i18n.T(lang, "meeting.item.poll", it.WishID, text)
	}
	return i18n.T(lang, "meeting.item."+string(it.Kind), it.WishID, text)
}

// people mentions users, at most maxShownPeople, or says none.
func people(lang i18n.Lang, users []string) string {
	if len(users) == 0 {
		return "–"
	}
	s := Mentions(users[:min(len(users), maxShownPeople)])
	if len(users) > maxShownPeople {
		s += " " + i18n.T(lang, "digest.more", len(users)-maxShownPeople)
	}
	return s
}

// MeetingDay is a meeting's day in loc, "" while its time is being found.
func MeetingDay(m workflow.Meeting, loc *time.Location) string {
	if m.Start.IsZero() {
		return ""
	}
	return m.Start.In(loc).Format(dayFormat)
}

// TimeRange is a meeting's time in each reader's time zone, with its end time.
func TimeRange(m workflow.Meeting, loc *time.Location) string {
	if m.Start.IsZero() {
		return ""
	}
	end := m.End()
	return SlackDate(m.Start, loc) + "–" + "<!date^" + strconv.FormatInt(end.Unix(), 10) + "^{time}|" + end.In(loc).Format("15:04") + ">"
}

// TaskLine is one task: its owner, what, and its due day (overdue at now); with
// group, the group's name too.
func TaskLine(lang i18n.Lang, t TaskView, group bool) string {
	s := User(t.Owner) + ": " + Clip(OneLine(t.Text), 200)
	if !t.Due.IsZero() {
		key := "task.due"
		if t.Overdue(t.Now) {
			key = "task.overdue"
		}
		s += " " + i18n.T(lang, key, t.Due.In(t.Loc).Format(dayFormat))
	}
	if group {
		s += " (" + Esc(t.GroupName) + ")"
	}
	return s
}

// MeetingMessage is the meeting's message in the group's channel: when and where, the
// agenda, who answered what, and the buttons of its state.
func MeetingMessage(lang i18n.Lang, v MeetingView) Message {
	m := v.Meeting
	id := strconv.FormatInt(m.ID, 10)
	blocks := []slack.Block{Header(i18n.T(lang, "meeting.header", Clip(v.Group.Name, 100)))}
	blocks = append(blocks, meetingFacts(lang, v)...)
	blocks = append(blocks, agendaBlocks(lang, v)...)
	switch m.State {
	case workflow.MeetingFinding:
		blocks = append(blocks, candidateBlocks(lang, v)...)
		blocks = append(blocks, Buttons("meeting_answer", Button(ActAnswerTimes, i18n.T(lang, "meeting.answer_times"), id, slack.StylePrimary),
			Button(ActCancel, i18n.T(lang, "meeting.cancel"), id, slack.StyleDanger)))
	case workflow.MeetingScheduled:
		rs := workflow.CountRSVPs(v.Group.Members, v.Answers)
		blocks = append(blocks, Section(i18n.T(lang, "meeting.rsvps", len(rs.Yes), people(lang, rs.Yes), len(rs.No), people(lang, rs.No), people(lang, rs.Missing))),
			rsvpButtons(lang, m.ID),
			Buttons("meeting_lead", Button(ActMinutes, i18n.T(lang, "meeting.write_minutes"), id, ""),
				Button(ActMove, i18n.T(lang, "meeting.move"), id, ""),
				Button(ActCancel, i18n.T(lang, "meeting.cancel"), id, slack.StyleDanger)),
			Context(i18n.T(lang, "meeting.lead_note", Esc(v.Group.Name))))
	case workflow.MeetingCancelled:
		blocks = append(blocks, Section(i18n.T(lang, "meeting.cancelled", Quote(m.CancelReason, 1000))))
	case workflow.MeetingHeld:
		blocks = append(blocks, Section(i18n.T(lang, "meeting.held", User(m.MinutesBy))))
	}
	text := i18n.T(lang, "meeting.text", Esc(v.Group.Name), Date(m.Start, v.Loc))
	if m.Start.IsZero() {
		text = i18n.T(lang, "meeting.text_finding", Esc(v.Group.Name))
	}
	return Message{Text: text, Blocks: blocks}
}

// meetingFacts is when, where and who convened.
func meetingFacts(lang i18n.Lang, v MeetingView) []slack.Block {
	m := v.Meeting
	when := TimeRange(m, v.Loc)
	if m.Start.IsZero() {
		when = i18n.T(lang, "meeting.finding")
	}
	place := Esc(m.Place)
	if place == "" {
		place = i18n.T(lang, "meeting.no_place")
	}
	return []slack.Block{Fields(i18n.T(lang, "meeting.field.when"), when, i18n.T(lang, "meeting.field.place"), Truncate(place, 1000),
		i18n.T(lang, "meeting.field.convened_by"), User(m.Lead), i18n.T(lang, "meeting.field.duration"), workflow.FormatDuration(m.Duration))}
}

// agendaBlocks is the agenda, numbered, each wish and poll linked to its message.
func agendaBlocks(lang i18n.Lang, v MeetingView) []slack.Block {
	lines := []string{"*" + i18n.T(lang, "meeting.agenda") + "*"}
	for i, it := range v.Meeting.Agenda {
		label := Clip(ItemLabel(lang, v.current(it), false), 200)
		if i < len(v.AgendaLinks) {
			label = linkOr(v.AgendaLinks[i], label)
		}
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, label))
	}
	return PackLines(lines, 4, MoreText(lang, "poll.more_lines"))
}

// current is agenda item it with the title its wish has now.
func (v MeetingView) current(it workflow.AgendaItem) workflow.AgendaItem {
	if w, ok := v.Wishes[it.WishID]; ok && it.WishID != 0 {
		it.Text = w.Title
	}
	return it
}

// candidateBlocks are the candidate times with their answers and Pick this time.
func candidateBlocks(lang i18n.Lang, v MeetingView) []slack.Block {
	counts, missing := workflow.CountCandidates(v.Meeting, v.Group.Members, v.Answers)
	var blocks []slack.Block
	for i, c := range v.Meeting.Candidates {
		cc := counts[i]
		s := Section(i18n.T(lang, "meeting.candidate_line", i+1, SlackDate(c, v.Loc), len(cc.Yes), len(cc.Maybe), len(cc.No),
			people(lang, cc.Yes), people(lang, cc.Maybe)))
		s.Accessory = slack.NewAccessory(Button(ActPickTime, i18n.T(lang, "meeting.pick", i+1), fmt.Sprintf("%d:%d", v.Meeting.ID, i+1), ""))
		blocks = append(blocks, s)
	}
	return append(blocks, Context(i18n.T(lang, "meeting.not_answered", people(lang, missing))))
}

func rsvpButtons(lang i18n.Lang, id int64) *slack.ActionBlock {
	v := strconv.FormatInt(id, 10)
	return Buttons("meeting_rsvp", Button(ActAttend, i18n.T(lang, "meeting.attend"), v, slack.StylePrimary),
		Button(ActCantAttend, i18n.T(lang, "meeting.cant_attend"), v, ""))
}

// MeetingChangedMessage tells someone who answered that the time was picked
// (what "picked"), or that the meeting moved ("moved") or was cancelled ("cancelled").
func MeetingChangedMessage(lang i18n.Lang, v MeetingView, what string) Message {
	m := v.Meeting
	var text string
	switch what {
	case "cancelled":
		text = i18n.T(lang, "meeting.changed.cancelled", Esc(v.Group.Name), Date(m.Start, v.Loc), Quote(m.CancelReason, 1000))
	case "moved":
		text = i18n.T(lang, "meeting.changed.moved", Esc(v.Group.Name), TimeRange(m, v.Loc), Esc(m.Place))
	default:
		text = i18n.T(lang, "meeting.changed.picked", Esc(v.Group.Name), TimeRange(m, v.Loc), Esc(m.Place))
	}
	blocks := []slack.Block{Section(Truncate(text, 3000))}
	if m.State == workflow.MeetingScheduled {
		blocks = append(blocks, rsvpButtons(lang, m.ID))
	}
	blocks = append(blocks, Context(linkOr(v.MeetingLink, i18n.T(lang, "meeting.link"))))
	return Message{Text: Truncate(text, 3000), Blocks: blocks}
}

// MeetingReminderMessage is the day-before reminder: time, place, agenda and the RSVP
// buttons; if the meeting is no longer scheduled, it says so.
func MeetingReminderMessage(lang i18n.Lang, v MeetingView) Message {
	m := v.Meeting
	text := i18n.T(lang, "meeting.reminder.text", Esc(v.Group.Name), Date(m.Start, v.Loc))
	blocks := []slack.Block{Header(i18n.T(lang, "meeting.reminder.header", Clip(v.Group.Name, 100)))}
	if m.State != workflow.MeetingScheduled {
		blocks = append(blocks, Section(i18n.T(lang, "meeting.reminder.off")))
		return Message{Text: text, Blocks: blocks}
	}
	blocks = append(blocks, meetingFacts(lang, v)...)
	blocks = append(blocks, agendaBlocks(lang, v)...)
	blocks = append(blocks, rsvpButtons(lang, m.ID), Context(linkOr(v.MeetingLink, i18n.T(lang, "meeting.link"))))
	return Message{Text: text, Blocks: blocks}
}

// MinutesMessage is the minutes in the meeting message's thread: a note per item, the
// decisions, the tasks, and Start consensus poll for each wish in assessment on the
// agenda without an open poll.
func MinutesMessage(lang i18n.Lang, v MeetingView) Message {
	m := v.Meeting
	day := MeetingDay(m, v.Loc)
	lines := []string{"*" + i18n.T(lang, "minutes.header", Esc(v.Group.Name), day) + "*"}
	for i, it := range m.Agenda {
		line := fmt.Sprintf("*%d. %s*", i+1, Clip(ItemLabel(lang, v.current(it), false), 200))
		if it.Note != "" {
			line += "\n" + Quote(it.Note, workflow.MaxMinutesNote)
		}
		lines = append(lines, line)
	}
	if m.Decisions != "" {
		lines = append(lines, "*"+i18n.T(lang, "minutes.decisions")+"*\n"+Quote(m.Decisions, workflow.MaxMinutesNote))
	}
	if len(v.Tasks) > 0 {
		tl := []string{"*" + i18n.T(lang, "minutes.tasks") + "*"}
		for _, t := range v.Tasks {
			tl = append(tl, "• "+TaskLine(lang, TaskView{Task: t, Now: v.Now, Loc: v.Loc}, false))
		}
		lines = append(lines, strings.Join(tl, "\n"))
	}
	blocks := PackLines(lines, maxMinutesBlocks, MoreText(lang, "poll.more_lines"))
	for _, it := range m.Agenda {
		w, ok := v.Wishes[it.WishID]
		if it.WishID == 0 || !ok || w.State != workflow.StateInAssessment {
			continue
		}
		if _, polled := v.OpenPollOn(w.ID); polled {
			continue
		}
		blocks = append(blocks, Buttons("minutes_poll_"+strconv.FormatInt(w.ID, 10),
			Button(ActStartPoll, i18n.T(lang, "minutes.start_poll", w.ID), strconv.FormatInt(w.ID, 10), slack.StylePrimary)))
	}
	return Message{Text: i18n.T(lang, "minutes.text", Esc(v.Group.Name), day), Blocks: blocks}
}

// MeetingSummaryMessage is the short post in the user club: which group met when and
// which wishes it discussed, with a link to the minutes.
func MeetingSummaryMessage(lang i18n.Lang, v MeetingView) Message {
	var wishes []string
	seen := map[int64]bool{}
	for _, it := range v.Meeting.Agenda {
		if it.WishID != 0 && !seen[it.WishID] {
			seen[it.WishID] = true
			wishes = append(wishes, fmt.Sprintf("#%d", it.WishID))
		}
	}
	discussed := strings.Join(wishes, ", ")
	if discussed == "" {
		discussed = i18n.T(lang, "summary.no_wishes")
	}
	text := i18n.T(lang, "summary.text", Esc(v.Group.Name), MeetingDay(v.Meeting, v.Loc), discussed)
	link := linkOr(v.MeetingLink, i18n.T(lang, "summary.minutes"))
	return Message{Text: text, Blocks: []slack.Block{Section(text), Context(link, i18n.T(lang, "summary.by", User(v.Meeting.MinutesBy)))}}
}

// TaskAssignedMessage tells a task's owner, with Done while it is open.
func TaskAssignedMessage(lang i18n.Lang, t TaskView) Message {
	text := i18n.T(lang, "task.assigned", Esc(t.GroupName), TaskLine(lang, t, false))
	blocks := []slack.Block{Section(Truncate(text, 3000))}
	if t.Open() {
		blocks = append(blocks, Buttons("task_done", Button(ActTaskDone, i18n.T(lang, "task.done_button"), strconv.FormatInt(t.ID, 10), slack.StylePrimary)))
	} else {
		blocks = append(blocks, Context(i18n.T(lang, "task.was_done", User(t.DoneBy), Date(t.DoneAt, t.Loc))))
	}
	return Message{Text: Truncate(text, 3000), Blocks: blocks}
}

// VolunteerMessage is the secretariat's message about a volunteer: Confirm and
// Decline while pending, and what came of it once decided.
func VolunteerMessage(lang i18n.Lang, v VolunteerView) Message {
	text := i18n.T(lang, "coordinator.volunteer", User(v.User), Esc(v.Group.Name))
	blocks := []slack.Block{Section(text)}
	switch {
	case v.Group.CoordinatorID == v.User:
		blocks = append(blocks, Context(i18n.T(lang, "coordinator.volunteer_confirmed")))
	case v.Pending && v.Group.CoordinatorID == "":
		val := v.Group.Key + ":" + v.User
		blocks = append(blocks, Buttons("volunteer", Button(ActConfirmVol, i18n.T(lang, "coordinator.confirm"), val, slack.StylePrimary),
			Button(ActDeclineVol, i18n.T(lang, "coordinator.decline"), val, "")))
	default:
		blocks = append(blocks, Context(i18n.T(lang, "coordinator.volunteer_closed")))
	}
	return Message{Text: text, Blocks: blocks}
}

// CoordinatorMessage tells a group's channel that user was confirmed as its
// coordinator (what "confirmed"), stepped down ("stepped_down"), or that the group has
// none, with Volunteer as coordinator while that holds.
func CoordinatorMessage(lang i18n.Lang, g workflow.Group, user, what string) Message {
	switch what {
	case "confirmed", "stepped_down":
		text := i18n.T(lang, "coordinator."+what, User(user), Esc(g.Name))
		return Message{Text: text, Blocks: []slack.Block{Section(text)}}
	}
	text := i18n.T(lang, "coordinator.vacant", Esc(g.Name), g.Key)
	blocks := []slack.Block{Section(text)}
	if g.CoordinatorID == "" {
		blocks = append(blocks, Buttons("volunteer", Button(ActVolunteer, i18n.T(lang, "coordinator.volunteer_button"), g.Key, slack.StylePrimary)))
	}
	return Message{Text: text, Blocks: blocks}
}

// VolunteerAnswerMessage tells a volunteer what the secretariat answered (what
// "confirmed" or "declined").
func VolunteerAnswerMessage(lang i18n.Lang, groupName, what string) Message {
	text := i18n.T(lang, "coordinator.answer."+what, Esc(groupName))
	return Message{Text: text, Blocks: []slack.Block{Section(text)}}
}
