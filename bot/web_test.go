package bot_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
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

// With StoreNames on (tovholder serve always sets it), the display name Slack's
// users.info gives for a person who uses the bot is stored for the export, even with
// the web pages' names off; with it off, none is.
func TestStoreNamesStoresTheDisplayName(t *testing.T) {
	for _, on := range []bool{false, true} {
		e := bottest.New(t, bottest.Options{Transport: bottest.HTTP, StoreNames: on})
		e.Emu.AddUser(slackemu.User{ID: bottest.Per, Name: "Per fra Aarhus", RealName: "Per Medlem", Locale: "en-US"})
		e.Slash(bottest.Per, bottest.UserClub, "/wish", "1")
		e.Settle()
		var names map[string]string
		err := e.DB.Read(e.Ctx(), func(tx workflow.Tx) (err error) {
			names, err = tx.DisplayNames([]string{bottest.Per, bottest.Mette})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		if on {
			want[bottest.Per] = "Per fra Aarhus" // the profile's display name; Mette has not used the bot
		}
		if fmt.Sprint(names) != fmt.Sprint(want) {
			t.Errorf("StoreNames %v: stored %v, want %v", on, names, want)
		}
	}
}

// The user club's announcements link to the web: a group's decision and a delivery to
// the wish's page, the plan to its cycle's, the steering group's decision to /decisions.
func TestAnnouncementsLinkToTheWeb(t *testing.T) {
	e := bottest.New(t, bottest.Options{EmuOptions: []slackemu.Option{slackemu.WithoutRateLimit()},
		PublicURL: "https://kitos.example.dk/"})
	ctx := e.Ctx()
	normal := plPrioritise(t, e, "Notice-period alarm on contracts", workflow.SizeNormal)
	major := plPrioritise(t, e, "Data processors on the system page", workflow.SizeMajor)
	mette := plActor(t, e, bottest.Mette)
	_, err := e.Svc.CreateCycle(ctx, mette, "2027.2", time.Date(2027, 9, 1, 0, 0, 0, 0, time.UTC))
	plMust(t, err)
	_, err = e.Svc.Plan(ctx, mette, normal, "2027.2", "")
	plMust(t, err)
	_, err = e.Svc.Deliver(ctx, mette, normal, "")
	plMust(t, err)
	_, err = e.Svc.AddSpec(ctx, plActor(t, e, bottest.Soren), major, "https://example.org/spec", "The specification")
	plMust(t, err)
	_, err = e.Svc.AddEstimate(ctx, mette, major, workflow.EstimateInput{Amount: workflow.Kroner(1000), Hours: workflow.WholeHours(10)})
	plMust(t, err)
	ini, err := e.Svc.Recommend(ctx, mette, workflow.RecommendInput{WishIDs: []int64{major}, Title: "Processors", Text: "Worth it"})
	plMust(t, err)
	_, err = e.Svc.Decide(ctx, plActor(t, e, bottest.Jens), ini.ID, true, "frame", "")
	plMust(t, err)
	plFlush(e)
	for _, link := range []string{
		fmt.Sprintf("https://kitos.example.dk/wishes/%d?lang=en", normal), // the group's decision, and the delivery
		"https://kitos.example.dk/plan/2027.2?lang=en",
		"https://kitos.example.dk/decisions?lang=en",
	} {
		e.MustFind(bottest.UserClub, link, "View on the web")
	}
}
