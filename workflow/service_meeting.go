package workflow

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// The events of meetings and tasks.
const (
	EvMeetingConvened   EventKind = "meeting.convened"
	EvMeetingAnswered   EventKind = "meeting.answered"
	EvMeetingTimePicked EventKind = "meeting.time_picked"
	EvMeetingMoved      EventKind = "meeting.moved"
	EvMeetingCancelled  EventKind = "meeting.cancelled"
	EvMeetingMinutes    EventKind = "meeting.minutes"
	EvWishDiscussed     EventKind = "wish.discussed" // in a wish's history: Note is the minutes' note
	EvTaskCreated       EventKind = "task.created"
	EvTaskDone          EventKind = "task.done"
)

// The notices of meetings and tasks.
const (
	NoticeMeeting         NoticeKind = "meeting"          // the meeting's message in the group's channel
	NoticeMeetingChanged  NoticeKind = "meeting_changed"  // DM: time picked, moved or cancelled
	NoticeMeetingReminder NoticeKind = "meeting_reminder" // DM the day before
	NoticeMinutes         NoticeKind = "minutes"          // in the meeting message's thread
	NoticeMeetingSummary  NoticeKind = "meeting_summary"  // in the user club channel
	NoticeTaskAssigned    NoticeKind = "task_assigned"    // DM to a task's owner
)

// NoticeData is the payload of the notices of meetings, tasks and coordinators: which
// meeting, task, group or user it is about and, for a change, what changed. What is
// shown is read from the database when the notice is delivered.
type NoticeData struct {
	Meeting int64  `json:"meeting,omitempty"`
	Task    int64  `json:"task,omitempty"`
	Group   string `json:"group,omitempty"`
	User    string `json:"user,omitempty"`
	What    string `json:"what,omitempty"` // "picked", "moved", "cancelled", "confirmed", …
	From    string `json:"from,omitempty"` // a moved meeting's old start, RFC 3339
}

// ReadNoticeData reads a notice's payload.
func ReadNoticeData(payload string) (NoticeData, error) {
	var d NoticeData
	err := json.Unmarshal([]byte(payload), &d)
	return d, err
}

func (d NoticeData) String() string {
	b, _ := json.Marshal(d)
	return string(b)
}

// ConveneInput is what the Convene modal gives: a fixed time (Date and Time) or 2–5
// candidate times to find a date among, the length, the place, the proposed items
// ticked (by AgendaItem.Key) and other items, one per line.
type ConveneInput struct {
	Group      string
	Date, Time string
	Candidates [][2]string // date and time of each candidate
	Duration   string
	Place      string
	Items      []string
	Other      string
}

// meetingTimes reads the fixed time or the candidates of in.
func (s *Service) meetingTimes(in ConveneInput, now time.Time) (time.Time, []time.Time, error) {
	if len(in.Candidates) == 0 {
		at, err := LocalTime(in.Date, in.Time, s.Location)
		if err == nil {
			err = CheckFuture(at, now)
		}
		return at, nil, err
	}
	var ts []time.Time
	for _, c := range in.Candidates {
		at, err := LocalTime(c[0], c[1], s.Location)
		if err != nil {
			return time.Time{}, nil, err
		}
		ts = append(ts, at)
	}
	ts, err := CheckCandidates(ts, now)
	return time.Time{}, ts, err
}

