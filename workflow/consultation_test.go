package workflow_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/os2kitos/tovholder/workflow"
)

// TestMayDecide is the mandate matrix of consultations and steering proposals.
func TestMayDecide(t *testing.T) {
	sec := workflow.Actor{UserID: "U1", Roles: []workflow.Role{workflow.RoleSecretariat}}
	steer := workflow.Actor{UserID: "U2", Roles: []workflow.Role{workflow.RoleSteering}}
	admin := workflow.Actor{UserID: "U3", Roles: []workflow.Role{workflow.RoleAdmin}}
	member := workflow.Actor{UserID: "U4"}
	both := workflow.Actor{UserID: "U5", Roles: []workflow.Role{workflow.RoleSecretariat, workflow.RoleSteering}}
	actors := []workflow.Actor{sec, steer, admin, member, workflow.System, both}
	// One row per action: may secretariat, steering, admin, member, system, both.
	matrix := map[workflow.DecisionAction][6]bool{
		workflow.ActConsult: {true, false, false, false, false, true},
		workflow.ActAnswer:  {true, true, true, true, false, true},
		workflow.ActClose:   {true, false, false, false, false, true},
		workflow.ActRecord:  {true, false, false, false, false, true},
		workflow.ActPropose: {true, false, false, false, false, true},
		workflow.ActApprove: {false, true, false, false, false, true},
		workflow.ActDecline: {false, true, false, false, false, true},
		"nonsense":          {},
	}
	for act, want := range matrix {
		for i, a := range actors {
			if got := workflow.MayDecide(a, act); got != want[i] {
				t.Errorf("MayDecide(%v, %s) = %v, want %v", a, act, got, want[i])
			}
		}
	}
}

func TestCheckAnswer(t *testing.T) {
	long := strings.Repeat("x", workflow.MaxNote+1)
	for _, tc := range []struct {
		ans    workflow.Answer
		reason string
		want   string // the trimmed reason, or the error's catalog key
	}{
		{workflow.AnswerSupport, "", ""},
		{workflow.AnswerSupport, "  good  ", "good"},
		{workflow.AnswerNoOpinion, "", ""},
		{workflow.AnswerConcerns, "Too costly", "Too costly"},
		{workflow.AnswerConcerns, "", "err.consult.reason"},
		{workflow.AnswerConcerns, " \n\t ", "err.consult.reason"},
		{workflow.AnswerConcerns, long, "err.field.too_long"},
		{"agree", "", "err.consult.answer"},
	} {
		got, err := workflow.CheckAnswer(tc.ans, tc.reason)
		if err != nil {
			got = anyKey(err)
		}
		if got != tc.want {
			t.Errorf("CheckAnswer(%s, %q) = %q, want %q", tc.ans, tc.reason, got, tc.want)
		}
	}
}

func TestTallyConsultation(t *testing.T) {
	a := func(u string, ans workflow.Answer, reason string) workflow.ConsultAnswer {
		return workflow.ConsultAnswer{UserID: u, Answer: ans, Reason: reason}
	}
	answers := []workflow.ConsultAnswer{a("U1", workflow.AnswerSupport, ""), a("U2", workflow.AnswerConcerns, "cost"),
		a("U3", workflow.AnswerSupport, ""), a("U4", workflow.AnswerNoOpinion, ""), a("U5", workflow.AnswerConcerns, "time")}
	t.Run("by person", func(t *testing.T) {
		got := workflow.TallyConsultation(answers, nil)
		want := workflow.ConsultTally{Count: workflow.ConsultCount{Support: 2, Concerns: 2, NoOpinion: 1},
			Concerns: []workflow.ConsultAnswer{answers[1], answers[4]}}
		if d := cmp.Diff(want, got); d != "" {
			t.Error(d)
		}
	})
	t.Run("by municipality", func(t *testing.T) {
		got := workflow.TallyConsultation(answers, map[string]string{"U1": "Aarhus", "U2": "Aarhus", "U3": "Aabenraa"})
		want := []workflow.MunicipalityCount{
			{Municipality: "Aabenraa", ConsultCount: workflow.ConsultCount{Support: 1}},
			{Municipality: "Aarhus", ConsultCount: workflow.ConsultCount{Support: 1, Concerns: 1}},
			{Municipality: "", ConsultCount: workflow.ConsultCount{Concerns: 1, NoOpinion: 1}},
		}
		if d := cmp.Diff(want, got.ByMunicipality); d != "" {
			t.Error(d)
		}
		if got.Count.Total() != 5 {
			t.Errorf("total %d, want 5", got.Count.Total())
		}
	})
	t.Run("none", func(t *testing.T) {
		if got := workflow.TallyConsultation(nil, nil); got.Count.Total() != 0 || got.ByMunicipality != nil {
			t.Errorf("empty tally %+v", got)
		}
	})
}

