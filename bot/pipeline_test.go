package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// prioritise takes a new wish of Per's to prioritised the way the process does:
// the secretariat routes it, the contract group agrees in a consensus poll.
func plPrioritise(t *testing.T, e *bottest.Env, title string, size workflow.Size) int64 {
	t.Helper()
	ctx := e.Ctx()
	w, err := e.Svc.SubmitWish(ctx, plActor(t, e, bottest.Per), workflow.WishInput{Title: title,
		Purpose: "Municipalities miss notice deadlines.", Value: "Avoids unwanted automatic renewals.", Group: "kontrakt"})
	plMust(t, err)
	_, err = e.Svc.RouteToGroup(ctx, plActor(t, e, bottest.Mette), w.ID, "kontrakt", size, "")
	plMust(t, err)
	p, err := e.Svc.StartPoll(ctx, plActor(t, e, bottest.Soren), workflow.PollInput{WishID: w.ID, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityHigh})
	plMust(t, err)
	for _, u := range []string{bottest.Soren, bottest.Anna, bottest.Lars} {
		_, err := e.Svc.TakeStance(ctx, plActor(t, e, u), p.ID, workflow.Agree, "")
		plMust(t, err)
	}
	_, err = e.Svc.ClosePoll(ctx, plActor(t, e, bottest.Soren), p.ID)
	plMust(t, err)
	plFlush(e)
	plWantState(t, e, w.ID, workflow.StatePrioritised)
	return w.ID
}

// plEnv is a test environment whose emulator does not pace posts by the wall clock:
// the bot paces itself by its own clock, which the tests move (plFlush).
func plEnv(t *testing.T) *bottest.Env {
	return bottest.New(t, bottest.Options{EmuOptions: []slackemu.Option{slackemu.WithoutRateLimit()}})
}

// The dispatcher paces posts and updates by the bot's clock, which stands still in
// tests: plFlush moves it on until everything due within a minute is delivered, so
// that the messages show every effect of a step.
func plFlush(e *bottest.Env) {
	e.T.Helper()
	e.Settle()
	limit := e.Clock.Now().Add(time.Minute)
	for range 100 {
		next, ok, err := e.DB.NextDeliveryAt(e.Ctx())
		if err != nil {
			e.T.Fatal(err)
		}
		if !ok || next.After(limit) {
			return
		}
		if next.After(e.Clock.Now()) {
			e.Clock.Set(next.Add(time.Millisecond))
		}
		e.Settle()
	}
}

func plClick(e *bottest.Env, user, ch, ts, label string) slackemu.Response {
	e.T.Helper()
	resp := e.Click(user, ch, ts, label)
	plFlush(e)
	return resp
}

func plSubmit(e *bottest.Env, user string, byLabel map[string]string) slackemu.Response {
	e.T.Helper()
	resp := e.SubmitForm(user, byLabel)
	plFlush(e)
	return resp
}

func plSlash(e *bottest.Env, user, ch, cmd, text string) slackemu.Response {
	e.T.Helper()
	resp := e.Slash(user, ch, cmd, text)
	plFlush(e)
	return resp
}

func plActor(t *testing.T, e *bottest.Env, u string) workflow.Actor {
	t.Helper()
	a, err := e.Svc.Actor(e.Ctx(), u)
	plMust(t, err)
	return a
}

func plMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func plWantState(t *testing.T, e *bottest.Env, id int64, want workflow.State) {
	t.Helper()
	d, err := e.Svc.Wish(e.Ctx(), id)
	plMust(t, err)
	if d.Wish.State != want {
		t.Fatalf("wish #%d is %s, want %s", id, d.Wish.State, want)
	}
}

// card is the wish's card in the secretariat channel.
func plCard(t *testing.T, e *bottest.Env, title string) slackemu.Message {
	t.Helper()
	return e.MustFind(bottest.Secretary, title, "Submitted by")
}

