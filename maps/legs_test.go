package maps_test

import (
	"math"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

func TestSegmentIntersection(t *testing.T) {
	cases := []struct {
		name       string
		p, q, a, c orb.Point
		t          float64
		ok         bool
	}{
		{"crossing at a quarter", orb.Point{0, 0}, orb.Point{4, 0}, orb.Point{1, -1}, orb.Point{1, 1}, 0.25, true},
		{"touching at the end", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{2, -1}, orb.Point{2, 1}, 1, true},
		{"parallel", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{0, 1}, orb.Point{2, 1}, 0, false},
		{"short of the other", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{3, -1}, orb.Point{3, 1}, 0, false},
		{"the other falls short", orb.Point{0, 0}, orb.Point{2, 0}, orb.Point{1, 1}, orb.Point{1, 3}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := maps.SegmentIntersection(tc.p, tc.q, tc.a, tc.c)
			if ok != tc.ok || math.Abs(got-tc.t) > 1e-12 {
				t.Errorf("SegmentIntersection = %g, %v; want %g, %v", got, ok, tc.t, tc.ok)
			}
		})
	}
}

// TestLegChecks walks a straight leg from 2 km inside Finland to 2 km
// inside Russia across the real border: it crosses the line, and its
// points beyond lie in Russia unless allowed.
func TestLegChecks(t *testing.T) {
	m := mustMap(t, "fin-rus")
	fin, rus := m.CountryIndex("FIN"), m.CountryIndex("RUS")
	mid, _ := m.PointAtChainage(0, 200000)
	var p, q orb.Point
	for a := 0.0; a < math.Pi*2 && p == (orb.Point{}); a += math.Pi / 32 {
		dx, dy := 2000*math.Cos(a), 2000*math.Sin(a)
		r, s := orb.Point{mid[0] + dx, mid[1] + dy}, orb.Point{mid[0] - dx, mid[1] - dy}
		if m.CountryAt(r) == fin && m.CountryAt(s) == rus && m.BorderDistance(r) > 1000 && m.BorderDistance(s) > 1000 {
			p, q = r, s
		}
	}
	if p == (orb.Point{}) || q == (orb.Point{}) {
		t.Fatalf("no points on both sides near %v", mid)
	}
	r, work, ok := m.BorderCrossing(p, q, nil)
	if !ok || m.BorderDistance(r) > 1 || work == 0 {
		t.Errorf("BorderCrossing = %v (%g m from the border), work %d, %v", r, m.BorderDistance(r), work, ok)
	}
	if _, _, ok := m.BorderCrossing(p, q, func(orb.Point) bool { return true }); ok {
		t.Errorf("BorderCrossing found a point that skip leaves out")
	}
	if _, _, ok := m.BorderCrossing(p, p, nil); ok {
		t.Errorf("a zero-length leg inside Finland crosses the border")
	}
	at, c, n := m.LegLeaves(p, q, fin, 100, 2000, nil)
	if c != rus || m.CountryAt(at) != rus || n < 2 {
		t.Errorf("LegLeaves = %v in %d after %d points, want a point in Russia (%d)", at, c, n, rus)
	}
	if _, c, _ := m.LegLeaves(p, q, fin, 100, 2000, func(orb.Point) bool { return true }); c != -1 {
		t.Errorf("LegLeaves with every point allowed found country %d", c)
	}
	if _, c, _ := m.LegLeaves(q, q, rus, 100, 2000, nil); c != -1 {
		t.Errorf("a leg that stays in Russia leaves it for %d", c)
	}
}
