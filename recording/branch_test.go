package recording_test

import (
	"path/filepath"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// TestBranch branches the golden recording at several ticks (one of them
// the tick of the instructor's pause, inject and resume batches), goes on
// with the same trainee script, and checks that the branch's own
// recording verifies, starts as the golden did, names its origin and ends
// where the golden ends; and that a branch that goes its own way records
// and verifies too.
func TestBranch(t *testing.T) {
	src, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	final := src.Checkpoints[len(src.Checkpoints)-1]
	for _, at := range []int32{1, pauseTick, 3001} {
		w, wr := branchAt(t, src, at)
		drive(t, w, wr, goldenTicks)
		rec := drilltest.Reopen(t, wr)
		if o := rec.Header.BranchOf; o == nil || o.Recording != "golden" || o.Tick != at {
			t.Errorf("at %d: BranchOf = %+v", at, o)
		}
		got, err := recording.Verify(rec)
		if err != nil {
			t.Fatalf("at %d: the branch does not verify: %v", at, err)
		}
		if got.Tick() != final.Tick || got.Hash() != final.Hash {
			t.Errorf("at %d: the branch ended at tick %d hash %016x, the golden at %d %016x", at, got.Tick(), got.Hash(), final.Tick, final.Hash)
		}
		n := 0
		for _, b := range src.Batches {
			if b.Tick < at {
				n++
			}
		}
		for i := range n {
			if rec.Batches[i].Tick != src.Batches[i].Tick || len(rec.Batches[i].Cmds) != len(src.Batches[i].Cmds) {
				t.Fatalf("at %d: batch %d is at tick %d with %d commands, the golden's at %d with %d", at, i,
					rec.Batches[i].Tick, len(rec.Batches[i].Cmds), src.Batches[i].Tick, len(src.Batches[i].Cmds))
			}
		}
	}

	// A branch that does something else: at 3001 the FIN trainee sends a
	// patrol to the start of another's route, and nothing else.
	w, wr := branchAt(t, src, 3001)
	sc := w.Scenario()
	cmds := []sim.Command{{ID: 1, Team: 0, Kind: sim.CmdMove, Unit: unitID(t, sc, "Partio 31"), Target: sc.Units[unitID(t, sc, "Partio 32")].Route[0]}}
	if err := wr.Append(w.Tick(), cmds); err != nil {
		t.Fatal(err)
	}
	w.Step(cmds)
	for w.Tick() < 3600 {
		w.Step(nil)
	}
	if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
		t.Fatal(err)
	}
	rec := drilltest.Reopen(t, wr)
	got, err := recording.Verify(rec)
	if err != nil {
		t.Fatalf("the diverging branch does not verify: %v", err)
	}
	if got.Hash() != w.Hash() {
		t.Errorf("the diverging branch replays to %016x, the World was %016x", got.Hash(), w.Hash())
	}
	for _, c := range src.Checkpoints {
		if c.Tick == 3600 && c.Hash == w.Hash() {
			t.Error("the branch that moved Partio 31 has the golden's hash at 3600")
		}
	}

	// The World must be at the tick the origin names.
	if _, err := recording.Branch(filepath.Join(t.TempDir(), "bad.jsonl"), src, recording.Origin{Recording: "golden", Tick: 5}, w); err == nil {
		t.Error("Branch accepted a World at another tick than its origin")
	}
}

// TestReplayFrom takes snapshots of the golden recording's World as a
// replay reaches every 600th tick (1800 among them, where the white cell's
// pause, inject and resume batches wait) and replays on from them: every
// target tick gives the hash of a replay from tick 0, and a replay from a
// snapshot to the end checks the checkpoints after it.
func TestReplayFrom(t *testing.T) {
	rec, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	snaps := map[int32]*sim.World{}
	last := int32(-1)
	if _, err := recording.Replay(rec, recording.Options{OnStep: func(w *sim.World, _ []sim.Event) {
		if t := w.Tick(); t != last && t%600 == 0 {
			snaps[t] = w.Clone()
		}
		last = w.Tick()
	}}); err != nil {
		t.Fatal(err)
	}
	if len(snaps) < 10 || snaps[pauseTick] == nil {
		t.Fatalf("%d snapshots, none at %d", len(snaps), pauseTick)
	}
	for _, to := range []int32{pauseTick, pauseTick + 1, 2500, 3601, 7000} {
		want, err := recording.Replay(rec, recording.Options{To: to})
		if err != nil {
			t.Fatal(err)
		}
		for at, snap := range snaps {
			if at > to {
				continue
			}
			got, err := recording.Replay(rec, recording.Options{To: to, From: snap.Clone(), NoVerify: true})
			if err != nil {
				t.Fatal(err)
			}
			if got.Tick() != to || got.Hash() != want.Hash() || got.Paused() != want.Paused() {
				t.Fatalf("from the snapshot at %d to %d: tick %d hash %016x; from tick 0: %d %016x", at, to, got.Tick(), got.Hash(), want.Tick(), want.Hash())
			}
		}
	}
	end, err := recording.Replay(rec, recording.Options{From: snaps[3600].Clone()})
	if err != nil {
		t.Fatalf("from 3600 to the end, checking the checkpoints: %v", err)
	}
	if final := rec.Checkpoints[len(rec.Checkpoints)-1]; end.Tick() != final.Tick || end.Hash() != final.Hash {
		t.Errorf("from 3600 the replay ends at %d %016x, the recording at %d %016x", end.Tick(), end.Hash(), final.Tick, final.Hash)
	}
}

// branchAt replays the golden recording src to tick at and branches it
// there into a new file: the World at the tick and the branch's writer.
func branchAt(t *testing.T, src *recording.Recording, at int32) (*sim.World, *recording.Writer) {
	t.Helper()
	origin := recording.Origin{Recording: "golden", Tick: at}
	w, err := recording.Replay(src, recording.Options{To: origin.Tick})
	if err != nil {
		t.Fatal(err)
	}
	wr, err := recording.Branch(filepath.Join(t.TempDir(), "branch.jsonl"), src, origin, w)
	if err != nil {
		t.Fatal(err)
	}
	return w, wr
}