func TestPipelineEndToEnd(t *testing.T) {
	e := plEnv(t)
	const title = "Notice-period alarm on contracts"
	id := plPrioritise(t, e, title, workflow.SizeMajor)

	// 1. A member of the group adds the requirements from the group's card.
	group := e.MustFind(bottest.Contract, title, "Add requirements")
	plClick(e, bottest.Anna, bottest.Contract, group.TS, "Add requirements")
	plSubmit(e, bottest.Anna, map[string]string{"Link to the specification": "https://example.org/krav.pdf",
		"Summary": "Alarm three months before the notice deadline."})
	plWantState(t, e, id, workflow.StateSpecified)
	ready := e.MustFind(bottest.Secretary, "ready for a price estimate", title)

	// 2. The secretariat adds the price estimate from that message.
	plClick(e, bottest.Mette, bottest.Secretary, ready.TS, "Add price estimate")
	plSubmit(e, bottest.Mette, map[string]string{"Amount (DKK)": "120.000", "Hours": "150", "Supplier's note": "Fixed price"})
	plWantState(t, e, id, workflow.StateEstimated)
	if text := e.Text(plCard(t, e, title)); !bottest.ContainsAll(text, "Estimate 1", "DKK 120,000", "150 hours", "Alarm three months") {
		t.Errorf("the card does not show the requirements and the estimate:\n%s", text)
	}

	// 3. The secretariat recommends it to the steering group.
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, title).TS, "Recommend to steering group")
	plSubmit(e, bottest.Mette, map[string]string{"Title of the initiative": "Contract alarms", "Recommendation": "Recommended within the frame."})
	plWantState(t, e, id, workflow.StateRecommended)
	rec := e.MustFind(bottest.Steering, "Recommendation: Contract alarms")
	if text := e.Text(rec); !bottest.ContainsAll(text, "#1 "+title, "IT-kontrakter", "high", "DKK 120,000", "[Approve]", "[Decline]") {
		t.Errorf("steering message:\n%s", text)
	}

	// 4. Only the steering group decides; Jens approves with a form of financing.
	plClick(e, bottest.Per, bottest.Steering, rec.TS, "Approve")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only the steering group") {
		t.Errorf("a member clicking Approve was told: %s", got)
	}
	plClick(e, bottest.Jens, bottest.Steering, rec.TS, "Approve")
	plSubmit(e, bottest.Jens, map[string]string{"Form of financing": "Within the development frame of the annual fee", "Note": "Good value."})
	plWantState(t, e, id, workflow.StateApproved)
	after, _ := e.Emu.Message(bottest.Steering, rec.TS)
	if text := e.Text(after); strings.Contains(text, "[Approve]") || !bottest.ContainsAll(text, "Approved", "@jens", "Within the development frame") {
		t.Errorf("the steering message was not updated with the decision:\n%s", text)
	}

	// 5. The user club hears of the decision.
	ann := e.MustFind(bottest.UserClub, "approved the initiative")
	if text := e.Text(ann); !bottest.ContainsAll(text, "Contract alarms", "#1 "+title, "Within the development frame of the annual fee",
		"DKK 120,000", "@jens", "Good value.") {
		t.Errorf("user-club announcement lacks something:\n%s", text)
	}
	if !strings.Contains(unJSON(ann.BlocksJSON), "<http://127.0.0.1") {
		t.Errorf("the announcement does not link the wish: %s", ann.BlocksJSON)
	}

	// 6. The development plan: one message, updated in place.
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "cycle create 2027.2 2027-06-30")
	plan := e.MustFind(bottest.UserClub, "Development plan 2027.2", "No wishes")
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, title).TS, "Add to development plan")
	plSubmit(e, bottest.Mette, map[string]string{"Development cycle": "2027.2"})
	plWantState(t, e, id, workflow.StatePlanned)
	planned, _ := e.Emu.Message(bottest.UserClub, plan.TS)
	if text := e.Text(planned); planned.Edits == 0 || !strings.Contains(text, "*#1* "+title) {
		t.Errorf("plan message not updated in place (edits %d):\n%s", planned.Edits, text)
	}
	e.MustFind(bottest.UserClub, "is now in the development plan 2027.2")
	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "plan")
	if text := e.Text(e.LastEphemeral(bottest.Per)); !bottest.ContainsAll(text, "Development plan 2027.2", "*#1* "+title) {
		t.Errorf("/wish plan shows:\n%s", text)
	}

	// 7. Delivered: announced, the submitter told.
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, title).TS, "Mark delivered")
	plWantState(t, e, id, workflow.StateDelivered)
	e.MustFind(bottest.UserClub, "#1 "+title, "is delivered", "2027.2", "@mette")
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "delivered") {
		t.Errorf("Per's last DM: %s", dm)
	}
	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "1")
	if text := e.Text(e.LastEphemeral(bottest.Per)); !bottest.ContainsAll(text, "recorded a price estimate of DKK 120,000", "approved", "delivered") {
		t.Errorf("/wish 1 history:\n%s", text)
	}
}

