package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
)

// TestVacantGroupVolunteers: the systems group has no coordinator; the secretariat
// convenes it; Kirsten volunteers and is declined, volunteers again and is confirmed,
// then steps down.
func TestVacantGroupVolunteers(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	if resp := convene(t, e, bottest.Mette, bottest.Secretary, "systemer", map[string]string{"Date": "2027-03-08", "Start": "10:00", "Other items": "Kick-off"}); len(resp.Errors) > 0 {
		t.Fatalf("the secretariat convening a vacant group: %v", resp.Errors)
	}
	e.MustFind(bottest.Systems, "Meeting of IT-systemer")
	if got, _ := home(t, e, bottest.Kirsten); !bottest.ContainsAll(got, "IT-systemer", "next meeting", "[Volunteer as coordinator]") {
		t.Errorf("Kirsten's Home:\n%s", got)
	}
	e.Slash(bottest.Per, bottest.Systems, "/tovholder", "group volunteer systemer")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !strings.Contains(got, "only a member of IT-systemer") {
		t.Errorf("Per volunteering: %s", got)
	}
	e.Slash(bottest.Kirsten, bottest.Systems, "/tovholder", "group volunteer systemer")
	ask := e.MustFind(bottest.Secretary, "volunteers as coordinator of *IT-systemer*")
	e.Click(bottest.Anna, ask.Channel, ask.TS, "Confirm")
	e.Click(bottest.Mette, ask.Channel, ask.TS, "Decline")
	if got := dmsWith(e, bottest.Kirsten, "did not confirm you"); len(got) != 1 {
		t.Errorf("Kirsten was not told of the decline")
	}
	e.Slash(bottest.Kirsten, bottest.Systems, "/tovholder", "group volunteer systemer")
	ask = e.MustFind(bottest.Secretary, "volunteers as coordinator", "[Confirm]")
	e.Click(bottest.Mette, ask.Channel, ask.TS, "Confirm")
	e.MustFind(bottest.Systems, "@kirsten is now the coordinator of *IT-systemer*")
	if got := answer(t, e, bottest.Mette, "/tovholder", "group list"); !strings.Contains(got, "IT-systemer") || !strings.Contains(got, "@kirsten") || !strings.Contains(got, "next meeting: 2027-03-08 10:00") {
		t.Errorf("group list:\n%s", got)
	}
	es, err := e.DB.Events(e.Ctx(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var volunteered, confirmed bool
	for _, ev := range es {
		volunteered = volunteered || ev.Kind == "coordinator.volunteered" && ev.Actor == bottest.Kirsten
		confirmed = confirmed || ev.Kind == "coordinator.confirmed" && ev.Actor == bottest.Mette
	}
	if !volunteered || !confirmed {
		t.Errorf("audit log: volunteered %v, confirmed %v", volunteered, confirmed)
	}
	e.Slash(bottest.Kirsten, bottest.Systems, "/tovholder", "group step-down systemer")
	e.MustFind(bottest.Secretary, "@kirsten stepped down as coordinator of *IT-systemer*")
	vac := e.MustFind(bottest.Systems, "has no coordinator now", "[Volunteer as coordinator]")
	e.Click(bottest.Kirsten, vac.Channel, vac.TS, "Volunteer as coordinator")
	e.MustFind(bottest.Secretary, "volunteers as coordinator", "[Confirm]")
}

// TestCoordinatorSetToNoneAsksForAVolunteer: the group's channel is told, with
// Volunteer as coordinator, and convening falls to the secretariat.
func TestCoordinatorSetToNoneAsksForAVolunteer(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Slash(bottest.Admin, bottest.Secretary, "/tovholder", "group coordinator kontrakt none")
	vac := e.MustFind(bottest.Contract, "*IT-kontrakter* has no coordinator now", "[Volunteer as coordinator]")
	e.Slash(bottest.Soren, bottest.Contract, "/tovholder", "meeting")
	if got := e.Text(e.LastEphemeral(bottest.Soren)); !strings.Contains(got, "only the coordinator of IT-kontrakter or the secretariat") {
		t.Errorf("the former coordinator convening: %s", got)
	}
	e.Click(bottest.Anna, vac.Channel, vac.TS, "Volunteer as coordinator")
	e.MustFind(bottest.Secretary, "@anna volunteers as coordinator of *IT-kontrakter*", "[Confirm]")
	e.Click(bottest.Lars, vac.Channel, vac.TS, "Volunteer as coordinator")
	ask := e.MustFind(bottest.Secretary, "@lars volunteers", "[Confirm]")
	first := e.MustFind(bottest.Secretary, "@anna volunteers", "[Confirm]")
	e.Click(bottest.Mette, first.Channel, first.TS, "Confirm")
	e.Advance(10 * time.Second)
	ask, _ = e.Emu.Message(ask.Channel, ask.TS)
	if got := e.Text(ask); strings.Contains(got, "[Confirm]") || !strings.Contains(got, "not confirmed") {
		t.Errorf("the other volunteer's message after the confirm:\n%s", got)
	}
}
