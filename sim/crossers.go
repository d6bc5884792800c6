package sim

import (
	"math"

	"github.com/paulmach/orb"
)

// spawnTick starts the groups whose time has come.
func (w *World) spawnTick() {
	for i := range w.flows {
		f := &w.flows[i]
		for f.next <= w.tick {
			if w.tick < f.spec.End {
				w.spawn(i)
			}
			f.next += w.arrival(f.rate)
		}
	}
}

// spawn starts one group of flow fi.
func (w *World) spawn(fi int) {
	f := &w.flows[fi].spec
	if f.Kind == Travellers {
		w.traveller(f)
		return
	}
	id := int32(len(w.crossers))
	c := crosser{id: id, kind: f.Kind, flow: int32(fi), barrier: -1, crossed: -1, detected: -1, caught: -1, caughtBy: -1}
	c.pos = w.scatter(f.From, f.Spread)
	c.cover = w.cover(c.pos)
	c.dest = w.scatter(f.To, f.Spread)
	c.cross = w.crossingPoint(f)
	c.size = int32(f.SizeMin)
	if f.SizeMax > f.SizeMin {
		c.size += int32(w.rng.IntN(f.SizeMax - f.SizeMin + 1))
	}
	c.vulnerable = w.rng.Float64() < f.Vulnerable
	def := MigrantSpeed
	if f.Kind == Smugglers {
		def = SmugglerSpeed
	}
	c.speed = or(f.Speed, def*w.ts)
	c.origin = int8(w.m.CountryAt(c.pos))
	c.into = int8(w.m.CountryAt(c.dest))
	c.started = w.tick
	_, sec, ch := w.m.NearestOnBorder(c.cross)
	for bi := range w.barriers {
		b := &w.barriers[bi].spec
		if b.Section == sec && ch >= b.From && ch <= b.To {
			c.barrier = int32(bi)
			break
		}
	}
	w.planLegs(&c)
	c.river = w.inRiver(c.cross)
	w.addCrosser(c)
	w.stats.Attempted++
	w.stats.Persons += int(c.size)
	if c.vulnerable {
		w.stats.Vulnerable++
	}
}

// scatter returns a point uniformly in a disc of radius r around p that
// lies on the map.
func (w *World) scatter(p orb.Point, r float64) orb.Point {
	if r <= 0 {
		return p
	}
	for range 8 {
		a := w.rng.Float64() * 2 * math.Pi
		d := r * math.Sqrt(w.rng.Float64())
		q := orb.Point{p[0] + d*math.Cos(a), p[1] + d*math.Sin(a)}
		if w.m.OnLand(q) {
			return q
		}
	}
	return p
}

// crossingPoint picks where a group crosses: along the border near the
// flow's crossing place, preferring the best cover of three candidates.
func (w *World) crossingPoint(f *FlowSpec) orb.Point {
	_, sec, ch := w.m.NearestOnBorder(f.CrossAt)
	if f.CrossSpread <= 0 {
		p, _ := w.m.PointAtChainage(sec, ch)
		return p
	}
	n := w.m.BorderLength(sec)
	var best orb.Point
	bc := -1.0
	for range 3 {
		c := ch + (w.rng.Float64()*2-1)*f.CrossSpread
		c = min(max(c, 0), n)
		p, _ := w.m.PointAtChainage(sec, c)
		if cv := w.cover(p); cv > bc {
			best, bc = p, cv
		}
	}
	return best
}

func dist(a, b orb.Point) float64 {
	return math.Hypot(a[0]-b[0], a[1]-b[1])
}

// stepToward moves p toward q by at most d and reports arrival.
func stepToward(p, q orb.Point, d float64) (orb.Point, bool) {
	dx, dy := q[0]-p[0], q[1]-p[1]
	l := math.Sqrt(dx*dx + dy*dy)
	if l <= d {
		return q, true
	}
	k := d / l
	return orb.Point{p[0] + float64(dx*k), p[1] + float64(dy*k)}, false
}

// walk moves the group toward its aim by at most d metres, with its item
// in the grid, and reports arrival. The aim, its heading and the distance
// left are worked out once per aim (when the state or the waypoint
// changes), so that a step reads only the record's first cache line and
// takes two multiplications, not a square root and a division. Only walk
// moves a group under way. The grid gets the new coordinates as they are
// computed: reading back the position just written (a 16-byte read of two
// 8-byte writes) would wait for the writes to reach the cache.
func (w *World) walk(c *crosser, d float64) (at bool) {
	if c.aimFor != uint8(c.state)+1 {
		aim, _ := w.crosserAim(c)
		dx, dy := aim[0]-c.pos[0], aim[1]-c.pos[1]
		l := math.Sqrt(dx*dx + dy*dy)
		c.aim, c.left, c.aimFor = aim, l, uint8(c.state)+1
		c.hx, c.hy = 0, 0
		if l > 0 {
			c.hx, c.hy = dx/l, dy/l
		}
	}
	if c.left <= d {
		c.pos, c.left = c.aim, 0
		w.cgrid.moveTo(c.id, c.aim[0], c.aim[1])
		return true
	}
	c.left -= d
	x, y := c.pos[0]+c.hx*d, c.pos[1]+c.hy*d
	c.pos[0], c.pos[1] = x, y
	w.cgrid.moveTo(c.id, x, y)
	return false
}