func TestPipelineRefusals(t *testing.T) {
	e := plEnv(t)
	const title = "Show data processors"
	plPrioritise(t, e, title, workflow.SizeMajor)
	group := e.MustFind(bottest.Contract, title, "Add requirements")
	for _, u := range []string{bottest.Per, bottest.Kirsten, bottest.Jens} {
		plClick(e, u, bottest.Contract, group.TS, "Add requirements")
		if len(e.Emu.OpenViews(u)) != 0 {
			t.Errorf("%s got the requirements form", u)
		}
		if got := e.Text(e.LastEphemeral(u)); !strings.Contains(got, "Only the coordinator or members of IT-kontrakter") {
			t.Errorf("%s was told: %s", u, got)
		}
	}
	plSlash(e, bottest.Per, bottest.UserClub, "/tovholder", "cycle create 2027.2 2027-06-30")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only the secretariat") {
		t.Errorf("a member creating a cycle was told: %s", got)
	}
	plSlash(e, bottest.Soren, bottest.UserClub, "/tovholder", "recommend 1")
	if got := e.Text(e.LastEphemeral(bottest.Soren)); !strings.Contains(got, "only the secretariat") {
		t.Errorf("a coordinator recommending was told: %s", got)
	}
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "recommend 1")
	if got := e.Text(e.LastEphemeral(bottest.Mette)); !strings.Contains(got, "only wishes with a price estimate") {
		t.Errorf("recommending a wish without an estimate was answered: %s", got)
	}
	plSlash(e, bottest.Jens, bottest.Steering, "/tovholder", "financing add EU-midler")
	if got := e.Text(e.LastEphemeral(bottest.Jens)); !strings.Contains(got, "Only the secretariat or an admin") {
		t.Errorf("the steering group changing financing was told: %s", got)
	}
}

// estimate takes a prioritised major wish to estimated through the use cases.
func plEstimate(t *testing.T, e *bottest.Env, title string, amount int64) int64 {
	t.Helper()
	id := plPrioritise(t, e, title, workflow.SizeMajor)
	_, err := e.Svc.AddSpec(e.Ctx(), plActor(t, e, bottest.Soren), id, "", "Specified.")
	plMust(t, err)
	_, err = e.Svc.AddEstimate(e.Ctx(), plActor(t, e, bottest.Mette), id, workflow.EstimateInput{Amount: workflow.Kroner(amount), Hours: workflow.WholeHours(10)})
	plMust(t, err)
	plFlush(e)
	return id
}

