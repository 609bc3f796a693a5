package bot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
	"github.com/os2kitos/tovholder/bot/slackemu"
	"github.com/os2kitos/tovholder/workflow"
)

func TestIntakeEndToEnd(t *testing.T) {
	for name, tr := range map[string]bottest.Transport{"HTTP": bottest.HTTP, "SocketMode": bottest.Socket} {
		t.Run(name, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{Transport: tr})
			e.Slash(bottest.Per, bottest.UserClub, "/wish", "Notice-period alarm on contracts")
			v := e.TopView(bottest.Per)
			if v.Title != "New wish" || !strings.Contains(string(v.JSON), "Notice-period alarm on contracts") {
				t.Fatalf("modal %q does not carry the title:\n%s", v.Title, e.Emu.RenderView(v))
			}
			e.SubmitForm(bottest.Per, map[string]string{
				"Working group":  "IT-kontrakter",
				"Purpose":        "Municipalities miss notice deadlines.",
				"Business value": "Avoids unwanted automatic renewals.",
			})
			if vs := e.Emu.OpenViews(bottest.Per); len(vs) != 0 {
				t.Fatalf("modal still open after a valid submission: %s", e.Emu.RenderView(vs[0]))
			}
			dm := e.Text(e.LastDM(bottest.Per))
			if !bottest.ContainsAll(dm, "#1", "Notice-period alarm on contracts", "registered") {
				t.Errorf("receipt DM:\n%s", dm)
			}
			card := e.MustFind(bottest.Secretary, "#1 Notice-period alarm on contracts")
			text := e.Text(card)
			for _, want := range []string{"IT-kontrakter", "Municipalities miss notice deadlines.", "Avoids unwanted automatic renewals.", "submitted", "@per"} {
				if !strings.Contains(text, want) {
					t.Errorf("card lacks %q:\n%s", want, text)
				}
			}
			e.Slash(bottest.Anna, bottest.UserClub, "/wish", "1")
			shown := e.Text(e.LastEphemeral(bottest.Anna))
			if !bottest.ContainsAll(shown, "#1 Notice-period alarm on contracts", "History", "submitted by") {
				t.Errorf("/wish 1 shows:\n%s", shown)
			}
		})
	}
}

// wishValues are a modal's raw values by block id, as emu.Submit takes them.
func wishValues(title, purpose, value, description string) map[string]map[string]slackemu.Value {
	v := func(s string) map[string]slackemu.Value { return map[string]slackemu.Value{"input": {Value: s}} }
	return map[string]map[string]slackemu.Value{"title": v(title), "purpose": v(purpose), "value": v(value),
		"description": v(description), "group": {"input": {SelectedOption: "-"}}}
}

func TestWishModalValidationAnswersInTheModal(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	before := len(events(t, e))
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "")
	v := e.TopView(bottest.Per)
	// Raw values, as a client that ignores the modal's max_length and required would send them.
	resp, err := e.Emu.Submit(e.Ctx(), bottest.Per, v.ID, wishValues(strings.Repeat("x", 151), "   ", "Saves time.", ""))
	if err != nil {
		t.Fatal(err)
	}
	e.Settle()
	want := map[string]string{"title": "This is too long.", "purpose": "Please fill this in."}
	if resp.ResponseAction != "errors" || !maps.Equal(resp.Errors, want) {
		t.Errorf("answer %q %v, want errors %v", resp.ResponseAction, resp.Errors, want)
	}
	if len(e.Emu.OpenViews(bottest.Per)) != 1 {
		t.Errorf("the modal closed on invalid input; what was typed is lost")
	}
	if n := len(events(t, e)); n != before {
		t.Errorf("invalid input changed the audit log: %d events, want %d", n, before)
	}
	resp, err = e.Emu.Submit(e.Ctx(), bottest.Per, v.ID, wishValues(strings.Repeat("x", 150), "Purpose.", "Value.", ""))
	if err != nil || resp.ResponseAction != "" {
		t.Fatalf("a valid submission answered %q %v, %v", resp.ResponseAction, resp.Errors, err)
	}
}

