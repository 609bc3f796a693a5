package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// The secretariat's question to a submitter is between them (domain.md, "What is
// public": never the secretariat's questions to a submitter). Review finding R6: any
// member read it with /wish N and on the cards. The submitter gets it by DM and reads
// it with /wish N, as does the secretariat; any other member, a follower's DM and the
// cards say only that the wish needs information.
func TestSecretariatQuestionIsNotShownToMembers(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, card := wishFor(t, e, "Notice-period alarm on contracts", "kontrakt")
	if _, err := e.Svc.Follow(e.Ctx(), actorOf(t, e, bottest.Kirsten), w.ID); err != nil {
		t.Fatal(err)
	}
	const secret = "is your contract with Netcompany under dispute?"
	e.Click(bottest.Mette, card.Channel, card.TS, "Ask for more info")
	resp := e.SubmitForm(bottest.Mette, map[string]string{"Your question to the submitter": "Which municipality are you, and " + secret})
	if len(resp.Errors) > 0 {
		t.Fatalf("modal errors %v", resp.Errors)
	}
	e.Settle()
	if got := e.Text(e.LastDM(bottest.Per)); !strings.Contains(got, secret) {
		t.Errorf("the submitter was not asked the question:\n%s", got)
	}
	for _, reader := range []struct {
		user string
		may  bool
	}{{bottest.Per, true}, {bottest.Mette, true}, {bottest.Kirsten, false}, {bottest.Anna, false}, {bottest.Jens, false}} {
		got := answer(t, e, reader.user, "/wish", itoa(w.ID))
		if !strings.Contains(got, "needs more information") {
			t.Errorf("/wish %d for %s does not say the wish needs information:\n%s", w.ID, reader.user, got)
		}
		if strings.Contains(got, secret) != reader.may {
			t.Errorf("/wish %d for %s: shows the question %v, want %v:\n%s", w.ID, reader.user, !reader.may, reader.may, got)
		}
	}
	if got := e.Text(e.LastDM(bottest.Kirsten)); strings.Contains(got, secret) {
		t.Errorf("a follower's DM carries the question:\n%s", got)
	}
	if got := now(t, e, card); strings.Contains(got, secret) {
		t.Errorf("the card carries the question:\n%s", got)
	}
}