func TestInitiativeOfSeveralWishesAndReestimate(t *testing.T) {
	e := plEnv(t)
	a := plEstimate(t, e, "Alarm on notice periods", 100000)
	b := plEstimate(t, e, "Report of contract roles", 50000)
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "recommend 1 2")
	v := e.TopView(bottest.Mette)
	if !strings.Contains(string(v.JSON), "Alarm on notice periods + Report of contract roles") {
		t.Errorf("recommend modal:\n%s", v.JSON)
	}
	plSubmit(e, bottest.Mette, map[string]string{"Title of the initiative": "Contract package", "Recommendation": "Both together."})
	rec := e.MustFind(bottest.Steering, "Recommendation: Contract package")
	if text := e.Text(rec); !bottest.ContainsAll(text, "#1 Alarm", "#2 Report", "DKK 150,000", "20") {
		t.Errorf("initiative of two wishes:\n%s", text)
	}
	plClick(e, bottest.Jens, bottest.Steering, rec.TS, "Approve")
	plSubmit(e, bottest.Jens, map[string]string{"Form of financing": "Co-financed by several municipalities"})
	plWantState(t, e, a, workflow.StateApproved)
	plWantState(t, e, b, workflow.StateApproved)
	if n := len(plFindAll(e, bottest.UserClub, "approved the initiative")); n != 1 {
		t.Errorf("%d decision announcements, want 1", n)
	}

	// Re-estimation after approval: the decision stands, the new estimate is announced.
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, "Alarm on notice periods").TS, "Revise price estimate")
	plSubmit(e, bottest.Mette, map[string]string{"Amount (DKK)": "130000", "Hours": "14", "Supplier's note": "Detailed solution"})
	plWantState(t, e, a, workflow.StateApproved)
	news := e.MustFind(bottest.UserClub, "Revised price estimate", "#1 Alarm on notice periods")
	if text := e.Text(news); !bottest.ContainsAll(text, "DKK 130,000", "14 hours", "decision stands", "Co-financed") {
		t.Errorf("re-estimate announcement:\n%s", text)
	}
	if text := e.Text(plCard(t, e, "Alarm on notice periods")); !bottest.ContainsAll(text, "Estimate 1", "DKK 100,000", "Estimate 2", "DKK 130,000") {
		t.Errorf("the card does not keep every revision:\n%s", text)
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "revised price estimate") {
		t.Errorf("the submitter was not told of the revision: %s", dm)
	}
}

func plFindAll(e *bottest.Env, ch string, part string) []slackemu.Message {
	var out []slackemu.Message
	for _, m := range e.Emu.Messages(ch) {
		if strings.Contains(e.Text(m), part) {
			out = append(out, m)
		}
	}
	return out
}

func TestDeclineAndPlanMoves(t *testing.T) {
	e := plEnv(t)
	id := plEstimate(t, e, "Alarm", 1000)
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, "#1 Alarm").TS, "Recommend to steering group")
	plSubmit(e, bottest.Mette, map[string]string{"Recommendation": "Yes."})
	rec := e.MustFind(bottest.Steering, "Recommendation: Alarm")
	plClick(e, bottest.Jens, bottest.Steering, rec.TS, "Decline")
	if _, err := e.Emu.SubmitForm(e.Ctx(), bottest.Jens, e.TopView(bottest.Jens).ID, map[string]string{"Reason": "   "}); err != nil {
		t.Fatal(err)
	}
	if vs := e.Emu.OpenViews(bottest.Jens); len(vs) != 1 {
		t.Fatalf("a decline with a blank reason closed the form")
	}
	plSubmit(e, bottest.Jens, map[string]string{"Reason": "Too expensive <!channel>"})
	plWantState(t, e, id, workflow.StateNotApproved)
	ann := e.MustFind(bottest.UserClub, "did not approve the initiative")
	if text := unJSON(ann.BlocksJSON); strings.Contains(text, "<!channel>") || !strings.Contains(text, "&lt;!channel&gt;") {
		t.Errorf("the reason is not escaped: %s", text)
	}

	// A prioritised normal wish goes into the plan and moves between cycles.
	n := plPrioritise(t, e, "Sort by deadline", workflow.SizeNormal)
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "cycle create 2027.1 2027-03-31")
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "cycle create 2027.2 2027-06-30")
	p1 := e.MustFind(bottest.UserClub, "Development plan 2027.1")
	p2 := e.MustFind(bottest.UserClub, "Development plan 2027.2")
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, "Sort by deadline").TS, "Add to development plan")
	plSubmit(e, bottest.Mette, map[string]string{"Development cycle": "2027.1"})
	plClick(e, bottest.Mette, bottest.Secretary, plCard(t, e, "Sort by deadline").TS, "Move in development plan")
	plSubmit(e, bottest.Mette, map[string]string{"Development cycle": "2027.2", "Note": "Supplier capacity"})
	plWantState(t, e, n, workflow.StatePlanned)
	m1, _ := e.Emu.Message(bottest.UserClub, p1.TS)
	m2, _ := e.Emu.Message(bottest.UserClub, p2.TS)
	if strings.Contains(e.Text(m1), "Sort by deadline") || !strings.Contains(e.Text(m2), "Sort by deadline") || m1.Edits < 2 || m2.Edits < 1 {
		t.Errorf("plans after a move (edits %d, %d):\n%s\n%s", m1.Edits, m2.Edits, e.Text(m1), e.Text(m2))
	}
	e.MustFind(bottest.UserClub, "moved from development plan 2027.1 to 2027.2")
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "cycle deliver 2027.2")
	plWantState(t, e, n, workflow.StateDelivered)
	e.MustFind(bottest.UserClub, "Development cycle *2027.2* is delivered")
}

