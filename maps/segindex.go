package maps

import (
	"math"
	"math/bits"
	"slices"

	"github.com/paulmach/orb"
)

// segment is one planar line segment a->b.
type segment struct{ ax, ay, bx, by float64 }

// dist2 returns the squared distance from (px, py) to the segment.
func (s *segment) dist2(px, py float64) float64 {
	dx, dy := s.bx-s.ax, s.by-s.ay
	wx, wy := px-s.ax, py-s.ay
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = (wx*dx + wy*dy) / l2
		if t < 0 {
			t = 0
		} else if t > 1 {
			t = 1
		}
	}
	ex, ey := wx-t*dx, wy-t*dy
	return ex*ex + ey*ey
}

// param returns the parameter (0..1) of the point of the segment nearest to p.
func (s *segment) param(px, py float64) float64 {
	dx, dy := s.bx-s.ax, s.by-s.ay
	l2 := dx*dx + dy*dy
	if l2 == 0 {
		return 0
	}
	t := ((px-s.ax)*dx + (py-s.ay)*dy) / l2
	return math.Max(0, math.Min(1, t))
}

// bvhNode is a node of the bounding-volume hierarchy of a segIndex. Leaves
// have left < 0 and cover order[lo:hi].
type bvhNode struct {
	minX, minY, maxX, maxY float64
	left, right            int32
	lo, hi                 int32
}

// segIndex is a spatial index over the segments of a set of polylines: a
// uniform grid (CSR cell lists) answers nearest-segment queries near the
// lines by a ring search, and a BVH answers the rest exactly.
type segIndex struct {
	segs   []segment
	line   []int32 // segment -> polyline index
	margin float64 // metres by which segments were dilated into cells

	minX, minY, cell, inv float64 // grid origin and cell size (metres), 1/cell
	nx, ny                int
	cells                 sparseCells // cell k's segments are items[cells.span(k)]
	items                 []int32

	nodes []bvhNode
	order []int32

	// hint grid: cells of hintScale grid cells, each naming a
	// segment near its centre, found by propagating nearest segments between
	// neighbouring cells; it gives the searches a tight first upper bound.
	hinv     float64
	hnx, hny int
	hint     []int32
}

// maxRing is the largest ring of grid cells the nearest-segment search
// visits before it falls back to the BVH.
const maxRing = 3

// newSegIndex indexes the segments of lines. The grid covers bound (grown to
// the lines' bound) with at most maxCells cells; each segment is listed in
// every cell within margin metres of it (margin 0 for nearest queries).
func newSegIndex(lines []orb.LineString, bound orb.Bound, maxCells int, margin float64) segIndex {
	var ix segIndex
	ix.margin = margin
	nSegs := 0
	for _, ls := range lines {
		nSegs += max(len(ls)-1, 0)
	}
	ix.segs = make([]segment, 0, nSegs)
	ix.line = make([]int32, 0, nSegs)
	total := 0.0
	for li, ls := range lines {
		for i := 0; i+1 < len(ls); i++ {
			a, b := ls[i], ls[i+1]
			if a == b {
				continue
			}
			ix.segs = append(ix.segs, segment{a[0], a[1], b[0], b[1]})
			ix.line = append(ix.line, int32(li))
			total += math.Hypot(b[0]-a[0], b[1]-a[1])
			bound = bound.Extend(a).Extend(b)
		}
	}
	if len(ix.segs) == 0 {
		return ix
	}
	bound = bound.Pad(margin + 1)
	w, h := bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1]
	cell := total / float64(len(ix.segs))
	if margin > 0 {
		cell = math.Max(cell/2, 2*margin)
	}
	cell = math.Max(cell, math.Sqrt(w*h/float64(maxCells)))
	ix.cell, ix.inv = cell, 1/cell
	ix.minX, ix.minY = bound.Min[0], bound.Min[1]
	ix.nx, ix.ny = int(w/cell)+1, int(h/cell)+1

	type pair struct{ cell, seg int32 }
	var pairs []pair
	for si := range ix.segs {
		s := &ix.segs[si]
		x0, x1 := math.Min(s.ax, s.bx)-margin, math.Max(s.ax, s.bx)+margin
		y0, y1 := math.Min(s.ay, s.by)-margin, math.Max(s.ay, s.by)+margin
		cx0, cx1 := ix.clampX(x0), ix.clampX(x1)
		cy0, cy1 := ix.clampY(y0), ix.clampY(y1)
		for cy := cy0; cy <= cy1; cy++ {
			for cx := cx0; cx <= cx1; cx++ {
				rx := ix.minX + float64(cx)*cell
				ry := ix.minY + float64(cy)*cell
				e := margin + cell*1e-9
				if !segHitsRect(s, rx-e, ry-e, rx+cell+e, ry+cell+e) {
					continue
				}
				pairs = append(pairs, pair{int32(cy*ix.nx + cx), int32(si)})
			}
		}
	}
	ix.items = make([]int32, len(pairs))
	ix.cells = newSparseCells(ix.nx*ix.ny, func(put func(cell, v int32)) {
		for _, p := range pairs {
			put(p.cell, p.seg)
		}
	}, ix.items)
	ix.buildBVH()
	if margin == 0 {
		ix.buildHints()
	}
	return ix
}

