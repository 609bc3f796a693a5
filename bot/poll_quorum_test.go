package bot

import (
	"strconv"
	"strings"
	"testing"
)

var quorumCases = []struct {
	in   string
	want int
	ok   bool
}{
	{"2", 2, true},
	{" 3 ", 3, true},
	{"0003", 3, true},
	{"9999", 9999, true},
	{"", 0, false},
	{"0", 0, false},
	{"-1", 0, false}, // issue 9, item 2: a quorum is never below one
	{"+2", 0, false},
	{"1.5", 0, false},
	{"2,0", 0, false},
	{"two", 0, false},
	{"10000", 0, false}, // the field takes four digits
	{"٣", 0, false},     // digits of another script
	{"1 2", 0, false},
}

func TestParseQuorum(t *testing.T) {
	for _, c := range quorumCases {
		got, ok := parseQuorum(c.in)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseQuorum(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

// FuzzParseQuorum: a quorum read is a whole number from 1 to 9999 written in ASCII
// digits, and reads back from its own decimal form; anything else is refused.
func FuzzParseQuorum(f *testing.F) {
	for _, c := range quorumCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, ok := parseQuorum(s)
		if !ok {
			return
		}
		if q < 1 || q > 9999 {
			t.Fatalf("parseQuorum(%q) = %d", s, q)
		}
		if strings.TrimLeft(strings.TrimSpace(s), "0") != strconv.Itoa(q) {
			t.Fatalf("parseQuorum(%q) = %d, which is not what was written", s, q)
		}
		if again, ok := parseQuorum(strconv.Itoa(q)); !ok || again != q {
			t.Fatalf("%d does not read back: %d, %v", q, again, ok)
		}
	})
}
