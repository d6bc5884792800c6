package maps

import (
	"container/heap"

	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// inLakeBrute reports whether p lies in a lake, by orb's point-in-polygon
// test over every lake: an oracle independent of the navigation grid.
func inLakeBrute(m *Map, p orb.Point) bool {
	for _, l := range m.Lakes {
		if l.Shape.Bound().Contains(p) && planar.PolygonContains(l.Shape, p) {
			return true
		}
	}
	return false
}

// onLandBrute reports whether p is in a country (CountryAt, tested
// against the polygons in maps_test.go) and, by brute force, in no lake.
func onLandBrute(m *Map, p orb.Point) bool {
	return m.CountryAt(p) >= 0 && !inLakeBrute(m, p)
}

// crossesShore reports whether the segment a–b meets any lake shore: a
// segment that does runs through a lake (or leaves an island into one).
func crossesShore(m *Map, a, b orb.Point) bool {
	for _, l := range m.Lakes {
		if !l.Shape.Bound().Intersects(orb.Bound{Min: orb.Point{min(a[0], b[0]), min(a[1], b[1])}, Max: orb.Point{max(a[0], b[0]), max(a[1], b[1])}}) {
			continue
		}
		for _, r := range l.Shape {
			for i := 0; i+1 < len(r); i++ {
				if _, ok := SegmentIntersection(a, b, r[i], r[i+1]); ok {
					return true
				}
			}
		}
	}
	return false
}

// gridBest returns the length in metres of a shortest 8-neighbour path
// between cells a and b over the navigation grid's links (Dijkstra), or
// +Inf when there is none.
func gridBest(n *nav, a, b int) float64 {
	dist := make([]float64, n.nx*n.ny)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	dist[a] = 0
	h := &refHeap{{0, int32(a)}}
	done := make([]bool, n.nx*n.ny)
	for h.Len() > 0 {
		it := heap.Pop(h).(navItem)
		k := int(it.k)
		if done[k] {
			continue
		}
		done[k] = true
		if k == b {
			return it.f * n.cell
		}
		for d := range 8 {
			if n.pass[k]&(1<<d) == 0 {
				continue
			}
			j := k + navDY[d]*n.nx + navDX[d]
			g := it.f + navCost[d]
			if g < dist[j] {
				dist[j] = g
				heap.Push(h, navItem{g, int32(j)})
			}
		}
	}
	return math.Inf(1)
}

// refHeap is container/heap's heap of open cells, for the reference
// search (the engine's search has its own typed heap).
type refHeap []navItem

func (h refHeap) Len() int           { return len(h) }
func (h refHeap) Less(i, j int) bool { return h[i].f < h[j].f || (h[i].f == h[j].f && h[i].k < h[j].k) }
func (h refHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *refHeap) Push(x any)        { *h = append(*h, x.(navItem)) }
func (h *refHeap) Pop() any {
	old := *h
	it := old[len(old)-1]
	*h = old[:len(old)-1]
	return it
}

// landPoint draws a point on land uniformly in bound.
func landPoint(t *testing.T, m *Map, r *rand.Rand, b orb.Bound) orb.Point {
	for range 10000 {
		p := orb.Point{b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]), b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1])}
		if onLandBrute(m, p) {
			return p
		}
	}
	t.Fatalf("%s: no land in %v", m.Name, b)
	return orb.Point{}
}

