package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
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

// A change to one group's poll refreshes that group's members' Home tabs only: not a
// member of another group, not someone in no group, however many deliveries follow.
func TestHomeRefreshReachesThePollsGroupOnly(t *testing.T) {
	e := bottest.New(t, bottest.Options{Transport: bottest.HTTP})
	viewers := []string{bottest.Anna, bottest.Lars, bottest.Kirsten, bottest.Per}
	for _, u := range viewers {
		if err := e.Emu.OpenHome(e.Ctx(), u); err != nil {
			t.Fatal(err)
		}
	}
	e.Settle()
	before := publishesTo(e)
	soren, err := e.Svc.Actor(e.Ctx(), bottest.Soren)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.StartPoll(e.Ctx(), soren, workflow.PollInput{GroupKey: "kontrakt", Proposal: workflow.ProposeFree,
		Text: "Meet monthly"}); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	e.Clock.Advance(10 * time.Second) // past the pacing of Home refreshes
	e.Settle()
	after := publishesTo(e)
	for _, u := range []string{bottest.Anna, bottest.Lars} {
		if after[u] <= before[u] {
			t.Errorf("%s of the poll's group: Home tab not refreshed", u)
		}
		v, _ := e.Emu.Home(u)
		if text := e.Emu.RenderView(v); !strings.Contains(text, "Meet monthly") {
			t.Errorf("%s's Home tab does not show the poll:\n%s", u, text)
		}
	}
	for _, u := range []string{bottest.Kirsten, bottest.Per} {
		if after[u] != before[u] {
			t.Errorf("%s, outside the poll's group: Home tab published %d times for its poll", u, after[u]-before[u])
		}
	}
}

// publishesTo counts the views.publish calls per user.
func publishesTo(e *bottest.Env) map[string]int {
	n := map[string]int{}
	for _, c := range e.Emu.CallsTo("views.publish") {
		n[c.Params.Get("user_id")]++
	}
	return n
}
