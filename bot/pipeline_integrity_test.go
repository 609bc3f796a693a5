package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// plThread is the replies in the thread of the message ts in channel.
func plThread(e *bottest.Env, ch, ts string) []slackemu.Message {
	var out []slackemu.Message
	for _, m := range e.Emu.Messages(ch) {
		if m.ThreadTS == ts && m.TS != ts {
			out = append(out, m)
		}
	}
	return out
}

// Issue 9, item 4: recommend #1 and #2 together, withdraw #2. The steering message,
// the Approve modal, the steering group's Home and the announcement after approval
// cover #1 alone, and the steering channel is told in the thread.
func TestWithdrawnWishLeavesInitiativeEndToEnd(t *testing.T) {
	e := plEnv(t)
	plEstimate(t, e, "Alarm on notice periods", 100000)
	plEstimate(t, e, "Report of contract roles", 50000)
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "recommend 1 2")
	plSubmit(e, bottest.Mette, map[string]string{"Title of the initiative": "Contract package", "Recommendation": "Both together."})
	rec := e.MustFind(bottest.Steering, "Recommendation: Contract package")
	if text := e.Text(rec); !bottest.ContainsAll(text, "#2 Report", "DKK 150,000") {
		t.Fatalf("steering message before the withdrawal:\n%s", text)
	}

	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "withdraw 2")
	plWantState(t, e, 2, workflow.StateWithdrawn)
	now, _ := e.Emu.Message(bottest.Steering, rec.TS)
	if blocks := unJSON(now.BlocksJSON); now.Edits == 0 || strings.Contains(blocks, "#2 Report") || !bottest.ContainsAll(blocks, "#1 Alarm", "DKK 100,000") ||
		!strings.Contains(e.Text(now), "[Approve]") {
		t.Errorf("the steering message after #2 was withdrawn (edits %d):\n%s", now.Edits, blocks)
	}
	replies := plThread(e, bottest.Steering, rec.TS)
	if len(replies) != 1 || !bottest.ContainsAll(unJSON(replies[0].BlocksJSON), "#2 Report of contract roles", "withdrawn", "wishes: 1", "DKK 100,000") {
		var texts []string
		for _, m := range replies {
			texts = append(texts, string(m.BlocksJSON))
		}
		t.Errorf("replies in the steering thread: %v", texts)
	}

	if text, _ := home(t, e, bottest.Jens); strings.Contains(text, "#2") || !strings.Contains(text, "DKK 100,000") {
		t.Errorf("the steering group's Home after the withdrawal:\n%s", text)
	}
	plClick(e, bottest.Jens, bottest.Steering, rec.TS, "Approve")
	if v := e.TopView(bottest.Jens); !strings.Contains(string(v.JSON), "wishes: 1") {
		t.Errorf("the Approve modal:\n%s", v.JSON)
	}
	plSubmit(e, bottest.Jens, map[string]string{"Form of financing": "Within the development frame of the annual fee"})
	plWantState(t, e, 1, workflow.StateApproved)
	plWantState(t, e, 2, workflow.StateWithdrawn)
	ann := e.MustFind(bottest.UserClub, "approved the initiative")
	if blocks := unJSON(ann.BlocksJSON); strings.Contains(blocks, "Report of contract roles") || !strings.Contains(blocks, "DKK 100,000") {
		t.Errorf("the announcement of the approval:\n%s", blocks)
	}
}

