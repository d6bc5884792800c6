package sim

import "github.com/paulmach/orb"

// moveUnits moves every unit along its order, checks jurisdiction and
// lets ground units apprehend groups within reach.
func (w *World) moveUnits() {
	for i := range w.units {
		u := &w.units[i]
		if u.out || (u.kind == Drone && !w.flyDrone(u)) {
			continue
		}
		w.moveUnit(u)
		w.jurisdiction(u)
	}
	w.ugrid.build(w.groundIDs(), func(id int32) gridItem {
		p := w.units[id].pos
		return gridItem{x: float32(p[0]), y: float32(p[1]), gridMeta: gridMeta{id: id}}
	})
	for i := range w.units {
		if u := &w.units[i]; u.kind != Drone && !u.out {
			w.capture(u)
		}
	}
}

// groundIDs lists the ground units, ascending; units never change kind, so
// the list is made once.
func (w *World) groundIDs() []int32 {
	if w.ground == nil {
		w.ground = make([]int32, 0, len(w.units))
		for i := range w.units {
			if w.units[i].kind != Drone && !w.units[i].out {
				w.ground = append(w.ground, int32(i))
			}
		}
	}
	return w.ground
}

// flyDrone burns or restores endurance and reports whether the drone is
// aloft to move.
func (w *World) flyDrone(u *unit) bool {
	if !u.aloft {
		u.pos = w.teams[u.team].spec.Base
		if u.fuel < u.endur {
			u.fuel += 2 // refuelling and battery swap take half the flight time
			u.fuel = min(u.fuel, u.endur)
		}
		return false
	}
	u.fuel--
	home := w.teams[u.team].spec.Base
	need := int32(dist(u.pos, home)/u.speed) + int32(300/w.ts)
	if u.order != OrderReturn && u.fuel <= need {
		u.order, u.target, u.track = OrderReturn, home, -1
		w.emit(Event{Kind: EvDroneLow, Team: u.team, Unit: u.id, Pos: u.pos})
	}
	if u.fuel <= 0 {
		u.aloft, u.pos, u.order = false, home, OrderHold
		return false
	}
	return true
}

func (w *World) moveUnit(u *unit) {
	var goal orb.Point
	switch u.order {
	case OrderHold:
		return
	case OrderIntercept:
		t := w.trackByID(u.track)
		lost := t == nil || t.custody
		if !lost && w.auto&(1<<u.team) != 0 && w.m.CountryAt(t.pos) != w.teams[u.team].country {
			lost = true // computer-controlled units stop at the border
		}
		if lost {
			u.order, u.track = OrderHold, -1
			if len(u.route) > 0 {
				u.order, u.target = OrderPatrol, u.route[u.leg]
			}
			return
		}
		goal = t.pos
		u.target = goal
	case OrderPatrol:
		goal = u.route[u.leg]
	case OrderMove:
		goal = u.target
	case OrderReturn:
		goal = w.teams[u.team].spec.Base
	case OrderEscort:
		goal = u.dropAt
	}
	speed := u.speed
	switch u.kind {
	case Vehicle:
		// The track is hundreds of metres wide: look again every few ticks.
		if (u.id+w.tick)%4 == 0 {
			u.onTrack = w.m.OnTrack(u.pos)
		}
		if !u.onTrack {
			speed = u.offSpeed
		}
	case Foot:
		speed *= 1 - CoverSlow*w.cover(u.pos)
	}
	if u.escort > 0 {
		speed = w.escortSpeed(u, speed)
	}
	var next orb.Point
	var at bool
	if u.kind == Drone {
		next, at = stepToward(u.pos, goal, speed)
	} else {
		next, at = stepToward(u.pos, w.aim(&u.way, u.pos, goal), speed)
	}
	if w.auto&(1<<u.team) != 0 && u.kind != Drone {
		home := w.teams[u.team].country
		if w.m.CountryAtMemo(next, &u.country) != home && w.m.CountryAtMemo(u.pos, &u.country) == home {
			// Computer-controlled units never cross: they break off an
			// intercept, or go on to the next leg of their patrol.
			switch {
			case len(u.route) > 0 && u.order == OrderPatrol:
				u.leg = (u.leg + 1) % len(u.route)
				u.target = u.route[u.leg]
			case len(u.route) > 0:
				u.order, u.track, u.target = OrderPatrol, -1, u.route[u.leg]
			default:
				u.order, u.track = OrderHold, -1
			}
			return
		}
	}
	u.pos = next
	if !at || (u.kind != Drone && !u.way.passed()) {
		return
	}
	switch u.order {
	case OrderPatrol:
		u.leg = (u.leg + 1) % len(u.route)
		u.target = u.route[u.leg]
	case OrderMove:
		u.order = OrderHold
	case OrderReturn:
		u.order = OrderHold
		if u.kind == Drone {
			u.aloft = false
		}
	case OrderEscort:
		w.handover(u)
	}
}

// jurisdiction raises an incident when a unit is in another country's
// territory without an agreement that allows it there.
func (w *World) jurisdiction(u *unit) {
	home := w.teams[u.team].country
	c := w.m.CountryAtMemo(u.pos, &u.country)
	if c < 0 || c == home {
		u.abroad, u.incident = false, false
		return
	}
	if !u.abroad {
		u.abroad, u.entered = true, w.tick
	}
	if u.incident || w.authorised(u, c) {
		return
	}
	u.incident = true
	w.stats.Incidents++
	w.teams[u.team].incidents++
	w.emit(Event{Kind: EvIncident, Team: All, Unit: u.id, Pos: u.pos, Text: w.m.Countries[c].ISO3})
	w.noteIncident(u, c)
}

