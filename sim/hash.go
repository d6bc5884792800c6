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
func (h *hasher) p(v [2]float64) {
	h.f(v[0])
	h.f(v[1])
}
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
//
// Every field of the World and of its entities is hashed except what the
// scenario fixes and never changes (the specs), caches derived from other
// state (the grids, cached logarithms) and a tick's scratch;
// TestHashCoversState lists those and fails when a field is neither
// hashed nor listed.
func (w *World) Hash() uint64 {
	h := hasher{h: 0xcbf29ce484222325}
	h.i(int64(w.tick))
	h.b(w.paused)
	h.i(int64(w.speed))
	h.u(w.seed)
	h.i(int64(w.weather))
	h.i(int64(w.wxUntil))
	st, _ := w.pcg.MarshalBinary()
	for _, c := range st {
		h.u(uint64(c))
	}
	w.hashTeams(&h)
	w.hashUnits(&h)
	w.hashSensors(&h)
	w.hashCrossers(&h)
	w.hashTracks(&h)
	w.hashExercise(&h)
	w.hashQueues(&h)
	h.b(w.regrid)
	h.f(w.maxStep)
	w.stats.hash(&h)
	h.i(int64(len(w.ground)))
	for _, id := range w.ground {
		h.i(int64(id))
	}
	h.i(int64(w.vulnWindow))
	h.i(int64(w.vulnOK))
	h.i(int64(w.vulnDone))
	return h.h
}

func (w *World) hashTeams(h *hasher) {
	h.i(int64(len(w.teams)))
	for i := range w.teams {
		t := &w.teams[i]
		for _, v := range [...]int64{int64(t.country), int64(t.partners),
			t.detections, t.detectSum, t.intercepts, t.interSum, t.sharedOut, t.shareSum,
			int64(t.incidents), int64(t.custodyGroups), t.custodyTicks, int64(t.checkVehicles), t.checkWait,
			int64(t.ownTracks), int64(t.sharedInWin), int64(t.eligibleShare)} {
			h.i(v)
		}
	}
}

func (w *World) hashUnits(h *hasher) {
	h.i(int64(len(w.units)))
	for i := range w.units {
		u := &w.units[i]
		h.i(int64(u.id))
		h.i(int64(u.team))
		h.i(int64(u.kind))
		h.p(u.pos)
		h.i(int64(u.order))
		h.p(u.target)
		h.i(int64(len(u.route)))
		for _, p := range u.route {
			h.p(p)
		}
		h.i(int64(u.leg))
		h.i(int64(u.track))
		h.f(u.speed)
		h.f(u.offSpeed)
		h.f(u.observe)
		h.b(u.aloft)
		h.i(int64(u.fuel))
		h.i(int64(u.endur))
		h.b(u.onTrack)
		h.b(u.abroad)
		h.i(int64(u.entered))
		h.b(u.incident)
	}
}

func (w *World) hashSensors(h *hasher) {
	h.i(int64(len(w.sensors)))
	for i := range w.sensors {
		s := &w.sensors[i]
		h.i(int64(s.id))
		h.i(int64(s.team))
		h.f(s.pd)
		h.i(int64(s.period))
		h.f(s.expo)
		h.f(s.rng)
		h.f(s.shape)
		h.f(s.err)
		h.b(s.down)
		h.i(int64(s.until))
		h.f(s.fa)
	}
}

func (w *World) hashCrossers(h *hasher) {
	h.i(int64(len(w.crossers)))
	for i := range w.crossers {
		c := &w.crossers[i]
		h.p(c.pos)
		h.p(c.cross)
		h.p(c.dest)
		h.f(c.speed)
		h.f(c.cover)
		for _, v := range [...]int32{c.id, c.wait, c.hideUntil, int32(c.state), int32(c.kind), int32(c.origin),
			int32(c.into), c.size, c.flow, c.barrier, c.started, c.crossed, c.detected, c.caught, int32(c.caughtBy)} {
			h.i(int64(v))
		}
		h.b(c.vulnerable)
		h.b(c.river)
		var sent uint64
		for t, b := range c.reportSent {
			if b {
				sent |= 1 << t
			}
		}
		h.u(sent)
	}
	h.i(int64(len(w.active)))
	for _, id := range w.active {
		h.i(int64(id))
	}
	h.i(int64(len(w.gone)))
	for _, b := range w.gone {
		h.u(b)
	}
	h.i(int64(w.seen.n))
	h.i(int64(len(w.seen.v)))
	for _, s := range w.seen.v {
		h.i(int64(s.track))
		h.i(int64(s.first))
	}
}

