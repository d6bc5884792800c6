package maps

import (
	"math"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/borderdrill/borderdrill/maps/internal/compact"
)

// TestWorldBuildsBundledPairsAlike builds the seven bundled pairs from the
// world data and compares them with the bundled files: the world pairs are
// made the same way, so window, border, countries and places must agree.
func TestWorldBuildsBundledPairsAlike(t *testing.T) {
	w, err := world()
	if err != nil || w == nil {
		t.Fatalf("world data: %v", err)
	}
	for _, n := range names() {
		t.Run(n, func(t *testing.T) {
			b, err := bundledSource(n)
			if err != nil {
				t.Fatal(err)
			}
			ws, err := worldSource(w, pairKey(n))
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(b.Countries.BBox, ws.Countries.BBox) {
				t.Errorf("window %v, bundled %v", ws.Countries.BBox, b.Countries.BBox)
			}
			bl, bv := lineStats(b.Border)
			wl, wv := lineStats(ws.Border)
			if len(b.Border.Features) != len(ws.Border.Features) || bv != wv || math.Abs(bl-wl) > 1e-7 {
				t.Errorf("border: %d sections, %d vertices, %.6f°; bundled %d, %d, %.6f°",
					len(ws.Border.Features), wv, wl, len(b.Border.Features), bv, bl)
			}
			bi, wi := isoCodes(b.Countries), isoCodes(ws.Countries)
			if !slices.Equal(slices.Sorted(slices.Values(bi)), slices.Sorted(slices.Values(wi))) {
				t.Errorf("countries %v, bundled %v", wi, bi)
			}
			for _, f := range b.Countries.Features {
				i := slices.Index(wi, f.Properties.MustString("iso_a3", ""))
				if i < 0 {
					continue
				}
				ba, wa := planar.Area(f.Geometry), planar.Area(ws.Countries.Features[i].Geometry)
				if math.Abs(ba-wa) > 1e-6*math.Max(ba, 1e-3) {
					t.Errorf("%s: area %.6f deg², bundled %.6f", f.Properties["iso_a3"], wa, ba)
				}
			}
			if bp, wp := layerNames(b.Terrain, "place"), layerNames(ws.Terrain, "place"); !slices.Equal(bp, wp) {
				t.Errorf("places %v, bundled %v", wp, bp)
			}
			for _, layer := range []string{"lake", "river"} {
				_, bv := layerStats(b.Terrain, layer)
				_, wv := layerStats(ws.Terrain, layer)
				if bv != wv {
					t.Errorf("%s vertices %d, bundled %d", layer, wv, bv)
				}
			}
		})
	}
}

func lineStats(fc *geojson.FeatureCollection) (length float64, vertices int) {
	for _, f := range fc.Features {
		ls := f.Geometry.(orb.LineString)
		length += planar.Length(ls)
		vertices += len(ls)
	}
	return length, vertices
}

func isoCodes(fc *geojson.FeatureCollection) []string {
	var out []string
	for _, f := range fc.Features {
		out = append(out, f.Properties.MustString("iso_a3", ""))
	}
	return out
}

func layerNames(fc *geojson.FeatureCollection, layer string) []string {
	var out []string
	for _, f := range fc.Features {
		if f.Properties.MustString("layer", "") == layer {
			out = append(out, f.Properties.MustString("name", ""))
		}
	}
	return out
}

func layerStats(fc *geojson.FeatureCollection, layer string) (features, vertices int) {
	for _, f := range fc.Features {
		if f.Properties.MustString("layer", "") != layer {
			continue
		}
		features++
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			for _, r := range g {
				vertices += len(r)
			}
		case orb.MultiPolygon:
			for _, pg := range g {
				for _, r := range pg {
					vertices += len(r)
				}
			}
		case orb.LineString:
			vertices += len(g)
		case orb.MultiLineString:
			for _, ls := range g {
				vertices += len(ls)
			}
		}
	}
	return features, vertices
}

