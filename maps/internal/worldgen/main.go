// Command worldgen writes maps/data/world.bin, the compact world data file
// that maps embeds, from the Natural Earth world data pack
// (shared/data/world: pairs.json and the GeoJSON layers; see its README).
//
// It keeps every land-border pair and its boundary lines, and of the
// countries, lakes, rivers and places only the parts that touch the window
// of some pair (border bounding box plus 50 km, see maps.Window).
// Coordinates stay at the pack's six decimals. Usage (from maps/):
//
//	go run ./internal/worldgen -in ../../shared/data/world -out data/world.bin
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/maps/internal/compact"
)

// pairJSON is one entry of pairs.json.
type pairJSON struct {
	Key      string    `json:"key"`
	A        string    `json:"a"`
	B        string    `json:"b"`
	Names    [2]string `json:"names"`
	BorderKM float64   `json:"border_km"`
	BBox     [4]float64
	Features []int `json:"features"`
}

func main() {
	in := flag.String("in", "../../shared/data/world", "directory of the world data pack")
	out := flag.String("out", "data/world.bin", "output file")
	flag.Parse()
	w, err := build(*in)
	if err != nil {
		log.Fatal(err)
	}
	b := w.Encode()
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("worldgen: %s: %d bytes; %d pairs, %d lines, %d countries, %d lakes, %d rivers, %d places\n",
		*out, len(b), len(w.Pairs), len(w.Lines), len(w.Countries), len(w.Lakes), len(w.Rivers), len(w.Places))
}

// build reads the pack in dir.
func build(dir string) (*compact.World, error) {
	var pairs []pairJSON
	raw, err := os.ReadFile(filepath.Join(dir, "pairs.json"))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &pairs); err != nil {
		return nil, fmt.Errorf("pairs.json: %w", err)
	}
	var windows []orb.Bound
	for i := range pairs {
		p := &pairs[i]
		windows = append(windows, maps.Window(orb.Bound{Min: orb.Point{p.BBox[0], p.BBox[1]}, Max: orb.Point{p.BBox[2], p.BBox[3]}}))
	}
	near := func(b orb.Bound) bool {
		for _, w := range windows {
			if w.Intersects(b) {
				return true
			}
		}
		return false
	}
	fcs := map[string]*geojson.FeatureCollection{}
	for _, n := range []string{"boundary_lines_land", "countries", "lakes", "rivers", "places"} {
		b, err := os.ReadFile(filepath.Join(dir, n+".geojson"))
		if err != nil {
			return nil, err
		}
		if fcs[n], err = geojson.UnmarshalFeatureCollection(b); err != nil {
			return nil, fmt.Errorf("%s.geojson: %w", n, err)
		}
	}
	var gb compact.Builder
	w := new(compact.World)

	// Pairs and their lines, renumbered in order of first use.
	lineIndex := map[int]int{}
	lines := fcs["boundary_lines_land"].Features
	for _, p := range pairs {
		cp := compact.Pair{Key: p.Key, A: p.A, B: p.B, NameA: p.Names[0], NameB: p.Names[1],
			BorderM: uint64(math.Round(p.BorderKM * 1000))}
		for _, fi := range p.Features {
			li, ok := lineIndex[fi]
			if !ok {
				f := lines[fi]
				l := compact.Line{Left: str(f, "adm0_a3_l"), Right: str(f, "adm0_a3_r")}
				for _, ls := range lineParts(f.Geometry) {
					l.Parts = append(l.Parts, gb.LinePart(ls))
				}
				li = len(w.Lines)
				lineIndex[fi] = li
				w.Lines = append(w.Lines, l)
			}
			cp.Lines = append(cp.Lines, li)
		}
		w.Pairs = append(w.Pairs, cp)
	}
	slices.SortFunc(w.Pairs, func(a, b compact.Pair) int { return cmpStr(a.Key, b.Key) })

	for _, f := range fcs["countries"].Features {
		c := compact.Country{ADM0: str(f, "adm0_a3"), ISO: str(f, "iso_a3"), Name: str(f, "name")}
		for _, pg := range polygons(f.Geometry) {
			if near(pg.Bound()) {
				c.Parts = append(c.Parts, gb.PolygonPart(pg))
			}
		}
		if len(c.Parts) > 0 {
			w.Countries = append(w.Countries, c)
		}
	}
	slices.SortStableFunc(w.Countries, func(a, b compact.Country) int { return cmpStr(a.ADM0, b.ADM0) })
	for _, f := range fcs["lakes"].Features {
		l := compact.Named{Name: str(f, "name")}
		for _, pg := range polygons(f.Geometry) {
			if near(pg.Bound()) {
				l.Parts = append(l.Parts, gb.PolygonPart(pg))
			}
		}
		if len(l.Parts) > 0 {
			w.Lakes = append(w.Lakes, l)
		}
	}
	for _, f := range fcs["rivers"].Features {
		r := compact.Named{Name: str(f, "name")}
		for _, ls := range lineParts(f.Geometry) {
			if near(orb.LineString(ls).Bound()) {
				r.Parts = append(r.Parts, gb.LinePart(ls))
			}
		}
		if len(r.Parts) > 0 {
			w.Rivers = append(w.Rivers, r)
		}
	}
	for _, f := range fcs["places"].Features {
		pt, ok := f.Geometry.(orb.Point)
		if !ok || !near(orb.Bound{Min: pt, Max: pt}) {
			continue
		}
		pop, _ := f.Properties["pop_max"].(float64)
		w.Places = append(w.Places, compact.Place{Name: str(f, "name"), ADM0: str(f, "adm0_a3"),
			Pop: int64(pop), Lon: compact.ToMicro(pt[0]), Lat: compact.ToMicro(pt[1])})
	}
	w.Geom = gb.Geom()
	return w, nil
}

// str returns a string property or "".
func str(f *geojson.Feature, k string) string {
	s, _ := f.Properties[k].(string)
	return s
}

func cmpStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// lineParts returns the LineStrings of a (Multi)LineString.
func lineParts(g orb.Geometry) [][]orb.Point {
	switch g := g.(type) {
	case orb.LineString:
		return [][]orb.Point{g}
	case orb.MultiLineString:
		out := make([][]orb.Point, len(g))
		for i, ls := range g {
			out[i] = ls
		}
		return out
	}
	return nil
}

// polygons returns the Polygons of a (Multi)Polygon.
func polygons(g orb.Geometry) []orb.Polygon {
	switch g := g.(type) {
	case orb.Polygon:
		return []orb.Polygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}
