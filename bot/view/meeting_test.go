package view

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

// meetingFixture is a scheduled meeting of a group with hostile text in every field a
// person typed, two wishes on its agenda (one in assessment without a poll), answers
// and a task from its minutes.
func meetingFixture() MeetingView {
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	t0 := time.Date(2027, 3, 22, 9, 0, 0, 0, time.UTC)
	hostile := "<!channel> *bold* <https://evil.example|click> & more"
	g := workflow.Group{Key: "systemer", Name: "IT-systemer " + hostile, Members: []string{"U0KIRST01", "U0ANNA001", "U0LARS001"}}
	m := workflow.Meeting{ID: 7, GroupKey: g.Key, Lead: "U0METTE01", State: workflow.MeetingScheduled, Start: t0,
		Duration: 90 * time.Minute, Place: "Room 2 " + hostile,
		Agenda: []workflow.AgendaItem{{Kind: workflow.ItemAssess, WishID: 2, Note: "Useful for audits. " + hostile},
			{Kind: workflow.ItemEstimate, WishID: 5}, {Kind: workflow.ItemOther, Text: "Budget 2028 " + hostile}},
		Decisions: "Start a poll on #2. " + hostile, MinutesBy: "U0METTE01", MinutesAt: t0.Add(2 * time.Hour)}
	return MeetingView{
		MeetingDetail: workflow.MeetingDetail{Meeting: m, Group: g,
			Answers: []workflow.MeetingAnswer{{MeetingID: 7, User: "U0KIRST01", Answer: workflow.ReplyYes}, {MeetingID: 7, User: "U0ANNA001", Answer: workflow.ReplyNo}},
			Wishes: map[int64]workflow.Wish{2: {ID: 2, Title: "Data processors " + hostile, State: workflow.StateInAssessment},
				5: {ID: 5, Title: "Estimated wish", State: workflow.StatePrioritised}},
			Tasks: []workflow.Task{{ID: 3, GroupKey: g.Key, MeetingID: 7, Owner: "U0KIRST01", Text: "Ask two municipalities " + hostile,
				Due: time.Date(2027, 4, 5, 21, 59, 59, 0, time.UTC)}}},
		AgendaLinks: []string{"https://kitos.slack.com/archives/C0SYST001/p2", "", ""},
		MeetingLink: "https://kitos.slack.com/archives/C0SYST001/p7",
		Now:         t0.Add(3 * time.Hour),
		Loc:         loc,
	}
}

// TestMeetingViews renders every message of meetings, tasks and coordinators in both
// languages, with hostile text, against golden files.
func TestMeetingViews(t *testing.T) {
	v := meetingFixture()
	finding := v
	finding.Meeting.State, finding.Meeting.Start = workflow.MeetingFinding, time.Time{}
	finding.Meeting.Candidates = []time.Time{v.Meeting.Start, v.Meeting.Start.AddDate(0, 0, 1)}
	finding.Answers = []workflow.MeetingAnswer{{MeetingID: 7, User: "U0KIRST01", Slot: 1, Answer: workflow.ReplyYes},
		{MeetingID: 7, User: "U0ANNA001", Slot: 2, Answer: workflow.ReplyMaybe}}
	cancelled := v
	cancelled.Meeting.State, cancelled.Meeting.CancelReason = workflow.MeetingCancelled, "Too few can come. "+v.Meeting.Place
	held := v
	held.Meeting.State = workflow.MeetingHeld
	task := TaskView{Task: v.Tasks[0], GroupName: v.Group.Name, Now: v.Now, Loc: v.Loc}
	overdue := task
	overdue.Now = task.Due.AddDate(0, 0, 1)
	done := task
	done.DoneAt, done.DoneBy = v.Now, "U0KIRST01"
	noCoordinator := v.Group
	confirmed := v.Group
	confirmed.CoordinatorID = "U0KIRST01"
	for _, lang := range langs {
		for name, m := range map[string]Message{
			"meeting.scheduled":         MeetingMessage(lang, v),
			"meeting.finding":           MeetingMessage(lang, finding),
			"meeting.cancelled":         MeetingMessage(lang, cancelled),
			"meeting.held":              MeetingMessage(lang, held),
			"meeting.picked":            MeetingChangedMessage(lang, v, "picked"),
			"meeting.moved":             MeetingChangedMessage(lang, v, "moved"),
			"meeting.cancelled_dm":      MeetingChangedMessage(lang, cancelled, "cancelled"),
			"meeting.reminder":          MeetingReminderMessage(lang, v),
			"meeting.reminder_off":      MeetingReminderMessage(lang, cancelled),
			"meeting.minutes":           MinutesMessage(lang, held),
			"meeting.summary":           MeetingSummaryMessage(lang, held),
			"task.assigned":             TaskAssignedMessage(lang, task),
			"task.overdue":              TaskAssignedMessage(lang, overdue),
			"task.done":                 TaskAssignedMessage(lang, done),
			"coordinator.volunteer":     VolunteerMessage(lang, VolunteerView{Group: noCoordinator, User: "U0KIRST01", Pending: true}),
			"coordinator.volunteer_yes": VolunteerMessage(lang, VolunteerView{Group: confirmed, User: "U0KIRST01"}),
			"coordinator.volunteer_no":  VolunteerMessage(lang, VolunteerView{Group: noCoordinator, User: "U0KIRST01"}),
			"coordinator.confirmed":     CoordinatorMessage(lang, confirmed, "U0KIRST01", "confirmed"),
			"coordinator.stepped_down":  CoordinatorMessage(lang, noCoordinator, "U0KIRST01", "stepped_down"),
			"coordinator.vacant":        CoordinatorMessage(lang, noCoordinator, "", "vacant"),
			"coordinator.answer_yes":    VolunteerAnswerMessage(lang, v.Group.Name, "confirmed"),
			"coordinator.answer_no":     VolunteerAnswerMessage(lang, v.Group.Name, "declined"),
		} {
			golden(t, "message."+name, lang, m)
			raw, _ := json.Marshal(m)
			// plain_text shows text as it is; the mrkdwn must be escaped (notPlain).
			s := strings.Join(notPlain(raw), "\n")
			if strings.Contains(s, "<!channel>") || strings.Contains(s, "<https://evil.example|click>") {
				t.Errorf("%s.%s repeats hostile text unescaped", name, lang)
			}
		}
	}
}