// hintScale is the size of a hint cell in grid cells.
const hintScale = 4

// sparseCells numbers the busy cells of a grid, those that have entries
// in a list, in cell order (their rank), and says where each busy cell's
// entries lie: a bit per cell and a count per 64 cells instead of an
// offset per cell, for grids whose cells are mostly empty.
type sparseCells struct {
	words []busyWord
	first []int32 // the busy cell of rank r has the entries first[r]:first[r+1]
}

// busyWord says which of 64 cells are busy (bit k%64 for cell k) and how
// many busy cells come before them.
type busyWord struct {
	bits uint64
	rank int32
}

// newSparseCells returns the sparseCells of a grid of n cells and puts the
// entries that each passes to put (each call passes the same entries in
// the same order) into items, len(items) of them: the entries of one cell
// one after another, in the order they were passed.
func newSparseCells(n int, each func(put func(cell, v int32)), items []int32) sparseCells {
	c := sparseCells{words: make([]busyWord, (n+63)/64)}
	each(func(k, _ int32) { c.words[k>>6].bits |= 1 << (k & 63) })
	busy := int32(0)
	for w := range c.words {
		c.words[w].rank = busy
		busy += int32(bits.OnesCount64(c.words[w].bits))
	}
	c.first = make([]int32, busy+1)
	each(func(k, _ int32) { c.first[c.rank(int(k))+1]++ })
	csrFill(c.first, func(put func(r, v int32)) {
		each(func(k, v int32) { put(int32(c.rank(int(k))), v) })
	}, items)
	return c
}

// rank returns the number of busy cells before cell k.
func (c *sparseCells) rank(k int) int {
	w := &c.words[k>>6]
	return int(w.rank) + bits.OnesCount64(w.bits&(1<<(k&63)-1))
}

// span returns where the entries of cell k lie (s == e when it has none).
func (c *sparseCells) span(k int) (s, e int32) {
	w := &c.words[k>>6]
	bit := uint64(1) << (k & 63)
	if w.bits&bit == 0 {
		return 0, 0
	}
	r := int(w.rank) + bits.OnesCount64(w.bits&(bit-1))
	return c.first[r], c.first[r+1]
}

// cellItems returns the segments listed in cell k.
func (ix *segIndex) cellItems(k int) []int32 {
	s, e := ix.cells.span(k)
	return ix.items[s:e]
}

// csrFill turns counts (counts[k+1] = number of items of cell k) into CSR
// offsets in place (cell k's items are items[counts[k]:counts[k+1]]) and
// stores there the items that emit passes to put.
func csrFill(counts []int32, emit func(put func(cell, v int32)), items []int32) {
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	// counts[k] is now the start of cell k; use it as the fill pointer.
	emit(func(cell, v int32) {
		items[counts[cell]] = v
		counts[cell]++
	})
	// counts[k] now holds the end of cell k, the start of cell k+1.
	copy(counts[1:], counts[:len(counts)-1])
	counts[0] = 0
}

