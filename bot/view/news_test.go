package view

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestPipelineNews(t *testing.T) {
	amount, _ := workflow.ParseAmount("250.000,50")
	hours, _ := workflow.ParseHours("7,5")
	w := alarm
	w.State, w.Group, w.Size, w.Priority = workflow.StateSpecified, "kontrakt", workflow.SizeMajor, workflow.PriorityHigh
	w.SpecSummary, w.SpecLink = "An alarm 90 days before the notice period.", "https://os2.eu/kravspec/12"
	other := asking()
	other.ID, other.Title, other.Group, other.Priority = 14, "Contract economy overview", "kontrakt", workflow.PriorityMedium
	groupNames := map[string]string{"kontrakt": "IT-kontrakter"}
	links := map[int64]string{w.ID: "https://kitos.slack.com/archives/C0KONT001/p1700000000000300"}
	est := workflow.Estimate{ID: 1, WishID: w.ID, Amount: amount, Hours: hours, At: at}
	recommended := workflow.InitiativeDetail{Initiative: workflow.Initiative{ID: 4, Title: "Contract economy", State: workflow.InitiativeRecommended,
		Recommendation: "Both wishes serve the same need.", RecommendedBy: "U0METTE01", RecommendedAt: at, WishIDs: []int64{w.ID, other.ID}},
		Wishes: []workflow.Wish{w, other}, Latest: map[int64]workflow.Estimate{w.ID: est}}
	approved := recommended
	approved.Initiative.State, approved.Initiative.Financing, approved.Initiative.DecidedBy = workflow.InitiativeApproved, workflow.FinancingFrame, "U0JENS001"
	approved.Initiative.DecidedAt, approved.Initiative.DecisionNote = at.AddDate(0, 0, 14), "Within this year's frame."
	approved.Initiative.DecidedAmount, approved.Initiative.DecidedHours, approved.Initiative.DecidedEstimate = amount, hours, 1
	estimate := workflow.Event{Kind: workflow.EvEstimate, WishID: w.ID, Actor: "U0METTE01", At: at,
		Data: map[string]string{"amount_ore": "25000050", "hours_tenths": "75", "revision": "1"}, Note: "Supplier: KMD"}
	left := workflow.Event{Kind: workflow.EvInitiativeWishLeft, WishID: other.ID, Actor: "U0ANNA001",
		Data: map[string]string{"initiative": "4", "state": string(workflow.StateWithdrawn)}}
	planned := workflow.Event{Kind: workflow.EvWishMoved, WishID: w.ID, Actor: "U0METTE01", To: workflow.StatePlanned,
		Data: map[string]string{"cycle": "2027.2", "from_cycle": "2027.1"}}
	delivered := workflow.Event{Kind: workflow.EvWishMoved, WishID: w.ID, Actor: "U0METTE01", To: workflow.StateDelivered,
		Data: map[string]string{"cycle": "2027.2"}}
	minor := workflow.Event{Kind: workflow.EvWishMoved, WishID: alarm.ID, Actor: "U0METTE01", To: workflow.StateDelivered,
		Note: "Added to the contract page."}
	cycle := workflow.Event{Kind: workflow.EvCycleDelivered, Actor: "U0METTE01", Note: "Released on Friday.",
		Data: map[string]string{"cycle": "2027.2", "wishes": "12 14"}}
	plan := workflow.CyclePlan{Cycle: workflow.Cycle{Name: "2027.2", Expected: at.AddDate(0, 4, 0)}, Wishes: []workflow.Wish{w, other}}
	base := News{Groups: groupNames, Links: links, Loc: copenhagen}
	with := func(f func(*News)) News { n := base; f(&n); return n }
	for _, lang := range langs {
		web := func(path string) string { return "https://kitos.example.dk" + path + "?lang=" + string(lang) }
		golden(t, "message.spec_ready", lang, SpecReady(lang, with(func(n *News) { n.Wish, n.Event = w, workflow.Event{Actor: "U0SOREN01"} })))
		golden(t, "message.estimate_news", lang, EstimateNews(lang, with(func(n *News) {
			n.Wish, n.Event, n.Approved = w, estimate, &approved.Initiative
		})))
		golden(t, "message.recommendation", lang, Recommendation(lang, with(func(n *News) { n.Initiative = recommended })))
		golden(t, "message.recommendation_decided", lang, Recommendation(lang, with(func(n *News) { n.Initiative = approved })))
		golden(t, "message.decision", lang, Decision(lang, with(func(n *News) { n.Initiative = approved })))
		golden(t, "message.decision_web", lang, Decision(lang, with(func(n *News) { n.Initiative, n.WebURL = approved, web("/decisions") })))
		golden(t, "message.wish_left", lang, WishLeft(lang, with(func(n *News) { n.Initiative, n.Wish, n.Event = recommended, other, left })))
		golden(t, "message.plan", lang, PlanMessage(lang, with(func(n *News) { n.Plan = plan })))
		golden(t, "message.plan_web", lang, PlanMessage(lang, with(func(n *News) { n.Plan, n.WebURL = plan, web("/plan/2027.2") })))
		golden(t, "message.plan_changed", lang, PlanChanged(lang, with(func(n *News) { n.Wish, n.Event = w, planned })))
		golden(t, "message.delivered_web", lang, Delivered(lang, with(func(n *News) { n.Wish, n.Event, n.WebURL = w, delivered, web("/wishes/12") })))
		golden(t, "message.delivered_minor", lang, Delivered(lang, with(func(n *News) { n.Wish, n.Event = alarm, minor })))
		golden(t, "message.cycle_delivered", lang, Delivered(lang, with(func(n *News) { n.Event, n.Wishes = cycle, []workflow.Wish{w, other} })))
	}
}
