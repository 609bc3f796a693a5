package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/os2kitos/tovholder/workflow"
)

func TestProposalInputParse(t *testing.T) {
	for name, tc := range map[string]struct {
		in   workflow.ProposalInput
		want workflow.FieldErrors
		amt  workflow.Amount
	}{
		"OK":             {workflow.ProposalInput{Title: "Hire", Text: "A second consultant", Kind: "organisation"}, nil, 0},
		"OK amount":      {workflow.ProposalInput{Title: "Budget", Text: "2028", Kind: "economy", Amount: "250.000,50 kr."}, nil, 25_000_050},
		"OK english":     {workflow.ProposalInput{Title: "Budget", Text: "2028", Kind: "economy", Amount: "250,000.50"}, nil, 25_000_050},
		"bad amount":     {workflow.ProposalInput{Title: "B", Text: "T", Kind: "economy", Amount: "1.5.0"}, workflow.FieldErrors{"amount": "err.estimate.amount"}, 0},
		"three decimals": {workflow.ProposalInput{Title: "B", Text: "T", Kind: "economy", Amount: "12,345"}, nil, 1_234_500},
		"unknown kind":   {workflow.ProposalInput{Title: "B", Text: "T", Kind: "party"}, workflow.FieldErrors{"kind": "err.steering.kind"}, 0},
		"missing":        {workflow.ProposalInput{Kind: "other"}, workflow.FieldErrors{"title": "err.field.required", "text": "err.field.required"}, 0},
		"bad link":       {workflow.ProposalInput{Title: "B", Text: "T", Kind: "other", Links: []string{"", "ftp://x"}}, workflow.FieldErrors{"links": "err.spec.link"}, 0},
		"many links": {workflow.ProposalInput{Title: "B", Text: "T", Kind: "other", Links: []string{"https://a.dk", "https://a.dk",
			"https://a.dk", "https://a.dk", "https://a.dk", "https://a.dk"}}, workflow.FieldErrors{"links": "err.steering.links"}, 0},
	} {
		t.Run(name, func(t *testing.T) {
			p, errs := tc.in.Parse()
			if d := cmp.Diff(tc.want, errs); d != "" {
				t.Error(d)
			}
			if errs == nil && p.Amount != tc.amt {
				t.Errorf("amount %d, want %d", p.Amount, tc.amt)
			}
		})
	}
}

func TestSteeringProposalUseCases(t *testing.T) {
	ctx := context.Background()
	propose := func(f *fixture, internal bool) workflow.SteeringProposal {
		p, err := f.svc.ProposeSteering(ctx, f.actor(uSec), workflow.ProposalInput{Title: "A second consultant",
			Text: "The secretariat needs more hands.", Kind: "organisation", Amount: "450.000", Internal: internal})
		must(t, err)
		return p
	}
	t.Run("OK public", func(t *testing.T) {
		f := newFixture(t)
		p := propose(f, false)
		if p.Amount != workflow.Kroner(450_000) || p.State != workflow.ProposalPending {
			t.Errorf("proposal %+v", p)
		}
		if n := f.notices(workflow.NoticeSteeringProposal); len(n) != 1 || n[0].To != workflow.PlaceTarget(workflow.PlaceSteering) {
			t.Errorf("steering posts %+v", n)
		}
		_, err := f.svc.DecideSteering(ctx, f.actor(uSteer), p.ID, false, " ")
		wantKind(t, err, workflow.Invalid)
		d, err := f.svc.DecideSteering(ctx, f.actor(uSteer), p.ID, true, "")
		must(t, err)
		if d.State != workflow.ProposalApproved {
			t.Errorf("state %s", d.State)
		}
		if n := f.notices(workflow.NoticeSteeringDecision); len(n) != 1 || n[0].To != workflow.PlaceTarget(workflow.PlaceUserClub) {
			t.Errorf("decision notices %+v, want one in the user club", n)
		}
		_, err = f.svc.DecideSteering(ctx, f.actor(uSteer), p.ID, false, "late")
		wantKind(t, err, workflow.Conflict)
		pub, err := f.svc.PublicDecisions(ctx)
		if must(t, err); len(pub.Steering) != 1 {
			t.Errorf("public decisions %+v, want the approved proposal", pub)
		}
	})
	t.Run("OK internal never reaches the user club", func(t *testing.T) {
		f := newFixture(t)
		p := propose(f, true)
		_, err := f.svc.DecideSteering(ctx, f.actor(uSteer), p.ID, false, "Not this year.")
		must(t, err)
		for _, n := range f.notices(workflow.NoticeSteeringDecision) {
			if n.To != workflow.PlaceTarget(workflow.PlaceSecretariat) {
				t.Errorf("internal decision sent to %s", n.To)
			}
		}
		if n := f.notices(workflow.NoticeSteeringDecision); len(n) != 1 {
			t.Errorf("%d decision notices, want 1 to the secretariat", len(n))
		}
		for _, u := range []string{uMember, uSubmit} {
			d, err := f.svc.Decisions(ctx, f.actor(u), workflow.DecisionsAll)
			if must(t, err); len(d.Steering) != 0 {
				t.Errorf("%s sees internal proposals: %+v", u, d.Steering)
			}
			_, err = f.svc.SteeringProposal(ctx, f.actor(u), p.ID)
			wantKind(t, err, workflow.NotFound)
		}
		for _, u := range []string{uSec, uSteer} {
			if d, _ := f.svc.Decisions(ctx, f.actor(u), workflow.DecisionsSteering); len(d.Steering) != 1 {
				t.Errorf("%s does not see the internal proposal", u)
			}
		}
		if pub, _ := f.svc.PublicDecisions(ctx); len(pub.Steering) != 0 {
			t.Errorf("public decisions carry an internal one: %+v", pub.Steering)
		}
		es, err := f.db.Events(ctx, 0, 0)
		must(t, err)
		if !hasEvent(es, workflow.EvSteeringDecided, "internal", "true") {
			t.Error("the audit log lacks the internal decision")
		}
	})
	t.Run("OK digest", func(t *testing.T) {
		f := newFixture(t)
		p := propose(f, true)
		must(t, f.svc.SetDigestSchedule(ctx, f.actor(uSec), workflow.RuleSteering, "0 9 * * *"))
		f.advance(48 * time.Hour)
		_, err := f.svc.RunReminders(ctx, f.clock(), time.UTC)
		must(t, err)
		var got []int64
		for _, dg := range f.digests()[uSteer] {
			for _, s := range dg.Sections {
				if s.Key == workflow.SecProposals {
					got = append(got, s.IDs...)
				}
			}
		}
		if len(got) == 0 || got[0] != p.ID {
			t.Errorf("steering digest proposals %v, want [%d]", got, p.ID)
		}
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t)
		for _, u := range []string{uSteer, uCoord, uSubmit, uAdmin} {
			_, err := f.svc.ProposeSteering(ctx, f.actor(u), workflow.ProposalInput{Title: "T", Text: "T", Kind: "other"})
			wantKind(t, err, workflow.Forbidden)
		}
		p := propose(f, false)
		for _, u := range []string{uSec, uCoord, uSubmit, uAdmin} {
			_, err := f.svc.DecideSteering(ctx, f.actor(u), p.ID, true, "")
			wantKind(t, err, workflow.Forbidden)
			_, err = f.svc.DecideSteering(ctx, f.actor(u), p.ID, false, "no")
			wantKind(t, err, workflow.Forbidden)
		}
	})
}
