package sim

import "github.com/paulmach/orb"

// Ground movement: lakes and the sea are obstacles for everyone on the
// ground (docs/MODEL.md, "Ground and water"). A mover follows the route
// maps.Route finds around them; drones fly straight.

// way is the route a ground unit follows to its goal: the waypoints left
// (a subslice of a path the map caches, never written) and then end.
type way struct {
	pts     []orb.Point
	goal    orb.Point // the goal the route was made for
	end     orb.Point // where the route ends: goal, or the nearest reachable point
	planned bool
}

// aim returns the point a ground unit steps toward this tick on its way to
// goal, planning a new route when the goal has changed.
func (w *World) aim(v *way, pos, goal orb.Point) orb.Point {
	if !v.planned || goal != v.goal {
		v.pts, v.end = w.m.Route(pos, goal)
		v.goal, v.planned = goal, true
	}
	if len(v.pts) > 0 {
		return v.pts[0]
	}
	return v.end
}

// passed moves a way on when its mover has reached the waypoint it aimed
// at, and reports whether that was the end of the route.
func (v *way) passed() bool {
	if len(v.pts) > 0 {
		v.pts = v.pts[1:]
		return false
	}
	return true
}

// legs are a crossing group's two routes: to its crossing point, and from
// there to its destination; nil where the straight line is clear.
type legs [2][]orb.Point

// planLegs routes a new group around the water on both of its legs. A
// crossing point or destination that cannot be reached on land moves to
// the nearest point that can.
func (w *World) planLegs(c *crosser) {
	var l legs
	l[0], c.cross = w.m.Route(c.pos, c.cross)
	l[1], c.dest = w.m.Route(c.cross, c.dest)
	if l[0] == nil && l[1] == nil {
		return
	}
	w.legs = append(w.legs, l)
	c.way = int32(len(w.legs))
}

// crosserAim returns the point a group walks toward: the next waypoint of
// its current leg, or the leg's end.
func (w *World) crosserAim(c *crosser) (orb.Point, bool) {
	leg := 0
	end := c.cross
	if c.state != Approaching {
		leg, end = 1, c.dest
	}
	if c.way > 0 {
		if pts := w.legs[c.way-1][leg]; int(c.wp) < len(pts) {
			return pts[c.wp], true
		}
	}
	return end, false
}

// cover returns the cover at p: the value of the last of the scenario's
// cover areas that contains p, else the map's default.
func (w *World) cover(p orb.Point) float64 {
	for i := len(w.coverAreas) - 1; i >= 0; i-- {
		a := &w.coverAreas[i]
		if a.bound.Contains(p) && a.contains(p) {
			return a.Value
		}
	}
	return w.m.Cover(p)
}

// coverArea is a scenario cover area with its bound, for a quick reject.
type coverArea struct {
	CoverArea
	bound orb.Bound
}

// CoverAt returns the cover at p that groups and units meet: the
// scenario's cover areas over the map's default.
func (w *World) CoverAt(p orb.Point) float64 { return w.cover(p) }
