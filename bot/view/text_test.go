package view

import (
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// entity is one escaped character, as Slack reads it.
var entity = regexp.MustCompile(`&(amp|lt|gt);`)

// FuzzEscape: escaped text has no < or > (so no <!channel>, <@U…>, <#C…> or
// <url|label>), every & begins one of Slack's three entities, unescaping gives the text
// back, and clipping never cuts an entity or exceeds its length.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "plain", "<!channel>", "<!here|here>", "<@U0ANNA001>", "<#C0KONT001|kitos>",
		"<https://evil.example|https://kitos.dk>", "&lt;already&gt;", "a & b", "&amp;&", "1 < 2 > 0", "line\nline",
		"*bold* _it_ ~s~ `code`", "æøå ÆØÅ “”", strings.Repeat("&", 50), strings.Repeat("<", 200)} {
		f.Add(s, 30)
	}
	unesc := strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&")
	f.Fuzz(func(t *testing.T, s string, n int) {
		e := Esc(s)
		if strings.ContainsAny(e, "<>") {
			t.Fatalf("esc(%q) = %q has < or >", s, e)
		}
		if strings.Count(e, "&") != len(entity.FindAllString(e, -1)) {
			t.Fatalf("esc(%q) = %q has a bare &", s, e)
		}
		if unesc.Replace(e) != s {
			t.Fatalf("esc(%q) = %q does not unescape to the text", s, e)
		}
		n = 1 + (n&0x7fffffff)%300
		for _, out := range []string{Clip(s, n), Quote(s, n), NoteSuffix(s, n)} {
			if strings.ContainsAny(out, "<") || strings.Contains(strings.TrimPrefix(strings.ReplaceAll(out, "\n>", "\n"), ">"), ">") {
				t.Fatalf("clip/quote/note of %q = %q has a control character", s, out)
			}
			if strings.Count(out, "&") != len(entity.FindAllString(out, -1)) {
				t.Fatalf("clip/quote/note of %q (%d) = %q cuts an entity", s, n, out)
			}
		}
		if c := Clip(s, n); utf8.RuneCountInString(c) > n {
			t.Fatalf("Clip(%q, %d) = %q is longer", s, n, c)
		}
	})
}

var clipMoreCases = []struct {
	s    string
	n    int
	want string
}{
	{"short", 40, "short"},
	{"a <b> & c", 40, "a &lt;b&gt; &amp; c"},
	{"the quick brown fox jumps over the lazy dog", 30, "the quick brown fox… MORE"},
	{strings.Repeat("<", 20), 30, strings.Repeat("&lt;", 6) + "… MORE"},
	{"word " + strings.Repeat("&", 30), 30, "word &amp;&amp;&amp;… MORE"},
}

// TestClipMore: a text is measured after escaping, cut at a word with "…" and the
// pointer to the full text, never silently and never inside an entity (issue 12: 3,000
// "<" showed as about 700 with nothing said).
func TestClipMore(t *testing.T) {
	for _, c := range clipMoreCases {
		if got := ClipMore(c.s, c.n, "MORE"); got != c.want {
			t.Errorf("ClipMore(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

// FuzzClipMore: never over the limit, never cuts an entity, never drops text silently,
// and what is kept is the beginning of the escaped text; SplitEscaped's parts are each
// within the limit and together the whole escaped text.
func FuzzClipMore(f *testing.F) {
	for _, c := range clipMoreCases {
		f.Add(c.s, c.n)
	}
	f.Add(strings.Repeat("<", 3000), 2800)
	f.Add(strings.Repeat("a&b ", 900), 2800)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n = 20 + (n&0x7fffffff)%3000
		e := string([]rune(Esc(s))) // invalid UTF-8 comes back as U+FFFD
		out := ClipMore(s, n, "MORE")
		if utf8.RuneCountInString(out) > n {
			t.Fatalf("ClipMore(%q, %d) = %q is over the limit", s, n, out)
		}
		if strings.Count(out, "&") != len(entity.FindAllString(out, -1)) {
			t.Fatalf("ClipMore(%q, %d) = %q cuts an entity", s, n, out)
		}
		if out != e {
			kept, ok := strings.CutSuffix(out, "… MORE")
			if !ok {
				t.Fatalf("ClipMore(%q, %d) = %q drops text silently", s, n, out)
			}
			if !strings.HasPrefix(e, kept) {
				t.Fatalf("ClipMore(%q, %d) = %q keeps what is not the text's beginning", s, n, out)
			}
		}
		parts := SplitEscaped(s, n)
		if strings.Join(parts, "") != e {
			t.Fatalf("SplitEscaped(%q, %d) = %q loses text", s, n, parts)
		}
		for _, p := range parts {
			if utf8.RuneCountInString(p) > n || strings.Count(p, "&") != len(entity.FindAllString(p, -1)) {
				t.Fatalf("SplitEscaped(%q, %d) part %q is over the limit or cuts an entity", s, n, p)
			}
		}
	})
}

// TestWithNote: no stray punctuation before a quoted note (issue 12: "(by @mette).: _moving_").
func TestWithNote(t *testing.T) {
	for _, c := range []struct{ text, note, want string }{
		{"Moved (by @mette).", "moving", "Moved (by @mette): _moving_"},
		{"Moved (by @mette).", "", "Moved (by @mette)."},
		{"Estimate 1 (by @mette, today)", "a <b>", "Estimate 1 (by @mette, today): _a &lt;b&gt;_"},
	} {
		if got := WithNote(c.text, c.note, 100); got != c.want {
			t.Errorf("WithNote(%q, %q) = %q, want %q", c.text, c.note, got, c.want)
		}
	}
}
