package recording

import (
	"fmt"
	"sync"

	"github.com/borderdrill/borderdrill/sim"
)

// Snapshots: Player.Survey keeps at most MaxSnapshots copies of the World
// (1–5 MB each for the built-in scenarios), at least MinSnapshotGap ticks
// apart and at the recording's checkpoint ticks, so that a seek
// re-simulates from the nearest checkpoint before it rather than from
// tick 0.
const (
	MaxSnapshots   = 12
	MinSnapshotGap = 1800 // ticks
)

// Player plays a recording forward tick by tick, applying the batches
// recorded at each tick as Replay does, and seeks by re-simulation from
// the nearest snapshot. Its World is the caller's to read between calls;
// only the Player steps it. Survey may run on another goroutine; the other
// methods belong to one goroutine.
type Player struct {
	rec *Recording
	w   *sim.World
	bi  int // next batch to apply

	mu    sync.Mutex
	snaps []*sim.World // in tick order, never stepped
}

// NewPlayer starts playing rec at tick 0.
func NewPlayer(rec *Recording) (*Player, error) {
	sc, err := rec.Scenario()
	if err != nil {
		return nil, err
	}
	w, err := sim.New(sc, rec.Header.Seed)
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	return &Player{rec: rec, w: w}, nil
}

// Recording returns the recording played.
func (p *Player) Recording() *Recording { return p.rec }

// World returns the World as played so far.
func (p *Player) World() *sim.World { return p.w }

// Duration returns the recording's last tick.
func (p *Player) Duration() int32 { return p.rec.LastTick() }

// Step advances the World by one tick, applying the batches recorded at
// the current tick, and hands each Step's events to keep. It reports
// false at the end of the recording, or when the World is paused with no
// batch left at its tick.
func (p *Player) Step(keep func([]sim.Event)) bool {
	start := p.w.Tick()
	if start >= p.Duration() {
		return false
	}
	bs := p.rec.Batches
	for p.w.Tick() == start {
		for p.bi < len(bs) && bs[p.bi].Tick < start {
			p.bi++ // cannot happen in a valid recording
		}
		var evs []sim.Event
		switch {
		case p.bi < len(bs) && bs[p.bi].Tick == start:
			evs = p.w.Step(bs[p.bi].Cmds)
			p.bi++
		case p.w.Paused():
			return false
		default:
			evs = p.w.Step(nil)
		}
		if keep != nil {
			keep(evs)
		}
	}
	return true
}

// Seek re-simulates to tick (clamped to 0..Duration) from the latest
// snapshot at or before from (tick itself when from > tick), showing each
// Step's events to onStep (which may be nil). On an error the Player is
// left where it was.
func (p *Player) Seek(tick, from int32, onStep func(*sim.World, []sim.Event)) error {
	w, err := p.WorldAt(tick, from, onStep)
	if err != nil {
		return err
	}
	p.Jump(w)
	return nil
}

// WorldAt returns a new World re-simulated to tick (clamped to
// 0..Duration) from the latest snapshot at or before from (tick itself
// when from > tick); the Player is unchanged, so that the re-simulation
// may run while another goroutine holds on to the Player's World.
func (p *Player) WorldAt(tick, from int32, onStep func(*sim.World, []sim.Event)) (*sim.World, error) {
	tick = min(max(tick, 0), p.Duration())
	if tick == 0 {
		sc, err := p.rec.Scenario()
		if err != nil {
			return nil, err
		}
		return sim.New(sc, p.rec.Header.Seed)
	}
	return Replay(p.rec, Options{To: tick, NoVerify: true, OnStep: onStep, From: p.snapshotBefore(min(from, tick))})
}

// Jump makes the Player go on from w, a World of this recording that
// WorldAt returned.
func (p *Player) Jump(w *sim.World) {
	p.w, p.bi = w, 0
	for p.bi < len(p.rec.Batches) && p.rec.Batches[p.bi].Tick < w.Tick() {
		p.bi++
	}
}

// Snapshots returns how many snapshots seeks may start from so far.
func (p *Player) Snapshots() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.snaps)
}

// snapshotBefore returns a copy of the latest snapshot at or before tick,
// or nil when there is none.
func (p *Player) snapshotBefore(tick int32) *sim.World {
	p.mu.Lock()
	var best *sim.World
	for _, s := range p.snaps {
		if s.Tick() > tick {
			break
		}
		best = s
	}
	p.mu.Unlock()
	if best == nil {
		return nil
	}
	return best.Clone()
}

// Survey re-simulates the whole recording once, keeping the snapshots
// seeks start from and showing every Step's events to onStep (which may
// be nil). A 24-hour exercise takes about 0.15 s. It may run on its own
// goroutine while the Player plays.
func (p *Player) Survey(onStep func(*sim.World, []sim.Event)) error {
	every := max(MinSnapshotGap, (p.Duration()+MaxSnapshots-1)/MaxSnapshots)
	if ce := p.rec.Header.CheckpointEvery; ce > 0 {
		every = (every + ce - 1) / ce * ce // at the recording's checkpoints
	}
	last := int32(0)
	_, err := Replay(p.rec, Options{NoVerify: true, OnStep: func(w *sim.World, evs []sim.Event) {
		if onStep != nil {
			onStep(w, evs)
		}
		// A snapshot when the tick has just moved on, before any batch
		// recorded at it (Options.From).
		if t := w.Tick(); t != last && t%every == 0 {
			snap := w.Clone()
			p.mu.Lock()
			p.snaps = append(p.snaps, snap)
			p.mu.Unlock()
		}
		last = w.Tick()
	}})
	return err
}