func TestConsultInputValidate(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	for name, tc := range map[string]struct {
		in   workflow.ConsultInput
		want workflow.FieldErrors
	}{
		"OK":              {workflow.ConsultInput{Question: " Close the Friday hotline? ", Link: "https://os2.eu/x"}, nil},
		"OK deadline":     {workflow.ConsultInput{Question: "Q", Deadline: now.Add(time.Hour)}, nil},
		"no question":     {workflow.ConsultInput{Question: "  "}, workflow.FieldErrors{"question": "err.field.required"}},
		"bad link":        {workflow.ConsultInput{Question: "Q", Link: "javascript:alert(1)"}, workflow.FieldErrors{"link": "err.spec.link"}},
		"past deadline":   {workflow.ConsultInput{Question: "Q", Deadline: now}, workflow.FieldErrors{"deadline": "err.consult.deadline"}},
		"far deadline":    {workflow.ConsultInput{Question: "Q", Deadline: now.AddDate(1, 0, 0)}, workflow.FieldErrors{"deadline": "err.consult.deadline"}},
		"repeated groups": {workflow.ConsultInput{Question: "Q", Groups: []string{"a", "a"}}, workflow.FieldErrors{"groups": "err.consult.groups"}},
	} {
		t.Run(name, func(t *testing.T) {
			if d := cmp.Diff(tc.want, tc.in.Validate(now)); d != "" {
				t.Error(d)
			}
		})
	}
}

func (f *fixture) consult(in workflow.ConsultInput) workflow.Consultation {
	f.t.Helper()
	c, err := f.svc.StartConsultation(context.Background(), f.actor(uSec), in)
	must(f.t, err)
	return c
}

func (f *fixture) notices(kind workflow.NoticeKind) []workflow.Delivery {
	f.t.Helper()
	ds, err := f.db.PendingDeliveries(context.Background(), f.clock().Add(time.Hour), 0)
	must(f.t, err)
	var out []workflow.Delivery
	for _, d := range ds {
		if d.Kind == kind {
			out = append(out, d)
		}
	}
	return out
}

func wantKind(t *testing.T, err error, k workflow.Kind) {
	t.Helper()
	if workflow.KindOf(err) != k || err == nil {
		t.Fatalf("error %v, want kind %s", err, k)
	}
}

