package sim

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// grid is a uniform grid over the map, rebuilt every tick. Building sorts
// the movers by cell into one contiguous run of items per occupied cell,
// with their positions, so a query reads memory in order and touches a
// mover's full record only when it matters. Positions and the rest of an
// item are kept apart (xy and meta, by item index): a query reads every
// position in its cells but the rest only of the few it looks at closely,
// and moving a mover writes 8 bytes.
// Items of a cell are in ascending id order: queries are deterministic.
// Building touches only occupied cells, so a sparse world pays for its
// movers, not its area.
type grid struct {
	x0, y0  float64
	inv     float64 // 1 / cell size
	nx, ny  int
	runs    []cellRun // per cell: its run of items
	cellOf  []int32   // per slot: its cell
	where   []int32   // per mover id: its index in items, -1 when absent
	slack   float64   // metres movers may have moved since the build
	touched []int32   // occupied cells, cleared on the next build
	// occ has bit c set when cell c holds a mover: a query over a sparse
	// grid asks it (an eighth of a kilobyte per thousand cells, so it
	// stays in the cache) before it reads the cell's run from memory.
	occ []uint64
	gen int // counts the builds
	// ordered lays the runs out in cell order, row by row, so that the
	// cells of a row that a query reads lie side by side in memory; dense
	// says the last build wrote every cell's run.
	ordered, dense bool
	xy             []gridPos // per item: where it is
	meta           []gridMeta
	slot           []gridItem // per slot, scratch
}

// cellRun is a cell's run of items, [beg, end).
type cellRun struct{ beg, end int32 }

// gridItem is one mover as the queries need it: where it is, and for
// crossing groups what detection needs, so a query reads nothing else.
type gridItem struct {
	x, y float32 // metres; float32 is exact to an eighth of a metre here
	gridMeta
}

// gridPos is where an item is, metres.
type gridPos struct{ x, y float32 }

// gridMeta is an item but for its position.
type gridMeta struct {
	id    int32
	cover uint8  // cover at the position, 0..255
	flags uint8  // itemHiding, itemSmuggler
	size  uint16 // persons in the group, at most 65535
}

const (
	itemHiding = 1 << iota
	itemSmuggler
)

// init lays the grid over b with cells of about cell metres (larger when
// they would be too many); ordered lays the runs out in cell order.
func (g *grid) init(b orb.Bound, cell float64, ordered bool) {
	const maxCells = 1 << 20
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	for (w/cell+1)*(h/cell+1) > maxCells {
		cell *= 1.25
	}
	g.x0, g.y0, g.inv = b.Min[0], b.Min[1], 1/cell
	g.nx, g.ny = int(w/cell)+1, int(h/cell)+1
	g.runs = make([]cellRun, g.nx*g.ny)
	g.occ = make([]uint64, (g.nx*g.ny+63)/64)
	g.ordered = ordered
}

func (g *grid) cellXY(p orb.Point) (int, int) {
	x := int((p[0] - g.x0) * g.inv)
	y := int((p[1] - g.y0) * g.inv)
	return min(max(x, 0), g.nx-1), min(max(y, 0), g.ny-1)
}

// build puts ids (ascending) into cells by the position item(id) gives:
// a counting sort over the occupied cells only.
func (g *grid) build(ids []int32, item func(int32) gridItem) {
	if g.dense {
		clear(g.runs)
		clear(g.occ)
		g.dense = false
	} else {
		for _, c := range g.touched {
			g.runs[c] = cellRun{}
			g.occ[c/64] = 0
		}
	}
	g.touched = g.touched[:0]
	n := len(ids)
	if cap(g.slot) < n {
		g.cellOf = make([]int32, n, 2*n)
		g.slot = make([]gridItem, n, 2*n)
		g.xy = make([]gridPos, n, 2*n)
		g.meta = make([]gridMeta, n, 2*n)
	}
	g.cellOf, g.slot, g.xy, g.meta = g.cellOf[:n], g.slot[:n], g.xy[:n], g.meta[:n]
	for s, id := range ids {
		it := item(id)
		g.slot[s] = it
		x, y := g.cellXY(orb.Point{float64(it.x), float64(it.y)})
		c := int32(y*g.nx + x)
		g.cellOf[s] = c
		r := &g.runs[c]
		if r.end == 0 {
			g.touched = append(g.touched, c)
			g.occ[c/64] |= 1 << (c % 64)
		}
		r.end++ // count for now
	}
	g.place()
	for i := range g.where {
		g.where[i] = -1
	}
	for s := range g.slot {
		r := &g.runs[g.cellOf[s]]
		i := r.end
		it := &g.slot[s]
		g.xy[i] = gridPos{it.x, it.y}
		g.meta[i] = it.gridMeta
		r.end++
		id := it.id
		for int(id) >= len(g.where) {
			g.where = append(g.where, -1)
		}
		g.where[id] = i
	}
	g.slack = 0
	g.gen++
}