// buildHints fills the hint grid by a two-pass propagation of nearest
// segments (exact distances from cell centres), seeded by the grid lists.
func (ix *segIndex) buildHints() {
	hcell := hintScale * ix.cell
	ix.hinv = 1 / hcell
	ix.hnx, ix.hny = (ix.nx+hintScale-1)/hintScale, (ix.ny+hintScale-1)/hintScale
	n := ix.hnx * ix.hny
	ix.hint = make([]int32, n)
	best := make([]float64, n)
	for i := range best {
		best[i] = math.Inf(1)
		ix.hint[i] = -1
	}
	centre := func(hx, hy int) (float64, float64) {
		return ix.minX + (float64(hx)+0.5)*hcell, ix.minY + (float64(hy)+0.5)*hcell
	}
	for cy := 0; cy < ix.ny; cy++ {
		for cx := 0; cx < ix.nx; cx++ {
			k := cy*ix.nx + cx
			hx, hy := cx/hintScale, cy/hintScale
			hk := hy*ix.hnx + hx
			px, py := centre(hx, hy)
			for _, si := range ix.cellItems(k) {
				if d := ix.segs[si].dist2(px, py); d < best[hk] {
					best[hk], ix.hint[hk] = d, si
				}
			}
		}
	}
	try := func(hk, nk int, px, py float64) {
		if si := ix.hint[nk]; si >= 0 && si != ix.hint[hk] {
			if d := ix.segs[si].dist2(px, py); d < best[hk] {
				best[hk], ix.hint[hk] = d, si
			}
		}
	}
	nx, ny := ix.hnx, ix.hny
	for y := 0; y < ny; y++ {
		for x := 0; x < nx; x++ {
			k := y*nx + x
			px, py := centre(x, y)
			if x > 0 {
				try(k, k-1, px, py)
			}
			if y > 0 {
				try(k, k-nx, px, py)
				if x > 0 {
					try(k, k-nx-1, px, py)
				}
				if x+1 < nx {
					try(k, k-nx+1, px, py)
				}
			}
		}
	}
	for y := ny - 1; y >= 0; y-- {
		for x := nx - 1; x >= 0; x-- {
			k := y*nx + x
			px, py := centre(x, y)
			if x+1 < nx {
				try(k, k+1, px, py)
			}
			if y+1 < ny {
				try(k, k+nx, px, py)
				if x+1 < nx {
					try(k, k+nx+1, px, py)
				}
				if x > 0 {
					try(k, k+nx-1, px, py)
				}
			}
		}
	}
}

// hintFor returns a segment near p from the hint grid (-1 if none).
func (ix *segIndex) hintFor(px, py float64) int {
	if len(ix.hint) == 0 {
		return -1
	}
	hx := max(0, min(ix.hnx-1, int(math.Floor((px-ix.minX)*ix.hinv))))
	hy := max(0, min(ix.hny-1, int(math.Floor((py-ix.minY)*ix.hinv))))
	return int(ix.hint[hy*ix.hnx+hx])
}

func (ix *segIndex) clampX(x float64) int {
	return max(0, min(ix.nx-1, int(math.Floor((x-ix.minX)*ix.inv))))
}

func (ix *segIndex) clampY(y float64) int {
	return max(0, min(ix.ny-1, int(math.Floor((y-ix.minY)*ix.inv))))
}

// segHitsRect reports whether segment s meets the closed rectangle
// (Liang–Barsky clipping).
func segHitsRect(s *segment, x0, y0, x1, y1 float64) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := s.bx-s.ax, s.by-s.ay
	clip := func(p, q float64) bool {
		if p == 0 {
			return q >= 0
		}
		r := q / p
		if p < 0 {
			if r > t1 {
				return false
			}
			if r > t0 {
				t0 = r
			}
		} else {
			if r < t0 {
				return false
			}
			if r < t1 {
				t1 = r
			}
		}
		return true
	}
	return clip(-dx, s.ax-x0) && clip(dx, x1-s.ax) && clip(-dy, s.ay-y0) && clip(dy, y1-s.ay)
}

func (ix *segIndex) empty() bool { return len(ix.segs) == 0 }