// submit files a wish as user through the service, as the modal would.
func submit(t *testing.T, e *bottest.Env, user, title string) workflow.Wish {
	t.Helper()
	a, err := e.Svc.Actor(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	w, err := e.Svc.SubmitWish(context.Background(), a, workflow.WishInput{Title: title, Purpose: "P", Value: "V"})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func TestWishListsArePagedWithShowMore(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	for i := 1; i <= 24; i++ {
		who := bottest.Anna
		if i%4 == 0 {
			who = bottest.Per
		}
		submit(t, e, who, fmt.Sprintf("Wish number %d", i))
	}
	mine := answer(t, e, bottest.Per, "/wish", "list")
	if !bottest.ContainsAll(mine, "Your wishes* (6)", "#24* Wish number 24", "#4* Wish number 4") || strings.Contains(mine, "#23*") || strings.Contains(mine, "Show more") {
		t.Errorf("/wish list shows:\n%s", mine)
	}
	all := answer(t, e, bottest.Per, "/wish", "list all")
	if !bottest.ContainsAll(all, "Open wishes* (24)", "#24* Wish number 24", "#5* Wish number 5", "[Show more]") || strings.Contains(all, "#4*") {
		t.Errorf("/wish list all, first page:\n%s", all)
	}
	page := e.LastEphemeral(bottest.Per)
	e.Click(bottest.Per, page.Channel, page.TS, "Show more")
	more := e.Text(e.LastEphemeral(bottest.Per))
	if !bottest.ContainsAll(more, "#4* Wish number 4", "#1* Wish number 1") || strings.Contains(more, "#5*") || strings.Contains(more, "Show more") {
		t.Errorf("/wish list all, second page:\n%s", more)
	}
	if got := answer(t, e, bottest.Kirsten, "/wish", "list"); !strings.Contains(got, "There are no wishes to show") {
		t.Errorf("an empty /wish list shows:\n%s", got)
	}
}

func TestWishHelpAndMissingWish(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	help := answer(t, e, bottest.Per, "/wish", "help")
	for _, want := range []string{"/wish help`", "/wish [title]`", "Example: `/wish Notice-period alarm on contracts`", "/wish list`: your wishes. Example: `/wish list`",
		"/wish list all`: everyone's open wishes, newest first. Example: `/wish list all`", "/wish follow <number>`", "Example: `/wish follow 12`", "/wish unfollow <number>`"} {
		if !strings.Contains(help, want) {
			t.Errorf("/wish help lacks %q:\n%s", want, help)
		}
	}
	if got := answer(t, e, bottest.Per, "/wish", "999"); !strings.Contains(got, "There is no wish #999.") {
		t.Errorf("/wish 999 answered:\n%s", got)
	}
	if got := answer(t, e, bottest.Per, "/wish", "#998"); !strings.Contains(got, "There is no wish #998.") {
		t.Errorf("/wish #998 answered:\n%s", got)
	}
	// Words after "list" make it a wish's title (issue 2), not a usage error.
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "list mine please")
	if v := e.TopView(bottest.Per); v.Title != "New wish" || !strings.Contains(string(v.JSON), `"initial_value":"list mine please"`) {
		t.Errorf("/wish list with words opened %q:\n%s", v.Title, e.Emu.RenderView(v))
	}
}

// hostile is text that would ping everyone, a user, and disguise a link if echoed raw.
const hostile = "<!channel> <@U123> &<> <https://evil.example|Approve>"

// strs is every string in a JSON document that Slack would parse, whatever the encoder
// escaped: all but the text of plain_text objects, which Slack shows as it is (a header,
// an option, a label: there, text is not escaped, so that "<" is seen as "<").
func strs(raw []byte) []string { return jsonStrs(raw, false) }

// plainStrs is the text of every plain_text object in a JSON document.
func plainStrs(raw []byte) []string { return jsonStrs(raw, true) }

func jsonStrs(raw []byte, plain bool) []string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			if !plain {
				out = append(out, x)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		case map[string]any:
			if x["type"] == "plain_text" {
				if s, ok := x["text"].(string); ok && plain {
					out = append(out, s)
				}
				return
			}
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(v)
	return out
}

// checkEscaped fails when a place shows hostile text raw, or does not show it at all.
func checkEscaped(t *testing.T, place string, texts []string) {
	t.Helper()
	all := strings.Join(texts, "\n")
	for _, raw := range []string{"<!channel>", "<@U123>", "<https://evil"} {
		if strings.Contains(all, raw) {
			t.Errorf("%s echoes %q unescaped:\n%s", place, raw, all)
		}
	}
	if !strings.Contains(all, "&lt;!channel&gt; &lt;@U123&gt; &amp;&lt;&gt; &lt;https://evil.example|Approve&gt;") {
		t.Errorf("%s does not show the text, escaped:\n%s", place, all)
	}
}

func messageTexts(m slackemu.Message) []string { return append(strs(m.BlocksJSON), m.Text) }

func TestHostileTextIsEscapedEverywhere(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "")
	e.SubmitForm(bottest.Per, map[string]string{"Title": hostile, "Working group": "Not sure",
		"Purpose": "Purpose " + hostile, "Business value": "Value " + hostile, "Description": "More " + hostile})
	mette, err := e.Svc.Actor(e.Ctx(), bottest.Mette)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.Svc.HandleAsMinor(e.Ctx(), mette, 1, "Note "+hostile); err != nil {
		t.Fatal(err)
	}
	e.Advance(2 * time.Second) // past the card's update interval
	card := e.MustFind(bottest.Secretary, "#1")
	if card.Edits == 0 {
		t.Errorf("the card was not updated with the note")
	}
	checkEscaped(t, "the card", messageTexts(card))
	dms := e.Emu.DMs(bottest.Per)
	if len(dms) != 2 {
		t.Fatalf("%d DMs to the submitter, want the receipt and the change", len(dms))
	}
	checkEscaped(t, "the receipt", messageTexts(dms[0]))
	checkEscaped(t, "the DM about the change", messageTexts(dms[1]))
	for _, cmd := range []string{"1", "list", "list all"} {
		if cmd == "list all" {
			// A minor wish is still open, so it is listed.
			answer(t, e, bottest.Anna, "/wish", cmd)
			checkEscaped(t, "/wish "+cmd, messageTexts(e.LastEphemeral(bottest.Anna)))
			continue
		}
		answer(t, e, bottest.Per, "/wish", cmd)
		checkEscaped(t, "/wish "+cmd, messageTexts(e.LastEphemeral(bottest.Per)))
	}
	if err := e.Emu.OpenHome(e.Ctx(), bottest.Per); err != nil {
		t.Fatal(err)
	}
	e.Settle()
	home, ok := e.Emu.Home(bottest.Per)
	if !ok {
		t.Fatal("no Home tab published")
	}
	checkEscaped(t, "the Home tab", strs(home.JSON))
	// And nowhere else either: every message in every channel, every private answer.
	var everything []string
	for _, m := range e.Emu.AllMessages() {
		everything = append(everything, messageTexts(m)...)
	}
	for _, u := range e.Emu.Users() {
		for _, m := range e.Emu.Ephemerals(u.ID) {
			everything = append(everything, messageTexts(m)...)
		}
	}
	checkEscaped(t, "Slack", everything)
}

