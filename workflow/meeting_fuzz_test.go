package workflow_test

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/os2kitos/tovholder/workflow"
)

// FuzzParseTasks checks that a task line is read or refused naming a line, never
// half read: every task has an owner that is a user id, a text and no due date in
// the past, and writing a task out and reading it again gives it back.
func FuzzParseTasks(f *testing.F) {
	for _, c := range taskCases {
		f.Add(c.in)
	}
	f.Add("<@U1>: x, by 2027-03-01, by 2027-04-01")
	f.Add("<@U1>>: x")
	f.Add("<@U1>: <@U2>: x")
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, in string) {
		ds, err := workflow.ParseTasks(in, now, loc)
		if err != nil {
			var le *workflow.LineError
			if workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("%q: error of kind %v: %v", in, workflow.KindOf(err), err)
			}
			if errors.As(err, &le) && (le.Line < 1 || le.Line > strings.Count(in, "\n")+1) {
				t.Fatalf("%q: line %d out of range", in, le.Line)
			}
			return
		}
		for _, d := range ds {
			if d.Owner == "" || d.Text == "" || strings.TrimSpace(d.Text) != d.Text || utf8.RuneCountInString(d.Text) > workflow.MaxTaskText {
				t.Fatalf("%q: bad task %+v", in, d)
			}
			if !d.Due.IsZero() && d.Due.Before(now) {
				t.Fatalf("%q: due in the past: %+v", in, d)
			}
			if strings.ContainsAny(d.Text, "\n") {
				continue
			}
			back, err := workflow.ParseTasks(workflow.FormatTask(d, loc), now, loc)
			if err != nil || len(back) != 1 || back[0] != d {
				t.Fatalf("%q: round trip of %+v gave %+v, %v", in, d, back, err)
			}
		}
	})
}

// FuzzParseDuration checks that a meeting's length is within bounds, or refused.
func FuzzParseDuration(f *testing.F) {
	for _, c := range durationCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		d, err := workflow.ParseDuration(in)
		if err != nil {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("%q: %v", in, err)
			}
			return
		}
		if d < workflow.MinDuration || d > workflow.MaxDuration {
			t.Fatalf("%q: %v out of bounds", in, d)
		}
		if back, err := workflow.ParseDuration(workflow.FormatDuration(d)); err != nil || back != d {
			t.Fatalf("%q: round trip of %v gave %v, %v", in, d, back, err)
		}
	})
}

// FuzzLocalTime checks that a meeting time read is the wall-clock time written in
// the community's time zone, or refused.
func FuzzLocalTime(f *testing.F) {
	f.Add("2027-03-28", "02:30")
	f.Add("2027-10-31", "02:30")
	f.Add("2027-04-06", "10:00")
	f.Add("2027-02-30", "10:00")
	f.Add("", "")
	f.Add("0000-01-01", "0:00") // found by the fuzzer: a year of local mean time
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, date, clock string) {
		at, err := workflow.LocalTime(date, clock, loc)
		if err != nil {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("%q %q: %v", date, clock, err)
			}
			return
		}
		l := at.In(loc)
		c, _ := time.Parse("15:04", strings.TrimSpace(clock)) // "9:30" is 09:30
		if l.Format("2006-01-02") != strings.TrimSpace(date) || l.Format("15:04") != c.Format("15:04") {
			t.Fatalf("%q %q read as %s", date, clock, l)
		}
	})
}

// FuzzOtherItems checks that free agenda items are read one a line, trimmed, never
// empty or too long, or refused.
func FuzzOtherItems(f *testing.F) {
	for _, s := range []string{"  Budget 2028 \n\n<!channel> &<>\n", "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11", strings.Repeat("x", 201), "\r\n\r\n", "a\rb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		items, err := workflow.OtherItems(in)
		if err != nil {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("%q: %v", in, err)
			}
			return
		}
		if len(items) > workflow.MaxOtherItems {
			t.Fatalf("%q: %d items", in, len(items))
		}
		for _, it := range items {
			if it.Kind != workflow.ItemOther || it.Text == "" || strings.TrimSpace(it.Text) != it.Text ||
				strings.ContainsAny(it.Text, "\n") || utf8.RuneCountInString(it.Text) > workflow.MaxItemText {
				t.Fatalf("%q: bad item %+v", in, it)
			}
		}
	})
}
