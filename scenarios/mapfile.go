package scenarios

// This file reads a scenario's own geometry: map_file (a GeoJSON with the
// border line and the two countries, instead of map) and places (named
// points for towns the map data lacks).

import (
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/borderdrill/borderdrill/maps"
)

// ownPlaceKeys are the keys of one entry of places.
var ownPlaceKeys = []string{"name", "lonlat"}

// loadMapFile reads the map_file key: a GeoJSON file relative to the
// scenario file (maps.FromGeoJSON says what it holds and checks).
func (b *builder) loadMapFile(top *object) {
	if top.has("map") {
		top.errorf("map_file", "give map or map_file, not both")
		return
	}
	rel, path, ok := b.besideFile(top, "map_file", "a GeoJSON file", "a map file")
	if !ok {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil {
		top.errorf("map_file", "map_file: %v", err)
		return
	}
	name, src, err := maps.FromGeoJSON(path, data)
	if err != nil {
		top.errorf("map_file", "map_file: %s", strings.TrimPrefix(err.Error(), "maps: "))
		return
	}
	m, err := maps.Build(name, src)
	if err != nil {
		top.errorf("map_file", "map_file %s does not load: %v", rel, err)
		return
	}
	b.m = m
	b.s.Map = m
}

// besideFile reads a key that names a file (what) beside the scenario
// file: the value as written and the path it names. It reports false,
// after an error at the key, when the value is empty or the scenario was
// not read from disk (one file of which may not name another).
func (b *builder) besideFile(top *object, key, what, short string) (rel, path string, ok bool) {
	rel = top.str(key, "")
	if rel == "" {
		top.errorf(key, "%s: must name %s, relative to the scenario file", key, what)
		return "", "", false
	}
	if !b.files {
		top.errorf(key, "%s: only a scenario file read from disk may name %s (borderdrill validate, run or serve --scenario FILE)", key, short)
		return "", "", false
	}
	path = rel
	if !filepath.IsAbs(rel) {
		path = filepath.Join(filepath.Dir(b.file), rel)
	}
	return rel, path, true
}

// addPlaces reads the places key and adds its points to the map's towns
// (maps.Map.WithTowns), so that {town: NAME} finds them.
func (b *builder) addPlaces(top *object) {
	if !top.has("places") || b.m == nil {
		return
	}
	seen := map[string]int{}
	var names []string
	var pts []orb.Point
	for _, e := range b.entries(top, "places", "place", "name") {
		o := b.object(e.node, e.what, ownPlaceKeys)
		if o == nil {
			continue
		}
		name, ok := b.name(o, "name", seen, "place")
		if !ok || !o.require("lonlat") {
			continue
		}
		seen[name] = len(names)
		ll := o.list("lonlat")
		var v [2]float64
		ok = len(ll) == 2
		for i := 0; ok && i < 2; i++ {
			v[i], ok = b.number(b.resolve(ll[i]))
		}
		if !ok || v[0] < -180 || v[0] > 180 || v[1] < -85 || v[1] > 85 {
			o.errorf("lonlat", "lonlat: want [longitude, latitude] in degrees, e.g. [23.59, 52.74]")
			continue
		}
		if !b.m.Bound.Contains(b.m.Proj.Forward(orb.Point{v[0], v[1]})) {
			o.errorf("lonlat", "lonlat: [%s, %s] is outside the %s map", fmtNum(v[0]), fmtNum(v[1]), b.m.Name)
			continue
		}
		names = append(names, name)
		pts = append(pts, orb.Point{v[0], v[1]})
	}
	if len(names) == 0 {
		return
	}
	m, err := b.m.WithTowns(names, pts)
	if err != nil {
		top.errorf("places", "places: %v", err)
		return
	}
	b.m = m
	b.s.Map = m
}
