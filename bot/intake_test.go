package bot_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
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
