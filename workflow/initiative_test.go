package workflow_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestDeclineNeedsReason(t *testing.T) {
	f := newPipeFixture(t)
	ini, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{f.estimated("A")}, Title: "T", Text: "R"})
	f.must(err)
	var fe *workflow.FieldError
	if _, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, false, "", "  "); workflow.KindOf(err) != workflow.Invalid {
		t.Fatalf("decline without reason: %v", err)
	} else if e, ok := err.(*workflow.FieldError); !ok || e.Fields["note"] != "err.note.required" {
		t.Errorf("decline without reason: %#v", err)
	}
	if _, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, true, "no-such-form", ""); err == nil || !asPipeField(err, &fe) || fe.Fields["financing"] == "" {
		t.Errorf("approve with an unknown financing: %v", err)
	}
	if _, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, false, "", "For dyrt"); err != nil {
		t.Fatal(err)
	}
	f.wantState(ini.WishIDs[0], workflow.StateNotApproved)
	if _, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, true, workflow.FinancingFrame, ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("second decision: %v, want conflict", err)
	}
}

func asPipeField(err error, fe **workflow.FieldError) bool {
	e, ok := err.(*workflow.FieldError)
	*fe = e
	return ok
}

func TestInitiativeOfSeveralWishes(t *testing.T) {
	f := newPipeFixture(t)
	a, b := f.estimated("Alarm"), f.estimated("Rapport")
	if _, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{a, a}, Title: "T", Text: "R"}); workflow.KindOf(err) != workflow.Invalid {
		t.Errorf("the same wish twice: %v", err)
	}
	ini := f.approved(a, b)
	f.wantState(a, workflow.StateApproved)
	f.wantState(b, workflow.StateApproved)
	d, err := f.svc.InitiativeDetail(f.ctx, ini.ID)
	f.must(err)
	if dkk, hours := workflow.TotalAmount(d.Latest); dkk != workflow.Kroner(240000) || hours != workflow.WholeHours(300) || len(d.Wishes) != 2 {
		t.Errorf("initiative total %d DKK, %d hours, %d wishes", dkk, hours, len(d.Wishes))
	}
	if n := f.countNotices(workflow.NoticeRecommendation, workflow.PlaceTarget(workflow.PlaceSteering), workflow.InitiativeRef(ini.ID)); n != 1 {
		t.Errorf("%d steering posts, want 1", n)
	}
	if n := f.countNotices(workflow.NoticeDecision, "", ""); n != 1 {
		t.Errorf("%d decision announcements for one initiative, want 1", n)
	}
}

func TestFinancingForms(t *testing.T) {
	f := newPipeFixture(t)
	forms, err := f.svc.FinancingForms(f.ctx)
	f.must(err)
	var keys []string
	for _, fm := range forms {
		keys = append(keys, fm.Key)
	}
	if diff := cmp.Diff(workflow.DefaultFinancing, keys); diff != "" {
		t.Errorf("default forms (-want +got):\n%s", diff)
	}
	fm, err := f.svc.AddFinancing(f.ctx, f.actor(pMette), "EU-midler")
	f.must(err)
	if fm.Key != "eu-midler" {
		t.Errorf("key %q", fm.Key)
	}
	if _, err := f.svc.AddFinancing(f.ctx, f.actor(pMette), "EU midler"); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("same key twice: %v", err)
	}
	for _, k := range append(workflow.DefaultFinancing, "eu-midler")[1:] {
		f.must(f.svc.RemoveFinancing(f.ctx, f.actor(pMette), k))
	}
	if err := f.svc.RemoveFinancing(f.ctx, f.actor(pMette), workflow.FinancingFrame); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("removing the last form: %v", err)
	}
	if err := f.svc.RemoveFinancing(f.ctx, f.actor(pMette), "nope"); workflow.KindOf(err) != workflow.NotFound {
		t.Errorf("removing an unknown form: %v", err)
	}
}
