package sim

import (
	"math"
	"math/rand/v2"
)

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

func (h *hasher) i(v int64)      { h.u(uint64(v)) }
func (h *hasher) p(v [2]float64) { h.ws(fl(v[0]), fl(v[1])) }

// ws hashes words in order.
func (h *hasher) ws(words ...uint64) {
	for _, v := range words {
		h.u(v)
	}
}

// n, fl and bl turn an integer, a float and a bool into the word hashed
// for them: integers sign-extended, floats by their bits, bools as 0 or 1.
func n[T ~int | ~int8 | ~int32 | ~int64 | ~uint8](v T) uint64 { return uint64(int64(v)) }
func fl(v float64) uint64                                     { return math.Float64bits(v) }
func bl(v bool) uint64 {
	if v {
		return 1
	}
	return 0
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
	h.ws(n(w.tick), bl(w.paused), n(w.speed), w.seed, n(w.weather), n(w.wxUntil))
	for _, g := range []*rand.PCG{w.pcg, w.ppcg} {
		st, _ := g.MarshalBinary()
		for _, c := range st {
			h.u(uint64(c))
		}
	}
	w.hashTeams(&h)
	w.hashUnits(&h)
	w.hashSensors(&h)
	w.hashCrossers(&h)
	w.hashTracks(&h)
	w.hashExercise(&h)
	w.hashQueues(&h)
	h.ws(bl(w.regrid), fl(w.maxStep), fl(w.crowdMax), n(w.coverMin))
	w.stats.hash(&h)
	h.i(int64(len(w.ground)))
	for _, id := range w.ground {
		h.i(int64(id))
	}
	h.ws(n(w.vulnWindow), n(w.vulnOK), n(w.vulnDone))
	if w.autoSet || w.auto != w.sc.Auto || w.adhoc != 0 { // only run-time control adds to the hash, so older hashes stand
		h.ws(bl(w.autoSet), n(w.auto), n(w.adhoc))
	}
	w.hashCoop(&h)
	return h.h
}

func (w *World) hashTeams(h *hasher) {
	h.i(int64(len(w.teams)))
	for i := range w.teams {
		t := &w.teams[i]
		h.ws(n(t.country), n(t.partners), n(t.detections), n(t.detectSum), n(t.intercepts), n(t.interSum),
			n(t.sharedOut), n(t.shareSum), n(t.incidents), n(t.custodyGroups), n(t.custodyTicks),
			n(t.checkVehicles), n(t.checkWait), n(t.ownTracks), n(t.sharedInWin), n(t.eligibleShare))
		h.ws(n(t.persons), n(t.personTicks), n(t.asylumClaims), n(t.asylumRegistered), n(t.refoulements))
	}
}

func (w *World) hashUnits(h *hasher) {
	h.i(int64(len(w.units)))
	for i := range w.units {
		u := &w.units[i]
		h.ws(n(u.id), n(u.team), n(u.kind), fl(u.pos[0]), fl(u.pos[1]), n(u.order), fl(u.target[0]), fl(u.target[1]),
			n(len(u.route)))
		for _, p := range u.route {
			h.p(p)
		}
		h.ws(n(u.leg), n(u.track), fl(u.speed), fl(u.offSpeed), fl(u.observe), fl(u.half), bl(u.aloft), n(u.fuel), n(u.endur),
			bl(u.onTrack), bl(u.abroad), n(u.entered), bl(u.incident))
		h.ws(n(len(u.way.pts)), fl(u.way.goal[0]), fl(u.way.goal[1]), fl(u.way.end[0]), fl(u.way.end[1]), bl(u.way.planned))
		for _, p := range u.way.pts {
			h.p(p)
		}
		h.ws(n(u.capacity), n(u.escort), n(u.drop), fl(u.dropAt[0]), fl(u.dropAt[1]))
		if u.out {
			h.i(-1 - int64(u.id)) // only withdrawn units add to the hash, so older hashes stand
		}
	}
}

