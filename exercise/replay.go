package exercise

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// ReadOnly is the reason a Replay rejects every command that is not a
// playback control.
const ReadOnly = "replay_read_only"

// DefaultReplaySpeed is the playback speed a Replay starts at, in ticks per
// wall-clock second.
const DefaultReplaySpeed = 10

// Replay plays a recording back as a client.Exercise: it builds the World
// from the recording's header and steps it itself, applying the recorded
// command batches at their ticks (never live commands), at a playback
// speed with pause. The render's instructor controls drive playback:
// CmdPause and CmdResume pause and resume it, CmdSpeed sets its speed;
// every other command is rejected with ReadOnly. Any viewer may switch the
// view to any team or ground truth. Seek re-simulates to a tick; Branch
// continues live from the current tick as a Local.
//
// Its methods may be called from any goroutine; Run advances it on one of
// its own.
type Replay struct {
	rec  *recording.Recording
	info client.Info
	team int
	end  int32 // Duration

	running atomic.Bool // Run has been called

	mu       sync.Mutex
	p        *recording.Player // steps the World; its World is read under mu
	acc      time.Duration
	speed    int
	paused   bool
	viewTeam int
	box      *client.Mailbox
	marks    []sim.Event   // nil until findMarks is done
	marked   chan struct{} // closed when findMarks is done
	branchTo string        // where Branch records the branch; "" records nothing
}

// Local and Replay are exercises the client runs; a Replay has a timeline
// to seek on and branch from.
var (
	_ client.Runner   = (*Local)(nil)
	_ client.Exercise = (*Replay)(nil)
	_ client.Runner   = (*Replay)(nil)
	_ client.Marker   = (*Replay)(nil)
	_ client.Timeline = (*Replay)(nil)
	_ client.Brancher = (*Replay)(nil)
)

// seekLead is how far before a seek's tick, in simulated seconds, the
// re-simulation starts at the least, so that the event log has that much
// history.
const seekLead = 600

// OpenReplay opens the recording at path for playback, for team (or
// sim.Instructor).
func OpenReplay(path string, team int) (*Replay, error) {
	rec, err := recording.Open(path)
	if err != nil {
		return nil, err
	}
	return NewReplay(rec, team)
}

// NewReplay plays rec back for team (or sim.Instructor), from tick 0,
// running at DefaultReplaySpeed.
func NewReplay(rec *recording.Recording, team int) (*Replay, error) {
	if rec == nil {
		return nil, errors.New("exercise: no recording")
	}
	sc, err := rec.Scenario()
	if err != nil {
		return nil, fmt.Errorf("exercise: %w", err)
	}
	if team != sim.Instructor && (team < 0 || team >= len(sc.Teams)) {
		return nil, fmt.Errorf("exercise: team %d: the scenario has %d teams", team, len(sc.Teams))
	}
	p, err := recording.NewPlayer(rec)
	if err != nil {
		return nil, fmt.Errorf("exercise: %w", err)
	}
	r := &Replay{
		rec: rec, info: client.InfoFromScenario(sc, team), team: team, end: rec.LastTick(),
		p: p, speed: DefaultReplaySpeed, viewTeam: team,
		box: client.NewMailbox(MaxEvents), marked: make(chan struct{}),
	}
	r.mu.Lock()
	r.publishLocked()
	r.mu.Unlock()
	go r.findMarks()
	return r, nil
}

// findMarks re-simulates the whole recording once, in the background, for
// its timeline marks (client.MarkKind) and the snapshots seeks start
// from; a 24-hour exercise takes about as long as a seek to its end did
// without snapshots.
func (r *Replay) findMarks() {
	defer close(r.marked)
	marks, err := SurveyMarks(r.p)
	if err != nil {
		return // the replay itself reports a broken recording when it gets there
	}
	r.mu.Lock()
	r.marks = marks
	r.mu.Unlock()
}

