package workflow

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MeetingTx is what meetings, the group's tasks and volunteering coordinators need of
// a transaction.
type MeetingTx interface {
	// CreateMeeting stores m with its agenda and candidate times and returns its id.
	CreateMeeting(m Meeting) (int64, error)
	// Meeting returns meeting id; ErrNotFound when there is none.
	Meeting(id int64) (Meeting, error)
	// UpdateMeeting saves every field of m, its agenda's notes included.
	UpdateMeeting(m Meeting) error
	// ActiveMeetings returns the meetings being planned or scheduled, of group key or
	// of every group when key is "", soonest first (those finding a date last).
	ActiveMeetings(key string) ([]Meeting, error)
	// SetMeetingAnswer inserts or replaces a user's answer for one slot of a meeting.
	SetMeetingAnswer(a MeetingAnswer) error
	// MeetingAnswers returns a meeting's answers in the order they were first given.
	MeetingAnswers(id int64) ([]MeetingAnswer, error)

	// CreateTask stores t and returns its id.
	CreateTask(t Task) (int64, error)
	// Task returns task id; ErrNotFound when there is none.
	Task(id int64) (Task, error)
	// UpdateTask saves when and by whom t was done.
	UpdateTask(t Task) error
	// OpenTasks returns the tasks not done, of group key or of every group when key is
	// "", by due date (undated last) and then id.
	OpenTasks(key string) ([]Task, error)
	// TasksOfMeeting returns the tasks the minutes of meeting id gave, in order.
	TasksOfMeeting(id int64) ([]Task, error)

	// AddVolunteer records that user volunteers to coordinate group key; it reports
	// false when they had already.
	AddVolunteer(key, user string, at time.Time) (bool, error)
	// Volunteers returns the pending volunteers of group key, oldest first.
	Volunteers(key string) ([]string, error)
	// RemoveVolunteers forgets user's volunteering for group key, or everyone's when
	// user is "".
	RemoveVolunteers(key, user string) error
}

// MeetingState is where a meeting is in its life.
type MeetingState string

// The states of a meeting.
const (
	MeetingFinding   MeetingState = "finding"   // candidate times, none picked yet
	MeetingScheduled MeetingState = "scheduled" // convened (indkaldt) at a time
	MeetingHeld      MeetingState = "held"      // its minutes (referat) are written
	MeetingCancelled MeetingState = "cancelled" // aflyst, with a reason
)

// ItemKind says what an agenda item is about.
type ItemKind string

// The kinds of agenda item, proposed from the group's queue, and free items.
const (
	ItemAssess   ItemKind = "assessment" // a wish in assessment without an open poll
	ItemPoll     ItemKind = "poll"       // an open poll
	ItemSpec     ItemKind = "spec"       // a prioritised major wish without requirements
	ItemEstimate ItemKind = "estimate"   // a wish whose price estimate is back
	ItemTask     ItemKind = "task"       // an open task of the group
	ItemOther    ItemKind = "other"      // free text
)

// AgendaItem is one point of a meeting's agenda (dagsorden), with its note from the
// minutes once they are written.
type AgendaItem struct {
	Kind   ItemKind `json:"kind"`
	WishID int64    `json:"wish,omitempty"`
	PollID int64    `json:"poll,omitempty"`
	TaskID int64    `json:"task,omitempty"`
	Text   string   `json:"text,omitempty"` // an ItemOther's text; the title of a wish or task when proposed
	Note   string   `json:"note,omitempty"` // from the minutes
}

// Key identifies a proposed item in a modal's checkboxes, e.g. "poll:3".
func (it AgendaItem) Key() string {
	switch it.Kind {
	case ItemPoll:
		return "poll:" + itoa(it.PollID)
	case ItemTask:
		return "task:" + itoa(it.TaskID)
	case ItemOther:
		return "other:" + it.Text
	}
	return string(it.Kind) + ":" + itoa(it.WishID)
}

// Meeting is a meeting (møde) of a working group.
type Meeting struct {
	ID           int64
	GroupKey     string
	Lead         string // who convened it: the coordinator or someone of the secretariat
	State        MeetingState
	Start        time.Time // UTC; zero while a date is being found
	Duration     time.Duration
	Place        string // a room or a link
	Agenda       []AgendaItem
	Candidates   []time.Time // the times to choose from while finding a date
	CancelReason string
	Decisions    string // from the minutes
	CreatedAt    time.Time
	MinutesAt    time.Time // when the minutes were written
	MinutesBy    string
	RemindedAt   time.Time // when the day-before reminder went out
}

// End is when the meeting is over.
func (m Meeting) End() time.Time { return m.Start.Add(m.Duration) }

// Active reports whether the meeting is still ahead: being planned or scheduled.
func (m Meeting) Active() bool { return m.State == MeetingFinding || m.State == MeetingScheduled }

// Reply is a member's answer to a meeting (Attend / Can't attend) or to a candidate
// time (Yes / If need be / No).
type Reply string

// The answers.
const (
	ReplyYes   Reply = "yes"
	ReplyMaybe Reply = "maybe" // only for a candidate time
	ReplyNo    Reply = "no"
)

// SlotMeeting is the slot of the answer to the meeting itself; candidate times are
// slots 1 to len(Candidates).
const SlotMeeting = 0

// MeetingAnswer is one user's answer for one slot of a meeting.
type MeetingAnswer struct {
	MeetingID int64
	User      string
	Slot      int
	Answer    Reply
	At        time.Time
}

