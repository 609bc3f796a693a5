package bot

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// Registries are data in routes.go, not filled by init functions spread over files:
// no package of the program has an init function.
func TestNoInitFunctions(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir("..", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") ||
			strings.Contains(name, "testdata") {
			return err
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			if fn, ok := decl.(*ast.FuncDecl); ok && fn.Recv == nil && fn.Name.Name == "init" {
				t.Errorf("%s: an init function; write the table out in routes.go instead", fset.Position(fn.Pos()))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Every command but the two helps runs something, and no two commands have one name.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands() {
		key := c.Slash + " " + c.Name
		if seen[key] {
			t.Errorf("%s is in the table twice", key)
		}
		seen[key] = true
		if c.Run == nil && c.Name != "help" {
			t.Errorf("%s runs nothing", key)
		}
	}
}
