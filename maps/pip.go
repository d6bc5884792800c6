package maps

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

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

	// The grid is built in bands of rows, each by itself: a band's cells are
	// contiguous and its edge lists follow those of the bands above it, so
	// the bands put side by side are the grid built in one pass.
	g.info = make([]uint32, ncell+1)
	nb := min(g.ny, 4*runtime.GOMAXPROCS(0))
	bands := make([]pipBand, nb)
	rowBand := make([]int32, g.ny)
	for i := range bands {
		bands[i].y0, bands[i].y1 = i*g.ny/nb, (i+1)*g.ny/nb
		for r := bands[i].y0; r < bands[i].y1; r++ {
			rowBand[r] = int32(i)
		}
	}
	// Each band is given the edges that can reach its rows: by a scanline
	// through a cell centre or by meeting a cell (see bandCells).
	eps := cell * 1e-9
	for ei := range edges {
		e := &edges[ei]
		y0, y1 := math.Min(e.ay, e.by), math.Max(e.ay, e.by)
		r0 := min(int(math.Floor((y0-g.minY)*g.inv-0.5)), int(math.Floor((y0-2*eps-g.minY)*g.inv)))
		r1 := max(int(math.Ceil((y1-g.minY)*g.inv-0.5)), int(math.Floor((y1+2*eps-g.minY)*g.inv)))
		r0, r1 = max(r0, 0), min(r1, g.ny-1)
		if r0 > r1 {
			continue
		}
		for b := rowBand[r0]; b <= rowBand[r1]; b++ {
			bands[b].edges = append(bands[b].edges, int32(ei))
		}
	}
	inParallel(nb, func(i int) { g.bandCells(&bands[i], edges) })
	listed := 0
	for i := range bands {
		bands[i].base = listed
		listed += len(bands[i].pairs)
	}
	if listed >= 1<<24 {
		return g, fmt.Errorf("maps: country grid too large (%d cell edges)", listed)
	}
	g.edges = make([]pipEdge, listed)
	inParallel(nb, func(i int) { g.bandEdges(&bands[i], edges) })
	g.info[ncell] = uint32(listed) << 8
	return g, nil
}

// pipBand is the work of one band of rows [y0, y1) of a countryGrid being
// built: the cell-edge pairs of its cells, in edge order, and where its
// edge lists start in the grid's.
type pipBand struct {
	y0, y1 int
	edges  []int32 // the edges that can reach the band's rows, in order
	pairs  []pipPair
	base   int
}

// pipPair is one edge meeting one cell.
type pipPair struct{ cell, edge int32 }

// bandCells sets the centre masks of the band's cells in the low byte of
// info, by scanlines through the cell centres, counts each cell's edges in
// the upper bits and lists the band's cell-edge pairs.
func (g *countryGrid) bandCells(b *pipBand, edges []pipEdge) {
	type hit struct {
		x float64
		c uint32
	}
	rows := b.y1 - b.y0
	rowEdges := func(e *pipEdge, f func(iy int)) {
		y0, y1 := math.Min(e.ay, e.by), math.Max(e.ay, e.by)
		lo := max(b.y0, int(math.Floor((y0-g.minY)*g.inv-0.5)))
		hi := min(b.y1-1, int(math.Ceil((y1-g.minY)*g.inv-0.5)))
		for iy := lo; iy <= hi; iy++ {
			y := g.centreY(iy)
			if (e.ay > y) != (e.by > y) {
				f(iy)
			}
		}
	}
	rowCount := make([]int32, rows+1)
	for _, ei := range b.edges {
		rowEdges(&edges[ei], func(iy int) { rowCount[iy-b.y0+1]++ })
	}
	for i := 1; i < len(rowCount); i++ {
		rowCount[i] += rowCount[i-1]
	}
	hits := make([]hit, rowCount[rows])
	fill := slices.Clone(rowCount[:rows])
	for _, ei := range b.edges {
		e := &edges[ei]
		rowEdges(e, func(iy int) {
			y := g.centreY(iy)
			x := e.ax + (y-e.ay)*(e.bx-e.ax)/(e.by-e.ay)
			hits[fill[iy-b.y0]] = hit{x, e.c}
			fill[iy-b.y0]++
		})
	}
	for r := range rows {
		row := hits[rowCount[r]:rowCount[r+1]]
		slices.SortFunc(row, func(a, b hit) int {
			if c := cmp.Compare(a.x, b.x); c != 0 {
				return c
			}
			return int(a.c) - int(b.c)
		})
		var m uint8
		j := 0
		iy := b.y0 + r
		cells := g.info[iy*g.nx : (iy+1)*g.nx]
		for ix := range cells {
			x := g.centreX(ix)
			for j < len(row) && row[j].x < x {
				m ^= 1 << row[j].c
				j++
			}
			cells[ix] = uint32(m)
		}
	}

	eps := g.cell * 1e-9
	for _, ei := range b.edges {
		e := &edges[ei]
		// Only cells whose rectangle grown by eps can meet the edge's bound
		// are tested (the bound grown by twice eps, so that rounding in the
		// cell arithmetic never drops one).
		cy0 := max(b.y0, g.clamp(math.Floor((math.Min(e.ay, e.by)-2*eps-g.minY)*g.inv), g.ny))
		cy1 := min(b.y1-1, g.clamp(math.Floor((math.Max(e.ay, e.by)+2*eps-g.minY)*g.inv), g.ny))
		if cy0 > cy1 {
			continue
		}
		cx0 := g.clamp(math.Floor((math.Min(e.ax, e.bx)-2*eps-g.minX)*g.inv), g.nx)
		cx1 := g.clamp(math.Floor((math.Max(e.ax, e.bx)+2*eps-g.minX)*g.inv), g.nx)
		s := segment{e.ax, e.ay, e.bx, e.by}
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				rx, ry := g.minX+float64(cx)*g.cell, g.minY+float64(cy)*g.cell
				if !segHitsRect(&s, rx-eps, ry-eps, rx+g.cell+eps, ry+g.cell+eps) {
					continue
				}
				k := int32(cy*g.nx + cx)
				b.pairs = append(b.pairs, pipPair{k, ei})
				g.info[k] += 1 << 8
			}
		}
	}
}

// bandEdges puts the band's edge lists in place (edge order within a cell)
// and sets the upper bits of info[k] to the first edge of cell k.
func (g *countryGrid) bandEdges(b *pipBand, edges []pipEdge) {
	cells := g.info[b.y0*g.nx : b.y1*g.nx]
	first := b.y0 * g.nx
	// Running sums make the upper bits the first edge of each cell; putting
	// the edges in place advances them to the first edge of the next cell.
	next := uint32(b.base) << 8
	for k, v := range cells {
		cells[k] = v&0xff | next
		next += v &^ 0xff
	}
	for _, p := range b.pairs {
		k := int(p.cell) - first
		g.edges[cells[k]>>8] = edges[p.edge]
		cells[k] += 1 << 8
	}
	for k := len(cells) - 1; k > 0; k-- {
		cells[k] = cells[k-1]&^0xff | cells[k]&0xff
	}
	if len(cells) > 0 {
		cells[0] = cells[0]&0xff | uint32(b.base)<<8
	}
}

// inParallel calls f(0) … f(n-1) on every processor, each taking the next
// index in turn, and returns when all are done.
func inParallel(n int, f func(i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), n) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i)
			}
		})
	}
	wg.Wait()
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
