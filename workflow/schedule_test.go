package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestParseSchedule(t *testing.T) {
	for _, c := range []struct {
		expr string
		msg  string // "" when accepted
		args []any
	}{
		{"", "", nil},
		{"0 9 * * 1", "", nil},
		{"30 7 * * 1-5", "", nil},
		{"@weekly", "", nil},
		{"@daily", "", nil},
		{"* * * * *", "", nil}, // runs; CheckSchedule refuses it as a new schedule
		{"0 9 * *", "err.schedule.fields", []any{"0 9 * *", 4}},
		{"mondays", "err.schedule.fields", []any{"mondays", 1}},
		{"61 9 * * *", "err.schedule.field", []any{"61", "minute", "0-59"}},
		{"0 24 * * *", "err.schedule.field", []any{"24", "hour", "0-23"}},
		{"0 9 32 * *", "err.schedule.field", []any{"32", "day", "1-31"}},
		{"0 9 * 13 *", "err.schedule.field", []any{"13", "month", "1-12"}},
		{"0 9 * * 8", "err.schedule.field", []any{"8", "weekday", "0-6"}},
		{"0 9 * * mon-xyz", "err.schedule.field", []any{"mon-xyz", "weekday", "0-6"}},
		{"@fortnightly", "err.schedule.descriptor", []any{"@fortnightly"}},
		{"TZ=UTC 0 9 * * *", "err.schedule.tz", nil},
		{"CRON_TZ=Europe/Copenhagen 0 9 * * *", "err.schedule.tz", nil},
	} {
		_, err := workflow.ParseSchedule(c.expr)
		if c.msg == "" {
			if err != nil {
				t.Errorf("ParseSchedule(%q) = %v, want it accepted", c.expr, err)
			}
			continue
		}
		e, ok := workflow.AsError(err)
		if !ok || e.Kind != workflow.Invalid || e.Msg != c.msg || !cmp.Equal(e.Args, c.args) {
			t.Errorf("ParseSchedule(%q) = %#v, want invalid %s %v", c.expr, err, c.msg, c.args)
		}
	}
}

func TestCheckSchedule(t *testing.T) {
	loc := copenhagen(t)
	now := time.Date(2026, 12, 1, 4, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		expr, msg string // msg "" when accepted
	}{
		{"", ""},
		{"0 9 * * 1", ""},
		{"0 * * * *", ""},       // hourly is the most often
		{"0 */2 * * 1-5", ""},   // every other hour on weekdays
		{"30 2 * * *", ""},      // 02:30, also on the night it does not exist
		{"0 9 1 1 *", ""},       // once a year
		{"0 9 29 2 *", "never"}, // the next 29 February is in 2028, after 400 days
		{"0 9 31 2 *", "never"},
		{"0 9 30 2 *", "never"},
		{"* * * * *", "often"},
		{"*/30 * * * *", "often"},
		{"0,59 9 * * *", "often"},
		{"59 8 * * *", ""},
		{"0,30 9 1 1 *", "often"}, // twice in half an hour, once a year
		{"@hourly", ""},
		{"@every 30m", "often"},
		{"@every 2h", ""},
		{"61 9 * * *", "field"},
	} {
		_, err := workflow.CheckSchedule(c.expr, now, loc)
		e, _ := workflow.AsError(err)
		var got string
		switch {
		case err == nil:
		case e.Msg == "err.schedule.never":
			got = "never"
		case e.Msg == "err.schedule.too_often":
			got = "often"
		case e.Msg == "err.schedule.field":
			got = "field"
		default:
			got = err.Error()
		}
		if got != c.msg {
			t.Errorf("CheckSchedule(%q) = %v, want %q", c.expr, err, c.msg)
		}
	}
	// 29 February in a year is within 400 days of December 2027.
	if _, err := workflow.CheckSchedule("0 9 29 2 *", now.AddDate(1, 0, 0), loc); err != nil {
		t.Errorf("CheckSchedule of 29 February from December 2027 = %v, want it accepted", err)
	}
}

