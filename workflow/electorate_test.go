package workflow_test

import (
	"context"
	"slices"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

const uLate = "ULATE" // joins the contract group after a poll started

func (f *fixture) members(add bool, users ...string) {
	f.t.Helper()
	var err error
	if add {
		_, err = f.svc.AddMembers(context.Background(), f.actor(uSec), "kontrakt", users)
	} else {
		_, err = f.svc.RemoveMembers(context.Background(), f.actor(uSec), "kontrakt", users)
	}
	must(f.t, err)
}

func errMsg(err error) string {
	if e, ok := workflow.AsError(err); ok {
		return e.Msg
	}
	return ""
}

// Issue 9, item 1: removing an objector does not turn the objection into consensus.
// The electorate is the group's members when the poll started: a removed member
// keeps their stance and may change it; a member added later takes no stance.
func TestElectorateIsFixedWhenThePollStarts(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	p, w := f.poll(workflow.ProposePrioritise, "")
	f.stance(uCoord, p.ID, workflow.Agree, "")
	f.stance(uMember, p.ID, workflow.Agree, "")
	f.stance(uOther, p.ID, workflow.Object, "Too costly.")
	f.members(false, uOther)
	f.members(true, uLate)

	d, err := f.svc.Poll(ctx, p.ID)
	must(t, err)
	if d.Tally.Object != 1 || d.Tally.Taken != 3 || d.Tally.Taken+len(d.Tally.Missing) != 3 {
		t.Errorf("after the objector was removed: %+v; want the objection standing, 3 of 3", d.Tally)
	}
	// The removed member may still change their stance until the poll closes.
	tl := f.stance(uOther, p.ID, workflow.Object, "Far too costly.")
	if tl.Object != 1 {
		t.Errorf("the removed member's changed objection: %+v", tl)
	}
	before := f.events()
	_, err = f.svc.TakeStance(ctx, f.actor(uLate), p.ID, workflow.Agree, "")
	f.wantKind(err, workflow.Forbidden, before)
	if errMsg(err) != "err.poll.not_electorate" {
		t.Errorf("the late member is told %q, want why: err.poll.not_electorate", errMsg(err))
	}
	tl, err = f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
	must(t, err)
	if tl.Consensus || !slices.Equal(tl.Failures, []workflow.Failure{workflow.FailObjection}) || f.state(w.ID) != workflow.StateInAssessment {
		t.Errorf("closed: %+v, wish %s; want the objection to block consensus", tl, f.state(w.ID))
	}
	if slices.ContainsFunc(f.lastNotices(), func(n workflow.Notice) bool { return n.Kind == workflow.NoticeAnnouncement }) {
		t.Error("a blocked poll is announced in the user club")
	}
}

// Issue 9, item 1: the quorum is counted against the electorate, so members added
// after the start can neither fill it nor dilute it.
func TestQuorumIsCountedAgainstTheElectorate(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	p, w := f.poll(workflow.ProposePrioritise, "") // quorum 2 of 3
	f.members(false, uMember, uOther)
	f.members(true, uLate, "ULATE2", "ULATE3")
	f.stance(uCoord, p.ID, workflow.Agree, "")
	for _, u := range []string{uLate, "ULATE2"} {
		_, err := f.svc.TakeStance(ctx, f.actor(u), p.ID, workflow.Agree, "")
		f.wantKind(err, workflow.Forbidden, f.events())
	}
	tl, err := f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
	must(t, err)
	if tl.Consensus || !slices.Equal(tl.Failures, []workflow.Failure{workflow.FailQuorum}) || tl.Taken+len(tl.Missing) != 3 {
		t.Errorf("closed: %+v; want no quorum, 1 of the electorate's 3", tl)
	}
	if f.state(w.ID) != workflow.StateInAssessment {
		t.Errorf("wish %s, want it still in assessment", f.state(w.ID))
	}
}

// Issue 9, item 2: the quorum is at least half of the electorate, rounded up; a
// starter may raise it to the whole electorate, never lower it.
func TestQuorumAtLeastHalfOfTheElectorate(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		quorum int
		want   workflow.Kind
		msg    string
	}{
		{0, 0, ""}, {2, 0, ""}, {3, 0, ""},
		{1, workflow.Invalid, "err.poll.quorum_min"},
		{-1, workflow.Invalid, "err.poll.quorum_min"},
		{4, workflow.Invalid, "err.poll.quorum"},
	} {
		f := newFixture(t)
		w := f.routed()
		p, err := f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise,
			Priority: workflow.PriorityLow, Quorum: c.quorum})
		if workflow.KindOf(err) != c.want || errMsg(err) != c.msg {
			t.Errorf("quorum %d: %v, want %v %q", c.quorum, err, c.want, c.msg)
		}
		if err == nil && (p.Quorum < 2 || p.Quorum > 3) {
			t.Errorf("quorum %d: the poll asks %d of 3", c.quorum, p.Quorum)
		}
		if e, ok := workflow.AsError(err); ok && c.msg == "err.poll.quorum_min" && (len(e.Args) == 0 || e.Args[0] != 2) {
			t.Errorf("quorum %d: the refusal names %v, want the minimum 2", c.quorum, e.Args)
		}
	}
	for n, want := range map[int]int{1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 10: 5} {
		if got := workflow.MinQuorum(n); got != want {
			t.Errorf("MinQuorum(%d) = %d, want %d", n, got, want)
		}
	}
}

