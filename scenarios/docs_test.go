package scenarios_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// docsExample returns the YAML block under "## A complete example" in
// docs/SCENARIOS.md and the line it starts on.
func docsExample(t *testing.T) (string, int) {
	t.Helper()
	doc, err := os.ReadFile("../docs/SCENARIOS.md")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(doc), "\n")
	start := -1
	for i, l := range lines {
		if l == "## A complete example" {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatal(`docs/SCENARIOS.md has no "## A complete example" section`)
	}
	for i := start; i < len(lines); i++ {
		if lines[i] != "```yaml" {
			continue
		}
		for j := i + 1; j < len(lines); j++ {
			if lines[j] == "```" {
				return strings.Join(lines[i+1:j], "\n") + "\n", i + 2
			}
		}
	}
	t.Fatal("no closed ```yaml block in the example section")
	return "", 0
}

func TestDocsExample(t *testing.T) {
	text, _ := docsExample(t)
	s, err := scenarios.Parse("SCENARIOS.md example", []byte(text))
	if err != nil {
		t.Fatalf("the example in docs/SCENARIOS.md does not load:\n%v", err)
	}
	// The doc says the example uses every kind of inject and objective.
	injects := map[sim.InjectKind]bool{}
	for _, in := range s.Injects {
		injects[in.Kind] = true
	}
	for k := sim.InjectMessage; k <= sim.InjectTeamCommsDown; k++ {
		if !injects[k] {
			t.Errorf("example has no %s inject", k)
		}
	}
	objectives := map[sim.ObjectiveKind]bool{}
	for _, o := range s.Objectives {
		objectives[o.Kind] = true
	}
	if len(objectives) != int(sim.ObjResolveWithin)+1 {
		t.Errorf("example uses %d of the %d objective kinds", len(objectives), sim.ObjResolveWithin+1)
	}
	if _, err := sim.New(s, 1); err != nil {
		t.Errorf("sim.New: %v", err)
	}
}

// TestExpectedActionsTable: docs/SCENARIOS.md maps every built-in MSEL
// row's expected action, word for word, to the orders that perform it,
// each rated performable; each built-in's expected actions name at least
// two procedures between neighbours, and at least three built-ins grant
// hot pursuit by an agreement term.
func TestExpectedActionsTable(t *testing.T) {
	doc := drilltest.ReadFile(t, "../docs/SCENARIOS.md")
	procedures := []string{"(report", "report)", "report,", "request_pursuit", "handover", "request_assistance", "readmit", "protest"}
	n, pursuit := 0, 0
	for _, in := range scenarios.Builtins() {
		sc, err := scenarios.Builtin(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(sc.Agreements, func(a sim.AgreementSpec) bool { return a.PursuitDepth > 0 && a.PursuitTicks > 0 }) {
			pursuit++
		}
		named := map[string]bool{}
		for _, j := range sc.Injects {
			if j.Expected == "" {
				continue
			}
			n++
			text := i18n.Pick(j.Expected, "en")
			for _, p := range procedures {
				if strings.Contains(text, p) {
					named[strings.Trim(p, "(),")] = true
				}
			}
			row := "| `" + in.Name + "` | " + j.ID + " | " + text + " | "
			i := strings.Index(string(doc), row)
			if i < 0 {
				t.Errorf("docs/SCENARIOS.md has no row %q", row)
				continue
			}
			line, _, _ := strings.Cut(string(doc)[i:], "\n")
			if !strings.HasSuffix(line, "| yes |") {
				t.Errorf("docs/SCENARIOS.md: %s %s is not rated performable: %s", in.Name, j.ID, line)
			}
		}
		if len(named) < 2 {
			t.Errorf("%s: the expected actions name %v; want at least two procedures", in.Name, named)
		}
	}
	if pursuit < 3 {
		t.Errorf("hot pursuit is an agreement term in %d built-ins; want at least 3", pursuit)
	}
	if n < 40 {
		t.Errorf("only %d expected actions in the built-ins", n)
	}
}
