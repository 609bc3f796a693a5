package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestFindADate(t *testing.T) {
	ctx := context.Background()
	f := newMeetingFixture(t)
	f.routed()
	m, err := f.svc.Convene(ctx, f.actor(uCoord), workflow.ConveneInput{Group: "kontrakt", Other: "Budget",
		Candidates: [][2]string{{"2027-03-10", "13:00"}, {"2027-03-08", "10:00"}, {"2027-03-09", "09:00"}}})
	must(t, err)
	if m.State != workflow.MeetingFinding || len(m.Candidates) != 3 || !m.Candidates[0].Before(m.Candidates[1]) {
		t.Fatalf("meeting %+v", m)
	}
	must(t, f.svc.Answer(ctx, f.actor(uMember), m.ID, map[int]workflow.Reply{1: workflow.ReplyNo, 2: workflow.ReplyYes, 3: workflow.ReplyMaybe}))
	must(t, f.svc.Answer(ctx, f.actor(uOther), m.ID, map[int]workflow.Reply{2: workflow.ReplyMaybe}))
	if err := f.svc.Answer(ctx, f.actor(uOther), m.ID, map[int]workflow.Reply{workflow.SlotMeeting: workflow.ReplyYes}); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("attending a meeting without a time: %v", err)
	}
	if err := f.svc.Answer(ctx, f.actor(uOther), m.ID, map[int]workflow.Reply{4: workflow.ReplyYes}); workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("a fourth candidate: %v", err)
	}
	d, err := f.svc.Meeting(ctx, m.ID)
	must(t, err)
	counts, missing := workflow.CountCandidates(d.Meeting, d.Group.Members, d.Answers)
	if len(counts[1].Yes) != 1 || len(counts[1].Maybe) != 1 || !cmp.Equal(missing, []string{uCoord}) {
		t.Errorf("counts %+v, missing %v", counts, missing)
	}
	picked, err := f.svc.PickTime(ctx, f.actor(uCoord), m.ID, 2)
	must(t, err)
	if !picked.Start.Equal(m.Candidates[1]) || picked.State != workflow.MeetingScheduled {
		t.Errorf("picked %+v", picked)
	}
	if got := recipients(f.pending(workflow.NoticeMeetingChanged)); !cmp.Equal(got, []string{uMember, uOther}) {
		t.Errorf("told %v, want everyone who answered", got)
	}
	_, err = f.svc.PickTime(ctx, f.actor(uCoord), m.ID, 1)
	f.wantKind(err, workflow.Conflict, f.events())
}

func TestCancelAndMove(t *testing.T) {
	ctx := context.Background()
	f := newMeetingFixture(t)
	f.routed()
	m := f.convene(uCoord)
	must(t, f.svc.Answer(ctx, f.actor(uMember), m.ID, map[int]workflow.Reply{0: workflow.ReplyYes}))
	moved, err := f.svc.Move(ctx, f.actor(uCoord), m.ID, "2027-03-09", "14:00")
	must(t, err)
	ch := f.pending(workflow.NoticeMeetingChanged)
	if len(ch) != 1 || ch[0].To != uMember || !strings.Contains(ch[0].Payload, `"what":"moved"`) || !strings.Contains(ch[0].Payload, "2027-03-08T09:00:00Z") {
		t.Errorf("move notices %+v", ch)
	}
	if want := time.Date(2027, 3, 9, 13, 0, 0, 0, time.UTC); !moved.Start.Equal(want) {
		t.Errorf("moved to %s", moved.Start)
	}
	// Reminded of at the old time's reminder, then again before the new time.
	for _, at := range []time.Time{m.Start.Add(-24 * time.Hour), moved.Start.Add(-24 * time.Hour)} {
		if r, err := f.svc.RunReminders(ctx, at, f.svc.Location); err != nil || r.MeetingReminders != map[bool]int{true: 0, false: 3}[at.Before(moved.Start.Add(-24*time.Hour))] {
			t.Errorf("reminders at %s: %+v, %v", at, r, err)
		}
	}
	before := f.events()
	_, err = f.svc.Move(ctx, f.actor(uCoord), m.ID, "2027-02-09", "14:00")
	f.wantKind(err, workflow.Invalid, before)
	_, err = f.svc.Cancel(ctx, f.actor(uCoord), m.ID, "  ")
	f.wantKind(err, workflow.Invalid, before)
	c, err := f.svc.Cancel(ctx, f.actor(uCoord), m.ID, "The supplier cannot come. <!channel>")
	must(t, err)
	if c.State != workflow.MeetingCancelled || len(f.pending(workflow.NoticeMeetingChanged)) != 2 {
		t.Errorf("cancelled %+v", c)
	}
	_, err = f.svc.Move(ctx, f.actor(uCoord), m.ID, "2027-03-10", "14:00")
	f.wantKind(err, workflow.Conflict, f.events())
	if r, _ := f.svc.RunReminders(ctx, c.Start.Add(-time.Hour), f.svc.Location); r.MeetingReminders != 0 {
		t.Errorf("a cancelled meeting was reminded of")
	}
	if next, _ := f.svc.NextMeetings(ctx); len(next) != 0 {
		t.Errorf("next meetings %v", next)
	}
}

// TestMeetingReminderAcrossSummerTime: a meeting at 10:00 on the day summer time
// starts is reminded of at 10:00 the day before, in winter time.
func TestMeetingReminderAcrossSummerTime(t *testing.T) {
	ctx := context.Background()
	f := newMeetingFixture(t)
	f.routed()
	f.advance(time.Date(2027, 3, 20, 9, 0, 0, 0, time.UTC).Sub(f.clock()))
	m, err := f.svc.Convene(ctx, f.actor(uSec), workflow.ConveneInput{Group: "kontrakt", Date: "2027-03-28", Time: "10:00", Other: "x"})
	must(t, err)
	if want := time.Date(2027, 3, 28, 8, 0, 0, 0, time.UTC); !m.Start.Equal(want) {
		t.Fatalf("start %s, want 10:00 CEST", m.Start)
	}
	dayBefore := time.Date(2027, 3, 27, 9, 0, 0, 0, time.UTC) // 10:00 CET
	if r, _ := f.svc.RunReminders(ctx, dayBefore.Add(-time.Minute), f.svc.Location); r.MeetingReminders != 0 {
		t.Errorf("reminded before 10:00: %+v", r)
	}
	if r, _ := f.svc.RunReminders(ctx, dayBefore, f.svc.Location); r.MeetingReminders != 3 {
		t.Errorf("not reminded at 10:00 the day before: %+v", r)
	}
}

// TestMeetingReminderAfterRestart: the bot is down when the reminder is due; a new
// service on the same database reminds once when it is back, and never again.
func TestMeetingReminderAfterRestart(t *testing.T) {
	ctx := context.Background()
	f := newMeetingFixture(t)
	f.routed()
	m := f.convene(uCoord)
	restarted := workflow.New(f.db, f.clock, []string{uAdmin})
	restarted.Location = f.svc.Location
	back := m.Start.Add(-20 * time.Hour) // down from before -24h until -20h
	for i, s := range []*workflow.Service{restarted, f.svc, restarted} {
		r, err := s.RunReminders(ctx, back.Add(time.Duration(i)*time.Minute), s.Location)
		must(t, err)
		if want := map[bool]int{true: 3, false: 0}[i == 0]; r.MeetingReminders != want {
			t.Errorf("run %d: %d reminders, want %d", i, r.MeetingReminders, want)
		}
	}
	if n := len(f.pending(workflow.NoticeMeetingReminder)); n != 3 {
		t.Errorf("%d reminders queued, want 3", n)
	}
}
