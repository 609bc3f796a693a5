package view

import (
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// The route table's card parts and buttons, as bot/routes.go lists them.
var (
	parts   = []CardPart{PipelineCardPart, GroupLeadPart}
	buttons = []CardButtons{PipelineButtons, PollButtons, TriageButtons}
)

func TestWishCards(t *testing.T) {
	amount, _ := workflow.ParseAmount("250.000")
	hours, _ := workflow.ParseHours("150")
	moved := workflow.Event{Kind: workflow.EvWishMoved, WishID: alarm.ID, Actor: "U0METTE01", From: workflow.StateSubmitted,
		To: workflow.StateInAssessment, Note: "The contract group knows the notice rules.", At: at}
	assessed := alarm
	assessed.State, assessed.Group, assessed.Size = workflow.StateInAssessment, "kontrakt", workflow.SizeMajor
	estimated := assessed
	estimated.State, estimated.Priority, estimated.SpecSummary, estimated.SpecLink = workflow.StateEstimated, workflow.PriorityHigh,
		"An alarm 90 days before the notice period.", "https://os2.eu/kravspec/12"
	noCoordinator := groups[1]
	asked := workflow.Event{Kind: workflow.EvWishMoved, WishID: alarm.ID, Actor: "U0METTE01", From: workflow.StateSubmitted,
		To: workflow.StateNeedsInfo, Note: asking().Question, At: at}
	cards := map[string]Card{
		"message.card_secretariat_new": {Detail: workflow.WishDetail{Wish: alarm}, Notice: workflow.Notice{Kind: workflow.NoticeWishCard},
			GroupName: "IT-kontrakter", Loc: copenhagen},
		"message.card_group_assessed": {Detail: workflow.WishDetail{Wish: assessed, History: []workflow.Event{moved}},
			Notice: workflow.Notice{Kind: workflow.NoticeGroupCard}, GroupName: "IT-kontrakter", Group: &groups[0], Loc: copenhagen},
		"message.card_group_no_coordinator": {Detail: workflow.WishDetail{Wish: assessed},
			Notice: workflow.Notice{Kind: workflow.NoticeGroupCard}, GroupName: "IT-systemer", Group: &noCoordinator,
			Secretariat: []string{"U0METTE01"}, Loc: copenhagen},
		// The secretariat's question is private: the card shows the move, not the note.
		"message.card_secretariat_needs_info": {Detail: workflow.WishDetail{Wish: asking(), History: []workflow.Event{asked}},
			Notice: workflow.Notice{Kind: workflow.NoticeWishCard}, GroupName: "IT-kontrakter", Loc: copenhagen},
		"message.card_secretariat_estimated": {Detail: workflow.WishDetail{Wish: estimated}, Notice: workflow.Notice{Kind: workflow.NoticeWishCard},
			GroupName: "IT-kontrakter", Estimates: []workflow.Estimate{{WishID: alarm.ID, Amount: amount, Hours: hours, By: "U0METTE01", At: at}},
			Loc: copenhagen},
	}
	for name, c := range cards {
		for _, lang := range langs {
			golden(t, name, lang, WishCard(lang, c, parts, buttons))
		}
	}
	for _, lang := range langs {
		owner := WithdrawButton(lang, alarm, alarm.SubmitterID)
		golden(t, "message.receipt", lang, Receipt(lang, alarm, owner))
		golden(t, "message.wish_changed", lang, WishChanged(lang, assessed, moved, "", owner))
		golden(t, "message.wish_changed_poll", lang, WishChanged(lang, assessed, workflow.Event{Kind: workflow.EvPollClosed},
			PollClosedChange(lang, assessed, workflow.Event{Data: map[string]string{"failed_objection": "true"}}), nil))
	}
}

func TestWishShownAndInfoRequest(t *testing.T) {
	w := asking()
	history := []workflow.Event{
		{Kind: workflow.EvWishSubmitted, WishID: w.ID, Actor: w.SubmitterID, At: at},
		{Kind: workflow.EvWishFollowed, WishID: w.ID, Actor: "U0LARS001", At: at},
		{Kind: workflow.EvWishMoved, WishID: w.ID, Actor: "U0METTE01", From: workflow.StateSubmitted, To: workflow.StateNeedsInfo,
			Note: w.Question, At: at.Add(time.Hour)},
		{Kind: workflow.EvPollStarted, WishID: w.ID, Actor: "U0SOREN01", At: at.Add(2 * time.Hour),
			Data: map[string]string{"proposal": string(workflow.ProposePrioritise), "priority": string(workflow.PriorityHigh)}},
		{Kind: "wish.unknown_kind", WishID: w.ID, Actor: "U0METTE01", At: at.Add(3 * time.Hour)},
	}
	texts := map[workflow.EventKind]HistoryText{workflow.EvPollStarted: PollStartedHistory, workflow.EvWishImported: ImportedHistory}
	c := Card{Detail: workflow.WishDetail{Wish: w, History: history, Followers: []string{"U0LARS001"}}, GroupName: "IT-kontrakter", Loc: copenhagen}
	// The bot gives a follower the history without the secretariat's private question.
	follower := c
	follower.Detail.History = c.Detail.HistoryFor(workflow.Actor{UserID: "U0LARS001"})
	// An imported wish may name a submitter who has no Slack id; its page is on the web.
	imported := alarm
	imported.SubmitterID, imported.State = "Hanne <Økonomi>", workflow.StateInAssessment
	web := Card{Detail: workflow.WishDetail{Wish: imported, History: []workflow.Event{{Kind: workflow.EvWishImported, WishID: alarm.ID,
		Actor: workflow.System.UserID, To: workflow.StateInAssessment, At: at}}}, GroupName: "IT-kontrakter", Loc: copenhagen}
	ask := workflow.Event{Kind: workflow.EvWishMoved, WishID: w.ID, Actor: "U0METTE01", To: workflow.StateNeedsInfo, Note: w.Question, At: at}
	for _, lang := range langs {
		golden(t, "message.wish_shown_submitter", lang, WishShown(lang, c, w.SubmitterID, texts, WithdrawButton(lang, w, w.SubmitterID)))
		golden(t, "message.wish_shown_follower", lang, WishShown(lang, follower, "U0LARS001", texts, nil))
		web.WebURL = "https://kitos.example.dk/wishes/12?lang=" + string(lang)
		golden(t, "message.wish_shown_web", lang, WishShown(lang, web, "U0LARS001", texts, nil))
		golden(t, "message.info_request", lang, InfoRequest(lang, w, ask))
	}
}
