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