// SurveyMarks plays p's recording through once (Player.Survey, which also
// keeps p's snapshots) and returns its timeline marks (client.MarkKind)
// in tick order.
func SurveyMarks(p *recording.Player) ([]sim.Event, error) {
	marks := []sim.Event{}
	err := p.Survey(func(_ *sim.World, evs []sim.Event) {
		for _, e := range evs {
			if client.MarkKind(e.Kind) {
				marks = append(marks, e)
			}
		}
	})
	return marks, err
}

// MarksFound is closed once the marks are known (or the recording turned
// out to be broken).
func (r *Replay) MarksFound() <-chan struct{} { return r.marked }

// Marks implements client.Marker: the recording's injects, incidents,
// fence cuts and objective changes in tick order, or nil while they are
// still being found.
func (r *Replay) Marks() []sim.Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.marks
}

// Recording returns the recording played.
func (r *Replay) Recording() *recording.Recording { return r.rec }

// Info implements client.Exercise.
func (r *Replay) Info() client.Info { return r.info }

// Poll implements client.Exercise.
func (r *Replay) Poll() (*sim.View, []sim.Event, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.box.Take()
}

// Send implements client.Exercise: CmdPause, CmdResume and CmdSpeed
// control playback (and are acknowledged with EvAccepted); anything else
// is rejected with ReadOnly. Nothing reaches the World.
func (r *Replay) Send(cmd sim.Command) {
	r.mu.Lock()
	defer r.mu.Unlock()
	ev := sim.Event{Kind: sim.EvAccepted, Team: r.viewTeam, CmdID: cmd.ID, Tick: r.p.World().Tick()}
	switch cmd.Kind {
	case sim.CmdPause:
		r.paused, r.acc = true, 0
	case sim.CmdResume:
		r.paused = false
	case sim.CmdSpeed:
		if cmd.Speed < 1 || cmd.Speed > 1000 {
			ev.Kind, ev.Text = sim.EvRejected, sim.ReasonBadSpeed
		} else {
			r.speed = cmd.Speed
		}
	default:
		ev.Kind, ev.Text, ev.Unit, ev.Track = sim.EvRejected, ReadOnly, cmd.Unit, cmd.Track
	}
	r.box.Add(ev)
	r.publishLocked() // the view shows the playback state
}

// SetViewTeam implements client.Exercise; in a replay any viewer may see
// any team's picture or ground truth (sim.Instructor).
func (r *Replay) SetViewTeam(team int) {
	if team != sim.Instructor && (team < 0 || team >= len(r.info.Teams)) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.viewTeam != team {
		r.viewTeam = team
		r.publishLocked()
	}
}

// Tick returns the World's tick.
func (r *Replay) Tick() int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.p.World().Tick()
}

// Duration returns the last tick of the recording.
func (r *Replay) Duration() int32 { return r.end }

// Speed returns the playback speed, ticks per wall-clock second, and
// whether playback is paused.
func (r *Replay) Speed() (int, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.speed, r.paused
}

// Hash returns the World's state hash.
func (r *Replay) Hash() uint64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.p.World().Hash()
}

// Seek re-simulates the recording from the start to tick (clamped to
// 0..Duration) and continues playback from there. Events between are not
// reported.
func (r *Replay) Seek(tick int32) {
	if err := r.SeekErr(tick); err != nil {
		r.mu.Lock()
		r.box.Add(sim.Event{Kind: sim.EvRejected, Team: r.viewTeam, Tick: r.p.World().Tick(), Text: err.Error()})
		r.mu.Unlock()
	}
}

// SeekErr is Seek returning the re-simulation's error (the World is then
// left where it was). The events polled next are the last SeekEvents the
// viewed team saw before the tick, so that an event log starts over as it
// would have been there.
func (r *Replay) SeekErr(tick int32) error {
	tick = min(max(tick, 0), r.end)
	r.mu.Lock()
	team := r.viewTeam
	r.mu.Unlock()
	recent := make([]sim.Event, 0, SeekEvents)
	lead := int32(seekLead / max(r.info.TickSeconds, 1))
	// Re-simulate without holding mu, so that the game keeps drawing.
	w, err := r.p.WorldAt(tick, tick-lead, func(_ *sim.World, evs []sim.Event) {
		for _, e := range evs {
			if !e.VisibleTo(team) {
				continue
			}
			if len(recent) == SeekEvents {
				copy(recent, recent[1:])
				recent = recent[:SeekEvents-1]
			}
			recent = append(recent, e)
		}
	})
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.box.SetEvents(recent)
	r.p.Jump(w)
	r.acc = 0
	r.publishLocked()
	return nil
}

