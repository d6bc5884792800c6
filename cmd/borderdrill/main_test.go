package main_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
)

// binary is the borderdrill binary built once by TestMain.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "borderdrill-test")
	if err != nil {
		panic(err)
	}
	binary, err = drilltest.Build(dir, ".", "CGO_ENABLED=0")
	if err != nil {
		os.RemoveAll(dir)
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is the outcome of one run of the binary.
type result struct {
	stdout, stderr string
	code           int
}

// borderdrill runs the binary with args.
func borderdrill(t *testing.T, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("borderdrill %v: %v", args, err)
	}
	return result{stdout.String(), stderr.String(), code}
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"no arguments", nil, 2},
		{"unknown command", []string{"frobnicate"}, 2},
		{"help", []string{"help"}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := borderdrill(t, tc.args...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d", r.code, tc.code)
			}
			out := r.stdout + r.stderr
			for _, sub := range []string{"scenarios", "validate", "run"} {
				if !strings.Contains(out, "borderdrill "+sub) {
					t.Errorf("usage does not list %q:\n%s", sub, out)
				}
			}
		})
	}
}

// builtinTeams is every built-in scenario's teams as the engine loads
// them: the ids a player passes to --team.
func builtinTeams(t *testing.T) map[string][]scenarios.TeamInfo {
	t.Helper()
	out := map[string][]scenarios.TeamInfo{}
	for _, in := range scenarios.Builtins() {
		s, err := scenarios.Builtin(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range s.Teams {
			out[in.Name] = append(out[in.Name], scenarios.TeamInfo{ID: tm.ID, Country: tm.Country, Name: tm.Name})
		}
	}
	return out
}

func TestScenariosJSON(t *testing.T) {
	r := borderdrill(t, "scenarios", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var list []struct {
		Name, Border, Description string
		Teams                     []scenarios.TeamInfo
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, r.stdout)
	}
	if len(list) != 7 {
		t.Fatalf("%d scenarios, want 7", len(list))
	}
	for _, k := range []string{`"id"`, `"country"`, `"name"`} {
		if !strings.Contains(r.stdout, k) {
			t.Errorf("no %s key in\n%s", k, r.stdout)
		}
	}
	teams := builtinTeams(t)
	names := map[string]bool{}
	for _, s := range list {
		t.Run(s.Name, func(t *testing.T) {
			if s.Border == "" || s.Description == "" {
				t.Errorf("entry %+v: empty border or description", s)
			}
			if !slices.Equal(s.Teams, teams[s.Name]) {
				t.Errorf("teams %+v, want the scenario's %+v", s.Teams, teams[s.Name])
			}
		})
		names[s.Name] = true
	}
	if !names[scenarios.Default] {
		t.Errorf("the default %q is not listed", scenarios.Default)
	}
}

// TestScenariosText checks that each scenario's line is followed by one
// line per team with its id, country and name (fin-rus has three teams on
// a border of two countries; col-ven's are MIG, PONAL and GNB).
func TestScenariosText(t *testing.T) {
	r := borderdrill(t, "scenarios")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	infos := scenarios.Builtins()
	teams := builtinTeams(t)
	i := 0
	for _, in := range infos {
		if i >= len(lines) || !strings.HasPrefix(lines[i], in.Name+" ") {
			t.Fatalf("line %d does not start with %s:\n%s", i+1, in.Name, r.stdout)
		}
		i++
		for _, tm := range teams[in.Name] {
			if i >= len(lines) || strings.Join(strings.Fields(lines[i]), " ") != "team "+tm.ID+" "+tm.Country+" "+strings.Join(strings.Fields(tm.Name), " ") {
				t.Fatalf("%s: line %d, want team %s %s %s:\n%s", in.Name, i+1, tm.ID, tm.Country, tm.Name, r.stdout)
			}
			i++
		}
	}
	if i != len(lines) {
		t.Errorf("%d lines, want %d:\n%s", len(lines), i, r.stdout)
	}
	for _, want := range []string{"team MIG", "team PONAL", "team GNB", "team EU"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("no %q in\n%s", want, r.stdout)
		}
	}
}

