package maps

import (
	"math"

	"github.com/paulmach/orb"
)

// lineLength returns the planar length of ls in metres.
func lineLength(ls orb.LineString) float64 {
	l := 0.0
	for i := 0; i+1 < len(ls); i++ {
		l += math.Hypot(ls[i+1][0]-ls[i][0], ls[i+1][1]-ls[i][1])
	}
	return l
}

// pointAtChainage returns the point at chainage c (metres, clamped) along
// ls and the unit direction of the segment there.
func pointAtChainage(ls orb.LineString, c float64) (orb.Point, orb.Point) {
	if len(ls) == 0 {
		return orb.Point{}, orb.Point{}
	}
	var dir orb.Point
	for i := 0; i+1 < len(ls); i++ {
		a, b := ls[i], ls[i+1]
		l := math.Hypot(b[0]-a[0], b[1]-a[1])
		if l == 0 {
			continue
		}
		dir = orb.Point{(b[0] - a[0]) / l, (b[1] - a[1]) / l}
		if c <= l || i+2 == len(ls) {
			t := math.Max(0, math.Min(c, l))
			return orb.Point{a[0] + dir[0]*t, a[1] + dir[1]*t}, dir
		}
		c -= l
	}
	return ls[len(ls)-1], dir
}
