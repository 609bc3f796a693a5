package workflow_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// FuzzParseSchedule: any text is a schedule or a refusal in the catalog's terms, never
// a panic; an accepted new schedule runs within the horizon and at most hourly.
func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"", "0 9 * * 1", "30 7 * * 1-5", "@weekly", "@daily", "@every 30m", "@every 2h",
		"0 9 * *", "61 9 * * *", "0 9 * * 8", "@fortnightly", "mondays", "TZ=UTC 0 9 * * *",
		"0 9 31 2 *", "0 9 29 2 *", "* * * * *", "0,30 9 1 1 *", "0 */2 * * 1-5", "30 2 * * *",
		"0 9 * * mon-xyz", "@every 0s", "@every -1h", "0 0 0 0 0", "*/0 * * * *", "0-59/70 * * * *"} {
		f.Add(s)
	}
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Skip(err)
	}
	now := time.Date(2027, 3, 25, 9, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, expr string) {
		s, err := workflow.ParseSchedule(expr)
		if err != nil {
			e, ok := workflow.AsError(err)
			if !ok || e.Kind != workflow.Invalid || !strings.HasPrefix(e.Msg, "err.schedule.") {
				t.Fatalf("ParseSchedule(%q) = %v, want an invalid err.schedule.*", expr, err)
			}
			return
		}
		_ = s.Next(now, loc)
		c, err := workflow.CheckSchedule(expr, now, loc)
		if err != nil {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("CheckSchedule(%q) = %v, want invalid", expr, err)
			}
			return
		}
		first := c.Next(now, loc)
		if first.IsZero() || first.Sub(now) > workflow.ScheduleHorizon+2*time.Hour {
			t.Fatalf("CheckSchedule accepted %q, whose first run is %s", expr, first)
		}
		if second := c.Next(first, loc); !second.IsZero() && second.Sub(first) < workflow.MinScheduleGap-time.Hour {
			// One hour of slack: a wall-clock hour can be shorter where clocks go forward.
			t.Fatalf("CheckSchedule accepted %q, which runs at %s and again at %s", expr, first, second)
		}
	})
}

// FuzzParseRemindBefore: a duration is accepted only within its bounds, whatever the
// size of the number typed (281474976710658d once overflowed into 48h).
func FuzzParseRemindBefore(f *testing.F) {
	for _, s := range []string{"24h", "2d", "90m", "1h", "14d", "59m", "15d", "", "d", "tomorrow", "-2h",
		"281474976710658d", "9223372036854775807d", "-1d", "106751d", "99999999999h", "1h30m", "+2d", "2D", " 36h "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := workflow.ParseRemindBefore(s)
		if err != nil {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Fatalf("ParseRemindBefore(%q) = %v, want invalid", s, err)
			}
			return
		}
		if d < workflow.MinRemindBefore || d > workflow.MaxRemindBefore {
			t.Fatalf("ParseRemindBefore(%q) = %s, outside [%s, %s]", s, d, workflow.MinRemindBefore, workflow.MaxRemindBefore)
		}
		// What was accepted is what was typed, not a wrapped-around product.
		if days, ok := strings.CutSuffix(strings.ToLower(strings.TrimSpace(s)), "d"); ok {
			if n, err := strconv.ParseInt(days, 10, 64); err != nil || n < 0 || n > 14 || time.Duration(n)*24*time.Hour != d {
				t.Fatalf("ParseRemindBefore(%q) = %s", s, d)
			}
		}
	})
}

// FuzzDeadline: a picked day's deadline is shown on that day at 23:59:59, and the
// default deadline keeps the wall-clock time a week later, in every season.
func FuzzDeadline(f *testing.F) {
	for _, c := range []struct {
		y, m, d int
		now     int64
	}{
		{2027, 3, 10, time.Date(2027, 3, 22, 8, 0, 0, 0, time.UTC).Unix()},
		{2027, 3, 28, time.Date(2027, 3, 27, 22, 30, 0, 0, time.UTC).Unix()},
		{2027, 10, 31, time.Date(2027, 10, 25, 8, 0, 0, 0, time.UTC).Unix()},
		{2027, 2, 29, time.Date(2027, 3, 21, 1, 30, 0, 0, time.UTC).Unix()},
		{2028, 12, 31, 0},
	} {
		f.Add(c.y, c.m, c.d, c.now)
	}
	loc, err := time.LoadLocation("Europe/Copenhagen")
	if err != nil {
		f.Skip(err)
	}
	f.Fuzz(func(t *testing.T, y, m, d int, unix int64) {
		y, m, d = 1970+abs(y)%200, 1+abs(m)%12, 1+abs(d)%31
		if day := time.Date(y, time.Month(m), d, 12, 0, 0, 0, loc); day.Day() == d {
			end := workflow.EndOfDay(y, time.Month(m), d, loc).In(loc)
			if end.Year() != y || int(end.Month()) != m || end.Day() != d || end.Hour() != 23 || end.Minute() != 59 || end.Second() != 59 {
				t.Fatalf("EndOfDay(%d-%02d-%02d) = %s", y, m, d, end)
			}
		}
		now := time.Unix(abs64(unix)%(200*365*24*3600), 0).UTC()
		got := workflow.DefaultDeadline(now, loc).In(loc)
		l := now.In(loc)
		if days := got.Sub(l).Hours() / 24; days < 6.9 || days > 7.1 {
			t.Fatalf("DefaultDeadline(%s) = %s, %.2f days later", l, got, days)
		}
		if want := l.AddDate(0, 0, 7); got.Hour() != want.Hour() || got.Minute() != want.Minute() || got.Day() != want.Day() {
			t.Fatalf("DefaultDeadline(%s) = %s, want the wall clock of %s", l, got, want)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1)
	}
	return n
}

func abs64(n int64) int64 {
	if n < 0 {
		return -(n + 1)
	}
	return n
}
