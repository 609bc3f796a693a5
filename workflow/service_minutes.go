package workflow

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// MinutesInput is what the Write minutes modal gives: a note per agenda item (in the
// agenda's order), the decisions, and the tasks.
type MinutesInput struct {
	Notes     []string
	Decisions string
	Tasks     []TaskDraft
}

// NoteError is a minutes note that is too long: Item is its agenda item, from 0.
type NoteError struct {
	Item int
	Err  *Error
}

func (e *NoteError) Error() string { return "item " + itoa(int64(e.Item)) + ": " + e.Err.Error() }

func (e *NoteError) Unwrap() error { return e.Err }

// check trims the input and refuses what is too long.
func (in *MinutesInput) check(m Meeting) error {
	if len(in.Notes) > len(m.Agenda) {
		return Errorf(Invalid, "err.meeting.notes")
	}
	for i := range in.Notes {
		in.Notes[i] = strings.TrimSpace(in.Notes[i])
		if utf8.RuneCountInString(in.Notes[i]) > MaxMinutesNote {
			return &NoteError{Item: i, Err: Errorf(Invalid, "err.field.too_long")}
		}
	}
	in.Decisions = strings.TrimSpace(in.Decisions)
	if utf8.RuneCountInString(in.Decisions) > MaxMinutesNote {
		return &NoteError{Item: -1, Err: Errorf(Invalid, "err.field.too_long")}
	}
	if len(in.Tasks) > MaxTasks {
		return Errorf(Invalid, "err.task.too_many", MaxTasks)
	}
	return nil
}

// WriteMinutes records the minutes (referat) of meeting id (its group's lead, from the
// meeting's start on): they are posted in the meeting message's thread, each wish on
// the agenda has the meeting and its note in its history, the tasks are the group's,
// and the user club is told what the group discussed.
func (s *Service) WriteMinutes(ctx context.Context, a Actor, id int64, in MinutesInput) (Meeting, error) {
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
		switch {
		case m.State == MeetingHeld:
			return Errorf(Conflict, "err.meeting.minutes_written")
		case m.State != MeetingScheduled:
			return Errorf(Conflict, "err.meeting.closed")
		case c.at.Before(m.Start):
			return Errorf(Invalid, "err.meeting.not_started")
		}
		if err := in.check(m); err != nil {
			return err
		}
		for i := range in.Notes {
			m.Agenda[i].Note = in.Notes[i]
		}
		m.State, m.Decisions, m.MinutesAt, m.MinutesBy = MeetingHeld, in.Decisions, c.at, a.UserID
		if err := c.tx.UpdateMeeting(m); err != nil {
			return fmt.Errorf("save meeting %d: %w", id, err)
		}
		loc := s.Location
		if loc == nil {
			loc = time.UTC
		}
		return c.minutesWritten(m, g, in.Tasks, m.Start.In(loc).Format("2006-01-02"))
	})
	return m, err
}

// minutesWritten records the minutes, the discussed wishes and the tasks, and
// enqueues what they cause.
func (c *change) minutesWritten(m Meeting, g Group, tasks []TaskDraft, day string) error {
	nd := NoticeData{Meeting: m.ID, Group: g.Key}.String()
	if _, err := c.record(Event{Kind: EvMeetingMinutes, GroupKey: g.Key, Note: m.Decisions, Data: m.data()},
		Notice{Kind: NoticeMinutes, Op: OpReply, Ref: MeetingRef(m.ID), Payload: nd, Key: "minutes/" + itoa(m.ID)},
		Notice{Kind: NoticeMeetingSummary, Op: OpPost, To: PlaceTarget(PlaceUserClub), Payload: nd, Key: "summary/" + itoa(m.ID)}); err != nil {
		return err
	}
	var seen []int64
	for _, it := range m.Agenda {
		if it.WishID == 0 || slices.Contains(seen, it.WishID) {
			continue
		}
		seen = append(seen, it.WishID)
		d := m.data()
		d["day"] = day // the meeting's local day, as the wish's history names it
		if _, err := c.record(Event{Kind: EvWishDiscussed, WishID: it.WishID, GroupKey: g.Key, Note: it.Note, Data: d}); err != nil {
			return err
		}
	}
	for _, d := range tasks {
		t := Task{GroupKey: g.Key, MeetingID: m.ID, Owner: d.Owner, Text: d.Text, Due: d.Due, CreatedBy: c.actor.UserID, CreatedAt: c.at}
		id, err := c.tx.CreateTask(t)
		if err != nil {
			return fmt.Errorf("create task: %w", err)
		}
		data := map[string]string{"task": itoa(id), "meeting": itoa(m.ID), "owner": d.Owner}
		if !d.Due.IsZero() {
			data["due"] = d.Due.UTC().Format(time.RFC3339)
		}
		if _, err := c.record(Event{Kind: EvTaskCreated, GroupKey: g.Key, Note: d.Text, Data: data},
			Notice{Kind: NoticeTaskAssigned, Op: OpDM, To: d.Owner, Payload: NoticeData{Task: id, Meeting: m.ID}.String()}); err != nil {
			return err
		}
	}
	return c.refreshMeeting(m)
}

