package borderdrill_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	pathpkg "path"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The module's import rules, one table for every package: what may not
// be among a package's dependencies, and which packages must build for
// the browser. `go test .` at the module root checks them all.

const mod = "github.com/borderdrill/borderdrill"

// Groups of forbidden import paths, as patterns: a path, or a path and
// everything under it ("path/...").
var (
	ebiten    = []string{"github.com/hajimehoshi/ebiten/..."}
	gorilla   = []string{"github.com/gorilla/..."}
	websocket = []string{"github.com/gorilla/websocket/...", "github.com/coder/websocket/..."}
	uiTree    = []string{mod + "/render/...", mod + "/cmd/..."}
	serverPkg = []string{mod + "/server/..."}
)

// depRule says what a package may not depend on, directly or not.
type depRule struct {
	pkg    string   // relative to the module
	wasm   bool     // also checked (and must build) for GOOS=js GOARCH=wasm
	forbid []string // patterns of the import paths forbidden
	why    string
}

// below lists the packages beneath the user interface: none of them may
// import render (or a command), so that the server, the headless command
// and the tests link no display.
var below = []string{"client", "exercise", "netclient", "recording", "server", "wire", "sim", "maps", "scenarios", "aar", "i18n"}

var depRules = []depRule{
	{pkg: "client", wasm: true, forbid: cat(ebiten, websocket, serverPkg, []string{mod + "/netclient/...", mod + "/exercise/..."}),
		why: "the client contract is Ebiten-free, network-free and knows none of its implementations"},
	{pkg: "netclient", wasm: true, forbid: cat(ebiten, gorilla, serverPkg),
		why: "netclient runs in the browser and in headless programs, without the server's packages"},
	{pkg: "wire", wasm: true, forbid: cat(ebiten, websocket, serverPkg, []string{mod + "/client/...", mod + "/netclient/..."}),
		why: "the protocol is plain encoding, shared by the server and every client"},
	{pkg: "exercise", forbid: cat(ebiten, websocket, serverPkg),
		why: "local and replayed exercises run in-process, without a display or network"},
	{pkg: "server", forbid: cat(ebiten, []string{mod + "/client/...", mod + "/netclient/...", mod + "/exercise/...", mod + "/aar/..."}),
		why: "the server runs headless and knows no client; the report comes through Config.Report"},
	{pkg: "cmd/borderdrill", forbid: ebiten,
		why: "the headless command builds with CGO_ENABLED=0 and runs without a display"},
	{pkg: "i18n", wasm: true, forbid: cat(ebiten, websocket, []string{mod + "/..."}),
		why: "the catalogs serve the client, the lobby and the review alike, and depend on none of them"},
	{pkg: "sim", wasm: true, forbid: cat(ebiten, websocket, []string{mod + "/wire/...", mod + "/recording/...", mod + "/scenarios/..."}),
		why: "the engine depends on the map and nothing that feeds or stores it"},
}

// simForbid are the standard packages the engine (sim and every package
// of the module it depends on) may not import: no clock, no files, no
// network, no devices, no global random source, so that a World is a
// pure function of its scenario, seed and commands. Durations in the
// engine are ticks and seconds as integers, so it needs no time package.
// (Map data compiled in with embed is not a file.)
var simForbid = []string{
	"time/...", "os/...", "io/ioutil", "net/...", "syscall/...", "log/...",
	"math/rand", "crypto/rand", "unsafe",
}

// simOnly are the standard packages the engine may import for some of
// their names only, with those names: of math/rand/v2 the seeded sources
// and the Rand built on them, never the package-level functions that draw
// from the global source; of path/filepath the functions on names, never
// those that read the file system (Glob, Walk, EvalSymlinks, Abs).
var simOnly = map[string][]string{
	"math/rand/v2":  {"New", "NewPCG", "PCG", "Rand", "Source"},
	"path/filepath": {"Base", "Clean", "Dir", "Ext", "IsAbs", "IsLocal", "Join", "Match", "Rel", "Split", "SplitList", "ToSlash", "FromSlash", "VolumeName", "Separator", "ListSeparator"},
}

func cat(lists ...[]string) []string { return slices.Concat(lists...) }

// matches reports whether an import path matches a pattern: the path
// itself, or with "/..." anything under it too.
func matches(pattern, path string) bool {
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == base || strings.HasPrefix(path, base+"/")
	}
	return path == pattern
}

// listed is what `go list -json` says of one package.
type listed struct {
	ImportPath string
	Dir        string
	GoFiles    []string
	Imports    []string
	Deps       []string
	Error      *struct{ Err string }
}

