package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
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
	var ws []struct {
		ID                    int64 `json:"id"`
		SupportPeople         int   `json:"support_people"`
		SupportMunicipalities int   `json:"support_municipalities"`
	}
	if err := json.Unmarshal(get(t, h, "GET", "/api/wishes.json").Body.Bytes(), &ws); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range ws {
		if w.ID == c.ids["fresh"] {
			found = true
			if w.SupportPeople != 4 || w.SupportMunicipalities != 2 {
				t.Errorf("open data: %+v, want 4 people from 2 municipalities", w)
			}
		}
	}
	if !found {
		t.Errorf("the open data lacks wish %d", c.ids["fresh"])
	}
}

// TestGroupPageShowsTheAdoptedOrder: the group's page lists its prioritised order and
// each wish's page its place in it, once the group adopted it by consensus.
func TestGroupPageShowsTheAdoptedOrder(t *testing.T) {
	c := newCommunity(t)
	ctx := context.Background()
	sec, co, mem := c.actor(t, secretary), c.actor(t, coord), c.actor(t, member)
	fresh, major := c.ids["fresh"], c.ids["major"]
	check := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	_, err := c.svc.RouteToGroup(ctx, sec, fresh, "kontrakt", workflow.SizeNormal, "")
	check(err)
	p, err := c.svc.StartPoll(ctx, co, workflow.PollInput{WishID: fresh, Proposal: workflow.ProposePrioritise, Priority: workflow.PriorityLow})
	check(err)
	_, err = c.svc.TakeStance(ctx, mem, p.ID, workflow.Agree, "")
	check(err)
	_, err = c.svc.ClosePoll(ctx, co, p.ID)
	check(err)
	r, err := c.svc.StartRanking(ctx, co, workflow.RankingInput{GroupKey: "kontrakt", WishIDs: []int64{major, fresh}})
	check(err)
	check(c.svc.Distribute(ctx, mem, r.ID, map[int64]string{fresh: "6", major: "4"}))
	r, err = c.svc.CloseRanking(ctx, co, r.ID)
	check(err)
	_, err = c.svc.TakeStance(ctx, mem, r.PollID, workflow.Agree, "")
	check(err)
	_, err = c.svc.ClosePoll(ctx, co, r.PollID)
	check(err)

	h := c.server(t, false)
	body := get(t, h, "GET", "/groups/kontrakt?lang=da").Body.String()
	i, j := strings.Index(body, fmt.Sprintf("#%d New contract role", fresh)), strings.Index(body, fmt.Sprintf("#%d Show the system", major))
	if !strings.Contains(body, "Gruppens prioriterede rækkefølge") || i < 0 || j < i {
		t.Errorf("the group's page lacks its order (fresh first, then major)")
	}
	checkPublic(t, body)
	if body := get(t, h, "GET", fmt.Sprintf("/wishes/%d?lang=en", major)).Body.String(); !strings.Contains(body, "No. 2 in IT-kontrakter") {
		t.Errorf("the wish's page lacks its place in the order")
	}
}