// TestMinutesStartPoll: the minutes offer Start consensus poll only for a wish in
// assessment without an open poll.
func TestMinutesStartPoll(t *testing.T) {
	v := meetingFixture()
	count := func(v MeetingView) int {
		raw, _ := json.Marshal(MinutesMessage(i18n.English, v))
		return strings.Count(string(raw), `"action_id":"`+ActStartPoll+`"`)
	}
	if n := count(v); n != 1 {
		t.Errorf("minutes offer %d polls, want 1 (wish 2)", n)
	}
	v.Polls = map[int64]workflow.Poll{9: {ID: 9, WishID: 2}} // open: not closed
	if n := count(v); n != 0 {
		t.Errorf("minutes offer %d polls with one open on wish 2, want 0", n)
	}
}

// TestMeetingModals renders the meeting forms in both languages against golden files:
// Convene with a fixed time and with Find a date, answering the candidate times, Move,
// Cancel and the minutes.
func TestMeetingModals(t *testing.T) {
	v := meetingFixture()
	items := append([]workflow.AgendaItem(nil), v.Meeting.Agenda...)
	for i := 0; len(items) <= workflow.MaxAgendaProposals; i++ {
		items = append(items, workflow.AgendaItem{Kind: workflow.ItemTask, TaskID: int64(i + 1), Text: "Task <b> " + strconv.Itoa(i)})
	}
	finding := v.Meeting
	finding.State, finding.Start = workflow.MeetingFinding, time.Time{}
	finding.Candidates = []time.Time{v.Meeting.Start, v.Meeting.Start.AddDate(0, 0, 1), v.Meeting.Start.AddDate(0, 0, 2)}
	for _, lang := range langs {
		golden(t, "modal.meeting_convene", lang, ConveneModal(lang, ConveneForm{Group: v.Group, Items: items, Now: v.Now, Loc: v.Loc}))
		golden(t, "modal.meeting_convene_empty", lang, ConveneModal(lang, ConveneForm{Group: v.Group, Now: v.Now, Loc: v.Loc}))
		golden(t, "modal.meeting_find_date", lang, ConveneModal(lang, ConveneForm{Group: v.Group, Items: v.Meeting.Agenda, FindDate: true, Now: v.Now, Loc: v.Loc}))
		golden(t, "modal.meeting_answer_times", lang, AnswerTimesModal(lang, finding, map[int]workflow.Reply{1: workflow.ReplyYes, 3: workflow.ReplyNo}, v.Loc))
		golden(t, "modal.meeting_move", lang, MoveModal(lang, v.MeetingDetail, v.Loc))
		golden(t, "modal.meeting_cancel", lang, CancelModal(lang, v.Meeting.ID))
		golden(t, "modal.meeting_minutes", lang, MinutesModal(lang, v.MeetingDetail, v.Loc))
	}
}

// TestMeetingsInDigestAndHome renders a group's digest with its open and overdue
// tasks and its next meeting, and the Home tab's part of meetings, against golden files.
func TestMeetingsInDigestAndHome(t *testing.T) {
	v := meetingFixture()
	task := TaskView{Task: v.Tasks[0], GroupName: v.Group.Name, Now: v.Now, Loc: v.Loc}
	late := task
	late.ID, late.Now = 4, task.Due.AddDate(0, 0, 2)
	dg := workflow.Digest{Rule: workflow.GroupRule(v.Group.Key), Group: v.Group.Key, Fire: v.Now, Sections: []workflow.DigestSection{
		{Key: workflow.SecTasks, IDs: []int64{task.ID, 9}, Total: 2},
		{Key: workflow.SecOverdue, IDs: []int64{late.ID}, Total: 1},
	}}
	items := map[DigestKey]DigestItem{
		{workflow.SecTasks, task.ID}:   {Task: &task},
		{workflow.SecTasks, 9}:         {}, // gone since the digest was queued
		{workflow.SecOverdue, late.ID}: {Task: &late},
	}
	many := make([]TaskView, HomeItems+1)
	for i := range many {
		many[i] = task
		many[i].ID = int64(i + 1)
	}
	finding := v.Meeting
	finding.Start = time.Time{}
	other := workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", CoordinatorID: "U0SOREN01"}
	vacant := workflow.Group{Key: "web", Name: "Web <b>"}
	home := Home{Loc: v.Loc, Tasks: many, Groups: []HomeGroup{
		{Group: v.Group, Next: v.Meeting, HasNext: true, Lead: true},
		{Group: other, Next: finding, HasNext: true},
		{Group: vacant},
	}}
	for _, lang := range langs {
		golden(t, "message.digest_meetings", lang, DigestMessage(lang, Digest{Digest: dg, Group: &v.Group, Coordinator: true, Items: items,
			Loc: v.Loc, Meetings: true, NextMeeting: v.Meeting, HasNext: true}))
		golden(t, "message.digest_no_meeting", lang, DigestMessage(lang, Digest{Digest: dg, Group: &v.Group, Items: items, Loc: v.Loc, Meetings: true}))
		golden(t, "home.meetings", lang, HomeTab(lang, home, []HomeSection{HomeMeetings}))
	}
}
