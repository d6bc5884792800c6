package scenarios

import (
	"fmt"
	"math"
	"strings"

	"github.com/paulmach/orb"
)

// This file reads patrols along the border and the checks that routes stay out of the neighbour's territory.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var patrolKeys = []string{"from_km", "to_km", "section", "side", "offset_km", "step_km"}

// patrol reads a patrol along the border: route points every step_km from
// from_km to to_km, offset_km into side's country, and back. Points that a
// bend of the border puts in another country are left out.
func (b *builder) patrol(o *object, team int) ([]orb.Point, bool) {
	po := b.object(o.vals["patrol"], o.what+": patrol", patrolKeys)
	if po == nil || b.m == nil {
		return nil, false
	}
	if !po.require("from_km", "to_km") {
		return nil, false
	}
	sec := b.section(po, "section")
	from := po.number("from_km", -1, 0, 100000)
	to := po.number("to_km", -1, 0, 100000)
	off := po.number("offset_km", 1, 0, 500)
	step := po.number("step_km", 1, 0.1, 1000)
	country := b.countryOf(team)
	if po.has("side") {
		iso := b.borderISO()
		side := po.str("side", "")
		country = b.m.CountryIndex(side)
		if country != 0 && country != 1 {
			po.errorf("side", "side: %q is not a country of this border%s; allowed: %s", side, suggest(side, iso), strings.Join(iso, ", "))
			return nil, false
		}
	}
	if sec < 0 || from < 0 || to < 0 || country < 0 {
		return nil, false
	}
	if from == to {
		po.errorf("to_km", "to_km: must differ from from_km")
		return nil, false
	}
	l := b.m.BorderLength(sec) / 1000
	if max(from, to) > l+0.001 {
		po.errorf("to_km", "the border section is %.1f km long; from_km and to_km must be within it", l)
		return nil, false
	}
	n := min(int(math.Ceil(math.Abs(to-from)/step)), maxPatrolPoints)
	at := func(km float64) (orb.Point, bool) {
		q, _ := b.m.PointAtChainage(sec, km*1000)
		return b.offsetPoint(q, country, off*1000)
	}
	var out []orb.Point
	// fill adds the points between two patrol points whose leg leaves the
	// country, halving the step where the border bends.
	var fill func(km0, km1 float64, p0, p1 orb.Point, depth int)
	fill = func(km0, km1 float64, p0, p1 orb.Point, depth int) {
		if depth >= 6 {
			return
		}
		if _, c := b.legViolation(p0, p1, country, team); c < 0 {
			return
		}
		mid := (km0 + km1) / 2
		pm, ok := at(mid)
		if !ok {
			return
		}
		fill(km0, mid, p0, pm, depth+1)
		out = append(out, pm)
		fill(mid, km1, pm, p1, depth+1)
	}
	lastKM := 0.0
	for i := 0; i <= n; i++ {
		km := from + (to-from)*float64(i)/float64(n)
		p, ok := at(km)
		if !ok {
			continue
		}
		if len(out) > 0 {
			fill(lastKM, km, out[len(out)-1], p, 0)
		}
		out = append(out, p)
		lastKM = km
	}
	if len(out) < 2 {
		po.errorf("offset_km", "no patrol point lies %s km inside %s between km %s and %s; use a smaller offset_km or a route", fmtNum(off), b.m.Countries[country].ISO3, fmtNum(from), fmtNum(to))
		return nil, false
	}
	for i := len(out) - 2; i > 0; i-- {
		out = append(out, out[i])
	}
	return out, true
}

// checkLegs reports the first straight leg of a patrol (from the start to
// the first point, between points, and from the last point back to the
// first) that passes through another country outside the team's joint
// zones: the simulation would count it as an incursion.
func (b *builder) checkLegs(o *object, key string, start orb.Point, route []orb.Point, team int) {
	country := b.countryOf(team)
	if b.m == nil || country < 0 {
		return
	}
	leg := func(p, q orb.Point) (orb.Point, int) { return b.legViolation(p, q, country, team) }
	n := len(route)
	for i := -1; i < n; i++ {
		var p, q orb.Point
		var what string
		switch {
		case i < 0:
			p, q, what = start, route[0], "from the start to point 1"
		case i == n-1:
			p, q, what = route[n-1], route[0], fmt.Sprintf("from point %d back to point 1", n)
		default:
			p, q, what = route[i], route[i+1], fmt.Sprintf("from point %d to point %d", i+1, i+2)
		}
		if p == q {
			continue
		}
		if r, c := leg(p, q); c >= 0 {
			ll := b.m.Proj.Inverse(r)
			o.errorf(key, "%s: the leg %s crosses into %s near lonlat [%.4f, %.4f], which is an incursion; add a point between them or move them further from the border", key, what, b.countryName(c), ll[0], ll[1])
			return
		}
	}
}

// checkReturn reports a drone route from whose points the flight home to
// the team's base (which a drone makes when its endurance runs low) would
// cross into another country.
func (b *builder) checkReturn(o *object, key string, route []orb.Point, team int) {
	country := b.countryOf(team)
	if b.m == nil || country < 0 {
		return
	}
	base := b.s.Teams[team].Base
	for i, p := range route {
		if r, c := b.legViolation(p, base, country, team); c >= 0 {
			ll := b.m.Proj.Inverse(r)
			o.errorf(key, "%s: flying home to the team's base from point %d, the drone would cross into %s near lonlat [%.4f, %.4f]; keep the route where the way home stays in %s", key, i+1, b.countryName(c), ll[0], ll[1], b.m.Countries[country].ISO3)
			return
		}
	}
}

// legViolation returns a point of the straight leg p–q outside country
// (the team's) and outside the team's joint zones, and the country it is
// in; -1 when there is none.
func (b *builder) legViolation(p, q orb.Point, country, team int) (orb.Point, int) {
	const sample = 100.0 // metres between tested points
	if b.work > maxCheckWork {
		if !b.overWork {
			b.overWork = true
			b.errorAtf(1, 1, "the routes and patrols are too long to check for incursions; use fewer or shorter ones")
		}
		return orb.Point{}, -1
	}
	// A leg that meets the border line leaves the country, however
	// briefly; sampling alone would miss thin spikes of the line.
	r, work, ok := b.m.BorderCrossing(p, q, func(r orb.Point) bool { return b.inAnyJointZone(r, team) })
	b.work += work
	if ok {
		other := 1 - country
		if country > 1 {
			other = 0
		}
		return r, other
	}
	r, c, work := b.m.LegLeaves(p, q, country, sample, maxLegSamples, func(r orb.Point) bool { return b.inJointZone(r, team) })
	b.work += work
	return r, c
}

// inAnyJointZone reports whether p is in a joint zone of any agreement that
// team is party to.
func (b *builder) inAnyJointZone(p orb.Point, team int) bool {
	for i := range b.s.Agreements {
		if a := &b.s.Agreements[i]; a.Partner(team) >= 0 && a.InJointZone(p) {
			return true
		}
	}
	return false
}