func (w *World) hashSensors(h *hasher) {
	h.i(int64(len(w.sensors)))
	for i := range w.sensors {
		s := &w.sensors[i]
		h.ws(n(s.id), n(s.team), fl(s.pd), n(s.period), fl(s.expo), fl(s.rng), fl(s.shape), fl(s.err), bl(s.down),
			n(s.until), fl(s.fa), fl(s.none), fl(s.cosHalf), fl(s.ax), fl(s.ay))
	}
}

func (w *World) hashCrossers(h *hasher) {
	h.i(int64(len(w.crossers)))
	for i := range w.crossers {
		c := &w.crossers[i]
		var sent uint64
		for t, b := range c.reportSent {
			if b {
				sent |= 1 << t
			}
		}
		h.ws(fl(c.pos[0]), fl(c.pos[1]), fl(c.cross[0]), fl(c.cross[1]), fl(c.dest[0]), fl(c.dest[1]), fl(c.speed),
			fl(c.cover), n(c.id), n(c.wait), n(c.hideUntil), n(c.state), n(c.kind), n(c.origin), n(c.into), n(c.size),
			n(c.flow), n(c.barrier), n(c.started), n(c.crossed), n(c.detected), n(c.caught), n(c.caughtBy),
			bl(c.vulnerable), bl(c.river), sent, n(c.way), n(c.wp))
		h.ws(fl(c.aim[0]), fl(c.aim[1]), fl(c.hx), fl(c.hy), fl(c.left), fl(c.pace), n(c.aimFor))
	}
	h.i(int64(len(w.legs)))
	for i := range w.legs {
		for _, leg := range w.legs[i] {
			h.i(int64(len(leg)))
			for _, p := range leg {
				h.p(p)
			}
		}
	}
	h.i(int64(len(w.active)))
	for _, id := range w.active {
		h.i(int64(id))
	}
	h.i(int64(len(w.gone)))
	for _, b := range w.gone {
		h.u(b)
	}
	h.ws(n(w.seen.n), n(len(w.seen.v)))
	for _, s := range w.seen.v {
		h.ws(n(s.track), n(s.first))
	}
}

func (w *World) hashTracks(h *hasher) {
	h.i(int64(len(w.tracks)))
	for i := range w.tracks {
		t := &w.tracks[i]
		h.ws(n(t.id), n(t.team), n(t.crosser), n(t.from), n(t.created), n(t.updated), n(t.size), n(t.lastSent),
			n(t.deliver), n(t.source), n(t.shared), fl(t.pos[0]), fl(t.pos[1]), fl(t.err), bl(t.custody), bl(t.dead))
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
		h.ws(n(w.flows[i].next), fl(w.flows[i].rate))
	}
	h.i(int64(len(w.agreements)))
	for i := range w.agreements {
		a := &w.agreements[i]
		// An inject may change Delay, Share and PursuitDepth of the terms.
		h.ws(bl(a.cut), bl(a.degraded), n(a.until), n(a.spec.Delay), n(a.spec.Share), fl(a.spec.PursuitDepth))
		if w.adhoc != 0 { // the white cell's agreement change sets these too; older hashes stand
			h.ws(fl(a.spec.ShareDepth), n(a.spec.PursuitTicks), n(a.spec.OnCut))
		}
	}
	h.i(int64(len(w.barriers)))
	for i := range w.barriers {
		h.i(int64(w.barriers[i].cuts))
	}
	h.ws(n(w.portHour), bl(w.portDirty), fl(w.tradeCost), n(w.portIrregular))
	h.i(int64(len(w.checks)))
	for i := range w.checks {
		cp := &w.checks[i]
		for s := range cp.streams {
			h.stream(&cp.streams[s])
		}
		h.stream(&cp.second)
		h.ws(fl(cp.irregNxt), fl(cp.irregAt), bl(cp.closed), fl(cp.refer), fl(cp.pCarrier), fl(cp.pClean),
			n(cp.vehicles), fl(cp.wait), fl(cp.vhWait), n(cp.second2), n(cp.irreg))
	}
	h.i(int64(len(w.injects)))
	for i := range w.injects {
		h.ws(bl(w.injects[i].fired), n(w.injects[i].firedAt))
		if in := &w.injects[i]; in.skipped || in.postponed != 0 {
			// Only when the white cell changed the row, so that the
			// hashes of exercises that never do stay what they were.
			h.ws(bl(in.skipped), n(in.postponed))
		}
	}
	h.i(int64(len(w.objectives)))
	for i := range w.objectives {
		h.ws(fl(w.objectives[i].Value), bl(w.objectives[i].Met))
	}
}

