package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
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
