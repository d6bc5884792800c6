package render

import (
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// Every country and lake of every bundled map is cut into triangles that
// add up to its area (or, for the few rings ear clipping cannot untangle,
// falls back to stencil fans), and at least 95% of the polygons are
// clipped; the z-order index changes no triangle.
func TestTriangulateBundledMaps(t *testing.T) {
	for _, name := range maps.Names() {
		m, err := maps.Load(name)
		if err != nil {
			t.Fatal(err)
		}
		var polys []orb.Polygon
		for _, c := range m.Countries {
			polys = append(polys, c.Shape...)
		}
		for _, l := range m.Lakes {
			polys = append(polys, l.Shape)
		}
		clipped, hashed := 0, 0
		for _, p := range polys {
			if _, _, ok := triangulate(p); ok {
				clipped++
			}
			pts, holes := rings(p)
			if len(pts) <= hashAbove {
				continue
			}
			hashed++
			if with, without := earcutWith(pts, holes, true), earcutWith(pts, holes, false); !slices.Equal(with, without) {
				t.Errorf("%s: a polygon of %d points: %d triangles with the z-order index, %d without, or others", name, len(pts), len(with)/3, len(without)/3)
			}
		}
		if hashed == 0 {
			t.Errorf("%s: no polygon of more than %d points", name, hashAbove)
		}
		t.Logf("%s: %d of %d polygons ear-clipped", name, clipped, len(polys))
		if clipped*100 < len(polys)*95 {
			t.Errorf("%s: only %d of %d polygons ear-clipped", name, clipped, len(polys))
		}
	}
}

func TestEarcutSquareWithHole(t *testing.T) {
	p := orb.Polygon{
		{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}},
		{{3, 3}, {3, 7}, {7, 7}, {7, 3}, {3, 3}},
	}
	pts, tris, ok := triangulate(p)
	if !ok || len(pts) != 8 || len(tris) != 8*3 {
		t.Errorf("square with a hole: ok %v, %d points, %d triangles; want exact, 8, 8", ok, len(pts), len(tris)/3)
	}
}