// hashQueues hashes the pending deliveries: shared tracks, community
// reports and groups in custody.
func (w *World) hashQueues(h *hasher) {
	h.i(int64(len(w.shares)))
	for _, m := range w.shares {
		h.ws(n(m.due), n(m.from), n(m.to), n(m.agreement), n(m.track), n(m.crosser), n(m.size),
			fl(m.pos[0]), fl(m.pos[1]), fl(m.err))
	}
	h.i(int64(len(w.reports)))
	for _, r := range w.reports {
		h.ws(n(r.due), n(r.team), n(r.crosser), fl(r.pos[0]), fl(r.pos[1]), fl(r.err), n(r.size))
	}
	h.i(int64(len(w.custody)))
	for _, r := range w.custody {
		h.ws(n(r.group), n(r.team), n(r.since), n(r.done), n(r.persons), bl(r.vulnerab))
		h.ws(n(r.batch), n(r.unit), n(r.site), n(r.ready), bl(r.asylum), bl(r.gone), bl(r.rescued))
	}
	h.i(int64(len(w.distress)))
	for _, d := range w.distress {
		h.ws(n(d.group), n(d.since), n(d.until), n(d.told), n(d.cause), bl(d.wasted))
	}
	h.i(int64(len(w.distressBits)))
	for _, b := range w.distressBits {
		h.u(b)
	}
	h.i(int64(len(w.rescueDelays)))
	for _, d := range w.rescueDelays {
		h.i(int64(d))
	}
	h.i(int64(len(w.sites)))
	for _, s := range w.sites {
		h.i(int64(s.held))
	}
}

// hash adds the running totals; the per-team figures are the teams'.
func (s *Stats) hash(h *hasher) {
	h.ws(n(s.Attempted), n(s.Crossed), n(s.Detected), n(s.Apprehended), n(s.Escaped), n(s.Persons), n(s.Vulnerable),
		n(s.TracksShared), n(s.FalseTracks), n(s.Incidents), n(s.FenceCuts), n(s.CheckVehicles), n(s.CheckWaitTicks),
		n(s.ContrabandFound), n(s.ContrabandMissed), n(s.FalseIDFound), n(s.FalseIDMissed), n(s.CustodyGroups),
		n(s.CustodyTicks), fl(s.CheckMeanWait), fl(s.CustodyMeanHours))
	h.ws(n(s.CustodyPersons), n(s.CustodyPersonTicks), n(s.CustodyMaxTicks), n(s.AsylumClaims), n(s.AsylumRegistered),
		n(s.Refoulements), n(s.Readmitted), n(s.MedicalTransfers), n(s.Distress), n(s.Deaths), n(s.Rescues),
		n(s.Humanitarian), fl(s.TradeCost))
}

// stream hashes one checkpoint queue and its lanes.
func (h *hasher) stream(st *stream) {
	h.ws(fl(st.rate), fl(st.next), n(len(st.queue)-st.head), n(st.open), n(len(st.lanes)))
	for _, v := range st.queue[st.head:] {
		h.ws(fl(v.at), n(v.stream), bl(v.contraband), bl(v.falseID))
	}
	for _, l := range st.lanes {
		h.ws(fl(l))
	}
}