func TestLocaleFollowsTheUser(t *testing.T) {
	e := bottest.New(t, bottest.Options{})
	e.Emu.AddUser(slackemu.User{ID: bottest.Per, Name: "per", RealName: "Per Medlem", Locale: "da-DK"})
	if got := answer(t, e, bottest.Per, "/wish", "help"); !strings.Contains(got, "Ændringsønsker* til KITOS") {
		t.Errorf("/wish help for a Danish user:\n%s", got)
	}
	e.Slash(bottest.Per, bottest.UserClub, "/wish", "Alarm for opsigelsesfrist")
	if v := e.TopView(bottest.Per); v.Title != "Nyt ønske" {
		t.Errorf("modal for a Danish user is titled %q", v.Title)
	}
	e.SubmitForm(bottest.Per, map[string]string{"Arbejdsgruppe": "IT-kontrakter", "Formål": "Frister overses.", "Forretningsværdi": "Færre fornyelser."})
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "Tak! Dit ønske *#1 Alarm for opsigelsesfrist* er registreret") {
		t.Errorf("receipt for a Danish user:\n%s", dm)
	}
	card := e.Text(e.MustFind(bottest.Secretary, "#1 Alarm for opsigelsesfrist"))
	if !bottest.ContainsAll(card, "Submitted by", "Working group", "submitted") {
		t.Errorf("the channel card does not follow TOVHOLDER_LANGUAGE=en:\n%s", card)
	}
	// An English user of the same workspace is answered in English.
	if got := answer(t, e, bottest.Anna, "/wish", "1"); !strings.Contains(got, "Submitted by") {
		t.Errorf("/wish 1 for an English user:\n%s", got)
	}
}

func TestChannelsFollowTheWorkspaceLanguage(t *testing.T) {
	e := bottest.New(t, bottest.Options{Lang: i18n.Danish})
	submit(t, e, bottest.Per, "Notice-period alarm")
	e.Settle()
	if card := e.Text(e.MustFind(bottest.Secretary, "#1 Notice-period alarm")); !bottest.ContainsAll(card, "Indsendt af", "Arbejdsgruppe", "indsendt") {
		t.Errorf("the channel card with TOVHOLDER_LANGUAGE=da:\n%s", card)
	}
	if dm := e.Text(e.LastDM(bottest.Per)); !strings.Contains(dm, "Thank you! Your wish") {
		t.Errorf("an en-US user's DM with TOVHOLDER_LANGUAGE=da:\n%s", dm)
	}
}
