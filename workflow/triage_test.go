package workflow

import "testing"

// The edges of a wish's life that triage and polls take (domain.md, "A wish's life").
func TestCanMove(t *testing.T) {
	tests := []struct {
		from, to State
		want     bool
	}{
		{StateSubmitted, StateMinor, true},
		{StateSubmitted, StateNeedsInfo, true},
		{StateSubmitted, StateInAssessment, true},
		{StateSubmitted, StateDeclined, true},
		{StateSubmitted, StateDuplicate, true},
		{StateSubmitted, StateWithdrawn, true},
		{StateSubmitted, StatePrioritised, false},
		{StateNeedsInfo, StateSubmitted, true},
		{StateNeedsInfo, StateInAssessment, false},
		{StateNeedsInfo, StateMinor, false},
		{StateMinor, StateDelivered, true},
		{StateMinor, StateDeclined, true},
		{StateMinor, StateInAssessment, false},
		{StateInAssessment, StatePrioritised, true},
		{StateInAssessment, StateRejected, true},
		{StateInAssessment, StateDeclined, false},
		{StateInAssessment, StateInAssessment, false},
		{StateDeclined, StateSubmitted, false},
		{StateDuplicate, StateSubmitted, false},
		{StateRejected, StatePrioritised, false},
		{StateWithdrawn, StateSubmitted, false},
		{StateApproved, StateWithdrawn, false},
	}
	for _, tt := range tests {
		if got := CanMove(tt.from, tt.to); got != tt.want {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCanTriage(t *testing.T) {
	tests := []struct {
		who  string
		a    Actor
		want bool
	}{
		{"secretariat", Actor{UserID: "S", Roles: []Role{RoleSecretariat}}, true},
		{"secretariat and steering", Actor{UserID: "S", Roles: []Role{RoleSteering, RoleSecretariat}}, true},
		{"steering group", Actor{UserID: "J", Roles: []Role{RoleSteering}}, false},
		{"admin", Actor{UserID: "A", Roles: []Role{RoleAdmin}}, false},
		{"member", Actor{UserID: "M"}, false},
		{"the scheduler", System, false},
	}
	for _, tt := range tests {
		err := CanTriage(tt.a)
		if (err == nil) != tt.want {
			t.Errorf("%s: CanTriage = %v, want allowed %v", tt.who, err, tt.want)
		}
		if e, ok := AsError(err); err != nil && (!ok || e.Kind != Forbidden || e.Msg != "err.forbidden.role" || e.Args[0] != string(RoleSecretariat)) {
			t.Errorf("%s: refused with %v, want forbidden naming the secretariat", tt.who, err)
		}
	}
}

func TestDMsUser(t *testing.T) {
	ns := []Notice{{Op: OpPost, To: "C1"}, {Op: OpDM, To: "U1"}}
	if !dmsUser(ns, "U1") || dmsUser(ns, "C1") || dmsUser(ns, "U2") {
		t.Errorf("dmsUser is wrong")
	}
}
