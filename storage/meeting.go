package storage

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

const meetingColumns = `id, group_key, lead, state, start, duration_s, place, agenda, candidates,
	cancel_reason, decisions, created_at, minutes_at, minutes_by, reminded_at`

// meetingArgs are the columns of m after its id, in meetingColumns' order.
func meetingArgs(m workflow.Meeting) ([]any, error) {
	agenda, err := json.Marshal(m.Agenda)
	if err != nil {
		return nil, err
	}
	cands := make([]string, len(m.Candidates))
	for i, c := range m.Candidates {
		cands[i] = c.UTC().Format(timeLayout)
	}
	cj, err := json.Marshal(cands)
	if err != nil {
		return nil, err
	}
	if m.Agenda == nil {
		agenda = []byte("[]")
	}
	return []any{m.GroupKey, m.Lead, string(m.State), timeArg(m.Start), int64(m.Duration / time.Second), m.Place,
		string(agenda), string(cj), m.CancelReason, m.Decisions, timeArg(m.CreatedAt), timeArg(m.MinutesAt),
		m.MinutesBy, timeArg(m.RemindedAt)}, nil
}

// CreateMeeting stores m with its agenda and candidate times and returns its id.
func (t *tx) CreateMeeting(m workflow.Meeting) (int64, error) {
	args, err := meetingArgs(m)
	if err != nil {
		return 0, fmt.Errorf("create meeting: %w", err)
	}
	res, err := t.exec(`INSERT INTO meetings (group_key, lead, state, start, duration_s, place, agenda, candidates,
		cancel_reason, decisions, created_at, minutes_at, minutes_by, reminded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, args...)
	if err != nil {
		return 0, fmt.Errorf("create meeting: %w", err)
	}
	return res.LastInsertId()
}

// Meeting returns meeting id; ErrNotFound when there is none.
func (t *tx) Meeting(id int64) (workflow.Meeting, error) {
	ms, err := t.meetings("SELECT "+meetingColumns+" FROM meetings WHERE id = ?", id)
	if err == nil && len(ms) == 0 {
		err = workflow.ErrNotFound
	}
	if err != nil {
		return workflow.Meeting{}, wrapf(err, "load meeting %d", id)
	}
	return ms[0], nil
}

// UpdateMeeting saves every field of m.
func (t *tx) UpdateMeeting(m workflow.Meeting) error {
	args, err := meetingArgs(m)
	if err != nil {
		return fmt.Errorf("save meeting %d: %w", m.ID, err)
	}
	return wrapf(t.mustChange(`UPDATE meetings SET group_key = ?, lead = ?, state = ?, start = ?, duration_s = ?,
		place = ?, agenda = ?, candidates = ?, cancel_reason = ?, decisions = ?, created_at = ?, minutes_at = ?,
		minutes_by = ?, reminded_at = ? WHERE id = ?`, append(args, m.ID)...), "save meeting %d", m.ID)
}

// ActiveMeetings returns the meetings being planned or scheduled, soonest first; those
// finding a date (no start yet) last.
func (t *tx) ActiveMeetings(key string) ([]workflow.Meeting, error) {
	ms, err := t.meetings(`SELECT `+meetingColumns+` FROM meetings
		WHERE state IN ('finding', 'scheduled') AND (? = '' OR group_key = ?)
		ORDER BY start IS NULL, start, id`, key, key)
	return ms, wrapf(err, "load active meetings")
}

func (t *tx) meetings(query string, args ...any) ([]workflow.Meeting, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.Meeting
	for rows.Next() {
		var m workflow.Meeting
		var state, agenda, cands string
		var dur int64
		if err := rows.Scan(&m.ID, &m.GroupKey, &m.Lead, &state, timeCol{&m.Start}, &dur, &m.Place, &agenda, &cands,
			&m.CancelReason, &m.Decisions, timeCol{&m.CreatedAt}, timeCol{&m.MinutesAt}, &m.MinutesBy, timeCol{&m.RemindedAt}); err != nil {
			return nil, err
		}
		m.State, m.Duration = workflow.MeetingState(state), time.Duration(dur)*time.Second
		if err := json.Unmarshal([]byte(agenda), &m.Agenda); err != nil {
			return nil, fmt.Errorf("agenda of meeting %d: %w", m.ID, err)
		}
		if len(m.Agenda) == 0 {
			m.Agenda = nil
		}
		var cs []string
		if err := json.Unmarshal([]byte(cands), &cs); err != nil {
			return nil, fmt.Errorf("candidates of meeting %d: %w", m.ID, err)
		}
		for _, c := range cs {
			at, err := time.Parse(timeLayout, c)
			if err != nil {
				return nil, fmt.Errorf("candidates of meeting %d: %w", m.ID, err)
			}
			m.Candidates = append(m.Candidates, at)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetMeetingAnswer inserts or replaces a user's answer for one slot; a replaced
// answer keeps its place in the order.
func (t *tx) SetMeetingAnswer(a workflow.MeetingAnswer) error {
	_, err := t.exec(`INSERT INTO meeting_answers (meeting_id, user_id, slot, answer, at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (meeting_id, user_id, slot) DO UPDATE SET answer = excluded.answer, at = excluded.at`,
		a.MeetingID, a.User, a.Slot, string(a.Answer), timeArg(a.At))
	return wrapf(err, "save answer of %s to meeting %d", a.User, a.MeetingID)
}

// MeetingAnswers returns a meeting's answers in the order they were first given.
func (t *tx) MeetingAnswers(id int64) ([]workflow.MeetingAnswer, error) {
	rows, err := t.tx.QueryContext(t.ctx, `SELECT meeting_id, user_id, slot, answer, at FROM meeting_answers
		WHERE meeting_id = ? ORDER BY rowid`, id)
	if err != nil {
		return nil, fmt.Errorf("load answers of meeting %d: %w", id, err)
	}
	defer rows.Close()
	var out []workflow.MeetingAnswer
	for rows.Next() {
		var a workflow.MeetingAnswer
		var ans string
		if err := rows.Scan(&a.MeetingID, &a.User, &a.Slot, &ans, timeCol{&a.At}); err != nil {
			return nil, fmt.Errorf("load answers of meeting %d: %w", id, err)
		}
		a.Answer = workflow.Reply(ans)
		out = append(out, a)
	}
	return out, wrapf(rows.Err(), "load answers of meeting %d", id)
}

const taskColumns = "id, group_key, meeting_id, owner, text, due, created_by, created_at, done_at, done_by"

// CreateTask stores t and returns its id.
func (t *tx) CreateTask(k workflow.Task) (int64, error) {
	res, err := t.exec(`INSERT INTO tasks (group_key, meeting_id, owner, text, due, created_by, created_at, done_at, done_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, k.GroupKey, idArg(k.MeetingID), k.Owner, k.Text, timeArg(k.Due),
		k.CreatedBy, timeArg(k.CreatedAt), timeArg(k.DoneAt), k.DoneBy)
	if err != nil {
		return 0, fmt.Errorf("create task: %w", err)
	}
	return res.LastInsertId()
}

// Task returns task id; ErrNotFound when there is none.
func (t *tx) Task(id int64) (workflow.Task, error) {
	ts, err := t.tasks("SELECT "+taskColumns+" FROM tasks WHERE id = ?", id)
	if err == nil && len(ts) == 0 {
		err = workflow.ErrNotFound
	}
	if err != nil {
		return workflow.Task{}, wrapf(err, "load task %d", id)
	}
	return ts[0], nil
}

// UpdateTask saves when and by whom k was done.
func (t *tx) UpdateTask(k workflow.Task) error {
	return wrapf(t.mustChange("UPDATE tasks SET done_at = ?, done_by = ? WHERE id = ?", timeArg(k.DoneAt), k.DoneBy, k.ID),
		"save task %d", k.ID)
}

// OpenTasks returns the tasks not done, by due date (undated last), then id.
func (t *tx) OpenTasks(key string) ([]workflow.Task, error) {
	ts, err := t.tasks(`SELECT `+taskColumns+` FROM tasks WHERE done_at IS NULL AND (? = '' OR group_key = ?)
		ORDER BY due IS NULL, due, id`, key, key)
	return ts, wrapf(err, "load open tasks")
}

// TasksOfMeeting returns the tasks the minutes of meeting id gave, in order.
func (t *tx) TasksOfMeeting(id int64) ([]workflow.Task, error) {
	ts, err := t.tasks("SELECT "+taskColumns+" FROM tasks WHERE meeting_id = ? ORDER BY id", id)
	return ts, wrapf(err, "load tasks of meeting %d", id)
}

func (t *tx) tasks(query string, args ...any) ([]workflow.Task, error) {
	rows, err := t.tx.QueryContext(t.ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []workflow.Task
	for rows.Next() {
		var k workflow.Task
		if err := rows.Scan(&k.ID, &k.GroupKey, idCol{&k.MeetingID}, &k.Owner, &k.Text, timeCol{&k.Due},
			&k.CreatedBy, timeCol{&k.CreatedAt}, timeCol{&k.DoneAt}, &k.DoneBy); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// AddVolunteer records that user volunteers to coordinate group key.
func (t *tx) AddVolunteer(key, user string, at time.Time) (bool, error) {
	ok, err := t.changed(`INSERT INTO coordinator_volunteers (group_key, user_id, at) VALUES (?, ?, ?)
		ON CONFLICT DO NOTHING`, key, user, timeArg(at))
	return ok, wrapf(err, "volunteer %s for %s", user, key)
}

// Volunteers returns the pending volunteers of group key, oldest first.
func (t *tx) Volunteers(key string) ([]string, error) {
	us, err := t.strings("SELECT user_id FROM coordinator_volunteers WHERE group_key = ? ORDER BY at, rowid", key)
	return us, wrapf(err, "load volunteers of %s", key)
}

// RemoveVolunteers forgets user's volunteering for group key, or everyone's for "".
func (t *tx) RemoveVolunteers(key, user string) error {
	_, err := t.exec("DELETE FROM coordinator_volunteers WHERE group_key = ? AND (? = '' OR user_id = ?)", key, user, user)
	return wrapf(err, "forget volunteers of %s", key)
}
