package workflow_test

import (
	"context"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// TestRevokedRoleNoLongerDecides: a mandate is checked on the roles the deciding
// transaction reads, not on the copy the bot loaded when the click arrived (review
// finding R5: a click racing the admin's revoke still decided). Each use case is run
// with an actor loaded before the revoke: refused, nothing recorded. The same actor
// without the revoke succeeds, so the refusal is the revoke's.
func TestRevokedRoleNoLongerDecides(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		name string
		user string
		role workflow.Role
		// prepare sets up what the use case acts on and returns its wish or poll id.
		prepare func(f *fixture) int64
		do      func(f *fixture, a workflow.Actor, id int64) error
	}{
		{"secretariat declines", uSec, workflow.RoleSecretariat,
			func(f *fixture) int64 { return f.wish().ID },
			func(f *fixture, a workflow.Actor, id int64) error {
				_, err := f.svc.Decline(ctx, a, id, "Out of scope.")
				return err
			}},
		{"secretariat routes", uSec, workflow.RoleSecretariat,
			func(f *fixture) int64 { return f.wish().ID },
			func(f *fixture, a workflow.Actor, id int64) error {
				_, err := f.svc.RouteToGroup(ctx, a, id, "kontrakt", workflow.SizeNormal, "")
				return err
			}},
		{"secretariat starts a poll in a group it does not coordinate", uSec, workflow.RoleSecretariat,
			func(f *fixture) int64 { return f.routed().ID },
			func(f *fixture, a workflow.Actor, id int64) error {
				_, err := f.svc.StartPoll(ctx, a, workflow.PollInput{WishID: id, Proposal: workflow.ProposeReject, Text: "No."})
				return err
			}},
		{"secretariat closes a poll", uSec, workflow.RoleSecretariat,
			func(f *fixture) int64 {
				p, _ := f.poll(workflow.ProposeReject, "No.")
				return p.ID
			},
			func(f *fixture, a workflow.Actor, id int64) error {
				_, err := f.svc.ClosePoll(ctx, a, id)
				return err
			}},
		{"secretariat creates a group", uSec, workflow.RoleSecretariat,
			func(f *fixture) int64 { return 0 },
			func(f *fixture, a workflow.Actor, _ int64) error {
				_, err := f.svc.CreateGroup(ctx, a, "system", "CSYS", "IT-systemer")
				return err
			}},
		{"secretariat adds a form of financing", uSec, workflow.RoleSecretariat,
			func(f *fixture) int64 { return 0 },
			func(f *fixture, a workflow.Actor, _ int64) error {
				_, err := f.svc.AddFinancing(ctx, a, "EU-midler")
				return err
			}},
		{"an admin granted in the database sets a channel", uOther, workflow.RoleAdmin,
			func(f *fixture) int64 {
				_, err := f.svc.Grant(ctx, f.actor(uAdmin), workflow.RoleAdmin, []string{uOther})
				must(f.t, err)
				return 0
			},
			func(f *fixture, a workflow.Actor, _ int64) error {
				return f.svc.SetPlace(ctx, a, workflow.PlaceSteering, "CSTEER")
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name+"/OK", func(t *testing.T) {
			f := newFixture(t)
			id := tc.prepare(f)
			must(t, tc.do(f, f.actor(tc.user), id))
		})
		t.Run(tc.name+"/ErrForbidden", func(t *testing.T) {
			f := newFixture(t)
			id := tc.prepare(f)
			stale := f.actor(tc.user) // loaded by the bot when the click arrives
			if !stale.Has(tc.role) {
				t.Fatalf("%s does not hold %s", tc.user, tc.role)
			}
			// Someone else keeps the role: its last holder cannot be removed.
			_, err := f.svc.Grant(ctx, f.actor(uAdmin), tc.role, []string{"U0SUCCESS"})
			must(t, err)
			_, err = f.svc.Revoke(ctx, f.actor(uAdmin), tc.role, []string{tc.user})
			must(t, err)
			before := f.events()
			f.wantKind(tc.do(f, stale, id), workflow.Forbidden, before)
		})
	}
}
