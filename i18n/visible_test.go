package i18n_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template/parse"
	"unicode"

	"github.com/borderdrill/borderdrill/i18n"
)

// visibleCode is the code whose strings users read: the client (render,
// client, the client binary), the lobby (server/http.go) and the review
// (aar). Paths are relative to the repository root; a directory means its
// non-test Go files.
var visibleCode = []string{"render", "client", "cmd/borderdrill-client", "server/http.go", "aar"}

// notYet are files whose user-visible strings are not in the catalogs
// yet, each with why; the test skips them, and lists them so that they
// stay in sight. Everything else in visibleCode is held to the rule.
var notYet = map[string]string{}

// exempt is the comment that marks a literal, on its line, as not read by
// users (a protocol value, a developer's page).
const exempt = "i18n: not user text"

var (
	word     = regexp.MustCompile(`\p{L}{2,}`)
	keyShape = regexp.MustCompile(`^[a-z0-9_]+(\.[a-z0-9_]+)+$`)
)

// userText reports whether a literal's text reads as words for a user:
// two words or more, or one capitalised word ("Legend").
func userText(s string) bool {
	words := word.FindAllString(s, -1)
	switch {
	case len(words) == 0:
		return false
	case len(words) >= 2 && strings.ContainsAny(s, " \u00a0"):
		return true
	}
	r := []rune(words[0])
	return len(words) == 1 && len(r) > 2 && unicode.IsUpper(r[0]) && unicode.IsLower(r[1]) && len(words[0]) >= len(strings.TrimSpace(s))-1
}

// quiet are the calls whose literal arguments are not shown in the UI:
// errors (they carry the package prefix and go to logs and tests),
// logging, string handling, files, flags and JSON.
var quiet = []string{"fmt.Errorf", "errors.New", "panic", "log.", "slog.", ".Error", ".Info", ".Warn", ".Debug", "strings.", "filepath.", "path.",
	"os.", "flag.", "fs.", "regexp.", "json.", "http.Error", "template.New", "Header().Set", ".Get", ".Call", ".Set", "js.", "t.", "b.",
	// the HTTP API (patterns, and errors for programs, in JSON), time
	// layouts, and the command line's terminal output
	".HandleFunc", ".Handle", "writeJSON", "apiError", ".Format", "fmt.Fprint", "cli."}

func TestNoVisibleLiteral(t *testing.T) {
	root := filepath.Join("..")
	en := i18n.Get(i18n.Default)
	var files []string
	for _, p := range visibleCode {
		full := filepath.Join(root, p)
		if strings.HasSuffix(p, ".go") {
			files = append(files, full)
			continue
		}
		ms, err := filepath.Glob(filepath.Join(full, "*.go"))
		if err != nil || len(ms) == 0 {
			t.Fatalf("%s: no Go files", p)
		}
		for _, m := range ms {
			if !strings.HasSuffix(m, "_test.go") {
				files = append(files, m)
			}
		}
	}
	fset := token.NewFileSet()
	checked, found := 0, 0
	for _, path := range files {
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		if _, ok := notYet[rel]; ok {
			continue
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(src), "\n")
		checked++
		var stack []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				stack = stack[:len(stack)-1]
				return false
			}
			stack = append(stack, n)
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil || !userText(s) {
				return true
			}
			pos := fset.Position(lit.Pos())
			if keyShape.MatchString(s) && en.Has(s) || strings.Contains(lines[pos.Line-1], exempt) || quietContext(fset, src, stack) {
				return true
			}
			found++
			t.Errorf("%s:%d:%d: user-visible text outside the catalogs: %.60q (put it in i18n/catalog and draw it with T or F, or mark a line that users never read %q)",
				rel, pos.Line, pos.Column, s, "// "+exempt)
			return true
		})
	}
	if checked < 20 {
		t.Errorf("only %d files checked", checked)
	}
	keys := make([]string, 0, len(notYet))
	for k := range notYet {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t.Logf("%d files checked; not yet in the catalogs: %s", checked, strings.Join(keys, ", "))
}