// Issue 9, item 5: a revised estimate after approval leaves the approved total on the
// steering message as it was, and is shown beside it. Item 7: øre and a decimal hour
// typed the Danish way are read as such.
func TestRevisionAfterApprovalKeepsApprovedTotal(t *testing.T) {
	e := plEnv(t)
	a := plEstimate(t, e, "Alarm on notice periods", 100000)
	b := plEstimate(t, e, "Report of contract roles", 50000)
	ini, err := e.Svc.Recommend(e.Ctx(), plActor(t, e, bottest.Mette), workflow.RecommendInput{WishIDs: []int64{a, b}, Title: "Contract package", Text: "Both."})
	plMust(t, err)
	_, err = e.Svc.Decide(e.Ctx(), plActor(t, e, bottest.Jens), ini.ID, true, workflow.FinancingFrame, "")
	plMust(t, err)
	plFlush(e)
	rec := e.MustFind(bottest.Steering, "Recommendation: Contract package")

	e.Clock.Advance(time.Hour)
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, "Alarm on notice periods").TS, "Revise price estimate")
	plSubmit(e, bottest.Mette, map[string]string{"Amount (DKK)": "130.000,50", "Hours": "14,5"})
	es, err := e.Svc.Estimates(e.Ctx(), a)
	plMust(t, err)
	if last := es[len(es)-1]; last.Amount != 13_000_050 || last.Hours != 145 {
		t.Fatalf("130.000,50 kr. and 14,5 hours were read as %d øre, %d tenths", last.Amount, last.Hours)
	}
	now, _ := e.Emu.Message(bottest.Steering, rec.TS)
	text := e.Text(now)
	if !bottest.ContainsAll(text, "*Approved* by @jens", "Total estimate approved", "DKK 150,000", "Revised estimate after approval: *DKK 180,000.50*, 24.5 hours",
		"revised after the decision: DKK 130,000.50, 14.5 hours") {
		t.Errorf("the approved steering message after a revision:\n%s", text)
	}
	if strings.Contains(text, "*Total estimate approved*\nDKK 180,000.50") {
		t.Errorf("the approved total was rewritten:\n%s", text)
	}
	news := e.MustFind(bottest.UserClub, "Revised price estimate", "#1 Alarm on notice periods")
	if text := e.Text(news); !bottest.ContainsAll(text, "DKK 130,000.50", "14.5 hours", "decision stands") {
		t.Errorf("the user club's news of the revision:\n%s", text)
	}
}

// Issue 9, item 6: a normal wish planned straight from its priority never had a
// price estimate: its card offers no revision.
func TestNoRevisionOfaNormalWish(t *testing.T) {
	e := plEnv(t)
	id := plPrioritise(t, e, "Sort by deadline", workflow.SizeNormal)
	_, err := e.Svc.CreateCycle(e.Ctx(), plActor(t, e, bottest.Mette), "2027.2", time.Date(2027, 6, 30, 0, 0, 0, 0, time.UTC))
	plMust(t, err)
	_, err = e.Svc.Plan(e.Ctx(), plActor(t, e, bottest.Mette), id, "2027.2", "")
	plMust(t, err)
	plFlush(e)
	card := plCard(t, e, "Sort by deadline")
	if text := e.Text(card); strings.Contains(text, "price estimate") || !strings.Contains(text, "[Mark delivered]") {
		t.Errorf("the card of a planned normal wish:\n%s", text)
	}
	if _, ok := e.Find(bottest.UserClub, "Revised price estimate"); ok {
		t.Error("a revision of nothing was announced")
	}
}

