package workflow_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func copenhagen(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Copenhagen")
	must(t, err)
	return loc
}

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

func TestParseRemindBefore(t *testing.T) {
	for s, want := range map[string]time.Duration{
		"24h": 24 * time.Hour, "2d": 48 * time.Hour, "90m": 90 * time.Minute, "1h": time.Hour, "14d": 14 * 24 * time.Hour,
		"59m": 0, "15d": 0, "": 0, "d": 0, "tomorrow": 0, "-2h": 0,
		"281474976710658d": 0, "-1d": 0, "9223372036854775807d": 0, "106751d": 0, "99999999999h": 0,
	} {
		got, err := workflow.ParseRemindBefore(s)
		if want == 0 {
			if workflow.KindOf(err) != workflow.Invalid {
				t.Errorf("ParseRemindBefore(%q) = %s, %v; want it refused", s, got, err)
			}
		} else if err != nil || got != want {
			t.Errorf("ParseRemindBefore(%q) = %s, %v; want %s", s, got, err, want)
		}
	}
}

func TestDigestSections(t *testing.T) {
	w := func(id int64, s workflow.State, size workflow.Size, spec string) workflow.Wish {
		return workflow.Wish{ID: id, State: s, Size: size, SpecLink: spec}
	}
	open := workflow.Poll{ID: 7, WishID: 2}
	closed := workflow.Poll{ID: 8, WishID: 3, ClosedAt: time.Now()}
	free := workflow.Poll{ID: 9}
	group := workflow.GroupSections([]workflow.Wish{
		w(1, workflow.StateInAssessment, workflow.SizeNormal, ""),
		w(2, workflow.StateInAssessment, workflow.SizeNormal, ""), // polled
		w(3, workflow.StateInAssessment, workflow.SizeMajor, ""),  // its poll closed without consensus
		w(4, workflow.StatePrioritised, workflow.SizeMajor, ""),
		w(5, workflow.StatePrioritised, workflow.SizeNormal, ""), // the secretariat plans it
		w(6, workflow.StatePrioritised, workflow.SizeMajor, "https://x"),
	}, []workflow.Poll{open, closed, free})
	want := []workflow.DigestSection{{Key: "assessment", IDs: []int64{1, 3}, Total: 2},
		{Key: "polls", IDs: []int64{7, 9}, Total: 2}, {Key: "spec", IDs: []int64{4}, Total: 1}}
	if diff := cmp.Diff(want, group); diff != "" {
		t.Errorf("GroupSections (-want +got):\n%s", diff)
	}
	sec := workflow.SecretariatSections([]workflow.Wish{
		w(1, workflow.StateSubmitted, "", ""), w(2, workflow.StateSpecified, workflow.SizeMajor, ""),
		w(3, workflow.StateEstimated, workflow.SizeMajor, ""), w(4, workflow.StateApproved, workflow.SizeMajor, ""),
		w(5, workflow.StatePrioritised, workflow.SizeNormal, ""), w(6, workflow.StatePrioritised, workflow.SizeMajor, ""),
		w(7, workflow.StateInAssessment, workflow.SizeNormal, ""), w(8, workflow.StateRecommended, workflow.SizeMajor, ""),
	})
	want = []workflow.DigestSection{{Key: "triage", IDs: []int64{1}, Total: 1}, {Key: "estimate", IDs: []int64{2}, Total: 1},
		{Key: "recommend", IDs: []int64{3}, Total: 1}, {Key: "plan", IDs: []int64{4, 5}, Total: 2}}
	if diff := cmp.Diff(want, sec); diff != "" {
		t.Errorf("SecretariatSections (-want +got):\n%s", diff)
	}
	steer := workflow.SteeringSections([]workflow.Initiative{{ID: 1, State: workflow.InitiativeRecommended}, {ID: 2, State: workflow.InitiativeApproved}})
	if diff := cmp.Diff([]workflow.DigestSection{{Key: "decision", IDs: []int64{1}, Total: 1}}, steer); diff != "" {
		t.Errorf("SteeringSections (-want +got):\n%s", diff)
	}
	var many []workflow.Wish
	for i := range 40 {
		many = append(many, w(int64(i+1), workflow.StateSubmitted, "", ""))
	}
	if s := workflow.SecretariatSections(many)[0]; s.Total != 40 || len(s.IDs) != workflow.MaxDigestItems {
		t.Errorf("40 wishes to triage: %d named of %d", len(s.IDs), s.Total)
	}
	if !(workflow.Digest{Sections: workflow.SecretariatSections(nil)}).Empty() || (workflow.Digest{Sections: sec}).Empty() {
		t.Errorf("Empty is wrong")
	}
}

func TestDigestReaders(t *testing.T) {
	sec := []string{"S1", "S2"}
	if got := workflow.DigestReaders(workflow.Group{CoordinatorID: "C"}, sec); !cmp.Equal(got, []string{"C"}) {
		t.Errorf("with a coordinator: %v", got)
	}
	if got := workflow.DigestReaders(workflow.Group{}, sec); !cmp.Equal(got, sec) {
		t.Errorf("without a coordinator: %v, want the secretariat", got)
	}
}

