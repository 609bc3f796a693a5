package bot_test

import (
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// Slack redelivers a Socket Mode envelope whose ack it did not get, with the same
// envelope_id. The bot acts on each envelope once, whatever its type: a slash command
// is answered once, a modal submission creates one wish, a click decides once.
// Review design note (a): only Events API envelopes were de-duplicated.
func TestSocketModeRedeliveredEnvelopeActsOnce(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.Socket})
	e.Emu.RedeliverEnvelopes(true)

	before := len(e.Emu.Ephemerals(bottest.Per))
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "help")
	if n := len(e.Emu.Ephemerals(bottest.Per)) - before; n != 1 {
		t.Errorf("a redelivered /wish help was answered %d times", n)
	}

	e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts")
	e.SubmitForm(bottest.Per, map[string]string{
		"Working group":  "IT-kontrakter",
		"Purpose":        "Municipalities miss notice deadlines.",
		"Business value": "Avoids unwanted automatic renewals.",
	})
	ws, n, err := e.Svc.Wishes(e.Ctx(), workflow.WishFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("a redelivered New wish submission created %d wishes: %+v", n, ws)
	}

	card := e.MustFind(bottest.Secretary, "#1 Notice-period alarm on contracts")
	e.Click(bottest.Mette, card.Channel, card.TS, "Handle as minor")
	d, err := e.Svc.Wish(e.Ctx(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if d.Wish.State != workflow.StateMinor {
		t.Errorf("wish #1 is %s", d.Wish.State)
	}
	moves := 0
	for _, ev := range d.History {
		if ev.Kind == workflow.EvWishMoved {
			moves++
		}
	}
	if moves != 1 {
		t.Errorf("a redelivered click moved the wish %d times", moves)
	}
	if ms := e.Emu.Ephemerals(bottest.Mette); len(ms) > 0 {
		t.Errorf("the redelivered click answered Mette: %s", e.Text(ms[len(ms)-1]))
	}
}
