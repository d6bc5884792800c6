package maps

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"

	"github.com/paulmach/orb"
)

// pipEdge is one polygon edge of country c (bit index into the cell mask).
type pipEdge struct {
	ax, ay, bx, by float64
	c              uint32
}

// countryGrid answers point-in-country queries exactly in O(1) average
// time. Each cell of a uniform grid stores the set of countries containing
// its centre (a bit mask) and the polygon edges meeting the cell; a query
// flips the mask once for every edge crossed by the segment from the cell
// centre to the point (even-odd rule per country).
type countryGrid struct {
	minX, minY, cell, inv float64
	nx, ny                int
	// info[k] = first edge of cell k << 8 | centre mask; the edges of cell
	// k are edges[info[k]>>8 : info[k+1]>>8].
	info  []uint32
	edges []pipEdge
}

// maxPipCells bounds the number of cells of the country grid.
const maxPipCells = 1 << 20

// newCountryGrid builds the grid over bound for the given countries
// (at most 8).
func newCountryGrid(countries []Country, bound orb.Bound) (countryGrid, error) {
	var g countryGrid
	if len(countries) > 8 {
		return g, fmt.Errorf("maps: %d countries in one window, at most 8 supported", len(countries))
	}
	nEdges := 0
	for _, c := range countries {
		for _, pg := range c.Shape {
			for _, r := range pg {
				nEdges += len(r)
			}
		}
	}
	edges := make([]pipEdge, 0, nEdges)
	total := 0.0
	for ci, c := range countries {
		for _, pg := range c.Shape {
			for _, r := range pg {
				for i := 0; i+1 < len(r); i++ {
					a, b := r[i], r[i+1]
					if a == b {
						continue
					}
					edges = append(edges, pipEdge{a[0], a[1], b[0], b[1], uint32(ci)})
					total += math.Hypot(b[0]-a[0], b[1]-a[1])
					bound = bound.Extend(a).Extend(b)
				}
				if n := len(r); n > 1 && r[0] != r[n-1] {
					a, b := r[n-1], r[0]
					edges = append(edges, pipEdge{a[0], a[1], b[0], b[1], uint32(ci)})
					total += math.Hypot(b[0]-a[0], b[1]-a[1])
				}
			}
		}
	}
	bound = bound.Pad(1)
	w, h := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	// Cells about as long as the mean edge keep the per-cell edge lists short.
	cell := 1000.0
	if len(edges) > 0 {
		cell = total / float64(len(edges))
	}
	cell = math.Max(cell, math.Sqrt(w*h/maxPipCells))
	g.cell, g.inv = cell, 1/cell
	g.minX, g.minY = bound.Min[0], bound.Min[1]
	g.nx, g.ny = int(w/cell)+1, int(h/cell)+1
	ncell := g.nx * g.ny

	// Centre masks by scanlines through the cell centres.
	mask := make([]uint8, ncell)
	rowCount := make([]int32, g.ny+1)
	type hit struct {
		x float64
		c uint32
	}
	rowEdges := func(e *pipEdge, f func(iy int)) {
		y0, y1 := math.Min(e.ay, e.by), math.Max(e.ay, e.by)
		lo := max(0, int(math.Floor((y0-g.minY)*g.inv-0.5)))
		hi := min(g.ny-1, int(math.Ceil((y1-g.minY)*g.inv-0.5)))
		for iy := lo; iy <= hi; iy++ {
			y := g.centreY(iy)
			if (e.ay > y) != (e.by > y) {
				f(iy)
			}
		}
	}
	for i := range edges {
		rowEdges(&edges[i], func(iy int) { rowCount[iy+1]++ })
	}
	for i := 1; i < len(rowCount); i++ {
		rowCount[i] += rowCount[i-1]
	}
	hits := make([]hit, rowCount[g.ny])
	fill := slices.Clone(rowCount[:g.ny])
	for i := range edges {
		e := &edges[i]
		rowEdges(e, func(iy int) {
			y := g.centreY(iy)
			x := e.ax + (y-e.ay)*(e.bx-e.ax)/(e.by-e.ay)
			hits[fill[iy]] = hit{x, e.c}
			fill[iy]++
		})
	}
	for iy := 0; iy < g.ny; iy++ {
		row := hits[rowCount[iy]:rowCount[iy+1]]
		slices.SortFunc(row, func(a, b hit) int {
			if c := cmp.Compare(a.x, b.x); c != 0 {
				return c
			}
			return int(a.c) - int(b.c)
		})
		var m uint8
		j := 0
		for ix := 0; ix < g.nx; ix++ {
			x := g.centreX(ix)
			for j < len(row) && row[j].x < x {
				m ^= 1 << row[j].c
				j++
			}
			mask[iy*g.nx+ix] = m
		}
	}

	// Edge lists per cell.
	type pair struct{ cell, edge int32 }
	pairs := make([]pair, 0, 2*len(edges))
	counts := make([]int32, ncell+1)
	eps := cell * 1e-9
	for ei := range edges {
		e := &edges[ei]
		s := segment{e.ax, e.ay, e.bx, e.by}
		// Only cells whose rectangle grown by eps can meet the edge's bound
		// are tested (the bound grown by twice eps, so that rounding in the
		// cell arithmetic never drops one).
		cx0 := g.clamp(math.Floor((math.Min(e.ax, e.bx)-2*eps-g.minX)*g.inv), g.nx)
		cx1 := g.clamp(math.Floor((math.Max(e.ax, e.bx)+2*eps-g.minX)*g.inv), g.nx)
		cy0 := g.clamp(math.Floor((math.Min(e.ay, e.by)-2*eps-g.minY)*g.inv), g.ny)
		cy1 := g.clamp(math.Floor((math.Max(e.ay, e.by)+2*eps-g.minY)*g.inv), g.ny)
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				rx, ry := g.minX+float64(cx)*cell, g.minY+float64(cy)*cell
				if !segHitsRect(&s, rx-eps, ry-eps, rx+cell+eps, ry+cell+eps) {
					continue
				}
				k := int32(cy*g.nx + cx)
				pairs = append(pairs, pair{k, int32(ei)})
				counts[k+1]++
			}
		}
	}
	if len(pairs) >= 1<<24 {
		return g, fmt.Errorf("maps: country grid too large (%d cell edges)", len(pairs))
	}
	order := make([]int32, len(pairs))
	csrFill(counts, func(put func(cell, v int32)) {
		for _, p := range pairs {
			put(p.cell, p.edge)
		}
	}, order)
	g.edges = make([]pipEdge, len(pairs))
	for i, ei := range order {
		g.edges[i] = edges[ei]
	}
	g.info = make([]uint32, ncell+1)
	for k := 0; k <= ncell; k++ {
		v := uint32(counts[k]) << 8
		if k < ncell {
			v |= uint32(mask[k])
		}
		g.info[k] = v
	}
	return g, nil
}

