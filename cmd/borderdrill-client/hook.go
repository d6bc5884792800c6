package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"sync"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
)

// The automation hook. The browser build publishes it as
// window.borderdrill = {status(), send(json)} (hook_js.go); the tracker
// below is its platform-free half. It sees the exercise exactly as the
// game does — it wraps the client.Exercise the game draws from — and its
// commands take the game's own path to the exercise, so the server stamps
// their team like any other.

// hookIDBase is the first command id the hook gives out, far above the
// ids the game's controller counts up from 1, so that acknowledgements
// are told apart.
const hookIDBase = 1 << 30

// maxAcks is how many acknowledgements the status keeps, newest last.
const maxAcks = 64

// hookStatus is what status() returns, as JSON.
type hookStatus struct {
	Joined   bool   `json:"joined"`             // joined, and the first view is in
	Exercise string `json:"exercise,omitempty"` // exercise id (network play)
	Scenario string `json:"scenario,omitempty"`
	Team     int    `json:"team"`   // team index; -1 white cell, -3 observer
	TeamID   string `json:"teamId"` // e.g. "GNB"; "WHITE" for the white cell
	Tick     int32  `json:"tick"`   // of the newest view
	// Replay is set while the client plays a recording back; Duration is
	// then the recording's last tick.
	Replay   bool  `json:"replay"`
	Duration int32 `json:"duration,omitempty"`
	Views    int   `json:"views"`  // views received
	Frames   int   `json:"frames"` // frames drawn
	// FirstFrameMs is the page's performance.now() when the first frame
	// with a view was drawn: milliseconds since navigation started.
	FirstFrameMs float64 `json:"firstFrameMs,omitempty"`
	// Marks are the steps on the way to the first frame, each with its
	// performance.now(): main started, joined, game built, Ebiten's first
	// update, first frame drawn (with or without a view).
	Marks []hookMark `json:"marks,omitempty"`
	Units []hookUnit `json:"units"` // the units in the newest view
	Acks  []hookAck  `json:"acks"`  // acknowledgements of every command, oldest first
	// Lang is the language the client draws in; Help the key bindings
	// its help card shows, in that language.
	Lang string   `json:"lang,omitempty"`
	Help []string `json:"help,omitempty"`
	// Contrast is set when the client started in the high-contrast mode.
	Contrast bool   `json:"contrast,omitempty"`
	Err      string `json:"err,omitempty"`
	// Log and Card are the event log's lines and the start card's as the
	// game showed them after the newest view (noted once per view).
	Log  []string `json:"log"`
	Card []string `json:"card"`
	// Overlay is the text of the overlay over the panels (the requests
	// panel, the joint-commission view, a track's actions…), as drawn
	// after the newest view.
	Overlay []string `json:"overlay"`
}

// hookMark is one step of the start-up and when it was reached.
type hookMark struct {
	Name string  `json:"name"`
	Ms   float64 `json:"ms"` // performance.now(): since navigation started
}

type hookUnit struct {
	ID   int32      `json:"id"`
	Team int        `json:"team"`
	Name string     `json:"name"`
	Pos  [2]float64 `json:"pos"` // planar metres, as commands take them
}

type hookAck struct {
	ID       uint32 `json:"id"`
	Accepted bool   `json:"accepted"`
	Reason   string `json:"reason,omitempty"`
}

// hookCommand is what send() takes: a sim.Command in JSON, its kind by
// name. A team in it is ignored: the exercise stamps the user's.
type hookCommand struct {
	Kind   string       `json:"kind"` // move, patrol, intercept, hold, return, launch, recall, share, pause, resume, speed, inject
	Unit   int32        `json:"unit"`
	Track  int32        `json:"track"`
	ToTeam int          `json:"toTeam"`
	Target [2]float64   `json:"target"`
	Route  [][2]float64 `json:"route"`
	Speed  int          `json:"speed"`
	Inject string       `json:"inject"`
}

// command turns a hookCommand into a sim.Command.
func (h hookCommand) command() (sim.Command, error) {
	c := sim.Command{Unit: h.Unit, Track: h.Track, ToTeam: h.ToTeam, Target: orb.Point(h.Target), Speed: h.Speed, Inject: h.Inject}
	for k := sim.CmdMove; k <= sim.CmdInject; k++ {
		if k.String() == h.Kind {
			c.Kind = k
		}
	}
	if c.Kind == 0 {
		return c, fmt.Errorf("unknown command kind %q", h.Kind)
	}
	for _, p := range h.Route {
		c.Route = append(c.Route, orb.Point(p))
	}
	return c, nil
}

// tracker is the exercise as the game sees it, watched for the hook.
type tracker struct {
	client.Exercise
	now       func() float64 // performance.now in the browser; nil natively
	keepUnits bool           // list the view's units in the status (the hook is published)

	mu     sync.Mutex
	st     hookStatus
	nextID uint32
}

func newTracker() *tracker {
	return &tracker{st: hookStatus{Units: []hookUnit{}, Acks: []hookAck{}}, nextID: hookIDBase}
}

// attach starts watching an exercise.
func (t *tracker) attach(ex client.Exercise, exerciseID string) {
	info := ex.Info()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Exercise = ex
	t.st.Exercise, t.st.Scenario = exerciseID, info.Scenario
	t.st.Team, t.st.TeamID = info.Team, info.TeamID(info.Team)
}

