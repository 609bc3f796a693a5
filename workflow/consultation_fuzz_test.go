package workflow_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/os2kitos/tovholder/workflow"
)

// FuzzProposalInputParse: a proposal is refused or parsed into exactly what was typed:
// a known kind, the amount ParseAmount reads, only valid links, trimmed text.
func FuzzProposalInputParse(f *testing.F) {
	f.Add("Hire", "A second consultant", "organisation", "", "https://os2.eu", false)
	f.Add("Budget", "2028", "economy", "250.000,50 kr.", "", true)
	f.Add("Budget", "2028", "economy", "250,000.50", "", false)
	f.Add("B", "T", "economy", "1.5.0", "", false)
	f.Add("B", "T", "party", "12,345", "ftp://x", false)
	f.Add(" ", "\n", "other", "-5", "javascript:alert(1)", false)
	f.Add("<!channel> *x*", "<@U1|boss>", "development", "1e9", "https://a.dk/<x>", false)
	f.Fuzz(func(t *testing.T, title, text, kind, amount, link string, internal bool) {
		in := workflow.ProposalInput{Title: title, Text: text, Kind: kind, Amount: amount, Links: []string{link}, Internal: internal}
		p, errs := in.Parse()
		if errs != nil {
			return
		}
		if _, ok := workflow.ParseProposalKind(kind); !ok || p.Kind != workflow.ProposalKind(strings.TrimSpace(kind)) {
			t.Fatalf("kind %q accepted as %q", kind, p.Kind)
		}
		if p.Title == "" || p.Title != strings.TrimSpace(title) || utf8.RuneCountInString(p.Title) > workflow.MaxTitle {
			t.Fatalf("title %q from %q", p.Title, title)
		}
		if strings.TrimSpace(amount) != "" {
			want, err := workflow.ParseAmount(amount)
			if err != nil || want != p.Amount || p.Amount < 0 {
				t.Fatalf("amount %q parsed as %d, ParseAmount says %d, %v", amount, p.Amount, want, err)
			}
		} else if p.Amount != 0 {
			t.Fatalf("no amount read as %d", p.Amount)
		}
		for _, l := range p.Links {
			if !workflow.ValidLink(l) || strings.ContainsAny(l, "\n<>|") {
				t.Fatalf("link %q accepted", l)
			}
		}
		if p.Internal != internal || p.State != workflow.ProposalPending {
			t.Fatalf("proposal %+v", p)
		}
	})
}

// FuzzCheckAnswer: concerns are never accepted without a reason, and a reason comes
// back trimmed and within bounds.
func FuzzCheckAnswer(f *testing.F) {
	for _, a := range []string{"support", "concerns", "no_opinion", "agree", ""} {
		f.Add(a, "")
		f.Add(a, "  Too costly \n")
	}
	f.Add("concerns", " \t\n")
	f.Fuzz(func(t *testing.T, ans, reason string) {
		got, err := workflow.CheckAnswer(workflow.Answer(ans), reason)
		if err != nil {
			return
		}
		if _, ok := workflow.ParseAnswer(ans); !ok {
			t.Fatalf("answer %q accepted", ans)
		}
		if got != strings.TrimSpace(reason) || utf8.RuneCountInString(got) > workflow.MaxNote {
			t.Fatalf("reason %q from %q", got, reason)
		}
		if workflow.Answer(ans) == workflow.AnswerConcerns && got == "" {
			t.Fatal("concerns accepted without a reason")
		}
	})
}

// FuzzParseDecisionFilter: /tovholder decisions takes exactly its three filters, in
// any case and spacing, and refuses anything else.
func FuzzParseDecisionFilter(f *testing.F) {
	for _, s := range []string{"", "steering", "consultations", " Steering ", "STEERING\t", "høringer", "steering consultations", "\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := workflow.ParseDecisionFilter(s)
		want := strings.ToLower(strings.TrimSpace(s))
		switch {
		case ok && string(got) != want:
			t.Fatalf("%q read as %q", s, got)
		case ok != (want == "" || want == "steering" || want == "consultations"):
			t.Fatalf("%q: ok = %v", s, ok)
		}
	})
}

// FuzzValidLink: a link that is accepted is an http(s) address Slack shows as a link:
// no space, no <, >, | that would break out of <url|label>.
func FuzzValidLink(f *testing.F) {
	for _, s := range []string{"https://os2.eu/x", "http://a.dk", "javascript:alert(1)", "https://a.dk/<x>", "https://a.dk|b",
		"https://", "ftp://a.dk", "https://a.dk/ b", "HTTPS://A.DK", "https://a.dk/\nx"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !workflow.ValidLink(s) {
			return
		}
		if strings.ContainsAny(s, " \t\n<>|") || len(s) > 1000 || !(strings.HasPrefix(strings.ToLower(s), "http://") || strings.HasPrefix(strings.ToLower(s), "https://")) {
			t.Fatalf("%q accepted", s)
		}
	})
}
