package bot_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// A consultation end to end, driven as Slack does: the secretariat starts it on a
// wish with the contract group asked as well; members answer, change their answers,
// are refused concerns without a reason; the deadline closes it; the secretariat
// records its decision, which is announced in the user club and in the wish's history.
func TestConsultationEndToEnd(t *testing.T) {
	e := plEnv(t)
	ctx := e.Ctx()
	w, err := e.Svc.SubmitWish(ctx, plActor(t, e, bottest.Per), workflow.WishInput{Title: "Close the Friday hotline",
		Purpose: "Few calls on Fridays.", Value: "Frees the secretariat."})
	plMust(t, err)
	plFlush(e)

	plSlash(e, bottest.Per, bottest.UserClub, "/tovholder", "consult")
	if !strings.Contains(e.Text(e.LastEphemeral(bottest.Per)), "only the secretariat") {
		t.Fatalf("a member could start a consultation: %s", e.Text(e.LastEphemeral(bottest.Per)))
	}
	plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "consult "+idStr(w.ID))
	if v := e.TopView(bottest.Mette); v.Title != "Consultation" {
		t.Fatalf("modal %q, want Consultation", v.Title)
	}
	plSubmit(e, bottest.Mette, map[string]string{"Question": "Should the hotline close on Fridays?",
		"Background": "Calls on Fridays are *few*.", "Working groups asked as well": "IT-kontrakter"})
	msg := e.MustFind(bottest.UserClub, "Consultation: Should the hotline close on Fridays?", "advisory", "the secretariat")
	e.MustFind(bottest.Contract, "asks this group as well", "Should the hotline close on Fridays?")

	plClick(e, bottest.Per, bottest.UserClub, msg.TS, "Support")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "Your answer: *Support*") {
		t.Errorf("Per was told %q", got)
	}
	plClick(e, bottest.Anna, bottest.UserClub, msg.TS, "Concerns")
	resp := plSubmit(e, bottest.Anna, map[string]string{"Your concerns": "   "})
	if resp.Errors["reason"] == "" {
		t.Fatalf("concerns without a reason were accepted: %+v", resp)
	}
	plSubmit(e, bottest.Anna, map[string]string{"Your concerns": "Citizens call on Fridays <!channel>"})
	plClick(e, bottest.Per, bottest.UserClub, msg.TS, "No opinion")
	msg = e.MustFind(bottest.UserClub, "Consultation: Should")
	if got := e.Text(msg); !strings.Contains(got, "Support: *0* · Concerns: *1* · No opinion: *1*") {
		t.Errorf("the consultation does not count the changed answer:\n%s", got)
	}
	plClick(e, bottest.Per, bottest.UserClub, msg.TS, "Close now")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "Only the secretariat can close") {
		t.Errorf("a member was not refused closing: %q", got)
	}

	e.Advance(15 * 24 * time.Hour)
	plFlush(e)
	result := e.MustFind(bottest.UserClub, "The consultation is closed.", "Citizens call on Fridays")
	if result.ThreadTS != msg.TS {
		t.Errorf("the result is not in the consultation's thread: %+v", result)
	}
	if strings.Contains(unjson(result.BlocksJSON), "<!channel>") || !strings.Contains(unjson(result.BlocksJSON), "&lt;!channel&gt;") {
		t.Errorf("a concern was quoted unescaped: %s", result.BlocksJSON)
	}
	plClick(e, bottest.Lars, bottest.UserClub, msg.TS, "Record the decision")
	if got := e.Text(e.LastEphemeral(bottest.Lars)); !strings.Contains(got, "only the secretariat") {
		t.Errorf("a member could record the decision: %q", got)
	}
	msg = e.MustFind(bottest.UserClub, "Consultation: Should", "Closed")
	if strings.Contains(e.Text(msg), "No opinion]") || strings.Contains(e.Text(msg), "[Support]") {
		t.Errorf("the closed consultation still takes answers:\n%s", e.Text(msg))
	}
	plClick(e, bottest.Mette, bottest.UserClub, result.TS, "Record the decision")
	plSubmit(e, bottest.Mette, map[string]string{"The secretariat's decision": "The hotline stays open on Fridays."})
	e.MustFind(bottest.UserClub, "The secretariat decided after the consultation", "The hotline stays open on Fridays.")
	e.MustFind(bottest.UserClub, "Consultation: Should", "Decided", "The hotline stays open on Fridays.")

	plSlash(e, bottest.Per, bottest.UserClub, "/wish", idStr(w.ID))
	if got := e.Text(e.LastEphemeral(bottest.Per)); !bottest.ContainsAll(got, "consulted the user club", "recorded the decision after the consultation", "The hotline stays open") {
		t.Errorf("the wish's history lacks the consultation:\n%s", got)
	}
	plSlash(e, bottest.Per, bottest.UserClub, "/tovholder", "decisions consultations")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !bottest.ContainsAll(got, "Consultation 1", "decided") {
		t.Errorf("/tovholder decisions:\n%s", got)
	}
}

