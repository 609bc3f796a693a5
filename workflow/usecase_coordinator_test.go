package workflow_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

func TestVacantGroupAndVolunteers(t *testing.T) {
	ctx := context.Background()
	f := newMeetingFixture(t)
	f.routed()
	must(t, f.svc.SetCoordinator(ctx, f.actor(uAdmin), "kontrakt", ""))
	if n := f.pending(workflow.NoticeCoordinator); len(n) != 1 || n[0].To != "CKONT" || !strings.Contains(n[0].Payload, "vacant") {
		t.Errorf("vacancy notice %+v", n)
	}
	// Convened by the secretariat; the former coordinator may not.
	_, _, err := f.svc.MeetingQueue(ctx, f.actor(uCoord), "kontrakt")
	f.wantKind(err, workflow.Forbidden, f.events())
	f.convene(uSec)

	t.Run("decline", func(t *testing.T) {
		must(t, f.svc.Volunteer(ctx, f.actor(uOther), "kontrakt"))
		if n := f.pending(workflow.NoticeVolunteer); len(n) != 1 || n[0].To != workflow.PlaceTarget(workflow.PlaceSecretariat) {
			t.Errorf("volunteer notice %+v", n)
		}
		must(t, f.svc.DecideVolunteer(ctx, f.actor(uSec), "kontrakt", uOther, false))
		if v, _ := f.svc.Volunteers(ctx, "kontrakt"); len(v) != 0 {
			t.Errorf("volunteers after decline %v", v)
		}
		err := f.svc.DecideVolunteer(ctx, f.actor(uSec), "kontrakt", uOther, true)
		f.wantKind(err, workflow.Conflict, f.events())
		if a := f.pending(workflow.NoticeVolunteerAnswer); len(a) != 1 || !strings.Contains(a[0].Payload, "declined") {
			t.Errorf("answer %+v", a)
		}
	})
	t.Run("confirm", func(t *testing.T) {
		must(t, f.svc.Volunteer(ctx, f.actor(uMember), "kontrakt"))
		must(t, f.svc.Volunteer(ctx, f.actor(uOther), "kontrakt"))
		must(t, f.svc.DecideVolunteer(ctx, f.actor(uSec), "kontrakt", uMember, true))
		g, err := f.svc.Group(ctx, "kontrakt")
		must(t, err)
		if g.CoordinatorID != uMember {
			t.Errorf("coordinator %q", g.CoordinatorID)
		}
		if v, _ := f.svc.Volunteers(ctx, "kontrakt"); len(v) != 0 {
			t.Errorf("volunteers after confirm %v", v)
		}
		err = f.svc.DecideVolunteer(ctx, f.actor(uSec), "kontrakt", uOther, true)
		f.wantKind(err, workflow.Conflict, f.events())
		es, err := f.db.Events(ctx, 0, 0)
		must(t, err)
		var vol, conf bool
		for _, e := range es {
			vol = vol || e.Kind == workflow.EvCoordinatorVolunteered && e.Actor == uMember
			conf = conf || e.Kind == workflow.EvCoordinatorConfirmed && e.Actor == uSec && e.Data["user"] == uMember
		}
		if !vol || !conf {
			t.Errorf("the audit log lacks who volunteered (%v) or who confirmed (%v)", vol, conf)
		}
		// The digest goes to the new coordinator.
		_, err = f.svc.RunReminders(ctx, f.clock(), f.svc.Location) // the rules start counting
		must(t, err)
		f.advance(7 * 24 * time.Hour)
		_, err = f.svc.RunReminders(ctx, f.clock(), f.svc.Location)
		must(t, err)
		if len(f.digests()[uMember]) == 0 {
			t.Errorf("no digest for the new coordinator: %v", f.digests())
		}
	})
	t.Run("step down", func(t *testing.T) {
		must(t, f.svc.StepDown(ctx, f.actor(uMember), "kontrakt"))
		g, _ := f.svc.Group(ctx, "kontrakt")
		if g.CoordinatorID != "" {
			t.Errorf("coordinator %q after stepping down", g.CoordinatorID)
		}
		var toSec bool
		for _, n := range f.pending(workflow.NoticeCoordinator) {
			toSec = toSec || n.To == workflow.PlaceTarget(workflow.PlaceSecretariat) && strings.Contains(n.Payload, "stepped_down")
		}
		if !toSec {
			t.Errorf("the secretariat was not told")
		}
		_, _, err := f.svc.MeetingQueue(ctx, f.actor(uMember), "kontrakt")
		f.wantKind(err, workflow.Forbidden, f.events())
	})
}
