package bot_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// titleOf is the initial value of the wish modal's title field.
func titleOf(t *testing.T, e *bottest.Env, user string) string {
	t.Helper()
	v := e.TopView(user)
	if v.Title != "New wish" {
		t.Fatalf("the open modal is %q, want New wish", v.Title)
	}
	for _, raw := range v.Blocks {
		var b struct {
			BlockID string `json:"block_id"`
			Element struct {
				InitialValue string `json:"initial_value"`
			} `json:"element"`
		}
		if err := json.Unmarshal(raw, &b); err != nil {
			t.Fatal(err)
		}
		if b.BlockID == "title" {
			return b.Element.InitialValue
		}
	}
	t.Fatalf("the modal has no title field:\n%s", e.Emu.RenderView(v))
	return ""
}

// Text after /wish that only starts like a subcommand is a wish's title, as typed.
func TestWishTextThatIsNoSubcommandOpensTheModal(t *testing.T) {
	for _, text := range []string{
		"Plan for contract renewals",
		"List of all contracts",
		"list all contracts",
		"Follow up on expired contracts",
		"unfollow the old rules",
		`plan "next cycle"`,
		"Help texts in the contract form",
		`Alarm for "opsigelsesfrist"`,
		"Alarm for “opsigelsesfrist”",
		"  12 contracts at once  ",
		"withdraw the old contract role",
		"Follow 12 contracts",
		"list foo",
		"0 contracts renewed by accident",
	} {
		t.Run(text, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{})
			e.Slash(bottest.Per, bottest.UserClub, "/wish", text)
			if n := len(e.Emu.Ephemerals(bottest.Per)); n != 0 {
				t.Errorf("/wish %s answered privately instead of opening the modal:\n%s", text, e.Text(e.LastEphemeral(bottest.Per)))
			}
			want := strings.TrimSpace(text)
			if got := titleOf(t, e, bottest.Per); got != want {
				t.Errorf("/wish %s: title %q, want %q", text, got, want)
			}
		})
	}
}

// The quotes someone typed are kept in the wish they submit.
func TestWishTitleKeepsItsQuotes(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Slash(bottest.Per, bottest.UserClub, "/wish", `Alarm for "opsigelsesfrist"`)
	e.SubmitForm(bottest.Per, map[string]string{"Working group": "IT-kontrakter", "Purpose": "Deadlines are missed.", "Business value": "Fewer renewals."})
	if w := wishState(t, e, 1); w.Title != `Alarm for "opsigelsesfrist"` {
		t.Errorf("the wish is titled %q", w.Title)
	}
}

// The subcommands still work, and a subcommand without its argument still gets its
// usage rather than a modal.
func TestWishSubcommandsStillWork(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm")
	e.SubmitForm(bottest.Per, map[string]string{"Working group": "IT-kontrakter", "Purpose": "Deadlines are missed.", "Business value": "Fewer renewals."})
	answer(t, e, bottest.Mette, "/tovholder", "cycle create 2027.2 2027-06-30")
	for _, c := range []struct{ user, text, want string }{
		{bottest.Per, "list", "Your wishes"},
		{bottest.Per, "LIST ALL", "Open wishes"},
		{bottest.Per, "plan", "Development plan 2027.2"},
		{bottest.Per, "plan 2027.2", "Development plan 2027.2"},
		{bottest.Anna, "1", "#1 Notice-period alarm"},
		{bottest.Anna, "#1", "#1 Notice-period alarm"},
		{bottest.Anna, "follow 1", "You follow wish #1 now"},
		{bottest.Anna, "unfollow 1", "#1"},
		{bottest.Anna, "follow", "That is not quite right. Use: `/wish follow"},
		{bottest.Anna, "help", "/wish list"},
	} {
		if got := answer(t, e, c.user, "/wish", c.text); !strings.Contains(got, c.want) {
			t.Errorf("/wish %s answered:\n%s\nwant %q", c.text, got, c.want)
		}
		if n := len(e.Emu.OpenViews(c.user)); n != 0 {
			t.Errorf("/wish %s opened %d modals", c.text, n)
		}
	}
}

// A subcommand that takes an argument, followed by exactly one word that is not a
// valid argument, answers with that subcommand's usage, privately; a lone number that
// is no wish number says what a wish number is. Neither opens the New wish form.
func TestWishSubcommandWithABadArgumentGetsItsUsage(t *testing.T) {
	for _, c := range []struct{ locale, text, want string }{
		{"en-US", "withdraw abc", "Use: `/wish withdraw <number>`"},
		{"en-US", "withdraw 0", "Use: `/wish withdraw <number>`"},
		{"en-US", "WITHDRAW -1", "Use: `/wish withdraw <number>`"},
		{"en-US", "follow #x", "Use: `/wish follow <number>`"},
		{"en-US", "unfollow 1.5", "Use: `/wish unfollow <number>`"},
		{"en-US", "0", "`0` is not a wish number"},
		{"en-US", "-1", "`-1` is not a wish number"},
		{"en-US", "#0", "`#0` is not a wish number"},
		{"en-US", "+0", "`+0` is not a wish number"},
		{"en-US", "99999999999999999999", "`99999999999999999999` is not a wish number"},
		{"da-DK", "withdraw abc", "Brug: `/wish withdraw <nummer>`"},
		{"da-DK", "-1", "`-1` er ikke et ønskenummer"},
	} {
		t.Run(c.locale+" "+c.text, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{})
			e.Emu.AddUser(slackemu.User{ID: bottest.Per, Name: "per", RealName: "Per Medlem", Locale: c.locale})
			if got := answer(t, e, bottest.Per, "/wish", c.text); !strings.Contains(got, c.want) {
				t.Errorf("/wish %s answered:\n%s\nwant %q", c.text, got, c.want)
			}
			if n := len(e.Emu.OpenViews(bottest.Per)); n != 0 {
				t.Errorf("/wish %s opened %d modals", c.text, n)
			}
		})
	}
}
