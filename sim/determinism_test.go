package sim

import (
	"testing"
)

// script issues the same commands a trainee and an instructor might, as a
// function of what the World shows them, so that two runs that stay equal
// also stay equal in their commands.
func script(w *World, cmds []Command) []Command {
	cmds = cmds[:0]
	tick := w.Tick()
	switch {
	case tick == 1000:
		cmds = append(cmds, Command{ID: 1, Team: Instructor, Kind: CmdInject, Inject: "I3"})
	case tick == 1500:
		cmds = append(cmds, Command{ID: 2, Team: 0, Kind: CmdLaunch, Unit: 2, Route: w.sc.Units[1].Route})
	case tick == 2000:
		cmds = append(cmds, Command{ID: 3, Team: Instructor, Kind: CmdPause})
	case tick%300 == 0:
		v := w.View(0)
		for _, t := range v.Tracks {
			if t.Source != SrcShared && !t.Custody {
				cmds = append(cmds,
					Command{ID: uint32(tick), Team: 0, Kind: CmdIntercept, Unit: 0, Track: t.ID},
					Command{ID: uint32(tick) + 1, Team: 0, Kind: CmdShare, Track: t.ID, ToTeam: 1})
				break
			}
		}
	}
	return cmds
}

// run steps a World for ticks ticks under script and returns its hash every
// 100th tick.
func run(t testing.TB, s *Scenario, seed uint64, ticks int) []uint64 {
	w, err := New(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	var hashes []uint64
	var cmds []Command
	paused := 0
	for w.Tick() < int32(ticks) {
		cmds = script(w, cmds)
		if w.Paused() {
			paused++
			if paused == 5 {
				cmds = append(cmds, Command{ID: 9, Team: Instructor, Kind: CmdResume})
			}
		}
		before := w.Tick()
		w.Step(cmds)
		if w.Tick() != before && w.Tick()%100 == 0 {
			hashes = append(hashes, w.Hash())
		}
	}
	return hashes
}

func TestDeterminism(t *testing.T) {
	const ticks = 4 * 3600
	a := run(t, fixture(t), 42, ticks)
	b := run(t, fixture(t), 42, ticks)
	if len(a) != ticks/100 || len(b) != len(a) {
		t.Fatalf("got %d and %d hashes, want %d", len(a), len(b), ticks/100)
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("tick %d: hashes differ: %016x vs %016x", (i+1)*100, a[i], b[i])
		}
	}
	c := run(t, fixture(t), 43, ticks)
	if c[len(c)-1] == a[len(a)-1] {
		t.Errorf("seeds 42 and 43 end in the same hash %016x", a[len(a)-1])
	}
}

func TestPauseHoldsTheWorld(t *testing.T) {
	w := stepped(t, 1, 100)
	w.Step([]Command{{ID: 1, Team: Instructor, Kind: CmdPause}})
	tick, h := w.Tick(), w.Hash()
	for range 50 {
		w.Step(nil)
	}
	if w.Tick() != tick || w.Hash() != h {
		t.Fatalf("paused world moved: tick %d→%d, hash %016x→%016x", tick, w.Tick(), h, w.Hash())
	}
	w.Step([]Command{{ID: 2, Team: Instructor, Kind: CmdResume}})
	if w.Tick() != tick+1 {
		t.Fatalf("resume did not step: tick %d, want %d", w.Tick(), tick+1)
	}
}