// A proposal marked internal never reaches the user club: the decision goes to the
// secretariat's channel, /tovholder decisions hides it from members, the audit log
// keeps it. A public one is announced in the user club with its amount.
func TestSteeringProposalInternalNeverReachesUserClub(t *testing.T) {
	e := plEnv(t)
	propose := func(title, internal string) {
		t.Helper()
		plSlash(e, bottest.Mette, bottest.Secretary, "/tovholder", "propose steering")
		form := map[string]string{"Title": title, "Kind": "The secretariat's organisation",
			"The proposal": "The secretariat needs a second consultant.", "Amount (DKK)": "450.000,50"}
		if internal != "" {
			form["Internal"] = internal
		}
		plSubmit(e, bottest.Mette, form)
	}
	propose("A second consultant", "Only the secretariat and the steering group are told of the decision")
	m := e.MustFind(bottest.Steering, "Proposal: A second consultant", "DKK 450,000.50", "Internal")
	plClick(e, bottest.Mette, bottest.Steering, m.TS, "Approve")
	if got := e.Text(e.LastEphemeral(bottest.Mette)); !strings.Contains(got, "steering") {
		t.Errorf("the secretariat could approve: %q", got)
	}
	plClick(e, bottest.Jens, bottest.Steering, m.TS, "Decline")
	resp := plSubmit(e, bottest.Jens, map[string]string{"Reason": " "})
	if resp.Errors["note"] == "" {
		t.Fatalf("a decline without a reason was accepted: %+v", resp)
	}
	plSubmit(e, bottest.Jens, map[string]string{"Reason": "Not this year."})
	e.MustFind(bottest.Steering, "Proposal: A second consultant", "Not approved")
	e.MustFind(bottest.Secretary, "did not approve the proposal *A second consultant*", "Not this year.")
	for _, msg := range e.Emu.Messages(bottest.UserClub) {
		if strings.Contains(e.Text(msg), "second consultant") {
			t.Errorf("the internal proposal reached the user club:\n%s", e.Text(msg))
		}
	}
	plSlash(e, bottest.Per, bottest.UserClub, "/tovholder", "decisions")
	if got := e.Text(e.LastEphemeral(bottest.Per)); strings.Contains(got, "second consultant") {
		t.Errorf("a member sees the internal proposal:\n%s", got)
	}
	plSlash(e, bottest.Jens, bottest.Steering, "/tovholder", "decisions steering")
	if got := e.Text(e.LastEphemeral(bottest.Jens)); !bottest.ContainsAll(got, "second consultant", "(internal)") {
		t.Errorf("the steering group does not see its internal decision:\n%s", got)
	}

	propose("Budget 2028", "")
	m = e.MustFind(bottest.Steering, "Proposal: Budget 2028")
	plClick(e, bottest.Jens, bottest.Steering, m.TS, "Approve")
	plSubmit(e, bottest.Jens, map[string]string{"Note": "Within the frame."})
	e.MustFind(bottest.UserClub, "approved the proposal *Budget 2028*", "DKK 450,000.50", "Within the frame.")
}

func idStr(n int64) string { return strconv.FormatInt(n, 10) }

