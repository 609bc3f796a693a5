package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// While a consensus poll is open, the group's card shows it with a link instead of
// Start consensus poll, and a click on an old card's button is refused at once, not
// after the whole form (issue 12). Closed without consensus, the button is back.
func TestGroupCardShowsTheOpenPoll(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	w := routeTo(t, e, "Notice-period alarm", "kontrakt", workflow.SizeNormal)
	card := e.MustFind(bottest.Contract, "#1", "[Start consensus poll]")
	p := pollOn(t, e, w, 7)
	e.Advance(2 * time.Second)
	now, ok := e.Find(bottest.Contract, "The consensus poll", "on this wish is open until")
	if !ok {
		t.Fatalf("the group card does not show the open poll:\n%s", e.Dump(bottest.Contract))
	}
	if r := e.Emu.RenderMessage(now); strings.Contains(r, "[Start consensus poll]") || strings.Contains(r, "starts a consensus poll when") {
		t.Errorf("the card still offers a poll while one is open:\n%s", r)
	}
	if now.TS != card.TS {
		t.Errorf("the open poll is shown on another message than the card")
	}
	// A click on the button (as an old rendering would have it) opens no form.
	before := len(e.Emu.OpenViews(bottest.Soren))
	e.Emu.Click(e.Ctx(), bottest.Soren, bottest.Contract, card.TS, "Start consensus poll")
	e.Settle()
	if n := len(e.Emu.OpenViews(bottest.Soren)); n != before {
		t.Errorf("a click on Start consensus poll during an open poll opened a form")
	}
	if _, err := e.Svc.ClosePoll(e.Ctx(), actorOf(t, e, bottest.Soren), p.ID); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	if _, ok := e.Find(bottest.Contract, "#1 Notice-period alarm", "[Start consensus poll]"); !ok {
		t.Errorf("after a poll without consensus the card does not offer a new one:\n%s", e.Dump(bottest.Contract))
	}
}

// When the submitter answers "Ask for more info" by editing the wish, the secretariat
// is told in the card's thread, and the card shows the wish submitted again (issue 12).
func TestSecretariatToldOfTheAnswer(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	w := newWish(t, e, "Notice-period alarm", "kontrakt")
	if _, err := e.Svc.AskForInfo(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "Which contracts?"); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	card := e.MustFind(bottest.Secretary, "#1 Notice-period alarm", "needs more information")
	if _, err := e.Svc.EditWish(e.Ctx(), actorOf(t, e, bottest.Per), w.ID, workflow.WishInput{Title: "Notice-period alarm",
		Purpose: "All contracts with a notice period.", Value: "Avoids renewals.", Group: "kontrakt"}); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	reply, ok := e.Find(bottest.Secretary, "@per answered the question about", "#1 Notice-period alarm", "submitted* again")
	if !ok {
		t.Fatalf("the secretariat was not told of the answer:\n%s", e.Dump(bottest.Secretary))
	}
	if reply.ThreadTS != card.TS {
		t.Errorf("the answer is not in the card's thread (thread %q, card %q)", reply.ThreadTS, card.TS)
	}
	if r := e.Emu.RenderMessage(e.MustFind(bottest.Secretary, "#1 Notice-period alarm", "All contracts with a notice period.")); !strings.Contains(r, "*submitted*") {
		t.Errorf("the card does not show the wish submitted again:\n%s", r)
	}
}

// The secretariat corrects a wish sent to the wrong group at the wrong size, before a
// poll has started (issue 12): both groups' channels are told, the new group gets the
// card, and the history says it; a coordinator may not.
func TestRerouteByTheSecretariat(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	routeTo(t, e, "Notice-period alarm", "kontrakt", workflow.SizeNormal)
	if got := answer(t, e, bottest.Soren, "/wish", "reroute 1 systemer major"); !strings.Contains(got, "Sorry, only the secretariat") {
		t.Errorf("a coordinator's reroute was answered:\n%s", got)
	}
	got := answer(t, e, bottest.Mette, "/wish", "reroute 1 systemer major sent to the wrong group")
	if !bottest.ContainsAll(got, "#1 Notice-period alarm", "is now with *IT-systemer*", "larger development initiative") {
		t.Errorf("reroute answered:\n%s", got)
	}
	e.Advance(2 * time.Second)
	e.MustFind(bottest.Systems, "#1 Notice-period alarm", "[Start consensus poll]")
	e.MustFind(bottest.Contract, "@mette corrected wish", "from *IT-kontrakter* (normal) to *IT-systemer* (major (larger development initiative))", "sent to the wrong group")
	if old, ok := e.Find(bottest.Contract, "#1 Notice-period alarm", "[Start consensus poll]"); ok {
		t.Errorf("the old group's card still offers a poll:\n%s", e.Emu.RenderMessage(old))
	}
	e.MustFind(bottest.Contract, "#1 Notice-period alarm", "The secretariat moved this wish to *IT-systemer*")
	if shown := answer(t, e, bottest.Per, "/wish", "1"); !strings.Contains(shown, "@mette corrected the group and size from *kontrakt* (normal) to *systemer*") {
		t.Errorf("/wish 1 does not show the correction:\n%s", shown)
	}
}

// A late click on an old DM's Edit wish, after the wish moved on, is answered with the
// wish's state and where to see it (issue 12), and opens no form.
func TestLateEditClickSaysWhereTheWishStands(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	w := newWish(t, e, "Notice-period alarm", "kontrakt")
	if _, err := e.Svc.AskForInfo(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "Which contracts?"); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	var ask slackemu.Message
	for _, m := range e.Emu.DMs(bottest.Per) {
		if strings.Contains(e.Emu.RenderMessage(m), "[Edit wish]") {
			ask = m
		}
	}
	if ask.TS == "" {
		t.Fatal("no DM with Edit wish")
	}
	if _, err := e.Svc.EditWish(e.Ctx(), actorOf(t, e, bottest.Per), w.ID, workflow.WishInput{Title: "Notice-period alarm",
		Purpose: "All contracts.", Value: "Avoids renewals.", Group: "kontrakt"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.RouteToGroup(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, ""); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second)
	e.Emu.Click(e.Ctx(), bottest.Per, ask.Channel, ask.TS, "Edit wish")
	e.Settle()
	if got := e.Text(e.LastEphemeral(bottest.Per)); !bottest.ContainsAll(got, "Wish #1 can no longer be edited: it is in assessment", "`/wish 1` shows where it stands") {
		t.Errorf("the late click was answered:\n%s", got)
	}
	if n := len(e.Emu.OpenViews(bottest.Per)); n != 0 {
		t.Errorf("the late click opened a form")
	}
}

// The Home tab's "… and N more" names a command that lists the same queue, all of it,
// in the same order (issue 12).
func TestWishQueueContinuesTheHome(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	newWish(t, e, "First wish", "kontrakt")
	newWish(t, e, "Second wish", "kontrakt")
	got := answer(t, e, bottest.Mette, "/wish", "queue triage")
	if !bottest.ContainsAll(got, "Awaiting triage (2)", "#1* First wish", "#2* Second wish") || strings.Index(got, "#1*") > strings.Index(got, "#2*") {
		t.Errorf("/wish queue triage answered:\n%s", got)
	}
	if got := answer(t, e, bottest.Mette, "/wish", "queue everything"); !strings.Contains(got, "`everything` is not a queue") {
		t.Errorf("/wish queue everything answered:\n%s", got)
	}
}
