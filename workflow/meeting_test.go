package workflow_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestLocalTime(t *testing.T) {
	cph := copenhagen(t)
	for _, c := range []struct {
		date, clock string
		want        time.Time // zero: refused with msg
		msg         string
	}{
		{"2027-04-06", "10:00", time.Date(2027, 4, 6, 8, 0, 0, 0, time.UTC), ""},
		{" 2027-01-12 ", "09:30", time.Date(2027, 1, 12, 8, 30, 0, 0, time.UTC), ""},
		// Summer time starts on 28 March 2027: 02:00-02:59 does not exist.
		{"2027-03-28", "02:30", time.Time{}, "err.meeting.no_such_time"},
		{"2027-03-28", "01:59", time.Date(2027, 3, 28, 0, 59, 0, 0, time.UTC), ""},
		{"2027-03-28", "03:00", time.Date(2027, 3, 28, 1, 0, 0, 0, time.UTC), ""},
		// Summer time ends on 31 October 2027: 02:30 happens twice; the first is meant.
		{"2027-10-31", "02:30", time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC), ""},
		{"2027-02-30", "10:00", time.Time{}, "err.meeting.date"},
		{"27-03-01", "10:00", time.Time{}, "err.meeting.date"},
		{"", "10:00", time.Time{}, "err.meeting.date"},
		{"0000-01-01", "10:00", time.Time{}, "err.meeting.date"},
		{"2027-03-01", "9:30", time.Date(2027, 3, 1, 8, 30, 0, 0, time.UTC), ""},
		{"2027-03-01", "24:00", time.Time{}, "err.meeting.time"},
		{"2027-03-01", "9.30", time.Time{}, "err.meeting.time"},
		{"2027-03-01", "", time.Time{}, "err.meeting.time"},
	} {
		got, err := workflow.LocalTime(c.date, c.clock, cph)
		if c.msg != "" {
			if e, ok := workflow.AsError(err); !ok || e.Msg != c.msg || e.Kind != workflow.Invalid {
				t.Errorf("LocalTime(%q, %q) = %v, %v; want %s", c.date, c.clock, got, err, c.msg)
			}
			continue
		}
		if err != nil || !got.Equal(c.want) {
			t.Errorf("LocalTime(%q, %q) = %v, %v; want %v", c.date, c.clock, got, err, c.want)
		}
	}
}

func TestCheckFuture(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	if err := workflow.CheckFuture(now, now); workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("now is not in the future: %v", err)
	}
	if err := workflow.CheckFuture(now.Add(-time.Hour), now); workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("an hour ago: %v", err)
	}
	if err := workflow.CheckFuture(now.Add(time.Minute), now); err != nil {
		t.Errorf("in a minute: %v", err)
	}
}

var durationCases = []struct {
	in   string
	want time.Duration // 0: refused
}{
	{"", workflow.DefaultDuration},
	{"1h30m", 90 * time.Minute},
	{" 90m ", 90 * time.Minute},
	{"1:30", 90 * time.Minute},
	{"2h", 2 * time.Hour},
	{"2H", 2 * time.Hour},
	{"1 h 15 m", 75 * time.Minute},
	{"15m", 15 * time.Minute},
	{"12h", 12 * time.Hour},
	{"14m", 0},
	{"12h1m", 0},
	{"-1h", 0},
	{"1:3", 0},
	{"1:60", 0},
	{"abc", 0},
	{"9999999999h", 0},
	{"1.5h", 90 * time.Minute},
}

