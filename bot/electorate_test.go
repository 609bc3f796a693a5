package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// Issue 9, item 1, as the people in Slack live it: the secretariat removes the
// objector and adds a new member during the poll. The objection still blocks; the
// new member is told privately why they take no stance; the poll message, the thread
// and the submitter's DM say the same, and nothing is announced in the user club.
func TestRemovingTheObjectorDoesNotManufactureConsensus(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm on contracts")
	msg := startPoll(t, e, w, map[string]string{"Proposal": "Prioritise, high priority"})
	e.Click(bottest.Anna, msg.Channel, msg.TS, "Object")
	e.SubmitForm(bottest.Anna, map[string]string{"Your objection": "Too costly for small municipalities."})
	e.Click(bottest.Lars, msg.Channel, msg.TS, "Agree")

	e.Slash(bottest.Mette, bottest.Contract, "/tovholder", "group member remove kontrakt <@U0ANNA001|anna>")
	e.Slash(bottest.Mette, bottest.Contract, "/tovholder", "group member add kontrakt <@U0KIRST01|kirsten>")
	e.Click(bottest.Kirsten, msg.Channel, msg.TS, "Agree")
	if got := e.Text(e.LastEphemeral(bottest.Kirsten)); !strings.Contains(got, "You joined IT-kontrakter after this poll started") {
		t.Errorf("the member added during the poll was told:\n%s", got)
	}
	got := now(t, e, msg)
	if !bottest.ContainsAll(got, "Object (1)", "@anna", "2 of 3 members have taken a stance", "Electorate: the members of the group when the poll started (3)") ||
		strings.Contains(got, "@kirsten") {
		t.Errorf("poll message after the membership changed:\n%s", got)
	}
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Agree")
	e.Click(bottest.Soren, msg.Channel, msg.TS, "Close now")
	got = now(t, e, msg)
	if !bottest.ContainsAll(got, "No consensus", "1 objection") || strings.Contains(got, "Consensus:") {
		t.Errorf("closed poll message:\n%s", got)
	}
	if th := thread(e, msg); !bottest.ContainsAll(th, "No consensus", "Too costly for small municipalities.", "3 of 3 members") {
		t.Errorf("outcome in the thread:\n%s", th)
	}
	if m, ok := e.Find(bottest.UserClub, "Decision in the working group"); ok {
		t.Errorf("a blocked poll was announced in the user club:\n%s", e.Text(m))
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !bottest.ContainsAll(dm, "without consensus", "objections stand") {
		t.Errorf("the submitter was told:\n%s", dm)
	}
	if st := wishState(t, e, w.ID).State; st != workflow.StateInAssessment {
		t.Errorf("wish is %s, want in assessment", st)
	}
}

// Issue 9, item 2: the modal's quorum may be raised, never lowered; a lower value is
// refused beside the field, naming the minimum, and the hint says so beforehand.
func TestPollModalRefusesAQuorumBelowHalf(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w := routedWish(t, e, "Notice-period alarm on contracts")
	card := e.MustFind(bottest.Contract, "#"+itoa(w.ID)+" ")
	e.Click(bottest.Soren, card.Channel, card.TS, "Start consensus poll")
	if v := e.TopView(bottest.Soren); !strings.Contains(string(v.JSON), "at least 2, half of the members rounded up. You may raise it, never lower it.") {
		t.Errorf("the quorum's hint does not say the rule:\n%s", v.JSON)
	}
	resp := e.SubmitForm(bottest.Soren, map[string]string{"Proposal": "Prioritise, high priority", "Quorum": "1"})
	if resp.ResponseAction != "errors" || !strings.Contains(resp.Errors["quorum"], "at least 2") {
		t.Fatalf("a quorum of 1 in a group of 3 answered %q %v", resp.ResponseAction, resp.Errors)
	}
	if _, ok := e.Find(bottest.Contract, "Consensus poll"); ok {
		t.Error("a poll was started with a quorum of 1")
	}
	resp = e.SubmitForm(bottest.Soren, map[string]string{"Proposal": "Prioritise, high priority", "Quorum": "3"})
	if resp.ResponseAction == "errors" {
		t.Fatalf("a raised quorum was refused: %v", resp.Errors)
	}
	if got := e.Text(e.MustFind(bottest.Contract, "Consensus poll")); !strings.Contains(got, "3 of 3 members") {
		t.Errorf("the poll with a raised quorum:\n%s", got)
	}
}
