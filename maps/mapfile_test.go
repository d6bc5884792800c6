package maps_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderdrill/borderdrill/maps"
)

const ownFile = "testdata/pol-blr-own.geojson"

func readOwn(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(ownFile)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pos returns "line:col" of the byte offset off in data.
func pos(data []byte, off int) string {
	line := bytes.Count(data[:off], []byte{'\n'}) + 1
	return fmt.Sprintf("%d:%d", line, off-bytes.LastIndexByte(data[:off], '\n'))
}

func TestFromGeoJSON(t *testing.T) {
	data := readOwn(t)
	name, src, err := maps.FromGeoJSON(ownFile, data)
	if err != nil {
		t.Fatal(err)
	}
	if name != "pol-blr:pol-blr-own" {
		t.Errorf("name %q", name)
	}
	m, err := maps.Build(name, src)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := maps.Load("pol-blr")
	if err != nil {
		t.Fatal(err)
	}
	// The file holds the bundled line and polygons: the same window,
	// border and countries.
	if m.Bound != ref.Bound || math.Abs(totalBorder(m)-totalBorder(ref)) > 1e-6 {
		t.Errorf("bound %v border %.3f m; bundled %v %.3f m", m.Bound, totalBorder(m), ref.Bound, totalBorder(ref))
	}
	if m.Countries[0].ISO3 != "POL" || m.Countries[1].ISO3 != "BLR" || len(m.Countries) != 2 {
		t.Errorf("countries %v", m.Countries)
	}
	for _, tc := range []struct{ town, iso string }{{"Kleszczele", "POL"}, {"Kamianiuki", "BLR"}} {
		tw, ok := m.Town(tc.town)
		if !ok || tw.ISO3 != tc.iso || m.CountryAt(tw.Pos) != m.CountryIndex(tc.iso) {
			t.Errorf("town %s: %+v, %v; want it in %s", tc.town, tw, ok, tc.iso)
		}
	}
	if len(m.Rivers) == 0 {
		t.Errorf("no rivers from the world data in the window")
	}
	u, err := maps.Unpack(m.Pack())
	if err != nil || u.Name != name || totalBorder(u) != totalBorder(m) {
		t.Errorf("pack round trip: %v", err)
	}
}

func TestFromGeoJSONErrors(t *testing.T) {
	data := readOwn(t)
	// The BLR polygon's ring: the second Polygon of the file.
	second := bytes.Index(data, []byte(`"iso_a3": "BLR"`))
	ringAt := second + bytes.Index(data[second:], []byte("\n     [")) + 6
	ringEnd := ringAt + bytes.Index(data[ringAt:], []byte("]]"))
	lastPt := bytes.LastIndexByte(data[ringAt:ringEnd], '[') + ringAt
	unclosed := slicesConcat(data[:lastPt-1], data[ringEnd+1:])

	lineAt := bytes.Index(data, []byte(`"coordinates":`+"\n    [[23.606238"))
	lineAt += bytes.IndexByte(data[lineAt:], '[')
	// The line moved 0.4° east: it runs through Belarus.
	shifted := regexp.MustCompile(`\[23\.(\d+),5`).ReplaceAllFunc(data[:bytes.Index(data, []byte(`"iso_a3": "POL"`))], func(b []byte) []byte {
		return []byte(strings.Replace(string(b), "[23.", "[24.", 1)) // 1° east, deep in Belarus
	})
	shifted = slicesConcat(shifted, data[bytes.Index(data, []byte(`"iso_a3": "POL"`)):])

	syntax := bytes.Replace(data, []byte(`"name": "Kleszczele"`), []byte(`"name": Kleszczele`), 1)
	syntaxAt := bytes.Index(syntax, []byte(`Kleszczele`))

	onePolygon := bytes.Replace(data, []byte(`"iso_a3": "BLR"`), []byte(`"iso_a3": "POL"`), 1)

	tests := []struct {
		name string
		data []byte
		want string // regexp over the error
	}{
		{"ring does not close", unclosed, `^maps: own\.geojson:` + pos(unclosed, ringAt) + `: polygon ring does not close: it starts at \[`},
		{"line does not separate", shifted, `^maps: own\.geojson:` + pos(shifted, lineAt) + `: the border line does not separate POL from BLR: only \d+ of \d+ segments`},
		{"syntax error", syntax, `^maps: own\.geojson:` + pos(syntax, syntaxAt) + `: invalid character 'K'`},
		{"same country twice", onePolygon, `both country polygons have iso_a3 POL`},
		{"not a collection", []byte(`{"type": "Feature"}`), `own\.geojson:1:1: type "Feature"; a map file is a GeoJSON FeatureCollection`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := maps.FromGeoJSON("own.geojson", tc.data)
			var fe *maps.FileError
			if err == nil || !errors.As(err, &fe) {
				t.Fatalf("error %v; want a *maps.FileError", err)
			}
			if !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error %q\nwant match %q", err, tc.want)
			}
		})
	}
}