// Poll is the exercise's Poll, noting views and acknowledgements.
func (t *tracker) Poll() (*sim.View, []sim.Event, bool) {
	v, evs, changed := t.Exercise.Poll()
	t.mu.Lock()
	defer t.mu.Unlock()
	if changed && v != nil {
		t.st.Joined = true
		t.st.Views++
		t.st.Tick = v.Tick
		tl, ok := t.Exercise.(client.Timeline)
		t.st.Replay = ok
		if ok {
			t.st.Duration = tl.Duration()
		}
		if t.keepUnits {
			t.st.Units = t.st.Units[:0]
			for _, u := range v.Units {
				t.st.Units = append(t.st.Units, hookUnit{ID: u.ID, Team: u.Team, Name: u.Name, Pos: u.Pos})
			}
		}
	}
	for _, e := range evs {
		if e.Kind != sim.EvAccepted && e.Kind != sim.EvRejected {
			continue
		}
		a := hookAck{ID: e.CmdID, Accepted: e.Kind == sim.EvAccepted}
		if !a.Accepted {
			a.Reason = e.Text
		}
		if len(t.st.Acks) >= maxAcks {
			t.st.Acks = append(t.st.Acks[:0], t.st.Acks[1:]...)
		}
		t.st.Acks = append(t.st.Acks, a)
	}
	return v, evs, changed
}

// mark notes that the start-up reached the named step (in the browser).
func (t *tracker) mark(name string) {
	if t.now == nil {
		return
	}
	ms := t.now()
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Marks = append(t.st.Marks, hookMark{name, ms})
}

// drew counts a frame drawn.
func (t *tracker) drew() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Frames++
	if t.now == nil {
		return
	}
	if t.st.Frames == 1 {
		t.st.Marks = append(t.st.Marks, hookMark{"frame", t.now()})
	}
	if t.st.Joined && t.st.FirstFrameMs == 0 {
		t.st.FirstFrameMs = t.now()
	}
}

// views returns how many views have come.
func (t *tracker) views() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.st.Views
}

// noteOverlay keeps the overlay's lines for the status.
func (t *tracker) noteOverlay(lines []string) {
	t.mu.Lock()
	t.st.Overlay = lines
	t.mu.Unlock()
}

// noteText keeps the game's event log and start card lines for the status.
func (t *tracker) noteText(log, card []string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Log, t.st.Card = log, card
}

// fail records why the client is not (or no longer) in the exercise.
func (t *tracker) fail(err error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.st.Err = err.Error()
}

// statusJSON is status().
func (t *tracker) statusJSON() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	b, err := json.Marshal(&t.st)
	if err != nil {
		return fmt.Sprintf(`{"err": %q}`, err.Error())
	}
	return string(b)
}

// sendJSON is send(): it sends a command given as JSON and returns its id;
// the outcome comes back in the status' acks.
func (t *tracker) sendJSON(s string) (uint32, error) {
	var h hookCommand
	if err := json.Unmarshal([]byte(s), &h); err != nil {
		return 0, fmt.Errorf("send: %w", err)
	}
	cmd, err := h.command()
	if err != nil {
		return 0, fmt.Errorf("send: %w", err)
	}
	t.mu.Lock()
	ex := t.Exercise
	t.nextID++
	cmd.ID = t.nextID
	t.mu.Unlock()
	if ex == nil {
		return 0, errors.New("send: not joined")
	}
	ex.Send(cmd)
	return cmd.ID, nil
}

// game is the render game with the hook's frame count and an end when the
// exercise goes away.
type game struct {
	*render.Game
	t       *tracker
	stopped func() error // nil, or non-nil once the exercise has gone
	noted   int          // the view count at which the text was noted
	updated bool         // Update has run
}

// newGame makes the game for an exercise, drawing through a tracker.
// stopped may be nil.
func newGame(ex client.Exercise, opt render.Options, stopped func() error) (*game, *tracker, error) {
	t := newTracker()
	t.attach(ex, "")
	return newTrackedGame(t, opt, stopped)
}

// newTrackedGame makes the game for the exercise t watches.
func newTrackedGame(t *tracker, opt render.Options, stopped func() error) (*game, *tracker, error) {
	g, err := render.New(t, opt)
	if err != nil {
		return nil, nil, err
	}
	t.mu.Lock()
	t.st.Lang, t.st.Help, t.st.Contrast = g.Lang(), g.HelpLines(), g.HighContrast()
	t.mu.Unlock()
	return &game{Game: g, t: t, stopped: stopped}, t, nil
}

func (g *game) Update() error {
	if !g.updated {
		g.updated = true
		g.t.mark("update")
	}
	if g.stopped != nil {
		if err := g.stopped(); err != nil {
			g.t.fail(err)
			return err
		}
	}
	return g.Game.Update()
}

func (g *game) Draw(screen *ebiten.Image) {
	g.Game.Draw(screen)
	g.t.drew()
	if n := g.t.views(); n != g.noted {
		g.noted = n
		card, _, _, _, _, _ := g.Game.Card()
		g.t.noteText(g.Game.Log(), card)
		g.t.noteOverlay(g.Game.OverlayText())
	}
}

// Unwrap returns the exercise the tracker watches (client.Wrapper), so
// the game finds a replay's timeline through it.
func (t *tracker) Unwrap() client.Exercise { return t.Exercise }

// Replace makes the tracker watch ex instead (after a branch; a branch on
// a server names its new exercise).
func (t *tracker) Replace(ex client.Exercise) {
	id := ""
	if w, ok := ex.(client.Welcomer); ok {
		id = w.Welcome().Exercise
	}
	t.attach(ex, id)
}
