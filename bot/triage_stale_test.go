package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// perEdits rewrites wish id as its submitter while it is still submitted.
func perEdits(t *testing.T, e *bottest.Env, id int64) {
	t.Helper()
	if _, err := e.Svc.EditWish(e.Ctx(), actorOf(t, e, bottest.Per), id, workflow.WishInput{
		Title: "Notice-period alarm on contracts", Purpose: "Deadlines are missed.", Value: "Avoids renewals.", Group: "kontrakt"}); err != nil {
		t.Fatal(err)
	}
}

// A triage modal submitted after the wish it shows was edited must not decide on
// content the secretariat never saw. Review finding R3: Mette opened Decline on "New
// contract role: DPO" (a wish she reads as out of scope); Per rewrote the wish while
// the modal was open; Mette's reason was applied to, and announced for, the new text.
func TestStaleTriageModalIsRefused(t *testing.T) {
	const changed = "was changed by its submitter after you opened this"
	for _, tc := range []struct {
		button string
		form   map[string]string
	}{
		{"Decline", map[string]string{"Reason": "A new role is minor; we add it ourselves, no change needed."}},
		{"Ask for more info", map[string]string{"Your question to the submitter": "Which role exactly?"}},
		{"Send to working group", map[string]string{"Working group": "kontrakt"}},
	} {
		t.Run(tc.button, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{})
			w, card := wishFor(t, e, "New contract role: data protection adviser", "kontrakt")
			e.Click(bottest.Mette, card.Channel, card.TS, tc.button)
			perEdits(t, e, w.ID) // while the modal is open
			e.Settle()
			resp := e.SubmitForm(bottest.Mette, tc.form)
			got := wishState(t, e, w.ID)
			if got.State != workflow.StateSubmitted {
				t.Errorf("the stale %s modal moved the edited wish %q to %s", tc.button, got.Title, got.State)
			}
			var shown string
			for _, msg := range resp.Errors {
				shown += msg
			}
			if !strings.Contains(shown, changed) {
				t.Errorf("modal errors %v; want the submission refused as out of date", resp.Errors)
			}
			// The card now shows the new text; deciding on it works.
			card = e.MustFind(bottest.Secretary, "#"+itoa(w.ID)+" Notice-period alarm")
			e.Click(bottest.Mette, card.Channel, card.TS, tc.button)
			if resp := e.SubmitForm(bottest.Mette, tc.form); len(resp.Errors) > 0 {
				t.Errorf("on the edited text: modal errors %v", resp.Errors)
			}
			if got := wishState(t, e, w.ID); got.State == workflow.StateSubmitted {
				t.Errorf("the fresh %s modal left the wish submitted", tc.button)
			}
		})
	}
}

// The one-click Handle as minor on a card that has not refreshed since the
// submitter's edit (Slack was slow to take the update) is refused and says why.
func TestStaleCardHandleAsMinorIsRefused(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, card := wishFor(t, e, "New contract role: data protection adviser", "kontrakt")
	e.Emu.Fail("chat.update", slackemu.Failure{Error: "internal_error"})
	perEdits(t, e, w.ID)
	e.Settle()
	if got := e.Text(card); !strings.Contains(got, "data protection adviser") {
		t.Fatalf("the card refreshed after all:\n%s", got)
	}
	e.Click(bottest.Mette, card.Channel, card.TS, "Handle as minor")
	if got := wishState(t, e, w.ID); got.State != workflow.StateSubmitted {
		t.Errorf("a click on the stale card moved the edited wish to %s", got.State)
	}
	if got := e.Text(e.LastEphemeral(bottest.Mette)); !strings.Contains(got, "was changed by its submitter") {
		t.Errorf("Mette was told:\n%s", got)
	}
}
