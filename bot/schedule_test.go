package bot_test

import (
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

// An unknown word after a known one is named, and only the commands that start with
// the known words are listed; in Danish the reasons a schedule is refused are Danish.
func TestScheduleRefusalsNameTheUnknownWordInDanish(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Emu.AddUser(slackemu.User{ID: bottest.Mette, Name: "mette", RealName: "Mette Sekretariat", Locale: "da-DK"})
	got := answer(t, e, bottest.Mette, "/tovholder", `schedule foo "0 9 * * 1"`)
	if !bottest.ContainsAll(got, "Underkommandoen `foo` kender jeg ikke", "schedule list", "schedule steering") || strings.Contains(got, "`schedule`") || strings.Contains(got, "group create") {
		t.Errorf("/tovholder schedule foo answered:\n%s", got)
	}
	// The first words of commands only: those commands, and no word called unknown.
	if got := answer(t, e, bottest.Mette, "/tovholder", "group member"); !bottest.ContainsAll(got, "group member add", "group member remove") || strings.Contains(got, "Underkommandoen") || strings.Contains(got, "role list") {
		t.Errorf("/tovholder group member answered:\n%s", got)
	}
	for text, want := range map[string]string{
		`group schedule kontrakt "0 25 * * *"`: "`25` er ikke gyldig som time: brug 0-23",
		`group schedule kontrakt "* * * * *"`:  "oftere end én gang i timen",
		`schedule steering "0 9 31 2 *"`:       "ville ikke køre inden for de næste 400 dage",
		`schedule steering "0 9 * *"`:          "har 4 felter",
		`schedule steering "0 9 * * 9"`:        "ugedag (0 er søndag)",
	} {
		if got := answer(t, e, bottest.Mette, "/tovholder", text); !strings.Contains(got, want) {
			t.Errorf("%s answered:\n%s\nwant %q", text, got, want)
		}
	}
}

func TestScheduleCommandsRefuseInvalidInput(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	for _, c := range []struct{ user, text, want string }{
		{bottest.Mette, `group schedule kontrakt "0 25 * * *"`, "`25` is not a valid hour: use 0-23"},
		{bottest.Mette, `group schedule kontrakt "@fortnightly"`, "`@fortnightly` is not a descriptor I know"},
		{bottest.Mette, `schedule secretariat "0 9 * *"`, "`0 9 * *` has 4 fields; a schedule has five"},
		{bottest.Mette, `schedule steering "TZ=UTC 0 9 * * *"`, "time zone"},
		{bottest.Mette, `group schedule kontrakt "0 9 31 2 *"`, "would not run in the next 400 days"},
		{bottest.Mette, `schedule secretariat "0 9 31 4 *"`, "would not run in the next 400 days"},
		{bottest.Mette, `group schedule kontrakt "* * * * *"`, "more often than once an hour"},
		{bottest.Mette, `schedule steering "*/15 9 * * 1"`, "more often than once an hour"},
		{bottest.Mette, `schedule foo "0 9 * * 1"`, "I do not know the subcommand `foo`"},
		{bottest.Mette, `group frobnicate kontrakt`, "I do not know the subcommand `frobnicate`"},
		{bottest.Mette, "group remind-before kontrakt 15d", "not a duration from 1 hour to 14 days"},
		{bottest.Mette, "group remind-before kontrakt soon", "not a duration from 1 hour to 14 days"},
		{bottest.Mette, `group schedule nosuch "@daily"`, "nosuch"},
		{bottest.Soren, `group schedule kontrakt "@daily"`, "only an admin of Tovholder or the secretariat"},
		{bottest.Anna, `schedule steering "@daily"`, "only an admin of Tovholder or the secretariat"},
		{bottest.Mette, "group schedule kontrakt", "Use: `/tovholder group schedule"},
	} {
		got := answer(t, e, c.user, "/tovholder", c.text)
		if !strings.Contains(got, c.want) {
			t.Errorf("%s: answer lacks %q:\n%s", c.text, c.want, got)
		}
		if strings.Contains(c.want, "valid hour") && !strings.Contains(got, `"0 9 * * 1"`) {
			t.Errorf("%s: the answer gives no example:\n%s", c.text, got)
		}
	}
	for _, ev := range events(t, e) {
		if ev.Kind == workflow.EvScheduleChanged {
			t.Errorf("a refused change was recorded: %+v", ev)
		}
	}
	if g, err := e.Svc.Group(e.Ctx(), "kontrakt"); err != nil || g.Schedule != "" || g.RemindBefore != 0 {
		t.Errorf("kontrakt after refusals: %q %s %v", g.Schedule, g.RemindBefore, err)
	}
}

func TestScheduleChangeTakesEffectWithoutRestart(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute)
	routeTo(t, e, "Notice-period alarm", "kontrakt", workflow.SizeNormal)
	got := answer(t, e, bottest.Mette, "/tovholder", `group schedule kontrakt "0 14 * * *"`)
	if !strings.Contains(got, "now follows `0 14 * * *`. Next run: Monday 2027-03-01 14:00 (Europe/Copenhagen)") {
		t.Errorf("group schedule answered:\n%s", got)
	}
	list := answer(t, e, bottest.Anna, "/tovholder", "schedule list")
	for _, want := range []string{"IT-kontrakter* (`kontrakt`): `0 14 * * *` to @soren; next Monday 2027-03-01 14:00",
		"IT-systemer* (`systemer`): `0 9 * * 1` (the default) to the secretariat (no coordinator); next Monday 2027-03-08 09:00",
		"reminded 24 hours before", "the secretariat*: `0 9 * * 1` (the default); next Monday 2027-03-08 09:00", "the steering group*"} {
		if !strings.Contains(list, want) {
			t.Errorf("schedule list lacks %q:\n%s", want, list)
		}
	}
	advanceTo(e, time.Date(2027, 3, 1, 13, 59, 0, 0, copenhagen))
	if n := len(digestsTo(e, bottest.Soren)); n != 0 {
		t.Fatalf("Søren got %d digests before 14:00", n)
	}
	e.Advance(time.Minute)
	if n := len(digestsTo(e, bottest.Soren)); n != 1 {
		t.Errorf("Søren got %d digests at 14:00 on the new schedule, want 1", n)
	}
}

