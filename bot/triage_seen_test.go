package bot

import (
	"strconv"
	"testing"

	"github.com/os2kitos/tovholder/bot/view"
	"github.com/os2kitos/tovholder/workflow"
)

var seenCases = []struct {
	in  string
	id  int64
	rev workflow.Revision
	ok  bool
}{
	{"12@3", 12, 3, true},
	{"1@1", 1, 1, true},
	{"12", 12, 0, true}, // a card posted before revisions: no revision known
	{"12@", 0, 0, false},
	{"12@0", 0, 0, false},
	{"12@-1", 0, 0, false},
	{"12@x", 0, 0, false},
	{"12@3@4", 0, 0, false},
	{"@3", 0, 0, false},
	{"", 0, 0, false},
	{"0@1", 0, 0, false},
	{"-1", 0, 0, false},
	{" 12@3", 0, 0, false},
	{"12@99999999999999999999", 0, 0, false},
	{"01", 0, 0, false}, // found by FuzzParseSeen: not as written
	{"+1", 0, 0, false},
	{"12@03", 0, 0, false},
}

func TestParseSeen(t *testing.T) {
	for _, c := range seenCases {
		id, rev, ok := parseSeen(c.in)
		if ok != c.ok || (ok && (id != c.id || rev != c.rev)) {
			t.Errorf("parseSeen(%q) = %d, %d, %v; want %d, %d, %v", c.in, id, rev, ok, c.id, c.rev, c.ok)
		}
	}
	w := workflow.Wish{ID: 42, Revision: 7}
	if id, rev, ok := parseSeen(view.SeenValue(w)); !ok || id != 42 || rev != 7 {
		t.Errorf("seenValue %q reads back as %d, %d, %v", view.SeenValue(w), id, rev, ok)
	}
}

// FuzzParseSeen: a triage button's value or a modal's private_metadata read is a
// positive wish number with a positive revision, or none (0) for a bare number, and
// it is exactly what view.SeenValue (or the bare number) writes; anything else is refused.
func FuzzParseSeen(f *testing.F) {
	for _, c := range seenCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, rev, ok := parseSeen(s)
		if !ok {
			return
		}
		if id <= 0 || rev < 0 {
			t.Fatalf("parseSeen(%q) = %d, %d", s, id, rev)
		}
		want := strconv.FormatInt(id, 10)
		if rev != 0 {
			want = view.SeenValue(workflow.Wish{ID: id, Revision: rev})
		}
		if s != want {
			t.Fatalf("parseSeen(%q) = %d, %d, which writes as %q", s, id, rev, want)
		}
	})
}
