package view

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestPrivateAnswers(t *testing.T) {
	other := asking()
	other.ID, other.Title = 14, "Contract economy overview"
	var forms []workflow.FinancingForm
	for _, k := range workflow.DefaultFinancing {
		forms = append(forms, workflow.FinancingForm{Key: k})
	}
	cycles := []workflow.Cycle{{Name: "2027.1", Expected: at, DeliveredAt: at}, {Name: "2027.2", Expected: at.AddDate(0, 4, 0)}}
	planned := alarm
	planned.State, planned.Cycle = workflow.StatePlanned, "2027.2"
	delivered := other
	delivered.State, delivered.Cycle = workflow.StateDelivered, "2027.1"
	plans := []workflow.CyclePlan{{Cycle: cycles[1], Wishes: []workflow.Wish{planned}}, {Cycle: cycles[0], Wishes: []workflow.Wish{delivered}}}
	for _, lang := range langs {
		golden(t, "message.wish_list_mine", lang, WishList(lang, []workflow.Wish{alarm, other}, 2, false, false))
		golden(t, "message.wish_list_all_more", lang, WishList(lang, []workflow.Wish{alarm, other}, 41, true, true))
		golden(t, "message.financing_list", lang, FinancingList(lang, forms))
		golden(t, "message.cycle_list", lang, CycleList(lang, cycles, copenhagen))
		golden(t, "message.plans", lang, Plans(lang, plans, copenhagen))
		golden(t, "message.stance_taken", lang, StanceTaken(lang, 3, workflow.Agree, openPoll().Tally))
	}
}
