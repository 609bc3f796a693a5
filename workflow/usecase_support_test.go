package workflow_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

// choose records user's organisation.
func (f *fixture) choose(user, org string) {
	f.t.Helper()
	_, err := f.svc.ChooseOrganisation(context.Background(), f.actor(user), org)
	must(f.t, err)
}

func (f *fixture) support(id int64) workflow.Support {
	f.t.Helper()
	s, err := f.svc.SupportOf(context.Background(), id)
	must(f.t, err)
	return s
}

func TestSupport(t *testing.T) {
	ctx := context.Background()
	t.Run("OK counted per person and per municipality", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		f.choose(uSubmit, "aarhus")
		f.choose(uMember, "aarhus")
		f.choose(uOther, "odense")
		f.choose(uCoord, "kl")
		for _, u := range []string{uMember, uOther, uCoord} {
			ok, err := f.svc.Support(ctx, f.actor(u), w.ID)
			if err != nil || !ok {
				t.Fatalf("%s supports: %v, %v", u, ok, err)
			}
		}
		if ok, err := f.svc.Support(ctx, f.actor(uMember), w.ID); ok || err != nil {
			t.Errorf("supporting twice = %v, %v; want nothing changed", ok, err)
		}
		s := f.support(w.ID)
		if s.People != 4 || s.Municipalities != 2 {
			t.Errorf("support = %+v, want 4 people from 2 municipalities (KL is not one)", s)
		}
		d, err := f.svc.Wish(ctx, w.ID)
		must(t, err)
		if !slices.Contains(d.Followers, uMember) {
			t.Errorf("a supporter does not follow the wish: %v", d.Followers)
		}
		if n := f.lastNotices(); len(n) != 1 || n[0].Kind != workflow.NoticeWishCard || n[0].Op != workflow.OpRefresh {
			t.Errorf("support notices = %+v, want a refresh of the wish's cards", n)
		}
		ok, err := f.svc.Unsupport(ctx, f.actor(uOther), w.ID)
		if !ok || err != nil {
			t.Fatalf("unsupport = %v, %v", ok, err)
		}
		if s := f.support(w.ID); s.People != 3 || s.Municipalities != 1 {
			t.Errorf("after unsupport: %+v, want 3 people from 1 municipality", s)
		}
	})
	t.Run("OK the submitter counts and cannot unsupport", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		f.choose(uSubmit, "aarhus")
		if ok, err := f.svc.Support(ctx, f.actor(uSubmit), w.ID); ok || err != nil {
			t.Errorf("submitter supports = %v, %v; want nothing to change", ok, err)
		}
		n := f.events()
		_, err := f.svc.Unsupport(ctx, f.actor(uSubmit), w.ID)
		f.wantKind(err, workflow.Conflict, n)
	})
	t.Run("ErrNeedsOrganisation", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		n := f.events()
		_, err := f.svc.Support(ctx, f.actor(uMember), w.ID)
		if !workflow.NeedsOrganisation(err) {
			t.Errorf("support before choosing = %v, want the ask to choose", err)
		}
		f.wantKind(err, workflow.Conflict, n)
	})
	t.Run("ErrConflict closed states take no support", func(t *testing.T) {
		f := newFixture(t)
		f.choose(uMember, "aarhus")
		for _, close := range []func(id int64) error{
			func(id int64) error { _, err := f.svc.Withdraw(ctx, f.actor(uSubmit), id, ""); return err },
			func(id int64) error { _, err := f.svc.Decline(ctx, f.actor(uSec), id, "no"); return err },
			func(id int64) error {
				_, err := f.svc.MarkDuplicate(ctx, f.actor(uSec), id, f.wish().ID, "")
				return err
			},
		} {
			w := f.wish()
			must(t, close(w.ID))
			n := f.events()
			_, err := f.svc.Support(ctx, f.actor(uMember), w.ID)
			f.wantKind(err, workflow.Conflict, n)
		}
	})
	t.Run("OK a duplicate's support moves to the original, counted once", func(t *testing.T) {
		f := newFixture(t)
		orig, dup := f.wish(), f.wish()
		f.choose(uSubmit, "aarhus")
		f.choose(uMember, "odense")
		f.choose(uOther, "aalborg")
		for _, id := range []int64{orig.ID, dup.ID} {
			_, err := f.svc.Support(ctx, f.actor(uMember), id)
			must(t, err)
		}
		_, err := f.svc.Support(ctx, f.actor(uOther), dup.ID)
		must(t, err)
		_, err = f.svc.MarkDuplicate(ctx, f.actor(uSec), dup.ID, orig.ID, "")
		must(t, err)
		if s := f.support(orig.ID); s.People != 3 || s.Municipalities != 3 {
			t.Errorf("original's support = %+v, want 3 people from 3 municipalities", s)
		}
	})
}