// nearest returns the index of the segment nearest to p and the squared
// distance, or -1 and +Inf when the index is empty. The hint grid gives a
// first candidate; when it is near, a ring search of the grid finishes the
// job, otherwise (or when the rings run out) the BVH does.
func (ix *segIndex) nearest(p orb.Point) (int, float64) {
	if len(ix.segs) == 0 {
		return -1, math.Inf(1)
	}
	px, py := p[0], p[1]
	best, bestD := -1, math.Inf(1)
	if h := ix.hintFor(px, py); h >= 0 {
		best, bestD = h, ix.segs[h].dist2(px, py)
	}
	fx, fy := (px-ix.minX)*ix.inv, (py-ix.minY)*ix.inv
	reach := float64(maxRing) * ix.cell
	if ix.margin == 0 && bestD < reach*reach && fx >= 0 && fy >= 0 && fx < float64(ix.nx) && fy < float64(ix.ny) {
		cx, cy := int(fx), int(fy)
		// distance from p to the boundary of its own cell
		inner := ix.cell * math.Min(math.Min(fx-float64(cx), float64(cx+1)-fx),
			math.Min(fy-float64(cy), float64(cy+1)-fy))
		for r := 0; r <= maxRing; r++ {
			for y := cy - r; y <= cy+r; y++ {
				if y < 0 || y >= ix.ny {
					continue
				}
				step := 2 * r
				if y == cy-r || y == cy+r || r == 0 {
					step = 1
				}
				for x := cx - r; x <= cx+r; x += step {
					if x < 0 || x >= ix.nx {
						continue
					}
					k := y*ix.nx + x
					for _, si := range ix.cellItems(k) {
						if d := ix.segs[si].dist2(px, py); d < bestD || (d == bestD && int(si) < best) {
							best, bestD = int(si), d
						}
					}
				}
			}
			// every segment not seen yet is at least lb away
			lb := float64(r)*ix.cell + inner
			if bestD < lb*lb {
				return best, bestD
			}
		}
	}
	return ix.nearestBVH(px, py, best, bestD)
}

// within reports whether p is within w metres (w <= margin) of a segment.
func (ix *segIndex) within(p orb.Point, w float64) bool {
	fx, fy := (p[0]-ix.minX)*ix.inv, (p[1]-ix.minY)*ix.inv
	if !(fx >= 0 && fy >= 0 && fx < float64(ix.nx) && fy < float64(ix.ny)) {
		return false
	}
	k := int(fy)*ix.nx + int(fx)
	w2 := w * w
	for _, si := range ix.cellItems(k) {
		if ix.segs[si].dist2(p[0], p[1]) <= w2 {
			return true
		}
	}
	return false
}

// project returns the point of segment i nearest to p and its distance in
// metres from the segment's first vertex.
func (ix *segIndex) project(i int, p orb.Point) (orb.Point, float64) {
	s := &ix.segs[i]
	t := s.param(p[0], p[1])
	q := orb.Point{s.ax + t*(s.bx-s.ax), s.ay + t*(s.by-s.ay)}
	return q, t * math.Hypot(s.bx-s.ax, s.by-s.ay)
}

// leftOf reports whether p lies to the left of segment i (relative to its
// direction). When p is nearest to a shared vertex and the two segments
// there disagree, the outer side of the bend wins.
func (ix *segIndex) leftOf(i int, p orb.Point) bool {
	s := &ix.segs[i]
	left := cross(s.bx-s.ax, s.by-s.ay, p[0]-s.ax, p[1]-s.ay) > 0
	t := s.param(p[0], p[1])
	var o *segment // the neighbour sharing the nearest vertex
	var turn float64
	switch {
	case t <= 0 && i > 0 && ix.line[i-1] == ix.line[i]:
		o = &ix.segs[i-1]
		turn = cross(o.bx-o.ax, o.by-o.ay, s.bx-s.ax, s.by-s.ay)
	case t >= 1 && i+1 < len(ix.segs) && ix.line[i+1] == ix.line[i]:
		o = &ix.segs[i+1]
		turn = cross(s.bx-s.ax, s.by-s.ay, o.bx-o.ax, o.by-o.ay)
	default:
		return left
	}
	oleft := cross(o.bx-o.ax, o.by-o.ay, p[0]-o.ax, p[1]-o.ay) > 0
	if oleft == left {
		return left
	}
	return turn < 0
}