// Limits of a meeting.
const (
	MaxAgendaProposals = 10 // proposed items offered in the modal; the rest are named
	MaxOtherItems      = 10
	MaxItemText        = 200
	MaxPlace           = 200
	MaxMinutesNote     = 3000 // a minutes note or the decisions: Slack's input limit
	MaxTasks           = 20
	MaxTaskText        = 300
	MinCandidates      = 2
	MaxCandidates      = 5
	MaxReason          = 500
	DefaultDuration    = 90 * time.Minute
	MinDuration        = 15 * time.Minute
	MaxDuration        = 12 * time.Hour
)

// ProposeAgenda is what a meeting of a group may discuss, from the group's queue: its
// open polls, its wishes in assessment without an open poll, its prioritised major
// wishes without requirements, its wishes whose price estimate is back, and its open
// tasks, in that order, each oldest first. wishes, polls and tasks are the group's.
func ProposeAgenda(wishes []Wish, polls []Poll, tasks []Task) []AgendaItem {
	var out []AgendaItem
	polled := map[int64]bool{}
	for _, p := range polls {
		if p.Open() {
			polled[p.WishID] = true
			out = append(out, AgendaItem{Kind: ItemPoll, PollID: p.ID, WishID: p.WishID})
		}
	}
	by := map[ItemKind][]AgendaItem{}
	for _, w := range wishes {
		var k ItemKind
		switch {
		case w.State == StateInAssessment && !polled[w.ID]:
			k = ItemAssess
		case w.State == StatePrioritised && w.Size == SizeMajor && w.SpecLink == "":
			k = ItemSpec
		case w.State == StateEstimated:
			k = ItemEstimate
		default:
			continue
		}
		by[k] = append(by[k], AgendaItem{Kind: k, WishID: w.ID, Text: w.Title})
	}
	for _, k := range []ItemKind{ItemAssess, ItemSpec, ItemEstimate} {
		out = append(out, by[k]...)
	}
	for _, t := range tasks {
		if t.Open() {
			out = append(out, AgendaItem{Kind: ItemTask, TaskID: t.ID, Text: t.Text})
		}
	}
	return out
}

// OtherItems reads free agenda items, one per line; blank lines are skipped.
func OtherItems(text string) ([]AgendaItem, error) {
	var out []AgendaItem
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		switch {
		case line == "":
			continue
		case utf8.RuneCountInString(line) > MaxItemText:
			return nil, Errorf(Invalid, "err.meeting.item_too_long", MaxItemText)
		}
		out = append(out, AgendaItem{Kind: ItemOther, Text: line})
	}
	if len(out) > MaxOtherItems {
		return nil, Errorf(Invalid, "err.meeting.too_many_items", MaxOtherItems)
	}
	return out, nil
}

// RSVPs sorts a meeting's answers to itself: who attends, who cannot, and which of
// members has not answered.
type RSVPs struct {
	Yes, No, Missing []string
}

// CountRSVPs sorts the answers for SlotMeeting against the group's members.
func CountRSVPs(members []string, answers []MeetingAnswer) RSVPs {
	var r RSVPs
	seen := map[string]bool{}
	for _, a := range answers {
		if a.Slot != SlotMeeting {
			continue
		}
		seen[a.User] = true
		if a.Answer == ReplyYes {
			r.Yes = append(r.Yes, a.User)
		} else {
			r.No = append(r.No, a.User)
		}
	}
	for _, u := range members {
		if !seen[u] {
			r.Missing = append(r.Missing, u)
		}
	}
	return r
}

// Reminded is who gets a meeting's reminder: those attending and the members who
// have not answered; never those who said they cannot.
func (r RSVPs) Reminded() []string { return append(slices.Clone(r.Yes), r.Missing...) }

// CandidateCount is the answers to one candidate time.
type CandidateCount struct {
	Yes, Maybe, No []string
}

// CountCandidates sorts the answers to each candidate time of m; Missing is who of
// members has answered none.
func CountCandidates(m Meeting, members []string, answers []MeetingAnswer) (counts []CandidateCount, missing []string) {
	counts = make([]CandidateCount, len(m.Candidates))
	seen := map[string]bool{}
	for _, a := range answers {
		if a.Slot < 1 || a.Slot > len(counts) {
			continue
		}
		seen[a.User] = true
		c := &counts[a.Slot-1]
		switch a.Answer {
		case ReplyYes:
			c.Yes = append(c.Yes, a.User)
		case ReplyMaybe:
			c.Maybe = append(c.Maybe, a.User)
		default:
			c.No = append(c.No, a.User)
		}
	}
	for _, u := range members {
		if !seen[u] {
			missing = append(missing, u)
		}
	}
	return counts, missing
}

// Answered is everyone who gave any answer to m, in the order they first did.
func Answered(answers []MeetingAnswer) []string {
	var out []string
	for _, a := range answers {
		if !slices.Contains(out, a.User) {
			out = append(out, a.User)
		}
	}
	return out
}

// MeetingRef is the message key of a meeting's message in its group's channel.
func MeetingRef(id int64) string { return "meeting/" + itoa(id) }

// MeetingOfRef reads the meeting id back from a MeetingRef.
func MeetingOfRef(ref string) (int64, bool) {
	s, ok := strings.CutPrefix(ref, "meeting/")
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}