// quietContext reports whether the literal at the top of stack is an
// import, a struct tag, a case label or comparison operand, a key looked
// up in the catalogs, or an argument of a quiet call.
func quietContext(fset *token.FileSet, src []byte, stack []ast.Node) bool {
	lit := stack[len(stack)-1]
	for i := len(stack) - 2; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ImportSpec, *ast.Field:
			return true
		case *ast.CaseClause:
			return slices.Contains(p.List, ast.Expr(lit.(ast.Expr)))
		case *ast.BinaryExpr:
			if p.Op == token.EQL || p.Op == token.NEQ {
				return true
			}
		case *ast.CallExpr:
			fun := string(src[fset.Position(p.Fun.Pos()).Offset:fset.Position(p.Fun.End()).Offset])
			for _, q := range quiet {
				if strings.HasPrefix(fun, q) || strings.HasPrefix(q, ".") && strings.Contains(fun, q) {
					return true
				}
			}
			return false
		case *ast.FuncDecl, *ast.FuncLit, *ast.GenDecl:
			return false
		}
	}
	return false
}

// visibleTemplates are the page templates whose text users read, relative
// to the repository root: every word in them comes from the catalogs too.
var visibleTemplates = []string{"aar/report.html.tmpl"}

func TestNoVisibleTemplateText(t *testing.T) {
	en := i18n.Get(i18n.Default)
	t.Run("catches a stray literal", func(t *testing.T) {
		// The check itself: a page with one sentence, one alt text and
		// one argument written into it, beside text drawn from the
		// catalogs, yields those three and nothing else.
		src := `<style>p { color: red; }</style><p>{{$.L.T "aar.kicker"}}</p><p>Hello {{.Name}}, welcome aboard</p>` +
			`<img alt="Map of the border" src="{{.Src}}"><td>{{or .Text "Nothing here"}}</td><th>#</th>`
		got, err := templateText(src, en)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"Map of the border", "Hello", ", welcome aboard", "Nothing here"}
		if !slices.Equal(got, want) {
			t.Errorf("found %q, want %q", got, want)
		}
	})
	for _, p := range visibleTemplates {
		t.Run(p, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("..", p))
			if err != nil {
				t.Fatal(err)
			}
			found, err := templateText(string(src), en)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range found {
				line := 1 + strings.Count(string(src[:max(0, strings.Index(string(src), s))]), "\n")
				t.Errorf("%s:%d: user-visible text outside the catalogs: %.60q (put it in i18n/catalog and draw it with $.L.T, $.L.F or markup)", p, line, s)
			}
		})
	}
}

var (
	styleBlock = regexp.MustCompile(`(?s)<style[^>]*>.*?</style>|<!--.*?-->`)
	htmlTag    = regexp.MustCompile(`(?s)<[^>]*>`)
	readAttr   = regexp.MustCompile(`\b(?:alt|title|aria-label|placeholder)="([^"]*)"`)
)

// action stands in for a template action when the text around it is
// read as HTML.
const action = "\x00"

