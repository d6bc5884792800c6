// Package exercise runs exercises for the client. Local runs a sim.World in
// the client's own process, at the exercise's speed in ticks per wall-clock
// second, independent of the frame rate; Replay plays a recording back.
// Both satisfy client.Exercise (an Ebiten-free package, so this one links
// no Ebiten).
package exercise

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Limits of the exercise loop.
const (
	// MaxCatchUp is the most ticks one Advance steps; time beyond that is
	// dropped, so a stalled process slows the exercise instead of freezing
	// to catch up.
	MaxCatchUp = 200 // ticks
	// Period is how often Run advances the world.
	Period = 10 * time.Millisecond
	// MaxEvents is how many undelivered events Local keeps; older ones are
	// dropped when the reader falls behind.
	MaxEvents = 4096
	// MaxPending is how many commands may wait for the next tick; more are
	// dropped, never blocking the sender.
	MaxPending = 256
)

// Entry is one command as it was applied: the tick whose Step took it.
type Entry struct {
	Tick int32 // World.Tick() before the Step that applied it
	Cmd  sim.Command
}

// Local runs one exercise in-process for one user (a team or the
// instructor). Advance (or Run, which calls it from its own goroutine) owns
// the World; Poll, Send and SetViewTeam may be called from any one other
// goroutine, such as the game loop. Views are triple-buffered, so the
// reader's view is never written while it is being drawn.
type Local struct {
	info client.Info
	team int // the user's team; stamped on every command

	// Owned by the goroutine that calls Advance.
	w       *sim.World
	acc     time.Duration // wall time not yet turned into ticks
	rate    int           // ticks per wall-clock second; 0 while paused
	log     []Entry
	stepper recording.Stepper // records (once Record is called), then steps w
	halted  error             // the recording failed: nothing more is applied

	mu       sync.Mutex // guards the fields below
	pending  []sim.Command
	dropped  int // commands dropped because the queue was full
	viewTeam int
	dirty    bool // viewTeam changed since the last published view
	box      *client.Mailbox
	tick     int32
	running  bool
}

// NewLocal starts an exercise of s with seed for team (or sim.Instructor),
// at speed ticks per wall-clock second (0 starts paused).
func NewLocal(s *sim.Scenario, seed uint64, team int, speed int) (*Local, error) {
	if s == nil {
		return nil, errors.New("exercise: no scenario")
	}
	if team != sim.Instructor && (team < 0 || team >= len(s.Teams)) {
		return nil, fmt.Errorf("exercise: team %d: the scenario has %d teams", team, len(s.Teams))
	}
	if speed < 0 {
		return nil, fmt.Errorf("exercise: speed %d: must be 0 (paused) or more", speed)
	}
	w, err := sim.New(s, seed)
	if err != nil {
		return nil, fmt.Errorf("exercise: %w", err)
	}
	return NewLocalWorld(w, team, speed)
}

// NewLocalWorld returns a local exercise continuing live from an existing
// World (e.g. one re-simulated from a recording), for team (or
// sim.Instructor), at speed ticks per wall-clock second (0: paused). The
// Local owns w from then on. Like NewLocal, it queues the pause, resume or
// speed command that makes the World run at speed.
func NewLocalWorld(w *sim.World, team int, speed int) (*Local, error) {
	if w == nil {
		return nil, errors.New("exercise: no World")
	}
	s := w.Scenario()
	if team != sim.Instructor && (team < 0 || team >= len(s.Teams)) {
		return nil, fmt.Errorf("exercise: team %d: the scenario has %d teams", team, len(s.Teams))
	}
	if speed < 0 {
		return nil, fmt.Errorf("exercise: speed %d: must be 0 (paused) or more", speed)
	}
	l := &Local{
		info:     client.InfoFromScenario(s, team),
		team:     team,
		w:        w,
		viewTeam: team,
		box:      client.NewMailbox(MaxEvents),
		rate:     speed,
	}
	l.stepper.World = w
	switch {
	case speed == 0:
		if !w.Paused() {
			l.pending = append(l.pending, sim.Command{Team: sim.Instructor, Kind: sim.CmdPause})
		}
	default:
		if w.Paused() {
			l.pending = append(l.pending, sim.Command{Team: sim.Instructor, Kind: sim.CmdResume})
		}
		if speed != w.Speed() {
			l.pending = append(l.pending, sim.Command{Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: speed})
		}
	}
	l.publish()
	return l, nil
}

