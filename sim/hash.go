package sim

import "math"

// hasher is a word-at-a-time 64-bit hash (multiply-rotate, in the spirit of
// wyhash/FNV): fast over the hundreds of thousands of words of a large
// world, and enough to tell two states apart.
type hasher struct{ h uint64 }

const (
	hashPrime = 0x9e3779b97f4a7c15
	hashMul   = 0xbf58476d1ce4e5b9
)

func (h *hasher) u(v uint64) {
	x := h.h ^ v
	x *= hashMul
	x ^= x >> 31
	h.h = x*hashPrime + 1
}

func (h *hasher) i(v int64)   { h.u(uint64(v)) }
func (h *hasher) f(v float64) { h.u(math.Float64bits(v)) }
func (h *hasher) b(v bool) {
	if v {
		h.u(1)
	} else {
		h.u(0)
	}
}

// Hash returns a digest of the whole state: two Worlds with the same
// scenario, seed and commands have equal hashes at every tick, and any
// difference in state makes them differ.
func (w *World) Hash() uint64 {
	h := hasher{h: 0xcbf29ce484222325}
	h.i(int64(w.tick))
	h.b(w.paused)
	h.i(int64(w.speed))
	h.i(int64(w.weather))
	h.i(int64(w.wxUntil))
	st, _ := w.pcg.MarshalBinary()
	for _, c := range st {
		h.u(uint64(c))
	}
	for i := range w.units {
		u := &w.units[i]
		h.f(u.pos[0])
		h.f(u.pos[1])
		h.i(int64(u.order))
		h.f(u.target[0])
		h.f(u.target[1])
		h.i(int64(u.leg))
		h.i(int64(u.track))
		h.b(u.aloft)
		h.i(int64(u.fuel))
		h.b(u.onTrack)
		h.b(u.abroad)
		h.b(u.incident)
		h.i(int64(len(u.route)))
	}
	for i := range w.sensors {
		h.b(w.sensors[i].down)
		h.i(int64(w.sensors[i].until))
	}
	h.i(int64(len(w.crossers)))
	for i := range w.crossers {
		c := &w.crossers[i]
		h.f(c.pos[0])
		h.f(c.pos[1])
		h.i(int64(c.state))
		h.i(int64(c.wait))
		h.i(int64(c.crossed))
		h.i(int64(c.detected))
		h.i(int64(c.caught))
		h.i(int64(c.hideUntil))
		for t := range w.teams {
			h.i(int64(w.seen.at(c.id, t).track))
		}
	}
	h.i(int64(len(w.tracks)))
	for _, id := range w.live {
		t := &w.tracks[id]
		h.i(int64(id))
		h.f(t.pos[0])
		h.f(t.pos[1])
		h.f(t.err)
		h.i(int64(t.updated))
		h.i(int64(t.source))
		h.i(int64(t.shared))
		h.b(t.custody)
	}
	for i := range w.flows {
		h.i(int64(w.flows[i].next))
	}
	for i := range w.agreements {
		a := &w.agreements[i]
		h.b(a.cut)
		h.b(a.degraded)
		h.i(int64(a.spec.Delay))
		h.i(int64(a.spec.Share))
		h.f(a.spec.PursuitDepth)
	}
	for i := range w.checks {
		cp := &w.checks[i]
		h.i(int64(cp.next))
		h.i(int64(len(cp.queue) - cp.head))
		h.i(int64(cp.vehicles))
		h.i(cp.wait)
		for _, l := range cp.lanes {
			h.i(int64(l))
		}
	}
	for i := range w.injects {
		h.b(w.injects[i].fired)
	}
	for _, m := range w.shares {
		h.i(int64(m.due))
		h.i(int64(m.track))
		h.i(int64(m.to))
	}
	for _, r := range w.reports {
		h.i(int64(r.due))
		h.i(int64(r.crosser))
	}
	for _, r := range w.custody {
		h.i(int64(r.group))
		h.i(int64(r.done))
	}
	s := &w.stats
	for _, v := range [...]int{s.Attempted, s.Crossed, s.Detected, s.Apprehended, s.Escaped, s.TracksShared,
		s.FalseTracks, s.Incidents, s.FenceCuts, s.CheckVehicles, s.ContrabandFound, s.ContrabandMissed,
		s.FalseIDFound, s.FalseIDMissed, s.CustodyGroups} {
		h.i(int64(v))
	}
	return h.h
}
