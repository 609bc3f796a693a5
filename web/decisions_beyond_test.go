package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// The decisions page lists the steering group's public decisions on proposals that are
// not wishes and the consultations with their counts; never an internal proposal, a
// pending one, or who answered what.
func TestDecisionsBeyondWishes(t *testing.T) {
	c := newCommunity(t)
	ctx := context.Background()
	sec, steer := c.actor(t, secretary), c.actor(t, steering)
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	pub, err := c.svc.ProposeSteering(ctx, sec, workflow.ProposalInput{Title: "Budget 2028 " + hostileTitle, Text: "The frame.",
		Kind: "economy", Amount: "1.250.000,50"})
	must(nil, err)
	must(c.svc.DecideSteering(ctx, steer, pub.ID, true, "Within the frame."))
	secret, err := c.svc.ProposeSteering(ctx, sec, workflow.ProposalInput{Title: "INTERNAL-STAFF-MATTER", Text: "x", Kind: "organisation", Internal: true})
	must(nil, err)
	must(c.svc.DecideSteering(ctx, steer, secret.ID, false, "INTERNAL-REASON"))
	must(c.svc.ProposeSteering(ctx, sec, workflow.ProposalInput{Title: "PENDING-PROPOSAL", Text: "x", Kind: "other"}))
	con, err := c.svc.StartConsultation(ctx, sec, workflow.ConsultInput{Question: "Close the hotline on Fridays?", WishID: c.ids["alarm"]})
	must(nil, err)
	must(c.svc.AnswerConsultation(ctx, workflow.Actor{UserID: member}, con.ID, workflow.AnswerConcerns, "ANSWER-REASON"))
	must(c.svc.AnswerConsultation(ctx, workflow.Actor{UserID: coord}, con.ID, workflow.AnswerSupport, ""))
	must(c.svc.CloseConsultation(ctx, sec, con.ID))
	must(c.svc.RecordConsultDecision(ctx, sec, con.ID, "The hotline stays open."))

	h := c.server(t, false)
	for lang, want := range map[string][]string{
		"en": {"Other decisions of the steering group", "Budget 2028 &lt;script&gt;", "1,250,000.50 kr.", "The secretariat&#39;s economy",
			"Within the frame.", "Consultations of the user club", "Close the hotline on Fridays?", "1 support, 1 concerns, 0 no opinion",
			"The hotline stays open."},
		"da": {"Styregruppens øvrige beslutninger", "1.250.000,50 kr.", "Høringer i brugerklubben", "1 støtter, 1 betænkeligheder"},
	} {
		w := get(t, h, "GET", "/decisions?lang="+lang)
		body := w.Body.String()
		if w.Code != 200 {
			t.Fatalf("%s: status %d", lang, w.Code)
		}
		for _, s := range want {
			if !strings.Contains(body, s) {
				t.Errorf("/decisions?lang=%s lacks %q", lang, s)
			}
		}
		for _, s := range []string{"INTERNAL-STAFF-MATTER", "INTERNAL-REASON", "PENDING-PROPOSAL", "ANSWER-REASON", member, coord, "<script>"} {
			if strings.Contains(body, s) {
				t.Errorf("/decisions?lang=%s shows %q", lang, s)
			}
		}
	}
	feed := get(t, h, "GET", "/feed.atom?lang=en").Body.String()
	for _, want := range []string{"The steering group approved: Budget 2028 &lt;script&gt;", "Decided after the consultation: Close the hotline on Fridays?",
		"The hotline stays open.", "/decisions#consultation-"} {
		if !strings.Contains(feed, want) {
			t.Errorf("the feed lacks %q:\n%s", want, feed)
		}
	}
	for _, s := range []string{"INTERNAL-STAFF-MATTER", "INTERNAL-REASON", "PENDING-PROPOSAL", "ANSWER-REASON"} {
		if strings.Contains(feed, s) {
			t.Errorf("the feed shows %q", s)
		}
	}
	if i, j := strings.Index(feed, "Decided after the consultation"), strings.Index(feed, "Budget 2028"); i < 0 || j < 0 || i > j {
		t.Error("the feed is not newest first")
	}
}
