package sim_test

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// modelRow is one row of docs/MODEL.md's table of constants.
type modelRow struct {
	id, name string
	value    float64
	line     int
}

// modelRows reads the table under "## Constants" in docs/MODEL.md.
func modelRows(t *testing.T) map[string]modelRow {
	t.Helper()
	doc, err := os.ReadFile("../docs/MODEL.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]modelRow{}
	in := false
	for i, l := range strings.Split(string(doc), "\n") {
		if strings.HasPrefix(l, "## ") {
			in = l == "## Constants"
			continue
		}
		if !in || !strings.HasPrefix(l, "| ") || strings.HasPrefix(l, "| id ") {
			continue
		}
		cells := strings.Split(l, "|")
		if len(cells) < 7 {
			t.Errorf("MODEL.md:%d: a row needs id, constant, value, unit, meaning and source", i+1)
			continue
		}
		id, name, val := strings.TrimSpace(cells[1]), strings.Trim(strings.TrimSpace(cells[2]), "`"), strings.TrimSpace(cells[3])
		v, err := strconv.ParseFloat(val, 64)
		if err != nil {
			t.Errorf("MODEL.md:%d: row %s: value %q is not a number", i+1, id, val)
			continue
		}
		if strings.TrimSpace(cells[6]) == "" {
			t.Errorf("MODEL.md:%d: row %s has no source", i+1, id)
		}
		if _, dup := rows[id]; dup {
			t.Errorf("MODEL.md:%d: row %s twice", i+1, id)
		}
		rows[id] = modelRow{id: id, name: name, value: v, line: i + 1}
	}
	if len(rows) == 0 {
		t.Fatal("MODEL.md has no table under ## Constants")
	}
	return rows
}

// simConst is a package-level numeric constant of sim written as a
// literal.
type simConst struct {
	value float64
	row   string // the MODEL.md row its comment names, "" for none
	pos   string
}

var rowRef = regexp.MustCompile(`MODEL\.md: ([A-Z]+[0-9]+)`)

// modelFiles are the files of the detection model: every numeric constant
// their functions use, directly or through a package-level variable, must
// have a row.
// modelFiles are the files of detection, movement, apprehension, custody,
// risk and ports: every constant their functions use has a row.
var modelFiles = []string{"sensing.go", "detect.go", "crossers.go", "units.go", "crowds.go", "terrain.go", "custody.go", "reception.go", "ground.go", "rivers.go", "risk.go", "ports.go", "world.go"}

// notModel lists constants the detection code uses that are not part of
// the model, with the reason.
var notModel = map[string]string{
	"never":       "a sentinel time (no arrival), not a quantity",
	"MaxTeams":    "a limit of the scenario format",
	"regridTicks": "the groups' index layout: it orders the draws, it sets no law",
	"crosserCell": "the groups' index layout: it orders the draws, it sets no law",
	"unitCell":    "the units' index layout: it orders the draws, it sets no law",
	"farSplit":    "the sharing-depth table's layout: a cache of BorderWithin, it sets no law",
}

// TestModelTable holds docs/MODEL.md's table of constants and the code to
// each other: every constant the model's code uses (the functions of
// modelFiles, or the package-level tables they read) and every
// constant whose comment names a row has that row, with the same name and
// value; every row names a constant that exists, says so in its comment
// and has the row's value.
func TestModelTable(t *testing.T) {
	rows := modelRows(t)
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// The movement model's constants of package maps (the navigation grid,
	// the cover law) are rows too, named maps.X.
	mapFiles, err := filepath.Glob("../maps/*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, mapFiles...)
	consts := map[string]simConst{}
	vars := map[string]ast.Expr{} // package-level variables' initialisers
	parsed := map[string]*ast.File{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		parsed[f] = af
		for _, d := range af.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || (gd.Tok != token.CONST && gd.Tok != token.VAR) {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				if gd.Tok == token.VAR {
					if strings.HasPrefix(f, "../maps/") {
						continue
					}
					for i, n := range vs.Names {
						if i < len(vs.Values) {
							vars[n.Name] = vs.Values[i]
						}
					}
					continue
				}
				if id, ok := vs.Type.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Kind") {
					continue // an enum value, not a quantity
				}
				row := ""
				for _, cg := range []*ast.CommentGroup{vs.Comment, vs.Doc} {
					if m := rowRef.FindStringSubmatch(cg.Text()); m != nil && row == "" {
						row = m[1]
					}
				}
				for i, n := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					lit, ok := vs.Values[i].(*ast.BasicLit)
					if !ok || (lit.Kind != token.INT && lit.Kind != token.FLOAT) {
						continue
					}
					v, _ := constant.Float64Val(constant.MakeFromLiteral(lit.Value, lit.Kind, 0))
					name := n.Name
					if strings.HasPrefix(f, "../maps/") {
						name = "maps." + name
					}
					consts[name] = simConst{value: v, row: row, pos: fset.Position(n.Pos()).String()}
				}
			}
		}
	}

	// The constants the model's files use, through variables too.
	used := map[string]bool{}
	seenVar := map[string]bool{}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		ast.Inspect(n, func(n ast.Node) bool {
			id, ok := n.(*ast.Ident)
			if !ok {
				return true
			}
			if _, ok := consts[id.Name]; ok {
				used[id.Name] = true
			}
			if e, ok := vars[id.Name]; ok && !seenVar[id.Name] {
				seenVar[id.Name] = true
				walk(e)
			}
			return true
		})
	}
	for _, f := range modelFiles {
		af := parsed[f]
		if af == nil {
			t.Fatalf("no model file %s", f)
		}
		for _, d := range af.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
				walk(fd.Body)
			}
		}
	}
	if len(used) < 60 {
		t.Fatalf("found only %d constants used by the model; the walk is broken", len(used))
	}

	for name, c := range consts {
		if c.row == "" {
			if used[name] && notModel[name] == "" {
				t.Errorf("%s: %s is used by the model but names no MODEL.md row (// MODEL.md: ID)", c.pos, name)
			}
			continue
		}
		r, ok := rows[c.row]
		switch {
		case !ok:
			t.Errorf("%s: %s names MODEL.md row %s, which does not exist", c.pos, name, c.row)
		case r.name != name:
			t.Errorf("%s: %s names row %s, which is about %s", c.pos, name, c.row, r.name)
		case r.value != c.value:
			t.Errorf("%s: %s = %v, MODEL.md:%d (row %s) says %v", c.pos, name, c.value, r.line, c.row, r.value)
		}
	}
	for id, r := range rows {
		c, ok := consts[r.name]
		switch {
		case !ok:
			t.Errorf("MODEL.md:%d: row %s: sim has no constant %s", r.line, id, r.name)
		case c.row != id:
			t.Errorf("MODEL.md:%d: row %s: %s's comment does not name the row (// MODEL.md: %s)", r.line, id, r.name, id)
		}
	}
}
