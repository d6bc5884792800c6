package sim_test

import (
	"fmt"

	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// Example loads a built-in scenario, lets the computer command every team
// for an hour of simulated time, and shows what the engine promises: the
// same scenario, seed and commands give the same state hash at every
// tick, and another seed gives another run.
func Example() {
	sc, err := scenarios.Builtin("fin-rus-winter-surge")
	if err != nil {
		fmt.Println(err)
		return
	}
	scenarios.Automate(sc)
	a, _ := sim.New(sc, 7)
	b, _ := sim.New(sc, 7)
	c, _ := sim.New(sc, 8)
	same := true
	for range 3600 / sc.TickSeconds {
		a.Step(nil)
		b.Step(nil)
		c.Step(nil)
		same = same && a.Hash() == b.Hash()
	}
	fmt.Printf("tick %d, %02d:%02d, %d teams\n", a.Tick(), a.Clock()/3600%24, a.Clock()/60%60, len(sc.Teams))
	fmt.Println("same seed, same hash at every tick:", same)
	fmt.Println("another seed, another hash:", a.Hash() != c.Hash())
	// Output:
	// tick 3600, 22:00, 3 teams
	// same seed, same hash at every tick: true
	// another seed, another hash: true
}

// ExampleWorld_Step sends two commands in one Step: a team orders its own
// unit, which is accepted, and the neighbour's, which is rejected with a
// reason. Every command gets exactly one answer among the Step's events.
func ExampleWorld_Step() {
	sc, err := scenarios.Builtin("fin-rus-winter-surge")
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := sim.New(sc, 1)
	fin := 0 // team index of FIN
	var own, foreign int32 = -1, -1
	for i, u := range sc.Units {
		if u.Team == fin && own < 0 {
			own = int32(i)
		}
		if u.Team != fin && foreign < 0 {
			foreign = int32(i)
		}
	}
	events := w.Step([]sim.Command{
		{ID: 1, Team: fin, Kind: sim.CmdHold, Unit: own},
		{ID: 2, Team: fin, Kind: sim.CmdHold, Unit: foreign},
	})
	for _, e := range events {
		if e.Kind == sim.EvAccepted || e.Kind == sim.EvRejected {
			fmt.Printf("command %d %s", e.CmdID, e.Kind)
			if e.Text != "" {
				fmt.Printf(": %s", e.Text)
			}
			fmt.Println()
		}
	}
	// Output:
	// command 1 accepted
	// command 2 rejected: not_your_unit
}