// Issue 9, item 7: the estimate form reads amounts as people write them and refuses,
// with an example, what it cannot read for certain.
func TestEstimateFormAmounts(t *testing.T) {
	for _, tc := range []struct {
		lang             i18n.Lang
		amount, hours    string
		errAmount, errHr string // parts of the refusals beside the inputs
		card             []string
	}{
		{i18n.English, "250.000,50", "7,5", "", "", []string{"DKK 250,000.50", "7.5 hours"}},
		{i18n.English, "DKK 250,000.50", "12.5", "", "", []string{"DKK 250,000.50", "12.5 hours"}},
		{i18n.English, "250 000 kr.", "150", "", "", []string{"*DKK 250,000*", "150 hours"}},
		{i18n.English, "250,000,50", "7,25", "e.g. 250,000", "one decimal", nil},
		{i18n.English, "1,234.567", "abc", "two decimals", "e.g. 150", nil},
		{i18n.Danish, "250.000,50", "7,5", "", "", []string{"250.000,50 kr.", "7,5 timer"}},
		{i18n.Danish, "12.5", "1.500", "", "", []string{"12,50 kr.", "1.500 timer"}},
		{i18n.Danish, "2.50.000", "7,5", "fx 250.000", "", nil},
	} {
		t.Run(string(tc.lang)+" "+tc.amount, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{Lang: tc.lang, EmuOptions: []slackemu.Option{slackemu.WithoutRateLimit()}})
			if tc.lang == i18n.Danish { // Mette reads her forms in Danish too
				e.Emu.AddUser(slackemu.User{ID: bottest.Mette, Name: "mette", RealName: "Mette Sekretariat", Locale: "da-DK"})
			}
			id := plPrioritise(t, e, "Alarm", workflow.SizeMajor)
			_, err := e.Svc.AddSpec(e.Ctx(), plActor(t, e, bottest.Soren), id, "", "Specified.")
			plMust(t, err)
			plFlush(e)
			ready := e.MustFind(bottest.Secretary, "#1 Alarm", ":page_facing_up:")
			button, amount, hours := "Add price estimate", "Amount (DKK)", "Hours"
			if tc.lang == i18n.Danish {
				button, amount, hours = "Tilføj prisoverslag", "Beløb (kr.)", "Timer"
			}
			plClick(e, bottest.Mette, bottest.Secretary, ready.TS, button)
			resp := plSubmit(e, bottest.Mette, map[string]string{amount: tc.amount, hours: tc.hours})
			if tc.errAmount != "" || tc.errHr != "" {
				if resp.ResponseAction != "errors" || !strings.Contains(resp.Errors["amount"], tc.errAmount) || !strings.Contains(resp.Errors["hours"], tc.errHr) ||
					(tc.errHr == "" && resp.Errors["hours"] != "") {
					t.Errorf("refusal of %q, %q: %q %v", tc.amount, tc.hours, resp.ResponseAction, resp.Errors)
				}
				plWantState(t, e, id, workflow.StateSpecified)
				return
			}
			if resp.ResponseAction == "errors" {
				t.Fatalf("%q, %q refused: %v", tc.amount, tc.hours, resp.Errors)
			}
			if text := e.Text(e.MustFind(bottest.Secretary, "#1 Alarm", ":abacus:")); !bottest.ContainsAll(text, tc.card...) {
				t.Errorf("the card after %q, %q:\n%s", tc.amount, tc.hours, text)
			}
		})
	}
}

// Issue 9, item 9: the secretariat cannot mark a wish a duplicate of a withdrawn one;
// the form says why, naming the original's state, and nothing moves.
func TestDuplicateOfWithdrawnWishRefused(t *testing.T) {
	e := plEnv(t)
	orig, _ := wishFor(t, e, "Notice-period alarm", "kontrakt")
	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "withdraw 1")
	plWantState(t, e, orig.ID, workflow.StateWithdrawn)
	_, card := wishFor(t, e, "Alarm before notice periods", "kontrakt")
	plSlash(e, bottest.Anna, bottest.UserClub, "/wish", "follow 2")
	plClick(e, bottest.Mette, card.Channel, card.TS, "Duplicate of…")
	resp := plSubmit(e, bottest.Mette, map[string]string{"Number of the other wish": "#1"})
	if resp.ResponseAction != "errors" || !bottest.ContainsAll(resp.Errors["other"], "Wish #1 is withdrawn", "open") {
		t.Errorf("a duplicate of a withdrawn wish was answered %q %v", resp.ResponseAction, resp.Errors)
	}
	plWantState(t, e, 2, workflow.StateSubmitted)
	d, err := e.Svc.Wish(e.Ctx(), orig.ID)
	plMust(t, err)
	for _, u := range d.Followers {
		if u == bottest.Anna {
			t.Error("Anna was carried over to the withdrawn wish")
		}
	}
}
