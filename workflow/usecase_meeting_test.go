package workflow_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

// pending are the undelivered notices of kind k, in order.
func (f *fixture) pending(k workflow.NoticeKind) []workflow.Notice {
	f.t.Helper()
	ds, err := f.db.PendingDeliveries(context.Background(), f.clock().Add(365*24*time.Hour), 0)
	must(f.t, err)
	var out []workflow.Notice
	for _, d := range ds {
		if d.Kind == k {
			out = append(out, d.Notice)
		}
	}
	return out
}

func recipients(ns []workflow.Notice) []string {
	var out []string
	for _, n := range ns {
		out = append(out, n.To)
	}
	slices.Sort(out)
	return out
}

// convene calls a meeting of kontrakt on 8 March 2027 at 10:00 in Copenhagen with
// everything in the queue and one other item.
func (f *fixture) convene(who string) workflow.Meeting {
	f.t.Helper()
	ctx := context.Background()
	_, items, err := f.svc.MeetingQueue(ctx, f.actor(who), "kontrakt")
	must(f.t, err)
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Key())
	}
	m, err := f.svc.Convene(ctx, f.actor(who), workflow.ConveneInput{Group: "kontrakt", Date: "2027-03-08", Time: "10:00",
		Place: "Room 2 / https://meet.example/kitos", Items: keys, Other: "Budget 2028"})
	must(f.t, err)
	return m
}

func newMeetingFixture(t *testing.T) *fixture {
	f := newFixture(t)
	f.svc.Location = copenhagen(t)
	return f
}

func TestConvene(t *testing.T) {
	ctx := context.Background()
	t.Run("OK agenda from the queue", func(t *testing.T) {
		f := newMeetingFixture(t)
		w1, w2 := f.routed(), f.routed()
		p, err := f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w2.ID, Proposal: workflow.ProposeReject, Text: "No."})
		must(t, err)
		m := f.convene(uCoord)
		want := []workflow.AgendaItem{
			{Kind: workflow.ItemPoll, PollID: p.ID, WishID: w2.ID, Text: w2.Title},
			{Kind: workflow.ItemAssess, WishID: w1.ID, Text: w1.Title},
			{Kind: workflow.ItemOther, Text: "Budget 2028"},
		}
		if diff := cmp.Diff(want, m.Agenda); diff != "" {
			t.Errorf("agenda (-want +got):\n%s", diff)
		}
		if want := time.Date(2027, 3, 8, 9, 0, 0, 0, time.UTC); !m.Start.Equal(want) || m.State != workflow.MeetingScheduled || m.Duration != 90*time.Minute {
			t.Errorf("meeting %+v, want 09:00 UTC, scheduled, 1h30m", m)
		}
		posts := f.pending(workflow.NoticeMeeting)
		if len(posts) != 1 || posts[0].Op != workflow.OpPost || posts[0].To != "CKONT" || posts[0].Ref != workflow.MeetingRef(m.ID) {
			t.Errorf("meeting message %+v", posts)
		}
		d, err := f.svc.Meeting(ctx, m.ID)
		must(t, err)
		if diff := cmp.Diff(m, d.Meeting); diff != "" {
			t.Errorf("stored (-returned +stored):\n%s", diff)
		}
		if _, ok := d.OpenPollOn(w2.ID); !ok || len(d.Wishes) != 2 {
			t.Errorf("detail %+v", d)
		}
		next, err := f.svc.NextMeetings(ctx)
		if err != nil || next["kontrakt"].ID != m.ID {
			t.Errorf("next meetings %v, %v", next, err)
		}
		f.advance(m.End().Sub(f.clock())) // over, its minutes not yet written: not next
		if next, _ := f.svc.NextMeetings(ctx); len(next) != 0 {
			t.Errorf("next meetings after the end: %v", next)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		f := newMeetingFixture(t)
		f.routed()
		before := f.events()
		long := strings.Repeat("x", 201)
		for _, in := range []workflow.ConveneInput{
			{Date: "2027-02-28", Time: "10:00", Other: "x"},                 // in the past
			{Date: "2027-03-01", Time: "09:59", Other: "x"},                 // 09:59 today is past (10:00 now)
			{Date: "2027-03-28", Time: "02:30", Other: "x"},                 // does not exist
			{Date: "2027-03-08", Time: "10:00"},                             // empty agenda
			{Date: "2027-03-08", Time: "10:00", Items: []string{"poll:99"}}, // not in the queue
			{Date: "2027-03-08", Time: "10:00", Other: "x", Duration: "5m"}, // too short
			{Date: "2027-03-08", Time: "10:00", Other: "x", Place: long},    // place too long
			{Date: "2027-03-08", Time: "10:00", Other: long},                // item too long
			{Candidates: [][2]string{{"2027-03-08", "10:00"}}, Other: "x"},  // one candidate
			{Candidates: six(), Other: "x"},                                 // six candidates
			{Candidates: [][2]string{{"2027-03-08", "10:00"}, {"2027-03-28", "02:30"}}, Other: "x"},
		} {
			in.Group = "kontrakt"
			_, err := f.svc.Convene(ctx, f.actor(uCoord), in)
			f.wantKind(err, workflow.Invalid, before)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := newMeetingFixture(t)
		_, err := f.svc.Convene(ctx, f.actor(uSec), workflow.ConveneInput{Group: "nosuch", Date: "2027-03-08", Time: "10:00", Other: "x"})
		f.wantKind(err, workflow.NotFound, f.events())
	})
}

