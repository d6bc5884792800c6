package maps

import (
	"math"
	"sync"

	"github.com/paulmach/orb"
)

// Navigation grid sizes: a cell is at least minNavCell metres on a side,
// and a map has at most maxNavCells cells (docs/MODEL.md, "Ground and
// water").
const (
	minNavCell  = 500.0   // metres (MODEL.md: W1)
	maxNavCells = 1048576 // cells, 2^20 (MODEL.md: W2)
	// maxPathCache is how many cell pairs' paths a Map keeps; when it is
	// full it starts again empty (a path is a pure function of its cells,
	// so forgetting one changes nothing but the time to find it again).
	maxPathCache = 1 << 14 // cell pairs
	// maxWaterCells bounds the cells of the index of water edges.
	maxWaterCells = 1 << 18 // cells
	// shoreProbe is how far either side of a water edge Clear looks for
	// water, in metres.
	shoreProbe = 0.5 // metres (MODEL.md: W3)
)

// Directions of the eight neighbours of a navigation cell, and their
// lengths in cells.
var (
	navDX   = [8]int{1, 1, 0, -1, -1, -1, 0, 1}
	navDY   = [8]int{0, 1, 1, 1, 0, -1, -1, -1}
	navCost = [8]float64{1, math.Sqrt2, 1, math.Sqrt2, 1, math.Sqrt2, 1, math.Sqrt2}
)

// nav is a Map's navigation grid for ground movement: lakes and the sea
// (everything outside the countries) are water; a cell is free when its
// centre is on land, and two neighbouring free cells are joined when the
// straight line between their centres stays on land. It is built on first
// use and then read-only, but for the path cache, which mu guards.
type nav struct {
	minX, minY, cell float64
	nx, ny           int
	pass             []uint8 // per cell: bit d set when the neighbour in direction d is reachable
	comp             []int32 // per cell: connected component, -1 for water

	lakes    countryGrid // point in lake (one pseudo-country of every lake)
	hasLakes bool
	water    segIndex // lake shores and country outlines

	scratch sync.Pool // *navSearch

	mu    sync.Mutex // guards the field below
	cache map[uint64][]orb.Point
}

// navGrid returns the Map's navigation grid, building it on first use.
func (m *Map) navGrid() *nav {
	m.navl.once.Do(func() { m.navl.n = buildNav(m) })
	return m.navl.n
}

// navLazy holds a Map's navigation grid, built on first use.
type navLazy struct {
	once sync.Once
	n    *nav
}

// PrepareRoutes builds now everything a Map otherwise builds on first use:
// the navigation grid (first Route or Clear), the river index and cover
// raster (first Cover, RiverDistance or NearestRiver) and the patrol track
// indexes (first OnTrack or NearestOnTrack), so that the first tick of an
// exercise does not pay for them. The three are built at the same time.
func (m *Map) PrepareRoutes() {
	var wg sync.WaitGroup
	wg.Go(func() { m.terrain() })
	wg.Go(func() { m.trackIndexes() })
	m.navGrid()
	wg.Wait()
}

// NavCell returns the side of the map's navigation grid cells in metres.
func (m *Map) NavCell() float64 { return m.navGrid().cell }

// OnLand reports whether p is on land: in a country and not in a lake.
func (m *Map) OnLand(p orb.Point) bool { return m.navGrid().land(m, p) }

// InLake reports whether p lies in a lake.
func (m *Map) InLake(p orb.Point) bool {
	n := m.navGrid()
	return n.hasLakes && n.lakes.at(p) >= 0
}

// Clear reports whether the straight line from a to b stays on land: both
// ends on land, and wherever it crosses a lake shore or a country outline,
// land on both sides (within shoreProbe metres). It is exact up to that
// probe; it allocates nothing.
func (m *Map) Clear(a, b orb.Point) bool { return m.navGrid().clear(m, a, b) }

// Route returns a way on land from a to b around lakes and the sea: the
// waypoints to pass in order (nil when the straight line is clear, or when
// a is in the water with no land near), then end, which is b when b can be
// reached and otherwise the reachable point of the navigation grid nearest
// to b. Every leg of a → waypoints → end is Clear. The waypoints are a
// subslice of a path the Map caches per pair of navigation cells: the
// caller must not change them. After the first query of a pair of cells a
// Route allocates nothing.
func (m *Map) Route(a, b orb.Point) (waypoints []orb.Point, end orb.Point) {
	n := m.navGrid()
	if n.clear(m, a, b) {
		return nil, b
	}
	ca := n.snap(m, a)
	if ca < 0 {
		return nil, b
	}
	cb := n.snap(m, b)
	reach := cb >= 0 && n.comp[cb] == n.comp[ca]
	if cb < 0 {
		cb = n.cellOf(b)
	}
	p := n.path(m, ca, cb)
	// Leave out the first waypoints a sees past.
	s := 0
	for s+1 < len(p) && n.clear(m, a, p[s+1]) {
		s++
	}
	if !reach {
		return p[s : len(p)-1], p[len(p)-1]
	}
	// And the last ones b is seen from.
	e := len(p) - 1
	for e > s && n.clear(m, p[e-1], b) {
		e--
	}
	return p[s : e+1], b
}