// authorised reports whether an agreement lets u operate in country c now:
// in a joint zone, or in hot pursuit within the agreement's depth and time.
func (w *World) authorised(u *unit, c int) bool {
	if w.grantedPursuit(u, c) {
		return true
	}
	for i := range w.agreements {
		a := &w.agreements[i].spec
		if a.JointZoneAllows(u.team, c, u.pos, w.teamCountry) {
			return true
		}
		other := a.Partner(u.team)
		if a.Rescue && other >= 0 && w.teams[other].country == c && w.rescuing(u) {
			return true // a humanitarian rescue
		}
		// Hot pursuit covers the escort back of the persons it ended with.
		pursuit := u.order == OrderIntercept || u.order == OrderEscort
		if other >= 0 && w.teams[other].country == c && pursuit && a.PursuitDepth > 0 &&
			w.tick-u.entered <= a.PursuitTicks && w.m.BorderWithin(u.pos, a.PursuitDepth) {
			return true
		}
	}
	return false
}

// teamCountry returns the map country index of a team.
func (w *World) teamCountry(team int) int { return w.teams[team].country }

// capture lets a ground unit apprehend a group within reach, unless it is
// escorting persons already.
func (w *World) capture(u *unit) {
	if u.escort > 0 {
		return
	}
	p := perTick(CaptureChance, w.ts)
	x0, y0, x1, y1 := w.cgrid.span(u.pos, CaptureRadius)
	const r2 = CaptureRadius * CaptureRadius
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			xy, meta := w.cgrid.cell(x, y)
			for i, it := range xy {
				dx, dy := float64(it.x)-u.pos[0], float64(it.y)-u.pos[1]
				if dx*dx+dy*dy > r2 {
					continue
				}
				// A group in distress waits to be reached.
				id := meta[i].id
				if w.isGone(id) || (!w.inDistress(id) && w.rng.Float64() >= p) {
					continue
				}
				w.apprehend(u, w.splitFor(u, id))
				return
			}
		}
	}
}

func (w *World) apprehend(u *unit, c *crosser) {
	c.state = Apprehended
	w.setGone(c.id)
	c.caught = w.tick
	c.caughtBy = int8(u.team)
	w.stats.Apprehended++
	t := &w.teams[u.team]
	if w.seen.at(c.id, u.team).first < 0 {
		w.detect(u.team, c.id, c.pos, SrcPatrol, 10)
	}
	t.intercepts++
	t.interSum += int64(w.tick - w.seen.at(c.id, u.team).first)
	for i := range w.teams {
		if tr := w.trackByID(w.seen.at(c.id, i).track); tr != nil {
			tr.custody = true
			tr.updated = w.tick
			tr.pos = c.pos
		}
	}
	r := custodyRec{group: c.id, team: u.team, since: w.tick, done: -1, persons: c.size, vulnerab: c.vulnerable, unit: u.id, site: -1,
		rescued: w.rescue(u, c)}
	if c.flow >= 0 && int(c.flow) < len(w.flows) && w.flows[c.flow].spec.Asylum > 0 && w.rng.Float64() < w.flows[c.flow].spec.Asylum {
		r.asylum = true
		w.stats.AsylumClaims += int(c.size)
		t.asylumClaims += int(c.size)
	}
	w.custody = append(w.custody, r)
	w.emit(Event{Kind: EvApprehension, Team: u.team, Unit: u.id, Group: c.id, Track: w.seen.at(c.id, u.team).track, Pos: c.pos})
	if r.asylum {
		w.emit(Event{Kind: EvAsylumClaim, Team: u.team, Unit: u.id, Group: c.id, Pos: c.pos})
	}
	w.escort(u, &w.custody[len(w.custody)-1])
}

// Automatic response, for computer-controlled teams.
const (
	AutoEvery  = 30    // ticks between decisions (MODEL.md: B1)
	AutoRadius = 10000 // metres: an idle unit takes tracks this close (MODEL.md: B2)
)

// autoRespond sends the idle units of computer-controlled teams to
// intercept their team's nearest unassigned track.
func (w *World) autoRespond() {
	if w.auto == 0 || w.tick%AutoEvery != 0 {
		return
	}
	for i := range w.units {
		u := &w.units[i]
		if w.auto&(1<<u.team) == 0 || u.out || u.kind == Drone || (u.order != OrderHold && u.order != OrderPatrol) {
			continue
		}
		best, bd := int32(-1), float64(AutoRadius)
		for _, id := range w.live {
			t := &w.tracks[id]
			if int(t.team) != u.team || t.custody || w.tick-t.updated > 300 || w.assigned(u.team, id) {
				continue
			}
			if d := dist(t.pos, u.pos); d < bd && w.m.CountryAt(t.pos) == w.teams[u.team].country {
				best, bd = id, d
			}
		}
		if best >= 0 {
			u.order, u.track, u.target = OrderIntercept, best, w.tracks[best].pos
		}
	}
}

// assigned reports whether a unit of team already intercepts track id.
func (w *World) assigned(team int, id int32) bool {
	for i := range w.units {
		if u := &w.units[i]; u.team == team && u.order == OrderIntercept && u.track == id {
			return true
		}
	}
	return false
}
