package workflow_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

// Issue 9, item 4: a wish withdrawn while its initiative awaits the steering group
// leaves the initiative; the total follows, the steering channel is told in the
// thread, and the decision covers only the wishes still in it.
func TestWithdrawnWishLeavesInitiative(t *testing.T) {
	f := newPipeFixture(t)
	a, b := f.estimated("Alarm"), f.estimated("Rapport")
	_, err := f.svc.AddEstimate(f.ctx, f.actor(pMette), b, workflow.EstimateInput{Amount: workflow.Kroner(50000), Hours: workflow.WholeHours(40)})
	f.must(err)
	ini, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{a, b}, Title: "Kontraktpakke", Text: "Begge"})
	f.must(err)
	ref := workflow.InitiativeRef(ini.ID)
	refreshes := f.countNotices(workflow.NoticeRecommendation, "", ref)

	_, err = f.svc.Withdraw(f.ctx, f.actor(pPer), b, "Ikke længere nødvendigt")
	f.must(err)
	d, err := f.svc.InitiativeDetail(f.ctx, ini.ID)
	f.must(err)
	if diff := cmp.Diff([]int64{a}, d.Initiative.WishIDs); diff != "" {
		t.Errorf("wishes of the initiative after #%d was withdrawn (-want +got):\n%s", b, diff)
	}
	if amount, hours := workflow.TotalAmount(d.Latest); amount != workflow.Kroner(120000) || hours != workflow.WholeHours(150) || len(d.Wishes) != 1 {
		t.Errorf("total after the withdrawal: %d øre, %d tenths, %d wishes", amount, hours, len(d.Wishes))
	}
	if d.Initiative.State != workflow.InitiativeRecommended {
		t.Errorf("initiative is %s; #%d still awaits the decision", d.Initiative.State, a)
	}
	if got := f.countNotices(workflow.NoticeRecommendation, "", ref); got != refreshes+1 {
		t.Errorf("steering message refreshes %d → %d, want one more", refreshes, got)
	}
	if n := f.countNotices(workflow.NoticeWishLeft, "", ref); n != 1 {
		t.Errorf("%d replies in the steering thread, want 1", n)
	}
	h, err := f.svc.Wish(f.ctx, b)
	f.must(err)
	if !hasEvent(h.History, workflow.EvInitiativeWishLeft, "initiative", strconv.FormatInt(ini.ID, 10)) {
		t.Errorf("no %s event in the history of #%d: %+v", workflow.EvInitiativeWishLeft, b, h.History)
	}

	decided, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, true, workflow.FinancingFrame, "")
	f.must(err)
	if diff := cmp.Diff([]int64{a}, decided.WishIDs); diff != "" {
		t.Errorf("the decision covers (-want +got):\n%s", diff)
	}
	if decided.DecidedAmount != workflow.Kroner(120000) || decided.DecidedHours != workflow.WholeHours(150) {
		t.Errorf("decided total %d øre, %d tenths; want only #%d's", decided.DecidedAmount, decided.DecidedHours, a)
	}
	f.wantState(a, workflow.StateApproved)
	f.wantState(b, workflow.StateWithdrawn)
}

// The last wish to leave ends the initiative: nothing is left to decide.
func TestLastWishLeavingEndsInitiative(t *testing.T) {
	f := newPipeFixture(t)
	a, b := f.estimated("Alarm"), f.estimated("Rapport")
	ini, err := f.svc.Recommend(f.ctx, f.actor(pMette), workflow.RecommendInput{WishIDs: []int64{a, b}, Title: "T", Text: "R"})
	f.must(err)
	for _, id := range []int64{a, b} {
		_, err := f.svc.Withdraw(f.ctx, f.actor(pPer), id, "")
		f.must(err)
	}
	d, err := f.svc.InitiativeDetail(f.ctx, ini.ID)
	f.must(err)
	if d.Initiative.State != workflow.InitiativeWithdrawn || d.Initiative.DecidedBy != pPer {
		t.Errorf("initiative after its last wish left: %+v", d.Initiative)
	}
	if diff := cmp.Diff([]int64{b}, d.Initiative.WishIDs); diff != "" {
		t.Errorf("the last wish stays listed, to say why it ended (-want +got):\n%s", diff)
	}
	if n := f.countNotices(workflow.NoticeWishLeft, "", workflow.InitiativeRef(ini.ID)); n != 2 {
		t.Errorf("%d replies in the steering thread, want 2", n)
	}
	if _, err := f.svc.Decide(f.ctx, f.actor(pJens), ini.ID, true, workflow.FinancingFrame, ""); workflow.KindOf(err) != workflow.Conflict {
		t.Errorf("deciding an ended initiative: %v, want conflict", err)
	}
}

