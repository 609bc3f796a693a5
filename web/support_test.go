package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestWishPageShowsSupport: a wish's page has its support, counted by municipality,
// and never says who the supporters are.
func TestWishPageShowsSupport(t *testing.T) {
	c := newCommunity(t)
	ctx := context.Background()
	for u, org := range map[string]string{member: "aarhus", coord: "odense", steering: "kl"} {
		if _, err := c.svc.ChooseOrganisation(ctx, c.actor(t, u), org); err != nil {
			t.Fatal(err)
		}
		if _, err := c.svc.Support(ctx, c.actor(t, u), c.ids["fresh"]); err != nil {
			t.Fatal(err)
		}
	}
	h := c.server(t, false)
	for lang, want := range map[string]string{"en": "Supported by 4 people from 2 municipalities", "da": "Støttet af 4 personer fra 2 kommuner"} {
		body := get(t, h, "GET", fmt.Sprintf("/wishes/%d?lang=%s", c.ids["fresh"], lang)).Body.String()
		if !strings.Contains(body, want) || strings.Contains(body, "Aarhus") || strings.Contains(body, "Odense") {
			t.Errorf("%s page: want %q and no organisation named", lang, want)
		}
		checkPublic(t, body)
	}
}