func six() [][2]string {
	var out [][2]string
	for d := 10; d < 16; d++ {
		out = append(out, [2]string{"2027-03-" + strconv.Itoa(d), "10:00"})
	}
	return out
}

// TestMeetingMandates is the mandate matrix: who may convene, move, cancel, write
// minutes, pick a time, volunteer, confirm and step down.
func TestMeetingMandates(t *testing.T) {
	ctx := context.Background()
	users := []string{uCoord, uSec, uMember, uSteer, uSubmit, uAdmin}
	scheduled := func(f *fixture) int64 { f.routed(); return f.convene(uSec).ID }
	finding := func(f *fixture) int64 {
		m, err := f.svc.Convene(ctx, f.actor(uSec), workflow.ConveneInput{Group: "kontrakt", Other: "x",
			Candidates: [][2]string{{"2027-03-08", "10:00"}, {"2027-03-09", "10:00"}}})
		must(f.t, err)
		return m.ID
	}
	vacant := func(f *fixture) { must(f.t, f.svc.SetCoordinator(ctx, f.actor(uAdmin), "kontrakt", "")) }
	for _, c := range []struct {
		name    string
		setup   func(f *fixture) int64
		do      func(f *fixture, a workflow.Actor, id int64) error
		allowed []string
	}{
		{"convene", func(f *fixture) int64 { f.routed(); return 0 }, func(f *fixture, a workflow.Actor, _ int64) error {
			_, err := f.svc.Convene(ctx, a, workflow.ConveneInput{Group: "kontrakt", Date: "2027-03-08", Time: "10:00", Other: "x"})
			return err
		}, []string{uCoord, uSec}},
		{"move", scheduled, func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.Move(ctx, a, id, "2027-03-09", "10:00")
			return err
		}, []string{uCoord, uSec}},
		{"cancel", scheduled, func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.Cancel(ctx, a, id, "Ill.")
			return err
		}, []string{uCoord, uSec}},
		{"minutes", func(f *fixture) int64 { id := scheduled(f); f.advance(8 * 24 * time.Hour); return id }, func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.WriteMinutes(ctx, a, id, workflow.MinutesInput{})
			return err
		}, []string{uCoord, uSec}},
		{"pick a time", finding, func(f *fixture, a workflow.Actor, id int64) error {
			_, err := f.svc.PickTime(ctx, a, id, 2)
			return err
		}, []string{uCoord, uSec}},
		{"answer", scheduled, func(f *fixture, a workflow.Actor, id int64) error {
			return f.svc.Answer(ctx, a, id, map[int]workflow.Reply{workflow.SlotMeeting: workflow.ReplyYes})
		}, []string{uCoord, uSec, uMember}},
		{"volunteer", func(f *fixture) int64 { vacant(f); return 0 }, func(f *fixture, a workflow.Actor, _ int64) error {
			return f.svc.Volunteer(ctx, a, "kontrakt")
		}, []string{uCoord, uMember}},
		{"confirm", func(f *fixture) int64 {
			vacant(f)
			must(f.t, f.svc.Volunteer(ctx, f.actor(uMember), "kontrakt"))
			return 0
		}, func(f *fixture, a workflow.Actor, _ int64) error {
			return f.svc.DecideVolunteer(ctx, a, "kontrakt", uMember, true)
		}, []string{uSec}},
		{"step down", func(*fixture) int64 { return 0 }, func(f *fixture, a workflow.Actor, _ int64) error {
			return f.svc.StepDown(ctx, a, "kontrakt")
		}, []string{uCoord}},
	} {
		for _, u := range users {
			t.Run(c.name+"/"+u, func(t *testing.T) {
				f := newMeetingFixture(t)
				id := c.setup(f)
				before := f.events()
				err := c.do(f, f.actor(u), id)
				if slices.Contains(c.allowed, u) {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					if f.events() == before {
						t.Errorf("nothing recorded in the audit log")
					}
					return
				}
				f.wantKind(err, workflow.Forbidden, before)
			})
		}
	}
}

