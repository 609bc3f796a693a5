package bot_test

import (
	"os"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot"
	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/slackemu"
)

// hostileMessage is what a member might have written in a channel: a real @channel
// mention as Slack encodes it, a disguised link, mrkdwn, and Slack's own escapes. The
// wish shows the mentions as the words a person types (@channel, @U0ADMIN01), the link
// with its real address, and every < > & escaped: nothing in it pings or disguises.
const hostileMessage = "Alarm <!channel> on *notice* periods <https://evil.example|click me> &lt;b&gt; &amp; more\nSecond line: <@U0ADMIN01>"

// Both shortcuts, in both transports: Turn into a wish opens the New wish modal with
// the message's text and a link back to it, and the card shows the text escaped and
// links to the message; New wish opens the same modal from anywhere.
func TestShortcuts(t *testing.T) {
	for name, tr := range map[string]bottest.Transport{"HTTP": bottest.HTTP, "Socket": bottest.Socket} {
		t.Run(name, func(t *testing.T) {
			e := bottest.New(t, bottest.Options{Transport: tr, EmuOptions: []slackemu.Option{slackemu.WithoutRateLimit()}})
			ts, err := e.Emu.PostAsUser(bottest.Per, bottest.UserClub, hostileMessage)
			plMust(t, err)
			if _, err := e.Emu.MessageShortcut(e.Ctx(), bottest.Per, bottest.UserClub, ts, "wish.shortcut.from_message"); err != nil {
				t.Fatal(err)
			}
			e.Settle()
			v := e.TopView(bottest.Per)
			if v.Title != "New wish" || !strings.Contains(v.PrivateMetadata, "/archives/"+bottest.UserClub+"/p") {
				t.Fatalf("modal %q with metadata %q, want New wish linking back to the message", v.Title, v.PrivateMetadata)
			}
			if got := unjson(v.JSON); !strings.Contains(got, "Second line: @U0ADMIN01") || !strings.Contains(got, "Alarm @channel on *notice* periods click me (https://evil.example) <b> & more") {
				t.Errorf("the description is not the message's text: %s", v.JSON)
			}
			plSubmit(e, bottest.Per, map[string]string{"Purpose": "Deadlines are missed.", "Business value": "No renewals."})
			card := e.MustFind(bottest.Secretary, "Alarm", "Made from")
			raw := unjson(card.BlocksJSON)
			for _, bad := range []string{"<!channel>", "<https://evil.example|click me>", "<@U0ADMIN01>"} {
				if strings.Contains(raw, bad) {
					t.Errorf("the card repeats %q unescaped: %s", bad, raw)
				}
			}
			if !strings.Contains(raw, "Alarm @channel on *notice* periods click me (https://evil.example) &lt;b&gt; &amp; more") ||
				!strings.Contains(raw, "/archives/"+bottest.UserClub+"/p") {
				t.Errorf("the card does not show the text escaped with a link to the message: %s", raw)
			}

			if _, err := e.Emu.Shortcut(e.Ctx(), bottest.Kirsten, "wish.shortcut.new"); err != nil {
				t.Fatal(err)
			}
			e.Settle()
			if v := e.TopView(bottest.Kirsten); v.Title != "New wish" || v.PrivateMetadata != "" {
				t.Fatalf("global shortcut opened %q (%q), want an empty New wish", v.Title, v.PrivateMetadata)
			}
			plSubmit(e, bottest.Kirsten, map[string]string{"Title": "<!here> Data processors <@U0JENS001>", "Purpose": "GDPR audits.", "Business value": "Fewer look-ups."})
			card = e.MustFind(bottest.Secretary, "Data processors")
			// The header is plain_text, shown as it is (it mentions nobody); the mrkdwn is escaped.
			if raw := strings.Join(strs(card.BlocksJSON), "\n"); strings.Contains(raw, "<!here>") || strings.Contains(raw, "<@U0JENS001>") || strings.Contains(raw, "Made from") {
				t.Errorf("the global shortcut's wish card: %s", raw)
			}
		})
	}
}

func TestMessageWish(t *testing.T) {
	for _, tc := range []struct{ text, title, desc string }{
		{"Alarm &lt;b&gt; &amp; more\nline two", "Alarm <b> & more", "Alarm <b> & more\nline two"},
		{"<!channel> <!here|here> <!subteam^S1|@kitos> <@U1|anna> <@U2> <#C1|kitos-kontrakt> <https://a.dk|A> <https://b.dk>",
			"@channel here @kitos @anna @U2 #kitos-kontrakt A (https://a.dk) https://b.dk",
			"@channel here @kitos @anna @U2 #kitos-kontrakt A (https://a.dk) https://b.dk"},
		{"  \n  ", "", ""},
		{strings.Repeat("x", 200), strings.Repeat("x", 149) + "…", strings.Repeat("x", 200)},
	} {
		w := bot.MessageWish(tc.text)
		if w.Title != tc.title || w.Description != tc.desc {
			t.Errorf("MessageWish(%q) = %q, %q; want %q, %q", tc.text, w.Title, w.Description, tc.title, tc.desc)
		}
	}
}

func FuzzMessageWish(f *testing.F) {
	f.Add(hostileMessage)
	f.Add("Alarm &lt;b&gt; &amp; more\nline two")
	f.Add("&#x0;\n\n")
	f.Add(strings.Repeat("æ", 4000))
	f.Fuzz(func(t *testing.T, text string) {
		w := bot.MessageWish(text)
		if len([]rune(w.Title)) > 150 || len([]rune(w.Description)) > 3000 || strings.Contains(w.Title, "\n") {
			t.Fatalf("MessageWish(%q) = %q, %q", text, w.Title, w.Description)
		}
	})
}

// unjson undoes encoding/json's HTML escapes, so that a test sees the text Slack gets.
func unjson(b []byte) string {
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}

// The manifest declares the shortcuts with the callback ids the bot handles; the
// schema check (.ci/check-manifest.py) validates the rest.
func TestManifestDeclaresTheShortcuts(t *testing.T) {
	data, err := os.ReadFile("../manifest.yml")
	plMust(t, err)
	for _, want := range []string{"type: message\n      callback_id: wish.shortcut.from_message", "type: global\n      callback_id: wish.shortcut.new"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("manifest.yml lacks %q", want)
		}
	}
}
