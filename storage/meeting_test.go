package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

func TestMeetings(t *testing.T) {
	db := storagetest.Open(t)
	start := t0.Add(48 * time.Hour).UTC()
	m := workflow.Meeting{GroupKey: "kontrakt", Lead: "UC", State: workflow.MeetingScheduled, Start: start,
		Duration: 90 * time.Minute, Place: "Room <2> & \"link\"", CreatedAt: t0.UTC(),
		Agenda: []workflow.AgendaItem{{Kind: workflow.ItemPoll, PollID: 3, WishID: 1, Text: "Alarm"}, {Kind: workflow.ItemOther, Text: "<!channel>"}}}
	finding := workflow.Meeting{GroupKey: "kontrakt", Lead: "US", State: workflow.MeetingFinding, Duration: time.Hour,
		Candidates: []time.Time{start, start.Add(24 * time.Hour)}, CreatedAt: t0.UTC()}
	write(t, db, func(tx workflow.Tx) error {
		must(0, tx.CreateGroup(workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "CK"}))
		m.ID = must(tx.CreateMeeting(m))
		finding.ID = must(tx.CreateMeeting(finding))
		if _, err := tx.Meeting(99); err != workflow.ErrNotFound && workflow.KindOf(err) != workflow.NotFound {
			t.Errorf("Meeting(99) = %v, want not found", err)
		}
		for _, a := range []workflow.MeetingAnswer{
			{MeetingID: m.ID, User: "UB", Slot: 0, Answer: workflow.ReplyNo, At: t0.UTC()},
			{MeetingID: m.ID, User: "UA", Slot: 0, Answer: workflow.ReplyYes, At: t0.UTC()},
			{MeetingID: m.ID, User: "UB", Slot: 0, Answer: workflow.ReplyYes, At: t0.Add(time.Minute).UTC()}, // changed: keeps its place
		} {
			must(0, tx.SetMeetingAnswer(a))
		}
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff(m, must(tx.Meeting(m.ID))); diff != "" {
			t.Errorf("meeting (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]workflow.Meeting{m, finding}, must(tx.ActiveMeetings(""))); diff != "" {
			t.Errorf("active meetings (-want +got):\n%s", diff)
		}
		want := []workflow.MeetingAnswer{
			{MeetingID: m.ID, User: "UB", Slot: 0, Answer: workflow.ReplyYes, At: t0.Add(time.Minute).UTC()},
			{MeetingID: m.ID, User: "UA", Slot: 0, Answer: workflow.ReplyYes, At: t0.UTC()},
		}
		if diff := cmp.Diff(want, must(tx.MeetingAnswers(m.ID))); diff != "" {
			t.Errorf("answers (-want +got):\n%s", diff)
		}
		return nil
	})
	write(t, db, func(tx workflow.Tx) error {
		m.State, m.Decisions, m.MinutesAt, m.MinutesBy = workflow.MeetingHeld, "Poll it.", start, "UC"
		m.Agenda[0].Note = "Noted."
		must(0, tx.UpdateMeeting(m))
		if err := tx.UpdateMeeting(workflow.Meeting{ID: 99}); workflow.KindOf(err) != workflow.NotFound {
			t.Errorf("UpdateMeeting(99) = %v", err)
		}
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		if diff := cmp.Diff(m, must(tx.Meeting(m.ID))); diff != "" {
			t.Errorf("held meeting (-want +got):\n%s", diff)
		}
		if got := must(tx.ActiveMeetings("kontrakt")); len(got) != 1 || got[0].ID != finding.ID {
			t.Errorf("active after minutes: %+v", got)
		}
		return nil
	})
}

