package scenarios_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// tenPairs are land borders not bundled with official checkpoints, on four
// continents: Europe, Asia, Africa and the Americas.
var tenPairs = []string{
	"nor-swe", "pol-ukr", // Europe
	"bgd-ind", "chn-mng", "mys-tha", // Asia
	"cmr-nga", "eth-ken", // Africa
	"arg-chl", "bra-per", "gtm-mex", // South and Central America
}

// TestWorldPairsRun: each pair's generated starter scenario validates, and
// runs 12 hours headless (every team computer-controlled) to the same
// state hash every hour in two runs at one seed; the run sees crossings.
func TestWorldPairsRun(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: ten 12-hour runs")
	}
	for _, pair := range tenPairs {
		t.Run(pair, func(t *testing.T) {
			src, err := scenarios.Starter(pair)
			if err != nil {
				t.Fatal(err)
			}
			run := func() ([]uint64, sim.Stats) {
				sc, err := scenarios.Parse(pair+".yaml", src)
				if err != nil {
					t.Fatalf("the starter scenario does not validate:\n%v", err)
				}
				scenarios.Automate(sc)
				w, err := sim.New(sc, 7)
				if err != nil {
					t.Fatal(err)
				}
				hour := int32(3600 / max(sc.TickSeconds, 1))
				var hashes []uint64
				for w.Tick() < 12*hour {
					w.Step(nil)
					if w.Tick()%hour == 0 {
						hashes = append(hashes, w.Hash())
					}
				}
				return hashes, w.Stats()
			}
			a, stats := run()
			b, _ := run()
			if len(a) != 12 {
				t.Fatalf("%d hourly hashes, want 12", len(a))
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("hour %d: hash %016x, then %016x", i+1, a[i], b[i])
				}
			}
			if stats.Crossed == 0 && stats.Detected == 0 {
				t.Errorf("12 hours without a crossing or a detection: %+v", stats)
			}
			t.Logf("%s: 12 h, final hash %016x, %+v", pair, a[11], stats)
		})
	}
}
