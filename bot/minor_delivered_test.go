package bot_test

import (
	"testing"

	"github.com/os2kitos/tovholder/bot/bottest"
	"github.com/os2kitos/tovholder/bot/i18n"
)

// A minor wish the secretariat completes is delivered, and a delivery is announced
// in the user club like every other, saying who delivered it and that it was a minor
// change without a development cycle. Review finding R4: nothing was announced.
func TestMinorWishDoneIsAnnouncedInTheUserClub(t *testing.T) {
	for _, tc := range []struct {
		lang                i18n.Lang
		minor, done, phrase string
	}{
		{i18n.English, "Handle as minor", "Done", "is delivered by the secretariat (a minor change), marked by"},
		{i18n.Danish, "Håndtér som mindre ønske", "Udført", "er leveret af sekretariatet (en mindre ændring), markeret af"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			e := bottest.New(t, bottest.Options{Lang: tc.lang})
			w, card := wishFor(t, e, "New contract role: data protection adviser", "kontrakt")
			e.Click(bottest.Mette, card.Channel, card.TS, tc.minor)
			e.Settle()
			if _, ok := e.Find(bottest.UserClub, "#"+itoa(w.ID)); ok {
				t.Fatalf("handling a wish as minor is no delivery, but the user club was told:\n%s", e.Dump(bottest.UserClub))
			}
			e.Click(bottest.Mette, card.Channel, card.TS, tc.done)
			e.Settle()
			ann, ok := e.Find(bottest.UserClub, "#"+itoa(w.ID), tc.phrase, "@mette")
			if !ok {
				t.Fatalf("no delivery announced in the user club; it shows:\n%s", e.Dump(bottest.UserClub))
			}
			if got := e.Text(ann); !bottest.ContainsAll(got, "data protection adviser") {
				t.Errorf("announcement:\n%s", got)
			}
		})
	}
}