func cross(ax, ay, bx, by float64) float64 { return ax*by - ay*bx }

// buildBVH builds the bounding-volume hierarchy over all segments.
func (ix *segIndex) buildBVH() {
	n := len(ix.segs)
	ix.order = make([]int32, n)
	for i := range ix.order {
		ix.order[i] = int32(i)
	}
	ix.nodes = make([]bvhNode, 0, 2*(n/bvhLeaf)+1)
	ix.buildNode(0, n)
}

const bvhLeaf = 4 // segments per BVH leaf

func (ix *segIndex) buildNode(lo, hi int) int32 {
	nd := bvhNode{minX: math.Inf(1), minY: math.Inf(1), maxX: math.Inf(-1), maxY: math.Inf(-1), left: -1, right: -1, lo: int32(lo), hi: int32(hi)}
	for _, si := range ix.order[lo:hi] {
		s := &ix.segs[si]
		nd.minX = math.Min(nd.minX, math.Min(s.ax, s.bx))
		nd.maxX = math.Max(nd.maxX, math.Max(s.ax, s.bx))
		nd.minY = math.Min(nd.minY, math.Min(s.ay, s.by))
		nd.maxY = math.Max(nd.maxY, math.Max(s.ay, s.by))
	}
	id := int32(len(ix.nodes))
	ix.nodes = append(ix.nodes, nd)
	if hi-lo <= bvhLeaf {
		return id
	}
	xAxis := nd.maxX-nd.minX >= nd.maxY-nd.minY
	key := func(si int32) float64 {
		s := &ix.segs[si]
		if xAxis {
			return s.ax + s.bx
		}
		return s.ay + s.by
	}
	part := ix.order[lo:hi]
	slices.SortFunc(part, func(a, b int32) int {
		ka, kb := key(a), key(b)
		switch {
		case ka < kb:
			return -1
		case ka > kb:
			return 1
		}
		return int(a - b)
	})
	mid := (lo + hi) / 2
	l := ix.buildNode(lo, mid)
	r := ix.buildNode(mid, hi)
	ix.nodes[id].left, ix.nodes[id].right = l, r
	return id
}

func (nd *bvhNode) dist2(px, py float64) float64 {
	dx, dy := 0.0, 0.0
	if px < nd.minX {
		dx = nd.minX - px
	} else if px > nd.maxX {
		dx = px - nd.maxX
	}
	if py < nd.minY {
		dy = nd.minY - py
	} else if py > nd.maxY {
		dy = py - nd.maxY
	}
	return dx*dx + dy*dy
}

// nearestBVH finds the nearest segment by a branch-and-bound search of the
// BVH, starting from a known candidate (best may be -1).
func (ix *segIndex) nearestBVH(px, py float64, best int, bestD float64) (int, float64) {
	type entry struct {
		node int32
		d2   float64
	}
	var stack [64]entry
	stack[0] = entry{0, ix.nodes[0].dist2(px, py)}
	sp := 1
	for sp > 0 {
		sp--
		e := stack[sp]
		if e.d2 > bestD {
			continue
		}
		nd := &ix.nodes[e.node]
		if nd.left < 0 {
			for _, si := range ix.order[nd.lo:nd.hi] {
				if d := ix.segs[si].dist2(px, py); d < bestD || (d == bestD && int(si) < best) {
					best, bestD = int(si), d
				}
			}
			continue
		}
		l, r := nd.left, nd.right
		dl, dr := ix.nodes[l].dist2(px, py), ix.nodes[r].dist2(px, py)
		if dl < dr {
			l, r, dl, dr = r, l, dr, dl
		}
		// push the farther child first so the nearer one is visited next
		if dl <= bestD {
			stack[sp] = entry{l, dl}
			sp++
		}
		if dr <= bestD {
			stack[sp] = entry{r, dr}
			sp++
		}
	}
	return best, bestD
}
