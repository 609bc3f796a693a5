package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/os2kitos/tovholder/storage"
	"github.com/os2kitos/tovholder/storage/storagetest"
	"github.com/os2kitos/tovholder/web"
	"github.com/os2kitos/tovholder/workflow"
)

// The people of the fixture, by Slack ID: none of these may appear on a page.
const (
	secretary = "USECR0001"
	steering  = "USTEER001"
	coord     = "UCOORD001"
	member    = "UMEMBR001"
	submitter = "USUBMT001"
)

// Planted texts that must never be public.
const (
	secretQuestion = "SECRET-QUESTION: what is your budget?"
	privateNote    = "PRIVATE-NOTE-MARKED"
	dmText         = "DM-TEXT-NEVER-PUBLIC"
)

// Hostile texts typed by members, to be shown as text.
const (
	hostileTitle   = `<script>alert(1)</script>`
	hostilePurpose = `"><img src=x onerror=alert(2)>`
	hostileNote    = `<!channel> look`
)

// community is a database with a little of everything, made through the use cases.
type community struct {
	db  *storage.DB
	svc *workflow.Service
	ids map[string]int64
	now func() time.Time // the fixture's clock, read without advancing it
}

func newCommunity(t testing.TB) *community {
	t.Helper()
	ctx := context.Background()
	db := storagetest.Open(t)
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { now = now.Add(time.Hour); return now }
	db.Now = clock
	svc := workflow.New(db, clock, []string{secretary})
	c := &community{db: db, svc: svc, ids: map[string]int64{}, now: func() time.Time { return now }}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	admin := workflow.Actor{UserID: secretary, Roles: []workflow.Role{workflow.RoleAdmin, workflow.RoleSecretariat}}
	must(svc.Grant(ctx, admin, workflow.RoleSecretariat, []string{secretary}))
	must(svc.Grant(ctx, admin, workflow.RoleSteering, []string{steering}))
	sec := c.actor(t, secretary)
	must(svc.CreateGroup(ctx, sec, "kontrakt", "CKONTRAKT", "IT-kontrakter"))
	must(svc.CreateGroup(ctx, sec, "system", "CSYSTEM", "IT-systemer"))
	must(svc.AddMembers(ctx, sec, "kontrakt", []string{coord, member}))
	must(nil, svc.SetCoordinator(ctx, sec, "kontrakt", coord))
	sub := c.actor(t, submitter)

	submit := func(name, title, purpose string) int64 {
		w, err := svc.SubmitWish(ctx, sub, workflow.WishInput{Title: title, Purpose: purpose, Value: "Fewer missed deadlines", Group: "kontrakt"})
		if err != nil {
			t.Fatal(err)
		}
		c.ids[name] = w.ID
		return w.ID
	}
	consensus := func(id int64, p workflow.Proposal) {
		pl, err := svc.StartPoll(ctx, c.actor(t, coord), workflow.PollInput{WishID: id, GroupKey: "kontrakt", Proposal: p,
			Priority: workflow.PriorityHigh, Text: "not needed"})
		if err != nil {
			t.Fatal(err)
		}
		must(svc.TakeStance(ctx, c.actor(t, coord), pl.ID, workflow.Agree, ""))
		must(svc.TakeStance(ctx, c.actor(t, member), pl.ID, workflow.Agree, ""))
		must(svc.ClosePoll(ctx, c.actor(t, coord), pl.ID))
	}

	alarm := submit("alarm", "Notice-period alarm on contracts", "Municipalities miss notice deadlines")
	must(svc.RouteToGroup(ctx, sec, alarm, "kontrakt", workflow.SizeNormal, "routed"))
	consensus(alarm, workflow.ProposePrioritise)
	must(svc.CreateCycle(ctx, sec, "2027.1", time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)))
	must(svc.Plan(ctx, sec, alarm, "2027.1", "planned"))
	must(svc.Deliver(ctx, sec, alarm, "in release 7"))

	hostile := submit("hostile", hostileTitle, hostilePurpose)
	must(svc.AskForInfo(ctx, sec, hostile, secretQuestion))
	must(svc.EditWish(ctx, sub, hostile, workflow.WishInput{Title: hostileTitle, Purpose: hostilePurpose, Value: "v", Group: "kontrakt"}))
	must(svc.Decline(ctx, sec, hostile, hostileNote))

	major := submit("major", "Show the system's data processors", "Fewer look-ups during GDPR audits")
	must(svc.RouteToGroup(ctx, sec, major, "kontrakt", workflow.SizeMajor, "major"))
	consensus(major, workflow.ProposePrioritise)
	must(svc.AddSpec(ctx, c.actor(t, coord), major, "https://example.org/spec", "Spec summary"))
	must(svc.AddEstimate(ctx, sec, major, workflow.EstimateInput{Amount: workflow.Kroner(250000) + 50, Hours: workflow.WholeHours(200)}))
	ini, err := svc.Recommend(ctx, sec, workflow.RecommendInput{WishIDs: []int64{major}, Title: "Data processors on the system page", Text: "Recommended: good value"})
	must(nil, err)
	must(svc.Decide(ctx, c.actor(t, steering), ini.ID, true, "frame", "Good value"))

	withdrawn := submit("withdrawn", "A wish later withdrawn", "p")
	must(svc.Withdraw(ctx, sub, withdrawn, "changed my mind"))
	dup := submit("duplicate", "Alarm before notice", "p")
	must(svc.MarkDuplicate(ctx, sec, dup, major, "same as the data processors"))
	submit("fresh", "New contract role: data protection adviser", "A role is missing")

	// Private things planted beside the public ones: a note marked private, and a DM.
	must(nil, db.Atomic(ctx, func(tx workflow.Tx) error {
		if _, err := tx.AppendEvent(workflow.Event{At: clock(), Actor: secretary, Kind: workflow.EvWishMoved, WishID: c.ids["fresh"],
			From: workflow.StateSubmitted, To: workflow.StateSubmitted, Note: privateNote, Data: map[string]string{"private": "note"}}); err != nil {
			return err
		}
		_, err := tx.Enqueue(workflow.Notice{Kind: workflow.NoticeDigest, Op: workflow.OpDM, To: submitter, Payload: dmText})
		return err
	}))
	return c
}

func (c *community) actor(t testing.TB, user string) workflow.Actor {
	t.Helper()
	a, err := c.svc.Actor(context.Background(), user)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// server serves the community's pages.
func (c *community) server(t testing.TB, names bool) http.Handler {
	t.Helper()
	loc, _ := time.LoadLocation("Europe/Copenhagen")
	s, err := web.New(web.Config{Store: c.db, Lang: web.English, Location: loc, Names: names, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	return s.Handler()
}

// get answers one request.
func get(t testing.TB, h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}
