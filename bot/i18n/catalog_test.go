package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func TestCatalogIsCompleteInBothLanguages(t *testing.T) {
	for key, text := range catalog {
		if strings.TrimSpace(text.En) == "" || strings.TrimSpace(text.Da) == "" {
			t.Errorf("%s: missing a language: %+v", key, text)
			continue
		}
		if en, da := verbs(text.En), verbs(text.Da); !maps2Equal(en, da) {
			t.Errorf("%s: English takes %v, Danish %v", key, en, da)
		}
	}
}

var verb = regexp.MustCompile(`%(\[(\d+)\])?[-+# 0]*\d*(\.\d+)?([a-zA-Z%])`)

// verbs maps each argument a format uses to its verbs, so that a translation may
// reorder arguments with explicit indexes but must use the same ones.
func verbs(f string) map[int]string {
	out := map[int]string{}
	next := 1
	for _, m := range verb.FindAllStringSubmatch(f, -1) {
		if m[4] == "%" {
			continue
		}
		arg := next
		if m[2] != "" {
			arg, _ = strconv.Atoi(m[2])
		}
		if !strings.Contains(out[arg], m[4]) {
			out[arg] += m[4]
		}
		next = arg + 1
	}
	return out
}

func maps2Equal(a, b map[int]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestVerbs(t *testing.T) {
	for f, want := range map[string]map[int]string{
		"plain":                  {},
		"%d of %s, 100%%":        {1: "d", 2: "s"},
		"#%d is %s; /wish %[1]d": {1: "d", 2: "s"},
		"%[2]s before %[1]d":     {1: "d", 2: "s"},
	} {
		if got := verbs(f); !maps2Equal(got, want) {
			t.Errorf("verbs(%q) = %v, want %v", f, got, want)
		}
	}
}

// keyShape is what a catalog key looks like: dotted lower-case words.
var keyShape = regexp.MustCompile(`^[a-z]+(\.[a-z0-9_]+)+$`)

// keyFuncs take a catalog key: the bot's translators and the workflow's errors.
var keyFuncs = map[string]bool{"T": true, "t": true, "N": true, "sayKey": true, "Errorf": true, "refusal": true}

// source is what the Go files of bot/ and workflow/ say about the catalog.
type source struct {
	used     map[string][]string // key → where it is passed to a translator
	literals map[string]bool     // every string literal that is not a catalog entry's own key
	prefixes []string            // literals ending in ".", joined with a variable part
}

// scanned are the directories whose Go files use the catalog, relative to this
// package: the whole module but this package's own entries, the emulator and test helpers.
var scanned = []string{"..", "../../workflow", "../../cmd", "../../web"}

// skipped are directories under those that do not speak to users through the catalog.
var skipped = map[string]bool{"testdata": true, "i18n": true, "slackemu": true, "bottest": true}

func scanSources(t *testing.T) source {
	t.Helper()
	src := source{used: map[string][]string{}, literals: map[string]bool{}}
	fset := token.NewFileSet()
	for _, root := range scanned {
		if _, err := os.Stat(root); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if name != root && skipped[d.Name()] {
					return filepath.SkipDir
				}
				return nil
			}
			if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				return nil
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				return err
			}
			src.scan(fset, f, strings.HasPrefix(name, "../../workflow"))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return src
}

func (src *source) scan(fset *token.FileSet, f *ast.File, workflow bool) {
	entryKeys := map[*ast.BasicLit]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.KeyValueExpr:
			// A catalog entry, "key": {"English", "Dansk"}, defines its key; it does not use it.
			if k, ok := n.Key.(*ast.BasicLit); ok {
				if c, ok := n.Value.(*ast.CompositeLit); ok && c.Type == nil && len(c.Elts) == 2 {
					entryKeys[k] = true
				}
			}
		case *ast.CallExpr:
			if keyFuncs[funcName(n.Fun)] {
				for _, a := range n.Args {
					if s, ok := stringLit(a); ok && keyShape.MatchString(s) {
						src.used[s] = append(src.used[s], fset.Position(a.Pos()).String())
					}
				}
			}
		case *ast.BasicLit:
			s, ok := stringLit(n)
			if !ok || entryKeys[n] {
				return true
			}
			src.literals[s] = true
			if strings.HasSuffix(s, ".") && keyShape.MatchString(s+"x") {
				src.prefixes = append(src.prefixes, s)
			}
			if workflow && strings.HasPrefix(s, "err.") && keyShape.MatchString(s) {
				// The workflow hands its keys to the bot in errors and field errors.
				src.used[s] = append(src.used[s], fset.Position(n.Pos()).String())
			}
		}
		return true
	})
}