func TestWithTowns(t *testing.T) {
	m, err := maps.Load("pol-blr")
	if err != nil {
		t.Fatal(err)
	}
	w, err := m.WithTowns([]string{"Hajnówka", "Kamyenyets"}, []orb.Point{{23.59, 52.74}, {23.82, 52.40}})
	if err != nil {
		t.Fatal(err)
	}
	if len(w.Towns) != len(m.Towns)+2 || w.Name != m.Name || totalBorder(w) != totalBorder(m) {
		t.Fatalf("towns %d (was %d), name %s, border %f", len(w.Towns), len(m.Towns), w.Name, totalBorder(w))
	}
	if tw, ok := w.Town("hajnowka"); !ok || tw.ISO3 != "POL" {
		t.Errorf("Hajnówka: %+v %v", tw, ok)
	}
	if tw, ok := w.Town("Kamyenyets"); !ok || tw.ISO3 != "BLR" {
		t.Errorf("Kamyenyets: %+v %v", tw, ok)
	}
	if _, ok := m.Town("Hajnówka"); ok {
		t.Errorf("the original map changed")
	}

	// WithLabels gives towns, added or the data's, their names to show and
	// changes nothing else; a name that is no town fails.
	l, err := w.WithLabels(map[string]string{"hajnowka": "Hajnówka\x1ebe\x1fГайнаўка", "Brest": "Брэст"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ town, label string }{{"Hajnówka", "Hajnówka\x1ebe\x1fГайнаўка"}, {"Brest", "Брэст"}, {"Kamyenyets", ""}} {
		if tw, _ := l.Town(c.town); tw.Label != c.label {
			t.Errorf("%s labelled %q, want %q", c.town, tw.Label, c.label)
		}
		if tw, _ := w.Town(c.town); tw.Label != "" {
			t.Errorf("the labelled copy changed the original's %s", c.town)
		}
	}
	for i, tw := range l.Towns {
		if tw.Name != w.Towns[i].Name || tw.Pos != w.Towns[i].Pos || tw.Pop != w.Towns[i].Pop {
			t.Errorf("town %d is %+v, was %+v", i, tw, w.Towns[i])
		}
	}
	if _, err := w.WithLabels(map[string]string{"Brest": "Брэст", "Atlantis": "Ἀτλαντίς"}); err == nil || !strings.Contains(err.Error(), `no town "Atlantis"`) {
		t.Errorf("labelling a town the map lacks: %v", err)
	}
}

func slicesConcat(a, b []byte) []byte { return append(append([]byte(nil), a...), b...) }

// FuzzFromGeoJSON feeds damaged map files to FromGeoJSON: a Source or an
// error, never a panic.
func FuzzFromGeoJSON(f *testing.F) {
	data, err := os.ReadFile(ownFile)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"iso_a3":"AAA"},"geometry":{"type":"Polygon","coordinates":[[]]}}]}`))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2]]}}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		name, src, err := maps.FromGeoJSON("f.geojson", b)
		if err == nil && (src == nil || name == "") {
			t.Fatal("no source and no error")
		}
	})
}