// Convene calls a meeting of group in.Group (its coordinator or the secretariat): it
// is posted in the group's channel, with the agenda from the group's queue.
func (s *Service) Convene(ctx context.Context, a Actor, in ConveneInput) (Meeting, error) {
	now := s.now()
	start, cands, err := s.meetingTimes(in, now)
	if err != nil {
		return Meeting{}, err
	}
	dur, err := ParseDuration(in.Duration)
	if err != nil {
		return Meeting{}, err
	}
	place := strings.TrimSpace(in.Place)
	if utf8.RuneCountInString(place) > MaxPlace {
		return Meeting{}, Errorf(Invalid, "err.meeting.place_too_long", MaxPlace)
	}
	other, err := OtherItems(in.Other)
	if err != nil {
		return Meeting{}, err
	}
	m := Meeting{GroupKey: in.Group, Lead: a.UserID, Start: start, Duration: dur, Place: place, Candidates: cands, State: MeetingScheduled}
	if len(cands) > 0 {
		m.State = MeetingFinding
	}
	err = s.atomic(ctx, a, func(c *change) error {
		g, err := loadGroup(c.tx, in.Group)
		if err != nil {
			return err
		}
		if err := requireGroupLead(a, g); err != nil {
			return err
		}
		queue, err := groupQueue(c.tx, g.Key)
		if err != nil {
			return err
		}
		m.Agenda = nil
		for _, it := range queue {
			if slices.Contains(in.Items, it.Key()) {
				m.Agenda = append(m.Agenda, it)
			}
		}
		m.Agenda = append(m.Agenda, other...)
		if len(m.Agenda) == 0 {
			return Errorf(Invalid, "err.meeting.empty_agenda")
		}
		m.CreatedAt = c.at
		if m.State == MeetingScheduled && !MeetingRemindAt(m, g.RemindBefore, s.Location).After(c.at) {
			m.RemindedAt = c.at // convened within the reminder's time: the message is the reminder
		}
		if m.ID, err = c.tx.CreateMeeting(m); err != nil {
			return fmt.Errorf("create meeting: %w", err)
		}
		_, err = c.record(Event{Kind: EvMeetingConvened, GroupKey: g.Key, Data: m.data()},
			Notice{Kind: NoticeMeeting, Op: OpPost, To: g.ChannelID, Ref: MeetingRef(m.ID), Payload: NoticeData{Meeting: m.ID}.String()})
		return err
	})
	return m, err
}

// data is what the audit log records of a meeting.
func (m Meeting) data() map[string]string {
	d := map[string]string{"meeting": itoa(m.ID)}
	if !m.Start.IsZero() {
		d["start"] = m.Start.UTC().Format(time.RFC3339)
	}
	if len(m.Candidates) > 0 {
		d["candidates"] = itoa(int64(len(m.Candidates)))
	}
	return d
}

// groupQueue is what a meeting of group key may discuss (ProposeAgenda), with the
// titles of the wishes the polls are on.
func groupQueue(tx Tx, key string) ([]AgendaItem, error) {
	ws, err := tx.Wishes(WishFilter{Group: key, States: []State{StateInAssessment, StatePrioritised, StateEstimated}})
	if err != nil {
		return nil, fmt.Errorf("load wishes of %s: %w", key, err)
	}
	ws = slices.DeleteFunc(ws, func(w Wish) bool { return w.Group != key })
	slices.Reverse(ws)
	polls, err := tx.OpenPolls()
	if err != nil {
		return nil, fmt.Errorf("load open polls: %w", err)
	}
	polls = slices.DeleteFunc(polls, func(p Poll) bool { return p.GroupKey != key })
	tasks, err := tx.OpenTasks(key)
	if err != nil {
		return nil, fmt.Errorf("load tasks of %s: %w", key, err)
	}
	items := ProposeAgenda(ws, polls, tasks)
	for i, it := range items {
		if it.Kind != ItemPoll {
			continue
		}
		if it.WishID == 0 {
			p, err := tx.Poll(it.PollID)
			if err != nil {
				return nil, fmt.Errorf("load poll %d: %w", it.PollID, err)
			}
			items[i].Text = p.Text
		} else if w, err := loadWish(tx, it.WishID); err != nil {
			return nil, err
		} else {
			items[i].Text = w.Title
		}
	}
	return items, nil
}

