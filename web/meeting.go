package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// maxMinutes is how many meetings' minutes a group's page shows; older ones are counted.
const maxMinutes = 10

// meetingPart is a group page's meetings: the next one and the published minutes.
type meetingPart struct {
	Next         *nextMeeting
	Finding      bool // a date is being found for a meeting
	Minutes      []minutesItem
	OlderMinutes int
}

// nextMeeting is the group's next convened meeting. Its place (a room or a link) is
// public: it is posted in the group's channel, which the user club can read.
type nextMeeting struct {
	When, ISO string
	Duration  string
	Place     string
	PlaceLink bool // the place is a web address, shown as a link
	Agenda    []agendaRow
}

// agendaRow is one item of an agenda, with its note once the minutes are written.
type agendaRow struct {
	WishID int64 // 0 when the item is not about a wish
	Text   string
	Note   string
}

// minutesItem is the published minutes of one meeting.
type minutesItem struct {
	When, ISO string
	Items     []agendaRow
	Decisions string
	Tasks     []taskRow
}

// taskRow is a task the minutes gave, its owner said by role or name.
type taskRow struct {
	Text, Owner, Due string
	Done             bool
}

// meetings loads the next meeting and the newest minutes of group key.
func (s *Server) meetings(l Lang, tx workflow.Tx, key, groupName string) (meetingPart, error) {
	var part meetingPart
	active, err := tx.ActiveMeetings(key)
	if err != nil {
		return part, err
	}
	now := s.cfg.Now()
	for _, m := range active {
		switch {
		case m.State == workflow.MeetingFinding:
			part.Finding = true
		case part.Next == nil && m.State == workflow.MeetingScheduled && m.End().After(now):
			part.Next = &nextMeeting{When: s.dateTime(l, m.Start), ISO: iso(m.Start), Duration: duration(l, m.Duration),
				Place: m.Place, PlaceLink: isWebAddress(m.Place), Agenda: agendaRows(m.Agenda)}
		}
	}
	held, n, err := tx.HeldMeetings(key, maxMinutes)
	if err != nil {
		return part, err
	}
	part.OlderMinutes = n - len(held)
	var owners []string
	tasks := make([][]workflow.Task, len(held))
	for i, m := range held {
		if tasks[i], err = tx.TasksOfMeeting(m.ID); err != nil {
			return part, err
		}
		for _, k := range tasks[i] {
			owners = append(owners, k.Owner)
		}
	}
	p, err := s.peopleOf(tx, owners)
	if err != nil {
		return part, err
	}
	member := T(l, "web.who.group_none")
	if groupName != "" {
		member = T(l, "web.who.group", groupName)
	}
	for i, m := range held {
		it := minutesItem{When: s.dateTime(l, m.Start), ISO: iso(m.Start), Items: agendaRows(m.Agenda), Decisions: m.Decisions}
		for _, k := range tasks[i] {
			it.Tasks = append(it.Tasks, taskRow{Text: k.Text, Owner: p.name(k.Owner, member), Due: s.date(l, k.Due), Done: !k.Open()})
		}
		part.Minutes = append(part.Minutes, it)
	}
	return part, nil
}

func agendaRows(items []workflow.AgendaItem) []agendaRow {
	out := make([]agendaRow, 0, len(items))
	for _, it := range items {
		out = append(out, agendaRow{WishID: it.WishID, Text: it.Text, Note: it.Note})
	}
	return out
}

// duration is a meeting's length the reader's way: "1 h 30 min" or "1 t. 30 min.".
func duration(l Lang, d time.Duration) string {
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case h == 0:
		return T(l, "web.meeting.minutes", m)
	case m == 0:
		return T(l, "web.meeting.hours", h)
	}
	return fmt.Sprintf("%s %s", T(l, "web.meeting.hours", h), T(l, "web.meeting.minutes", m))
}

// isWebAddress reports whether a meeting's place is a link to follow; anything else
// is shown as text, and html/template keeps a link from running script.
func isWebAddress(place string) bool {
	return !strings.ContainsAny(place, " \t\n") &&
		(strings.HasPrefix(place, "https://") || strings.HasPrefix(place, "http://"))
}