func TestWithdraw(t *testing.T) {
	e := plEnv(t)
	id := plEstimate(t, e, "Alarm", 1000)
	plSlash(e, bottest.Anna, bottest.UserClub, "/wish", "withdraw 1")
	if got := e.Text(e.LastEphemeral(bottest.Anna)); !strings.Contains(got, "Only the member who submitted") {
		t.Errorf("someone else withdrawing was told: %s", got)
	}
	plSlash(e, bottest.Anna, bottest.UserClub, "/wish", "1")
	if strings.Contains(e.Text(e.LastEphemeral(bottest.Anna)), "[Withdraw]") {
		t.Error("/wish 1 offers Withdraw to someone else")
	}
	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "1")
	shown := e.LastEphemeral(bottest.Per)
	if !strings.Contains(e.Text(shown), "[Withdraw]") {
		t.Fatalf("/wish 1 shows its submitter no Withdraw:\n%s", e.Text(shown))
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "[Withdraw]") {
		t.Errorf("the submitter's DM has no Withdraw:\n%s", dm)
	}
	plClick(e, bottest.Per, bottest.UserClub, shown.TS, "Withdraw")
	plWantState(t, e, id, workflow.StateWithdrawn)
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "You withdrew #1 Alarm") {
		t.Errorf("the submitter was told: %s", got)
	}

	// After approval it is too late.
	b := plEstimate(t, e, "Report", 1000)
	_, err := e.Svc.Recommend(e.Ctx(), plActor(t, e, bottest.Mette), workflow.RecommendInput{WishIDs: []int64{b}, Title: "R", Text: "R"})
	plMust(t, err)
	ini, _, err := e.Svc.InitiativeOfWish(e.Ctx(), b)
	plMust(t, err)
	_, err = e.Svc.Decide(e.Ctx(), plActor(t, e, bottest.Jens), ini.ID, true, workflow.FinancingGrant, "")
	plMust(t, err)
	e.Settle()
	plSlash(e, bottest.Per, bottest.UserClub, "/wish", "withdraw 2")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "cannot become withdrawn") {
		t.Errorf("withdrawing an approved wish was answered: %s", got)
	}
}

func TestFinancingCommands(t *testing.T) {
	e := plEnv(t)
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "financing add EU-midler til æøå")
	if got := e.Text(e.LastEphemeral(bottest.Mette)); !strings.Contains(got, "eu-midler-til-aeoeaa") {
		t.Errorf("add answered: %s", got)
	}
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "financing remove grant")
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "financing list")
	got := e.Text(e.LastEphemeral(bottest.Mette))
	if !bottest.ContainsAll(got, "Within the development frame", "Co-financed", "EU-midler til æøå") || strings.Contains(got, "Separate grant") {
		t.Errorf("financing list:\n%s", got)
	}
}

// unJSON undoes encoding/json's HTML escapes, to read blocks as Slack gets them.
func unJSON(b []byte) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}
