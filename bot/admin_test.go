package bot_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// events is the whole audit log.
func events(t *testing.T, e *bottest.Env) []workflow.Event {
	t.Helper()
	es, err := e.DB.Events(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// answer runs a slash command and returns the private answer it got, rendered.
func answer(t *testing.T, e *bottest.Env, user, command, text string) string {
	t.Helper()
	before := len(e.Emu.Ephemerals(user))
	e.Slash(user, bottest.UserClub, command, text)
	ms := e.Emu.Ephemerals(user)
	if len(ms) != before+1 {
		t.Fatalf("%s %s: %d private answers, want 1", command, text, len(ms)-before)
	}
	return e.Text(ms[len(ms)-1])
}

// adminCase is one /tovholder subcommand: a refused try, a wrong one, a right one.
type adminCase struct {
	name    string
	refused string   // who may not (refused, nothing changes); "" when anyone may
	refusal string   // what the refusal says
	bad     string   // wrong syntax
	usage   string   // the usage shown for it
	actor   string   // who succeeds
	text    string   // the right syntax
	want    []string // in the answer
	kinds   []workflow.EventKind
	check   func(t *testing.T, e *bottest.Env)
}

const (
	adminsOnly = "only an admin of Tovholder can set channels and roles"
	groupLeads = "only an admin of Tovholder or the secretariat can set up working groups"
)

var adminCases = []adminCase{
	{name: "channel", refused: bottest.Mette, refusal: adminsOnly,
		bad: "channel lobby <#C0KONT001>", usage: "/tovholder channel secretariat|steering|userclub #channel",
		actor: bottest.Admin, text: "channel userclub <#C0SEKR001>", want: []string{"user club channel is now #kitos-sekretariat"},
		kinds: []workflow.EventKind{workflow.EvChannelSet},
		check: func(t *testing.T, e *bottest.Env) {
			if ch, _ := e.Svc.PlaceChannel(context.Background(), workflow.PlaceUserClub); ch != bottest.Secretary {
				t.Errorf("user club channel is %q", ch)
			}
		}},
	{name: "role add", refused: bottest.Mette, refusal: adminsOnly,
		bad: "role add boss <@U0ANNA001>", usage: "/tovholder role add admin|secretariat|steering @user",
		actor: bottest.Admin, text: "role add steering <@U0ANNA001|anna> <@U0LARS001>", want: []string{"steering group", "@anna", "@lars"},
		kinds: []workflow.EventKind{workflow.EvRoleAdded, workflow.EvRoleAdded},
		check: func(t *testing.T, e *bottest.Env) {
			hasRole(t, e, workflow.RoleSteering, bottest.Anna, bottest.Jens, bottest.Lars)
		}},
	{name: "role remove", refused: bottest.Per, refusal: adminsOnly,
		bad: "role remove secretariat mette", usage: "/tovholder role remove admin|secretariat|steering @user",
		actor: bottest.Admin, text: "role remove steering <@U0JENS001|jens> <@U0METTE01|mette>", want: []string{"There must be someone in the steering group"},
		check: func(t *testing.T, e *bottest.Env) { hasRole(t, e, workflow.RoleSteering, bottest.Jens) }},
	{name: "channel userclub in a group's channel", bad: "channel userclub", usage: "/tovholder channel secretariat|steering|userclub #channel",
		actor: bottest.Admin, text: "channel userclub <#C0SYST001>", want: []string{"The channel of the user club cannot be a working group's channel: it is the channel of `systemer`"},
		check: func(t *testing.T, e *bottest.Env) {
			if ch, _ := e.Svc.PlaceChannel(context.Background(), workflow.PlaceUserClub); ch != bottest.UserClub {
				t.Errorf("user club channel is %q", ch)
			}
		}},
	{name: "role remove the last", bad: "role remove secretariat", usage: "/tovholder role remove admin|secretariat|steering @user",
		actor: bottest.Admin, text: "role remove secretariat <@U0METTE01|mette>", want: []string{"There must be someone in the secretariat"},
		check: func(t *testing.T, e *bottest.Env) { hasRole(t, e, workflow.RoleSecretariat, bottest.Mette) }},
	{name: "role list", bad: "role list everyone", usage: "/tovholder role list",
		actor: bottest.Per, text: "role list", want: []string{"Roles in Tovholder", "secretariat*: @mette", "steering group*: @jens", "admin*: @admin"}},
	{name: "group create", refused: bottest.Per, refusal: groupLeads,
		bad: "group create arkiv kitos-arkiv Arkivering", usage: "/tovholder group create <key> #channel <name…>",
		actor: bottest.Mette, text: "group create arkiv <#C0BRUG001|brugerklubben> Arkivering og bevaring",
		want: []string{"Arkivering og bevaring", "`arkiv`", "#brugerklubben"}, kinds: []workflow.EventKind{workflow.EvGroupCreated},
		check: func(t *testing.T, e *bottest.Env) {
			g, err := e.Svc.Group(context.Background(), "arkiv")
			if err != nil || g.Name != "Arkivering og bevaring" || g.ChannelID != bottest.UserClub {
				t.Errorf("group arkiv: %+v, %v", g, err)
			}
		}},
	{name: "group coordinator", refused: bottest.Anna, refusal: groupLeads,
		bad: "group coordinator kontrakt", usage: "/tovholder group coordinator <key> @user|none",
		actor: bottest.Admin, text: "group coordinator systemer <@U0KIRST01>", want: []string{"@kirsten is now the coordinator of `systemer`"},
		kinds: []workflow.EventKind{workflow.EvGroupChanged},
		check: func(t *testing.T, e *bottest.Env) {
			if g, _ := e.Svc.Group(context.Background(), "systemer"); g.CoordinatorID != bottest.Kirsten {
				t.Errorf("coordinator of systemer is %q", g.CoordinatorID)
			}
		}},
	{name: "group coordinator none", refused: bottest.Soren, refusal: groupLeads,
		bad: "group coordinator kontrakt Søren", usage: "/tovholder group coordinator <key> @user|none",
		actor: bottest.Mette, text: "group coordinator kontrakt none", want: []string{"`kontrakt` has no coordinator now"},
		kinds: []workflow.EventKind{workflow.EvGroupChanged},
		check: func(t *testing.T, e *bottest.Env) {
			if g, _ := e.Svc.Group(context.Background(), "kontrakt"); g.CoordinatorID != "" {
				t.Errorf("coordinator of kontrakt is %q", g.CoordinatorID)
			}
		}},
	{name: "group member add", refused: bottest.Per, refusal: groupLeads,
		bad: "group member add systemer per", usage: "/tovholder group member add <key> @user",
		actor: bottest.Mette, text: "group member add systemer <@U0PER0001|per> <@U0KIRST01>",
		want: []string{"Added to `systemer`: @per", "Already in `systemer`: @kirsten"}, kinds: []workflow.EventKind{workflow.EvMemberAdded},
		check: func(t *testing.T, e *bottest.Env) { members(t, e, "systemer", bottest.Kirsten, bottest.Per) }},
	{name: "group member remove", refused: bottest.Lars, refusal: groupLeads,
		bad: "group member remove kontrakt", usage: "/tovholder group member remove <key> @user",
		actor: bottest.Admin, text: "group member remove kontrakt <@U0LARS001|lars> <@U0PER0001|per>",
		want:  []string{"Removed from `kontrakt`: @lars", "Not in `kontrakt`, so nobody to remove: @per"},
		kinds: []workflow.EventKind{workflow.EvMemberRemoved},
		check: func(t *testing.T, e *bottest.Env) { members(t, e, "kontrakt", bottest.Anna, bottest.Soren) }},
	{name: "group list", bad: "group list all of them", usage: "/tovholder group list",
		actor: bottest.Per, text: "group list", want: []string{"IT-kontrakter* (`kontrakt`) in #kitos-kontrakt, coordinator: @soren, members: 3",
			"IT-systemer* (`systemer`) in #kitos-systemer, coordinator: none (the secretariat convenes the group)"}},
}

func TestAdminCommands(t *testing.T) {
	for _, c := range adminCases {
		t.Run(c.name, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{})
			before := len(events(t, e))
			if c.refused != "" {
				got := answer(t, e, c.refused, "/tovholder", c.text)
				if !strings.Contains(got, "Sorry, "+c.refusal) {
					t.Errorf("refusal of %s says:\n%s", c.refused, got)
				}
				if n := len(events(t, e)); n != before {
					t.Errorf("a refused command changed the audit log: %d events, want %d", n, before)
				}
			}
			got := answer(t, e, c.actor, "/tovholder", c.bad)
			if !strings.Contains(got, "Example: `/tovholder") {
				t.Errorf("%q shows no example:\n%s", c.bad, got)
			}
			if !strings.Contains(got, "Use: `"+c.usage) {
				t.Errorf("%q does not show the usage %q:\n%s", c.bad, c.usage, got)
			}
			if n := len(events(t, e)); n != before {
				t.Errorf("a wrong command changed the audit log: %d events, want %d", n, before)
			}
			got = answer(t, e, c.actor, "/tovholder", c.text)
			if !bottest.ContainsAll(got, c.want...) {
				t.Errorf("%q answered:\n%s\nwant %q", c.text, got, c.want)
			}
			es := events(t, e)[before:]
			var kinds []workflow.EventKind
			for _, ev := range es {
				kinds = append(kinds, ev.Kind)
				if ev.Actor != c.actor {
					t.Errorf("event %s recorded actor %q, want %q", ev.Kind, ev.Actor, c.actor)
				}
			}
			if !slices.Equal(kinds, c.kinds) {
				t.Errorf("audit log got %v, want %v", kinds, c.kinds)
			}
			if c.check != nil {
				c.check(t, e)
			}
		})
	}
}