// Issue 9, item 3: removing members cannot leave a quorum above the electorate, so a
// poll that asked everyone can still reach consensus.
func TestRemovalsNeverPutTheQuorumOutOfReach(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	w := f.routed()
	p, err := f.svc.StartPoll(ctx, f.actor(uCoord), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise,
		Priority: workflow.PriorityLow, Quorum: 3})
	must(t, err)
	f.members(false, uMember, uOther)
	for _, u := range []string{uCoord, uMember, uOther} {
		tl := f.stance(u, p.ID, workflow.Agree, "")
		if tl.Quorum > tl.Taken+len(tl.Missing) {
			t.Fatalf("quorum %d above the electorate %d", tl.Quorum, tl.Taken+len(tl.Missing))
		}
	}
	tl, err := f.svc.ClosePoll(ctx, f.actor(uCoord), p.ID)
	must(t, err)
	if !tl.Consensus || f.state(w.ID) != workflow.StatePrioritised {
		t.Errorf("closed %+v, wish %s; want consensus of the whole electorate", tl, f.state(w.ID))
	}
}

// Issue 9, item 12: a coordinator's queue holds the wishes routed to their group,
// whatever the submitter asked for; a group without a coordinator reaches the
// secretariat, who convenes it (domain.md, "Mandates").
func TestAgendaQueuesFollowTheRouting(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	_, err := f.svc.CreateGroup(ctx, f.actor(uSec), "systemer", "CSYST", "IT-systemer")
	must(t, err)
	_, err = f.svc.AddMembers(ctx, f.actor(uSec), "systemer", []string{"UKIRSTEN"})
	must(t, err)
	route := func(title, asked, to string) int64 {
		w, err := f.svc.SubmitWish(ctx, f.actor(uSubmit), workflow.WishInput{Title: title, Purpose: "p", Value: "v", Group: asked})
		must(t, err)
		_, err = f.svc.RouteToGroup(ctx, f.actor(uSec), w.ID, to, workflow.SizeNormal, "")
		must(t, err)
		return w.ID
	}
	toSystems := route("Data processors on the system page", "kontrakt", "systemer")
	toContract := route("Notice-period alarm", "systemer", "kontrakt")
	queueOf := func(user, group string) []int64 {
		ag, err := f.svc.AgendaOf(ctx, f.actor(user), 10)
		must(t, err)
		var ids []int64
		for _, q := range ag.Queues {
			if q.Key == "assessment" && q.Group == group {
				for _, w := range q.Wishes {
					ids = append(ids, w.ID)
				}
			}
		}
		return ids
	}
	if got := queueOf(uCoord, "IT-kontrakter"); !slices.Equal(got, []int64{toContract}) {
		t.Errorf("the contract coordinator's queue holds %v, want only #%d routed there", got, toContract)
	}
	if got := queueOf(uCoord, "IT-systemer"); got != nil {
		t.Errorf("the contract coordinator sees the vacant systems group's queue: %v", got)
	}
	if got := queueOf(uSec, "IT-systemer"); !slices.Equal(got, []int64{toSystems}) {
		t.Errorf("the secretariat's queue of the vacant group holds %v, want #%d", got, toSystems)
	}
	if got := queueOf(uSec, "IT-kontrakter"); got != nil {
		t.Errorf("the secretariat sees the queue of a group that has a coordinator: %v", got)
	}
}

// Issue 9, item 11: removing the coordinator as a member would silently leave the
// group without one. It is refused, saying how: choose another coordinator or none
// first. Nothing changes, not even for the other users in the same command.
func TestRemovingTheCoordinatorIsRefused(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	before := f.events()
	_, err := f.svc.RemoveMembers(ctx, f.actor(uSec), "kontrakt", []string{uMember, uCoord})
	f.wantKind(err, workflow.Conflict, before)
	if errMsg(err) != "err.group.remove_coordinator" {
		t.Errorf("refused with %q, want err.group.remove_coordinator", errMsg(err))
	}
	g, err := f.svc.Group(ctx, "kontrakt")
	must(t, err)
	if g.CoordinatorID != uCoord || !g.IsMember(uCoord) || !g.IsMember(uMember) {
		t.Errorf("after the refusal: %+v", g)
	}
	must(t, f.svc.SetCoordinator(ctx, f.actor(uSec), "kontrakt", ""))
	if _, err := f.svc.RemoveMembers(ctx, f.actor(uSec), "kontrakt", []string{uCoord}); err != nil {
		t.Errorf("removing the former coordinator: %v", err)
	}
}
