package maps

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// noEdge marks a point of a countryGrid's pts where no edge starts (the
// last point of a ring, or the first of two equal points).
const noEdge = 0xff

// countryGrid answers point-in-country queries exactly in O(1) average
// time. Each cell of a uniform grid stores the set of countries containing
// its centre (a bit mask) and the polygon edges meeting the cell; a query
// flips the mask once for every edge crossed by the segment from the cell
// centre to the point (even-odd rule per country).
//
// Most cells meet no edge (on a continental window 98 % of them), so the
// edge lists are kept for the busy cells only: a bit per cell says whether
// it is busy and the busy cells are numbered in cell order (rank). The
// rings' points are stored once, one ring after another, and a cell lists
// its edges as runs of consecutive edges of one ring (a ring passing
// through a cell meets it in one run of edges, or a few), so that an edge
// is stored once however many cells it meets.
type countryGrid struct {
	minX, minY, cell, inv float64
	nx, ny                int
	mask                  []uint8     // per cell: the countries containing its centre
	cells                 sparseCells // cell k's runs are runs[cells.span(k)]
	runs                  []pipRun
	pts                   []orb.Point
	// cty[i] is the country of the edge pts[i]->pts[i+1], noEdge where no
	// edge starts at i; it is needed only while the grid is built.
	cty []uint8
}

// pipRun is a run of consecutive edges of one ring of a countryGrid: the
// edges pts[i]->pts[i+1] for i from start>>3 to start>>3+n-1, of country
// start&7 (bit index into the mask).
type pipRun struct{ start, n int32 }

// laidOut reports whether flat holds the rings of countries back to back,
// each closed and a slice of flat, in the order of the countries, their
// polygons and rings, and nothing else.
func laidOut(countries []Country, flat []orb.Point) bool {
	off := 0
	for _, r := range countryRings(countries) {
		if len(r) == 0 {
			continue
		}
		if off+len(r) > len(flat) || &flat[off] != &r[0] || r[0] != r[len(r)-1] {
			return false
		}
		off += len(r)
	}
	return off == len(flat)
}

// countryRings yields every ring of the countries, in order, with the
// index of its country.
func countryRings(countries []Country) iter.Seq2[int, orb.Ring] {
	return func(yield func(int, orb.Ring) bool) {
		for ci, c := range countries {
			for _, pg := range c.Shape {
				for _, r := range pg {
					if !yield(ci, r) {
						return
					}
				}
			}
		}
	}
}

// pipEdge is one polygon edge of country c, as the grid is built.
type pipEdge struct {
	ax, ay, bx, by float64
	c              uint8
}

// edge returns the edge starting at pts[i].
func (g *countryGrid) edge(i int32) pipEdge {
	a, b := g.pts[i], g.pts[i+1]
	return pipEdge{a[0], a[1], b[0], b[1], g.cty[i]}
}

// maxPipCells bounds the number of cells of the country grid.
const maxPipCells = 1 << 20

