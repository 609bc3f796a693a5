package web

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/os2kitos/tovholder/workflow"
)

var listQueryCases = []struct {
	raw  string
	ok   bool
	page int
}{
	{"", true, 1},
	{"page=2", true, 2},
	{"page=200000", true, 200000},
	{"page=200001", false, 0},
	{"page=0", false, 0},
	{"page=-1", false, 0},
	{"page=99999999999999999999", false, 0},
	{"page=1e3", false, 0},
	{"state=delivered", true, 1},
	{"state=nonsense", false, 0},
	{"group=kontrakt", true, 1},
	{"group=NO GROUP", false, 0},
	{"cycle=2027.1", true, 1},
	{"cycle=<x>", false, 0},
	{"q=alarm&q=other", false, 0},
	{"q=" + strings.Repeat("x", 2000), false, 0},
	{"q=%ff", false, 0},
	{"q=100%25", true, 1},
}

func TestParseListQuery(t *testing.T) {
	for _, tc := range listQueryCases {
		v, _ := url.ParseQuery(tc.raw)
		f, page, err := parseListQuery(v)
		if (err == nil) != tc.ok || page != tc.page {
			t.Errorf("%.40q: page %d, err %v; want ok %v, page %d", tc.raw, page, err, tc.ok, tc.page)
		}
		if err == nil && f.Offset != (page-1)*workflow.PageSize {
			t.Errorf("%q: offset %d", tc.raw, f.Offset)
		}
	}
}

// FuzzListQuery: any query string is a filter or a 400, never a panic, and an accepted
// filter has a page in range and a known state.
func FuzzListQuery(f *testing.F) {
	for _, tc := range listQueryCases {
		f.Add(tc.raw)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		fl, page, err := parseListQuery(v)
		if err != nil {
			return
		}
		if page < 1 || page > maxPage || fl.Offset < 0 || fl.Limit != workflow.PageSize {
			t.Fatalf("%q: page %d, offset %d", raw, page, fl.Offset)
		}
		if fl.State != "" && !slices.Contains(workflow.States, fl.State) {
			t.Fatalf("%q: unknown state %q", raw, fl.State)
		}
		if len([]rune(fl.Query)) > 100 {
			t.Fatalf("%q: query of %d runes", raw, len([]rune(fl.Query)))
		}
	})
}

func TestParseNumber(t *testing.T) {
	for s, ok := range map[string]bool{"1": true, "42": true, "0": false, "01": false, "abc": false, "-1": false, "": false,
		"99999999999999999999": false, "1e3": false} {
		if _, err := parseNumber(s); (err == nil) != ok {
			t.Errorf("parseNumber(%q): %v", s, err)
		}
	}
}

// FuzzNumber: a wish number in a path is read back exactly, or refused.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"1", "42", "0", "01", "abc", "-1", "99999999999999999999", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := parseNumber(s)
		if err == nil && (n < 1 || strconv.FormatInt(n, 10) != s) {
			t.Fatalf("parseNumber(%q) = %d", s, n)
		}
	})
}

var acceptCases = []struct {
	h    string
	want Lang
}{
	{"", English},
	{"da", Danish},
	{"da-DK,da;q=0.9,en;q=0.8", Danish},
	{"de, en;q=0.5, da;q=0.7", Danish},
	{"en;q=0.1, da;q=0.2", Danish},
	{"da;q=0", English},
	{"da;q=bogus", English},
	{"da;q=1.000", Danish},
	{"da;q=0.", English},
}

func TestAcceptLanguage(t *testing.T) {
	for _, tc := range acceptCases {
		if got := acceptLanguage(tc.h, English); got != tc.want {
			t.Errorf("acceptLanguage(%q) = %s, want %s", tc.h, got, tc.want)
		}
	}
}

// FuzzAcceptLanguage: any header picks a language the pages speak.
func FuzzAcceptLanguage(f *testing.F) {
	for _, tc := range acceptCases {
		f.Add(tc.h)
	}
	f.Fuzz(func(t *testing.T, h string) {
		if l := acceptLanguage(h, English); l != English && l != Danish {
			t.Fatalf("acceptLanguage(%q) = %q", h, l)
		}
	})
}