// TestRouteProperties draws random pairs of points on land on every
// bundled map (on fin-rus half of them around Lake Saimaa) and checks each
// Route: no waypoint in a lake (orb's point in polygon over every lake),
// no leg crossing a lake shore (brute force over every shore edge), no
// point of a leg at sea (every 200 m), the far end
// reached when the grid joins the two, and the length within 1.5 times the
// best path on the navigation grid (a plain Dijkstra) plus the legs from
// the points to their cells' centres. It reports the grid's size and build
// time per map.
func TestRouteProperties(t *testing.T) {
	pairs := 40
	if testing.Short() {
		pairs = 8
	}
	for _, name := range Names() {
		t.Run(name, func(t *testing.T) {
			m, err := Load(name)
			if err != nil {
				t.Fatal(err)
			}
			t0 := time.Now()
			n := m.navGrid()
			t.Logf("%s: navigation grid %d×%d cells of %.0f m, built in %v", name, n.nx, n.ny, n.cell, time.Since(t0).Round(time.Millisecond))
			r := rand.New(rand.NewPCG(7, uint64(len(name))))
			bound := m.Bound
			detours := 0
			for i := range pairs {
				b := bound
				if name == "fin-rus" && i%2 == 0 {
					for _, l := range m.Lakes {
						if l.Name == "Lake Saimaa" {
							b = l.Shape.Bound().Pad(5000)
						}
					}
				}
				a, z := landPoint(t, m, r, b), landPoint(t, m, r, b)
				wps, end := m.Route(a, z)
				pts := append(append([]orb.Point{a}, wps...), end)
				length := 0.0
				for j := 0; j+1 < len(pts); j++ {
					p, q := pts[j], pts[j+1]
					length += math.Hypot(q[0]-p[0], q[1]-p[1])
					if inLakeBrute(m, q) {
						t.Fatalf("pair %d %v→%v: point %d %v is in a lake", i, a, z, j+1, q)
					}
					if crossesShore(m, p, q) {
						t.Fatalf("pair %d %v→%v: leg %d %v→%v crosses a lake shore", i, a, z, j, p, q)
					}
					steps := int(math.Hypot(q[0]-p[0], q[1]-p[1])/200) + 1
					for s := 0; s <= steps; s++ {
						f := float64(s) / float64(steps)
						x := orb.Point{p[0] + (q[0]-p[0])*f, p[1] + (q[1]-p[1])*f}
						if m.CountryAt(x) < 0 {
							t.Fatalf("pair %d %v→%v: leg %d passes %v, at sea", i, a, z, j, x)
						}
					}
				}
				ca, cb := n.snap(m, a), n.snap(m, z)
				if ca < 0 || cb < 0 || n.comp[ca] != n.comp[cb] {
					continue // not joined on the grid: end is the nearest reachable point
				}
				if len(wps) == 0 {
					if end != z {
						t.Fatalf("pair %d: no waypoints but end %v is not the goal %v", i, end, z)
					}
					continue
				}
				detours++
				if end != z {
					t.Fatalf("pair %d: the grid joins %v and %v but the route ends at %v", i, a, z, end)
				}
				c0, c1 := n.centre(ca), n.centre(cb)
				best := gridBest(n, ca, cb) + math.Hypot(c0[0]-a[0], c0[1]-a[1]) + math.Hypot(c1[0]-z[0], c1[1]-z[1])
				if length > 1.5*best {
					t.Errorf("pair %d %v→%v: route %.0f m, best on the grid %.0f m", i, a, z, length, best)
				}
			}
			t.Logf("%s: %d of %d pairs needed a detour", name, detours, pairs)
			if name == "fin-rus" && detours == 0 {
				t.Error("no pair around Saimaa needed a detour: the test exercises nothing")
			}
		})
	}
}

// TestRouteAroundSaimaa routes from the west shore of Lake Saimaa to the
// east shore along the lake's middle latitude: the straight line crosses
// the lake, the route does not, and it is not much longer than needed.
func TestRouteAroundSaimaa(t *testing.T) {
	m, err := Load("fin-rus")
	if err != nil {
		t.Fatal(err)
	}
	var saimaa Lake
	for _, l := range m.Lakes {
		if l.Name == "Lake Saimaa" {
			saimaa = l
		}
	}
	if saimaa.Shape == nil {
		t.Fatal("no Lake Saimaa on fin-rus")
	}
	b := saimaa.Shape.Bound()
	y := (b.Min[1] + b.Max[1]) / 2
	a := orb.Point{b.Min[0] - 3000, y}
	z := orb.Point{b.Max[0] + 3000, y}
	if !m.OnLand(a) || !m.OnLand(z) {
		t.Fatalf("ends %v %v not on land", a, z)
	}
	if m.Clear(a, z) || !crossesShore(m, a, z) {
		t.Fatal("the straight line should cross Saimaa")
	}
	wps, end := m.Route(a, z)
	if len(wps) == 0 || end != z {
		t.Fatalf("route %v, end %v: want a detour reaching %v", wps, end, z)
	}
	prev := a
	for _, p := range append(wps, end) {
		if crossesShore(m, prev, p) {
			t.Fatalf("leg %v→%v crosses a shore", prev, p)
		}
		prev = p
	}
	// A second query of the same pair allocates nothing.
	if allocs := testing.AllocsPerRun(20, func() { m.Route(a, z) }); allocs != 0 {
		t.Errorf("a cached route allocates %v times", allocs)
	}
}

// BenchmarkNavBuild measures building the navigation grid of each bundled
// map.
func BenchmarkNavBuild(b *testing.B) {
	for _, name := range Names() {
		m, err := Load(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				buildNav(m)
			}
			n := buildNav(m)
			b.ReportMetric(float64(n.nx*n.ny), "cells")
		})
	}
}
