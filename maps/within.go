package maps

import (
	"math"

	"github.com/paulmach/orb"
)

// BorderWithin reports whether p is within d metres of the border (any
// section). It visits only the index cells within d of p, so it is much
// cheaper than BorderDistance far from the border; 0 allocs.
func (m *Map) BorderWithin(p orb.Point, d float64) bool {
	return m.border.withinAny(p, d)
}

// withinAny reports whether any segment is within d of p, searching the
// grid cells that overlap the square of side 2d around p.
func (ix *segIndex) withinAny(p orb.Point, d float64) bool { return ix.scanNear(p, d, false) }

// closerThan reports whether any segment is closer than d to p. It agrees
// exactly with math.Sqrt of nearest's squared distance being below d (the
// same per-segment distance, compared after the same square root), and it
// visits only the cells within d of p.
func (ix *segIndex) closerThan(p orb.Point, d float64) bool { return ix.scanNear(p, d, true) }

// scanNear searches the grid cells that overlap the square of side 2d
// around p for a segment at distance at most d (strict: below d, compared
// as math.Sqrt of the squared distance).
func (ix *segIndex) scanNear(p orb.Point, d float64, strict bool) bool {
	if len(ix.segs) == 0 {
		return false
	}
	x0, x1 := ix.clampX(p[0]-d), ix.clampX(p[0]+d)
	y0, y1 := ix.clampY(p[1]-d), ix.clampY(p[1]+d)
	d2 := d * d
	for y := y0; y <= y1; y++ {
		for x := x0; x <= x1; x++ {
			k := y*ix.nx + x
			for _, si := range ix.cellItems(k) {
				s2 := ix.segs[si].dist2(p[0], p[1])
				if strict && math.Sqrt(s2) < d || !strict && s2 <= d2 {
					return true
				}
			}
		}
	}
	return false
}