func TestValidate(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	bad := filepath.Join(dir, "bad.yaml")
	base := drilltest.ReadFile(t, "../../scenarios/testdata/base.yaml")
	drilltest.WriteFile(t, good, base)
	broken := strings.Replace(string(base), "kind: foot", "kind: tank", 1)
	broken = strings.Replace(broken, "{town: Vyborg}", "{town: Vyborgg}", 1)
	drilltest.WriteFile(t, bad, []byte(broken))
	tests := []struct {
		name  string
		files []string
		code  int
		want  []string
	}{
		{"good", []string{good}, 0, []string{good + ": ok"}},
		{"bad", []string{bad}, 1, []string{bad + ":11:18: ", `unknown town "Vyborgg"`, bad + ":19:11: ", `unknown unit kind "tank"`}},
		{"both", []string{good, bad}, 1, []string{good + ": ok", bad + ":19:11: "}},
		{"missing", []string{filepath.Join(dir, "none.yaml")}, 1, []string{"none.yaml"}},
		{"no files", nil, 2, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := borderdrill(t, append([]string{"validate"}, tc.files...)...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d\n%s%s", r.code, tc.code, r.stdout, r.stderr)
			}
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("output lacks %q:\n%s", w, r.stdout)
				}
			}
		})
	}
}

func TestRunJSON(t *testing.T) {
	r := borderdrill(t, "run", "--scenario", scenarios.Default, "--duration", "1h", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if r.stderr != "" {
		t.Errorf("stderr is not a terminal, yet got %q", r.stderr)
	}
	var sum map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	for _, k := range []string{"scenario", "seed", "ticks", "state_hash", "crossings", "tracks_shared", "incidents", "checkpoint", "custody", "objectives"} {
		if _, ok := sum[k]; !ok {
			t.Errorf("summary lacks %q", k)
		}
	}
	if sum["ticks"] != float64(3600) || sum["seed"] != float64(1) || sum["scenario"] != scenarios.Default {
		t.Errorf("ticks %v, seed %v, scenario %v; want 3600, 1, %s", sum["ticks"], sum["seed"], sum["scenario"], scenarios.Default)
	}
	if h, _ := sum["state_hash"].(string); !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(h) {
		t.Errorf("state_hash %q is not 16 hex digits", h)
	}
	nested := map[string][]string{
		"crossings":  {"attempted", "detected", "apprehended", "escaped"},
		"checkpoint": {"vehicles", "mean_wait_s", "contraband_found", "contraband_missed"},
		"custody":    {"groups", "mean_hours"},
	}
	for k, fields := range nested {
		m, _ := sum[k].(map[string]any)
		for _, f := range fields {
			if _, ok := m[f]; !ok {
				t.Errorf("%s lacks %q", k, f)
			}
		}
	}
	objs, _ := sum["objectives"].([]any)
	if len(objs) == 0 {
		t.Fatalf("no objectives")
	}
	for _, o := range objs {
		m, _ := o.(map[string]any)
		for _, f := range []string{"id", "met", "value", "target"} {
			if _, ok := m[f]; !ok {
				t.Errorf("objective %v lacks %q", m, f)
			}
		}
	}
}

func TestRunDeterministic(t *testing.T) {
	hash := func(seed string) string {
		r := borderdrill(t, "run", "--scenario", "grc-tur-evros-river", "--duration", "30m", "--seed", seed, "--json")
		if r.code != 0 {
			t.Fatalf("exit %d: %s", r.code, r.stderr)
		}
		var sum struct {
			StateHash string `json:"state_hash"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
			t.Fatal(err)
		}
		return sum.StateHash
	}
	a, b, c := hash("5"), hash("5"), hash("6")
	if a != b {
		t.Errorf("seed 5 gave %s and %s", a, b)
	}
	if a == c {
		t.Errorf("seeds 5 and 6 both gave %s", a)
	}
}

func TestRunText(t *testing.T) {
	file, err := filepath.Abs("../../scenarios/testdata/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	r := borderdrill(t, "run", "--scenario", file, "--duration", "10m")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	for _, want := range []string{"scenario", "600 ticks", "state hash", "objective"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text summary lacks %q:\n%s", want, r.stdout)
		}
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unknown scenario", []string{"--scenario", "atlantis"}, 1, `"atlantis" is neither a built-in scenario`},
		{"bad duration", []string{"--duration", "soon"}, 2, "--duration"},
		{"bad flag", []string{"--sead", "3"}, 2, "sead"},
		{"stray argument", []string{"extra"}, 2, "unexpected argument"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := borderdrill(t, append([]string{"run"}, tc.args...)...)
			if r.code != tc.code {
				t.Errorf("exit %d, want %d", r.code, tc.code)
			}
			if !strings.Contains(r.stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, r.stderr)
			}
		})
	}
}