func TestReminderDue(t *testing.T) {
	t0 := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	week := workflow.Poll{CreatedAt: t0, Deadline: t0.Add(7 * 24 * time.Hour)}
	day := workflow.Poll{CreatedAt: t0, Deadline: t0.Add(24 * time.Hour)}
	reminded, closed := week, week
	reminded.RemindedAt, closed.ClosedAt = t0, t0
	for _, c := range []struct {
		name   string
		p      workflow.Poll
		before time.Duration
		now    time.Time
		want   bool
	}{
		{"a week's poll, a day before", week, 0, t0.Add(6 * 24 * time.Hour), true},
		{"a week's poll, earlier", week, 0, t0.Add(6*24*time.Hour - time.Minute), false},
		{"two days before, by the group's setting", week, 48 * time.Hour, t0.Add(5 * 24 * time.Hour), true},
		{"at the deadline it closes instead", week, 0, week.Deadline, false},
		{"reminded already", reminded, 0, t0.Add(6 * 24 * time.Hour), false},
		{"closed", closed, 0, t0.Add(6 * 24 * time.Hour), false},
		{"a day's poll: not at its start", day, 0, t0, false},
		{"a day's poll: at half time", day, 0, t0.Add(12 * time.Hour), true},
	} {
		if got := workflow.ReminderDue(c.p, c.before, c.now); got != c.want {
			t.Errorf("%s: ReminderDue = %v, want %v", c.name, got, c.want)
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

// digests are the pending digest notices, by reader.
func (f *fixture) digests() map[string][]workflow.Digest {
	f.t.Helper()
	ds, err := f.db.PendingDeliveries(context.Background(), f.clock().Add(time.Hour), 0)
	must(f.t, err)
	out := map[string][]workflow.Digest{}
	for _, d := range ds {
		if d.Kind == workflow.NoticeDigest {
			var dg workflow.Digest
			must(f.t, json.Unmarshal([]byte(d.Payload), &dg))
			out[d.To] = append(out[d.To], dg)
		}
	}
	return out
}

func TestRunReminders(t *testing.T) {
	ctx := context.Background()
	loc := copenhagen(t)
	f := newFixture(t) // Monday 1 March 2027, 10:00 in Copenhagen
	run := func(now time.Time) workflow.ReminderRun {
		t.Helper()
		r, err := f.svc.RunReminders(ctx, now, loc)
		must(t, err)
		return r
	}
	w := f.routed()
	f.wish() // awaits triage
	if r := run(f.clock()); r.Digests != 0 {
		t.Fatalf("the first run sent %d digests: a rule first seen starts counting", r.Digests)
	}
	monday := time.Date(2027, 3, 8, 9, 0, 0, 0, loc)
	if r := run(monday.Add(-time.Minute)); r.Digests != 0 {
		t.Errorf("sent %d digests before Monday 09:00", r.Digests)
	}
	r := run(monday)
	if r.Digests != 2 {
		t.Errorf("Monday 09:00 sent %d digests, want the coordinator's and the secretariat's", r.Digests)
	}
	if r := run(monday); r.Digests != 0 {
		t.Errorf("a second run for the same time sent %d digests", r.Digests)
	}
	got := f.digests()
	want := workflow.Digest{Rule: "group/kontrakt", Group: "kontrakt", Fire: monday.UTC(), Sections: []workflow.DigestSection{
		{Key: "assessment", IDs: []int64{w.ID}, Total: 1}, {Key: "polls", Total: 0}, {Key: "spec", Total: 0}}}
	if diff := cmp.Diff([]workflow.Digest{want}, got[uCoord], cmp.Comparer(time.Time.Equal)); diff != "" {
		t.Errorf("coordinator's digest (-want +got):\n%s", diff)
	}
	if len(got[uSec]) != 1 || got[uSec][0].Rule != workflow.RuleSecretariat || len(got[uSteer]) != 0 {
		t.Errorf("digests: %+v; want one for the secretariat and none for the steering group, which has nothing waiting", got)
	}
	// Three weeks down: one make-up run, for the latest Monday.
	if r := run(monday.AddDate(0, 0, 22)); r.Digests != 2 {
		t.Errorf("after three weeks down: %d digests, want one per reader", r.Digests)
	}
}

func TestRunRemindersRemindsOnlyWhoHasNotTakenAStance(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	p, _ := f.poll(workflow.ProposePrioritise, "")
	f.stance(uMember, p.ID, workflow.Agree, "")
	day := p.Deadline.Add(-24 * time.Hour)
	for _, c := range []struct {
		now  time.Time
		want int
	}{{day.Add(-time.Minute), 0}, {day, 2}, {day.Add(time.Minute), 0}} {
		r, err := f.svc.RunReminders(ctx, c.now, time.UTC)
		must(t, err)
		if r.PollReminders != c.want {
			t.Errorf("at %s: %d reminders, want %d", c.now, r.PollReminders, c.want)
		}
	}
	ds, err := f.db.PendingDeliveries(ctx, p.Deadline, 0)
	must(t, err)
	var to []string
	for _, d := range ds {
		if d.Kind == workflow.NoticePollReminder {
			to = append(to, d.To)
		}
	}
	if !cmp.Equal(to, []string{uCoord, uOther}) {
		t.Errorf("reminded %v, want the coordinator and the member without a stance", to)
	}
}
