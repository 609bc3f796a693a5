package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/workflow"
)

// With TOVHOLDER_PUBLIC_URL set, /wish N links the wish's page on the web; without
// it, no link is shown.
func TestWishLinksToTheWeb(t *testing.T) {
	for _, public := range []string{"", "https://kitos.example.dk"} {
		e := bottest.New(t, bottest.Options{Transport: bottest.HTTP, PublicURL: public})
		e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts")
		e.SubmitForm(bottest.Per, map[string]string{"Purpose": "Missed deadlines.", "Business value": "No renewals."})
		e.Settle()
		e.Slash(bottest.Anna, bottest.UserClub, "/wish", "1")
		text := e.Text(e.LastEphemeral(bottest.Anna))
		got := strings.Contains(text, "https://kitos.example.dk/wishes/1?lang=en") && strings.Contains(text, "View on the web")
		if got != (public != "") {
			t.Errorf("public URL %q: link shown %v\n%s", public, got, text)
		}
	}
}

// With TOVHOLDER_WEB_NAMES on, the display names of the people who use the bot are
// stored from users.info for the web pages; with it off, none are.
func TestWebNamesAreStored(t *testing.T) {
	for _, on := range []bool{false, true} {
		e := bottest.New(t, bottest.Options{Transport: bottest.HTTP, WebNames: on})
		e.Slash(bottest.Per, bottest.UserClub, "/wish", "1")
		e.Settle()
		var names map[string]string
		err := e.DB.Read(e.Ctx(), func(tx workflow.Tx) (err error) {
			names, err = tx.DisplayNames([]string{bottest.Per})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// The emulator's display name is the user's Name ("per"), as Slack's profile has it.
		if got := names[bottest.Per]; (got == "per") != on {
			t.Errorf("names %v: stored %q", on, got)
		}
	}
}