func (w *World) hashTracks(h *hasher) {
	h.i(int64(len(w.tracks)))
	for i := range w.tracks {
		t := &w.tracks[i]
		for _, v := range [...]int32{t.id, t.team, t.crosser, t.from, t.created, t.updated, t.size, t.lastSent,
			t.deliver, int32(t.source), int32(t.shared)} {
			h.i(int64(v))
		}
		h.p(t.pos)
		h.f(t.err)
		h.b(t.custody)
		h.b(t.dead)
	}
	h.i(int64(len(w.live)))
	for _, id := range w.live {
		h.i(int64(id))
	}
}

// hashExercise hashes the flows, agreements, barriers, checkpoints,
// injects and objectives.
func (w *World) hashExercise(h *hasher) {
	h.i(int64(len(w.flows)))
	for i := range w.flows {
		h.i(int64(w.flows[i].next))
		h.f(w.flows[i].rate)
	}
	h.i(int64(len(w.agreements)))
	for i := range w.agreements {
		a := &w.agreements[i]
		h.b(a.cut)
		h.b(a.degraded)
		h.i(int64(a.until))
		// An inject may change these three of the agreement's terms.
		h.i(int64(a.spec.Delay))
		h.i(int64(a.spec.Share))
		h.f(a.spec.PursuitDepth)
	}
	h.i(int64(len(w.barriers)))
	for i := range w.barriers {
		h.i(int64(w.barriers[i].cuts))
	}
	h.i(int64(len(w.checks)))
	for i := range w.checks {
		cp := &w.checks[i]
		h.i(int64(cp.next))
		h.i(int64(len(cp.queue) - cp.head))
		for _, v := range cp.queue[cp.head:] {
			h.i(int64(v.arrived))
			h.b(v.contraband)
			h.b(v.falseID)
		}
		h.i(int64(len(cp.lanes)))
		for _, l := range cp.lanes {
			h.i(int64(l))
		}
		h.i(int64(cp.vehicles))
		h.i(cp.wait)
	}
	h.i(int64(len(w.injects)))
	for i := range w.injects {
		h.b(w.injects[i].fired)
		h.i(int64(w.injects[i].firedAt))
	}
	h.i(int64(len(w.objectives)))
	for i := range w.objectives {
		h.f(w.objectives[i].Value)
		h.b(w.objectives[i].Met)
	}
}

// hashQueues hashes the pending deliveries: shared tracks, community
// reports and groups in custody.
func (w *World) hashQueues(h *hasher) {
	h.i(int64(len(w.shares)))
	for _, m := range w.shares {
		for _, v := range [...]int64{int64(m.due), int64(m.from), int64(m.to), int64(m.agreement), int64(m.track),
			int64(m.crosser), int64(m.size)} {
			h.i(v)
		}
		h.p(m.pos)
		h.f(m.err)
	}
	h.i(int64(len(w.reports)))
	for _, r := range w.reports {
		h.i(int64(r.due))
		h.i(int64(r.team))
		h.i(int64(r.crosser))
		h.p(r.pos)
		h.f(r.err)
		h.i(int64(r.size))
	}
	h.i(int64(len(w.custody)))
	for _, r := range w.custody {
		h.i(int64(r.group))
		h.i(int64(r.team))
		h.i(int64(r.since))
		h.i(int64(r.done))
		h.i(int64(r.persons))
		h.b(r.vulnerab)
	}
}

// hash adds the running totals; the per-team figures are the teams'.
func (s *Stats) hash(h *hasher) {
	for _, v := range [...]int64{int64(s.Attempted), int64(s.Crossed), int64(s.Detected), int64(s.Apprehended),
		int64(s.Escaped), int64(s.Persons), int64(s.Vulnerable), int64(s.TracksShared), int64(s.FalseTracks),
		int64(s.Incidents), int64(s.FenceCuts), int64(s.CheckVehicles), s.CheckWaitTicks,
		int64(s.ContrabandFound), int64(s.ContrabandMissed), int64(s.FalseIDFound), int64(s.FalseIDMissed),
		int64(s.CustodyGroups), s.CustodyTicks} {
		h.i(v)
	}
	h.f(s.CheckMeanWait)
	h.f(s.CustodyMeanHours)
}