// Info returns the exercise's static facts for the user.
func (l *Local) Info() client.Info { return l.info }

// ControlClock implements client.SoloClock: the one user of a local
// exercise runs its clock, whatever their team. It queues a pause, resume
// or speed command as the white cell's; other kinds are ignored (they go
// through Send, stamped with the user's team).
func (l *Local) ControlClock(cmd sim.Command) {
	switch cmd.Kind {
	case sim.CmdPause, sim.CmdResume, sim.CmdSpeed:
	default:
		return
	}
	cmd.Team = sim.Instructor
	l.enqueue(cmd)
}

// Send queues cmd for the next tick, stamped with the user's team. A full
// queue drops the command.
func (l *Local) Send(cmd sim.Command) {
	cmd.Team = l.team
	l.enqueue(cmd)
}

// enqueue queues cmd for the next tick, or drops it when the queue is
// full.
func (l *Local) enqueue(cmd sim.Command) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.pending) >= MaxPending {
		l.dropped++
		return
	}
	l.pending = append(l.pending, cmd)
}

// SetViewTeam shows another team's view; only the instructor may switch.
func (l *Local) SetViewTeam(team int) {
	if l.team != sim.Instructor {
		return
	}
	if team != sim.Instructor && (team < 0 || team >= len(l.info.Teams)) {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.viewTeam != team {
		l.viewTeam, l.dirty = team, true
	}
}

// Poll returns the newest view and the events since the last Poll. The view
// and events stay valid until the next Poll.
func (l *Local) Poll() (*sim.View, []sim.Event, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.box.Take()
}

// Tick returns the tick of the newest view.
func (l *Local) Tick() int32 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.tick
}

// Dropped returns how many commands and events were dropped because a
// queue was full.
func (l *Local) Dropped() (commands, events int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.dropped, l.box.Lost()
}

// Advance moves the exercise on by dt of wall-clock time at the exercise's
// speed, stepping at most MaxCatchUp ticks, and returns the number of
// ticks stepped. Commands are applied at the next step; while the exercise
// is paused they are applied at once (a Step of a paused World applies
// commands without advancing time), so the instructor can resume. Only one
// goroutine may call Advance, Run or StepTo.
func (l *Local) Advance(dt time.Duration) int {
	l.mu.Lock()
	cmds := l.takeLocked()
	l.mu.Unlock()

	start := l.w.Tick()
	if l.rate == 0 {
		l.acc = 0
		if len(cmds) > 0 {
			l.step(cmds)
			cmds = nil
		}
	} else {
		l.acc += dt
		n := 0
		for l.rate > 0 {
			per := time.Second / time.Duration(l.rate)
			if l.acc < per {
				break
			}
			if n == MaxCatchUp {
				l.acc = 0 // drop the backlog: slow down rather than freeze
				break
			}
			l.acc -= per
			l.step(cmds)
			cmds = nil
			n++
		}
		if l.rate == 0 {
			l.acc = 0
		}
	}
	if len(cmds) > 0 {
		// Not yet time for a tick: keep them, ahead of newer ones.
		l.mu.Lock()
		l.pending = append(cmds, l.pending...)
		l.mu.Unlock()
	}
	n := int(l.w.Tick() - start)
	if n == 0 {
		l.mu.Lock()
		dirty := l.dirty
		l.mu.Unlock()
		if dirty {
			l.publish()
		}
	}
	return n
}

// StepTo steps the world as fast as it can until it reaches tick, pausing
// or not, applying queued commands at the first step. Used to fast-forward
// (screenshots, tests). It publishes one view at the end.
func (l *Local) StepTo(tick int32) {
	for l.w.Tick() < tick && l.halted == nil {
		l.mu.Lock()
		cmds := l.takeLocked()
		l.mu.Unlock()
		l.stepWorld(cmds)
		if l.w.Paused() && l.w.Tick() < tick {
			// A paused World does not advance; fast-forward means run.
			l.stepWorld([]sim.Command{{Team: sim.Instructor, Kind: sim.CmdResume}})
		}
	}
	l.rate = l.w.Speed()
	if l.w.Paused() || l.halted != nil {
		l.rate = 0
	}
	l.publish()
}

// Run advances the exercise every Period until ctx is done.
func (l *Local) Run(ctx context.Context) {
	l.mu.Lock()
	if l.running {
		l.mu.Unlock()
		panic("exercise: Local.Run called twice")
	}
	l.running = true
	l.mu.Unlock()
	tick(ctx, l.Advance)
}