func TestOrganisationList(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	os, err := f.svc.Organisations(ctx)
	must(t, err)
	if len(os) != len(workflow.DefaultOrganisations) {
		t.Fatalf("%d organisations, want the defaults", len(os))
	}
	for _, c := range []struct {
		user string
		ok   bool
	}{{uAdmin, true}, {uSec, true}, {uCoord, false}, {uMember, false}, {uSteer, false}} {
		n := f.events()
		_, err := f.svc.AddOrganisation(ctx, f.actor(c.user), "Org of "+c.user, "andre")
		if c.ok {
			must(t, err)
			continue
		}
		f.wantKind(err, workflow.Forbidden, n)
	}
	f.choose(uMember, "odense")
	o, err := f.svc.RemoveOrganisation(ctx, f.actor(uSec), "Odense")
	must(t, err)
	os, err = f.svc.Organisations(ctx)
	must(t, err)
	if o.Key != "odense" || slices.ContainsFunc(os, func(o workflow.Organisation) bool { return o.Key == "odense" }) ||
		len(os) != len(workflow.DefaultOrganisations)+1 {
		t.Errorf("after removing Odense: %d organisations", len(os))
	}
	if mine, ok, err := f.svc.OrganisationOf(ctx, uMember); err != nil || !ok || mine.Key != "odense" {
		t.Errorf("a removed organisation is still its people's: %+v %v %v", mine, ok, err)
	}
	w := f.wish()
	_, err = f.svc.Support(ctx, f.actor(uMember), w.ID)
	must(t, err)
	if s := f.support(w.ID); s.Municipalities != 1 || s.Orgs[0].Name != "Odense" {
		t.Errorf("support by a municipality taken off the list: %+v, want it counted as Odense", s)
	}
	_, err = f.svc.ChooseOrganisation(ctx, f.actor(uOther), "odense")
	if workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("choosing a removed organisation = %v", err)
	}
}

func TestChooseAndSupport(t *testing.T) {
	ctx := context.Background()
	t.Run("OK one transaction, and the person is told", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		must(t, f.svc.ChooseAndSupport(ctx, f.actor(uMember), "odense", w.ID))
		if s := f.support(w.ID); s.People != 2 || s.Municipalities != 1 {
			t.Errorf("support = %+v", s)
		}
		if n := f.lastNotices(); len(n) != 1 || n[0].Kind != workflow.NoticeSupportReceipt || n[0].To != uMember {
			t.Errorf("notices %+v, want the receipt to the supporter", n)
		}
	})
	t.Run("ErrConflict a closed wish: the choice is not kept either", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		_, err := f.svc.Withdraw(ctx, f.actor(uSubmit), w.ID, "")
		must(t, err)
		n := f.events()
		f.wantKind(f.svc.ChooseAndSupport(ctx, f.actor(uMember), "odense", w.ID), workflow.Conflict, n)
		if _, ok, _ := f.svc.OrganisationOf(ctx, uMember); ok {
			t.Error("the organisation was recorded though the support was refused")
		}
	})
}

// TestConsultationByMunicipality: a consultation counts its answers by the
// municipality (or other organisation) each person chose for their support.
func TestConsultationByMunicipality(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	c := f.consult(workflow.ConsultInput{Question: "Close the Friday hotline?"})
	f.choose(uMember, "aarhus")
	f.choose(uOther, "aarhus")
	f.choose(uCoord, "kl")
	for u, ans := range map[string]workflow.Answer{uMember: workflow.AnswerSupport, uOther: workflow.AnswerNoOpinion,
		uCoord: workflow.AnswerSupport, uSubmit: workflow.AnswerSupport} {
		_, err := f.svc.AnswerConsultation(ctx, f.actor(u), c.ID, ans, "")
		must(t, err)
	}
	d, err := f.svc.Consultation(ctx, c.ID)
	must(t, err)
	want := []workflow.MunicipalityCount{
		{Municipality: "Aarhus", ConsultCount: workflow.ConsultCount{Support: 1, NoOpinion: 1}},
		{Municipality: "KL", ConsultCount: workflow.ConsultCount{Support: 1}},
		{Municipality: "", ConsultCount: workflow.ConsultCount{Support: 1}}, // uSubmit chose none
	}
	if diff := cmp.Diff(want, d.Tally.ByMunicipality); diff != "" {
		t.Errorf("count by municipality (-want +got):\n%s", diff)
	}
	if want := (workflow.ConsultCount{Support: 3, NoOpinion: 1}); d.Tally.Count != want {
		t.Errorf("count %+v, want %+v", d.Tally.Count, want)
	}
}
