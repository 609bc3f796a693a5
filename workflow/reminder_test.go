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