// newCountryGrid builds the grid over bound for the given countries
// (at most 8). When flat holds the countries' rings back to back (each a
// slice of it, closed), in the order of the countries, their polygons and
// rings, the grid indexes them there; otherwise it copies them (flat may
// be nil).
func newCountryGrid(countries []Country, bound orb.Bound, flat []orb.Point) (countryGrid, error) {
	var g countryGrid
	if len(countries) > 8 {
		return g, fmt.Errorf("maps: %d countries in one window, at most 8 supported", len(countries))
	}
	nPts := 0
	for _, r := range countryRings(countries) {
		nPts += len(r) + 1
	}
	// Every ring is laid out in pts with its first point repeated at its
	// end when it is not closed; edges, their lengths and the bound are
	// taken in the order of the rings' edges, the closing edge last.
	shared := laidOut(countries, flat)
	if shared {
		g.pts = flat
	} else {
		g.pts = make([]orb.Point, 0, nPts)
	}
	g.cty = make([]uint8, 0, nPts)
	nEdges := 0
	total := 0.0
	for ci, r := range countryRings(countries) {
		if len(r) == 0 {
			continue
		}
		for i := 0; i+1 < len(r); i++ {
			a, b := r[i], r[i+1]
			if !shared {
				g.pts = append(g.pts, a)
			}
			if a == b {
				g.cty = append(g.cty, noEdge)
				continue
			}
			g.cty = append(g.cty, uint8(ci))
			nEdges++
			total += math.Hypot(b[0]-a[0], b[1]-a[1])
			bound = bound.Extend(a).Extend(b)
		}
		n := len(r)
		if !shared {
			g.pts = append(g.pts, r[n-1])
		}
		if n > 1 && r[0] != r[n-1] { // never when shared
			a, b := r[n-1], r[0]
			g.cty = append(g.cty, uint8(ci))
			nEdges++
			total += math.Hypot(b[0]-a[0], b[1]-a[1])
			g.pts = append(g.pts, r[0])
		}
		g.cty = append(g.cty, noEdge)
	}
	bound = bound.Pad(1)
	w, h := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	// Cells about as long as the mean edge keep the per-cell edge lists short.
	cell := 1000.0
	if nEdges > 0 {
		cell = total / float64(nEdges)
	}
	cell = math.Max(cell, math.Sqrt(w*h/maxPipCells))
	g.cell, g.inv = cell, 1/cell
	g.minX, g.minY = bound.Min[0], bound.Min[1]
	g.nx, g.ny = int(w/cell)+1, int(h/cell)+1
	ncell := g.nx * g.ny

	// The masks and the cells' edges are found in bands of rows, each by
	// itself, on every processor.
	g.mask = make([]uint8, ncell)
	nb := min(g.ny, 4*runtime.GOMAXPROCS(0))
	bands := make([]pipBand, nb)
	rowBand := make([]int32, g.ny)
	for i := range bands {
		bands[i].y0, bands[i].y1 = i*g.ny/nb, (i+1)*g.ny/nb
		bands[i].edges = make([]int32, 0, nEdges/nb+nEdges/(4*nb)+8)
		for r := bands[i].y0; r < bands[i].y1; r++ {
			rowBand[r] = int32(i)
		}
	}
	// Each band is given the edges that can reach its rows: by a scanline
	// through a cell centre or by meeting a cell (see bandCells).
	eps := cell * 1e-9
	for ei, c := range g.cty {
		if c == noEdge {
			continue
		}
		e := g.edge(int32(ei))
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
	inParallel(nb, func(i int) { g.bandCells(&bands[i]) })

	// The busy cells, their ranks and their edge lists: the bands' pairs
	// in band order, each band's in edge order, so each cell lists its
	// edges in edge order.
	if len(g.pts) >= 1<<28 {
		return g, fmt.Errorf("maps: country grid too large (%d points)", len(g.pts))
	}
	listed := 0
	for i := range bands {
		listed += len(bands[i].pairs)
	}
	list := make([]int32, listed)
	g.cells = newSparseCells(ncell, func(put func(cell, v int32)) {
		for i := range bands {
			for _, p := range bands[i].pairs {
				put(p.cell, p.edge)
			}
		}
	}, list)
	g.runs = edgeRuns(list, g.cells.first, g.cty)
	g.cty = nil
	return g, nil
}

// edgeRuns turns the edge lists of the busy cells (list[first[r]:first[r+1]]
// for the cell of rank r, each in edge order) into runs of consecutive
// edges of one ring, and first into where each cell's runs start.
func edgeRuns(list, first []int32, cty []uint8) []pipRun {
	n := 0
	for r := 0; r+1 < len(first); r++ {
		for j := first[r]; j < first[r+1]; j++ {
			if j == first[r] || list[j] != list[j-1]+1 {
				n++
			}
		}
	}
	runs := make([]pipRun, 0, n)
	for r, s := 0, int32(0); r+1 < len(first); r++ {
		e := first[r+1]
		first[r] = int32(len(runs))
		for j := s; j < e; j++ {
			if j > s && list[j] == list[j-1]+1 {
				runs[len(runs)-1].n++
				continue
			}
			runs = append(runs, pipRun{list[j]<<3 | int32(cty[list[j]]), 1})
		}
		s = e
	}
	first[len(first)-1] = int32(len(runs))
	return runs
}

// pipBand is the work of one band of rows [y0, y1) of a countryGrid being
// built: the edges that can reach its rows and the cell-edge pairs of its
// cells, in edge order.
type pipBand struct {
	y0, y1 int
	edges  []int32 // the edges that can reach the band's rows, in order
	pairs  []pipPair
}

// pipPair is one edge meeting one cell.
type pipPair struct{ cell, edge int32 }

// bandCells sets the centre masks of the band's cells, by scanlines
// through the cell centres, and lists the band's cell-edge pairs.
func (g *countryGrid) bandCells(b *pipBand) {
	type hit struct {
		x float64
		c uint8
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
		e := g.edge(ei)
		rowEdges(&e, func(iy int) { rowCount[iy-b.y0+1]++ })
	}
	for i := 1; i < len(rowCount); i++ {
		rowCount[i] += rowCount[i-1]
	}
	hits := make([]hit, rowCount[rows])
	fill := slices.Clone(rowCount[:rows])
	for _, ei := range b.edges {
		e := g.edge(ei)
		rowEdges(&e, func(iy int) {
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
		cells := g.mask[iy*g.nx : (iy+1)*g.nx]
		for ix := range cells {
			x := g.centreX(ix)
			for j < len(row) && row[j].x < x {
				m ^= 1 << row[j].c
				j++
			}
			cells[ix] = m
		}
	}

	eps := g.cell * 1e-9
	b.pairs = make([]pipPair, 0, len(b.edges)+len(b.edges)/2+16)
	for _, ei := range b.edges {
		e := g.edge(ei)
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
				b.pairs = append(b.pairs, pipPair{int32(cy*g.nx + cx), ei})
			}
		}
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
	m := g.mask[k]
	s, e := g.cells.span(k)
	if s != e {
		cx, cy := g.centreX(ix), g.centreY(iy)
		dx, dy := p[0]-cx, p[1]-cy
		for _, run := range g.runs[s:e] {
			i := run.start >> 3
			pts := g.pts[i : i+run.n+1]
			a := pts[0]
			aLeft := dx*(a[1]-cy)-dy*(a[0]-cx) > 0
			for _, b := range pts[1:] {
				// does the edge a->b straddle the line c->p (half-open rule)?
				bLeft := dx*(b[1]-cy)-dy*(b[0]-cx) > 0
				// do c and p lie on opposite sides of the edge?
				if aLeft != bLeft {
					ex, ey := b[0]-a[0], b[1]-a[1]
					if (ex*(cy-a[1])-ey*(cx-a[0]) > 0) != (ex*(p[1]-a[1])-ey*(p[0]-a[0]) > 0) {
						m ^= 1 << (run.start & 7)
					}
				}
				a, aLeft = b, bLeft
			}
		}
	}
	if m == 0 {
		return -1, s == e
	}
	return bits.TrailingZeros8(m), s == e
}
