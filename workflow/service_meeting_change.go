package workflow

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// changeMeeting runs fn on meeting id for its group's lead, saves the meeting, records
// kind and tells everyone who answered what changed.
func (s *Service) changeMeeting(ctx context.Context, a Actor, id int64, kind EventKind, what string, fn func(m *Meeting, g Group, now time.Time) error) (Meeting, error) {
	var m Meeting
	err := s.atomic(ctx, a, func(c *change) error {
		var g Group
		var err error
		if m, g, err = loadMeeting(c.tx, id); err != nil {
			return err
		}
		if err := requireGroupLead(a, g); err != nil {
			return err
		}
		from := m.Start
		if err := fn(&m, g, c.at); err != nil {
			return err
		}
		if err := c.tx.UpdateMeeting(m); err != nil {
			return fmt.Errorf("save meeting %d: %w", id, err)
		}
		answers, err := c.tx.MeetingAnswers(id)
		if err != nil {
			return fmt.Errorf("answers of meeting %d: %w", id, err)
		}
		nd := NoticeData{Meeting: id, What: what}
		if !from.IsZero() && kind == EvMeetingMoved {
			nd.From = from.UTC().Format(time.RFC3339)
		}
		var notices []Notice
		for _, u := range Answered(answers) {
			notices = append(notices, Notice{Kind: NoticeMeetingChanged, Op: OpDM, To: u, Payload: nd.String()})
		}
		d := m.data()
		if nd.From != "" {
			d["from"] = nd.From
		}
		if _, err := c.record(Event{Kind: kind, GroupKey: g.Key, Note: m.CancelReason, Data: d}, notices...); err != nil {
			return err
		}
		return c.refreshMeeting(m)
	})
	return m, err
}

// PickTime fixes the time of a meeting that is finding a date at its candidate slot
// (from 1), and tells everyone who answered.
func (s *Service) PickTime(ctx context.Context, a Actor, id int64, slot int) (Meeting, error) {
	return s.changeMeeting(ctx, a, id, EvMeetingTimePicked, "picked", func(m *Meeting, g Group, now time.Time) error {
		switch {
		case m.State != MeetingFinding:
			return Errorf(Conflict, "err.meeting.time_picked")
		case slot < 1 || slot > len(m.Candidates):
			return Errorf(Invalid, "err.meeting.answer")
		}
		if err := CheckFuture(m.Candidates[slot-1], now); err != nil {
			return err
		}
		m.Start, m.State = m.Candidates[slot-1], MeetingScheduled
		m.RemindedAt = time.Time{}
		if !MeetingRemindAt(*m, g.RemindBefore, s.Location).After(now) {
			m.RemindedAt = now
		}
		return nil
	})
}

// Move gives a scheduled meeting a new time (date and time in the community's time
// zone), and tells everyone who answered; its reminder goes out again before it.
func (s *Service) Move(ctx context.Context, a Actor, id int64, date, clock string) (Meeting, error) {
	at, err := LocalTime(date, clock, s.Location)
	if err != nil {
		return Meeting{}, err
	}
	return s.changeMeeting(ctx, a, id, EvMeetingMoved, "moved", func(m *Meeting, g Group, now time.Time) error {
		if m.State != MeetingScheduled {
			return Errorf(Conflict, "err.meeting.closed")
		}
		if err := CheckFuture(at, now); err != nil {
			return err
		}
		if at.Equal(m.Start) {
			return Errorf(Invalid, "err.meeting.same_time")
		}
		m.Start, m.RemindedAt = at, time.Time{}
		if !MeetingRemindAt(*m, g.RemindBefore, s.Location).After(now) {
			m.RemindedAt = now
		}
		return nil
	})
}

// Cancel calls a meeting off with a reason, and tells everyone who answered.
func (s *Service) Cancel(ctx context.Context, a Actor, id int64, reason string) (Meeting, error) {
	reason = strings.TrimSpace(reason)
	switch {
	case reason == "":
		return Meeting{}, Errorf(Invalid, "err.meeting.reason")
	case utf8.RuneCountInString(reason) > MaxReason:
		return Meeting{}, Errorf(Invalid, "err.meeting.reason_too_long", MaxReason)
	}
	return s.changeMeeting(ctx, a, id, EvMeetingCancelled, "cancelled", func(m *Meeting, _ Group, _ time.Time) error {
		if !m.Active() {
			return Errorf(Conflict, "err.meeting.closed")
		}
		m.State, m.CancelReason = MeetingCancelled, reason
		return nil
	})
}
