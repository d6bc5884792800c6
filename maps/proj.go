package maps

import (
	"math"

	"github.com/paulmach/orb"
)

// EarthRadius is the radius of the sphere used by Projection, in metres
// (the IUGG mean Earth radius); the line of sight over terrain takes its
// curvature from it too.
const EarthRadius = 6371008.8 // MODEL.md: H7 metres

// mercatorThreshold is the smallest |n| (cone constant, dimensionless) for
// which the Lambert conformal conic is used; below it Projection falls back
// to a spherical Mercator with true scale at the centre latitude.
const mercatorThreshold = 1e-3

// Projection is a Lambert conformal conic projection on a sphere of radius
// EarthRadius, with standard parallels at one sixth of the window's latitude
// range inside its southern and northern edges and its origin at the window
// centre. Planar coordinates are metres, x east and y north. When the cone
// constant is nearly zero (windows centred on the equator) it falls back to
// a spherical Mercator with true scale at the centre latitude.
// The zero value is not usable; use NewProjection.
type Projection struct {
	lon0, lat0 float64 // origin, radians
	n          float64 // cone constant; 0 selects the Mercator fallback
	rf         float64 // R*F, metres
	rho0       float64 // radius of the origin parallel, metres
	k          float64 // Mercator fallback: R*cos(lat0), metres
	y0         float64 // Mercator fallback: northing of lat0 before shifting, metres
}

// NewProjection returns the projection for a lon/lat window (degrees).
func NewProjection(window orb.Bound) Projection {
	const d2r = math.Pi / 180
	latMin, latMax := window.Min[1], window.Max[1]
	rng := latMax - latMin
	phi1 := (latMin + rng/6) * d2r
	phi2 := (latMax - rng/6) * d2r
	c := window.Center()
	p := Projection{lon0: c[0] * d2r, lat0: c[1] * d2r}
	var n float64
	if math.Abs(phi2-phi1) < 1e-12 {
		n = math.Sin(phi1)
	} else {
		n = math.Log(math.Cos(phi1)/math.Cos(phi2)) /
			math.Log(math.Tan(math.Pi/4+phi2/2)/math.Tan(math.Pi/4+phi1/2))
	}
	if math.Abs(n) < mercatorThreshold {
		p.k = EarthRadius * math.Cos(p.lat0)
		p.y0 = p.k * math.Log(math.Tan(math.Pi/4+p.lat0/2))
		return p
	}
	p.n = n
	f := math.Cos(phi1) * math.Pow(math.Tan(math.Pi/4+phi1/2), n) / n
	p.rf = EarthRadius * f
	p.rho0 = p.rf / math.Pow(math.Tan(math.Pi/4+p.lat0/2), n)
	return p
}

// Forward projects lon/lat degrees to planar metres (x east, y north).
func (p Projection) Forward(lonlat orb.Point) orb.Point {
	if p.n == 0 {
		const d2r = math.Pi / 180
		lam := lonlat[0]*d2r - p.lon0
		phi := lonlat[1] * d2r
		return orb.Point{p.k * lam, p.k*math.Log(math.Tan(math.Pi/4+phi/2)) - p.y0}
	}
	return p.onParallel(lonlat[0], p.radius(lonlat[1]))
}

// radius returns the radius in metres of the parallel of latitude lat
// (degrees) of the conic projection (not the Mercator fallback).
func (p Projection) radius(lat float64) float64 {
	const d2r = math.Pi / 180
	phi := lat * d2r
	return p.rf / math.Pow(math.Tan(math.Pi/4+phi/2), p.n)
}

// onParallel projects the point of longitude lon (degrees) on the parallel
// of the given radius (from radius) of the conic projection.
func (p Projection) onParallel(lon, rho float64) orb.Point {
	const d2r = math.Pi / 180
	lam := lon*d2r - p.lon0
	sin, cos := math.Sincos(p.n * lam)
	return orb.Point{rho * sin, p.rho0 - rho*cos}
}

// Inverse converts planar metres back to lon/lat degrees.
func (p Projection) Inverse(xy orb.Point) orb.Point {
	const r2d = 180 / math.Pi
	if p.n == 0 {
		lam := xy[0] / p.k
		phi := 2*math.Atan(math.Exp((xy[1]+p.y0)/p.k)) - math.Pi/2
		return orb.Point{(lam + p.lon0) * r2d, phi * r2d}
	}
	dx, dy := xy[0], p.rho0-xy[1]
	if p.n < 0 {
		dx, dy = -dx, -dy
	}
	rho := math.Copysign(math.Hypot(dx, dy), p.n)
	th := math.Atan2(dx, dy)
	phi := 2*math.Atan(math.Pow(p.rf/rho, 1/p.n)) - math.Pi/2
	return orb.Point{(th/p.n + p.lon0) * r2d, phi * r2d}
}