func (g *countryGrid) clamp(f float64, n int) int {
	return max(0, min(n-1, int(f)))
}

func (g *countryGrid) centreX(ix int) float64 { return g.minX + (float64(ix)+0.5)*g.cell }
func (g *countryGrid) centreY(iy int) float64 { return g.minY + (float64(iy)+0.5)*g.cell }

// at returns the lowest index of a country containing p, or -1.
func (g *countryGrid) at(p orb.Point) int {
	fx, fy := (p[0]-g.minX)*g.inv, (p[1]-g.minY)*g.inv
	if !(fx >= 0 && fy >= 0 && fx < float64(g.nx) && fy < float64(g.ny)) {
		return -1
	}
	c, _ := g.inCell(p, int(fx), int(fy))
	return c
}

// atMemo is at for a caller that asks about nearby points in turn: when p
// lies in the cell of the last point asked with memo and no edge meets
// that cell, the answer is the last one and the grid is not read.
func (g *countryGrid) atMemo(p orb.Point, memo *CountryMemo) int {
	fx, fy := (p[0]-g.minX)*g.inv, (p[1]-g.minY)*g.inv
	if !(fx >= 0 && fy >= 0 && fx < float64(g.nx) && fy < float64(g.ny)) {
		return -1
	}
	ix, iy := int(fx), int(fy)
	k := iy*g.nx + ix
	if int(memo.cell) == k+1 {
		return int(memo.country)
	}
	c, plain := g.inCell(p, ix, iy)
	memo.cell, memo.country = 0, int8(c)
	if plain {
		memo.cell = int32(k + 1)
	}
	return c
}

// inCell returns the lowest index of a country containing p, which lies
// in cell (ix, iy), or -1, and whether no edge meets the cell (every point
// of it has the same answer).
func (g *countryGrid) inCell(p orb.Point, ix, iy int) (int, bool) {
	k := iy*g.nx + ix
	v := g.info[k]
	m := uint8(v)
	s, e := v>>8, g.info[k+1]>>8
	if s != e {
		cx, cy := g.centreX(ix), g.centreY(iy)
		dx, dy := p[0]-cx, p[1]-cy
		for i := s; i < e; i++ {
			ed := &g.edges[i]
			// does the edge straddle the line c->p (half-open rule)?
			if (dx*(ed.ay-cy)-dy*(ed.ax-cx) > 0) == (dx*(ed.by-cy)-dy*(ed.bx-cx) > 0) {
				continue
			}
			// do c and p lie on opposite sides of the edge?
			ex, ey := ed.bx-ed.ax, ed.by-ed.ay
			if (ex*(cy-ed.ay)-ey*(cx-ed.ax) > 0) == (ex*(p[1]-ed.ay)-ey*(p[0]-ed.ax) > 0) {
				continue
			}
			m ^= 1 << ed.c
		}
	}
	if m == 0 {
		return -1, s == e
	}
	return bits.TrailingZeros8(m), s == e
}
