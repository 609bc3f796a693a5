package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// escapedHostile is hostile as it must reach Slack.
const escapedHostile = "&lt;!channel&gt; &lt;@U123&gt; &amp;&lt;&gt; &lt;https://evil.example|Approve&gt;"

// checkNoRaw fails when any of texts carries a piece of hostile as typed.
func checkNoRaw(t *testing.T, place string, texts []string) {
	t.Helper()
	all := strings.Join(texts, "\n")
	for _, raw := range []string{"<!channel>", "<@U123>", "&<>", "<https://evil", "a=1&b=2"} {
		if strings.Contains(all, raw) {
			t.Errorf("%s echoes %q unescaped", place, raw)
		}
	}
}

// Hostile text typed in the later steps (an objection's reason, the requirements,
// an estimate's note, an initiative, a form of financing, a decision's note)
// reaches no message, modal or Home tab unescaped, and is shown escaped.
func TestHostileTextIsEscapedInThePipeline(t *testing.T) {
	e := plEnv(t)
	ctx := e.Ctx()

	// A poll on one wish, objected to with a hostile reason.
	objected, err := e.Svc.SubmitWish(ctx, plActor(t, e, bottest.Per), workflow.WishInput{Title: "Export of contracts",
		Purpose: "Reports.", Value: "Saves time.", Group: "kontrakt"})
	plMust(t, err)
	_, err = e.Svc.RouteToGroup(ctx, plActor(t, e, bottest.Mette), objected.ID, "kontrakt", workflow.SizeNormal, "")
	plMust(t, err)
	p, err := e.Svc.StartPoll(ctx, plActor(t, e, bottest.Soren), workflow.PollInput{WishID: objected.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	plMust(t, err)
	_, err = e.Svc.TakeStance(ctx, plActor(t, e, bottest.Anna), p.ID, workflow.Object, "Reason "+hostile)
	plMust(t, err)
	plFlush(e)
	_, err = e.Svc.ClosePoll(ctx, plActor(t, e, bottest.Soren), p.ID)
	plMust(t, err)

	// Another wish through requirements, estimate, recommendation and decision.
	id := plPrioritise(t, e, "Notice-period alarm on contracts", workflow.SizeMajor)
	_, err = e.Svc.AddSpec(ctx, plActor(t, e, bottest.Anna), id, "https://docs.example/krav?a=1&b=2", "Summary "+hostile)
	plMust(t, err)
	_, err = e.Svc.AddEstimate(ctx, plActor(t, e, bottest.Mette), id, workflow.EstimateInput{Amount: workflow.Kroner(120000), Hours: workflow.WholeHours(150), Note: "Estimate " + hostile + "\nsecond line"})
	plMust(t, err)
	ini, err := e.Svc.Recommend(ctx, plActor(t, e, bottest.Mette), workflow.RecommendInput{WishIDs: []int64{id},
		Title: "Initiative " + hostile, Text: "Recommendation " + hostile + "\n" + hostile})
	plMust(t, err)
	fund, err := e.Svc.AddFinancing(ctx, plActor(t, e, bottest.Mette), "Fund "+hostile)
	plMust(t, err)
	plFlush(e)

	// The Approve modal lists the hostile form of financing.
	rec := e.MustFind(bottest.Steering, "[Approve]")
	plClick(e, bottest.Jens, bottest.Steering, rec.TS, "Approve")
	modal := e.TopView(bottest.Jens)
	if !strings.Contains(strings.Join(plainStrs(modal.JSON), "\n"), "Fund <!channel>") {
		t.Errorf("the Approve modal does not offer the form of financing by its name (plain_text, shown as it is):\n%s", modal.JSON)
	}
	checkNoRaw(t, "the Approve modal", strs(modal.JSON))

	_, err = e.Svc.Decide(ctx, plActor(t, e, bottest.Jens), ini.ID, true, fund.Key, "Decision "+hostile+"\nline two")
	plMust(t, err)
	plFlush(e)

	var everything []string
	for _, m := range e.Emu.AllMessages() {
		everything = append(everything, messageTexts(m)...)
	}
	for _, u := range e.Emu.Users() {
		for _, m := range append(e.Emu.Ephemerals(u.ID), e.Emu.DMs(u.ID)...) {
			everything = append(everything, messageTexts(m)...)
		}
	}
	for _, u := range []string{bottest.Mette, bottest.Jens, bottest.Anna} {
		plMust(t, e.Emu.OpenHome(ctx, u))
		e.Settle()
		if home, ok := e.Emu.Home(u); ok {
			everything = append(everything, strs(home.JSON)...)
		}
	}
	checkNoRaw(t, "Slack", everything)
	all := strings.Join(everything, "\n")
	for _, want := range []string{"Reason ", "Summary ", "Estimate ", "Initiative ", "Recommendation ", "Fund ", "Decision "} {
		if !strings.Contains(all, want+escapedHostile) {
			t.Errorf("no message shows %q, escaped", want+"…")
		}
	}
	if !strings.Contains(all, "https://docs.example/krav?a=1&amp;b=2") {
		t.Errorf("no message links the requirements with the address escaped")
	}
}
