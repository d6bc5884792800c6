package sim

import (
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// Apprehending crowds (docs/MODEL.md, A rows). A unit takes at most its
// capacity (reception.go, U rows) from one group: a larger group splits
// when the unit intercepts it. The unit keeps as many persons as its
// capacity (the vulnerable members among them, who cannot run), and the
// rest break away in fragments of at most ScatterSize persons, each
// running ScatterDistance metres in its own random direction before it
// goes on its way. While the unit escorts the persons it kept it takes no
// one else, so a mass attempt saturates the responders, as it does at a
// real border.

// The scatter law.
const (
	ScatterSize     = 4   // MODEL.md: A1 persons in one fragment of a scattering group
	ScatterDistance = 300 // MODEL.md: A2 metres a fragment runs before it goes on its way
)

// EvScatter is the event of a group splitting when a unit intercepts it:
// Unit kept Group's first persons, and Text says how many fragments ran.
// Its number is fixed here (the model's range is 64–71).
const EvScatter EventKind = 64

// splitFor makes group id fit unit u's capacity: the persons beyond it
// break away as new groups that scatter (the law above). It returns the
// group.
func (w *World) splitFor(u *unit, id int32) *crosser {
	c := &w.crossers[id]
	room := u.capacity
	if c.size <= room || room <= 0 {
		return c
	}
	rest := c.size - room
	c.size = room
	frags := 0
	for rest > 0 {
		n := min(rest, ScatterSize)
		rest -= n
		w.scatterFragment(id, n)
		frags++
	}
	c = &w.crossers[id] // the fragments may have moved the slice
	w.emit(Event{Kind: EvScatter, Team: u.team, Unit: u.id, Group: c.id, Pos: c.pos, Text: strconv.Itoa(frags)})
	return c
}

// scatterFragment starts a fragment of n persons breaking away from group
// id: it runs ScatterDistance metres in a direction drawn uniformly, then
// follows its group's way.
func (w *World) scatterFragment(id int32, n int32) {
	g := w.crossers[id]
	f := crosser{id: int32(len(w.crossers)), kind: g.kind, flow: g.flow, origin: g.origin, into: g.into, size: n,
		pos: g.pos, cover: g.cover, cross: g.cross, dest: g.dest, speed: g.speed, state: g.state, barrier: g.barrier,
		river: g.river, started: g.started, crossed: g.crossed, detected: -1, caught: -1, caughtBy: -1}
	if f.state == Hiding {
		f.state = Approaching
		if f.crossed >= 0 {
			f.state = Crossed
		}
	}
	a := w.rng.Float64() * 2 * math.Pi
	run := orb.Point{g.pos[0] + ScatterDistance*math.Cos(a), g.pos[1] + ScatterDistance*math.Sin(a)}
	if !w.m.OnLand(run) {
		run = g.pos
	}
	// The fragment's ways: the run, then on to the crossing point (if it
	// has not crossed) and the destination, around the water.
	var l legs
	if f.state == Approaching {
		l[0], _ = w.m.Route(run, f.cross)
		l[0] = append([]orb.Point{run}, l[0]...)
		if g.way > 0 {
			l[1] = w.legs[g.way-1][1]
		}
	} else {
		l[1], _ = w.m.Route(run, f.dest)
		l[1] = append([]orb.Point{run}, l[1]...)
	}
	w.legs = append(w.legs, l)
	f.way = int32(len(w.legs))
	w.addCrosser(f)
	w.stats.Attempted++ // a group of its own from now on (its persons were counted)
}