// TestMeetingLifecycle convenes a meeting, takes answers, reminds the day before,
// writes the minutes with a task, and finishes the task.
func TestMeetingLifecycle(t *testing.T) {
	ctx := context.Background()
	f := newMeetingFixture(t)
	w := f.routed()
	m := f.convene(uCoord)
	yes := map[int]workflow.Reply{workflow.SlotMeeting: workflow.ReplyYes}
	must(t, f.svc.Answer(ctx, f.actor(uMember), m.ID, yes))
	must(t, f.svc.Answer(ctx, f.actor(uOther), m.ID, map[int]workflow.Reply{workflow.SlotMeeting: workflow.ReplyNo}))
	before := f.events()
	must(t, f.svc.Answer(ctx, f.actor(uMember), m.ID, yes)) // the same again: nothing happens
	if f.events() != before {
		t.Errorf("a repeated answer was recorded")
	}
	if err := f.svc.Answer(ctx, f.actor(uMember), m.ID, map[int]workflow.Reply{1: workflow.ReplyYes}); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("an answer to a candidate of a scheduled meeting: %v", err)
	}
	if err := f.svc.Answer(ctx, f.actor(uSubmit), m.ID, yes); workflow.KindOf(err) != workflow.Forbidden {
		t.Errorf("a non-member answered: %v", err)
	}

	// The day before at 10:00 in Copenhagen (09:00 UTC): the reminder, once.
	run := func(at time.Time) workflow.ReminderRun {
		r, err := f.svc.RunReminders(ctx, at, f.svc.Location)
		must(t, err)
		return r
	}
	if r := run(m.Start.Add(-24*time.Hour - time.Minute)); r.MeetingReminders != 0 {
		t.Errorf("reminded a minute early: %+v", r)
	}
	if r := run(m.Start.Add(-24 * time.Hour)); r.MeetingReminders != 2 {
		t.Errorf("reminders %+v, want the coordinator (no answer) and the member attending", r)
	}
	if got := recipients(f.pending(workflow.NoticeMeetingReminder)); !cmp.Equal(got, []string{uCoord, uMember}) {
		t.Errorf("reminded %v", got)
	}
	if r := run(m.Start.Add(-time.Hour)); r.MeetingReminders != 0 {
		t.Errorf("reminded twice: %+v", r)
	}

	// Minutes: not before the meeting starts.
	in := workflow.MinutesInput{Notes: []string{"Agreed to poll.", "Later."}, Decisions: "We poll on it.",
		Tasks: []workflow.TaskDraft{{Owner: uMember, Text: "Ask the supplier", Due: time.Date(2027, 3, 12, 22, 59, 59, 0, time.UTC)}}}
	_, err := f.svc.WriteMinutes(ctx, f.actor(uCoord), m.ID, in)
	f.wantKind(err, workflow.Invalid, f.events())
	f.advance(m.Start.Sub(f.clock()))
	long := in
	long.Notes = []string{strings.Repeat("x", 5000)}
	_, err = f.svc.WriteMinutes(ctx, f.actor(uCoord), m.ID, long)
	f.wantKind(err, workflow.Invalid, f.events())
	held, err := f.svc.WriteMinutes(ctx, f.actor(uCoord), m.ID, in)
	must(t, err)
	if held.State != workflow.MeetingHeld || held.Agenda[0].Note != "Agreed to poll." {
		t.Errorf("held %+v", held)
	}
	_, err = f.svc.WriteMinutes(ctx, f.actor(uCoord), m.ID, in)
	f.wantKind(err, workflow.Conflict, f.events())
	hist := f.history(w.ID)
	if last := hist[len(hist)-1]; last.Kind != workflow.EvWishDiscussed || last.Note != "Agreed to poll." || last.Data["meeting"] != strconv.FormatInt(m.ID, 10) {
		t.Errorf("the wish's history ends with %+v", last)
	}
	if n := f.pending(workflow.NoticeMinutes); len(n) != 1 || n[0].Op != workflow.OpReply || n[0].Ref != workflow.MeetingRef(m.ID) {
		t.Errorf("minutes notice %+v", n)
	}
	if n := f.pending(workflow.NoticeMeetingSummary); len(n) != 1 || n[0].To != workflow.PlaceTarget(workflow.PlaceUserClub) {
		t.Errorf("summary notice %+v", n)
	}
	if got := recipients(f.pending(workflow.NoticeTaskAssigned)); !cmp.Equal(got, []string{uMember}) {
		t.Errorf("task DMs to %v", got)
	}
	tasks, err := f.svc.OpenTasks(ctx, "kontrakt")
	must(t, err)
	if len(tasks) != 1 || tasks[0].Owner != uMember || tasks[0].MeetingID != m.ID {
		t.Fatalf("open tasks %+v", tasks)
	}

	// The coordinator's digest names the task, and after its due date as overdue.
	f.advance(14 * 24 * time.Hour)
	run(f.clock())
	dgs := f.digests()[uCoord]
	if len(dgs) == 0 {
		t.Fatalf("no digest for the coordinator")
	}
	secs := map[string]workflow.DigestSection{}
	for _, s := range dgs[len(dgs)-1].Sections {
		secs[s.Key] = s
	}
	if !cmp.Equal(secs[workflow.SecTasks].IDs, []int64{tasks[0].ID}) || !cmp.Equal(secs[workflow.SecOverdue].IDs, []int64{tasks[0].ID}) {
		t.Errorf("digest sections %+v", secs)
	}

	// Done: not by another member; by the owner, once.
	_, err = f.svc.FinishTask(ctx, f.actor(uOther), tasks[0].ID)
	f.wantKind(err, workflow.Forbidden, f.events())
	_, err = f.svc.FinishTask(ctx, f.actor(uMember), tasks[0].ID)
	must(t, err)
	_, err = f.svc.FinishTask(ctx, f.actor(uCoord), tasks[0].ID)
	f.wantKind(err, workflow.Conflict, f.events())
	if tasks, _ := f.svc.OpenTasks(ctx, ""); len(tasks) != 0 {
		t.Errorf("open tasks after done: %+v", tasks)
	}
}