// templateText returns the text a reader would see that a page template
// writes itself instead of taking from the catalogs: the words between
// its tags and in its alt, title, aria-label and placeholder attributes,
// and the string constants of its actions that are not catalog keys.
func templateText(src string, en *i18n.Lang) ([]string, error) {
	tr := parse.New("page")
	tr.Mode = parse.SkipFuncCheck
	if _, err := tr.Parse(src, "", "", map[string]*parse.Tree{}); err != nil {
		return nil, err
	}
	var page strings.Builder
	var found []string
	var walk func(n parse.Node)
	branch := func(b *parse.BranchNode) {
		page.WriteString(action)
		walk(b.Pipe)
		walk(b.List)
		page.WriteString(action)
		walk(b.ElseList)
	}
	walk = func(n parse.Node) {
		switch n := n.(type) {
		case *parse.ListNode:
			for i := 0; n != nil && i < len(n.Nodes); i++ {
				walk(n.Nodes[i])
			}
		case *parse.TextNode:
			page.Write(n.Text)
		case *parse.IfNode:
			branch(&n.BranchNode)
		case *parse.RangeNode:
			branch(&n.BranchNode)
		case *parse.WithNode:
			branch(&n.BranchNode)
		case *parse.ActionNode:
			page.WriteString(action)
			walk(n.Pipe)
		case *parse.TemplateNode:
			page.WriteString(action)
		case *parse.PipeNode:
			for i := 0; n != nil && i < len(n.Cmds); i++ {
				walk(n.Cmds[i])
			}
		case *parse.CommandNode:
			for _, a := range n.Args {
				walk(a)
			}
		case *parse.StringNode:
			// A constant in an action: a catalog key, or words.
			if userText(n.Text) && !(keyShape.MatchString(n.Text) && en.Has(n.Text)) {
				found = append(found, n.Text)
			}
		}
	}
	walk(tr.Root)
	html := styleBlock.ReplaceAllString(page.String(), action)
	var out []string
	for _, m := range readAttr.FindAllStringSubmatch(html, -1) {
		out = append(out, visibleParts(m[1])...)
	}
	out = append(out, visibleParts(htmlTag.ReplaceAllString(html, action))...)
	return append(out, found...), nil
}

// visibleParts splits text read as HTML at its actions and tags and
// returns the parts that read as words for a user.
func visibleParts(s string) []string {
	var out []string
	for _, part := range strings.Split(s, action) {
		part = strings.TrimSpace(htmlEntities.Replace(part))
		if userText(part) {
			out = append(out, part)
		}
	}
	return out
}

var htmlEntities = strings.NewReplacer("&nbsp;", " ", "&amp;", "&", "&lt;", "<", "&gt;", ">")

// reasonCode is the shape of a rejection reason: a stable code that the
// readers look up under i18n.ReasonPrefix, never a sentence.
var reasonCode = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// reasonCode are the packages whose constants named Reason… (reason… in
// server) are rejection reasons a client or the review shows.
var reasonPackages = []string{"sim", "server", "netclient", "exercise"}

// notReasons are constants of those packages named like reasons that are
// no command's answer, with why.
var notReasons = map[string]string{
	"ReasonRevoked": "the close reason of a revoked code's connection, not a command's",
}

// TestReasonsInCatalogs: every rejection reason of the engine, the server
// and the network client is a code, not English, and every catalog says
// it (every language has every key: TestCatalogsComplete).
func TestReasonsInCatalogs(t *testing.T) {
	fset := token.NewFileSet()
	n := 0
	for _, dir := range reasonPackages {
		paths, err := filepath.Glob(filepath.Join("..", dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range paths {
			if strings.HasSuffix(path, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.CONST {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, name := range vs.Names {
						if !strings.HasPrefix(strings.ToLower(name.Name), "reason") && name.Name != "ReadOnly" || i >= len(vs.Values) || notReasons[name.Name] != "" {
							continue
						}
						lit, ok := vs.Values[i].(*ast.BasicLit)
						if !ok || lit.Kind != token.STRING {
							t.Errorf("%s: %s is not a string constant", fset.Position(name.Pos()), name.Name)
							continue
						}
						code, _ := strconv.Unquote(lit.Value)
						n++
						if !reasonCode.MatchString(code) {
							t.Errorf("%s: %s = %q is text, not a code (give it a code such as %q and put the text in the catalogs under %q)",
								fset.Position(name.Pos()), name.Name, code, "no_such_thing", i18n.ReasonPrefix+"no_such_thing")
							continue
						}
						for _, l := range i18n.Languages() {
							if _, ok := i18n.Raw(l.Code, i18n.ReasonPrefix+code); !ok {
								t.Errorf("%s: %s: the %s catalog has no %s", fset.Position(name.Pos()), name.Name, l.Code, i18n.ReasonPrefix+code)
							}
						}
					}
				}
			}
		}
	}
	if n < 60 {
		t.Errorf("found %d reasons, want the engine's and the server's 70 or so", n)
	}
}