// Issue 9, item 5: the decision keeps the total it was made on; a revision after it
// is recorded beside it.
func TestApprovedTotalStandsAfterRevision(t *testing.T) {
	f := newPipeFixture(t)
	a, b := f.estimated("Alarm"), f.estimated("Rapport")
	ini := f.approved(a, b)
	if ini.DecidedAmount != workflow.Kroner(240000) || ini.DecidedHours != workflow.WholeHours(300) {
		t.Fatalf("decided total %d øre, %d tenths", ini.DecidedAmount, ini.DecidedHours)
	}
	f.now = f.now.Add(time.Hour)
	_, err := f.svc.AddEstimate(f.ctx, f.actor(pMette), a, workflow.EstimateInput{Amount: 13_000_050, Hours: 1405})
	f.must(err)
	d, err := f.svc.InitiativeDetail(f.ctx, ini.ID)
	f.must(err)
	if d.Initiative.DecidedAmount != workflow.Kroner(240000) || d.Initiative.DecidedHours != workflow.WholeHours(300) {
		t.Errorf("the approved total changed with a revision: %d øre, %d tenths", d.Initiative.DecidedAmount, d.Initiative.DecidedHours)
	}
	if amount, _ := workflow.TotalAmount(d.Decided); amount != workflow.Kroner(240000) {
		t.Errorf("the estimates decided on total %d øre", amount)
	}
	if amount, hours := workflow.TotalAmount(d.Latest); amount != 25_000_050 || hours != 2905 {
		t.Errorf("the revised total is %d øre, %d tenths", amount, hours)
	}
	if !d.Revised() {
		t.Error("Revised() is false after a revision")
	}
}

// Issue 9, item 6: a normal wish never had a price estimate: it gets no revision.
func TestNoRevisionWithoutEstimate(t *testing.T) {
	f := newPipeFixture(t)
	id := f.prioritised("Sortering", workflow.SizeNormal)
	_, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), "2027.2", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
	f.must(err)
	w, err := f.svc.Plan(f.ctx, f.actor(pMette), id, "2027.2", "")
	f.must(err)
	if workflow.CanEstimate(w) {
		t.Error("CanEstimate offers a revision of a planned normal wish")
	}
	news := f.countNotices(workflow.NoticeEstimateNews, "", "")
	_, err = f.svc.AddEstimate(f.ctx, f.actor(pMette), id, workflow.EstimateInput{Amount: workflow.Kroner(5), Hours: workflow.WholeHours(1)})
	if workflow.KindOf(err) != workflow.Conflict || errKey(err) != "err.estimate.none" {
		t.Errorf("revising a wish with no estimate: %v", err)
	}
	if got := f.countNotices(workflow.NoticeEstimateNews, "", ""); got != news {
		t.Errorf("a revision of nothing was announced in the user club")
	}
	es, err := f.svc.Estimates(f.ctx, id)
	f.must(err)
	if len(es) != 0 {
		t.Errorf("estimates of a normal wish: %+v", es)
	}
}

// Issue 9, item 9: a duplicate needs an open original, or its followers would follow
// a wish on which nothing more happens.
func TestDuplicateNeedsOpenOriginal(t *testing.T) {
	f := newPipeFixture(t)
	submit := func(title string) int64 {
		w, err := f.svc.SubmitWish(f.ctx, f.actor(pPer), workflow.WishInput{Title: title, Purpose: "p", Value: "v"})
		f.must(err)
		return w.ID
	}
	mette := f.actor(pMette)
	withdrawn := submit("Trukket")
	_, err := f.svc.Withdraw(f.ctx, f.actor(pPer), withdrawn, "")
	f.must(err)
	declined := submit("Afvist")
	_, err = f.svc.Decline(f.ctx, mette, declined, "Nej")
	f.must(err)
	delivered := submit("Leveret")
	_, err = f.svc.HandleAsMinor(f.ctx, mette, delivered, "")
	f.must(err)
	_, err = f.svc.CompleteMinor(f.ctx, mette, delivered, "")
	f.must(err)
	open := submit("Åben")

	for _, tc := range []struct {
		of    int64
		state workflow.State
	}{{withdrawn, workflow.StateWithdrawn}, {declined, workflow.StateDeclined}, {delivered, workflow.StateDelivered}} {
		dup := submit("Dublet")
		_, err := f.svc.Follow(f.ctx, f.actor(pAnna), dup)
		f.must(err)
		_, err = f.svc.MarkDuplicate(f.ctx, mette, dup, tc.of, "")
		e, ok := err.(*workflow.Error)
		if !ok || e.Kind != workflow.Conflict || e.Msg != "err.wish.duplicate_closed" || !cmp.Equal(e.Args, []any{tc.of, string(tc.state)}) {
			t.Errorf("duplicate of a %s wish: %v", tc.state, err)
		}
		f.wantState(dup, workflow.StateSubmitted)
		d, err := f.svc.Wish(f.ctx, tc.of)
		f.must(err)
		for _, u := range d.Followers {
			if u == pAnna {
				t.Errorf("Anna follows the %s wish #%d", tc.state, tc.of)
			}
		}
	}
	dup := submit("Dublet af åben")
	if _, err := f.svc.MarkDuplicate(f.ctx, mette, dup, open, ""); err != nil {
		t.Fatalf("duplicate of an open wish: %v", err)
	}
	// A duplicate is refused as a chain, naming the wish to use instead.
	if _, err := f.svc.MarkDuplicate(f.ctx, mette, submit("Igen"), dup, ""); errKey(err) != "err.wish.duplicate_chain" {
		t.Errorf("duplicate of a duplicate: %v", err)
	}
}

func hasEvent(h []workflow.Event, kind workflow.EventKind, key, value string) bool {
	for _, e := range h {
		if e.Kind == kind && e.Data[key] == value {
			return true
		}
	}
	return false
}
