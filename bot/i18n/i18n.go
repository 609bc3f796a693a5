package i18n

import (
	"fmt"
	"sort"
	"strings"
)

// Lang is a language of the interface.
type Lang string

// The languages Tovholder speaks.
const (
	English Lang = "en"
	Danish  Lang = "da"
)

// ParseLang reads a language setting ("en", "da") or a Slack locale ("da-DK").
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	switch {
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		return English, true
	case s == "da" || strings.HasPrefix(s, "da-") || strings.HasPrefix(s, "da_"):
		return Danish, true
	}
	return "", false
}

// Text is one entry of the message catalog in both languages. Both are fmt formats
// taking the same arguments; a test checks that every entry has both.
type Text struct{ En, Da string }

// Messages is a part of the catalog: one per feature, merged into catalog.
type Messages map[string]Text

// parts are the catalog's parts, one per area, each in its own file. This list is the
// one place a further part is added (the public web pages' words, say): write the part
// in a file of this package and name it here; a duplicate key stops the program at start.
var parts = []Messages{
	coreMessages, intakeMessages, adminMessages, triageMessages, pollMessages,
	pipelineMessages, reminderMessages, homeMessages, importMessages, webMessages, meetingMessages,
	consultMessages, supportMessages,
}

// catalog is every user-facing string.
var catalog = mergeMessages(parts...)

func mergeMessages(parts ...Messages) Messages {
	out := Messages{}
	for _, p := range parts {
		for k, v := range p {
			if _, dup := out[k]; dup {
				panic("message catalog: duplicate key " + k)
			}
			out[k] = v
		}
	}
	return out
}

// T says key in lang with args. A missing key is a bug a test catches; at run time it
// shows the key rather than nothing.
func T(lang Lang, key string, args ...any) string {
	t, ok := catalog[key]
	if !ok {
		return key
	}
	f := t.En
	if lang == Danish {
		f = t.Da
	}
	if len(args) == 0 {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// N says key in lang for a count of n: the entry key+".one" when n is 1 (or -1), and
// key+".many" otherwise; English and Danish both have just these two forms, and 0 is
// plural in both ("0 hours", "0 timer"). The format gets n as its first argument and
// then args, so a form may show n as %d, or leave it out or reorder with %[2]s.
func N(lang Lang, key string, n int, args ...any) string {
	form := ".many"
	if n == 1 || n == -1 {
		form = ".one"
	}
	return T(lang, key+form, append([]any{n}, args...)...)
}

// Has reports whether the catalog has key.
func Has(key string) bool {
	_, ok := catalog[key]
	return ok
}

// Keys returns every key of the catalog, sorted.
func Keys() []string {
	keys := make([]string, 0, len(catalog))
	for k := range catalog {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Lookup returns the entry of key in both languages.
func Lookup(key string) (Text, bool) {
	t, ok := catalog[key]
	return t, ok
}

// ErrorArgs prepares the arguments of the error message key for T: an argument that
// names a state or a role (errArgs) is said in lang, any other string goes through
// quote (the transport's escaping), and the rest is left as it is.
func ErrorArgs(lang Lang, key string, args []any, quote func(string) string) []any {
	prefixes := errArgs[key]
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = a
		if s, ok := a.(string); ok {
			if i < len(prefixes) && prefixes[i] != "" {
				out[i] = T(lang, prefixes[i]+s)
			} else {
				out[i] = quote(s)
			}
		}
	}
	return out
}
