package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// chooseAndSupport supports wish id as user through /wish support: the first time,
// the modal asks the municipality and the support is recorded with it.
func chooseAndSupport(t *testing.T, e *bottest.Env, user string, id int64, org string) {
	t.Helper()
	e.Slash(user, bottest.UserClub, "/wish", "support "+itoa(id))
	v := e.TopView(user)
	if v.Title != "Your municipality" || !strings.Contains(string(v.JSON), `"option_groups"`) {
		t.Fatalf("support before choosing opened %q:\n%s", v.Title, v.JSON)
	}
	if res := e.SubmitForm(user, map[string]string{"Municipality or organisation": org}); res.ResponseAction != "" {
		t.Fatalf("choosing %s: %+v", org, res)
	}
}

func TestSupportByMunicipality(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, card := wishFor(t, e, "Notice-period alarm on contracts", "kontrakt")
	chooseAndSupport(t, e, bottest.Anna, w.ID, "Aarhus")
	if got := e.Text(e.LastDM(bottest.Anna)); !bottest.ContainsAll(got, "You support wish #"+itoa(w.ID), "Supported by 2 people from 1 municipality") {
		t.Errorf("Anna was told:\n%s", got)
	}
	chooseAndSupport(t, e, bottest.Lars, w.ID, "Odense")
	chooseAndSupport(t, e, bottest.Kirsten, w.ID, "KL")
	e.Slash(bottest.Lars, bottest.UserClub, "/wish", "support "+itoa(w.ID))
	if got := e.Text(e.LastEphemeral(bottest.Lars)); !strings.Contains(got, "You already support wish #"+itoa(w.ID)) {
		t.Errorf("supporting twice:\n%s", got)
	}
	if got := now(t, e, card); !bottest.ContainsAll(got, "Supported by 4 people from 2 municipalities", "Aarhus (1)", "Odense (1)", "KL (1)") {
		t.Errorf("the secretariat's card does not name the support:\n%s", got)
	}
	e.Slash(bottest.Mette, bottest.UserClub, "/wish", itoa(w.ID))
	if got := e.Text(e.LastEphemeral(bottest.Mette)); !bottest.ContainsAll(got, "Supported by 4 people from 2 municipalities", "[Support]") {
		t.Errorf("/wish N:\n%s", got)
	}
	e.Slash(bottest.Kirsten, bottest.UserClub, "/wish", "unsupport "+itoa(w.ID))
	if got := e.Text(e.LastEphemeral(bottest.Kirsten)); !strings.Contains(got, "no longer support") {
		t.Errorf("unsupport:\n%s", got)
	}
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "list top")
	if got := e.Text(e.LastEphemeral(bottest.Per)); !bottest.ContainsAll(got, "Open wishes by support", "1. *#"+itoa(w.ID), "Supported by 3 people from 2 municipalities") {
		t.Errorf("/wish list top:\n%s", got)
	}

	// The Support button on a DM about the wish: Lars follows it and is told of a change.
	if _, err := e.Svc.RouteToGroup(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "kontrakt", workflow.SizeNormal, ""); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	dm := e.LastDM(bottest.Lars)
	if got := e.Text(dm); !strings.Contains(got, "[Withdraw support]") {
		t.Errorf("a supporter's DM has no Withdraw support button:\n%s", got)
	}
	e.Click(bottest.Lars, dm.Channel, dm.TS, "Withdraw support")
	if s, _ := e.Svc.SupportOf(e.Ctx(), w.ID); s.People != 2 {
		t.Errorf("after Lars withdrew his support through the DM: %+v", s)
	}

	// Closed wishes take no support, and say why.
	if _, err := e.Svc.Withdraw(e.Ctx(), actorOf(t, e, bottest.Per), w.ID, ""); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	e.Slash(bottest.Jens, bottest.UserClub, "/wish", "support "+itoa(w.ID))
	if got := e.Text(e.LastEphemeral(bottest.Jens)); !strings.Contains(got, "is withdrawn: it takes no more support") {
		t.Errorf("supporting a withdrawn wish:\n%s", got)
	}
}

