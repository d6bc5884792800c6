package recording_test

import (
	"flag"
	"math"
	"os"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite testdata/v1-fin-rus.jsonl")

// golden is the committed version-1 recording: fin-rus-winter-surge from
// its YAML file, seed 7, two simulated hours, FIN played by the trainee of
// drive, RUS and EU computer-controlled, with a pause, an instructor inject
// and a speed change in the middle.
const (
	golden       = "testdata/v1-fin-rus.jsonl"
	goldenSource = "../scenarios/builtin/fin-rus-winter-surge.yaml"
	goldenSeed   = 7
	goldenTicks  = 7200
	pauseTick    = 1800 // the instructor pauses, fires M5, sets speed 10, resumes
)

// goldenScenario loads the scenario of the golden recording with its
// Auto mask.
func goldenScenario(t testing.TB) (*sim.Scenario, []byte) {
	t.Helper()
	src, err := os.ReadFile(goldenSource)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse(goldenSource, src)
	if err != nil {
		t.Fatal(err)
	}
	sc.Auto = 1<<1 | 1<<2 // RUS and EU
	return sc, src
}

// unitID returns the id of the unit called name.
func unitID(t testing.TB, sc *sim.Scenario, name string) int32 {
	for i, u := range sc.Units {
		if u.Name == name {
			return int32(i)
		}
	}
	t.Fatalf("no unit %q", name)
	return -1
}

// script returns the batches a FIN trainee and the white cell send at the
// World's current tick. It depends only on the World's state, so that a
// resumed exercise goes on exactly as the original did.
func script(t testing.TB, w *sim.World) [][]sim.Command {
	sc := w.Scenario()
	tick := w.Tick()
	id := func(k int) uint32 { return uint32(tick)*16 + uint32(k) }
	const fin, rus = 0, 1
	switch tick {
	case 0:
		return [][]sim.Command{{
			{ID: id(0), Team: fin, Kind: sim.CmdMove, Unit: unitID(t, sc, "Nuijamaa foot 1"), Target: sc.Units[unitID(t, sc, "Partio 31")].Route[0]},
		}}
	case pauseTick:
		return [][]sim.Command{
			{{ID: id(0), Team: sim.Instructor, Kind: sim.CmdPause}},
			{{ID: id(1), Team: sim.Instructor, Kind: sim.CmdInject, Inject: "M5"}, {ID: id(2), Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 10}},
			{{ID: id(3), Team: sim.Instructor, Kind: sim.CmdResume}},
		}
	case 2400:
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdRecall, Unit: unitID(t, sc, "Haukka 1")}}}
	case 3000: // a trainee mistake: ordering the neighbour's unit
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdHold, Unit: unitID(t, sc, "Zastava Torfyanovka foot")}}}
	case 4200:
		u := sc.Units[unitID(t, sc, "Haukka 1")]
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdLaunch, Unit: unitID(t, sc, "Haukka 1"), Route: u.Route}}}
	case 5000:
		u := sc.Units[unitID(t, sc, "Partio 32")]
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdPatrol, Unit: unitID(t, sc, "Partio 32"), Route: []orb.Point{u.Route[1], u.Route[0]}}}}
	}
	if tick%120 != 0 {
		return nil
	}
	// Every two minutes: intercept the freshest unassigned track with the
	// nearest free ground unit, and share it with Russia.
	v := w.View(fin)
	var best *sim.TrackView
	for i := range v.Tracks {
		tr := &v.Tracks[i]
		if tr.Custody || tr.Age > 120 || tr.From >= 0 {
			continue
		}
		taken := false
		for _, u := range v.Units {
			taken = taken || (u.Order == sim.OrderIntercept && u.Track == tr.ID)
		}
		if !taken && (best == nil || tr.ID > best.ID) {
			best = tr
		}
	}
	if best == nil {
		return nil
	}
	var cmds []sim.Command
	unit, d := int32(-1), math.Inf(1)
	for _, u := range v.Units {
		if u.Kind == sim.Drone || u.Order == sim.OrderIntercept {
			continue
		}
		if dd := math.Hypot(u.Pos[0]-best.Pos[0], u.Pos[1]-best.Pos[1]); dd < d {
			unit, d = u.ID, dd
		}
	}
	if unit >= 0 {
		cmds = append(cmds, sim.Command{ID: id(0), Team: fin, Kind: sim.CmdIntercept, Unit: unit, Track: best.ID})
	}
	cmds = append(cmds, sim.Command{ID: id(1), Team: fin, Kind: sim.CmdShare, Track: best.ID, ToTeam: rus})
	return [][]sim.Command{cmds}
}

// drive runs w to tick end as the server would with script's commands:
// each batch is recorded before its Step, a checkpoint after every Step
// that reaches a multiple of recording.DefaultCheckpointEvery, and one at
// the end.
func drive(t testing.TB, w *sim.World, rec *recording.Writer, end int32) {
	t.Helper()
	last := int32(-1)
	checkpoint := func() {
		if tk := w.Tick(); tk != last {
			if err := rec.Checkpoint(tk, w.Hash()); err != nil {
				t.Fatal(err)
			}
			last = tk
		}
	}
	for w.Tick() < end {
		before := w.Tick()
		batches := script(t, w)
		if len(batches) == 0 {
			batches = [][]sim.Command{nil}
		}
		for _, b := range batches {
			if err := rec.Append(w.Tick(), b); err != nil {
				t.Fatal(err)
			}
			w.Step(b)
		}
		if w.Tick() != before && w.Tick()%recording.DefaultCheckpointEvery == 0 {
			checkpoint()
		}
	}
	checkpoint()
}

// writeGolden makes the golden recording at path.
func writeGolden(t testing.TB, path string) {
	sc, src := goldenScenario(t)
	rec := drilltest.Create(t, path, sc, goldenSeed, src, goldenSource)
	w, err := sim.New(sc, goldenSeed)
	if err != nil {
		t.Fatal(err)
	}
	drive(t, w, rec, goldenTicks)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
}

// verify replays rec, checking every stored hash, and returns the World
// it reached.
func verify(t testing.TB, rec *recording.Recording) *sim.World {
	t.Helper()
	w, err := recording.Verify(rec)
	if err != nil {
		t.Fatal(err)
	}
	return w
}
