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
