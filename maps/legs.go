package maps

import (
	"math"

	"github.com/paulmach/orb"
)

// SegmentIntersection returns the parameter t along the segment p–q (0 at
// p, 1 at q) where it meets the segment a–c, and whether it does.
// Parallel segments do not meet.
func SegmentIntersection(p, q, a, c orb.Point) (float64, bool) {
	rx, ry := q[0]-p[0], q[1]-p[1]
	sx, sy := c[0]-a[0], c[1]-a[1]
	den := rx*sy - ry*sx
	if den == 0 {
		return 0, false
	}
	t := ((a[0]-p[0])*sy - (a[1]-p[1])*sx) / den
	u := ((a[0]-p[0])*ry - (a[1]-p[1])*rx) / den
	if t < 0 || t > 1 || u < 0 || u > 1 {
		return 0, false
	}
	return t, true
}

// BorderCrossing returns the first point, going from p, where the segment
// p–q meets the border line, leaving out the points skip reports (nil
// skips none), and whether there is one. It also returns how many border
// vertices it looked at, a measure of its work.
func (m *Map) BorderCrossing(p, q orb.Point, skip func(orb.Point) bool) (orb.Point, int, bool) {
	lo := orb.Point{min(p[0], q[0]), min(p[1], q[1])}
	hi := orb.Point{max(p[0], q[0]), max(p[1], q[1])}
	best, bestT, found, work := orb.Point{}, 2.0, false, 0
	for _, line := range m.Border {
		work += len(line)
		for i := 1; i < len(line); i++ {
			a, c := line[i-1], line[i]
			if max(a[0], c[0]) < lo[0] || min(a[0], c[0]) > hi[0] || max(a[1], c[1]) < lo[1] || min(a[1], c[1]) > hi[1] {
				continue
			}
			t, ok := SegmentIntersection(p, q, a, c)
			if !ok || t >= bestT {
				continue
			}
			r := orb.Point{p[0] + (q[0]-p[0])*t, p[1] + (q[1]-p[1])*t}
			if skip != nil && skip(r) {
				continue
			}
			best, bestT, found = r, t, true
		}
	}
	return best, work, found
}

// LegLeaves samples the straight leg p–q every step metres (p and q left
// out, at most maxPoints points) and returns the first point that lies in
// a country other than country and that allowed (nil allows none) does not
// allow, with the country it is in; -1 when there is none. It also returns
// how many points the leg has, a measure of its work.
func (m *Map) LegLeaves(p, q orb.Point, country int, step float64, maxPoints int, allowed func(orb.Point) bool) (orb.Point, int, int) {
	d := math.Hypot(q[0]-p[0], q[1]-p[1])
	n := min(int(d/step), maxPoints)
	for i := 1; i < n; i++ {
		t := float64(i) / float64(n)
		r := orb.Point{p[0] + (q[0]-p[0])*t, p[1] + (q[1]-p[1])*t}
		if c := m.CountryAt(r); c >= 0 && c != country && (allowed == nil || !allowed(r)) {
			return r, c, n
		}
	}
	return orb.Point{}, -1, n
}
