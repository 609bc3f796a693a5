package workflow

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Task is a task (opgave) of a working group, agreed in a meeting's minutes: it has
// an owner and may have a due date, and is open until its owner or the group's lead
// marks it done.
type Task struct {
	ID        int64
	GroupKey  string
	MeetingID int64 // the meeting whose minutes gave it
	Owner     string
	Text      string
	Due       time.Time // the end of its due day in the community's time zone; zero for none
	CreatedBy string
	CreatedAt time.Time
	DoneAt    time.Time // zero while open
	DoneBy    string
}

// Open reports whether the task is not done.
func (t Task) Open() bool { return t.DoneAt.IsZero() }

// Overdue reports whether the task is open past its due date at now.
func (t Task) Overdue(now time.Time) bool { return t.Open() && !t.Due.IsZero() && now.After(t.Due) }

// TaskDraft is a task as the minutes state it.
type TaskDraft struct {
	Owner string
	Text  string
	Due   time.Time
}

// LineError is a malformed line of a multi-line input: Err says what is wrong with
// line Line (from 1), so that the modal can name it.
type LineError struct {
	Line int
	Err  *Error
}

func (e *LineError) Error() string { return "line " + itoa(int64(e.Line)) + ": " + e.Err.Error() }

func (e *LineError) Unwrap() error { return e.Err }

// userMention is a Slack user mention as the bot writes a rich-text user element,
// and as Slack itself escapes one in text.
var userMention = regexp.MustCompile(`^<@([UW][A-Z0-9]{1,20})(?:\|[^>]*)?>$`)

// taskLine is "<@U…>: what" or "<@U…> what" with an optional ", by YYYY-MM-DD" (or
// the Danish ", senest …") at the end.
var taskDue = regexp.MustCompile(`(?i)[,;]?\s*(?:by|senest|inden)\s+(\d{4}-\d{2}-\d{2})\s*\.?$`)

// ParseTasks reads the tasks of the minutes, one per line as
// "<@U…>: what, by YYYY-MM-DD" (the date optional), as the bot writes the rich-text
// input with each @mention as its user id. Blank lines are skipped. A malformed line
// is refused with a *LineError naming it: no owner first, no text, a date that is no
// date or is before today (in loc, at now).
func ParseTasks(text string, now time.Time, loc *time.Location) ([]TaskDraft, error) {
	if loc == nil {
		loc = time.UTC
	}
	var out []TaskDraft
	n := 0
	for line := range strings.Lines(text) {
		n++
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		d, err := parseTaskLine(line, now, loc)
		if err != nil {
			return nil, &LineError{Line: n, Err: err}
		}
		out = append(out, d)
	}
	if len(out) > MaxTasks {
		return nil, Errorf(Invalid, "err.task.too_many", MaxTasks)
	}
	return out, nil
}

func parseTaskLine(line string, now time.Time, loc *time.Location) (TaskDraft, *Error) {
	var d TaskDraft
	end := strings.IndexByte(line, '>')
	if !strings.HasPrefix(line, "<@") || end < 0 {
		return d, Errorf(Invalid, "err.task.no_owner")
	}
	m := userMention.FindStringSubmatch(line[:end+1])
	if m == nil {
		return d, Errorf(Invalid, "err.task.no_owner")
	}
	d.Owner = m[1]
	rest := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line[end+1:]), ":"))
	if due := taskDue.FindStringSubmatchIndex(rest); due != nil {
		day, err := time.Parse("2006-01-02", rest[due[2]:due[3]])
		if err != nil {
			return d, Errorf(Invalid, "err.task.date", rest[due[2]:due[3]])
		}
		d.Due = EndOfDay(day.Year(), day.Month(), day.Day(), loc)
		if d.Due.Before(now) {
			return d, Errorf(Invalid, "err.task.date_past", rest[due[2]:due[3]])
		}
		rest = strings.TrimSpace(rest[:due[0]])
	}
	switch {
	case rest == "":
		return d, Errorf(Invalid, "err.task.no_text")
	case utf8.RuneCountInString(rest) > MaxTaskText:
		return d, Errorf(Invalid, "err.task.too_long", MaxTaskText)
	}
	d.Text = rest
	return d, nil
}

// FormatTask writes a draft as ParseTasks reads it, dates in loc.
func FormatTask(d TaskDraft, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	s := "<@" + d.Owner + ">: " + d.Text
	if !d.Due.IsZero() {
		s += ", by " + d.Due.In(loc).Format("2006-01-02")
	}
	return s
}

// MayFinishTask reports whether actor a may mark task t done: its owner, or the lead
// of its group (the coordinator or the secretariat).
func MayFinishTask(a Actor, t Task, g Group) error {
	if a.UserID == t.Owner {
		return nil
	}
	if err := requireGroupLead(a, g); err != nil {
		return Errorf(Forbidden, "err.forbidden.task", g.Name)
	}
	return nil
}

// TaskSections is what a group's digest says of its tasks: the open ones and, among
// them, the overdue ones at now.
func TaskSections(tasks []Task, now time.Time) []DigestSection {
	var open, overdue []int64
	for _, t := range tasks {
		if !t.Open() {
			continue
		}
		open = append(open, t.ID)
		if t.Overdue(now) {
			overdue = append(overdue, t.ID)
		}
	}
	return []DigestSection{digestSection(SecTasks, open), digestSection(SecOverdue, overdue)}
}

// The digest sections of a group's tasks and meetings.
const (
	SecTasks   = "tasks"   // group: open tasks
	SecOverdue = "overdue" // group: open tasks past their due date
)