func TestConsultationUseCases(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		f := newFixture(t)
		w := f.wish()
		c := f.consult(workflow.ConsultInput{Question: "Close the Friday hotline?", Groups: []string{"kontrakt"}, WishID: w.ID})
		if want := f.clock().AddDate(0, 0, workflow.DefaultConsultDays); !c.Deadline.Equal(want) || c.State != workflow.ConsultOpen {
			t.Errorf("consultation %+v: want open until %s", c, want)
		}
		if n := len(f.notices(workflow.NoticeConsultation)); n != 1 {
			t.Errorf("%d consultation posts, want 1", n)
		}
		if g := f.notices(workflow.NoticeConsultGroup); len(g) != 1 || g[0].To != "CKONT" {
			t.Errorf("group posts %+v, want one in CKONT", g)
		}
		_, err := f.svc.AnswerConsultation(ctx, f.actor(uMember), c.ID, workflow.AnswerSupport, "")
		must(t, err)
		_, err = f.svc.AnswerConsultation(ctx, f.actor(uOther), c.ID, workflow.AnswerConcerns, "")
		wantKind(t, err, workflow.Invalid)
		_, err = f.svc.AnswerConsultation(ctx, f.actor(uOther), c.ID, workflow.AnswerConcerns, "Citizens call on Fridays")
		must(t, err)
		tally, err := f.svc.AnswerConsultation(ctx, f.actor(uMember), c.ID, workflow.AnswerNoOpinion, "")
		must(t, err)
		if want := (workflow.ConsultCount{Concerns: 1, NoOpinion: 1}); tally.Count != want {
			t.Errorf("count %+v, want %+v (a changed answer replaces the first)", tally.Count, want)
		}
		_, err = f.svc.RecordConsultDecision(ctx, f.actor(uSec), c.ID, "Kept open")
		wantKind(t, err, workflow.Conflict)
		f.advance(15 * 24 * time.Hour)
		_, err = f.svc.AnswerConsultation(ctx, f.actor(uMember), c.ID, workflow.AnswerSupport, "")
		wantKind(t, err, workflow.Conflict)
		n, err := f.svc.CloseDueConsultations(ctx)
		if must(t, err); n != 1 {
			t.Errorf("closed %d, want 1", n)
		}
		if n, _ := f.svc.CloseDueConsultations(ctx); n != 0 {
			t.Errorf("closed %d again, want 0", n)
		}
		if r := f.notices(workflow.NoticeConsultResult); len(r) != 1 || r[0].Op != workflow.OpReply || r[0].Ref != workflow.ConsultRef(c.ID) {
			t.Errorf("result notices %+v, want one reply in the thread", r)
		}
		_, err = f.svc.RecordConsultDecision(ctx, f.actor(uSec), c.ID, "  ")
		wantKind(t, err, workflow.Invalid)
		d, err := f.svc.RecordConsultDecision(ctx, f.actor(uSec), c.ID, "The hotline stays open on Fridays.")
		must(t, err)
		if d.State != workflow.ConsultDecided || d.DecidedBy != uSec {
			t.Errorf("decided %+v", d)
		}
		if a := f.notices(workflow.NoticeConsultDecision); len(a) != 1 || a[0].To != workflow.PlaceTarget(workflow.PlaceUserClub) {
			t.Errorf("announcements %+v, want one in the user club", a)
		}
		_, err = f.svc.RecordConsultDecision(ctx, f.actor(uSec), c.ID, "again")
		wantKind(t, err, workflow.Conflict)
		h := f.history(w.ID)
		if !hasEvent(h, workflow.EvConsultStarted, "consultation", "1") || !hasEvent(h, workflow.EvConsultDecided, "consultation", "1") {
			t.Errorf("the wish's history lacks the consultation: %+v", h)
		}
	})
	t.Run("OK closed early", func(t *testing.T) {
		f := newFixture(t)
		c := f.consult(workflow.ConsultInput{Question: "Q"})
		_, err := f.svc.CloseConsultation(ctx, f.actor(uSec), c.ID)
		must(t, err)
		_, err = f.svc.CloseConsultation(ctx, f.actor(uSec), c.ID)
		wantKind(t, err, workflow.Conflict)
	})
	t.Run("ErrForbidden", func(t *testing.T) {
		f := newFixture(t)
		for _, u := range []string{uSteer, uCoord, uSubmit, uAdmin} {
			_, err := f.svc.StartConsultation(ctx, f.actor(u), workflow.ConsultInput{Question: "Q"})
			wantKind(t, err, workflow.Forbidden)
		}
		c := f.consult(workflow.ConsultInput{Question: "Q"})
		for _, u := range []string{uSteer, uCoord, uSubmit} {
			_, err := f.svc.CloseConsultation(ctx, f.actor(u), c.ID)
			wantKind(t, err, workflow.Forbidden)
		}
		_, err := f.svc.CloseConsultation(ctx, f.actor(uSec), c.ID)
		must(t, err)
		for _, u := range []string{uSteer, uCoord, uSubmit} {
			_, err := f.svc.RecordConsultDecision(ctx, f.actor(u), c.ID, "x")
			wantKind(t, err, workflow.Forbidden)
		}
		_, err = f.svc.AnswerConsultation(ctx, workflow.System, c.ID, workflow.AnswerSupport, "")
		wantKind(t, err, workflow.Forbidden)
	})
	t.Run("ErrForbidden role revoked after the actor was read", func(t *testing.T) {
		f := newFixture(t)
		sec := f.actor(uSec)
		// Another stays in the secretariat: its last member cannot be removed.
		_, err := f.svc.Grant(ctx, f.actor(uAdmin), workflow.RoleSecretariat, []string{"USEC2"})
		must(t, err)
		_, err = f.svc.Revoke(ctx, f.actor(uAdmin), workflow.RoleSecretariat, []string{uSec})
		must(t, err)
		_, err = f.svc.StartConsultation(ctx, sec, workflow.ConsultInput{Question: "Q"})
		wantKind(t, err, workflow.Forbidden)
		_, err = f.svc.ProposeSteering(ctx, sec, workflow.ProposalInput{Title: "T", Text: "T", Kind: "other"})
		wantKind(t, err, workflow.Forbidden)
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		f := newFixture(t)
		_, err := f.svc.AnswerConsultation(ctx, f.actor(uMember), 9, workflow.AnswerSupport, "")
		wantKind(t, err, workflow.NotFound)
		_, err = f.svc.StartConsultation(ctx, f.actor(uSec), workflow.ConsultInput{Question: "Q", WishID: 99})
		wantKind(t, err, workflow.NotFound)
		_, err = f.svc.StartConsultation(ctx, f.actor(uSec), workflow.ConsultInput{Question: "Q", Groups: []string{"nosuch"}})
		wantKind(t, err, workflow.Invalid)
	})
}

// anyKey is the catalog key of a domain error or of a form's only field error.
func anyKey(err error) string {
	var fe *workflow.FieldError
	if errors.As(err, &fe) {
		for _, k := range fe.Fields {
			return k
		}
	}
	return errMsg(err)
}