func hasRole(t *testing.T, e *bottest.Env, role workflow.Role, want ...string) {
	t.Helper()
	holders, err := e.Svc.RoleHolders(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Clone(holders[role])
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %v, want %v", role, got, want)
	}
}

func members(t *testing.T, e *bottest.Env, key string, want ...string) {
	t.Helper()
	g, err := e.Svc.Group(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Clone(g.Members)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("members of %s: %v, want %v", key, got, want)
	}
}

func TestAdminHelpListsEverySubcommand(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	for _, text := range []string{"help", ""} {
		got := answer(t, e, bottest.Per, "/tovholder", text)
		for _, want := range []string{
			"/tovholder help`: show this help. Example: `/tovholder help`",
			"/tovholder role list`: list who holds which role. Example: `/tovholder role list`",
			"/tovholder group list`: list the working groups. Example: `/tovholder group list`",
			"/tovholder channel secretariat|steering|userclub #channel`: set the channel",
			"Example: `/tovholder channel secretariat #kitos-sekretariat`",
			"/tovholder role add admin|secretariat|steering @user [@user …]`", "Example: `/tovholder role add secretariat @Mette`",
			"/tovholder role remove admin|secretariat|steering @user [@user …]`", "Example: `/tovholder role remove steering @Jens`",
			"/tovholder group create <key> #channel <name…>`", "Example: `/tovholder group create kontrakt #kitos-kontrakt IT-kontrakter`",
			"/tovholder group coordinator <key> @user|none`", "Example: `/tovholder group coordinator kontrakt @Søren`",
			"/tovholder group member add <key> @user [@user …]`", "Example: `/tovholder group member add kontrakt @Anna @Lars`",
			"/tovholder group member remove <key> @user [@user …]`", "Example: `/tovholder group member remove kontrakt @Lars`",
		} {
			if !strings.Contains(got, want) {
				t.Errorf("/tovholder %s lacks %q:\n%s", text, want, got)
			}
		}
	}
	got := answer(t, e, bottest.Admin, "/tovholder", "frobnicate now")
	if !bottest.ContainsAll(got, "I do not know the subcommand `frobnicate`", "/tovholder group list`") {
		t.Errorf("unknown subcommand answered:\n%s", got)
	}
}

