package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestConsultations(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		w := must(tx.CreateWish(workflow.Wish{Title: "Alarm", State: workflow.StateSubmitted, SourceLink: "https://x.slack.com/archives/C1/p1"}))
		if got := must(tx.Wish(w)); got.SourceLink != "https://x.slack.com/archives/C1/p1" {
			t.Errorf("source link %q", got.SourceLink)
		}
		c := workflow.Consultation{Question: "Close the Friday hotline? – æøå", Background: "b", Link: "https://os2.eu",
			Groups: []string{"kontrakt", "system"}, WishID: w, State: workflow.ConsultOpen, Deadline: t0.Add(time.Hour),
			StartedBy: "U1", StartedAt: t0}
		c.ID = must(tx.CreateConsultation(c))
		if d := cmp.Diff(c, must(tx.Consultation(c.ID)), cmpTimes); d != "" {
			t.Errorf("consultation (-want +got):\n%s", d)
		}
		plain := workflow.Consultation{Question: "Q", State: workflow.ConsultOpen, Deadline: t0, StartedBy: "U1", StartedAt: t0}
		plain.ID = must(tx.CreateConsultation(plain))
		if got := must(tx.Consultation(plain.ID)); got.WishID != 0 || got.Groups != nil {
			t.Errorf("a consultation on nothing reads back as %+v", got)
		}
		first := workflow.ConsultAnswer{ConsultationID: c.ID, UserID: "U2", Answer: workflow.AnswerConcerns, Reason: "cost", At: t0}
		second := workflow.ConsultAnswer{ConsultationID: c.ID, UserID: "U3", Answer: workflow.AnswerSupport, At: t0.Add(time.Minute)}
		changed := workflow.ConsultAnswer{ConsultationID: c.ID, UserID: "U2", Answer: workflow.AnswerNoOpinion, At: t0.Add(2 * time.Minute)}
		for _, a := range []workflow.ConsultAnswer{first, second, changed} {
			if err := tx.SetConsultAnswer(a); err != nil {
				t.Fatal(err)
			}
		}
		if d := cmp.Diff([]workflow.ConsultAnswer{changed, second}, must(tx.ConsultAnswers(c.ID)), cmpTimes); d != "" {
			t.Errorf("answers (-want +got): a changed answer keeps its place\n%s", d)
		}
		c.State, c.ClosedBy, c.ClosedAt, c.Decision, c.DecidedBy, c.DecidedAt = workflow.ConsultDecided, "system", t0, "kept", "U1", t0
		if err := tx.UpdateConsultation(c); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(c, must(tx.Consultation(c.ID)), cmpTimes); d != "" {
			t.Errorf("decided consultation (-want +got):\n%s", d)
		}
		if open := must(tx.Consultations(true)); len(open) != 1 || open[0].ID != plain.ID {
			t.Errorf("open consultations %+v, want only %d", open, plain.ID)
		}
		if all := must(tx.Consultations(false)); len(all) != 2 || all[0].ID != plain.ID {
			t.Errorf("consultations %+v, want both, newest first", all)
		}
		wantErr(t, "missing consultation", tx.UpdateConsultation(workflow.Consultation{ID: 99}), workflow.ErrNotFound)
		_, err := tx.Consultation(99)
		wantErr(t, "missing consultation", err, workflow.ErrNotFound)
		_, err = tx.CreateConsultation(workflow.Consultation{Question: "Q", WishID: 999, State: workflow.ConsultOpen, Deadline: t0, StartedAt: t0})
		wantErr(t, "consultation on a missing wish", err, workflow.ErrNotFound)
		if m := must(tx.Municipalities([]string{"U2"})); len(m) != 0 {
			t.Errorf("municipalities %v of people who chose none", m)
		}
		for u, org := range map[string]string{"U2": "aarhus", "U3": "kl", "U4": "gone"} {
			if err := tx.SetUserOrganisation(u, org, t0); err != nil {
				t.Fatal(err)
			}
		}
		want := map[string]string{"U2": "Aarhus", "U3": "KL", "U4": "gone"} // taken off the list: its key
		if d := cmp.Diff(want, must(tx.Municipalities([]string{"U2", "U3", "U4", "U5"}))); d != "" {
			t.Errorf("municipalities (-want +got):\n%s", d)
		}
		return nil
	})
}

func TestSteeringProposals(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		p := workflow.SteeringProposal{Title: "Consultant", Text: "More hands", Kind: workflow.KindOrganisation,
			Amount: 45_000_050, Links: []string{"https://a.dk/1", "https://a.dk/2"}, Internal: true,
			State: workflow.ProposalPending, ProposedBy: "U1", ProposedAt: t0}
		p.ID = must(tx.CreateSteeringProposal(p))
		if d := cmp.Diff(p, must(tx.SteeringProposal(p.ID)), cmpTimes); d != "" {
			t.Errorf("proposal (-want +got):\n%s", d)
		}
		q := workflow.SteeringProposal{Title: "Budget", Text: "2028", Kind: workflow.KindEconomy, State: workflow.ProposalPending, ProposedBy: "U1", ProposedAt: t0}
		q.ID = must(tx.CreateSteeringProposal(q))
		p.State, p.DecisionNote, p.DecidedBy, p.DecidedAt = workflow.ProposalDeclined, "not now", "U9", t0
		if err := tx.UpdateSteeringProposal(p); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(p, must(tx.SteeringProposal(p.ID)), cmpTimes); d != "" {
			t.Errorf("decided proposal (-want +got):\n%s", d)
		}
		if ps := must(tx.SteeringProposals(true)); len(ps) != 1 || ps[0].ID != q.ID || ps[0].Links != nil {
			t.Errorf("pending %+v, want only %d without links", ps, q.ID)
		}
		if ps := must(tx.SteeringProposals(false)); len(ps) != 2 || ps[0].ID != q.ID {
			t.Errorf("proposals %+v, want both, newest first", ps)
		}
		_, err := tx.SteeringProposal(99)
		wantErr(t, "missing proposal", err, workflow.ErrNotFound)
		_, err = tx.CreateSteeringProposal(workflow.SteeringProposal{Title: "x", Kind: "party", State: workflow.ProposalPending, ProposedAt: t0})
		if err == nil {
			t.Error("a proposal of an unknown kind was stored")
		}
		return nil
	})
}
