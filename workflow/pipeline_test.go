package workflow_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/workflow"
)

func TestCanAddSpecEstimatePlan(t *testing.T) {
	for _, tc := range []struct {
		state                  workflow.State
		size                   workflow.Size
		spec, estimate, planOK bool
	}{
		{workflow.StatePrioritised, workflow.SizeMajor, true, false, false},
		{workflow.StatePrioritised, workflow.SizeNormal, false, false, true},
		{workflow.StateSpecified, workflow.SizeMajor, false, true, false},
		{workflow.StateEstimated, workflow.SizeMajor, false, true, false},
		{workflow.StateRecommended, workflow.SizeMajor, false, false, false},
		{workflow.StateApproved, workflow.SizeMajor, false, true, true},
		{workflow.StatePlanned, workflow.SizeMajor, false, true, true},
		{workflow.StateDelivered, workflow.SizeMajor, false, false, false},
		{workflow.StateInAssessment, workflow.SizeMajor, false, false, false},
	} {
		w := workflow.Wish{State: tc.state, Size: tc.size}
		if got := workflow.CanAddSpec(w); got != tc.spec {
			t.Errorf("CanAddSpec(%s, %s) = %v", tc.state, tc.size, got)
		}
		if got := workflow.CanEstimate(w); got != tc.estimate {
			t.Errorf("CanEstimate(%s) = %v", tc.state, got)
		}
		if got := workflow.CanPlan(w); got != tc.planOK {
			t.Errorf("CanPlan(%s, %s) = %v", tc.state, tc.size, got)
		}
	}
}