// setPace works out the group's pace from its speed, the cover it is in
// and its members.
func (c *crosser) setPace() {
	p := c.speed * (1 - CoverSlow*c.cover)
	if c.vulnerable {
		p *= VulnerableSlow
	}
	c.pace = p
}

// coverEvery is how often, in ticks, a group looks again at the cover it
// is in; it walks a few metres a tick and cover varies over kilometres.
const coverEvery = 8 // MODEL.md: M13

// moveCrossers advances every group still under way.
func (w *World) moveCrossers() {
	night := w.Night()
	seen := float64(PatrolSeenDay)
	if night {
		seen = PatrolSeenNight
	}
	hide := int32(HideSeconds / w.ts)
	wx := weatherSlow[w.weather]
	n := 0
	for _, id := range w.active {
		c := &w.crossers[id]
		if c.state == Apprehended || c.state == Escaped || c.state == Perished {
			continue
		}
		w.active[n] = id
		n++
		if c.wait > 0 {
			c.wait--
			if c.wait == 0 && c.state == Approaching && c.pos == c.cross {
				w.crossLine(c)
			}
			continue
		}
		if c.state == Hiding {
			if w.tick < c.hideUntil {
				continue
			}
			c.state = Approaching
			if c.crossed >= 0 {
				c.state = Crossed
			}
			w.cgrid.update(c.item())
		}
		if (id+w.tick)%10 == 0 && w.patrolNear(c.pos, seen) {
			c.state = Hiding
			c.hideUntil = w.tick + hide
			w.cgrid.update(c.item())
			continue
		}
		if (id+w.tick)%coverEvery == 0 || c.pace == 0 {
			c.cover = w.cover(c.pos)
			w.coverMin = min(w.coverMin, coverByte(c.cover))
			c.setPace()
			w.cgrid.update(c.item())
		}
		at := w.walk(c, c.pace*wx)
		if at {
			if _, waypoint := w.crosserAim(c); waypoint {
				c.wp++
				c.aimFor = 0
				continue
			}
		}
		if c.state == Approaching {
			if at {
				wait := int32(0)
				if c.barrier >= 0 {
					wait += w.cutFence(c)
				}
				if c.river {
					wait += w.riverTicks(c)
				}
				if wait > 0 {
					c.wait = wait
				} else {
					w.crossLine(c)
				}
			}
			continue
		}
		if at {
			c.state = Escaped
			w.setGone(c.id)
			w.stats.Escaped++
			w.emit(Event{Kind: EvEscape, Team: Instructor, Group: c.id, Pos: c.pos})
		}
	}
	w.active = w.active[:n]
}

// crossLine records a group crossing the border, drowning some of its
// persons in a river.
func (w *World) crossLine(c *crosser) {
	if c.river && !w.drown(c) {
		return
	}
	c.state = Crossed
	c.crossed = w.tick
	c.wp = 0
	w.stats.Crossed++
	w.emit(Event{Kind: EvCrossing, Team: Instructor, Group: c.id, Pos: c.pos})
}

// cutFence returns the ticks a group needs to get through the barrier and
// may raise the alarm.
func (w *World) cutFence(c *crosser) int32 {
	b := &w.barriers[c.barrier]
	b.cuts++
	w.stats.FenceCuts++
	if w.rng.Float64() < b.spec.AlertProb {
		w.emit(Event{Kind: EvFenceCut, Team: b.spec.Team, Group: c.id, Pos: c.pos, Text: b.spec.Name})
		w.detect(b.spec.Team, c.id, c.pos, SrcFence, 150)
	}
	return b.spec.DelayTicks
}

// patrolNear reports whether a ground unit is within r of p.
func (w *World) patrolNear(p orb.Point, r float64) bool {
	x0, y0, x1, y1 := w.ugrid.span(p, r)
	r2 := r * r
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			if !w.ugrid.occupied(x, y) {
				continue
			}
			xy, _ := w.ugrid.cell(x, y)
			for _, it := range xy {
				dx, dy := float64(it.x)-p[0], float64(it.y)-p[1]
				if dx*dx+dy*dy <= r2 {
					return true
				}
			}
		}
	}
	return false
}

// addCrosser puts a new group into the world.
func (w *World) addCrosser(c crosser) {
	w.crossers = append(w.crossers, c)
	w.active = append(w.active, c.id)
	w.seen.add()
	if int(c.id)/64 >= len(w.gone) {
		w.gone = append(w.gone, 0)
	}
	w.regrid = true
	w.maxStep = max(w.maxStep, c.speed)
	w.crowdMax = max(w.crowdMax, crowdGain(float64(c.size)))
	w.coverMin = min(w.coverMin, coverByte(c.cover))
}

// coverByte is cover (0..1) as the grid holds it, 0..255.
func coverByte(cover float64) uint8 { return uint8(cover * 255) }

// item is the group's entry in the grid.
func (c *crosser) item() gridItem {
	it := gridItem{x: float32(c.pos[0]), y: float32(c.pos[1]),
		gridMeta: gridMeta{id: c.id, cover: coverByte(c.cover), size: uint16(min(c.size, 65535))}}
	if c.state == Hiding {
		it.flags |= itemHiding
	}
	if c.kind == Smugglers {
		it.flags |= itemSmuggler
	}
	return it
}

func (w *World) setGone(id int32)     { w.gone[id/64] |= 1 << (id % 64) }
func (w *World) isGone(id int32) bool { return w.gone[id/64]&(1<<(id%64)) != 0 }
