package compact_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/borderdrill/borderdrill/maps/internal/compact"
)

// worldDir returns the Natural Earth world data pack, or "" when this
// checkout has none beside it (BORDERDRILL_WORLD_DATA overrides).
func worldDir() string {
	for _, d := range []string{os.Getenv("BORDERDRILL_WORLD_DATA"), "../../../../shared/data/world"} {
		if d == "" {
			continue
		}
		if _, err := os.Stat(filepath.Join(d, "pairs.json")); err == nil {
			return d
		}
	}
	return ""
}

func readWorld(t *testing.T) *compact.World {
	t.Helper()
	return readDecoded(t, "../../data/world.bin", compact.DecodeWorld)
}

func readFC(t *testing.T, dir, name string) *geojson.FeatureCollection {
	t.Helper()
	return readDecoded(t, filepath.Join(dir, name), geojson.UnmarshalFeatureCollection)
}

// readDecoded reads the file at path and decodes it, failing t on either.
func readDecoded[T any](t *testing.T, path string, decode func([]byte) (T, error)) T {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	v, err := decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// TestWorldMatchesSource decodes the embedded world data and compares it
// with the GeoJSON it was written from: every pair, the lines of every
// fifth pair, every tenth country's kept polygons and every place.
func TestWorldMatchesSource(t *testing.T) {
	dir := worldDir()
	if dir == "" {
		t.Skip("no world data pack beside the repository (set BORDERDRILL_WORLD_DATA)")
	}
	w := readWorld(t)
	var pairs []struct {
		Key      string  `json:"key"`
		BorderKM float64 `json:"border_km"`
		Features []int   `json:"features"`
	}
	raw, err := os.ReadFile(filepath.Join(dir, "pairs.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &pairs); err != nil {
		t.Fatal(err)
	}
	if len(pairs) != len(w.Pairs) {
		t.Fatalf("%d pairs, source %d", len(w.Pairs), len(pairs))
	}
	lines := readFC(t, dir, "boundary_lines_land.geojson")
	for i, p := range pairs {
		wp := w.Pairs[i]
		if wp.Key != p.Key || wp.BorderM != uint64(math.Round(p.BorderKM*1000)) || len(wp.Lines) != len(p.Features) {
			t.Errorf("pair %d: %s %d m %d lines; source %s %.3f km %d", i, wp.Key, wp.BorderM, len(wp.Lines), p.Key, p.BorderKM, len(p.Features))
			continue
		}
		if i%5 != 0 {
			continue
		}
		for j, fi := range p.Features {
			f := lines.Features[fi]
			l := w.Lines[wp.Lines[j]]
			if l.Left != f.Properties.MustString("adm0_a3_l", "") || l.Right != f.Properties.MustString("adm0_a3_r", "") {
				t.Errorf("%s line %d: sides %s|%s", p.Key, fi, l.Left, l.Right)
			}
			var src []orb.LineString
			switch g := f.Geometry.(type) {
			case orb.LineString:
				src = []orb.LineString{g}
			case orb.MultiLineString:
				src = g
			}
			if len(src) != len(l.Parts) {
				t.Fatalf("%s line %d: %d parts, source %d", p.Key, fi, len(l.Parts), len(src))
			}
			for k, part := range l.Parts {
				got, err := w.LineAt(part)
				if err != nil || !slices.Equal(got, []orb.Point(src[k])) {
					t.Fatalf("%s line %d part %d differs from the source (%v)", p.Key, fi, k, err)
				}
			}
		}
	}

	countries := readFC(t, dir, "countries.geojson")
	byCode := map[string]*geojson.Feature{}
	for _, f := range countries.Features {
		byCode[f.Properties.MustString("adm0_a3", "")] = f
	}
	for i, c := range w.Countries {
		if i%10 != 0 {
			continue
		}
		f := byCode[c.ADM0]
		if f == nil || f.Properties.MustString("name", "") != c.Name {
			t.Fatalf("country %s %q not in the source", c.ADM0, c.Name)
		}
		var src []orb.Polygon
		switch g := f.Geometry.(type) {
		case orb.Polygon:
			src = []orb.Polygon{g}
		case orb.MultiPolygon:
			src = g
		}
		for k, part := range c.Parts {
			pg, err := w.PolygonAt(part)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.ContainsFunc(src, func(s orb.Polygon) bool { return s.Equal(pg) }) {
				t.Errorf("%s part %d is not a polygon of the source", c.ADM0, k)
			}
		}
	}

	places := readFC(t, dir, "places.geojson")
	type key struct {
		name string
		pt   orb.Point
	}
	src := map[key]float64{}
	for _, f := range places.Features {
		src[key{f.Properties.MustString("name", ""), f.Geometry.(orb.Point)}] = f.Properties.MustFloat64("pop_max", 0)
	}
	for _, p := range w.Places {
		pop, ok := src[key{p.Name, orb.Point{compact.FromMicro(p.Lon), compact.FromMicro(p.Lat)}}]
		if !ok || int64(pop) != p.Pop {
			t.Errorf("place %q at %d,%d (pop %d) not in the source", p.Name, p.Lon, p.Lat, p.Pop)
		}
	}
}

func TestDecodeWorldRejectsDamage(t *testing.T) {
	b, err := os.ReadFile("../../data/world.bin")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"empty", nil},
		{"magic only", []byte(compact.WorldMagic)},
		{"truncated", b[:len(b)/3]},
		{"wrong magic", append([]byte("BDWORLD0\n"), b[9:]...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := compact.DecodeWorld(tc.data); err == nil {
				t.Errorf("decoded")
			}
		})
	}
}
