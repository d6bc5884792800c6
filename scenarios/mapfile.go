package scenarios

// This file reads a scenario's own geometry: map_file (a GeoJSON with the
// border line and the two countries, instead of map) and places (named
// points for towns the map data lacks, and the names a town is shown by in
// each reader's language).

import (
	"cmp"
	"os"
	"path/filepath"
	"strings"

	"github.com/paulmach/orb"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/maps"
)

// ownPlaceKeys are the keys of one entry of places.
var ownPlaceKeys = []string{"name", "local", "lonlat"}

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

// addPlaces reads the places key: an entry with lonlat adds a town to the
// map (maps.Map.WithTowns), so that {town: NAME} finds it; one without
// names a town the map has. Either may give the names the town is shown by
// (maps.Map.WithLabels): name by language (name: {en: Svetogorsk, ru:
// Светогорск}) and local, the name in the local script, which readers of a
// language the names lack see.
func (b *builder) addPlaces(top *object) {
	if !top.has("places") || b.m == nil {
		return
	}
	seen := map[string]int{}
	var names []string
	var pts []orb.Point
	labels := map[string]string{}
	for _, e := range b.entries(top, "places", "place", "name") {
		o := b.object(e.node, e.what, ownPlaceKeys)
		if o == nil || !o.require("name") {
			continue
		}
		name, label, ok := b.placeName(o, seen)
		if !ok {
			continue
		}
		seen[name] = len(seen)
		if label != "" {
			labels[name] = label
		}
		if !o.has("lonlat") {
			if _, ok := b.m.Town(name); !ok {
				o.errorf("name", "name: %q is no town of the %s map, so it needs lonlat: [longitude, latitude]%s", name, b.m.Name, mapSuggest(b.m, name, func(n string) bool { _, ok := b.m.Town(n); return ok }))
				delete(labels, name)
			}
			continue
		}
		ll := o.list("lonlat")
		var v [2]float64
		ok = len(ll) == 2
		for i := 0; ok && i < 2; i++ {
			v[i], ok = b.number(b.resolve(ll[i]))
		}
		if !ok || v[0] < -180 || v[0] > 180 || v[1] < -85 || v[1] > 85 {
			o.errorf("lonlat", "lonlat: want [longitude, latitude] in degrees, e.g. [23.59, 52.74]")
			delete(labels, name)
			continue
		}
		if !b.m.Bound.Contains(b.m.Proj.Forward(orb.Point{v[0], v[1]})) {
			o.errorf("lonlat", "lonlat: [%s, %s] is outside the %s map", fmtNum(v[0]), fmtNum(v[1]), b.m.Name)
			delete(labels, name)
			continue
		}
		names = append(names, name)
		pts = append(pts, orb.Point{v[0], v[1]})
	}
	m := b.m
	var err error
	if len(names) > 0 {
		if m, err = m.WithTowns(names, pts); err != nil {
			top.errorf("places", "places: %v", err)
			return
		}
	}
	if len(labels) > 0 {
		if m, err = m.WithLabels(labels); err != nil {
			top.errorf("places", "places: %v", err)
			return
		}
	}
	b.m = m
	b.s.Map = m
}

// placeName reads a places entry's name (text, or by language) and local:
// the town's own name (the English or first) and its label for
// maps.Map.WithLabels, "" when it has only the one name.
func (b *builder) placeName(o *object, seen map[string]int) (name, label string, ok bool) {
	plain, texts, order := b.translations(o, "name")
	name = plain
	if texts != nil {
		name = texts[i18n.Default]
		for _, c := range order {
			name = cmp.Or(name, texts[c])
		}
	}
	if _, isText := scalar(o.value("name")); !isText && name == "" {
		return "", "", false // reported by translations
	}
	name = strings.TrimSpace(name)
	switch _, dup := seen[name]; {
	case name == "":
		o.errorf("name", "name: must not be empty")
		return "", "", false
	case dup:
		o.errorf("name", "place %q is declared twice; place names must be unique", name)
		return "", "", false
	}
	local := strings.TrimSpace(o.str("local", ""))
	if o.has("local") && local == "" {
		o.errorf("local", "local: the name in the local script must not be empty (or leave local out)")
	}
	if texts == nil {
		if local == "" {
			return name, "", true
		}
		texts, order = map[string]string{i18n.Default: name}, []string{i18n.Default}
	}
	if local != "" {
		texts[""] = local // shown to readers of the languages not given
		order = append([]string{""}, order...)
	}
	if len(order) < 2 {
		return name, "", true
	}
	return name, i18n.Compose(texts, order), true
}
