package sim

import (
	"math"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// detectTick runs every sensor and every unit's observation. Their
// sightings are recorded in one batch at the end (see spot), and before a
// false alarm, whose track must come after those of the sightings before
// it.
func (w *World) detectTick() {
	night := w.Night()
	for i := range w.sensors {
		s := &w.sensors[i]
		if s.until > 0 && w.tick >= s.until {
			s.down, s.until = false, 0
		}
		if s.down {
			continue
		}
		if s.fa > 0 {
			if k := w.poisson(s.fa, s.none); k > 0 {
				w.recordSpotted()
				for range k {
					w.falseAlarm(s)
				}
			}
		}
		if s.period == 1 || (w.tick+s.id)%s.period == 0 {
			w.sweep(s, night)
		}
	}
	for i := range w.units {
		u := &w.units[i]
		if u.out || (u.kind == Drone && !u.aloft) {
			continue
		}
		w.observe(u, night)
	}
	w.recordSpotted()
}

// eye is the law of one look (docs/MODEL.md D1): what a sensor or unit
// sees this tick.
type eye struct {
	pos     orb.Point
	reach   float64 // metres: nothing farther is looked at
	rng     float64 // metres: the fall-off's range R (a footprint has none)
	shape   float64
	half    float64 // metres: half the side of a drone's square footprint; 0 for a disc
	hx, hy  float64 // the footprint's heading, a unit vector
	cosHalf float64 // a sector's cos of half its width; -2 for all round
	ax, ay  float64 // a sector's azimuth, a unit vector
	q0      float64 // the rate at zero range with the environment's factor
	expo    float64 // seconds (scans) one look spans
	l       looker
	team    int
	src     TrackSource
	err     float64   // metres of position error (at half the range, for a fixed sensor)
	vs      *viewshed // a fixed sensor's line of sight on the terrain, or nil
}

// sweep rolls a fixed sensor's detection of the groups in its range.
func (w *World) sweep(s *sensor, night bool) {
	l := looker(s.spec.Kind)
	e := eye{pos: s.spec.Pos, reach: s.rng, rng: s.rng, shape: s.shape, cosHalf: s.cosHalf, ax: s.ax, ay: s.ay,
		q0: s.pd * envFactor(l, night, w.weather), expo: s.expo, l: l, team: s.team, src: SrcSensor, err: s.err, vs: s.vs}
	w.look(&e, &s.thin, w.sensorRuns(int(s.id)))
}

// observe rolls a unit's own detection: a patrol's within its observation
// range (half of it at night), a drone's within its camera's footprint.
func (w *World) observe(u *unit, night bool) {
	e := eye{pos: u.pos, cosHalf: -2, expo: w.ts, team: u.team, src: SrcPatrol}
	if u.kind == Drone {
		e.l, e.err = lookDrone, DroneError
		e.q0 = DronePd * envFactor(lookDrone, night, w.weather)
		e.reach, e.half = u.observe, u.half
		e.hx, e.hy = 0, 1
		if dx, dy := u.target[0]-u.pos[0], u.target[1]-u.pos[1]; dx != 0 || dy != 0 {
			l := math.Hypot(dx, dy)
			e.hx, e.hy = dx/l, dy/l
		}
	} else {
		e.l, e.err = lookPatrol, PatrolError
		e.q0 = PatrolPd * envFactor(lookPatrol, night, w.weather)
		e.reach = u.observe
		if night {
			e.reach *= PatrolNightRange
		}
		e.rng, e.shape = e.reach, PatrolShape
	}
	w.look(&e, &u.thin, nil)
}

// thinning caches an eye's best probability of a look, pmax = 1 − (1 −
// q)^k for its best rate q and exponent k, log(1 − pmax) and −1/log(1 −
// pmax), the mean gap's scale: they change only when the conditions or
// the largest group do.
type thinning struct{ q, k, pmax, lq, inv float64 }

// set makes the cache hold the values for q and k.
func (th *thinning) set(q, k float64) {
	if q != th.q || k != th.k {
		th.q, th.k = q, k
		th.pmax = lookP(q, k)
		th.lq = math.Log1p(-min(th.pmax, 0.999999))
		th.inv = -1 / th.lq
	}
}

// look rolls detection for every group an eye may see. Rather than one
// draw per group it thins a Bernoulli process over the groups within its
// reach, in grid order: the gaps between candidates are geometric with
// the best probability the eye has this look (pmax: zero range, the
// least cover any group has been in, the largest group), and a candidate
// is detected with probability p/pmax, where p is the law's (0 out of its
// sector or footprint). Each
// group is still detected with probability p, independently, but only
// about pmax of the groups in reach are ever looked at closely and draw.
// A candidate the team has already seen this tick draws nothing more:
// seeing it again would change nothing. The first gap is drawn at the
// first group within reach, so a look with none in reach draws nothing.
// Only the runs of items the reach overlaps are read (see runsNear); runs
// is nil to work them out for this look.
func (w *World) look(e *eye, th *thinning, runs []cellRun) {
	qmax := min(e.q0*targetFactor(e.l, float64(w.coverMin)/255, false, Migrants), 1)
	if qmax <= 0 {
		return
	}
	th.set(qmax, e.expo*w.crowdMax)
	pmax, scale := th.pmax, th.inv
	g := &w.cgrid
	if runs == nil {
		// Items may have moved as far as the slack from their cells.
		w.lookRuns = g.runsNear(e.pos, e.reach+g.slack, w.lookRuns[:0])
		runs = w.lookRuns
	}
	px, py := e.pos[0], e.pos[1]
	r2 := e.reach * e.reach
	// skip counts down the groups within reach to the next candidate;
	// fresh says no gap is drawn yet.
	skip, fresh := 0, true
	for _, run := range runs {
		xy, meta := g.xy[run.beg:run.end], g.meta[run.beg:run.end]
		for i := range xy {
			dx, dy := float64(xy[i].x)-px, float64(xy[i].y)-py
			d2 := dx*dx + dy*dy
			// Count the groups within reach without a branch on each
			// (about a third of those read are): skip goes below 0 at
			// the one the gap lands on.
			in := 0
			if d2 < r2 {
				in = 1
			}
			skip -= in
			if skip >= 0 {
				continue
			}
			if fresh {
				// The first group within reach: it is the candidate
				// when the first gap is 0.
				fresh = false
				if skip = w.gap(scale) - 1; skip >= 0 {
					continue
				}
			}
			skip = w.gap(scale)
			it := &meta[i]
			if w.seen.seenNow(it.id, e.team, w.tick) {
				continue
			}
			q, k := e.law(it, dx, dy, d2)
			if q <= 0 || w.isGone(it.id) {
				continue
			}
			// Detected when u < p = 1 − (1 − q)^k. p lies between q and
			// k·q, which spares most of the logarithms.
			lo, hi := q, k*q
			if k < 1 {
				lo, hi = hi, lo
			}
			if u := w.rng.Float64() * pmax; u < lo || (u < hi && u < lookP(q, k)) {
				errM := e.err
				if e.rng > 0 && e.src == SrcSensor {
					errM *= 0.5 + math.Sqrt(d2)/e.rng
				}
				w.spot(e.team, it.id, orb.Point{float64(xy[i].x), float64(xy[i].y)}, e.src, errM)
			}
		}
	}
}

// sweepRuns holds, for every fixed sensor, the runs of items its sweep
// reads, worked out once per build of the groups' grid rather than on
// every look: a sensor does not move, and the runs change only when the
// grid is built. They are made for the widest slack the grid can reach
// before its next build (regridTicks−1 steps of the fastest group), so
// they may hold a few more items than the look's own; those lie out of
// reach and change nothing.
type sweepRuns struct {
	gen  int     // the grid build they were made for; 0: none
	step float64 // the fastest group's step they were made for
	off  []int32 // sensor i's runs are runs[off[i]:off[i+1]]
	runs []cellRun
}

// sensorRuns returns the runs sensor i's sweep reads.
func (w *World) sensorRuns(i int) []cellRun {
	sr, g := &w.sweepRuns, &w.cgrid
	if sr.gen != g.gen || sr.step != w.maxStep || len(sr.off) != len(w.sensors)+1 {
		sr.gen, sr.step = g.gen, w.maxStep
		slack := (regridTicks - 1) * w.maxStep
		sr.off, sr.runs = append(sr.off[:0], 0), sr.runs[:0]
		for j := range w.sensors {
			s := &w.sensors[j]
			sr.runs = g.runsNear(s.spec.Pos, s.rng+slack, sr.runs)
			sr.off = append(sr.off, int32(len(sr.runs)))
		}
	}
	return sr.runs[sr.off[i]:sr.off[i+1]:sr.off[i+1]]
}

// law gives the probability q per second (per scan) with which this look
// detects the group of it, at (dx, dy) from the eye and squared distance
// d2 within its reach, and the exponent k of the look, e·n^α: the look
// detects with 1 − (1 − q)^k. q is 0 out of the sector or off the
// footprint.
func (e *eye) law(it *gridMeta, dx, dy, d2 float64) (q, k float64) {
	q = e.q0
	if e.half > 0 {
		along, across := dx*e.hx+dy*e.hy, dx*e.hy-dy*e.hx
		if math.Abs(along) > e.half || math.Abs(across) > e.half {
			return 0, 0
		}
	} else {
		d := math.Sqrt(d2)
		if e.cosHalf > -1 && dx*e.ax+dy*e.ay < e.cosHalf*d {
			return 0, 0
		}
		q = PdAt(q, e.rng, e.shape, d)
		if e.vs != nil && !e.vs.sees(dx, dy) {
			return 0, 0
		}
	}
	q *= targetFactor(e.l, float64(it.cover)/255, it.flags&itemHiding != 0, kindOf(*it))
	k = e.expo
	if it.size > 1 {
		k *= crowdGain(float64(it.size))
	}
	return min(q, 1), k
}

// gap draws the number of failures before the next success of a Bernoulli
// process whose log probability of failure is lq: ⌊E·scale⌋ for a
// standard exponential E and scale = −1/lq (the ziggurat draw is much
// cheaper than a logarithm, a multiplication than a division).
func (w *World) gap(scale float64) int {
	g := w.rng.ExpFloat64() * scale
	if g > 1e9 {
		return 1e9
	}
	return int(g)
}

// poisson draws a Poisson count with mean mu, where none is e^−mu, by
// inversion from one uniform draw.
func (w *World) poisson(mu, none float64) int {
	u := w.rng.Float64()
	k, p, f := 0, none, none
	for u >= f && k < 1000 {
		k++
		p *= mu / float64(k)
		f += p
	}
	return k
}

// falseAlarm makes a track where nothing is.
func (w *World) falseAlarm(s *sensor) {
	a := w.rng.Float64() * 2 * math.Pi
	if s.cosHalf > -1 {
		// Within the sector: azimuth ± half its width, clockwise from north.
		a = math.Pi/2 - (s.spec.Azimuth+(w.rng.Float64()-0.5)*s.spec.Sector)*math.Pi/180
	}
	d := s.rng * math.Sqrt(w.rng.Float64())
	p := orb.Point{s.spec.Pos[0] + d*math.Cos(a), s.spec.Pos[1] + d*math.Sin(a)}
	t := w.newTrack(s.team, -1, p, s.err*2, SrcSensor, -1)
	t.size = 1 + int32(w.rng.IntN(4))
	w.stats.FalseTracks++
	w.emit(Event{Kind: EvDetection, Team: s.team, Track: t.id, Pos: p})
	w.autoShare(t)
}

func (w *World) newTrack(team int, crosser int32, p orb.Point, errM float64, src TrackSource, from int) *track {
	id := int32(len(w.tracks))
	w.tracks = append(w.tracks, track{id: id, team: int32(team), crosser: crosser, pos: p, err: errM,
		created: w.tick, updated: w.tick, source: src, from: int32(from), lastSent: -1, deliver: -1})
	w.live = append(w.live, id)
	return &w.tracks[id]
}

// noisy returns p displaced by a normal error of sd metres on each axis.
func (w *World) noisy(p orb.Point, sd float64) orb.Point {
	return orb.Point{p[0] + w.rng.NormFloat64()*sd, p[1] + w.rng.NormFloat64()*sd}
}

// detect makes or updates the track of group c in team's picture. A
// group already seen by the team this tick is not seen again.
func (w *World) detect(team int, id int32, at orb.Point, src TrackSource, errM float64) {
	if pos, ok := w.see(team, id, at, errM); ok {
		w.record(team, id, w.trackOf(id, team), pos, src, errM)
	}
}

// trackOf returns the id of group id's live track in team's picture, or
// -1.
func (w *World) trackOf(id int32, team int) int32 {
	if t := w.trackByID(w.seen.at(id, team).track); t != nil {
		return t.id
	}
	return -1
}

// spotted is a sighting made by a sweep whose track is yet to be made or
// updated.
type spotted struct {
	id    int32
	team  int32
	track int32 // the group's live track, -1: looked up by recordSpotted
	src   TrackSource
	errM  float64
	pos   orb.Point
}

// spot is detect for sweeps and observation: it draws the sighting now
// and queues the track's update for recordSpotted, which detectTick calls
// once the sweeps are done. Tracks are read at random, and looking up the
// tracks of many sightings at once lets the processor overlap their cache
// misses. The order of random draws, tracks and events is as if detect had
// been called: recording draws nothing, and sweeps read nothing recording
// writes.
func (w *World) spot(team int, id int32, at orb.Point, src TrackSource, errM float64) {
	if pos, ok := w.see(team, id, at, errM); ok {
		w.spotted = append(w.spotted, spotted{id: id, team: int32(team), src: src, errM: errM, pos: pos})
	}
}

// recordSpotted records the sightings spot queued, in order, a batch at
// a time. It first looks up the track of every group sighted in the
// batch: the lookups do not depend on one another, so the processor
// overlaps their cache misses, where recording one sighting at a time
// would wait for each in turn. Recording neither kills a track nor
// changes another group's, so the ids looked up stay right.
func (w *World) recordSpotted() {
	// Enough sightings to overlap many misses, few enough that their
	// tracks are still in the cache when they are recorded.
	const batch = 256
	for lo := 0; lo < len(w.spotted); lo += batch {
		b := w.spotted[lo:min(lo+batch, len(w.spotted))]
		for i := range b {
			sp := &b[i]
			sp.track = w.trackOf(sp.id, int(sp.team))
		}
		for i := range b {
			sp := &b[i]
			w.record(int(sp.team), sp.id, sp.track, sp.pos, sp.src, sp.errM)
		}
	}
	w.spotted = w.spotted[:0]
}

// see marks group id as seen by team this tick and draws where the team
// sees it. It reports false, drawing nothing, when the team already saw
// the group this tick.
func (w *World) see(team int, id int32, at orb.Point, errM float64) (orb.Point, bool) {
	if w.seen.seeNow(id, team, w.tick) {
		return orb.Point{}, false
	}
	return w.noisy(at, errM), true
}

// record makes or updates the track of a group team sees at pos; tid is
// the group's live track in team's picture, -1 for none.
//
// It reads the group's record only for a new track: a sighting of a group
// already held touches the team's sighting of it and the track alone.
func (w *World) record(team int, id, tid int32, pos orb.Point, src TrackSource, errM float64) {
	sg := w.seen.at(id, team)
	var t *track
	if tid >= 0 {
		t = &w.tracks[tid]
	}
	if t == nil {
		t = w.newTrack(team, id, pos, errM, src, -1)
		t.size = w.crossers[id].size
		sg.track = t.id
		w.emit(Event{Kind: EvDetection, Team: team, Track: t.id, Pos: pos})
	} else {
		t.pos, t.err, t.updated = pos, errM, w.tick
		if t.source == SrcShared || t.source == SrcCommunity {
			t.source, t.from = src, -1
		}
	}
	if sg.first < 0 {
		sg.first = w.tick
		c := &w.crossers[id]
		tm := &w.teams[team]
		tm.detections++
		if c.crossed >= 0 {
			tm.detectSum += int64(w.tick - c.crossed)
		}
		if c.detected < 0 {
			c.detected = w.tick
			w.stats.Detected++
		}
	}
	w.autoShare(t)
}

// autoShare queues a team's own track for the partners whose agreements
// share it automatically.
func (w *World) autoShare(t *track) {
	if t.source == SrcShared || t.custody {
		return
	}
	if t.lastSent >= 0 && w.tick-t.lastSent < int32(ShareInterval/w.ts) {
		return
	}
	for i := range w.agreements {
		a := &w.agreements[i]
		var to int
		switch int(t.team) {
		case a.spec.A:
			to = a.spec.B
		case a.spec.B:
			to = a.spec.A
		default:
			continue
		}
		if a.cut {
			continue
		}
		switch a.spec.Share {
		case ShareNone:
			continue
		case ShareBorder:
			if !a.withinDepth(&w.cgrid, w.m, t.pos) {
				continue
			}
		}
		w.sendShare(t, to, i)
	}
}

// withinDepth reports whether p lies within the agreement's sharing depth
// of the border, as BorderWithin(p, depth) does. It answers from a table
// of cells (a quarter of a cell of g each) when p's cell lies wholly
// beyond the depth or wholly within it, and asks BorderWithin only in the
// cells the depth's line runs through. The table is filled as cells are
// asked about: a cell is asked about much more often than it is filled.
func (a *agreement) withinDepth(g *grid, m *maps.Map, p orb.Point) bool {
	switch a.depthState(g, m, p) {
	case farYes:
		return false
	case farIn:
		return true
	}
	return m.BorderWithin(p, a.spec.ShareDepth)
}

// farSplit is how many cells of the depth table span a cell of the
// crossers' grid, each way.
const farSplit = 2

// depthState returns what the table knows of p's cell, filling it if
// need be; farNo for a point off the grid.
func (a *agreement) depthState(g *grid, m *maps.Map, p orb.Point) farState {
	inv := g.inv * farSplit
	nx, ny := g.nx*farSplit, g.ny*farSplit
	fx, fy := (p[0]-g.x0)*inv, (p[1]-g.y0)*inv
	if !(fx >= 0 && fy >= 0 && fx < float64(nx) && fy < float64(ny)) {
		return farNo // off the grid (or NaN): the cell does not contain p
	}
	depth := a.spec.ShareDepth
	if a.far == nil || a.farDepth != depth {
		a.far = make([]farState, nx*ny)
		a.farDepth = depth
	}
	x, y := int(fx), int(fy)
	c := &a.far[y*nx+x]
	if *c == farUnknown {
		// Every point of the cell is within half a diagonal of its centre;
		// the extra metre covers rounding.
		size := 1 / inv
		centre := orb.Point{g.x0 + (float64(x)+0.5)*size, g.y0 + (float64(y)+0.5)*size}
		half := size*math.Sqrt2/2 + 1
		switch {
		case !m.BorderWithin(centre, depth+half):
			*c = farYes
		case depth > half && m.BorderWithin(centre, depth-half):
			*c = farIn
		default:
			*c = farNo
		}
	}
	return *c
}

// farState is what an agreement's table knows of a cell: see withinDepth.
type farState uint8

const (
	farUnknown farState = iota
	farYes              // every point of the cell is farther than the depth
	farNo               // some points may be within the depth, some not
	farIn               // every point of the cell is within the depth
)

// sendShare queues one delivery of t to team to under agreement ai.
func (w *World) sendShare(t *track, to, ai int) {
	a := &w.agreements[ai]
	delay := a.spec.Delay
	if a.degraded {
		delay = delay*3 + int32(120/w.ts)
	}
	t.lastSent = w.tick
	w.shares = append(w.shares, shareMsg{due: w.tick + delay, from: int(t.team), to: to, agreement: ai,
		track: t.id, crosser: t.crosser, pos: t.pos, err: t.err, size: t.size})
}

// shareTick delivers the shares that are due; a cut link loses them, or
// under on_cut: queue keeps them until it returns.
func (w *World) shareTick() {
	w.shares = takeDue(w.shares, w.tick, func(m *shareMsg) bool {
		a := &w.agreements[m.agreement]
		if !a.cut {
			w.deliver(m)
		}
		return !a.cut || a.spec.OnCut != CutQueue
	})
}

// queued is a message that falls due at a tick.
type queued interface{ dueAt() int32 }

func (m *shareMsg) dueAt() int32  { return m.due }
func (r *reportMsg) dueAt() int32 { return r.due }

// takeDue calls take, in queue order, for each message of q due by tick
// and returns q without those it took (take reports false to keep a
// message queued), the others in their order.
func takeDue[T any, P interface {
	*T
	queued
}](q []T, tick int32, take func(P) bool) []T {
	n := 0
	for i := range q {
		if P(&q[i]).dueAt() <= tick && take(&q[i]) {
			continue
		}
		q[n] = q[i]
		n++
	}
	return q[:n]
}

// deliver makes or updates the receiver's track of a share and returns it.
func (w *World) deliver(m *shareMsg) *track {
	a := &w.agreements[m.agreement].spec
	pos := w.noisy(m.pos, a.Fidelity)
	errM := m.err + a.Fidelity
	var t *track
	if m.crosser >= 0 {
		c := &w.crossers[m.crosser]
		t = w.trackByID(w.seen.at(m.crosser, m.to).track)
		if t == nil {
			t = w.newTrack(m.to, m.crosser, pos, errM, SrcShared, m.from)
			w.seen.at(m.crosser, m.to).track = t.id
		} else if t.source == SrcShared {
			t.pos, t.err, t.updated = pos, errM, w.tick
		}
		if c.state == Apprehended {
			t.custody = true
		}
	} else {
		t = w.newTrack(m.to, -1, pos, errM, SrcShared, m.from)
	}
	t.size = m.size
	src := &w.tracks[m.track]
	bit := uint8(1) << m.to
	if src.shared&bit == 0 {
		src.shared |= bit
		w.stats.TracksShared++
		tm := &w.teams[m.from]
		tm.sharedOut++
		tm.shareSum += int64(w.tick - src.created)
		if src.deliver < 0 {
			src.deliver = w.tick
		}
		w.emit(Event{Kind: EvShared, Team: m.to, Track: t.id, Pos: pos})
	}
	return t
}

// communityTick lets residents near towns report groups they see, late
// and imprecisely, and delivers the reports that are due.
func (w *World) communityTick() {
	if len(w.community) > 0 {
		const every = 60 // ticks between looks at one group
		for _, id := range w.active {
			if (id+w.tick)%every != 0 {
				continue
			}
			c := &w.crossers[id]
			for i := range w.community {
				w.maybeReport(&w.community[i], c, every)
			}
		}
	}
	w.reports = takeDue(w.reports, w.tick, func(r *reportMsg) bool { w.report(r); return true })
}

// report makes the track of a community report that has reached its
// team, unless the team already holds the group.
func (w *World) report(r *reportMsg) {
	c := &w.crossers[r.crosser]
	t := w.trackByID(w.seen.at(c.id, r.team).track)
	if t != nil {
		return // the team already holds it
	}
	t = w.newTrack(r.team, r.crosser, r.pos, r.err, SrcCommunity, -1)
	t.size = r.size
	w.seen.at(c.id, r.team).track = t.id
	w.emit(Event{Kind: EvCommunityReport, Team: r.team, Track: t.id, Pos: r.pos})
	w.autoShare(t)
}

func (w *World) maybeReport(cs *communityState, c *crosser, every int32) {
	team := cs.spec.Team
	if c.reportSent[team] || c.state == Apprehended || c.state == Escaped {
		return
	}
	r2 := cs.spec.Radius * cs.spec.Radius
	near := false
	for _, t := range cs.towns {
		dx, dy := t[0]-c.pos[0], t[1]-c.pos[1]
		if dx*dx+dy*dy <= r2 {
			near = true
			break
		}
	}
	if !near || w.rng.Float64() >= cs.spec.PerHour*float64(every)*w.ts/3600 {
		return
	}
	c.reportSent[team] = true
	delay := cs.spec.DelayMin
	if cs.spec.DelayMax > delay {
		delay += int32(w.rng.IntN(int(cs.spec.DelayMax - delay + 1)))
	}
	w.reports = append(w.reports, reportMsg{due: w.tick + delay, team: team, crosser: c.id,
		pos: w.noisy(c.pos, cs.spec.ErrorM), err: cs.spec.ErrorM, size: c.size})
}

// expireTracks retires tracks not updated for TrackLifetime.
func (w *World) expireTracks() {
	if w.tick%10 != 0 {
		return
	}
	life := int32(TrackLifetime / w.ts)
	n := 0
	for _, id := range w.live {
		t := &w.tracks[id]
		if w.tick-t.updated > life {
			t.dead = true
			if t.crosser >= 0 {
				c := &w.crossers[t.crosser]
				if sg := w.seen.at(c.id, int(t.team)); sg.track == id {
					sg.track = -1
				}
			}
			continue
		}
		w.live[n] = id
		n++
	}
	w.live = w.live[:n]
}

func kindOf(it gridMeta) CrosserKind {
	if it.flags&itemSmuggler != 0 {
		return Smugglers
	}
	return Migrants
}