// buildNav builds the navigation grid of m.
func buildNav(m *Map) *nav {
	b := m.Bound
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	n := &nav{minX: b.Min[0], minY: b.Min[1], cache: map[uint64][]orb.Point{}}
	n.cell = math.Max(minNavCell, math.Sqrt(w*h/maxNavCells))
	n.nx, n.ny = int(w/n.cell)+1, int(h/n.cell)+1
	n.scratch.New = func() any { return &navSearch{} }

	var shores []orb.LineString
	var lakes orb.MultiPolygon
	lb := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for _, l := range m.Lakes {
		lakes = append(lakes, l.Shape)
		lb = lb.Union(l.Shape.Bound())
		for _, r := range l.Shape {
			shores = append(shores, orb.LineString(r))
		}
	}
	if len(lakes) > 0 {
		g, err := newCountryGrid([]Country{{Shape: lakes}}, lb, nil)
		n.lakes, n.hasLakes = g, err == nil
	}
	for _, c := range m.Countries {
		for _, pg := range c.Shape {
			for _, r := range pg {
				shores = append(shores, orb.LineString(r))
			}
		}
	}
	n.water = newSegIndex(shores, m.Bound, maxWaterCells, 0)

	// Free cells, and the cells a water edge passes through.
	nc := n.nx * n.ny
	free := make([]bool, nc)
	for k := range free {
		free[k] = n.land(m, n.centre(k))
	}
	edgy := make([]bool, nc)
	for si := range n.water.segs {
		s := &n.water.segs[si]
		x0, x1 := n.clampX(math.Min(s.ax, s.bx)), n.clampX(math.Max(s.ax, s.bx))
		y0, y1 := n.clampY(math.Min(s.ay, s.by)), n.clampY(math.Max(s.ay, s.by))
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				rx, ry := n.minX+float64(x)*n.cell, n.minY+float64(y)*n.cell
				e := n.cell * 1e-6
				if segHitsRect(s, rx-e, ry-e, rx+n.cell+e, ry+n.cell+e) {
					edgy[y*n.nx+x] = true
				}
			}
		}
	}

	// Links: between two free cells whose centres see each other. Two
	// cells no water edge enters are land throughout, and so is the
	// line between their centres.
	n.pass = make([]uint8, nc)
	for k := range nc {
		if !free[k] {
			continue
		}
		x, y := k%n.nx, k/n.nx
		for d := range 4 {
			jx, jy := x+navDX[d], y+navDY[d]
			if jx < 0 || jy < 0 || jx >= n.nx || jy >= n.ny {
				continue
			}
			j := jy*n.nx + jx
			if !free[j] {
				continue
			}
			if (edgy[k] || edgy[j]) && !n.clear(m, n.centre(k), n.centre(j)) {
				continue
			}
			n.pass[k] |= 1 << d
			n.pass[j] |= 1 << (d + 4)
		}
	}

	// Connected components, by flood fill in cell order.
	n.comp = make([]int32, nc)
	for k := range n.comp {
		n.comp[k] = -1
	}
	var stack []int32
	label := int32(0)
	for k := range nc {
		if !free[k] || n.comp[k] >= 0 {
			continue
		}
		n.comp[k] = label
		stack = append(stack[:0], int32(k))
		for len(stack) > 0 {
			c := int(stack[len(stack)-1])
			stack = stack[:len(stack)-1]
			for d := range 8 {
				if n.pass[c]&(1<<d) == 0 {
					continue
				}
				j := c + navDY[d]*n.nx + navDX[d]
				if n.comp[j] < 0 {
					n.comp[j] = label
					stack = append(stack, int32(j))
				}
			}
		}
		label++
	}
	return n
}

func (n *nav) clampX(x float64) int {
	return max(0, min(n.nx-1, int(math.Floor((x-n.minX)/n.cell))))
}

func (n *nav) clampY(y float64) int {
	return max(0, min(n.ny-1, int(math.Floor((y-n.minY)/n.cell))))
}

// centre returns the centre of cell k.
func (n *nav) centre(k int) orb.Point {
	return orb.Point{n.minX + (float64(k%n.nx)+0.5)*n.cell, n.minY + (float64(k/n.nx)+0.5)*n.cell}
}

// cellOf returns the cell containing p, clamped to the grid.
func (n *nav) cellOf(p orb.Point) int { return n.clampY(p[1])*n.nx + n.clampX(p[0]) }