// SeekEvents is how many of the events before a seek's tick the replay
// hands on after it.
const SeekEvents = 64

// Snapshots returns how many snapshots seeks may start from so far.
func (r *Replay) Snapshots() int { return r.p.Snapshots() }

// RecordBranchTo makes Branch record the branch into the file at path
// (recording.Branch: this recording's records up to the branch's tick,
// then the branch's own). Each record is written before its Step, so the
// file replays whenever the program ends; it lacks only a last checkpoint.
func (r *Replay) RecordBranchTo(path string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.branchTo = path
}

// Branch returns a new *Local (as a client.Exercise) continuing live from
// the replay's current tick, for the replay's team, at the playback speed
// (paused if playback is). The Local is not running: call its Run. The
// replay is unchanged. A ctx done before the branch is made ends it.
func (r *Replay) Branch(ctx context.Context) (client.Exercise, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("exercise: branch: %w", err)
	}
	r.mu.Lock()
	tick, speed, path := r.p.World().Tick(), r.speed, r.branchTo
	if r.paused {
		speed = 0
	}
	r.mu.Unlock()
	w, err := r.p.WorldAt(tick, tick, nil)
	if err != nil {
		return nil, err
	}
	var wr *recording.Writer
	if path != "" {
		// Before the Local owns w: the branch's first checkpoint is w's.
		origin := recording.Origin{Recording: filepath.Base(r.rec.Path), Tick: tick}
		if wr, err = recording.Branch(path, r.rec, origin, w); err != nil {
			return nil, err
		}
	}
	l, err := NewLocalWorld(w, r.team, speed)
	if err != nil {
		return nil, err
	}
	if wr != nil {
		l.Record(wr, recording.DefaultCheckpointEvery)
	}
	return l, nil
}

// StepTo plays the recording to tick (at most Duration) as fast as it
// goes, whether or not playback is paused.
func (r *Replay) StepTo(tick int32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	tick = min(tick, r.end)
	for r.p.World().Tick() < tick && r.stepLocked() {
	}
	r.publishLocked()
}

// Advance plays the ticks that dt of wall time is worth at the playback
// speed (at most MaxCatchUp) and returns how many it played. Playback
// stops at Duration.
func (r *Replay) Advance(dt time.Duration) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.paused || r.speed <= 0 {
		r.acc = 0
		return 0
	}
	r.acc += dt
	per := time.Second / time.Duration(r.speed)
	n := 0
	for r.acc >= per {
		if n == MaxCatchUp || r.p.World().Tick() >= r.end {
			r.acc = 0
			break
		}
		r.acc -= per
		if !r.stepLocked() {
			r.acc = 0
			break
		}
		n++
	}
	if n > 0 {
		r.publishLocked()
	}
	return n
}

// Run advances the replay every Period until ctx is done.
func (r *Replay) Run(ctx context.Context) {
	if r.running.Swap(true) {
		panic("exercise: Replay.Run called twice")
	}
	tick(ctx, r.Advance)
}

// stepLocked advances the World by one tick as the recording goes. It
// reports false when the World cannot advance (the end, or paused with no
// recorded batch left at its tick).
func (r *Replay) stepLocked() bool { return r.p.Step(r.keepLocked) }

// keepLocked queues the events of a step that the viewed team may see,
// dropping the oldest beyond MaxEvents.
func (r *Replay) keepLocked(evs []sim.Event) {
	for _, e := range evs {
		if e.VisibleTo(r.viewTeam) {
			r.box.Add(e)
		}
	}
}

func (r *Replay) publishLocked() {
	v := r.box.Back()
	r.p.World().ViewInto(r.viewTeam, v)
	// The view shows playback's pause and speed, not the recorded World's.
	v.Paused, v.Speed = r.paused, r.speed
	r.box.Publish()
}