// MeetingQueue is what the Convene modal proposes for group key, and the group; an
// actor who may not convene it is refused before the modal opens.
func (s *Service) MeetingQueue(ctx context.Context, a Actor, key string) (Group, []AgendaItem, error) {
	var g Group
	var items []AgendaItem
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if g, err = loadGroup(tx, key); err != nil {
			return err
		}
		if err := requireGroupLead(a, g); err != nil {
			return err
		}
		items, err = groupQueue(tx, key)
		return err
	})
	return g, items, err
}

func loadMeeting(tx Tx, id int64) (Meeting, Group, error) {
	m, err := tx.Meeting(id)
	if KindOf(err) == NotFound {
		return m, Group{}, Errorf(NotFound, "err.meeting.not_found", id)
	}
	if err != nil {
		return m, Group{}, fmt.Errorf("load meeting %d: %w", id, err)
	}
	g, err := loadGroup(tx, m.GroupKey)
	return m, g, err
}

// Answer records actor a's answers to meeting id: to the meeting itself (SlotMeeting:
// Attend or Can't attend) while it is scheduled, or to its candidate times while a
// date is being found. Only the group's members and its lead answer.
func (s *Service) Answer(ctx context.Context, a Actor, id int64, answers map[int]Reply) error {
	return s.atomic(ctx, a, func(c *change) error {
		m, g, err := loadMeeting(c.tx, id)
		if err != nil {
			return err
		}
		if !g.IsMember(a.UserID) && requireGroupLead(a, g) != nil {
			return Errorf(Forbidden, "err.forbidden.meeting_member", g.Name)
		}
		old, err := c.tx.MeetingAnswers(id)
		if err != nil {
			return fmt.Errorf("answers of meeting %d: %w", id, err)
		}
		changed := false
		for _, slot := range sortedSlots(answers) {
			ans := answers[slot]
			if err := checkAnswer(m, slot, ans); err != nil {
				return err
			}
			if slices.ContainsFunc(old, func(o MeetingAnswer) bool { return o.User == a.UserID && o.Slot == slot && o.Answer == ans }) {
				continue
			}
			changed = true
			if err := c.tx.SetMeetingAnswer(MeetingAnswer{MeetingID: id, User: a.UserID, Slot: slot, Answer: ans, At: c.at}); err != nil {
				return fmt.Errorf("answer meeting %d: %w", id, err)
			}
			d := m.data()
			d["slot"], d["answer"] = itoa(int64(slot)), string(ans)
			if _, err := c.record(Event{Kind: EvMeetingAnswered, GroupKey: g.Key, Data: d}); err != nil {
				return err
			}
		}
		if !changed {
			return nil
		}
		return c.refreshMeeting(m)
	})
}

func sortedSlots(answers map[int]Reply) []int {
	var out []int
	for k := range answers {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// checkAnswer refuses an answer the meeting does not take now.
func checkAnswer(m Meeting, slot int, ans Reply) error {
	switch {
	case !m.Active():
		return Errorf(Conflict, "err.meeting.closed")
	case slot == SlotMeeting && m.State != MeetingScheduled:
		return Errorf(Conflict, "err.meeting.no_time_yet")
	case slot == SlotMeeting && ans != ReplyYes && ans != ReplyNo:
		return Errorf(Invalid, "err.meeting.answer")
	case slot != SlotMeeting && m.State != MeetingFinding:
		return Errorf(Conflict, "err.meeting.time_picked")
	case slot != SlotMeeting && (slot < 1 || slot > len(m.Candidates)):
		return Errorf(Invalid, "err.meeting.answer")
	case ans != ReplyYes && ans != ReplyNo && ans != ReplyMaybe:
		return Errorf(Invalid, "err.meeting.answer")
	}
	return nil
}

// refreshMeeting updates the meeting's message in the group's channel.
func (c *change) refreshMeeting(m Meeting) error {
	_, err := c.tx.Enqueue(Notice{Kind: NoticeMeeting, Op: OpRefresh, Ref: MeetingRef(m.ID),
		Payload: NoticeData{Meeting: m.ID}.String(), CreatedAt: c.at})
	return err
}
