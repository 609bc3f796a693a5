package workflow_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// TestGroupCommitStances: 200 stances at once share transactions, with three that
// fail among them: an outsider refused by the use case's own check, one that fails
// after it wrote, and one that panics after it wrote. Every good stance is stored
// once with one audit event and one refresh; each failure reaches only its own
// caller, and none of its writes is kept. Run it with -race.
func TestGroupCommitStances(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	const n = 197 // members voting; with the three failures, 200 at once
	members := make([]string, n+2)
	for i := range members {
		members[i] = fmt.Sprintf("UV%03d", i)
	}
	_, err := f.svc.AddMembers(ctx, f.actor(uAdmin), "kontrakt", members)
	must(t, err)
	p, _ := f.poll(workflow.ProposePrioritise, "")
	// The two members at the end are the ones whose writes fail.
	failing, panicking := members[n], members[n+1]
	actors := make([]workflow.Actor, n)
	for i := range actors {
		actors[i] = f.actor(members[i])
	}
	outsider := f.actor(uSubmit)
	before := f.events()

	errs := make([]error, n)
	var outsiderErr, failErr error
	var panicked any
	boom := errors.New("boom after writing")
	writeThen := func(user string, end func() error) func(workflow.Tx) error {
		return func(tx workflow.Tx) error {
			if err := tx.SetStance(workflow.Stance{PollID: p.ID, UserID: user, Position: workflow.Agree, At: f.clock()}); err != nil {
				return err
			}
			if _, err := tx.AppendEvent(workflow.Event{Kind: workflow.EvStanceTaken, PollID: p.ID, Actor: user, At: f.clock()}); err != nil {
				return err
			}
			return end()
		}
	}
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			pos := []workflow.Position{workflow.Agree, workflow.Abstain}[i%2]
			_, errs[i] = f.svc.TakeStance(ctx, actors[i], p.ID, pos, "")
		})
		switch i {
		case n / 4:
			wg.Go(func() {
				<-start
				_, outsiderErr = f.svc.TakeStance(ctx, outsider, p.ID, workflow.Agree, "")
			})
		case n / 2:
			wg.Go(func() {
				<-start
				failErr = workflow.Grouped(f.svc, ctx, writeThen(failing, func() error { return boom }))
			})
		case 3 * n / 4:
			wg.Go(func() {
				<-start
				defer func() { panicked = recover() }()
				_ = workflow.Grouped(f.svc, ctx, writeThen(panicking, func() error { panic("boom") }))
			})
		}
	}
	close(start)
	wg.Wait()

	for i, err := range errs {
		if err != nil {
			t.Errorf("stance of %s: %v", members[i], err)
		}
	}
	if workflow.KindOf(outsiderErr) != workflow.Forbidden {
		t.Errorf("outsider's stance: %v, want Forbidden", outsiderErr)
	}
	if !errors.Is(failErr, boom) {
		t.Errorf("failing use case: %v, want its own error", failErr)
	}
	if panicked != "boom" {
		t.Errorf("panicking use case: recovered %v, want its own panic", panicked)
	}

	d, err := f.svc.Poll(ctx, p.ID)
	must(t, err)
	stored := map[string]workflow.Position{}
	for _, s := range d.Tally.Stances {
		if _, twice := stored[s.UserID]; twice {
			t.Errorf("two stances of %s", s.UserID)
		}
		stored[s.UserID] = s.Position
	}
	if len(stored) != n {
		t.Errorf("%d stances stored, want %d", len(stored), n)
	}
	for i := range n {
		if want := []workflow.Position{workflow.Agree, workflow.Abstain}[i%2]; stored[members[i]] != want {
			t.Errorf("stance of %s = %q, want %q", members[i], stored[members[i]], want)
		}
	}
	for _, u := range []string{failing, panicking, uSubmit} {
		if _, ok := stored[u]; ok {
			t.Errorf("the failed stance of %s was kept", u)
		}
	}

	es, err := f.db.Events(ctx, 0, 0)
	must(t, err)
	perActor := map[string]int{}
	for _, e := range es[before:] {
		if e.Kind != workflow.EvStanceTaken || e.PollID != p.ID {
			t.Errorf("unexpected event %s by %s", e.Kind, e.Actor)
		}
		perActor[e.Actor]++
	}
	if len(es)-before != n || len(perActor) != n {
		t.Errorf("%d stance events by %d actors, want one each of %d", len(es)-before, len(perActor), n)
	}
	for u, k := range perActor {
		if k != 1 {
			t.Errorf("%d events by %s, want 1", k, u)
		}
	}
	ds, err := f.db.Outbox(ctx, false)
	must(t, err)
	refreshes := 0
	for _, d := range ds {
		// The poll message's refreshes (starting the poll also refreshed the wish's
		// card, which shows the open poll).
		if d.PollID == p.ID && d.Kind == workflow.NoticePoll && d.Op == workflow.OpRefresh {
			refreshes++
		}
	}
	if refreshes != n {
		t.Errorf("%d poll refreshes queued, want one per stance: %d", refreshes, n)
	}
}

// TestHomeAudience: the audience of a poll started on a routed wish is read from the
// database as it is: the poll's electorate, and nobody outside the group.
func TestHomeAudience(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	p, _ := f.poll(workflow.ProposePrioritise, "")
	es, err := f.db.Events(ctx, 0, 0)
	must(t, err)
	e := es[len(es)-1]
	if e.Kind != workflow.EvPollStarted {
		t.Fatalf("last event %s, want the poll started", e.Kind)
	}
	h, err := f.svc.HomeAudience(ctx, e)
	must(t, err)
	for _, u := range p.Electorate {
		if !h.Includes(u, nil) {
			t.Errorf("%s of the electorate is not in the audience %+v", u, h)
		}
	}
	if h.Includes(uSubmit, nil) || h.Includes(uSteer, []workflow.Role{workflow.RoleSteering}) {
		t.Errorf("audience %+v reaches outside the group", h)
	}
}
