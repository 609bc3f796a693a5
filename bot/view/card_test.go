package view

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/slack-go/slack"

	"github.com/os2kitos/tovholder/bot/slackemu"

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
		// A poll is open: the card shows it, with its link, and no Start consensus poll.
		"message.card_group_poll_open": {Detail: workflow.WishDetail{Wish: assessed, Polls: []workflow.Poll{openPoll().Poll}},
			Notice: workflow.Notice{Kind: workflow.NoticeGroupCard}, GroupName: "IT-kontrakter", Group: &groups[0], Loc: copenhagen,
			PollLink: "https://kitos.slack.com/archives/C0KONT001/p1700000000000400"},
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
		// The initiative's title is said as the initiative, not quoted as a note; the
		// duplicate says which wish it duplicates (issue 12).
		recommended := assessed
		recommended.State = workflow.StateRecommended
		golden(t, "message.wish_changed_recommended", lang, WishChanged(lang, recommended, workflow.Event{Kind: workflow.EvWishMoved,
			Actor: "U0METTE01", From: workflow.StateEstimated, To: workflow.StateRecommended, Note: "Contract alarms <2027>",
			Data: map[string]string{"initiative": "4"}, At: at}, "", nil))
		duplicate := alarm
		duplicate.State, duplicate.DuplicateOf = workflow.StateDuplicate, 7
		golden(t, "message.wish_changed_duplicate", lang, WishChanged(lang, duplicate, workflow.Event{Kind: workflow.EvWishMoved,
			Actor: "U0METTE01", From: workflow.StateSubmitted, To: workflow.StateDuplicate, Note: "Same as the alarm wish.",
			Data: map[string]string{"duplicate_of": "7"}, At: at}, "", nil))
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
		// Who closed a poll, and in which cycle a wish was planned (issue 12).
		{Kind: workflow.EvPollClosed, WishID: w.ID, Actor: "U0SOREN01", At: at.Add(4 * time.Hour),
			Data: map[string]string{"consensus": "false", "failed_quorum": "true"}},
		{Kind: workflow.EvPollClosed, WishID: w.ID, Actor: workflow.System.UserID, At: at.Add(5 * time.Hour),
			Data: map[string]string{"consensus": "true"}},
		{Kind: workflow.EvWishMoved, WishID: w.ID, Actor: "U0METTE01", From: workflow.StateApproved, To: workflow.StatePlanned,
			At: at.Add(6 * time.Hour), Data: map[string]string{"cycle": "2027.2"}},
		{Kind: workflow.EvWishMoved, WishID: w.ID, Actor: "U0METTE01", From: workflow.StatePlanned, To: workflow.StatePlanned,
			At: at.Add(7 * time.Hour), Data: map[string]string{"cycle": "2027.3", "from_cycle": "2027.2"}},
	}
	texts := map[workflow.EventKind]HistoryText{workflow.EvPollStarted: PollStartedHistory, workflow.EvPollClosed: PollClosedHistory,
		workflow.EvWishImported: ImportedHistory}
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
		golden(t, "message.info_answered", lang, InfoAnswered(lang, alarm))
		golden(t, "message.rerouted", lang, Rerouted(lang, alarm, workflow.Event{Kind: workflow.EvWishRerouted, Actor: "U0METTE01",
			Note: "Sent to the wrong group.", Data: map[string]string{"from_group": "kontrakt", "group": "systemer", "from_size": "normal", "size": "major"}},
			"IT-kontrakter", "IT-systemer <drift>"))
		web.WebURL = "https://kitos.example.dk/wishes/12?lang=" + string(lang)
		golden(t, "message.wish_shown_web", lang, WishShown(lang, web, "U0LARS001", texts, nil))
		golden(t, "message.info_request", lang, InfoRequest(lang, w, ask))
	}
}

// TestLongWishText: the form accepts 3,000 characters; a text of characters that need
// escaping is measured after escaping: the card cuts it with a pointer to /wish N, and
// /wish N shows all of it (issue 12: 3,000 "<" showed as about 700, nothing said).
func TestLongWishText(t *testing.T) {
	long := alarm
	long.Purpose = strings.Repeat("<", 3000)
	long.Value = strings.Repeat("word & ", 430)
	long.Description = strings.Repeat("æ", 3000)
	for _, lang := range langs {
		card := WishCard(lang, Card{Detail: workflow.WishDetail{Wish: long}, Notice: workflow.Notice{Kind: workflow.NoticeWishCard},
			GroupName: "IT-kontrakter", Loc: copenhagen}, parts, buttons)
		raw, _ := json.Marshal(card.Blocks)
		if errs := slackemu.ValidateBlocks(raw); len(errs) > 0 {
			t.Fatalf("%s card: %v", lang, errs)
		}
		text := string(raw)
		if n := strings.Count(text, "/wish 12"); n != 3 {
			t.Errorf("%s card points to /wish 12 %d times, want 3 (one per cut text):\n%s", lang, n, text)
		}
		shown := WishShown(lang, Card{Detail: workflow.WishDetail{Wish: long}, GroupName: "IT-kontrakter", Loc: copenhagen}, "U0X", nil, nil)
		raw, _ = json.Marshal(shown.Blocks)
		if errs := slackemu.ValidateBlocks(raw); len(errs) > 0 {
			t.Fatalf("%s /wish 12: %v", lang, errs)
		}
		var all strings.Builder
		for _, b := range shown.Blocks {
			if s, ok := b.(*slack.SectionBlock); ok && s.Text != nil {
				all.WriteString(s.Text.Text)
			}
		}
		for _, want := range []string{Esc(long.Purpose), Esc(long.Value), long.Description} {
			if !strings.Contains(all.String(), want) {
				t.Errorf("%s /wish 12 does not show the whole text %.20q…", lang, want)
			}
		}
	}
}