// goList runs `go list -deps -json` on patterns with extra environment
// and returns the packages by import path.
func goList(t *testing.T, env []string, patterns ...string) map[string]*listed {
	t.Helper()
	cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), append([]string{"list", "-e", "-deps", "-json"}, patterns...)...)
	cmd.Env = append(os.Environ(), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list %v: %v\n%s", env, err, stderr.Bytes())
	}
	pkgs := map[string]*listed{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		p := new(listed)
		if err := dec.Decode(p); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("go list output: %v", err)
		}
		pkgs[p.ImportPath] = p
	}
	return pkgs
}

func TestImports(t *testing.T) {
	rules := slices.Clone(depRules)
	for _, p := range below {
		rules = append(rules, depRule{pkg: p, forbid: cat(ebiten, uiTree),
			why: "nothing below the user interface imports it"})
	}
	var patterns []string
	for _, r := range rules {
		patterns = append(patterns, "./"+r.pkg)
	}
	targets := []struct {
		name string
		env  []string
		wasm bool
	}{
		{name: runtime.GOOS + "/" + runtime.GOARCH},
		{name: "js/wasm", env: []string{"GOOS=js", "GOARCH=wasm"}, wasm: true},
	}
	for _, tg := range targets {
		pkgs := goList(t, tg.env, patterns...)
		for _, r := range rules {
			if tg.wasm && !r.wasm {
				continue
			}
			t.Run(tg.name+"/"+r.pkg, func(t *testing.T) {
				p := pkgs[mod+"/"+r.pkg]
				switch {
				case p == nil:
					t.Fatalf("go list did not list %s", r.pkg)
				case p.Error != nil:
					t.Fatalf("%s does not build for %s: %s", r.pkg, tg.name, p.Error.Err)
				}
				for _, d := range p.Deps {
					if i := slices.IndexFunc(r.forbid, func(f string) bool { return matches(f, d) }); i >= 0 {
						t.Errorf("%s depends on %s (%s): %s", r.pkg, d, r.forbid[i], r.why)
					}
				}
			})
		}
	}
}

// TestEngineImports holds the engine (sim and the module's packages it
// depends on) to simForbid and simOnly.
func TestEngineImports(t *testing.T) {
	pkgs := goList(t, nil, "./sim")
	sim := pkgs[mod+"/sim"]
	if sim == nil || sim.Error != nil {
		t.Fatalf("go list ./sim: %+v", sim)
	}
	engine := []*listed{sim}
	for _, d := range sim.Deps {
		if matches(mod+"/...", d) {
			engine = append(engine, pkgs[d])
		}
	}
	if len(engine) < 2 {
		t.Fatalf("the engine is %d packages; expected sim and the maps it depends on", len(engine))
	}
	for _, p := range engine {
		t.Run(strings.TrimPrefix(p.ImportPath, mod+"/"), func(t *testing.T) {
			for _, imp := range p.Imports {
				for _, f := range simForbid {
					if matches(f, imp) {
						t.Errorf("%s imports %s: the engine has no clock, files, network, devices or global random source", p.ImportPath, imp)
					}
				}
			}
			for path, allowed := range simOnly {
				if !slices.Contains(p.Imports, path) {
					continue
				}
				for _, use := range usesBeyond(t, p, path, allowed) {
					t.Errorf("%s: %s: of %s the engine may use only %v (no global random source, no file system)", p.ImportPath, use, path, allowed)
				}
			}
		})
	}
}

// usesBeyond returns the uses of names of the package path other than
// allowed in p's files, as "file:line: pkg.Name".
func usesBeyond(t *testing.T, p *listed, path string, allowed []string) []string {
	t.Helper()
	var bad []string
	fset := token.NewFileSet()
	for _, name := range p.GoFiles {
		f, err := parser.ParseFile(fset, filepath.Join(p.Dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		local := ""
		for _, im := range f.Imports {
			if im.Path.Value == strconv.Quote(path) {
				local = pathpkg.Base(strings.TrimSuffix(path, "/v2"))
				if im.Name != nil {
					local = im.Name.Name
				}
			}
		}
		if local == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if id, ok := sel.X.(*ast.Ident); ok && id.Name == local && !slices.Contains(allowed, sel.Sel.Name) {
				bad = append(bad, fset.Position(sel.Pos()).String()+": "+local+"."+sel.Sel.Name)
			}
			return true
		})
	}
	return bad
}