func TestFinancingKey(t *testing.T) {
	for in, want := range map[string]string{
		"EU-midler":                   "eu-midler",
		"  Særlig pulje for år 2027 ": "saerlig-pulje-for-aar-2027",
		"Ørsted & Co.":                "oersted-co",
		"!!!":                         "",
		"a very long name of a form of financing indeed": "a-very-long-name-of-a-form-of-fi",
	} {
		if got := workflow.FinancingKey(in); got != want {
			t.Errorf("FinancingKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseWishIDsAndCycleNames(t *testing.T) {
	for in, want := range map[string][]int64{"12": {12}, "#12 14": {12, 14}, "1,2;3": {1, 2, 3}, "x": nil, "0": nil, "12a": nil, "": nil} {
		got, ok := workflow.ParseWishIDs(in)
		if ok != (want != nil) || !cmp.Equal(got, want) {
			t.Errorf("ParseWishIDs(%q) = %v, %v", in, got, ok)
		}
	}
	for name, ok := range map[string]bool{"2027.2": true, "2027-H1": true, "": false, ".x": false, "a b": false, "plan/x": false} {
		if workflow.ValidCycleName(name) != ok {
			t.Errorf("ValidCycleName(%q) != %v", name, ok)
		}
	}
}

// The people of the pipeline tests.
const (
	pAdmin   = "UADMIN"
	pMette   = "UMETTE" // secretariat
	pJens    = "UJENS"  // steering group
	pSoren   = "USOREN" // coordinator of kontrakt
	pAnna    = "UANNA"  // member of kontrakt
	pPer     = "UPER"   // submits wishes
	pKirsten = "UKIRST" // member of another group
)

type pipeFixture struct {
	t   *testing.T
	db  *storage.DB
	svc *workflow.Service
	ctx context.Context
	now time.Time
}

func newPipeFixture(t *testing.T) *pipeFixture {
	t.Helper()
	f := &pipeFixture{t: t, db: storagetest.Open(t), ctx: context.Background(), now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
	f.svc = workflow.New(f.db, func() time.Time { return f.now }, []string{pAdmin})
	ad := f.actor(pAdmin)
	f.must(f.svc.SetPlace(f.ctx, ad, workflow.PlaceSecretariat, "CSEKR"))
	f.must(f.svc.SetPlace(f.ctx, ad, workflow.PlaceSteering, "CSTYR"))
	f.must(f.svc.SetPlace(f.ctx, ad, workflow.PlaceUserClub, "CBRUG"))
	_, err := f.svc.Grant(f.ctx, ad, workflow.RoleSecretariat, []string{pMette})
	f.must(err)
	_, err = f.svc.Grant(f.ctx, ad, workflow.RoleSteering, []string{pJens})
	f.must(err)
	_, err = f.svc.CreateGroup(f.ctx, ad, "kontrakt", "CKONT", "IT-kontrakter")
	f.must(err)
	f.must(f.svc.SetCoordinator(f.ctx, ad, "kontrakt", pSoren))
	_, err = f.svc.AddMembers(f.ctx, ad, "kontrakt", []string{pAnna})
	f.must(err)
	_, err = f.svc.CreateGroup(f.ctx, ad, "systemer", "CSYST", "IT-systemer")
	f.must(err)
	_, err = f.svc.AddMembers(f.ctx, ad, "systemer", []string{pKirsten})
	f.must(err)
	return f
}

func (f *pipeFixture) must(err error) {
	f.t.Helper()
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *pipeFixture) actor(u string) workflow.Actor {
	f.t.Helper()
	a, err := f.svc.Actor(f.ctx, u)
	f.must(err)
	return a
}

// prioritised takes a new wish of pPer's to prioritised the way the process does:
// triage, a consensus poll, the members' stances, the close.
func (f *pipeFixture) prioritised(title string, size workflow.Size) int64 {
	f.t.Helper()
	w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: title, Purpose: "Færre fejl", Value: "Tid sparet"})
	f.must(err)
	_, err = f.svc.RouteToGroup(f.ctx, f.actor(pMette), w.ID, "kontrakt", size, "")
	f.must(err)
	p, err := f.svc.StartPoll(f.ctx, f.actor(pSoren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	f.must(err)
	for _, u := range []string{pSoren, pAnna} {
		_, err := f.svc.TakeStance(f.ctx, f.actor(u), p.ID, workflow.Agree, "")
		f.must(err)
	}
	tally, err := f.svc.ClosePoll(f.ctx, f.actor(pSoren), p.ID)
	f.must(err)
	if !tally.Consensus {
		f.t.Fatalf("no consensus: %+v", tally)
	}
	f.wantState(w.ID, workflow.StatePrioritised)
	return w.ID
}

func (f *pipeFixture) wantState(id int64, want workflow.State) {
	f.t.Helper()
	d, err := f.svc.Wish(f.ctx, id)
	f.must(err)
	if d.Wish.State != want {
		f.t.Fatalf("wish %d is %s, want %s", id, d.Wish.State, want)
	}
}

// estimated takes a prioritised major wish to estimated.
func (f *pipeFixture) estimated(title string) int64 {
	f.t.Helper()
	id := f.prioritised(title, workflow.SizeMajor)
	_, err := f.svc.AddSpec(f.ctx, f.actor(pAnna), id, "https://example.org/krav.pdf", "Alarm 3 måneder før opsigelsesfrist")
	f.must(err)
	_, err = f.svc.AddEstimate(f.ctx, f.actor(pMette), id, workflow.EstimateInput{Amount: workflow.Kroner(120000), Hours: workflow.WholeHours(150), Note: "Leverandøren: fast pris"})
	f.must(err)
	return id
}

// approved takes estimated wishes through one initiative to approved.
func (f *pipeFixture) approved(ids ...int64) workflow.Initiative {
	f.t.Helper()
	ini, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: ids, Title: "Kontraktalarmer", Text: "Indstilles"})
	f.must(err)
	ini, err = f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, true, workflow.FinancingFrame, "")
	f.must(err)
	return ini
}

// pending is the outbox, for what a use case enqueued.
func (f *pipeFixture) pending() []workflow.Delivery {
	f.t.Helper()
	ds, err := f.db.PendingDeliveries(f.ctx, f.now.Add(time.Hour), 0)
	f.must(err)
	return ds
}

func (f *pipeFixture) countNotices(kind workflow.NoticeKind, to, ref string) int {
	n := 0
	for _, d := range f.pending() {
		if d.Kind == kind && (to == "" || d.To == to) && (ref == "" || d.Ref == ref) {
			n++
		}
	}
	return n
}

func TestPipelineToDelivered(t *testing.T) {
	f := newPipeFixture(t)
	id := f.prioritised("Varsling af opsigelsesfrist", workflow.SizeMajor)
	if _, err := f.svc.AddSpec(f.ctx, f.actor(pSoren), id, "https://example.org/krav", "Krav: alarm før frist"); err != nil {
		t.Fatal(err)
	}
	f.wantState(id, workflow.StateSpecified)
	if n := f.countNotices(workflow.NoticeSpecReady, workflow.PlaceTarget(workflow.PlaceSecretariat), ""); n != 1 {
		t.Errorf("%d spec-ready notices to the secretariat, want 1", n)
	}
	if _, err := f.svc.AddEstimate(f.ctx, f.actor(pMette), id, workflow.EstimateInput{Amount: workflow.Kroner(80000), Hours: workflow.WholeHours(100)}); err != nil {
		t.Fatal(err)
	}
	f.wantState(id, workflow.StateEstimated)
	ini := f.approved(id)
	f.wantState(id, workflow.StateApproved)
	if ini.State != workflow.InitiativeApproved || ini.Financing != workflow.FinancingFrame || ini.DecidedBy != pJens {
		t.Errorf("initiative after approval: %+v", ini)
	}
	if n := f.countNotices(workflow.NoticeDecision, workflow.PlaceTarget(workflow.PlaceUserClub), ""); n != 1 {
		t.Errorf("%d decision announcements, want 1", n)
	}
	_, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), "2027.2", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
	f.must(err)
	_, err = f.svc.Plan(f.ctx, f.actor(pMette), id, "2027.2", "")
	f.must(err)
	f.wantState(id, workflow.StatePlanned)
	_, err = f.svc.Deliver(f.ctx, f.actor(pMette), id, "I drift")
	f.must(err)
	f.wantState(id, workflow.StateDelivered)
	d, err := f.svc.Wish(f.ctx, id)
	f.must(err)
	var path []workflow.State
	for _, e := range d.History {
		if e.Kind == workflow.EvWishMoved {
			path = append(path, e.To)
		}
	}
	want := []workflow.State{workflow.StateInAssessment, workflow.StatePrioritised, workflow.StateSpecified, workflow.StateEstimated,
		workflow.StateRecommended, workflow.StateApproved, workflow.StatePlanned, workflow.StateDelivered}
	if diff := cmp.Diff(want, path); diff != "" {
		t.Errorf("history of moves (-want +got):\n%s", diff)
	}
}

