package main_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

func TestMapsList(t *testing.T) {
	r := borderdrill(t, "maps", "--json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var pairs []struct {
		Name      string `json:"name"`
		Countries []struct {
			Code, Name string
		} `json:"countries"`
		BorderKM float64 `json:"border_km"`
		Bundled  string  `json:"bundled"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &pairs); err != nil {
		t.Fatal(err)
	}
	if len(pairs) != 337 {
		t.Fatalf("%d pairs, want 337", len(pairs))
	}
	found := map[string]bool{}
	for _, p := range pairs {
		found[p.Name] = true
		if len(p.Countries) != 2 || p.BorderKM <= 0 || p.Name != strings.ToLower(p.Countries[0].Code+"-"+p.Countries[1].Code) {
			t.Errorf("pair %+v", p)
		}
		if p.Name == "blr-pol" && p.Bundled != "pol-blr" {
			t.Errorf("blr-pol bundled as %q, want pol-blr", p.Bundled)
		}
	}
	for _, n := range []string{"nor-swe", "bgd-ind", "pol-ukr", "mex-usa"} {
		if !found[n] {
			t.Errorf("%s not listed", n)
		}
	}
	text := borderdrill(t, "maps")
	if text.code != 0 || !strings.Contains(text.stdout, "nor-swe ") || !strings.Contains(text.stdout, "Norway / Sweden") {
		t.Errorf("text listing: exit %d\n%s", text.code, text.stdout)
	}
}

// TestNewScenarioTenPairs writes starter scenarios for ten pairs on four
// continents that are not bundled, validates them and runs each 12 h
// headless twice: the same state hash both times.
func TestNewScenarioTenPairs(t *testing.T) {
	dir := t.TempDir()
	for _, pair := range []string{"nor-swe", "ind-bgd", "pol-ukr", "arg-chl", "can-usa", "fra-esp", "zaf-moz", "tha-mys", "bra-ury", "egy-sdn"} {
		t.Run(pair, func(t *testing.T) {
			file := filepath.Join(dir, pair+".yaml")
			if r := borderdrill(t, "new-scenario", pair, "-o", file); r.code != 0 {
				t.Fatalf("new-scenario: exit %d: %s", r.code, r.stderr)
			}
			if r := borderdrill(t, "validate", file); r.code != 0 || !strings.Contains(r.stdout, ": ok") {
				t.Fatalf("validate: exit %d: %s%s", r.code, r.stdout, r.stderr)
			}
			run := func() (hash string, ticks int, crossed int) {
				r := borderdrill(t, "run", "--scenario", file, "--duration", "12h", "--json")
				if r.code != 0 {
					t.Fatalf("run: exit %d: %s", r.code, r.stderr)
				}
				var sum struct {
					Map       string `json:"map"`
					StateHash string `json:"state_hash"`
					Ticks     int    `json:"ticks"`
					Crossings struct {
						Attempted int `json:"attempted"`
					} `json:"crossings"`
				}
				if err := json.Unmarshal([]byte(r.stdout), &sum); err != nil {
					t.Fatal(err)
				}
				if sum.Map != pair {
					t.Errorf("map %q, want %q", sum.Map, pair)
				}
				return sum.StateHash, sum.Ticks, sum.Crossings.Attempted
			}
			h1, ticks, attempted := run()
			h2, _, _ := run()
			if h1 == "" || h1 != h2 {
				t.Errorf("state hashes %q and %q", h1, h2)
			}
			if ticks != 12*3600 {
				t.Errorf("%d ticks, want %d", ticks, 12*3600)
			}
			if attempted == 0 {
				t.Errorf("no crossing attempted in 12 h")
			}
		})
	}
}

func TestNewScenarioErrors(t *testing.T) {
	tests := []struct{ name, pair, want string }{
		{"no border", "nor-fra", "nearest: fin-nor"},
		{"typo", "nor-swd", "nor-swe"},
		{"not a pair", "norway", "borderdrill maps"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := borderdrill(t, "new-scenario", tc.pair)
			if r.code == 0 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want an error naming %q", r.code, r.stderr, tc.want)
			}
		})
	}
	if r := borderdrill(t, "new-scenario"); r.code != 2 {
		t.Errorf("no pair: exit %d, want 2", r.code)
	}
}
