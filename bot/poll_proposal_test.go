package bot_test

import (
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// A view_submission of the Start poll modal without a selected proposal (the radio
// input left out of the state, as a forged or broken client sends it) must be
// refused beside the proposal field. Review finding R1: it started a poll that the
// channel read as a free-standing proposal, and whose consensus was announced in the
// user club as the group REJECTING the wish.
func TestPollSubmissionWithoutProposalIsRefused(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm on contracts")
	card := e.MustFind(bottest.Contract, "#"+itoa(w.ID)+" ")
	e.Click(bottest.Soren, card.Channel, card.TS, "Start consensus poll")
	v := e.TopView(bottest.Soren)
	resp, err := e.Emu.Submit(e.Ctx(), bottest.Soren, v.ID, map[string]map[string]slackemu.Value{
		"text":     {"input": {Value: "Shall we meet on Tuesdays from now on?"}},
		"deadline": {"input": {SelectedDate: "2027-03-08"}},
		"quorum":   {"input": {Value: "2"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	e.Settle()
	if want := "Choose what the group should decide."; resp.Errors["proposal"] != want {
		t.Errorf("modal errors %v; want %q beside the proposal", resp.Errors, want)
	}
	msg, ok := e.Find(bottest.Contract, "Consensus poll")
	if !ok {
		return
	}
	t.Errorf("a poll without a proposal was started:\n%s", e.Text(msg))
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Lars, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
	e.Settle()
	if ws := wishState(t, e, w.ID); ws.State == workflow.StateRejected {
		t.Errorf("its consensus rejected wish #%d", w.ID)
	}
}
