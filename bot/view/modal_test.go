package view

import (
	"testing"

	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/workflow"
)

func TestWishModals(t *testing.T) {
	for _, lang := range langs {
		golden(t, "modal.wish_new", lang, WishModal(lang, groups, &workflow.Wish{Title: "Export to CSV"}, false))
		w := asking()
		golden(t, "modal.wish_edit", lang, WishModal(lang, groups, &w, true))
		// A group named with < & > is shown and picked by its name, not by entities.
		odd := []workflow.Group{{Key: "drift", Name: "<Drift> & support"}}
		golden(t, "modal.wish_new_odd_group", lang, WishModal(lang, odd, &workflow.Wish{}, false))
	}
}

func TestTriageModals(t *testing.T) {
	for _, lang := range langs {
		golden(t, "modal.triage_route", lang, RouteModal(lang, groups, alarm))
		golden(t, "modal.triage_ask", lang, TriageModal(lang, CbAsk, alarm))
		golden(t, "modal.triage_decline", lang, TriageModal(lang, CbDecline, alarm))
		golden(t, "modal.triage_duplicate", lang, TriageModal(lang, CbDuplicate, alarm))
	}
}

func TestPipelineModals(t *testing.T) {
	amount, err := workflow.ParseAmount("250.000,50")
	if err != nil {
		t.Fatal(err)
	}
	hours, err := workflow.ParseHours("150")
	if err != nil {
		t.Fatal(err)
	}
	w := alarm
	w.State, w.Group, w.Size, w.Priority = workflow.StatePrioritised, "kontrakt", workflow.SizeMajor, workflow.PriorityHigh
	ini := workflow.InitiativeDetail{Initiative: workflow.Initiative{ID: 4, Title: "Contract economy", WishIDs: []int64{w.ID},
		State: workflow.InitiativeRecommended}, Wishes: []workflow.Wish{w}}
	var forms []workflow.FinancingForm
	for _, k := range workflow.DefaultFinancing {
		forms = append(forms, workflow.FinancingForm{Key: k})
	}
	forms = append(forms, workflow.FinancingForm{Key: "eu-midler", Name: "EU-midler"})
	cycles := []workflow.Cycle{{Name: "2027.1", Expected: at, DeliveredAt: at}, {Name: "2027.2", Expected: at.AddDate(0, 4, 0)}}
	for _, lang := range langs {
		golden(t, "modal.spec", lang, SpecModal(lang, w))
		golden(t, "modal.estimate", lang, EstimateModal(lang, w, []workflow.Estimate{{WishID: w.ID, Amount: amount, Hours: hours, At: at}}))
		golden(t, "modal.recommend", lang, RecommendModal(lang, []workflow.Wish{w, asking()}))
		golden(t, "modal.decline", lang, DeclineModal(lang, ini))
		golden(t, "modal.approve", lang, ApproveModal(lang, ini, forms))
		m, ok := PlanModal(lang, w, cycles)
		if !ok {
			t.Fatal("PlanModal found no open cycle")
		}
		golden(t, "modal.plan", lang, m)
	}
	if _, ok := PlanModal(i18n.English, w, cycles[:1]); ok {
		t.Error("PlanModal offered a delivered cycle")
	}
}
