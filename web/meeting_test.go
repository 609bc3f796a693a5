package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/workflow"
)

// TestWishPageShowsTheMeetingThatDiscussedIt: the wish's history on the web says what
// /wish N says, that the group discussed it at a meeting, with the minutes' note, by
// role and never by Slack id.
func TestWishPageShowsTheMeetingThatDiscussedIt(t *testing.T) {
	c := newCommunity(t)
	ctx := context.Background()
	w, err := c.svc.RouteToGroup(ctx, c.actor(t, secretary), c.ids["fresh"], "kontrakt", workflow.SizeNormal, "")
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.svc.Convene(ctx, c.actor(t, coord), workflow.ConveneInput{Group: "kontrakt", Date: "2026-12-15", Time: "10:00",
		Items: []string{"assessment:" + strconv.FormatInt(w.ID, 10)}})
	if err != nil {
		t.Fatal(err)
	}
	c.svc.Clock = func() time.Time { return m.Start.Add(time.Hour) }
	if _, err := c.svc.WriteMinutes(ctx, c.actor(t, coord), m.ID, workflow.MinutesInput{Notes: []string{"Worth a poll."}}); err != nil {
		t.Fatal(err)
	}
	body := get(t, c.server(t, false), "GET", "/wishes/"+strconv.FormatInt(w.ID, 10)).Body.String()
	if !strings.Contains(body, "discussed the wish at the group&#39;s meeting of "+m.Start.Format("2006-01-02")) || !strings.Contains(body, "Worth a poll.") {
		t.Errorf("the wish page lacks the meeting:\n%s", body)
	}
	if strings.Contains(body, coord) {
		t.Errorf("the wish page shows a Slack id")
	}
}