// TestCloserThanAgreesWithBorderDistance checks the test the patrol tracks
// are cut with: closerThan must give exactly what BorderDistance compared
// with the same distance gives, at points near, at and far from the border.
func TestCloserThanAgreesWithBorderDistance(t *testing.T) {
	for _, n := range []string{"fin-rus", "usa-mex"} {
		t.Run(n, func(t *testing.T) {
			m, err := Load(n)
			if err != nil {
				t.Fatal(err)
			}
			const d = TrackOffset - trackTol
			checked, near := 0, 0
			for _, ls := range m.Border {
				for i := 0; i+1 < len(ls); i += 7 {
					a, b := ls[i], ls[i+1]
					for _, off := range []float64{0, 500, d - 0.5, d, d + 0.5, 3 * d, 40 * d} {
						p := orb.Point{(a[0]+b[0])/2 + off, (a[1]+b[1])/2 - off/2}
						want := m.BorderDistance(p) < d
						if got := m.border.closerThan(p, d); got != want {
							t.Fatalf("closerThan(%v, %v) = %v, BorderDistance %v", p, d, got, m.BorderDistance(p))
						}
						checked++
						if want {
							near++
						}
					}
				}
			}
			if near == 0 || near == checked {
				t.Fatalf("%d of %d points near the border: the test sees only one side", near, checked)
			}
		})
	}
}

// TestClipRingMatchesOrb clips every ring of the world's countries and lakes
// whose bound reaches into the windows of a few pairs (continental and
// small, north and south of the equator) with clipRing and with orb's
// clip.Ring: the results must be equal point for point, empty results nil.
func TestClipRingMatchesOrb(t *testing.T) {
	w, err := world()
	if err != nil || w == nil {
		t.Fatalf("world data: %v", err)
	}
	var parts []compact.Part
	for _, c := range w.Countries {
		parts = append(parts, c.Parts...)
	}
	for _, l := range w.Lakes {
		parts = append(parts, l.Parts...)
	}
	rings, cut, gone := 0, 0, 0
	for _, key := range []string{"can-usa", "chn-rus", "arg-chl", "bra-per", "fin-rus", "esp-fra", "ind-pak"} {
		t.Run(key, func(t *testing.T) {
			src, err := worldSource(w, key)
			if err != nil {
				t.Fatal(err)
			}
			win := src.Countries.BBox.Bound()
			for _, p := range parts {
				if !p.Bound.Intersects(win) {
					continue
				}
				pg, err := w.PolygonAt(p)
				if err != nil {
					t.Fatal(err)
				}
				for _, r := range pg {
					want := clip.Ring(win, slices.Clone(r))
					got := clipRing(win, slices.Clone(r))
					if !slices.Equal(got, want) || (got == nil) != (want == nil) {
						t.Fatalf("ring of %d points: clipRing gives %d points, clip.Ring %d", len(r), len(got), len(want))
					}
					rings++
					if !inside(win, r) {
						cut++
					}
					if want == nil {
						gone++
					}
				}
			}
		})
	}
	if cut == 0 || gone == 0 {
		t.Errorf("%d rings, %d cut by the windows, %d left out: the windows must cut some and leave some out", rings, cut, gone)
	}
	t.Logf("%d rings, %d cut by the windows, %d left out", rings, cut, gone)
}

// TestCountryGridInPlaceMatchesCopy checks the country grid Build makes,
// which indexes the projected rings where they lie, against a grid of the
// same countries built from a copy of them: the same answers on a lattice
// over the window and beside every edge.
func TestCountryGridInPlaceMatchesCopy(t *testing.T) {
	for _, n := range []string{"fin-rus", "can-usa"} {
		m, err := Load(n)
		if err != nil {
			t.Fatalf("%s: %v", n, err)
		}
		t.Run(n, func(t *testing.T) {
			if &m.pip.pts[0] != &m.Countries[0].Shape[0][0][0] {
				t.Fatal("the Map's grid copied the rings instead of indexing them in place")
			}
			cp, err := newCountryGrid(m.Countries, m.Bound, nil)
			if err != nil {
				t.Fatal(err)
			}
			if &cp.pts[0] == &m.pip.pts[0] {
				t.Fatal("the grid without flat did not copy the rings")
			}
			b := m.Bound
			inside, checked := 0, 0
			check := func(p orb.Point) {
				got, want := m.pip.at(p), cp.at(p)
				if got != want {
					t.Fatalf("at %v: %d in place, %d from a copy", p, got, want)
				}
				checked++
				if got >= 0 {
					inside++
				}
			}
			for i := 0; i <= 300; i++ {
				for j := 0; j <= 300; j++ {
					check(orb.Point{b.Min[0] + (b.Max[0]-b.Min[0])*float64(i)/300, b.Min[1] + (b.Max[1]-b.Min[1])*float64(j)/300})
				}
			}
			for _, r := range m.Countries[0].Shape[0] {
				for k := 0; k+1 < len(r); k++ {
					check(orb.Point{(r[k][0]+r[k+1][0])/2 + 1, (r[k][1]+r[k+1][1])/2 - 1})
				}
			}
			if inside == 0 || inside == checked {
				t.Errorf("%d of %d points in a country: the test sees only one answer", inside, checked)
			}
		})
	}
}
