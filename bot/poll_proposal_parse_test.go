package bot

import (
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

var proposalCases = []struct {
	in       string
	proposal workflow.Proposal
	priority workflow.Priority
	ok       bool
}{
	{"reject", workflow.ProposeReject, "", true},
	{"prioritise:high", workflow.ProposePrioritise, workflow.PriorityHigh, true},
	{"prioritise:medium", workflow.ProposePrioritise, workflow.PriorityMedium, true},
	{"prioritise:low", workflow.ProposePrioritise, workflow.PriorityLow, true},
	{"", "", "", false}, // nothing chosen: review finding R1
	{"free", "", "", false},
	{"bogus", "", "", false},
	{"prioritise:", "", "", false},
	{"prioritise:urgent!", "", "", false},
	{"prioritise:HIGH", "", "", false},
	{"prioritise", "", "", false},
	{" reject", "", "", false},
}

func TestParseProposal(t *testing.T) {
	for _, c := range proposalCases {
		p, pr, ok := parseProposal(c.in)
		if p != c.proposal || pr != c.priority || ok != c.ok {
			t.Errorf("parseProposal(%q) = %q, %q, %v; want %q, %q, %v", c.in, p, pr, ok, c.proposal, c.priority, c.ok)
		}
	}
}

// FuzzParseProposal: whatever the radio sends, a proposal read is one a poll on a
// wish can apply (reject, or prioritise at a known priority) and is exactly one of
// the modal's option values; anything else is refused.
func FuzzParseProposal(f *testing.F) {
	for _, c := range proposalCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, pr, ok := parseProposal(s)
		if !ok {
			if p != "" || pr != "" {
				t.Fatalf("parseProposal(%q) refused but returned %q, %q", s, p, pr)
			}
			return
		}
		switch {
		case p == workflow.ProposeReject && pr == "" && s == "reject":
		case p == workflow.ProposePrioritise && pr.Known() && s == "prioritise:"+string(pr):
		default:
			t.Fatalf("parseProposal(%q) = %q, %q", s, p, pr)
		}
	})
}
