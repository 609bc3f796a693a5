package view

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestHomeTabs(t *testing.T) {
	submitted := alarm
	delivered := asking()
	delivered.ID, delivered.Title, delivered.State = 7, "New contract role: data protection adviser", workflow.StateDelivered
	ini := workflow.InitiativeDetail{Initiative: workflow.Initiative{ID: 4, Title: "Contract economy", State: workflow.InitiativeRecommended},
		Wishes: []workflow.Wish{submitted}}
	homes := map[string]Home{
		// A member who has submitted nothing and awaits nothing.
		"home.member_new": {Loc: copenhagen},
		// Anna: two of her 12 wishes, and a poll awaiting her stance.
		"home.member": {Mine: []workflow.Wish{submitted, delivered}, MineTotal: 12, Loc: copenhagen,
			Agenda: workflow.Agenda{Polls: []workflow.PollDetail{openPoll()}, PollsTotal: 6}},
		// The secretariat: its queues, one empty.
		"home.secretariat": {Loc: copenhagen, Agenda: workflow.Agenda{Queues: []workflow.Queue{
			{Key: "triage", Wishes: []workflow.Wish{submitted}, Total: 8}, {Key: "estimate"},
			{Key: "assessment", Group: "IT-kontrakter", GroupKey: "kontrakt", Wishes: []workflow.Wish{delivered}, Total: 3}}}},
		// A coordinator whose group's queues are empty: no divider with nothing under it
		// (issue 12).
		"home.coordinator_idle": {Loc: copenhagen, Agenda: workflow.Agenda{Queues: []workflow.Queue{
			{Key: "assessment", Group: "IT-kontrakter"}, {Key: "spec", Group: "IT-kontrakter"}}}},
		// The steering group: a recommendation awaiting its decision.
		"home.steering": {Steering: true, Loc: copenhagen,
			Agenda: workflow.Agenda{Initiatives: []workflow.InitiativeDetail{ini}, InitiativesOf: 2}},
	}
	for _, lang := range langs {
		// "… and N more" leads here: the same queue, all of it, in the same order.
		golden(t, "message.queue_list", lang, QueueList(lang, workflow.Queue{Key: "assessment", Group: "IT-kontrakter", GroupKey: "kontrakt",
			Wishes: []workflow.Wish{submitted, delivered}, Total: 2}))
	}
	for name, h := range homes {
		for _, lang := range langs {
			golden(t, name, lang, HomeTab(lang, h, []HomeSection{HomeMine, HomePolls, HomeQueues, HomeSteering}))
		}
	}
}