func TestScheduleNextAcrossDaylightSavingTime(t *testing.T) {
	loc := copenhagen(t)
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, loc) }
	for _, c := range []struct {
		name, expr string
		from       time.Time
		want       []time.Time
	}{
		{"09:00 over the March change", "0 9 * * *", at(2027, 3, 27, 0, 0),
			[]time.Time{at(2027, 3, 27, 9, 0), at(2027, 3, 28, 9, 0), at(2027, 3, 29, 9, 0)}},
		{"09:00 over the October change", "0 9 * * *", at(2027, 10, 30, 0, 0),
			[]time.Time{at(2027, 10, 30, 9, 0), at(2027, 10, 31, 9, 0), at(2027, 11, 1, 9, 0)}},
		// 02:30 does not exist on 28 March: it fires once, an hour later by the wall clock.
		{"02:30 that does not exist", "30 2 * * *", at(2027, 3, 27, 12, 0),
			[]time.Time{time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC), at(2027, 3, 29, 2, 30)}},
		// 02:30 occurs twice on 31 October: it fires the first time only.
		{"02:30 that occurs twice", "30 2 * * *", at(2027, 10, 30, 12, 0),
			[]time.Time{time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC), at(2027, 11, 1, 2, 30)}},
		{"every quarter through the repeated hour", "*/30 * * * *", time.Date(2027, 10, 30, 23, 50, 0, 0, time.UTC),
			[]time.Time{time.Date(2027, 10, 31, 0, 0, 0, 0, time.UTC), time.Date(2027, 10, 31, 0, 30, 0, 0, time.UTC),
				time.Date(2027, 10, 31, 2, 0, 0, 0, time.UTC)}},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := workflow.ParseSchedule(c.expr)
			must(t, err)
			var got []time.Time
			for t1 := c.from; len(got) < len(c.want); {
				t1 = s.Next(t1, loc)
				got = append(got, t1)
			}
			if diff := cmp.Diff(c.want, got, cmp.Comparer(time.Time.Equal)); diff != "" {
				t.Errorf("fire times (-want +got):\n%s", diff)
			}
		})
	}
}

func TestScheduleLatestMakesUpOnce(t *testing.T) {
	loc := copenhagen(t)
	monday := func(d int) time.Time { return time.Date(2027, 3, d, 9, 0, 0, 0, loc) }
	s, err := workflow.ParseSchedule("") // Mondays 09:00
	must(t, err)
	every, err := workflow.ParseSchedule("* * * * *")
	must(t, err)
	for _, c := range []struct {
		name      string
		s         workflow.Schedule
		last, now time.Time
		want      time.Time
	}{
		{"not yet", s, monday(1), monday(8).Add(-time.Minute), time.Time{}},
		{"on time", s, monday(1), monday(8), monday(8)},
		{"three weeks down: the latest only", s, monday(1), monday(22).Add(2 * 24 * time.Hour), monday(22)},
		{"every minute, a year down", every, monday(1).AddDate(-1, 0, 0), monday(1).Add(30 * time.Second), monday(1)},
		{"clock behind the last run", s, monday(22), monday(8), time.Time{}},
	} {
		if got := c.s.Latest(c.last, c.now, loc); !got.Equal(c.want) {
			t.Errorf("%s: Latest = %s, want %s", c.name, got, c.want)
		}
	}
}

func TestSetSchedules(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		g, err := f.svc.SetGroupSchedule(ctx, f.actor(uSec), "kontrakt", " 30  7 * * 1-5 ")
		must(t, err)
		_, err = f.svc.SetRemindBefore(ctx, f.actor(uAdmin), "kontrakt", 48*time.Hour)
		must(t, err)
		must(t, f.svc.SetDigestSchedule(ctx, f.actor(uSec), workflow.RuleSteering, "@weekly"))
		if g.Schedule != "30 7 * * 1-5" {
			t.Errorf("schedule %q", g.Schedule)
		}
		infos, err := f.svc.Schedules(ctx, copenhagen(t))
		must(t, err)
		got := map[string]workflow.ScheduleInfo{}
		for _, in := range infos {
			got[in.Rule] = in
		}
		if k := got["group/kontrakt"]; k.Schedule != "30 7 * * 1-5" || k.RemindBefore != 48*time.Hour || k.Default ||
			!k.Next.Equal(time.Date(2027, 3, 2, 6, 30, 0, 0, time.UTC)) {
			t.Errorf("kontrakt: %+v", k)
		}
		if s := got[workflow.RuleSecretariat]; !s.Default || s.Schedule != workflow.DefaultSchedule {
			t.Errorf("secretariat: %+v", s)
		}
		if s := got[workflow.RuleSteering]; s.Schedule != "@weekly" || s.Default {
			t.Errorf("steering: %+v", s)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t)
		before := f.events()
		for _, u := range []string{uCoord, uMember, uSteer} {
			_, err := f.svc.SetGroupSchedule(ctx, f.actor(u), "kontrakt", "@daily")
			f.wantKind(err, workflow.Forbidden, before)
			_, err = f.svc.SetRemindBefore(ctx, f.actor(u), "kontrakt", time.Hour)
			f.wantKind(err, workflow.Forbidden, before)
			f.wantKind(f.svc.SetDigestSchedule(ctx, f.actor(u), workflow.RuleSecretariat, "@daily"), workflow.Forbidden, before)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := newFixture(t)
		before := f.events()
		_, err := f.svc.SetGroupSchedule(ctx, f.actor(uSec), "kontrakt", "0 25 * * *")
		f.wantKind(err, workflow.Invalid, before)
		_, err = f.svc.SetRemindBefore(ctx, f.actor(uSec), "kontrakt", 15*24*time.Hour)
		f.wantKind(err, workflow.Invalid, before)
		f.wantKind(f.svc.SetDigestSchedule(ctx, f.actor(uSec), "userclub", "@daily"), workflow.Invalid, before)
		_, err = f.svc.SetGroupSchedule(ctx, f.actor(uSec), "nosuch", "@daily")
		f.wantKind(err, workflow.NotFound, before)
	})
}