func TestSupportButtonAsksTheMunicipalityFirst(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	w, _ := wishFor(t, e, "Data processors on the system page", "")
	if _, err := e.Svc.Follow(e.Ctx(), actorOf(t, e, bottest.Jens), w.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.AskForInfo(e.Ctx(), actorOf(t, e, bottest.Mette), w.ID, "Which module?"); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	dm := e.LastDM(bottest.Jens)
	e.Click(bottest.Jens, dm.Channel, dm.TS, "Support")
	if v := e.TopView(bottest.Jens); !strings.Contains(e.Emu.RenderView(v), "Choose yours first; then your support of wish #"+itoa(w.ID)) {
		t.Fatalf("the modal does not say why:\n%s", e.Emu.RenderView(v))
	}
	e.SubmitForm(bottest.Jens, map[string]string{"Municipality or organisation": "Region Nordjylland"})
	if s, err := e.Svc.SupportOf(e.Ctx(), w.ID); err != nil || s.People != 2 || s.Municipalities != 0 {
		t.Errorf("support %+v (%v); want 2 people and no municipality (a region is not one)", s, err)
	}
	// The choice is kept: the next support needs no modal.
	w2, _ := wishFor(t, e, "Another wish", "")
	views := len(e.Emu.CallsTo("views.open"))
	e.Slash(bottest.Jens, bottest.UserClub, "/wish", "support "+itoa(w2.ID))
	if len(e.Emu.CallsTo("views.open")) != views {
		t.Error("the municipality was asked again")
	}
}

func TestOrganisationListMandatesAndHostileText(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	for _, u := range []string{bottest.Per, bottest.Soren, bottest.Jens} {
		if got := answer(t, e, u, "/tovholder", "organisation add andre Digitaliseringsstyrelsen"); !strings.Contains(got, "only an admin") {
			t.Errorf("%s may add an organisation:\n%s", u, got)
		}
		if got := answer(t, e, u, "/tovholder", "organisation list"); !strings.Contains(got, "only an admin") {
			t.Errorf("%s may list the organisations:\n%s", u, got)
		}
	}
	if got := answer(t, e, bottest.Mette, "/tovholder", "organisation add andre <!channel> *Kommune* <@U0PER0001>"); !strings.Contains(got, "is on the list") {
		t.Errorf("hostile name:\n%s", got)
	}
	if raw := e.LastEphemeral(bottest.Mette).Text; strings.Contains(raw, "<!channel>") || strings.Contains(raw, "<@U0PER0001>") {
		t.Errorf("a typed name pings people: %s", raw)
	}
	if got := answer(t, e, bottest.Admin, "/tovholder", "organisation add jylland Ny"); !strings.Contains(got, "That group is not one of the list's") {
		t.Errorf("unknown group:\n%s", got)
	}
	if got := answer(t, e, bottest.Admin, "/tovholder", `organisation remove "Anden organisation"`); !strings.Contains(got, "is off the list") {
		t.Errorf("remove:\n%s", got)
	}
	got := answer(t, e, bottest.Admin, "/tovholder", "organisation list")
	if !bottest.ContainsAll(got, "Region Hovedstaden* (29)", "Region Nordjylland* (11)", "Other* (8)") || strings.Contains(got, "Anden organisation") ||
		strings.Contains(string(e.LastEphemeral(bottest.Admin).BlocksJSON), "<!channel>") {
		t.Errorf("organisation list:\n%s", got)
	}
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "municipality")
	v := e.TopView(bottest.Per)
	for _, want := range []string{"Region Sjælland", "Vallensbæk", "Aabenraa", "Aalborg", `"option_groups"`} {
		if !strings.Contains(string(v.JSON), want) {
			t.Errorf("the select lacks %s", want)
		}
	}
	e.SubmitForm(bottest.Per, map[string]string{"Municipality or organisation": "Vallensbæk"})
	if got := e.Text(e.LastDM(bottest.Per)); !strings.Contains(got, "Your organisation is now Vallensbæk") {
		t.Errorf("Per was told:\n%s", got)
	}
}

// TestDigestNamesSupport: the wishes a digest lists carry their support.
func TestDigestNamesSupport(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute) // the scheduler's first run: the schedules start counting
	w := newWish(t, e, "Export to CSV", "")
	chooseAndSupport(t, e, bottest.Anna, w.ID, "Vejle")
	advanceTo(e, nextMonday)
	got := digestsTo(e, bottest.Mette)
	if len(got) != 1 || !strings.Contains(got[0], "Export to CSV") || !strings.Contains(got[0], "Supported by 2 people from 1 municipality") {
		t.Errorf("the secretariat's digest:\n%s", strings.Join(got, "\n---\n"))
	}
}
