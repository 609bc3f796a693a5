package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// A Home tab that is open follows what happens without being opened again: the
// secretariat's triage queue grows when a wish comes in, and the submitter's list
// shows the new wish.
func TestHomeRefreshesWhenSomethingChanges(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.HTTP})
	for _, u := range []string{bottest.Per, bottest.Mette} {
		if err := e.Emu.OpenHome(e.Ctx(), u); err != nil {
			t.Fatal(err)
		}
	}
	e.Settle()
	publishes := len(e.Emu.CallsTo("views.publish"))

	e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts")
	e.SubmitForm(bottest.Per, map[string]string{"Purpose": "Missed deadlines.", "Business value": "No renewals."})

	for _, u := range []string{bottest.Per, bottest.Mette} {
		v, _ := e.Emu.Home(u)
		if text := e.Emu.RenderView(v); !strings.Contains(text, "Notice-period alarm on contracts") {
			t.Errorf("%s's open Home tab was not refreshed:\n%s", u, text)
		}
	}
	if n := len(e.Emu.CallsTo("views.publish")) - publishes; n > 4 {
		t.Errorf("%d views.publish calls for one wish: refreshes are not paced", n)
	}
	// Someone who never opened the Home tab costs no views.publish.
	if _, ok := e.Emu.Home(bottest.Anna); ok {
		t.Error("published a Home tab for a user who never opened it")
	}
}
