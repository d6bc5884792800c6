package sim

import (
	"math"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// This file is the terrain's line of sight (docs/MODEL.md, Terrain): with
// a scenario's elevation, a camera, thermal camera or radar does not see a
// person the ground hides. Each such sensor's viewshed is worked out once,
// when the World is made, as a raster over its range; a sweep then pays
// one lookup for a group it looks at closely.

// Line of sight (MODEL.md H rows): the eye is the sensor's height above
// its ground, the target TargetHeight above its own; Earth's curvature
// lowers a point at distance d by d²/(2·k·R), k the effective Earth
// radius factor of the sensor's waves. The raster has at most
// ViewshedCells cells a side, and none finer than the elevation's posts.
const (
	OpticalEarth  = 1                  // MODEL.md: H4 effective Earth radius factor, cameras (geometric, as H2)
	RadarEarth    = 1.3333333333333333 // MODEL.md: H5 effective Earth radius factor, radar (4/3, as H3)
	ViewshedCells = 400                // MODEL.md: H6 cells a side of a sensor's viewshed, at most
)

// SeesTerrain reports whether a fixed sensor kind needs a line of sight:
// the cameras and the radar do; ground sensors feel the ground, they do
// not look.
func SeesTerrain(k SensorKind) bool { return k == Camera || k == Thermal || k == Radar }

// SensorRange is how far in metres a fixed sensor looks: its range or its
// kind's, capped at the horizon of its height over smooth ground.
func SensorRange(sp SensorSpec) float64 {
	d := sensorDefaults[sp.Kind]
	return min(or(sp.Range, d.rng), horizon(sp.Kind, or(sp.Height, d.height)))
}

// viewshed is a sensor's line of sight over the square of its range:
// bit i of the raster (row-major, south to north, west to east) says
// whether a person in cell i is seen from the sensor.
type viewshed struct {
	half float64 // metres from the sensor to the raster's edges
	inv  float64 // cells per metre
	n    int     // cells a side
	bits []uint64
}

// sees reports whether a person at (dx, dy) metres from the sensor is in
// its line of sight. Outside the raster (beyond the range) it answers
// true: the range decides there.
func (v *viewshed) sees(dx, dy float64) bool {
	x, y := int((dx+v.half)*v.inv), int((dy+v.half)*v.inv)
	if uint(x) >= uint(v.n) || uint(y) >= uint(v.n) {
		return true
	}
	i := y*v.n + x
	return v.bits[i>>6]>>(i&63)&1 != 0
}

// newViewshed works out the line of sight of a sensor at p, height metres
// above the ground, over rng metres, on the elevation el; earth is the
// effective Earth radius factor. It returns nil when el does not cover p.
//
// The ground is sampled once at every cell's centre, curvature's drop
// folded in; each cell's centre is then seen when no sample of the ground
// along the ray from the eye to the person standing there, every cell's
// length, interpolated bilinearly between the cells, rises above the ray.
// Ground the elevation does not cover hides nothing, and a person
// standing there is seen (the open-ground law).
func newViewshed(el *maps.Elevation, p orb.Point, height, rng, earth float64) *viewshed {
	ground, ok := el.Height(p)
	if !ok || rng <= 0 {
		return nil
	}
	c := max(el.Spacing(), 2*rng/ViewshedCells)
	n := int(math.Ceil(2 * rng / c))
	v := &viewshed{half: float64(n) * c / 2, inv: 1 / c, n: n, bits: make([]uint64, (n*n+63)/64)}
	drop := 1 / (2 * earth * maps.EarthRadius)
	z := make([]float64, n*n)
	for y := range n {
		dy := -v.half + (float64(y)+0.5)*c
		for x := range n {
			dx := -v.half + (float64(x)+0.5)*c
			h, ok := el.Height(orb.Point{p[0] + dx, p[1] + dy})
			if !ok {
				z[y*n+x] = math.NaN()
				continue
			}
			z[y*n+x] = h - (dx*dx+dy*dy)*drop
		}
	}
	eye := ground + height
	// The eye in cell coordinates, where cell (x, y) has its centre at
	// (x, y).
	ex, ey := v.half*v.inv-0.5, v.half*v.inv-0.5
	reach := rng*v.inv + 1 // cells: the range and a cell's diagonal
	for y := range n {
		for x := range n {
			tx, ty := float64(x)-ex, float64(y)-ey
			d := math.Hypot(tx, ty)
			if d > reach {
				continue
			}
			target := z[y*n+x] + TargetHeight
			if math.IsNaN(target) || unblocked(z, n, ex, ey, tx, ty, eye, target, int(math.Ceil(d))) {
				i := y*n + x
				v.bits[i>>6] |= 1 << (i & 63)
			}
		}
	}
	return v
}

// unblocked reports whether no ground sample of z rises above the ray from the
// eye, at height eye over (ex, ey), to the target at height target over
// (ex+tx, ey+ty), taking m steps (the samples strictly between them).
func unblocked(z []float64, n int, ex, ey, tx, ty, eye, target float64, m int) bool {
	for k := 1; k < m; k++ {
		f := float64(k) / float64(m)
		h := groundAt(z, n, ex+f*tx, ey+f*ty)
		if h > eye+f*(target-eye) {
			return false
		}
	}
	return true
}

// groundAt interpolates z bilinearly at cell coordinates (x, y), clamped
// to the raster; NaN (no data) where a cell around it has none, which
// hides nothing.
func groundAt(z []float64, n int, x, y float64) float64 {
	if n < 2 {
		return z[0]
	}
	x = min(max(x, 0), float64(n-1))
	y = min(max(y, 0), float64(n-1))
	ix, iy := min(int(x), n-2), min(int(y), n-2)
	ax, ay := x-float64(ix), y-float64(iy)
	i := iy*n + ix
	return (z[i]*(1-ax)+z[i+1]*ax)*(1-ay) + (z[i+n]*(1-ax)+z[i+n+1]*ax)*ay
}

// lineOfSight gives a sight sensor its viewshed on the scenario's
// elevation (none without one).
func (sn *sensor) lineOfSight(el *maps.Elevation) {
	if el == nil || !SeesTerrain(sn.spec.Kind) {
		return
	}
	earth := float64(OpticalEarth)
	if sn.spec.Kind == Radar {
		earth = RadarEarth
	}
	sn.vs = newViewshed(el, sn.spec.Pos, sn.height, sn.rng, earth)
}

// SensorSees reports whether fixed sensor i (in scenario order) has a
// line of sight to a person standing at p, planar metres: always, without
// elevation or for a sensor that does not look (a ground sensor); range,
// sector and conditions are not asked.
func (w *World) SensorSees(i int, p orb.Point) bool {
	s := &w.sensors[i]
	return s.vs == nil || s.vs.sees(p[0]-s.spec.Pos[0], p[1]-s.spec.Pos[1])
}
