package workflow_test

import (
	"errors"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

// Setup that would leave the community without its readers or promise the past is
// refused with the reason (issue 12): a cycle expected before today; the steering
// group's or the user club's channel set to a working group's channel or to each
// other's; the last member of the secretariat or the steering group removed.
func TestSetupRefusals(t *testing.T) {
	f := newPipeFixture(t)
	ad := f.actor(pAdmin)
	for _, c := range []struct {
		name string
		do   func() error
		key  string // "" for allowed
	}{
		{"cycle expected yesterday", func() error {
			_, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), "2027.0", f.now.AddDate(0, 0, -1))
			return err
		}, "err.cycle.past"},
		{"cycle expected today", func() error {
			_, err := f.svc.CreateCycle(f.ctx, f.actor(pMette), "2027.1", f.now)
			return err
		}, ""},
		{"steering in a group's channel", func() error { return f.svc.SetPlace(f.ctx, ad, workflow.PlaceSteering, "CKONT") }, "err.channel.group"},
		{"user club in a group's channel", func() error { return f.svc.SetPlace(f.ctx, ad, workflow.PlaceUserClub, "CSYST") }, "err.channel.group"},
		{"user club in the steering group's channel", func() error { return f.svc.SetPlace(f.ctx, ad, workflow.PlaceUserClub, "CSTYR") }, "err.channel.other_place"},
		{"steering in the user club's channel", func() error { return f.svc.SetPlace(f.ctx, ad, workflow.PlaceSteering, "CBRUG") }, "err.channel.other_place"},
		{"steering in a channel of its own", func() error { return f.svc.SetPlace(f.ctx, ad, workflow.PlaceSteering, "CSTYR2") }, ""},
		{"the last of the secretariat", func() error {
			_, err := f.svc.Revoke(f.ctx, ad, workflow.RoleSecretariat, []string{pMette})
			return err
		}, "err.role.last"},
		{"the last of the steering group", func() error {
			_, err := f.svc.Revoke(f.ctx, ad, workflow.RoleSteering, []string{pJens, pAnna})
			return err
		}, "err.role.last"},
		{"one of two of the steering group", func() error {
			if _, err := f.svc.Grant(f.ctx, ad, workflow.RoleSteering, []string{pAnna}); err != nil {
				return err
			}
			_, err := f.svc.Revoke(f.ctx, ad, workflow.RoleSteering, []string{pJens})
			return err
		}, ""},
	} {
		err := c.do()
		var e *workflow.Error
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%s: refused: %v", c.name, err)
		case c.key != "" && (!errors.As(err, &e) || e.Msg != c.key):
			t.Errorf("%s: %v, want %s", c.name, err, c.key)
		}
	}
	if ch, _ := f.svc.PlaceChannel(f.ctx, workflow.PlaceUserClub); ch != "CBRUG" {
		t.Errorf("the user club's channel is %q after the refusals", ch)
	}
}
