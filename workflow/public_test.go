package workflow_test

import (
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

func TestPublicEvent(t *testing.T) {
	cases := []struct {
		name     string
		e        workflow.Event
		public   bool
		wantNote string
	}{
		{"a move keeps its note", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateDeclined, Note: "out of scope"}, true, "out of scope"},
		{"the question of a move to needs_info", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateNeedsInfo, Note: "budget?"}, true, ""},
		{"a note marked private", workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateSubmitted, Note: "x", Data: map[string]string{"private": "note"}}, true, ""},
		{"a stance", workflow.Event{Kind: workflow.EvStanceTaken, Note: "my reason"}, false, ""},
		{"a follow", workflow.Event{Kind: workflow.EvWishFollowed}, false, ""},
		{"a reminder", workflow.Event{Kind: workflow.EvReminderSent}, false, ""},
		{"a role", workflow.Event{Kind: workflow.EvRoleAdded}, false, ""},
		{"an estimate", workflow.Event{Kind: workflow.EvEstimate, Note: "supplier's note"}, true, "supplier's note"},
		{"a submission", workflow.Event{Kind: workflow.EvWishSubmitted}, true, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := workflow.PublicEvent(tc.e)
			if ok != tc.public || got.Note != tc.wantNote {
				t.Errorf("PublicEvent = %v, note %q; want %v, %q", ok, got.Note, tc.public, tc.wantNote)
			}
		})
	}
}

func TestAnnounced(t *testing.T) {
	for _, tc := range []struct {
		e    workflow.Event
		want bool
	}{
		{workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StatePrioritised}, true},
		{workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateApproved}, true},
		{workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateDelivered}, true},
		{workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateNeedsInfo}, false},
		{workflow.Event{Kind: workflow.EvWishMoved, To: workflow.StateInAssessment}, false},
		{workflow.Event{Kind: workflow.EvPollClosed, To: workflow.StatePrioritised}, false},
	} {
		if got := workflow.Announced(tc.e); got != tc.want {
			t.Errorf("Announced(%s to %s) = %v", tc.e.Kind, tc.e.To, got)
		}
	}
}

func TestWhoDid(t *testing.T) {
	w := workflow.Wish{SubmitterID: "USUB"}
	moved := func(to workflow.State, actor string, data map[string]string) workflow.Event {
		return workflow.Event{Kind: workflow.EvWishMoved, To: to, Actor: actor, Data: data}
	}
	for _, tc := range []struct {
		name string
		e    workflow.Event
		want workflow.Who
	}{
		{"submitted", workflow.Event{Kind: workflow.EvWishSubmitted, Actor: "USUB"}, workflow.WhoSubmitter},
		{"edited back", moved(workflow.StateSubmitted, "USUB", nil), workflow.WhoSubmitter},
		{"withdrawn", moved(workflow.StateWithdrawn, "USUB", nil), workflow.WhoSubmitter},
		{"routed", moved(workflow.StateInAssessment, "USEC", nil), workflow.WhoSecretariat},
		{"by consensus", moved(workflow.StatePrioritised, "UCOORD", map[string]string{"poll": "3"}), workflow.WhoConsensus},
		{"approved", moved(workflow.StateApproved, "USTEER", nil), workflow.WhoSteering},
		{"not approved", moved(workflow.StateNotApproved, "USTEER", nil), workflow.WhoSteering},
		{"specified", moved(workflow.StateSpecified, "UCOORD", nil), workflow.WhoGroup},
		{"poll started", workflow.Event{Kind: workflow.EvPollStarted, Actor: "UCOORD"}, workflow.WhoGroup},
		{"deadline", moved(workflow.StateInAssessment, "system", nil), workflow.WhoSystem},
		{"planned", moved(workflow.StatePlanned, "USEC", nil), workflow.WhoSecretariat},
		{"estimate", workflow.Event{Kind: workflow.EvEstimate, Actor: "USEC"}, workflow.WhoSecretariat},
	} {
		if got := workflow.WhoDid(tc.e, w); got != tc.want {
			t.Errorf("%s: WhoDid = %s, want %s", tc.name, got, tc.want)
		}
	}
}

var parseQueryCases = []struct{ in, want string }{
	{"", ""},
	{"  alarm  ", "alarm"},
	{"notice\tperiod\n alarm", "notice period alarm"},
	{"100%_\\", "100%_\\"},
}

func TestParseQuery(t *testing.T) {
	for _, tc := range parseQueryCases {
		if got := workflow.ParseQuery(tc.in); got != tc.want {
			t.Errorf("ParseQuery(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := workflow.ParseQuery(string(make([]rune, 300)) + "æøå")
	if n := len([]rune(long)); n > 100 {
		t.Errorf("a long query keeps %d characters", n)
	}
}

// FuzzParseQuery: any text is a query of at most 100 characters without runs of
// spaces, and cleaning it again changes nothing.
func FuzzParseQuery(f *testing.F) {
	for _, tc := range parseQueryCases {
		f.Add(tc.in)
	}
	f.Add("<script>alert(1)</script>")
	f.Add("\xff\xfe æ")
	f.Fuzz(func(t *testing.T, s string) {
		q := workflow.ParseQuery(s)
		if len([]rune(q)) > 100 || strings.Contains(q, "  ") || strings.TrimSpace(q) != q {
			t.Fatalf("ParseQuery(%q) = %q", s, q)
		}
		if again := workflow.ParseQuery(q); again != q {
			t.Fatalf("not idempotent: %q then %q", q, again)
		}
	})
}