func TestTasksAndVolunteers(t *testing.T) {
	db := storagetest.Open(t)
	due := t0.Add(72 * time.Hour).UTC()
	var ids []int64
	write(t, db, func(tx workflow.Tx) error {
		must(0, tx.CreateGroup(workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "CK"}))
		must(0, tx.CreateGroup(workflow.Group{Key: "system", Name: "IT-systemer", ChannelID: "CS"}))
		mid := must(tx.CreateMeeting(workflow.Meeting{GroupKey: "kontrakt", Lead: "UC", State: workflow.MeetingHeld, Start: t0}))
		for _, k := range []workflow.Task{
			{GroupKey: "kontrakt", MeetingID: mid, Owner: "UA", Text: "undated", CreatedAt: t0.UTC()},
			{GroupKey: "kontrakt", MeetingID: mid, Owner: "UB", Text: "dated", Due: due, CreatedAt: t0.UTC()},
			{GroupKey: "system", Owner: "UA", Text: "other group", CreatedAt: t0.UTC()},
		} {
			ids = append(ids, must(tx.CreateTask(k)))
		}
		done := must(tx.Task(ids[0]))
		done.DoneAt, done.DoneBy = t0.Add(time.Hour).UTC(), "UA"
		must(0, tx.UpdateTask(done))
		if must(tx.AddVolunteer("kontrakt", "UB", t0)) != true || must(tx.AddVolunteer("kontrakt", "UB", t0)) != false {
			t.Errorf("AddVolunteer twice")
		}
		must(tx.AddVolunteer("kontrakt", "UA", t0.Add(time.Minute)))
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		open := must(tx.OpenTasks("kontrakt"))
		if len(open) != 1 || open[0].ID != ids[1] || !open[0].Due.Equal(due) || open[0].MeetingID == 0 {
			t.Errorf("open tasks of kontrakt %+v", open)
		}
		if all := must(tx.OpenTasks("")); len(all) != 2 || all[0].ID != ids[1] || all[1].ID != ids[2] {
			t.Errorf("open tasks %+v, want dated first", all)
		}
		if got := must(tx.TasksOfMeeting(open[0].MeetingID)); len(got) != 2 || got[0].DoneBy != "UA" {
			t.Errorf("tasks of the meeting %+v", got)
		}
		if diff := cmp.Diff([]string{"UB", "UA"}, must(tx.Volunteers("kontrakt"))); diff != "" {
			t.Errorf("volunteers (-want +got):\n%s", diff)
		}
		return nil
	})
	write(t, db, func(tx workflow.Tx) error {
		must(0, tx.RemoveVolunteers("kontrakt", "UB"))
		if got := must(tx.Volunteers("kontrakt")); !cmp.Equal(got, []string{"UA"}) {
			t.Errorf("after removing UB: %v", got)
		}
		must(0, tx.RemoveVolunteers("kontrakt", ""))
		if got := must(tx.Volunteers("kontrakt")); len(got) != 0 {
			t.Errorf("after removing all: %v", got)
		}
		return nil
	})
}

// TestHeldMeetings: the public pages' minutes are the held meetings of one group,
// newest first, limited, with the count of all; other states and groups are not.
func TestHeldMeetings(t *testing.T) {
	db := storagetest.Open(t)
	var held []workflow.Meeting
	write(t, db, func(tx workflow.Tx) error {
		must(0, tx.CreateGroup(workflow.Group{Key: "kontrakt", Name: "IT-kontrakter", ChannelID: "CK"}))
		must(0, tx.CreateGroup(workflow.Group{Key: "system", Name: "IT-systemer", ChannelID: "CS"}))
		for i, st := range []workflow.MeetingState{workflow.MeetingHeld, workflow.MeetingCancelled, workflow.MeetingHeld,
			workflow.MeetingScheduled, workflow.MeetingHeld} {
			m := workflow.Meeting{GroupKey: "kontrakt", Lead: "UC", State: st, Start: t0.Add(time.Duration(i) * 24 * time.Hour).UTC(),
				Duration: time.Hour, CreatedAt: t0.UTC(), Decisions: "d"}
			m.ID = must(tx.CreateMeeting(m))
			if st == workflow.MeetingHeld {
				held = append([]workflow.Meeting{m}, held...)
			}
		}
		must(tx.CreateMeeting(workflow.Meeting{GroupKey: "system", Lead: "US", State: workflow.MeetingHeld, Start: t0.UTC(), Duration: time.Hour}))
		return nil
	})
	read(t, db, func(tx workflow.Tx) error {
		ms, n, err := tx.HeldMeetings("kontrakt", 2)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(held[:2], ms); diff != "" || n != 3 {
			t.Errorf("held meetings: n = %d, want 3 (-want +got):\n%s", n, diff)
		}
		return nil
	})
}