func TestParseDuration(t *testing.T) {
	for _, c := range durationCases {
		got, err := workflow.ParseDuration(c.in)
		if c.want == 0 {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Errorf("ParseDuration(%q) = %v, %v; want refused", c.in, got, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", c.in, got, err, c.want)
		}
		if back, err := workflow.ParseDuration(workflow.FormatDuration(got)); err != nil || back != got {
			t.Errorf("round trip of %v: %v, %v", got, back, err)
		}
	}
}

var taskCases = []struct {
	name, in string
	want     []workflow.TaskDraft
	line     int    // a refused line, from 1
	msg      string // its catalog key
}{
	{"one with date", "<@U1>: send the draft, by 2027-03-10",
		[]workflow.TaskDraft{{Owner: "U1", Text: "send the draft", Due: time.Date(2027, 3, 10, 22, 59, 59, 0, time.UTC)}}, 0, ""},
	{"no date, no colon, blank lines", "\n<@U1> ask the supplier\n\n<@W2ABC>: check &<> <!channel>\n",
		[]workflow.TaskDraft{{Owner: "U1", Text: "ask the supplier"}, {Owner: "W2ABC", Text: "check &<> <!channel>"}}, 0, ""},
	{"Danish", "<@U1>: send udkast, senest 2027-03-02",
		[]workflow.TaskDraft{{Owner: "U1", Text: "send udkast", Due: time.Date(2027, 3, 2, 22, 59, 59, 0, time.UTC)}}, 0, ""},
	{"due today", "<@U1>: today, by 2027-03-01",
		[]workflow.TaskDraft{{Owner: "U1", Text: "today", Due: time.Date(2027, 3, 1, 22, 59, 59, 0, time.UTC)}}, 0, ""},
	{"labelled mention", "<@U1|anna>: draft", []workflow.TaskDraft{{Owner: "U1", Text: "draft"}}, 0, ""},
	{"no @", "<@U1>: fine\nAnna: send the draft", nil, 2, "err.task.no_owner"},
	{"typed name", "@anna: send the draft", nil, 1, "err.task.no_owner"},
	{"channel mention", "<!channel>: everyone", nil, 1, "err.task.no_owner"},
	{"no text", "<@U1>:", nil, 1, "err.task.no_text"},
	{"only a date", "<@U1>: by 2027-04-01", nil, 1, "err.task.no_text"},
	{"past date", "<@U1>: late, by 2027-02-28", nil, 1, "err.task.date_past"},
	{"no such date", "<@U1>: x, by 2027-02-30", nil, 1, "err.task.date"},
	{"unterminated", "<@U1: x", nil, 1, "err.task.no_owner"},
}

func TestParseTasks(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	cph := copenhagen(t)
	for _, c := range taskCases {
		t.Run(c.name, func(t *testing.T) {
			got, err := workflow.ParseTasks(c.in, now, cph)
			if c.line != 0 {
				var le *workflow.LineError
				if !errors.As(err, &le) || le.Line != c.line || le.Err.Msg != c.msg || workflow.KindOf(err) != workflow.Invalid {
					t.Fatalf("ParseTasks = %v, %v; want line %d: %s", got, err, c.line, c.msg)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestCheckCandidates(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	at := func(d int) time.Time { return now.AddDate(0, 0, d) }
	for _, c := range []struct {
		in  []time.Time
		msg string
	}{
		{nil, "err.meeting.candidates"},
		{[]time.Time{at(1)}, "err.meeting.candidates"},
		{[]time.Time{at(3), at(1)}, ""},
		{[]time.Time{at(1), at(2), at(3), at(4), at(5)}, ""},
		{[]time.Time{at(1), at(2), at(3), at(4), at(5), at(6)}, "err.meeting.candidates"},
		{[]time.Time{at(1), at(-1)}, "err.meeting.past"},
		{[]time.Time{at(1), at(1)}, "err.meeting.candidate_twice"},
	} {
		got, err := workflow.CheckCandidates(c.in, now)
		if c.msg == "" {
			if err != nil || !got[0].Before(got[1]) {
				t.Errorf("CheckCandidates(%v) = %v, %v", c.in, got, err)
			}
			continue
		}
		if e, ok := workflow.AsError(err); !ok || e.Msg != c.msg {
			t.Errorf("CheckCandidates(%v) = %v; want %s", c.in, err, c.msg)
		}
	}
}

func TestProposeAgenda(t *testing.T) {
	wishes := []workflow.Wish{
		{ID: 1, State: workflow.StateInAssessment, Title: "polled"},
		{ID: 2, State: workflow.StateInAssessment, Title: "to assess"},
		{ID: 3, State: workflow.StatePrioritised, Size: workflow.SizeMajor, Title: "needs spec"},
		{ID: 4, State: workflow.StatePrioritised, Size: workflow.SizeMajor, SpecLink: "x", Title: "specified"},
		{ID: 5, State: workflow.StateEstimated, Title: "estimate back"},
		{ID: 6, State: workflow.StatePrioritised, Size: workflow.SizeNormal, Title: "normal"},
	}
	polls := []workflow.Poll{{ID: 7, WishID: 1}, {ID: 8, WishID: 6, ClosedAt: time.Now()}, {ID: 9, Text: "free"}}
	tasks := []workflow.Task{{ID: 10, Text: "open"}, {ID: 11, Text: "done", DoneAt: time.Now()}}
	got := workflow.ProposeAgenda(wishes, polls, tasks)
	want := []workflow.AgendaItem{
		{Kind: workflow.ItemPoll, PollID: 7, WishID: 1},
		{Kind: workflow.ItemPoll, PollID: 9},
		{Kind: workflow.ItemAssess, WishID: 2, Text: "to assess"},
		{Kind: workflow.ItemSpec, WishID: 3, Text: "needs spec"},
		{Kind: workflow.ItemEstimate, WishID: 5, Text: "estimate back"},
		{Kind: workflow.ItemTask, TaskID: 10, Text: "open"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	var keys []string
	for _, it := range got {
		keys = append(keys, it.Key())
	}
	if diff := cmp.Diff([]string{"poll:7", "poll:9", "assessment:2", "spec:3", "estimate:5", "task:10"}, keys); diff != "" {
		t.Errorf("keys (-want +got):\n%s", diff)
	}
}

func TestOtherItems(t *testing.T) {
	got, err := workflow.OtherItems("  Budget 2028 \n\n<!channel> &<>\n")
	want := []workflow.AgendaItem{{Kind: workflow.ItemOther, Text: "Budget 2028"}, {Kind: workflow.ItemOther, Text: "<!channel> &<>"}}
	if err != nil || !cmp.Equal(want, got) {
		t.Errorf("OtherItems = %v, %v", got, err)
	}
	long := make([]byte, workflow.MaxItemText+1)
	for i := range long {
		long[i] = 'x'
	}
	if _, err := workflow.OtherItems(string(long)); workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("a long item: %v", err)
	}
	if _, err := workflow.OtherItems("1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11"); workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("11 items: %v", err)
	}
}

func TestMeetingReminderDue(t *testing.T) {
	start := time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)
	m := workflow.Meeting{State: workflow.MeetingScheduled, Start: start}
	for _, c := range []struct {
		name   string
		m      func(workflow.Meeting) workflow.Meeting
		before time.Duration
		now    time.Time
		want   bool
	}{
		{"too early", nil, 0, start.Add(-25 * time.Hour), false},
		{"a day before", nil, 0, start.Add(-24 * time.Hour), true},
		{"an hour before", nil, 0, start.Add(-time.Hour), true},
		{"started", nil, 0, start, false},
		{"group's remind-before", nil, 2 * time.Hour, start.Add(-3 * time.Hour), false},
		{"reminded", func(m workflow.Meeting) workflow.Meeting { m.RemindedAt = start.Add(-24 * time.Hour); return m }, 0, start.Add(-time.Hour), false},
		{"cancelled", func(m workflow.Meeting) workflow.Meeting { m.State = workflow.MeetingCancelled; return m }, 0, start.Add(-time.Hour), false},
		{"finding", func(m workflow.Meeting) workflow.Meeting { m.State = workflow.MeetingFinding; return m }, 0, start.Add(-time.Hour), false},
	} {
		mm := m
		if c.m != nil {
			mm = c.m(m)
		}
		if got := workflow.MeetingReminderDue(mm, c.before, c.now, nil); got != c.want {
			t.Errorf("%s: due = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestCountRSVPsAndCandidates(t *testing.T) {
	answers := []workflow.MeetingAnswer{
		{User: "A", Slot: 0, Answer: workflow.ReplyYes},
		{User: "B", Slot: 0, Answer: workflow.ReplyNo},
		{User: "X", Slot: 0, Answer: workflow.ReplyYes}, // not a member: the secretariat
		{User: "A", Slot: 1, Answer: workflow.ReplyMaybe},
		{User: "C", Slot: 2, Answer: workflow.ReplyYes},
		{User: "C", Slot: 9, Answer: workflow.ReplyYes}, // no such slot
	}
	r := workflow.CountRSVPs([]string{"A", "B", "C", "D"}, answers)
	want := workflow.RSVPs{Yes: []string{"A", "X"}, No: []string{"B"}, Missing: []string{"C", "D"}}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("RSVPs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"A", "X", "C", "D"}, r.Reminded()); diff != "" {
		t.Errorf("reminded (-want +got):\n%s", diff)
	}
	m := workflow.Meeting{Candidates: make([]time.Time, 2)}
	counts, missing := workflow.CountCandidates(m, []string{"A", "B", "C", "D"}, answers)
	wantC := []workflow.CandidateCount{{Maybe: []string{"A"}}, {Yes: []string{"C"}}}
	if diff := cmp.Diff(wantC, counts); diff != "" || !cmp.Equal([]string{"B", "D"}, missing) {
		t.Errorf("candidates (-want +got):\n%s; missing %v", diff, missing)
	}
	if diff := cmp.Diff([]string{"A", "B", "X", "C"}, workflow.Answered(answers)); diff != "" {
		t.Errorf("answered (-want +got):\n%s", diff)
	}
}

func TestCoordinatorMandates(t *testing.T) {
	vacant := workflow.Group{Name: "IT-kontrakter", Members: []string{"A", "B"}}
	held := workflow.Group{Name: "IT-kontrakter", Members: []string{"A", "B"}, CoordinatorID: "A"}
	for _, c := range []struct {
		name    string
		user    string
		g       workflow.Group
		pending []string
		want    workflow.Kind // -1 allowed
		msg     string
	}{
		{"member of a vacant group", "A", vacant, nil, -1, ""},
		{"not a member", "Z", vacant, nil, workflow.Forbidden, "err.forbidden.volunteer"},
		{"group has a coordinator", "B", held, nil, workflow.Conflict, "err.volunteer.has_coordinator"},
		{"twice", "A", vacant, []string{"A"}, workflow.Conflict, "err.volunteer.already"},
		{"another volunteered too", "B", vacant, []string{"A"}, -1, ""},
	} {
		err := workflow.MayVolunteer(workflow.Actor{UserID: c.user}, c.g, c.pending)
		if c.want == -1 {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if e, ok := workflow.AsError(err); !ok || e.Kind != c.want || e.Msg != c.msg {
			t.Errorf("%s: %v, want %s", c.name, err, c.msg)
		}
	}
	for _, c := range []struct {
		user string
		g    workflow.Group
		ok   bool
	}{{"A", held, true}, {"B", held, false}, {"A", vacant, false}, {"", vacant, false}} {
		if err := workflow.MayStepDown(workflow.Actor{UserID: c.user}, c.g); (err == nil) != c.ok {
			t.Errorf("MayStepDown(%q, coordinator %q) = %v", c.user, c.g.CoordinatorID, err)
		}
	}
}

func TestMeetingRef(t *testing.T) {
	if id, ok := workflow.MeetingOfRef(workflow.MeetingRef(42)); !ok || id != 42 {
		t.Errorf("MeetingOfRef = %d, %v", id, ok)
	}
	for _, r := range []string{"poll/3", "meeting/", "meeting/x", "meeting/-1", "meeting/0"} {
		if _, ok := workflow.MeetingOfRef(r); ok {
			t.Errorf("MeetingOfRef(%q) ok", r)
		}
	}
}

func TestMeetingRemindAtKeepsTheWallClock(t *testing.T) {
	cph := copenhagen(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, cph) }
	for _, c := range []struct {
		start  time.Time
		before time.Duration
		want   time.Time
	}{
		// Summer time starts on 28 March 2027 and ends on 31 October 2027.
		{at(2027, 3, 28, 10, 0), 24 * time.Hour, at(2027, 3, 27, 10, 0)},
		{at(2027, 3, 29, 3, 0), 2 * 24 * time.Hour, at(2027, 3, 27, 3, 0)},
		{at(2027, 10, 31, 10, 0), 0, at(2027, 10, 30, 10, 0)},
		{at(2027, 3, 29, 2, 30), 24 * time.Hour, at(2027, 3, 28, 3, 30)}, // 02:30 does not exist that day
		{at(2027, 3, 28, 10, 0), 2 * time.Hour, at(2027, 3, 28, 8, 0)},   // not whole days: by the clock
		{at(2027, 6, 10, 10, 0), 24 * time.Hour, at(2027, 6, 9, 10, 0)},
	} {
		m := workflow.Meeting{Start: c.start.UTC()}
		if got := workflow.MeetingRemindAt(m, c.before, cph); !got.Equal(c.want) {
			t.Errorf("MeetingRemindAt(%s, %v) = %s, want %s", c.start, c.before, got.In(cph), c.want)
		}
	}
}
