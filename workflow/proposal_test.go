package workflow

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestCheckProposal: a poll's proposal must be one its consensus can apply as its
// message says (on a wish: prioritise at a known priority, or reject; without a wish:
// free). Review finding R1: an empty or unknown proposal read as a free question yet
// rejected the wish on consensus.
func TestCheckProposal(t *testing.T) {
	tests := []struct {
		name string
		in   PollInput
		want string // the error's catalog key; "" for accepted
	}{
		{"prioritise high", PollInput{WishID: 1, Proposal: ProposePrioritise, Priority: PriorityHigh}, ""},
		{"prioritise low", PollInput{WishID: 1, Proposal: ProposePrioritise, Priority: PriorityLow}, ""},
		{"reject", PollInput{WishID: 1, Proposal: ProposeReject, Text: "No."}, ""},
		{"free without a wish", PollInput{GroupKey: "k", Proposal: ProposeFree, Text: "Tuesdays?"}, ""},
		{"empty proposal on a wish", PollInput{WishID: 1}, "err.poll.proposal"},
		{"unknown proposal on a wish", PollInput{WishID: 1, Proposal: "bogus"}, "err.poll.proposal"},
		{"free on a wish", PollInput{WishID: 1, Proposal: ProposeFree}, "err.poll.proposal"},
		{"almost free on a wish", PollInput{WishID: 1, Proposal: "freex"}, "err.poll.proposal"},
		{"prioritise without a wish", PollInput{GroupKey: "k", Proposal: ProposePrioritise, Priority: PriorityHigh}, "err.poll.proposal"},
		{"reject without a wish", PollInput{GroupKey: "k", Proposal: ProposeReject}, "err.poll.proposal"},
		{"empty without a wish", PollInput{GroupKey: "k"}, "err.poll.proposal"},
		{"prioritise without a priority", PollInput{WishID: 1, Proposal: ProposePrioritise}, "err.poll.priority"},
		{"prioritise at an unknown priority", PollInput{WishID: 1, Proposal: ProposePrioritise, Priority: "urgent!"}, "err.poll.priority"},
		{"prioritise at a priority in capitals", PollInput{WishID: 1, Proposal: ProposePrioritise, Priority: "HIGH"}, "err.poll.priority"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := checkProposal(tt.in)
			got := ""
			if e, ok := AsError(err); ok {
				if e.Kind != Invalid {
					t.Errorf("kind %v, want Invalid", e.Kind)
				}
				got = e.Msg
			} else if err != nil {
				t.Fatalf("err %v is no *Error", err)
			}
			if got != tt.want {
				t.Errorf("checkProposal(%+v) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestCountQuorumIsAtLeastHalfOfTheElectorate: whatever quorum a poll carries (an
// older release stored 1 for a group of three; review finding R2), Count counts at
// least half of the electorate, rounded up.
func TestCountQuorumIsAtLeastHalfOfTheElectorate(t *testing.T) {
	agree := func(users ...string) []Stance {
		var out []Stance
		for _, u := range users {
			out = append(out, Stance{UserID: u, Position: Agree})
		}
		return out
	}
	tests := []struct {
		name          string
		electorate    []string
		quorum        int
		stances       []Stance
		wantQuorum    int
		wantConsensus bool
	}{
		{"quorum 1 of 3 is raised to 2", []string{"A", "B", "C"}, 1, agree("A"), 2, false},
		{"raised quorum reached", []string{"A", "B", "C"}, 1, agree("A", "B"), 2, true},
		{"quorum 0 of 4 is raised to 2", []string{"A", "B", "C", "D"}, 0, agree("A"), 2, false},
		{"a higher quorum stays", []string{"A", "B", "C"}, 3, agree("A", "B"), 3, false},
		{"one member", []string{"A"}, 0, agree("A"), 1, true},
		{"quorum 2 of 5 is raised to 3", []string{"A", "B", "C", "D", "E"}, 2, agree("A", "B"), 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Count(tt.electorate, tt.quorum, tt.stances)
			if diff := cmp.Diff([]any{tt.wantQuorum, tt.wantConsensus}, []any{got.Quorum, got.Consensus}); diff != "" {
				t.Errorf("Count quorum, consensus (-want +got):\n%s", diff)
			}
		})
	}
}
