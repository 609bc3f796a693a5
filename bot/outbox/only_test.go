package outbox

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// posting are the Web API calls that post or change a message in a channel or a DM.
var posting = map[string]bool{
	"PostMessage": true, "PostMessageContext": true, "UpdateMessage": true, "UpdateMessageContext": true,
	"SendMessage": true, "SendMessageContext": true, "ScheduleMessage": true, "ScheduleMessageContext": true,
	"DeleteMessage": true, "DeleteMessageContext": true,
}

// answering are the only functions outside the outbox allowed to post, and why: they
// answer the acting user privately, never announce.
var answering = map[string]string{
	"bot/request.go (*Bot).say": "answers the acting user: response_url, or a DM when there is neither response_url nor channel",
	"bot/request.go (*Bot).dm":  "say's DM to the acting user",
}

// Only the outbox posts notices: every other post or update of a message anywhere in
// the program is one of the private answers to the acting user in answering, and the
// DM helper is called by say alone.
func TestOnlyTheOutboxPostsNotices(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	found := map[string]bool{}
	err := filepath.WalkDir(root, func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, name)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && rel != "." || rel == "bot/outbox" || rel == "bot/slackemu" {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			where := rel + " " + funcName(fn)
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				sel, ok := call.Fun.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				switch {
				case posting[sel.Sel.Name]:
					if _, ok := answering[where]; !ok {
						t.Errorf("%s: %s calls %s: only bot/outbox posts notices; a handler answers the acting user (say, views.open)",
							fset.Position(call.Pos()), where, sel.Sel.Name)
					}
					found[where] = true
				case sel.Sel.Name == "dm" && where != "bot/request.go (*Bot).say":
					t.Errorf("%s: %s sends a DM: only say may, to answer the acting user; notices go through the outbox",
						fset.Position(call.Pos()), where)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for where := range answering {
		if !found[where] {
			t.Errorf("%s no longer posts: take it off the list", where)
		}
	}
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	recv := fn.Recv.List[0].Type
	star := ""
	if s, ok := recv.(*ast.StarExpr); ok {
		recv, star = s.X, "*"
	}
	if id, ok := recv.(*ast.Ident); ok {
		return "(" + star + id.Name + ")." + fn.Name.Name
	}
	return fn.Name.Name
}
