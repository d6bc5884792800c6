package aar

import (
	"slices"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// collector watches a replay Step by Step. It reads the World only
// through Stats, ViewInto(Instructor) and the events, never through
// Objectives, which would re-evaluate the objectives out of turn.
type collector struct {
	sc    *sim.Scenario
	l     *i18n.Lang // the language of the timeline's texts
	every int32

	prev     sim.Stats
	view     sim.View
	viewTick int32 // tick of view, -1 when stale
	last     int32 // tick of the last callback

	groups   []Group
	samples  []Sample
	timeline []Entry
	fired    map[string]int32
	adhoc    []sim.InjectSpec // the white cell's ad-hoc injects, in order
	actions  []action
	batches  []recording.Batch   // the recording's commands, for the counterfactuals of checkpoint orders
	outcome  map[cmdKey][]string // outcome events not yet matched to actions, in order
	activity []activity
	cl       custodyLog // custody chains, risk to life, checkpoint orders (custody.go)
	chats    []recording.Chat
}

// action is one player command and what became of it.
type action struct {
	tick    int32
	team    int
	cmd     sim.Command
	ok      bool
	outcome string
}

type cmdKey struct {
	team int
	id   uint32
}

// activity is what a team's figures gained in one Step.
type activity struct {
	tick                       int32
	team                       int
	detect, shared, intercepts int
	incidents                  int
}

func newCollector(sc *sim.Scenario, rec *recording.Recording, every int32, l *i18n.Lang) *collector {
	c := &collector{sc: sc, l: l, every: every, viewTick: -1, fired: map[string]int32{}, outcome: map[cmdKey][]string{}, chats: rec.Chats}
	c.samples = append(c.samples, Sample{})
	c.prev.Teams = make([]sim.TeamStats, len(sc.Teams))
	c.batches = rec.Batches
	for _, b := range rec.Batches {
		for _, cmd := range b.Cmds {
			if cmd.Team >= 0 {
				c.actions = append(c.actions, action{tick: b.Tick, team: cmd.Team, cmd: cmd})
			}
		}
	}
	return c
}

// look fills c.view with the instructor's view of the current tick.
func (c *collector) look(w *sim.World) {
	if c.viewTick != w.Tick() {
		w.ViewInto(sim.Instructor, &c.view)
		c.viewTick = w.Tick()
	}
}

// step is the replay's OnStep.
func (c *collector) step(w *sim.World, evs []sim.Event) {
	tick := w.Tick()
	advanced := tick != c.last
	c.last = tick
	c.viewTick = -1 // the World may have changed even when the tick did not
	st := w.Stats()
	for len(c.groups) < st.Attempted {
		c.groups = append(c.groups, Group{ID: int32(len(c.groups)), Started: tick, Crossed: -1, Detected: -1, Caught: -1, Escape: -1, CaughtBy: -1})
	}
	for _, e := range evs {
		c.event(w, e)
	}
	if advanced {
		c.markPorts(w, false)
	}
	if st.Detected > c.prev.Detected {
		// A group was seen for the first time: the instructor's view
		// says which.
		c.look(w)
		for _, v := range c.view.Crossers {
			if g := &c.groups[v.ID]; v.Detected && g.Detected < 0 {
				g.Detected = tick
			}
		}
	}
	for i := range st.Teams {
		a, b := st.Teams[i], c.prev.Teams[i]
		d := activity{tick: tick, team: i, detect: a.Detections - b.Detections, shared: a.SharedOut - b.SharedOut,
			intercepts: a.Intercepts - b.Intercepts, incidents: a.Incidents - b.Incidents}
		if d.detect != 0 || d.shared != 0 || d.intercepts != 0 || d.incidents != 0 {
			c.activity = append(c.activity, d)
		}
	}
	if advanced && tick%c.every == 0 {
		c.sample(w, &st)
	}
	c.prev = st
}

// sample records the running totals and where the groups at large are.
func (c *collector) sample(w *sim.World, st *sim.Stats) {
	c.samples = append(c.samples, Sample{Tick: w.Tick(), Attempted: st.Attempted, Crossed: st.Crossed,
		Detected: st.Detected, Apprehended: st.Apprehended, Escaped: st.Escaped})
	c.look(w)
	for _, v := range c.view.Crossers {
		g := &c.groups[v.ID]
		g.LastPos, g.Seen = v.Pos, true
	}
}

func (c *collector) event(w *sim.World, e sim.Event) {
	c.custodyEvent(e)
	switch e.Kind {
	case sim.EvCrossing:
		g := &c.groups[e.Group]
		g.Crossed, g.CrossPos = e.Tick, e.Pos
	case sim.EvApprehension:
		g := &c.groups[e.Group]
		g.Caught, g.CaughtPos, g.CaughtBy = e.Tick, e.Pos, e.Team
		if g.Detected < 0 {
			g.Detected = e.Tick
		}
	case sim.EvEscape:
		g := &c.groups[e.Group]
		g.Escape, g.EscapePos = e.Tick, e.Pos
	case sim.EvInject:
		if _, ok := c.fired[e.Text]; !ok {
			c.fired[e.Text] = e.Tick
		}
		c.add(e.Tick, "inject", c.l.F("aar.tl_inject", e.Text, c.l.Pick(e.Message)))
	case sim.EvIncident:
		c.look(w) // a unit the white cell added is not in the scenario
		i := slices.IndexFunc(c.view.Units, func(u sim.UnitView) bool { return u.ID == e.Unit })
		if i < 0 {
			return
		}
		u := &c.view.Units[i]
		c.add(e.Tick, "incident", c.l.F("aar.tl_incident", u.Name, c.sc.Teams[u.Team].ID, e.Text))
	case sim.EvControl:
		c.add(e.Tick, "control", c.l.F("aar.tl_control", controlText(c.l, e.Text, w)))
	case sim.EvObjective:
		c.look(w)
		for _, o := range c.view.Objective {
			if o.ID == e.Text {
				state := c.l.T("aar.tl_no_longer_met")
				if o.Met {
					state = c.l.T("aar.met")
				}
				c.add(e.Tick, "objective", c.l.F("aar.tl_objective", o.ID, state, c.l.Pick(o.Description)))
			}
		}
	case sim.EvFenceCut:
		c.add(e.Tick, "fence", c.l.F("aar.tl_fence", e.Text))
	case sim.EvAccepted, sim.EvRejected:
		if e.Team < 0 {
			return // the white cell's own commands
		}
		k := cmdKey{e.Team, e.CmdID}
		out := c.l.T("aar.tl_accepted")
		if e.Kind == sim.EvRejected {
			out = c.l.F("aar.tl_rejected", c.l.Reason(e.Text))
		}
		c.outcome[k] = append(c.outcome[k], out)
	}
}

// controlText describes a pause, resume or speed change.
func controlText(l *i18n.Lang, kind string, w *sim.World) string {
	switch kind {
	case "pause":
		return l.T("aar.tl_paused")
	case "resume":
		return l.T("aar.tl_resumed")
	case "speed":
		return l.F("aar.tl_speed", w.Speed())
	}
	return kind
}

func (c *collector) add(tick int32, kind, text string) {
	c.timeline = append(c.timeline, Entry{Tick: tick, Kind: kind, Text: text})
}

// finish matches the commands to their outcomes and takes the last
// sample.
func (c *collector) finish(w *sim.World) {
	for i := range c.actions {
		a := &c.actions[i]
		k := cmdKey{a.team, a.cmd.ID}
		if q := c.outcome[k]; len(q) > 0 {
			a.outcome, c.outcome[k] = q[0], q[1:]
			a.ok = a.outcome == c.l.T("aar.tl_accepted") // in the report's language
		}
	}
	if n := len(c.samples); c.samples[n-1].Tick != w.Tick() {
		st := w.Stats()
		c.sample(w, &st)
	}
	c.markPorts(w, true)
	c.look(w)
	for _, in := range c.view.Injects {
		if sim.IsAdHoc(in.ID) {
			c.adhoc = append(c.adhoc, sim.InjectSpec{ID: in.ID, Synopsis: in.Synopsis, Message: in.Message,
				Addressee: in.Addressee, Trigger: sim.TriggerManual, At: in.FiredAt})
		}
	}
}