// place gives each occupied cell its run, from the counts its end holds;
// end becomes the run's fill cursor.
func (g *grid) place() {
	k := int32(0)
	if g.ordered && len(g.touched)*32 >= len(g.runs) {
		// Most cells are occupied: one pass over all of them, in order.
		for c := range g.runs {
			cnt := g.runs[c].end
			g.runs[c] = cellRun{k, k}
			k += cnt
		}
		g.dense = true
		return
	}
	if g.ordered {
		slices.Sort(g.touched)
	}
	for _, c := range g.touched {
		r := &g.runs[c]
		cnt := r.end
		r.beg, r.end = k, k
		k += cnt
	}
}

// update rewrites mover id's item in place after it moved by at most step
// metres; queries widen their reach by the total until the next build.
func (g *grid) update(it gridItem) {
	if int(it.id) < len(g.where) {
		if i := g.where[it.id]; i >= 0 {
			g.xy[i], g.meta[i] = gridPos{it.x, it.y}, it.gridMeta
		}
	}
}

// moveTo rewrites the position of mover id's item in place to (x, y)
// (see update).
func (g *grid) moveTo(id int32, x, y float64) {
	if int(id) < len(g.where) {
		if i := g.where[id]; i >= 0 {
			g.xy[i] = gridPos{float32(x), float32(y)}
		}
	}
}

// span returns the cell range covering a circle, widened by the slack.
func (g *grid) span(p orb.Point, r float64) (x0, y0, x1, y1 int) {
	r += g.slack
	x0, y0 = g.cellXY(orb.Point{p[0] - r, p[1] - r})
	x1, y1 = g.cellXY(orb.Point{p[0] + r, p[1] + r})
	return
}

// cell returns the positions of the movers in cell (x, y) and the rest of
// their items, in ascending id order.
func (g *grid) cell(x, y int) ([]gridPos, []gridMeta) {
	r := g.runs[y*g.nx+x]
	return g.xy[r.beg:r.end], g.meta[r.beg:r.end]
}

// occupied reports whether cell (x, y) held a mover at the last build.
func (g *grid) occupied(x, y int) bool {
	c := y*g.nx + x
	return g.occ[c/64]&(1<<(c%64)) != 0
}

// runsNear appends to dst the runs of items a query of the circle of
// radius wide around p reads, in grid order: row by row, the cells of a
// row that the circle overlaps as one run when the grid is dense, else
// each occupied cell's run. Empty runs are left out.
func (g *grid) runsNear(p orb.Point, wide float64, dst []cellRun) []cellRun {
	size := 1 / g.inv
	x0, y0 := g.cellXY(orb.Point{p[0] - wide, p[1] - wide})
	x1, y1 := g.cellXY(orb.Point{p[0] + wide, p[1] + wide})
	for y := y0; y <= y1; y++ {
		// The row's cells that the circle overlaps.
		lo := g.y0 + float64(y)*size
		dy := max(0, lo-p[1], p[1]-(lo+size))
		if dy > wide {
			continue
		}
		hw := math.Sqrt(wide*wide - dy*dy)
		xa := max(x0, int((p[0]-hw-g.x0)*g.inv))
		xb := min(x1, int((p[0]+hw-g.x0)*g.inv))
		if xa > xb {
			continue
		}
		if g.dense {
			// The row's cells lie side by side: read them as one.
			if r := (cellRun{g.runs[y*g.nx+xa].beg, g.runs[y*g.nx+xb].end}); r.end > r.beg {
				dst = append(dst, r)
			}
			continue
		}
		for x := xa; x <= xb; x++ {
			if r := g.runs[y*g.nx+x]; g.occupied(x, y) && r.end > r.beg {
				dst = append(dst, r)
			}
		}
	}
	return dst
}
