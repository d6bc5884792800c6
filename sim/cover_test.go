package sim_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// TestCoverFromMapAndScenario compares the mean cover of the land within
// 30 km of the border on two built-ins: with their cover areas the
// Białowieża forest scenario must give far more cover than the Mandera
// desert one (the map's synthetic field alone gives both about 0.35).
func TestCoverFromMapAndScenario(t *testing.T) {
	mean := func(name string, areas bool) float64 {
		sc, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if !areas {
			sc.Cover = nil
		}
		w, err := sim.New(sc, 1)
		if err != nil {
			t.Fatal(err)
		}
		m := sc.Map
		sum, n := 0.0, 0
		b := m.Bound
		for y := b.Min[1]; y < b.Max[1]; y += 2000 {
			for x := b.Min[0]; x < b.Max[0]; x += 2000 {
				p := orb.Point{x, y}
				if m.OnLand(p) && m.BorderDistance(p) < 30000 {
					sum += w.CoverAt(p)
					n++
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no land near the border", name)
		}
		return sum / float64(n)
	}
	forest, desert := mean("pol-blr-bialowieza-forest", true), mean("ken-som-mandera-desert", true)
	t.Logf("mean cover within 30 km of the border: Białowieża %.3f, Mandera %.3f", forest, desert)
	if forest < 2*desert || desert > 0.15 {
		t.Errorf("Białowieża %.3f, Mandera %.3f: want the forest at least twice the desert and the desert open", forest, desert)
	}
	if plain := mean("ken-som-mandera-desert", false); plain < 2*desert {
		t.Errorf("Mandera without its cover areas %.3f, with %.3f: the areas change nothing", plain, desert)
	}
}