func funcName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		return f.Sel.Name
	}
	return ""
}

func stringLit(e ast.Expr) (string, bool) {
	l, ok := e.(*ast.BasicLit)
	if !ok || l.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(l.Value)
	return s, err == nil
}

func TestEveryKeyUsedInCodeIsInTheCatalog(t *testing.T) {
	src := scanSources(t)
	for key, where := range src.used {
		if !Has(key) && !hasPlural(key) {
			t.Errorf("%s is used but not in the catalog: %v", key, where)
		}
	}
	// Keys made of a prefix and a value need an entry for every value; the bot's own
	// test checks its commands' keys.
	for key, prefixes := range errArgs {
		for _, p := range prefixes {
			if p != "" && !slices.ContainsFunc(catalogKeys(), func(k string) bool { return strings.HasPrefix(k, p) }) {
				t.Errorf("errArgs[%s] translates with %s, which has no entries", key, p)
			}
		}
	}
}

// hasPlural reports whether key has both plural forms, for N.
func hasPlural(key string) bool { return Has(key+".one") && Has(key+".many") }

// pluralBase is the key N is called with for a plural form, or "" for another key.
func pluralBase(key string) string {
	for _, form := range []string{".one", ".many"} {
		if base, ok := strings.CutSuffix(key, form); ok {
			return base
		}
	}
	return ""
}

// Every plural form has its sibling, so that N never shows a key, and no entry is both
// a plain key and a plural one.
func TestPluralsHaveBothForms(t *testing.T) {
	for _, key := range catalogKeys() {
		base := pluralBase(key)
		if base == "" {
			continue
		}
		if !hasPlural(base) {
			t.Errorf("%s: %s lacks its other form", key, base)
		}
		if Has(base) {
			t.Errorf("%s is both a plain key and the base of %s", base, key)
		}
	}
}

func TestN(t *testing.T) {
	for _, c := range []struct {
		lang Lang
		key  string
		n    int
		args []any
		want string
	}{
		{English, "count.members", 1, nil, "1 member"},
		{English, "count.members", 2, nil, "2 members"},
		{English, "count.members", 0, nil, "0 members"},
		{Danish, "count.members", 1, nil, "1 medlem"},
		{Danish, "count.members", 2, nil, "2 medlemmer"},
		{Danish, "count.members", 0, nil, "0 medlemmer"},
		{English, "poll.fail.objection", 1, nil, "1 objection stands"},
		{English, "poll.fail.objection", 3, nil, "3 objections stand"},
		{Danish, "poll.fail.objection", 1, nil, "1 indsigelse står ved magt"},
		{English, "poll.fail.quorum", 1, []any{0}, "the quorum was not reached (0 of the 1 stance needed)"},
		{English, "poll.taken", 1, []any{"3 members"}, "1 of 3 members has taken a stance"},
		{English, "poll.taken", 2, []any{"3 members"}, "2 of 3 members have taken a stance"},
		{Danish, "count.members", 1, nil, "1 medlem"},
		{English, "reminder.days", 1, nil, "1 day"},
	} {
		if got := N(c.lang, c.key, c.n, c.args...); got != c.want {
			t.Errorf("N(%s, %s, %d, %v) = %q, want %q", c.lang, c.key, c.n, c.args, got, c.want)
		}
	}
}

func catalogKeys() []string { return Keys() }

// TestNoUnusedKeys fails for an unused key of the core, intake, admin and home parts of
// the catalog, and reports those of other features, which may be in the making.
func TestNoUnusedKeys(t *testing.T) {
	src := scanSources(t)
	own := mergeMessages(coreMessages, intakeMessages, adminMessages, homeMessages)
	for _, key := range catalogKeys() {
		if src.literals[key] || src.literals[pluralBase(key)] || slices.ContainsFunc(src.prefixes, func(p string) bool { return strings.HasPrefix(key, p) }) {
			continue
		}
		if _, ok := own[key]; ok {
			t.Errorf("%s is in the catalog but no code uses it", key)
		} else {
			t.Logf("%s is in the catalog but no code uses it (yet)", key)
		}
	}
}
