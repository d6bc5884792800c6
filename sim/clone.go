package sim

import (
	"math/rand/v2"
	"slices"
)

// Clone returns an independent copy of the World at its tick: stepping
// either changes nothing in the other, and the copy steps exactly as the
// original would (the same commands give the same hashes). The scenario
// and the map, which never change, are shared. A replay keeps clones as
// snapshots, so that a seek re-simulates from the nearest one instead of
// from tick 0.
//
// Every field of World that a Step writes must be copied here;
// TestCloneIsIndependent fails when one is shared.
func (w *World) Clone() *World {
	c := *w
	pcg := *w.pcg
	c.pcg = &pcg
	c.rng = rand.New(c.pcg)

	c.teams = slices.Clone(w.teams)
	c.units = slices.Clone(w.units)
	for i := range c.units {
		c.units[i].route = slices.Clone(c.units[i].route) // nil stays nil
	}
	c.sensors = slices.Clone(w.sensors)
	c.crossers = slices.Clone(w.crossers)
	c.active = slices.Clone(w.active)
	c.gone = slices.Clone(w.gone)
	c.seen.v = slices.Clone(w.seen.v)
	c.seen.now = slices.Clone(w.seen.now)
	c.tracks = slices.Clone(w.tracks)
	c.live = slices.Clone(w.live)
	c.flows = slices.Clone(w.flows)
	c.agreements = slices.Clone(w.agreements)
	for i := range c.agreements {
		c.agreements[i].far = slices.Clone(c.agreements[i].far)
	}
	c.barriers = slices.Clone(w.barriers)
	c.checks = slices.Clone(w.checks)
	for i := range c.checks {
		c.checks[i].queue = slices.Clone(c.checks[i].queue)
		c.checks[i].lanes = slices.Clone(c.checks[i].lanes)
	}
	c.community = slices.Clone(w.community)
	c.injects = slices.Clone(w.injects)
	c.shares = slices.Clone(w.shares)
	c.reports = slices.Clone(w.reports)
	c.custody = slices.Clone(w.custody)
	c.objectives = slices.Clone(w.objectives)
	c.cgrid = w.cgrid.clone()
	c.ugrid = w.ugrid.clone()
	c.spotted = slices.Clone(w.spotted)
	c.events = nil // a Step's scratch, valid until the next Step
	c.ground = slices.Clone(w.ground)
	return &c
}

// clone copies a grid with its scratch.
func (g grid) clone() grid {
	g.beg = slices.Clone(g.beg)
	g.end = slices.Clone(g.end)
	g.cellOf = slices.Clone(g.cellOf)
	g.where = slices.Clone(g.where)
	g.touched = slices.Clone(g.touched)
	g.items = slices.Clone(g.items)
	g.slot = slices.Clone(g.slot)
	return g
}
