package sim_test

import (
	"runtime"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
)

// TestStepAllocatesNothing runs each built-in scenario, every team under
// computer control, for two simulated hours and then checks that a Step
// allocates nothing in steady state: groups set out, move, are seen,
// tracked, shared and caught on slices that have reached their working
// size. What is left is the growth of state that only grows (a new
// group's or track's slot when its slice doubles): a few allocations an
// hour, which testing.AllocsPerRun rounds down to 0 per Step and the
// second check bounds.
func TestStepAllocatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("steps every built-in scenario for three hours")
	}
	const hourGrowth = 64 // allocations an hour of steps may make, each a growing slice's doubling
	for _, in := range scenarios.Builtins() {
		t.Run(in.Name, func(t *testing.T) {
			sc := drilltest.Builtin(t, in.Name)
			scenarios.Automate(sc)
			w := drilltest.NewWorld(t, sc, 1)
			for range 7200 {
				w.Step(nil)
			}
			if got := testing.AllocsPerRun(600, func() { w.Step(nil) }); got != 0 {
				t.Errorf("%v allocations per Step at tick %d", got, w.Tick())
			}
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			for range 3600 / sc.TickSeconds {
				w.Step(nil)
			}
			runtime.ReadMemStats(&after)
			if n := after.Mallocs - before.Mallocs; n > hourGrowth {
				t.Errorf("%d allocations in an hour of Steps, want at most %d", n, hourGrowth)
			}
		})
	}
}
