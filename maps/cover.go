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

	// Distance to water, in cells, by a two-pass chamfer transform seeded
	// with the cells the water lines pass through.
	const inf = float32(1e9)
	dist := make([]float32, n)
	for i := range dist {
		dist[i] = inf
	}
	for _, ls := range water {
		for i := 0; i+1 < len(ls); i++ {
			a, b := ls[i], ls[i+1]
			l := math.Hypot(b[0]-a[0], b[1]-a[1])
			steps := int(l/(cell/2)) + 1
			for s := 0; s <= steps; s++ {
				t := float64(s) / float64(steps)
				fx := (a[0] + t*(b[0]-a[0]) - r.minX) * r.inv
				fy := (a[1] + t*(b[1]-a[1]) - r.minY) * r.inv
				if fx >= 0 && fy >= 0 && fx < float64(r.nx) && fy < float64(r.ny) {
					dist[int(fy)*r.nx+int(fx)] = 0
				}
			}
		}
	}
	const d1, d2 = float32(1), float32(math.Sqrt2)
	nx, ny := r.nx, r.ny
	for y := 0; y < ny; y++ {
		for x := 0; x < nx; x++ {
			k := y*nx + x
			d := dist[k]
			if x > 0 {
				d = min(d, dist[k-1]+d1)
			}
			if y > 0 {
				d = min(d, dist[k-nx]+d1)
				if x > 0 {
					d = min(d, dist[k-nx-1]+d2)
				}
				if x+1 < nx {
					d = min(d, dist[k-nx+1]+d2)
				}
			}
			dist[k] = d
		}
	}
	for y := ny - 1; y >= 0; y-- {
		for x := nx - 1; x >= 0; x-- {
			k := y*nx + x
			d := dist[k]
			if x+1 < nx {
				d = min(d, dist[k+1]+d1)
			}
			if y+1 < ny {
				d = min(d, dist[k+nx]+d1)
				if x+1 < nx {
					d = min(d, dist[k+nx+1]+d2)
				}
				if x > 0 {
					d = min(d, dist[k+nx-1]+d2)
				}
			}
			dist[k] = d
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
	near := float32(RiverCoverDistance / cell)
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