// A schedule's time that does not exist on the night clocks go forward (02:30 on 28
// March 2027 in Copenhagen) runs an hour later by the clock, at 03:30, and
// `/tovholder schedule list` says so, in both languages (issue 12).
func TestScheduleListStatesTheSpringForwardRule(t *testing.T) {
	e := newEnv(t, bottest.Options{})
	e.Advance(time.Minute)
	routeTo(t, e, "Notice-period alarm", "kontrakt", workflow.SizeNormal)
	answer(t, e, bottest.Mette, "/tovholder", `group schedule kontrakt "30 2 * * *"`)
	advanceTo(e, time.Date(2027, 3, 27, 12, 0, 0, 0, copenhagen))
	list := answer(t, e, bottest.Anna, "/tovholder", "schedule list")
	if !bottest.ContainsAll(list, "next Sunday 2027-03-28 03:30", "does not exist on the night clocks go forward", "runs an hour later by the clock") {
		t.Errorf("schedule list does not state the rule for 02:30 on 28 March:\n%s", list)
	}
	e.Emu.AddUser(slackemu.User{ID: "U0DANSK01", Name: "karen", RealName: "Karen Kommune", Locale: "da-DK"})
	if da := answer(t, e, "U0DANSK01", "/tovholder", "schedule list"); !strings.Contains(da, "ikke findes den nat, uret stilles frem") {
		t.Errorf("schedule list in Danish does not state the rule:\n%s", da)
	}
	advanceTo(e, time.Date(2027, 3, 28, 3, 29, 0, 0, copenhagen))
	before := len(digestsTo(e, bottest.Soren))
	e.Advance(time.Minute)
	if n := len(digestsTo(e, bottest.Soren)); n != before+1 {
		t.Errorf("Søren got %d digests at 03:30 on the spring-forward night, want %d", n, before+1)
	}
}
