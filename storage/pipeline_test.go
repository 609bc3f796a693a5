package storage_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/os2kitos/tovholder/workflow"
)

func TestEstimatesKeepEveryRevision(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		id := must(tx.CreateWish(workflow.Wish{Title: "Alarm", State: workflow.StateSpecified}))
		if es := must(tx.Estimates(id)); len(es) != 0 {
			t.Errorf("a new wish has estimates %+v", es)
		}
		first := workflow.Estimate{WishID: id, Amount: workflow.Kroner(120000), Hours: workflow.WholeHours(150), Note: "Fast pris – æøå", By: "U1", At: t0}
		second := workflow.Estimate{WishID: id, Amount: workflow.Kroner(150000), Hours: workflow.WholeHours(190), By: "U1", At: t0.Add(time.Hour)}
		first.ID = must(tx.AddEstimate(first))
		second.ID = must(tx.AddEstimate(second))
		if diff := cmp.Diff([]workflow.Estimate{first, second}, must(tx.Estimates(id)), cmpTimes); diff != "" {
			t.Errorf("estimates (-want +got):\n%s", diff)
		}
		_, err := tx.AddEstimate(workflow.Estimate{WishID: 999})
		wantErr(t, "estimate of a missing wish", err, workflow.ErrNotFound)
		return nil
	})
}

// cmpTimes compares times as instants, whatever their zone.
var cmpTimes = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

func TestInitiatives(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		a := must(tx.CreateWish(workflow.Wish{Title: "A", State: workflow.StateEstimated}))
		b := must(tx.CreateWish(workflow.Wish{Title: "B", State: workflow.StateEstimated}))
		_, err := tx.InitiativeOfWish(a)
		wantErr(t, "initiative of a wish in none", err, workflow.ErrNotFound)
		in := workflow.Initiative{Title: "Pakke", Recommendation: "Indstilles", WishIDs: []int64{b, a},
			State: workflow.InitiativeRecommended, RecommendedBy: "U1", RecommendedAt: t0}
		in.ID = must(tx.CreateInitiative(in))
		if diff := cmp.Diff(in, must(tx.Initiative(in.ID)), cmpTimes, cmpEmpty); diff != "" {
			t.Errorf("initiative (-want +got):\n%s", diff)
		}
		if got := must(tx.Initiatives(workflow.InitiativeRecommended)); len(got) != 1 || !cmp.Equal(got[0].WishIDs, []int64{b, a}) {
			t.Errorf("recommended initiatives %+v", got)
		}
		c := must(tx.CreateWish(workflow.Wish{Title: "C", State: workflow.StateEstimated}))
		other := must(tx.CreateInitiative(workflow.Initiative{Title: "Andet", WishIDs: []int64{c, a}, State: workflow.InitiativeRecommended}))
		must(0, tx.RemoveInitiativeWish(other, c))
		if got := must(tx.Initiative(other)); !cmp.Equal(got.WishIDs, []int64{a}) {
			t.Errorf("wishes after one was removed: %v", got.WishIDs)
		}
		wantErr(t, "removing a wish not in the initiative", tx.RemoveInitiativeWish(other, c), workflow.ErrNotFound)
		must(0, tx.RemoveInitiativeWish(other, a))
		in.State, in.Financing, in.FinancingName, in.DecisionNote, in.DecidedBy, in.DecidedAt =
			workflow.InitiativeApproved, "eu", "EU-midler", "OK", "U2", t0.Add(time.Hour)
		in.DecidedAmount, in.DecidedHours, in.DecidedEstimate = 25_000_050, 75, 7
		must(0, tx.UpdateInitiative(in))
		if diff := cmp.Diff(in, must(tx.InitiativeOfWish(a)), cmpTimes, cmpEmpty); diff != "" {
			t.Errorf("initiative of wish after the decision (-want +got):\n%s", diff)
		}
		if got := must(tx.Initiatives(workflow.InitiativeRecommended)); len(got) != 1 || got[0].ID != other {
			t.Errorf("decided initiative still awaits: %+v", got)
		}
		wantErr(t, "update of a missing initiative", tx.UpdateInitiative(workflow.Initiative{ID: 99}), workflow.ErrNotFound)
		_, err = tx.Initiative(99)
		wantErr(t, "missing initiative", err, workflow.ErrNotFound)
		return nil
	})
}

func TestFinancingFormsSeededAndChanged(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		want := []workflow.FinancingForm{{Key: "frame"}, {Key: "grant"}, {Key: "requester"}, {Key: "cofinanced"}}
		if diff := cmp.Diff(want, must(tx.FinancingForms())); diff != "" {
			t.Errorf("seeded forms (-want +got):\n%s", diff)
		}
		must(0, tx.AddFinancingForm(workflow.FinancingForm{Key: "eu-midler", Name: "EU-midler"}))
		wantErr(t, "a taken key", tx.AddFinancingForm(workflow.FinancingForm{Key: "frame"}), workflow.ErrExists)
		if ok := must(tx.RemoveFinancingForm("grant")); !ok {
			t.Error("removing grant reported nothing removed")
		}
		if ok := must(tx.RemoveFinancingForm("grant")); ok {
			t.Error("removing grant twice reported a removal")
		}
		want = []workflow.FinancingForm{{Key: "frame"}, {Key: "requester"}, {Key: "cofinanced"}, {Key: "eu-midler", Name: "EU-midler"}}
		if diff := cmp.Diff(want, must(tx.FinancingForms())); diff != "" {
			t.Errorf("forms after changes (-want +got):\n%s", diff)
		}
		return nil
	})
}

func TestCycles(t *testing.T) {
	db := openClocked(t)
	write(t, db, func(tx workflow.Tx) error {
		late := workflow.Cycle{Name: "2027.2", Expected: time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC), CreatedBy: "U1", CreatedAt: t0}
		early := workflow.Cycle{Name: "2027.1", Expected: time.Date(2027, 3, 31, 0, 0, 0, 0, time.UTC), CreatedBy: "U1", CreatedAt: t0}
		must(0, tx.CreateCycle(late))
		must(0, tx.CreateCycle(early))
		wantErr(t, "a taken name", tx.CreateCycle(early), workflow.ErrExists)
		if diff := cmp.Diff([]workflow.Cycle{early, late}, must(tx.Cycles()), cmpTimes); diff != "" {
			t.Errorf("cycles by date (-want +got):\n%s", diff)
		}
		late.DeliveredAt = t0.Add(time.Hour)
		must(0, tx.UpdateCycle(late))
		if diff := cmp.Diff(late, must(tx.Cycle("2027.2")), cmpTimes); diff != "" {
			t.Errorf("delivered cycle (-want +got):\n%s", diff)
		}
		_, err := tx.Cycle("nope")
		wantErr(t, "missing cycle", err, workflow.ErrNotFound)
		for _, w := range []workflow.Wish{{Title: "planned", State: workflow.StatePlanned, Cycle: "2027.2"},
			{Title: "delivered", State: workflow.StateDelivered, Cycle: "2027.2"},
			{Title: "moved away, then approved again", State: workflow.StateApproved, Cycle: "2027.2"},
			{Title: "other cycle", State: workflow.StatePlanned, Cycle: "2027.1"}} {
			must(tx.CreateWish(w))
		}
		var titles []string
		for _, w := range must(tx.WishesInCycle("2027.2")) {
			titles = append(titles, w.Title)
		}
		if diff := cmp.Diff([]string{"planned", "delivered"}, titles); diff != "" {
			t.Errorf("wishes of 2027.2 (-want +got):\n%s", diff)
		}
		return nil
	})
}
