package recording_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// BenchmarkReplay24h re-simulates a 24-hour recording of the busiest
// built-in scenario from the start, as a seek does, checking its 144
// hashes; Seek12h stops half way.
func BenchmarkReplay24h(b *testing.B) {
	rec := record24h(b)
	benchErr(b, "end", func() error {
		_, err := recording.Verify(rec)
		return err
	})
	benchErr(b, "seek12h", func() error {
		_, err := recording.Replay(rec, recording.Options{To: 12 * 3600})
		return err
	})
	// A client's seek to 12 h once it has its snapshots (exercise.Replay
	// keeps 12, 2 h apart for 24 h, and starts 10 minutes before the
	// tick): the worst case re-simulates 2 h 10 min.
	b.Run("seek12hFromSnapshot", func(b *testing.B) {
		var snap *sim.World
		last := int32(0)
		if _, err := recording.Replay(rec, recording.Options{To: 12 * 3600, NoVerify: true, OnStep: func(w *sim.World, _ []sim.Event) {
			if t := w.Tick(); t != last && t == 12*3600-7800 {
				snap = w.Clone()
			}
			last = w.Tick()
		}}); err != nil || snap == nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := recording.Replay(rec, recording.Options{To: 12 * 3600, NoVerify: true, From: snap.Clone()}); err != nil {
				b.Fatal(err)
			}
		}
	})
	// What a server's "branch here" at 12 h costs: the re-simulation to
	// the tick, then writing the branch's recording up to it.
	b.Run("branch12h", func(b *testing.B) {
		b.ReportAllocs()
		path := filepath.Join(b.TempDir(), "branch.jsonl")
		for b.Loop() {
			w, err := recording.Replay(rec, recording.Options{To: 12 * 3600})
			if err != nil {
				b.Fatal(err)
			}
			wr, err := recording.Branch(path, rec, recording.Origin{Recording: "24h", Tick: w.Tick()}, w)
			if err != nil {
				b.Fatal(err)
			}
			if err := wr.Close(); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// record24h records 24 simulated hours of col-ven-cucuta-bridges (the
// built-in with the most crossing attempts), every team automated.
func record24h(b *testing.B) *recording.Recording {
	rec, _ := drilltest.Record(b, "col-ven-cucuta-bridges", 1, 24*3600)
	return rec
}

// BenchmarkListing compares reading a whole 24-hour recording that has a
// command batch at every tick (Open, as replay needs) with Peek (header
// and last tick, as the server's list of recordings needs).
func BenchmarkListing(b *testing.B) {
	sc, err := scenarios.Builtin("col-ven-cucuta-bridges")
	if err != nil {
		b.Fatal(err)
	}
	path := filepath.Join(b.TempDir(), "busy.jsonl")
	wr := drilltest.Create(b, path, sc, 1, nil, "")
	cmd := []sim.Command{{Team: 0, Kind: sim.CmdHold, Unit: 0}}
	for tick := int32(0); tick < 24*3600; tick++ {
		cmd[0].ID = uint32(tick + 1)
		if err := wr.Append(tick, cmd); err != nil {
			b.Fatal(err)
		}
		if tick%600 == 0 {
			if err := wr.Checkpoint(tick, 0); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := wr.Close(); err != nil {
		b.Fatal(err)
	}
	benchErr(b, "open", func() error {
		_, err := recording.Open(path)
		return err
	})
	benchErr(b, "peek", func() error {
		s, err := recording.Peek(path)
		if err == nil && s.LastTick != 24*3600-1 {
			err = fmt.Errorf("last tick %d, want %d", s.LastTick, 24*3600-1)
		}
		return err
	})
}

// benchErr runs f as the sub-benchmark name, reporting allocations and
// stopping at f's first error.
func benchErr(b *testing.B, name string, f func() error) {
	b.Run(name, func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := f(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