func TestPipelineMandates(t *testing.T) {
	f := newPipeFixture(t)
	for _, tc := range []struct {
		step string
		ok   []string // who may
		no   []string // who may not
		run  func(who string) error
	}{
		{"add requirements", []string{pAnna, pSoren, pMette}, []string{pPer, pKirsten, pJens}, func(who string) error {
			id := f.prioritised("Krav "+who, workflow.SizeMajor)
			_, err := f.svc.AddSpec(f.ctx, f.actor(who), id, "", "Resumé")
			return err
		}},
		{"add estimate", []string{pMette}, []string{pAnna, pSoren, pJens, pPer, pAdmin}, func(who string) error {
			id := f.prioritised("Pris "+who, workflow.SizeMajor)
			_, err := f.svc.AddSpec(f.ctx, f.actor(pAnna), id, "", "Resumé")
			f.must(err)
			_, err = f.svc.AddEstimate(f.ctx, f.actor(who), id, workflow.EstimateInput{Amount: workflow.Kroner(1), Hours: workflow.WholeHours(1)})
			return err
		}},
		{"recommend", []string{pMette}, []string{pSoren, pJens, pPer}, func(who string) error {
			_, err := f.svc.Recommend(f.ctx, f.actor(who), workflow.RecommendInput{WishIDs: []int64{f.estimated("Indstil " + who)}, Title: "T", Text: "R"})
			return err
		}},
		{"approve", []string{pJens}, []string{pMette, pSoren, pPer, pAdmin}, func(who string) error {
			ini, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{f.estimated("Godkend " + who)}, Title: "T", Text: "R"})
			f.must(err)
			_, err = f.svc.Decide(f.ctx, f.actor(who), ini.ID, true, workflow.FinancingGrant, "")
			return err
		}},
		{"plan", []string{pMette}, []string{pSoren, pJens, pPer}, func(who string) error {
			id := f.prioritised("Plan "+who, workflow.SizeNormal)
			_, err := f.svc.Plan(f.ctx, f.actor(who), id, "2027.1", "")
			return err
		}},
		{"deliver", []string{pMette}, []string{pSoren, pJens, pPer}, func(who string) error {
			id := f.prioritised("Lever "+who, workflow.SizeNormal)
			_, err := f.svc.Plan(f.ctx, f.actor(pMette), id, "2027.1", "")
			f.must(err)
			_, err = f.svc.Deliver(f.ctx, f.actor(who), id, "")
			return err
		}},
		{"withdraw", []string{pPer}, []string{pMette, pJens, pSoren}, func(who string) error {
			_, err := f.svc.Withdraw(f.ctx, f.actor(who), f.estimated("Tilbage "+who), "")
			return err
		}},
		{"cycle create", []string{pMette}, []string{pJens, pPer, pSoren}, func(who string) error {
			_, err := f.svc.CreateCycle(f.ctx, f.actor(who), "c-"+who, time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC))
			return err
		}},
		{"financing add", []string{pMette, pAdmin}, []string{pJens, pPer}, func(who string) error {
			_, err := f.svc.AddFinancing(f.ctx, f.actor(who), "Pulje "+who)
			return err
		}},
	} {
		if tc.step == "plan" {
			_, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), "2027.1", time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC))
			f.must(err)
		}
		for _, who := range tc.ok {
			if err := tc.run(who); err != nil {
				t.Errorf("%s by %s: %v", tc.step, who, err)
			}
		}
		for _, who := range tc.no {
			if err := tc.run(who); workflow.KindOf(err) != workflow.Forbidden {
				t.Errorf("%s by %s: err %v, want forbidden", tc.step, who, err)
			}
		}
	}
}