// FinishTask marks task id done (its owner or its group's lead).
func (s *Service) FinishTask(ctx context.Context, a Actor, id int64) (Task, error) {
	var t Task
	err := s.atomic(ctx, a, func(c *change) (err error) {
		if t, err = c.tx.Task(id); KindOf(err) == NotFound {
			return Errorf(NotFound, "err.task.not_found", id)
		} else if err != nil {
			return fmt.Errorf("load task %d: %w", id, err)
		}
		g, err := loadGroup(c.tx, t.GroupKey)
		if err != nil {
			return err
		}
		if err := MayFinishTask(a, t, g); err != nil {
			return err
		}
		if !t.Open() {
			return Errorf(Conflict, "err.task.done")
		}
		t.DoneAt, t.DoneBy = c.at, a.UserID
		if err := c.tx.UpdateTask(t); err != nil {
			return fmt.Errorf("save task %d: %w", id, err)
		}
		_, err = c.record(Event{Kind: EvTaskDone, GroupKey: g.Key, Note: t.Text,
			Data: map[string]string{"task": itoa(id), "owner": t.Owner, "meeting": itoa(t.MeetingID)}})
		return err
	})
	return t, err
}

// OpenTasks returns the open tasks of group key, or of every group when key is "".
func (s *Service) OpenTasks(ctx context.Context, key string) ([]Task, error) {
	var ts []Task
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		if key != "" {
			if _, err := loadGroup(tx, key); err != nil {
				return err
			}
		}
		ts, err = tx.OpenTasks(key)
		return err
	})
	return ts, err
}

// Task returns task id.
func (s *Service) Task(ctx context.Context, id int64) (Task, error) {
	var t Task
	err := s.Store.Read(ctx, func(tx Tx) (err error) {
		t, err = tx.Task(id)
		if KindOf(err) == NotFound {
			return Errorf(NotFound, "err.task.not_found", id)
		}
		return err
	})
	return t, err
}

// remindMeetings sends the day-before reminders that are due at now: to those
// attending and the members who have not answered, once per meeting.
func (s *Service) remindMeetings(ctx context.Context, now time.Time) (int, error) {
	var due []int64
	err := s.Store.Read(ctx, func(tx Tx) error {
		ms, err := tx.ActiveMeetings("")
		if err != nil {
			return err
		}
		for _, m := range ms {
			g, err := tx.Group(m.GroupKey)
			if err != nil {
				return fmt.Errorf("load group %s: %w", m.GroupKey, err)
			}
			if MeetingReminderDue(m, g.RemindBefore, now, s.Location) {
				due = append(due, m.ID)
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("find meetings to remind of: %w", err)
	}
	sent := 0
	var errs []error
	for _, id := range due {
		n, err := s.remindMeeting(ctx, id, now)
		sent += n
		errs = append(errs, err)
	}
	return sent, errors.Join(errs...)
}

// remindMeeting claims meeting id's reminder and sends it, unless another run has.
func (s *Service) remindMeeting(ctx context.Context, id int64, now time.Time) (int, error) {
	sent := 0
	err := s.Store.Atomic(ctx, func(tx Tx) error {
		sent = 0
		c := &change{tx: tx, actor: System, at: now.UTC().Truncate(time.Microsecond)}
		m, g, err := loadMeeting(tx, id)
		if err != nil || !MeetingReminderDue(m, g.RemindBefore, now, s.Location) {
			return err
		}
		m.RemindedAt = c.at
		if err := tx.UpdateMeeting(m); err != nil {
			return fmt.Errorf("save meeting %d: %w", id, err)
		}
		answers, err := tx.MeetingAnswers(id)
		if err != nil {
			return fmt.Errorf("answers of meeting %d: %w", id, err)
		}
		to := CountRSVPs(g.Members, answers).Reminded()
		if len(to) == 0 {
			return nil
		}
		start := m.Start.UTC().Format(time.RFC3339)
		var notices []Notice
		for _, u := range to {
			notices = append(notices, Notice{Kind: NoticeMeetingReminder, Op: OpDM, To: u,
				Payload: NoticeData{Meeting: id}.String(), Key: "meetingreminder/" + itoa(id) + "/" + start + "/" + u})
		}
		d := m.data()
		d["rule"], d["to"] = "meeting", strings.Join(to, ",")
		_, err = c.record(Event{Kind: EvReminderSent, GroupKey: g.Key, Data: d}, notices...)
		sent = len(notices)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("remind of meeting %d: %w", id, err)
	}
	return sent, nil
}