// Consult the user club is on the secretariat's card of an open wish and in the
// secretariat's Home; it opens the consultation form on the wish, or on nothing.
func TestConsultTheUserClubButtons(t *testing.T) {
	e := plEnv(t)
	w, err := e.Svc.SubmitWish(e.Ctx(), plActor(t, e, bottest.Per), workflow.WishInput{Title: "Archive ended contracts",
		Purpose: "Clutter.", Value: "Overview."})
	plMust(t, err)
	plFlush(e)
	card := e.MustFind(bottest.Secretary, "#"+idStr(w.ID)+" Archive ended contracts")
	plClick(e, bottest.Per, bottest.Secretary, card.TS, "Consult the user club")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only the secretariat") {
		t.Errorf("a member opened the consultation form: %q", got)
	}
	plClick(e, bottest.Mette, bottest.Secretary, card.TS, "Consult the user club")
	if v := e.TopView(bottest.Mette); v.Title != "Consultation" || !strings.Contains(e.Emu.RenderView(v), "Archive ended contracts") {
		t.Fatalf("the card's button opened %q:\n%s", v.Title, e.Emu.RenderView(v))
	}
	plSubmit(e, bottest.Mette, map[string]string{"Question": "Archive after a year?", "Deadline": "2027-03-10"})
	m := e.MustFind(bottest.UserClub, "Consultation: Archive after a year?", "On wish #"+idStr(w.ID))
	if !strings.Contains(e.Text(m), "2027-03-10 23:59") {
		t.Errorf("a date chosen as the deadline is not the end of that day:\n%s", e.Text(m))
	}

	text, _ := home(t, e, bottest.Mette)
	if !bottest.ContainsAll(text, "Consultations of the user club", "Archive after a year?", "Consult the user club") {
		t.Errorf("the secretariat's Home:\n%s", text)
	}
	if text, _ := home(t, e, bottest.Per); strings.Contains(text, "Consult the user club") {
		t.Errorf("a member's Home offers a consultation:\n%s", text)
	}
	v, _ := e.Emu.Home(bottest.Mette)
	if _, err := e.Emu.ClickInView(e.Ctx(), bottest.Mette, v.ID, "Consult the user club"); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	if v := e.TopView(bottest.Mette); v.Title != "Consultation" || strings.Contains(e.Emu.RenderView(v), "Wish *#") {
		t.Errorf("the Home's button opened %q:\n%s", v.Title, e.Emu.RenderView(v))
	}
}

// In Danish, with the domain's words; and a proposal waiting for the steering group is
// in its digest, linked.
func TestConsultationAndProposalInDanishAndTheSteeringDigest(t *testing.T) {
	e := bottest.New(t, bottest.Options{Lang: i18n.Danish, EmuOptions: []slackemu.Option{slackemu.WithoutRateLimit()}})
	ctx := e.Ctx()
	_, err := e.Svc.StartConsultation(ctx, plActor(t, e, bottest.Mette), workflow.ConsultInput{Question: "Skal hotlinen lukke om fredagen?"})
	plMust(t, err)
	_, err = e.Svc.ProposeSteering(ctx, plActor(t, e, bottest.Mette), workflow.ProposalInput{Title: "En konsulent mere",
		Text: "Sekretariatet har brug for flere hænder.", Kind: "organisation", Amount: "450.000,50 kr."})
	plMust(t, err)
	plFlush(e)
	m := e.MustFind(bottest.UserClub, "Høring: Skal hotlinen lukke om fredagen?", "rådgivende", "sekretariatet")
	if !bottest.ContainsAll(e.Text(m), "Støtter", "Betænkeligheder", "Ingen holdning") {
		t.Errorf("the Danish consultation:\n%s", e.Text(m))
	}
	e.MustFind(bottest.Steering, "Indstilling: En konsulent mere", "Sekretariatets organisering", "450.000,50 kr.", "Godkend", "Afvis")
	e.Advance(time.Minute)        // the scheduler sees the digest rules
	e.Advance(7 * 24 * time.Hour) // Monday: the steering group's digest
	plFlush(e)
	// A DM is in its reader's own Slack language: Jens reads English.
	if got := e.Text(e.LastDM(bottest.Jens)); !bottest.ContainsAll(got, "Proposals beyond wishes awaiting your decision (1)", "En konsulent mere", "/archives/"+bottest.Steering) {
		t.Errorf("the steering group's digest:\n%s", got)
	}
}
