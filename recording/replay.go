package recording

import (
	"fmt"
	"os"

	"github.com/borderdrill/borderdrill/sim"
)

// Options tune Replay.
type Options struct {
	// To stops the replay when the World reaches this tick, before the
	// commands recorded at it are applied; 0 replays to the end.
	To int32
	// NoVerify skips the checkpoint comparisons.
	NoVerify bool
	// OnStep, if set, is called after every Step of the replay (the empty
	// ones between batches too) with the Step's events, which are valid
	// until the next Step.
	OnStep func(w *sim.World, events []sim.Event)
	// From, if set, is the World to go on from instead of a new one at
	// tick 0: this recording's World as the replay had it right after the
	// Step that reached From.Tick(), before any batch recorded at that
	// tick (a snapshot, sim.World.Clone, taken in OnStep when the tick
	// moved on). Replay steps it itself.
	From *sim.World
}

// MismatchError reports the first checkpoint whose stored hash differs
// from the replayed World's.
type MismatchError struct {
	Tick   int32
	Stored uint64
	Got    uint64
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("recording: mismatch at tick %d: stored %016x, got %016x", e.Tick, e.Stored, e.Got)
}

// Replay rebuilds the World at tick 0 and re-simulates the recording: it
// steps empty ticks up to each batch's tick, steps the batch exactly as
// recorded, and checks the state hash at each checkpoint (in file order,
// so a checkpoint written while paused is checked while paused). It stops
// at the end of the recording or at opt.To. A hash that differs is a
// *MismatchError naming its tick.
func Replay(rec *Recording, opt Options) (*sim.World, error) {
	w := opt.From
	if w == nil {
		sc, err := rec.Scenario()
		if err != nil {
			return nil, err
		}
		if w, err = sim.New(sc, rec.Header.Seed); err != nil {
			return nil, fmt.Errorf("recording: %w", err)
		}
	}
	// advance steps empty ticks until the World is at tick t; it reports
	// false when opt.To came first.
	advance := func(t int32) (bool, error) {
		for w.Tick() < t {
			if opt.To > 0 && w.Tick() >= opt.To {
				return false, nil
			}
			if w.Paused() {
				return false, fmt.Errorf("recording: the World is paused at tick %d but the next record is at tick %d", w.Tick(), t)
			}
			evs := w.Step(nil)
			if opt.OnStep != nil {
				opt.OnStep(w, evs)
			}
		}
		if w.Tick() > t {
			return false, fmt.Errorf("recording: a record at tick %d follows tick %d", t, w.Tick())
		}
		return opt.To <= 0 || w.Tick() < opt.To, nil
	}
	bi, ci := 0, 0
	for bi < len(rec.Batches) && rec.Batches[bi].Tick < w.Tick() {
		bi++ // before From
	}
	for ci < len(rec.Checkpoints) && rec.Checkpoints[ci].Tick < w.Tick() {
		ci++
	}
	for bi < len(rec.Batches) || ci < len(rec.Checkpoints) {
		if ci < len(rec.Checkpoints) && (bi == len(rec.Batches) || rec.Checkpoints[ci].Seq < rec.Batches[bi].Seq) {
			c := rec.Checkpoints[ci]
			ci++
			more, err := advance(c.Tick)
			if err != nil {
				return w, err
			}
			if !opt.NoVerify && w.Tick() == c.Tick {
				if h := w.Hash(); h != c.Hash {
					return w, &MismatchError{Tick: c.Tick, Stored: c.Hash, Got: h}
				}
			}
			if !more {
				return w, nil
			}
			continue
		}
		b := rec.Batches[bi]
		bi++
		more, err := advance(b.Tick)
		if err != nil {
			return w, err
		}
		if !more {
			return w, nil
		}
		evs := w.Step(b.Cmds)
		if opt.OnStep != nil {
			opt.OnStep(w, evs)
		}
	}
	if opt.To > 0 {
		_, err := advance(opt.To)
		return w, err
	}
	return w, nil
}

// Verify replays the whole recording and checks every checkpoint; it
// returns the World at the end.
func Verify(rec *Recording) (*sim.World, error) {
	return Replay(rec, Options{})
}

// Resume reopens the recording at path after a crash: it rebuilds the
// World by replaying the recording to its end (checking every hash),
// drops a last line cut short, and returns the World with a Writer that
// appends to the same file. Ticks stepped without commands after the last
// checkpoint were not recorded: the World resumes at the last recorded
// tick.
func Resume(path string) (*sim.World, *Writer, error) {
	rec, err := Open(path)
	if err != nil {
		return nil, nil, err
	}
	w, err := Replay(rec, Options{})
	if err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return nil, nil, fmt.Errorf("recording: %w", err)
	}
	if err := f.Truncate(rec.valid); err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("recording: %w", err)
	}
	wr := &Writer{f: f, path: path, off: rec.valid, last: rec.LastTick()}
	if rec.needsNL {
		if err := wr.write([]byte("\n"), true); err != nil {
			f.Close()
			return nil, nil, err
		}
	} else if err := wr.Sync(); err != nil {
		f.Close()
		return nil, nil, err
	}
	return w, wr, nil
}
