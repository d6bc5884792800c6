package recording_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// Example records an hour of an exercise (every command batch before its
// Step, the state hash every DefaultCheckpointEvery ticks), then opens
// the file and replays it, which re-simulates the exercise and checks
// every stored hash.
func Example() {
	dir, err := os.MkdirTemp("", "recording-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	sc, err := scenarios.Builtin("fin-rus-winter-surge")
	if err != nil {
		fmt.Println(err)
		return
	}
	scenarios.Automate(sc)
	const seed = 7
	h, err := recording.NewHeader(sc, seed, nil, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	path := filepath.Join(dir, "drill.jsonl")
	wr, err := recording.Create(path, h)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := sim.New(sc, seed)
	for w.Tick() < 3600 {
		var cmds []sim.Command
		if w.Tick() == 900 { // the white cell speeds the exercise up
			cmds = []sim.Command{{ID: 1, Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 10}}
		}
		if err := wr.Append(w.Tick(), cmds); err != nil { // recorded before it is applied
			fmt.Println(err)
			return
		}
		w.Step(cmds)
		if w.Tick()%recording.DefaultCheckpointEvery == 0 {
			if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
				fmt.Println(err)
				return
			}
		}
	}
	if err := wr.Close(); err != nil {
		fmt.Println(err)
		return
	}

	rec, err := recording.Open(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	got, err := recording.Verify(rec)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rec.Header.Scenario, "seed", rec.Header.Seed, "teams", rec.Header.Teams)
	fmt.Println(len(rec.Checkpoints), "hashes verified; replay ends at tick", got.Tick(), "at speed", got.Speed())
	fmt.Println("same state as the live exercise:", got.Hash() == w.Hash())
	// Output:
	// fin-rus-winter-surge seed 7 teams [FIN RUS EU]
	// 6 hashes verified; replay ends at tick 3600 at speed 10
	// same state as the live exercise: true
}