// Scale returns the point scale factor (dimensionless, 1 = true scale) at a
// lon/lat point.
func (p Projection) Scale(lonlat orb.Point) float64 {
	const d2r = math.Pi / 180
	phi := lonlat[1] * d2r
	if p.n == 0 {
		return p.k / (EarthRadius * math.Cos(phi))
	}
	rho := p.rf / math.Pow(math.Tan(math.Pi/4+phi/2), p.n)
	return rho * p.n / (EarthRadius * math.Cos(phi))
}

func (p Projection) forwardLine(ls orb.LineString) orb.LineString {
	out := make(orb.LineString, len(ls))
	for i, q := range ls {
		out[i] = p.Forward(q)
	}
	return out
}

// maxEdgeDeg is the longest polygon edge, in degrees, that is projected as
// a straight line; longer edges (mostly the window clip edges, which are
// parallels and meridians) are split first so that they keep their true
// planar shape (parallels project to arcs).
const maxEdgeDeg = 0.02

// edgeSplits returns the number of points that split the edge a-q before
// it is projected (see maxEdgeDeg).
func edgeSplits(a, q orb.Point) int {
	return int(math.Max(math.Abs(q[0]-a[0]), math.Abs(q[1]-a[1])) / maxEdgeDeg)
}

// ringSize returns the number of points of ring r projected.
func ringSize(r orb.Ring) int {
	size := len(r)
	for i := 1; i < len(r); i++ {
		size += edgeSplits(r[i-1], r[i])
	}
	return size
}

func (p Projection) forwardRing(r orb.Ring) orb.Ring {
	return p.appendRing(make(orb.Ring, 0, ringSize(r)), r)
}

// appendRing appends ring r projected to out.
func (p Projection) appendRing(out []orb.Point, r orb.Ring) []orb.Point {
	for i, q := range r {
		if i > 0 {
			a := r[i-1]
			if n := edgeSplits(a, q); n > 0 {
				// An edge along a parallel (most split edges are window
				// edges) keeps its latitude: the radius of its parallel,
				// the costly part, is computed once.
				onParallel := a[1] == q[1] && p.n != 0
				rho := 0.0
				if onParallel {
					rho = p.radius(a[1])
				}
				for j := 1; j <= n; j++ {
					t := float64(j) / float64(n+1)
					if onParallel {
						out = append(out, p.onParallel(a[0]+t*(q[0]-a[0]), rho))
						continue
					}
					out = append(out, p.Forward(orb.Point{a[0] + t*(q[0]-a[0]), a[1] + t*(q[1]-a[1])}))
				}
			}
		}
		out = append(out, p.Forward(q))
	}
	return out
}

// forwardPolygons projects polygons on every processor, each taking the
// next unprojected polygon in turn, into one buffer, which it returns too:
// the rings of the result lie in it back to back, in order (the country
// grid indexes them where they are). The result is the same as projecting
// them one after another.
func (p Projection) forwardPolygons(pgs []orb.Polygon) ([]orb.Polygon, []orb.Point) {
	start := make([]int, len(pgs)+1)
	inParallel(len(pgs), func(i int) {
		for _, r := range pgs[i] {
			start[i+1] += ringSize(r)
		}
	})
	for i := range pgs {
		start[i+1] += start[i]
	}
	flat := make([]orb.Point, start[len(pgs)])
	out := make([]orb.Polygon, len(pgs))
	inParallel(len(pgs), func(i int) {
		buf := flat[start[i]:start[i]:start[i+1]]
		pg := make(orb.Polygon, len(pgs[i]))
		for j, r := range pgs[i] {
			k := len(buf)
			buf = p.appendRing(buf, r)
			pg[j] = orb.Ring(buf[k:len(buf):len(buf)])
		}
		out[i] = pg
	})
	return out, flat
}

func (p Projection) forwardPolygon(pg orb.Polygon) orb.Polygon {
	out := make(orb.Polygon, len(pg))
	for i, r := range pg {
		out[i] = p.forwardRing(r)
	}
	return out
}