func TestReestimateAfterApproval(t *testing.T) {
	f := newPipeFixture(t)
	id := f.estimated("Alarm")
	f.approved(id)
	before := f.countNotices(workflow.NoticeEstimateNews, workflow.PlaceTarget(workflow.PlaceUserClub), "")
	if _, err := f.svc.AddEstimate(f.ctx, f.actor(pMette), id, workflow.EstimateInput{Amount: workflow.Kroner(150000), Hours: workflow.WholeHours(190), Note: "Detaljeret løsning"}); err != nil {
		t.Fatal(err)
	}
	f.wantState(id, workflow.StateApproved)
	es, err := f.svc.Estimates(f.ctx, id)
	f.must(err)
	if len(es) != 2 || es[0].Amount != workflow.Kroner(120000) || es[1].Amount != workflow.Kroner(150000) || es[1].Note != "Detaljeret løsning" {
		t.Errorf("estimates: %+v", es)
	}
	if after := f.countNotices(workflow.NoticeEstimateNews, workflow.PlaceTarget(workflow.PlaceUserClub), ""); after != before+1 {
		t.Errorf("user-club estimate announcements %d → %d, want one more", before, after)
	}
	ini, ok, err := f.svc.InitiativeOfWish(f.ctx, id)
	if err != nil || !ok || ini.State != workflow.InitiativeApproved {
		t.Errorf("the decision does not stand: %+v %v %v", ini, ok, err)
	}
}

func TestWithdrawUntilApproved(t *testing.T) {
	f := newPipeFixture(t)
	id := f.estimated("Alarm")
	_, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{id}, Title: "T", Text: "R"})
	f.must(err)
	if _, err := f.svc.Withdraw(f.ctx, f.actor(pPer), id, ""); err != nil {
		t.Fatalf("withdraw while recommended: %v", err)
	}
	other := f.estimated("Rapport")
	f.approved(other)
	if _, err := f.svc.Withdraw(f.ctx, f.actor(pPer), other, ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("withdraw after approval: %v, want conflict", err)
	}
}
