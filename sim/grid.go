package sim

import "github.com/paulmach/orb"

// grid is a uniform grid over the map, rebuilt every tick. Each cell holds
// a linked list of the movers in it, in ascending id order, so queries
// visit movers in a deterministic order. Building touches only the cells
// that hold movers, so a sparse world pays for its movers, not its area.
type grid struct {
	x0, y0  float64
	inv     float64 // 1 / cell size
	nx, ny  int
	head    []int32 // per cell: first slot, -1 when empty
	next    []int32 // per slot: next slot in the same cell, -1 at the end
	ids     []int32 // per slot: mover id
	touched []int32 // cells with movers, to clear on the next build
}

func (g *grid) init(b orb.Bound, cell float64) {
	const maxCells = 1 << 20
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	for (w/cell+1)*(h/cell+1) > maxCells {
		cell *= 1.25
	}
	g.x0, g.y0, g.inv = b.Min[0], b.Min[1], 1/cell
	g.nx, g.ny = int(w/cell)+1, int(h/cell)+1
	g.head = make([]int32, g.nx*g.ny)
	for i := range g.head {
		g.head[i] = -1
	}
}

func (g *grid) cellXY(p orb.Point) (int, int) {
	x := int((p[0] - g.x0) * g.inv)
	y := int((p[1] - g.y0) * g.inv)
	return min(max(x, 0), g.nx-1), min(max(y, 0), g.ny-1)
}

// build puts ids (ascending) into cells by pos(id).
func (g *grid) build(ids []int32, pos func(int32) orb.Point) {
	for _, c := range g.touched {
		g.head[c] = -1
	}
	g.touched = g.touched[:0]
	g.ids = append(g.ids[:0], ids...)
	if cap(g.next) < len(ids) {
		g.next = make([]int32, len(ids), 2*len(ids))
	}
	g.next = g.next[:len(ids)]
	for s := len(ids) - 1; s >= 0; s-- {
		x, y := g.cellXY(pos(ids[s]))
		c := int32(y*g.nx + x)
		if g.head[c] < 0 {
			g.touched = append(g.touched, c)
		}
		g.next[s] = g.head[c]
		g.head[c] = int32(s)
	}
}

// span returns the cell range covering a circle.
func (g *grid) span(p orb.Point, r float64) (x0, y0, x1, y1 int) {
	x0, y0 = g.cellXY(orb.Point{p[0] - r, p[1] - r})
	x1, y1 = g.cellXY(orb.Point{p[0] + r, p[1] + r})
	return
}

// first returns the first slot of cell (x, y), or -1; walk on with next.
func (g *grid) first(x, y int) int32 { return g.head[y*g.nx+x] }
