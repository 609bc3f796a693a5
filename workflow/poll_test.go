package workflow

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestCount(t *testing.T) {
	members := []string{"A", "B", "C"}
	st := func(u string, p Position, reason string) Stance {
		return Stance{UserID: u, Position: p, Reason: reason}
	}
	tests := []struct {
		name    string
		quorum  int
		stances []Stance
		want    Tally
	}{
		{"nobody", 2, nil,
			Tally{Quorum: 2, Missing: members, Failures: []Failure{FailQuorum, FailNoAgree}}},
		{"two agree", 2, []Stance{st("A", Agree, ""), st("B", Agree, "")},
			Tally{Agree: 2, Taken: 2, Quorum: 2, Missing: []string{"C"}, Consensus: true}},
		{"abstention counts towards the quorum", 2, []Stance{st("A", Agree, ""), st("B", Abstain, "")},
			Tally{Agree: 1, Abstain: 1, Taken: 2, Quorum: 2, Missing: []string{"C"}, Consensus: true}},
		{"one agree is short of the quorum", 2, []Stance{st("A", Agree, "")},
			Tally{Agree: 1, Taken: 1, Quorum: 2, Missing: []string{"B", "C"}, Failures: []Failure{FailQuorum}}},
		{"everyone abstains", 2, []Stance{st("A", Abstain, ""), st("B", Abstain, "")},
			Tally{Abstain: 2, Taken: 2, Quorum: 2, Missing: []string{"C"}, Failures: []Failure{FailNoAgree}}},
		{"one objection blocks", 2, []Stance{st("A", Agree, ""), st("B", Agree, ""), st("C", Object, "costly")},
			Tally{Agree: 2, Object: 1, Taken: 3, Quorum: 2, Failures: []Failure{FailObjection}}},
		{"a non-member's stance does not count", 2, []Stance{st("X", Agree, ""), st("A", Agree, "")},
			Tally{Agree: 1, Taken: 1, Quorum: 2, Missing: []string{"B", "C"}, Failures: []Failure{FailQuorum}}},
		{"a member counts once", 2, []Stance{st("A", Agree, ""), st("A", Agree, "")},
			Tally{Agree: 1, Taken: 1, Quorum: 2, Missing: []string{"B", "C"}, Failures: []Failure{FailQuorum}}},
		{"every condition fails", 3, []Stance{st("A", Object, "no")},
			Tally{Object: 1, Taken: 1, Quorum: 3, Missing: []string{"B", "C"}, Failures: []Failure{FailQuorum, FailNoAgree, FailObjection}}},
		{"full quorum", 3, []Stance{st("A", Agree, ""), st("B", Abstain, ""), st("C", Agree, "")},
			Tally{Agree: 2, Abstain: 1, Taken: 3, Quorum: 3, Consensus: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Count(members, tt.quorum, tt.stances)
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(Tally{}, "Stances"), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("Count (-want +got):\n%s", diff)
			}
			if got.Taken != len(got.Stances) {
				t.Errorf("Taken %d but %d stances listed", got.Taken, len(got.Stances))
			}
		})
	}
}

func TestObjections(t *testing.T) {
	got := Count([]string{"A", "B"}, 1, []Stance{{UserID: "A", Position: Object, Reason: "r1"}, {UserID: "B", Position: Agree}}).Objections()
	if len(got) != 1 || got[0].UserID != "A" || got[0].Reason != "r1" {
		t.Errorf("Objections() = %+v", got)
	}
}

func TestDefaultQuorumIsHalfRoundedUp(t *testing.T) {
	for n, want := range map[int]int{0: 1, 1: 1, 2: 1, 3: 2, 4: 2, 5: 3, 100: 50, 200: 100} {
		g := Group{Members: make([]string, n)}
		if got := g.DefaultQuorum(); got != want {
			t.Errorf("%d members: quorum %d, want %d", n, got, want)
		}
	}
}