// Recorder receives a Local's inputs so that the exercise can be replayed:
// the commands of every Step, before it, and now and then the World's
// state hash. *recording.Writer is one (the server's exercises use the
// same interface).
type Recorder = recording.Log

// Record makes the Local record every Step's commands into r before the
// Step, and a checkpoint every `every` ticks; FinishRecording writes the
// last one. Call it before Run or StepTo. Nothing is applied that is not
// recorded: when r fails, the Local stops (its clock stands), rejects the
// commands it could not record and tells the user why with an exercise
// event (sim.EvControl).
func (l *Local) Record(r Recorder, every int32) {
	l.stepper = recording.Stepper{World: l.w, Log: r, Every: max(every, 1)}
}

// FinishRecording writes a last checkpoint at the World's tick and returns
// the recorder's first error, if any. Call it once the goroutine that
// advances the Local has stopped; the caller closes the recorder.
func (l *Local) FinishRecording() error { return l.stepper.Finish() }

// stepWorld records and applies cmds in one World.Step, logging them, and
// keeps the Step's events for the user. When the recording fails nothing
// is applied: the commands are rejected and the Local halts.
func (l *Local) stepWorld(cmds []sim.Command) {
	before := l.w.Tick()
	evs, err := l.stepper.Step(cmds)
	if err != nil && evs == nil {
		refused := make([]sim.Event, 0, len(cmds)+1)
		for _, c := range cmds {
			refused = append(refused, sim.Event{Tick: before, Kind: sim.EvRejected, Team: c.Team, CmdID: c.ID, Text: "not applied: " + err.Error()})
		}
		l.keepEvents(l.halt(refused, err))
		return
	}
	l.log = appendLog(l.log, before, cmds)
	if err != nil {
		evs = l.halt(evs, err)
	}
	l.keepEvents(evs)
}

// halt stops the Local after a recording failure, adding to evs the event
// that tells the user why (once).
func (l *Local) halt(evs []sim.Event, err error) []sim.Event {
	if l.halted == nil {
		evs = append(evs, sim.Event{Tick: l.w.Tick(), Kind: sim.EvControl, Team: l.team,
			Text: "recording failed, the exercise is halted (nothing was applied that is not recorded): " + err.Error()})
	}
	l.halted = err
	return evs
}

// Halted returns the recording failure that stopped the Local, or nil.
func (l *Local) Halted() error { return l.halted }

// Log returns the commands applied so far, with the tick that took each;
// replaying them on a new World with the same scenario and seed gives the
// same states.
func (l *Local) Log() []Entry { return append([]Entry(nil), l.log...) }

// Hash returns the World's state hash. Only the goroutine that calls
// Advance (or, when Run is not running, any one goroutine) may call it.
func (l *Local) Hash() uint64 { return l.w.Hash() }

func (l *Local) takeLocked() []sim.Command {
	if len(l.pending) == 0 {
		return nil
	}
	cmds := l.pending
	l.pending = nil
	return cmds
}

// step applies cmds and advances one tick, then publishes the view.
func (l *Local) step(cmds []sim.Command) {
	l.stepWorld(cmds)
	l.rate = l.w.Speed()
	if l.w.Paused() || l.halted != nil {
		l.rate = 0
	}
	l.publish()
}

func appendLog(log []Entry, tick int32, cmds []sim.Command) []Entry {
	for _, c := range cmds {
		c.Route = append([]orb.Point(nil), c.Route...)
		log = append(log, Entry{Tick: tick, Cmd: c})
	}
	return log
}

// keepEvents queues the events of a step that the user may see.
func (l *Local) keepEvents(evs []sim.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, e := range evs {
		if !e.VisibleTo(l.team) {
			continue
		}
		l.box.Add(e)
	}
}

// publish builds the view for the team being shown into the back buffer and
// swaps it with the latest.
func (l *Local) publish() {
	l.mu.Lock()
	team := l.viewTeam
	l.dirty = false
	l.mu.Unlock()
	l.w.ViewInto(team, l.box.Back())
	l.mu.Lock()
	l.tick = l.box.Publish().Tick
	l.mu.Unlock()
}

// tick calls advance every Period with the wall time since the last call,
// until ctx is done.
func tick(ctx context.Context, advance func(time.Duration) int) {
	t := time.NewTicker(Period)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-t.C:
			advance(now.Sub(last))
			last = now
		}
	}
}
