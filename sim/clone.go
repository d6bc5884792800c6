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
	ppcg := *w.ppcg
	c.ppcg = &ppcg
	c.prng = rand.New(c.ppcg)

	own(&c.teams)
	own(&c.units)
	for i := range c.units {
		own(&c.units[i].route) // nil stays nil
	}
	own(&c.sensors)
	own(&c.crossers)
	own(&c.active)
	own(&c.gone)
	own(&c.seen.v)
	own(&c.seen.now)
	own(&c.tracks)
	own(&c.live)
	own(&c.flows)
	own(&c.agreements)
	for i := range c.agreements {
		own(&c.agreements[i].far)
	}
	own(&c.barriers)
	own(&c.checks)
	for i := range c.checks {
		cp := &c.checks[i]
		for s := range cp.streams {
			own(&cp.streams[s].queue)
			own(&cp.streams[s].lanes)
		}
		own(&cp.second.queue)
		own(&cp.second.lanes)
	}
	own(&c.community)
	own(&c.injects)
	own(&c.shares)
	own(&c.reports)
	own(&c.custody)
	own(&c.sites)
	c.coop.clone()
	own(&c.distress)
	own(&c.distressBits)
	own(&c.rescueDelays)
	own(&c.objectives)
	c.cgrid = w.cgrid.clone()
	c.ugrid = w.ugrid.clone()
	own(&c.spotted)
	// A look's scratch and the sweeps' cache of the grid's runs: made again.
	c.lookRuns, c.sweepRuns = nil, sweepRuns{}
	c.events = nil // a Step's scratch, valid until the next Step
	own(&c.ground)
	own(&c.legs) // the routes themselves are the map's, never written
	return &c
}

// own replaces *s by a copy, so that the clone owns its elements.
func own[T any](s *[]T) { *s = slices.Clone(*s) }

// clone copies a grid with its scratch.
func (g grid) clone() grid {
	g.runs = slices.Clone(g.runs)
	g.cellOf = slices.Clone(g.cellOf)
	g.where = slices.Clone(g.where)
	g.touched = slices.Clone(g.touched)
	g.occ = slices.Clone(g.occ)
	g.xy = slices.Clone(g.xy)
	g.meta = slices.Clone(g.meta)
	g.slot = slices.Clone(g.slot)
	return g
}
