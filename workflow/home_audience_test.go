package workflow

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestAudienceOf(t *testing.T) {
	kontrakt := &Group{Key: "kontrakt", CoordinatorID: "UCOORD", Members: []string{"UCOORD", "UA", "UB"}}
	orphan := &Group{Key: "system", Members: []string{"UC"}} // no coordinator
	poll := &Poll{ID: 7, GroupKey: "kontrakt", Electorate: []string{"UCOORD", "UA"}}
	wish := func(s State) *Wish { return &Wish{ID: 1, SubmitterID: "USUB", Group: "kontrakt", State: s} }
	tests := []struct {
		name string
		e    Event
		w    *Wish
		p    *Poll
		g    *Group
		want HomeAudience
	}{
		{"a stance changes the stance-taker's list only", Event{Kind: EvStanceTaken, Actor: "UA", PollID: 7}, wish(StateInAssessment), poll, kontrakt,
			HomeAudience{Users: []string{"UA"}}},
		{"a poll started reaches its electorate only", Event{Kind: EvPollStarted, PollID: 7}, wish(StateInAssessment), poll, kontrakt,
			HomeAudience{Users: []string{"UCOORD", "UA"}}},
		{"a poll closed reaches its electorate only", Event{Kind: EvPollClosed, PollID: 7}, nil, poll, kontrakt,
			HomeAudience{Users: []string{"UCOORD", "UA"}}},
		{"a poll unknown reaches everyone", Event{Kind: EvPollClosed, PollID: 7}, nil, nil, nil, HomeAudience{Everyone: true}},
		{"submitted: the submitter and the secretariat", Event{Kind: EvWishSubmitted}, &Wish{SubmitterID: "USUB", State: StateSubmitted}, nil, nil,
			HomeAudience{Users: []string{"USUB"}, Roles: []Role{RoleSecretariat}}},
		{"routed: the coordinator joins", Event{Kind: EvWishMoved, From: StateSubmitted, To: StateInAssessment}, wish(StateInAssessment), nil, kontrakt,
			HomeAudience{Users: []string{"USUB", "UCOORD"}, Roles: []Role{RoleSecretariat}}},
		{"routed to a group without coordinator: the secretariat convenes it", Event{Kind: EvWishMoved, From: StateNeedsInfo, To: StateInAssessment},
			&Wish{SubmitterID: "USUB", Group: "system", State: StateInAssessment}, nil, orphan,
			HomeAudience{Users: []string{"USUB"}, Roles: []Role{RoleSecretariat}}},
		{"recommended: the steering group", Event{Kind: EvWishMoved, From: StateEstimated, To: StateRecommended}, wish(StateRecommended), nil, kontrakt,
			HomeAudience{Users: []string{"USUB"}, Roles: []Role{RoleSecretariat, RoleSteering}}},
		{"declined from needs info: the submitter only", Event{Kind: EvWishMoved, From: StateNeedsInfo, To: StateDeclined}, wish(StateDeclined), nil, nil,
			HomeAudience{Users: []string{"USUB"}}},
		{"an initiative decided", Event{Kind: EvInitiativeDecided}, nil, nil, nil, HomeAudience{Roles: []Role{RoleSecretariat, RoleSteering}}},
		{"followed: no Home", Event{Kind: EvWishFollowed}, wish(StateSubmitted), nil, nil, HomeAudience{}},
		{"supported: no Home", Event{Kind: EvWishSupported, Actor: "UA"}, wish(StateInAssessment), nil, kontrakt, HomeAudience{}},
		{"dots given: no Home", Event{Kind: EvDotsGiven, Actor: "UA", GroupKey: "kontrakt"}, nil, nil, kontrakt, HomeAudience{}},
		{"ranks adopted: anyone's (the group's backlog, its submitters' wishes)", Event{Kind: EvRanksAdopted, GroupKey: "kontrakt"},
			nil, nil, kontrakt, HomeAudience{Everyone: true}},
		{"a member added: anyone's", Event{Kind: EvMemberAdded}, nil, nil, kontrakt, HomeAudience{Everyone: true}},
		{"a kind not known: anyone's", Event{Kind: "meeting.convened"}, nil, nil, nil, HomeAudience{Everyone: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AudienceOf(tt.e, tt.w, tt.p, tt.g)
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("AudienceOf (-want +got):\n%s", diff)
			}
		})
	}
}

// TestAudienceOfOneGroupsPoll: a change to one group's poll reaches that group's
// members and nobody of another group, whatever roles they hold.
func TestAudienceOfOneGroupsPoll(t *testing.T) {
	p := &Poll{ID: 3, GroupKey: "kontrakt", Electorate: []string{"UA", "UB"}}
	for _, k := range []EventKind{EvPollStarted, EvStanceTaken, EvPollClosed} {
		h := AudienceOf(Event{Kind: k, PollID: 3, Actor: "UA"}, nil, p, &Group{Key: "kontrakt", Members: p.Electorate})
		for _, other := range []struct {
			user  string
			roles []Role
		}{{"UOTHER", nil}, {"USEC", []Role{RoleSecretariat}}, {"USTEER", []Role{RoleSteering}}} {
			if h.Includes(other.user, other.roles) {
				t.Errorf("%s reaches %s of another group", k, other.user)
			}
		}
		if !h.Includes("UA", nil) {
			t.Errorf("%s does not reach the member who acted", k)
		}
	}
}
