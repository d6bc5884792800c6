package scenarios_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
)

var update = flag.Bool("update", false, "rewrite the golden summaries in testdata/golden")

// goldenTicks is how long each built-in runs for its golden summary.
const goldenTicks = 2 * 3600 // ticks at 1 s

// TestGolden compares the summary of every built-in after 2 h at seed 1
// with testdata/golden/NAME.json (go test ./scenarios -run Golden -update
// rewrites them after an intended change of the simulation or scenarios).
func TestGolden(t *testing.T) {
	for _, in := range scenarios.Builtins() {
		t.Run(in.Name, func(t *testing.T) {
			t.Parallel()
			got, err := json.MarshalIndent(scenarios.Summarize(drilltest.Run(t, in.Name, 1, goldenTicks)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "golden", in.Name+".json")
			if want, ok := drilltest.Golden(t, path, got, *update, "go test ./scenarios -run Golden -update"); !ok {
				t.Errorf("summary differs from %s (go test ./scenarios -run Golden -update, if the change is intended):\n%s", path, lineDiff(want, got))
			}
		})
	}
}

// lineDiff lists the lines that differ between two texts of the same shape.
func lineDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	var b strings.Builder
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n  want %s\n   got %s\n", i+1, strings.TrimSpace(wl), strings.TrimSpace(gl))
		}
	}
	return b.String()
}

func TestSummarize(t *testing.T) {
	w := drilltest.Run(t, scenarios.Default, 7, 600)
	s := scenarios.Summarize(w)
	if s.Scenario != scenarios.Default || s.Map != "fin-rus" || s.Seed != 7 || s.Ticks != 600 || s.SimSeconds != 600 {
		t.Errorf("header %q %q seed %d ticks %d seconds %d", s.Scenario, s.Map, s.Seed, s.Ticks, s.SimSeconds)
	}
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(s.StateHash) {
		t.Errorf("state hash %q is not 16 hex digits", s.StateHash)
	}
	if len(s.Objectives) != len(w.Scenario().Objectives) || len(s.Teams) != len(w.Scenario().Teams) {
		t.Errorf("%d objectives and %d teams in the summary, want %d and %d",
			len(s.Objectives), len(s.Teams), len(w.Scenario().Objectives), len(w.Scenario().Teams))
	}
	st := w.Stats()
	if s.Crossings.Attempted != st.Attempted || s.TracksShared != st.TracksShared || s.Checkpoint.Vehicles != st.CheckVehicles {
		t.Errorf("summary %+v does not match stats %+v", s, st)
	}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"scenario", "seed", "ticks", "state_hash", "crossings", "tracks_shared", "incidents", "checkpoint", "custody", "objectives"} {
		if _, ok := m[k]; !ok {
			t.Errorf("JSON summary has no %q", k)
		}
	}
	var text strings.Builder
	if err := s.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{s.StateHash, "600 ticks", w.Scenario().Objectives[0].ID} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text summary lacks %q:\n%s", want, text.String())
		}
	}
}

func TestSummaryDeterministic(t *testing.T) {
	a := scenarios.Summarize(drilltest.Run(t, scenarios.Default, 3, 1800))
	b := scenarios.Summarize(drilltest.Run(t, scenarios.Default, 3, 1800))
	if a.StateHash != b.StateHash {
		t.Errorf("same seed, hashes %s and %s", a.StateHash, b.StateHash)
	}
	c := scenarios.Summarize(drilltest.Run(t, scenarios.Default, 4, 1800))
	if c.StateHash == a.StateHash {
		t.Errorf("seeds 3 and 4 give the same hash %s", a.StateHash)
	}
}