// land reports whether p is in a country and not in a lake.
func (n *nav) land(m *Map, p orb.Point) bool {
	return m.pip.at(p) >= 0 && !(n.hasLakes && n.lakes.at(p) >= 0)
}

// clear reports whether the segment a–b stays on land (see Map.Clear).
func (n *nav) clear(m *Map, a, b orb.Point) bool {
	if !n.land(m, a) || !n.land(m, b) {
		return false
	}
	l := math.Hypot(b[0]-a[0], b[1]-a[1])
	if l == 0 {
		return true
	}
	dt := shoreProbe / l
	at := func(t float64) orb.Point { return orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t} }
	ok := true
	n.water.alongSegment(a, b, func(s *segment) bool {
		t, hit := SegmentIntersection(a, b, orb.Point{s.ax, s.ay}, orb.Point{s.bx, s.by})
		if !hit {
			return true
		}
		if (t-dt > 0 && !n.land(m, at(t-dt))) || (t+dt < 1 && !n.land(m, at(t+dt))) {
			ok = false
		}
		return ok
	})
	return ok
}

// snap returns the free cell nearest to p (of its own and the eight around
// it) whose centre p sees, or -1.
func (n *nav) snap(m *Map, p orb.Point) int {
	cx, cy := n.clampX(p[0]), n.clampY(p[1])
	best, bd := -1, math.Inf(1)
	for y := max(0, cy-1); y <= min(n.ny-1, cy+1); y++ {
		for x := max(0, cx-1); x <= min(n.nx-1, cx+1); x++ {
			k := y*n.nx + x
			if n.comp[k] < 0 {
				continue
			}
			c := n.centre(k)
			if d := math.Hypot(c[0]-p[0], c[1]-p[1]); d < bd && n.clear(m, p, c) {
				best, bd = k, d
			}
		}
	}
	return best
}

// path returns the cached path between cells a (free) and b: the centres
// of a shortest 8-neighbour path on the grid, pulled straight (a waypoint
// is kept only where the line past it would leave the land). When b is
// not in a's component the path ends at the cell of a's component nearest
// to b.
func (n *nav) path(m *Map, a, b int) []orb.Point {
	key := uint64(a)<<32 | uint64(uint32(b))
	n.mu.Lock()
	p, ok := n.cache[key]
	n.mu.Unlock()
	if ok {
		return p
	}
	if n.comp[b] != n.comp[a] {
		b = n.nearestIn(n.comp[a], b)
	}
	cells := n.search(a, b)
	p = n.pull(m, cells)
	n.mu.Lock()
	if len(n.cache) >= maxPathCache {
		clear(n.cache)
	}
	n.cache[key] = p
	n.mu.Unlock()
	return p
}

// nearestIn returns the cell of component c nearest to cell b (ties: the
// lowest index), searching square rings around b.
func (n *nav) nearestIn(c int32, b int) int {
	bx, by := b%n.nx, b/n.nx
	best, bd := -1, math.MaxInt
	for r := 1; r < n.nx+n.ny; r++ {
		if best >= 0 && r*r > bd {
			break
		}
		for y := by - r; y <= by+r; y++ {
			if y < 0 || y >= n.ny {
				continue
			}
			step := 2 * r
			if y == by-r || y == by+r {
				step = 1
			}
			for x := bx - r; x <= bx+r; x += step {
				if x < 0 || x >= n.nx {
					continue
				}
				k := y*n.nx + x
				if n.comp[k] != c {
					continue
				}
				if d := (x-bx)*(x-bx) + (y-by)*(y-by); d < bd || (d == bd && k < best) {
					best, bd = k, d
				}
			}
		}
	}
	return best
}

// pull turns a cell path into waypoints: from each kept waypoint, the
// farthest later cell centre it sees in one straight line.
func (n *nav) pull(m *Map, cells []int32) []orb.Point {
	out := []orb.Point{n.centre(int(cells[0]))}
	i := 0
	for i < len(cells)-1 {
		j := i + 1
		for j+1 < len(cells) && n.clear(m, n.centre(int(cells[i])), n.centre(int(cells[j+1]))) {
			j++
		}
		out = append(out, n.centre(int(cells[j])))
		i = j
	}
	return out
}

// navSearch is the scratch of one A* search; stamps avoid clearing it.
type navSearch struct {
	g     []float64
	from  []int8
	stamp []uint32
	done  []uint32
	cur   uint32
	open  navHeap
}

type navItem struct {
	f float64
	k int32
}

// navHeap orders open cells by f, then by cell index, so that the search
// is deterministic.
type navHeap []navItem

func (h navHeap) less(i, j int) bool {
	if h[i].f != h[j].f {
		return h[i].f < h[j].f
	}
	return h[i].k < h[j].k
}