// The mandates of polls: who may lead a group's poll, who may take a stance.
func TestPollMandates(t *testing.T) {
	withCoord := Group{Name: "IT-kontrakter", CoordinatorID: "COORD", Members: []string{"COORD", "MEMBER"}}
	without := Group{Name: "IT-systemer", Members: []string{"MEMBER"}}
	sec := Actor{UserID: "SEC", Roles: []Role{RoleSecretariat}}
	steer := Actor{UserID: "STEER", Roles: []Role{RoleSteering}}
	admin := Actor{UserID: "ADMIN", Roles: []Role{RoleAdmin}}
	tests := []struct {
		who          string
		a            Actor
		g            Group
		lead, stance bool
	}{
		{"secretariat", sec, withCoord, true, false},
		{"secretariat, group without coordinator", sec, without, true, false},
		{"coordinator", Actor{UserID: "COORD"}, withCoord, true, true},
		{"member", Actor{UserID: "MEMBER"}, withCoord, false, true},
		{"member, group without coordinator", Actor{UserID: "MEMBER"}, without, false, true},
		{"non-member", Actor{UserID: "OTHER"}, withCoord, false, false},
		{"steering group", steer, withCoord, false, false},
		{"admin", admin, withCoord, false, false},
		{"nobody leads as an empty coordinator", Actor{UserID: ""}, without, false, false},
		{"secretariat who is a member", Actor{UserID: "MEMBER", Roles: []Role{RoleSecretariat}}, withCoord, true, true},
	}
	for _, tt := range tests {
		t.Run(tt.who, func(t *testing.T) {
			if err := CanLead(tt.a, tt.g); (err == nil) != tt.lead || (err != nil && KindOf(err) != Forbidden) {
				t.Errorf("CanLead = %v, want allowed %v", err, tt.lead)
			}
			err := CanTakeStance(tt.a, Poll{Electorate: tt.g.Members}, tt.g)
			if (err == nil) != tt.stance {
				t.Errorf("CanTakeStance = %v, want allowed %v", err, tt.stance)
			}
			if e, ok := AsError(err); err != nil && (!ok || e.Kind != Forbidden || e.Msg != "err.forbidden.member") {
				t.Errorf("CanTakeStance refused with %v, want err.forbidden.member", err)
			}
		})
	}
}

// The electorate decides who takes a stance, not today's members (issue 9, item 1).
func TestCanTakeStanceElectorate(t *testing.T) {
	g := Group{Name: "IT-kontrakter", Members: []string{"STAYED", "LATE"}}
	p := Poll{Electorate: []string{"STAYED", "REMOVED"}}
	for _, tt := range []struct {
		user, want string
	}{
		{"STAYED", ""},
		{"REMOVED", ""},
		{"LATE", "err.poll.not_electorate"},
		{"OTHER", "err.forbidden.member"},
	} {
		err := CanTakeStance(Actor{UserID: tt.user}, p, g)
		got := ""
		if e, ok := AsError(err); ok && e.Kind == Forbidden {
			got = e.Msg
		} else if err != nil {
			t.Errorf("%s: %v, want a forbidden error", tt.user, err)
		}
		if got != tt.want {
			t.Errorf("%s: refused with %q, want %q", tt.user, got, tt.want)
		}
	}
}

func TestWithStance(t *testing.T) {
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	old := []Stance{{UserID: "A", Position: Agree}, {UserID: "B", Position: Object, Reason: "no"}}
	got := withStance(old, Stance{UserID: "B", Position: Agree, At: at})
	want := []Stance{{UserID: "A", Position: Agree}, {UserID: "B", Position: Agree, At: at}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("changed stance (-want +got):\n%s", diff)
	}
	if old[1].Position != Object {
		t.Errorf("withStance changed its input")
	}
	got = withStance(old, Stance{UserID: "C", Position: Abstain})
	if len(got) != 3 || got[2].UserID != "C" {
		t.Errorf("new stance not added at the end: %+v", got)
	}
	if !sameStance(old, Stance{UserID: "B", Position: Object, Reason: "no"}) || sameStance(old, Stance{UserID: "B", Position: Object, Reason: "other"}) ||
		sameStance(old, Stance{UserID: "C", Position: Agree}) {
		t.Errorf("sameStance is wrong")
	}
}
