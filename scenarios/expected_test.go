package scenarios_test

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/scenarios"
)

// TestExpectedActionsTable: docs/SCENARIOS.md maps every built-in MSEL
// row's expected action, word for word, to the orders that perform it.
func TestExpectedActionsTable(t *testing.T) {
	doc := drilltest.ReadFile(t, "../docs/SCENARIOS.md")
	n := 0
	for _, in := range scenarios.Builtins() {
		sc, err := scenarios.Builtin(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range sc.Injects {
			if j.Expected == "" {
				continue
			}
			n++
			row := "| `" + in.Name + "` | " + j.ID + " | " + i18n.Pick(j.Expected, "en") + " | "
			if !strings.Contains(string(doc), row) {
				t.Errorf("docs/SCENARIOS.md has no row %q", row)
			}
		}
	}
	if n < 40 {
		t.Errorf("only %d expected actions in the built-ins", n)
	}
}