// push adds it to the heap. The heap is typed, not container/heap's, so
// that a search allocates nothing once its slice has grown.
func (h *navHeap) push(it navItem) {
	*h = append(*h, it)
	q := *h
	for i := len(q) - 1; i > 0; {
		p := (i - 1) / 2
		if !q.less(i, p) {
			break
		}
		q[i], q[p] = q[p], q[i]
		i = p
	}
}

// pop removes and returns the least item.
func (h *navHeap) pop() navItem {
	q := *h
	top := q[0]
	last := len(q) - 1
	q[0] = q[last]
	q = q[:last]
	for i := 0; ; {
		l := 2*i + 1
		if l >= len(q) {
			break
		}
		c := l
		if r := l + 1; r < len(q) && q.less(r, l) {
			c = r
		}
		if !q.less(c, i) {
			break
		}
		q[i], q[c] = q[c], q[i]
		i = c
	}
	*h = q
	return top
}

// search returns a shortest path of cells from a to b (same component)
// by A* with the octile distance, a and b included.
func (n *nav) search(a, b int) []int32 {
	s := n.scratch.Get().(*navSearch)
	defer n.scratch.Put(s)
	nc := n.nx * n.ny
	if len(s.g) != nc {
		*s = navSearch{g: make([]float64, nc), from: make([]int8, nc), stamp: make([]uint32, nc), done: make([]uint32, nc)}
	}
	s.cur++
	s.open = s.open[:0]
	bx, by := b%n.nx, b/n.nx
	hfn := func(k int) float64 {
		dx, dy := math.Abs(float64(k%n.nx-bx)), math.Abs(float64(k/n.nx-by))
		return math.Max(dx, dy) + (math.Sqrt2-1)*math.Min(dx, dy)
	}
	s.g[a], s.stamp[a], s.from[a] = 0, s.cur, -1
	s.open.push(navItem{hfn(a), int32(a)})
	for len(s.open) > 0 {
		it := s.open.pop()
		k := int(it.k)
		if s.done[k] == s.cur {
			continue
		}
		s.done[k] = s.cur
		if k == b {
			break
		}
		for d := range 8 {
			if n.pass[k]&(1<<d) == 0 {
				continue
			}
			j := k + navDY[d]*n.nx + navDX[d]
			g := s.g[k] + navCost[d]
			if s.stamp[j] == s.cur && s.g[j] <= g {
				continue
			}
			s.g[j], s.stamp[j], s.from[j] = g, s.cur, int8(d)
			s.open.push(navItem{g + hfn(j), int32(j)})
		}
	}
	var rev []int32
	for k := b; ; {
		rev = append(rev, int32(k))
		d := s.from[k]
		if d < 0 {
			break
		}
		k -= navDY[d]*n.nx + navDX[d]
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// alongSegment calls visit for every segment listed in the grid cells the
// segment a–b passes through (a segment may come more than once), until
// visit returns false.
func (ix *segIndex) alongSegment(a, b orb.Point, visit func(*segment) bool) {
	if len(ix.segs) == 0 {
		return
	}
	fx, fy := (a[0]-ix.minX)*ix.inv, (a[1]-ix.minY)*ix.inv
	gx, gy := (b[0]-ix.minX)*ix.inv, (b[1]-ix.minY)*ix.inv
	x, y := max(0, min(ix.nx-1, int(math.Floor(fx)))), max(0, min(ix.ny-1, int(math.Floor(fy))))
	xe, ye := max(0, min(ix.nx-1, int(math.Floor(gx)))), max(0, min(ix.ny-1, int(math.Floor(gy))))
	dx, dy := gx-fx, gy-fy
	sx, sy := 1, 1
	tmx, tmy := math.Inf(1), math.Inf(1)
	tdx, tdy := math.Inf(1), math.Inf(1)
	if dx < 0 {
		sx = -1
		tmx, tdx = (fx-float64(x))/-dx, 1/-dx
	} else if dx > 0 {
		tmx, tdx = (float64(x+1)-fx)/dx, 1/dx
	}
	if dy < 0 {
		sy = -1
		tmy, tdy = (fy-float64(y))/-dy, 1/-dy
	} else if dy > 0 {
		tmy, tdy = (float64(y+1)-fy)/dy, 1/dy
	}
	for steps := 0; steps <= ix.nx+ix.ny+2; steps++ {
		k := y*ix.nx + x
		for _, si := range ix.cellItems(k) {
			if !visit(&ix.segs[si]) {
				return
			}
		}
		if x == xe && y == ye {
			return
		}
		if tmx < tmy {
			x += sx
			tmx += tdx
		} else {
			y += sy
			tmy += tdy
		}
		if x < 0 || y < 0 || x >= ix.nx || y >= ix.ny {
			return
		}
	}
}
