package maps

import (
	"math"

	"github.com/paulmach/orb"
)

// maxCoverCells bounds the number of cells of the cover raster.
const maxCoverCells = 1 << 20

// minCoverCell is the smallest cover raster cell, in metres.
const minCoverCell = 200.0

// The map's default cover (docs/MODEL.md, V rows): open country, raised
// along rivers and lake shores (riparian woodland, reeds) and in towns.
const (
	coverOpen     = 0.2   // MODEL.md: V1 cover of open country
	coverRiparian = 0.4   // MODEL.md: V2 cover added at the water's edge, fading to 0 at RiverCoverDistance
	coverUrban    = 0.5   // MODEL.md: V3 cover within a town
	townRadius    = 1500  // MODEL.md: V4 metres, the radius of a town of 100,000
	townPop       = 1e5   // MODEL.md: V5 persons, the population townRadius is for; the radius grows as √pop
	townMaxRadius = 10000 // MODEL.md: V6 metres, the largest town radius
)

// raster is a uint8 grid over a planar bound; values map to 0..1.
type raster struct {
	minX, minY, inv float64
	nx, ny          int
	v               []uint8
}

// at returns the value of the cell containing p (0 outside the raster).
func (r *raster) at(p orb.Point) float64 {
	fx, fy := (p[0]-r.minX)*r.inv, (p[1]-r.minY)*r.inv
	if !(fx >= 0 && fy >= 0 && fx < float64(r.nx) && fy < float64(r.ny)) {
		return 0
	}
	return float64(r.v[int(fy)*r.nx+int(fx)]) * (1.0 / 255)
}

// newCoverRaster builds the default cover over bound: open country,
// raised near water (river lines and lake shores, given as polylines) and
// in towns (the law above).
func newCoverRaster(bound orb.Bound, water []orb.LineString, towns []Town) raster {
	w, h := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	cell := math.Max(minCoverCell, math.Sqrt(w*h/maxCoverCells))
	r := raster{minX: bound.Min[0], minY: bound.Min[1], inv: 1 / cell}
	r.nx, r.ny = int(w/cell)+1, int(h/cell)+1
	n := r.nx * r.ny

	// Distance to water, in cells, up to near: every cell centre within
	// RiverCoverDistance of a water segment gets its exact distance.
	near := float32(RiverCoverDistance / cell)
	nx, ny := r.nx, r.ny
	dist := make([]float32, n)
	for i := range dist {
		dist[i] = near
	}
	for _, ls := range water {
		for i := 0; i+1 < len(ls); i++ {
			a, b := ls[i], ls[i+1]
			// the segment in cell units, relative to the raster origin
			sg := segment{(a[0] - r.minX) * r.inv, (a[1] - r.minY) * r.inv, (b[0] - r.minX) * r.inv, (b[1] - r.minY) * r.inv}
			nf := float64(near)
			x0 := max(0, int(math.Min(sg.ax, sg.bx)-nf))
			x1 := min(nx-1, int(math.Max(sg.ax, sg.bx)+nf))
			y0 := max(0, int(math.Min(sg.ay, sg.by)-nf))
			y1 := min(ny-1, int(math.Max(sg.ay, sg.by)+nf))
			for y := y0; y <= y1; y++ {
				row := dist[y*nx : (y+1)*nx]
				for x := x0; x <= x1; x++ {
					if d := float32(math.Sqrt(sg.dist2(float64(x)+0.5, float64(y)+0.5))); d < row[x] {
						row[x] = d
					}
				}
			}
		}
	}

	// Towns: every cell centre within a town's radius.
	urban := make([]bool, n)
	for _, t := range towns {
		rad := min(townMaxRadius, townRadius*math.Sqrt(max(float64(t.Pop), 1)/townPop)) * r.inv
		cx, cy := (t.Pos[0]-r.minX)*r.inv, (t.Pos[1]-r.minY)*r.inv
		for y := max(0, int(cy-rad)); y <= min(ny-1, int(cy+rad)); y++ {
			for x := max(0, int(cx-rad)); x <= min(nx-1, int(cx+rad)); x++ {
				if dx, dy := float64(x)+0.5-cx, float64(y)+0.5-cy; dx*dx+dy*dy <= rad*rad {
					urban[y*nx+x] = true
				}
			}
		}
	}

	r.v = make([]uint8, n)
	for k := range r.v {
		c := float32(coverOpen)
		if d := dist[k]; d < near {
			c += coverRiparian * (1 - d/near)
		}
		if urban[k] {
			c = max(c, coverUrban)
		}
		c = max(0, min(1, c))
		r.v[k] = uint8(c*255 + 0.5)
	}
	return r
}
