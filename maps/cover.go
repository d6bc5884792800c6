package maps

import (
	"math"

	"github.com/paulmach/orb"
)

// maxCoverCells bounds the number of cells of the cover raster.
const maxCoverCells = 1 << 20

// minCoverCell is the smallest cover raster cell, in metres.
const minCoverCell = 200.0

// coverNoiseWavelengths returns the lattice spacings of the value-noise
// octaves, in metres, coarsest first.
func coverNoiseWavelengths() [3]float64 { return [3]float64{24000, 8000, 2700} }

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

// hash64 is a fixed integer hash (splitmix64 finaliser).
func hash64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashString is FNV-1a over s.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// lattice returns a value in [0, 1) for an integer lattice point.
func lattice(seed uint64, ix, iy int) float64 {
	h := hash64(seed ^ hash64(uint64(int64(ix))*0x9e3779b97f4a7c15^uint64(int64(iy))))
	return float64(h>>11) * (1.0 / (1 << 53))
}

func smooth(t float64) float64 { return t * t * (3 - 2*t) }

// newCoverRaster builds the synthetic cover field over bound: value noise
// seeded by the map name, raised near water (river lines and lake shores,
// given as polylines).
func newCoverRaster(name string, bound orb.Bound, water []orb.LineString) raster {
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

	// Value noise, octave by octave, on precomputed lattices.
	noise := make([]float32, n)
	seed := hashString(name)
	amp, ampSum := 1.0, 0.0
	for o, wl := range coverNoiseWavelengths() {
		s := hash64(seed + uint64(o))
		lx, ly := int(w/wl)+3, int(h/wl)+3
		lat := make([]float32, lx*ly)
		for j := 0; j < ly; j++ {
			for i := 0; i < lx; i++ {
				lat[j*lx+i] = float32(lattice(s, i, j))
			}
		}
		xi := make([]int, nx)
		xt := make([]float32, nx)
		for x := 0; x < nx; x++ {
			f := (float64(x) + 0.5) * cell / wl
			xi[x] = int(f)
			xt[x] = float32(smooth(f - float64(int(f))))
		}
		a32 := float32(amp)
		for y := 0; y < ny; y++ {
			f := (float64(y) + 0.5) * cell / wl
			j := int(f)
			ty := float32(smooth(f - float64(j)))
			r0, r1 := lat[j*lx:], lat[(j+1)*lx:]
			row := noise[y*nx : (y+1)*nx]
			for x := range row {
				i, tx := xi[x], xt[x]
				a := r0[i] + (r0[i+1]-r0[i])*tx
				b := r1[i] + (r1[i+1]-r1[i])*tx
				row[x] += a32 * (a + (b-a)*ty)
			}
		}
		ampSum += amp
		amp *= 0.5
	}

	r.v = make([]uint8, n)
	inv := float32(1 / ampSum)
	for k := range r.v {
		c := 0.05 + 0.6*noise[k]*inv // 0.05 .. 0.65
		if d := dist[k]; d < near {
			c += 0.35 * (1 - d/near)
		}
		c = max(0, min(1, c))
		r.v[k] = uint8(c*255 + 0.5)
	}
	return r
}