func TestAdminRejectsInvalidGroupKeyWithoutChange(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	before := len(events(t, e))
	got := answer(t, e, bottest.Admin, "/tovholder", "group create arkiv_2 <#C0BRUG001> Arkiv")
	if !strings.Contains(got, "`arkiv_2` is not a valid key") {
		t.Errorf("invalid key answered:\n%s", got)
	}
	got = answer(t, e, bottest.Admin, "/tovholder", "group member add nosuch <@U0PER0001>")
	if !strings.Contains(got, "There is no working group with the key `nosuch`") {
		t.Errorf("unknown group answered:\n%s", got)
	}
	if n := len(events(t, e)); n != before {
		t.Errorf("audit log changed: %d events, want %d", n, before)
	}
}

// Issue 9, item 11: the coordinator is not removed as a member in passing; the
// answer says why and how, and the group keeps its coordinator.
func TestRemovingTheCoordinatorSaysHow(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	before := len(events(t, e))
	got := answer(t, e, bottest.Mette, "/tovholder", "group member remove kontrakt <@U0SOREN01|soren>")
	if !bottest.ContainsAll(got, "coordinator of IT-kontrakter", "/tovholder group coordinator kontrakt none") {
		t.Errorf("the secretariat was told:\n%s", got)
	}
	if n := len(events(t, e)); n != before {
		t.Errorf("the refusal recorded %d events", n-before)
	}
	g, err := e.Svc.Group(e.Ctx(), "kontrakt")
	if err != nil || g.CoordinatorID != bottest.Soren || !g.IsMember(bottest.Soren) {
		t.Errorf("after the refusal: %+v, %v", g, err)
	}
}
