package maps

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/borderdrill/borderdrill/maps/internal/compact"
)

// Source is the lon/lat geometry a Map is built from, laid out like the
// bundled files in maps/data: the countries clipped to the map window (its
// BBox is the window), the border sections, and the terrain (lakes, rivers,
// places and checkpoints, each feature with a "layer" property).
type Source struct {
	// Countries holds one (Multi)Polygon feature per country with iso_a3,
	// name and role ("border_country" or "third_country"); BBox is the window.
	Countries *geojson.FeatureCollection
	// Border holds one LineString feature per border section with
	// left_iso_a3, right_iso_a3 and, when there are several, section.
	Border *geojson.FeatureCollection
	// Terrain holds the lake, river, place and checkpoint features.
	Terrain *geojson.FeatureCollection
}

// bundledSource reads the three embedded GeoJSON files of a bundled pair.
func bundledSource(stem string) (*Source, error) {
	var src Source
	var err error
	if src.Countries, err = readFC(stem + "_countries.geojson"); err != nil {
		return nil, err
	}
	if src.Border, err = readFC(stem + "_border.geojson"); err != nil {
		return nil, err
	}
	if src.Terrain, err = readFC(stem + "_terrain.geojson"); err != nil {
		return nil, err
	}
	return &src, nil
}

// packMagic starts every map pack.
const packMagic = "BDMAP1\n"

// packKeys are the feature properties a pack keeps: those Build reads.
var packKeys = [...]string{"iso_a3", "name", "role", "section", "left_iso_a3", "right_iso_a3",
	"layer", "adm0_a3", "pop_max", "status", "name_a", "name_b", "kind", "border_km"}

// Geometry and property tags of the pack encoding.
const (
	tagPoint byte = iota + 1
	tagLineString
	tagMultiLineString
	tagPolygon
	tagMultiPolygon

	tagString byte = 1
	tagNumber byte = 2
)

// Pack returns the compact encoding of the Map's source geometry: what
// Unpack needs to build the same Map (same name, geometry and indexes) on
// another machine. Coordinates are micro-degree integers, so a source with
// six-decimal coordinates (all bundled and world data) round-trips exactly.
func (m *Map) Pack() []byte {
	e := compact.Enc{B: []byte(packMagic)}
	e.Str(m.Name)
	bb := m.src.Countries.BBox
	e.Uvarint(uint64(len(bb)))
	for _, v := range bb {
		e.Float(v)
	}
	for _, fc := range []*geojson.FeatureCollection{m.src.Countries, m.src.Border, m.src.Terrain} {
		e.Uvarint(uint64(len(fc.Features)))
		for _, f := range fc.Features {
			packFeature(&e, f)
		}
	}
	return e.B
}

// packEach writes the count of items, then each item with put.
func packEach[T any](e *compact.Enc, items []T, put func(T)) {
	e.Uvarint(uint64(len(items)))
	for _, it := range items {
		put(it)
	}
}

// packFeature writes one feature's geometry and the packKeys it has.
func packFeature(e *compact.Enc, f *geojson.Feature) {
	switch g := f.Geometry.(type) {
	case orb.Point:
		e.Byte(tagPoint)
		e.Line([]orb.Point{g})
	case orb.LineString:
		e.Byte(tagLineString)
		e.Line(g)
	case orb.MultiLineString:
		e.Byte(tagMultiLineString)
		packEach(e, g, func(ls orb.LineString) { e.Line(ls) })
	case orb.Polygon:
		e.Byte(tagPolygon)
		e.Polygon(g)
	case orb.MultiPolygon:
		e.Byte(tagMultiPolygon)
		packEach(e, g, e.Polygon)
	default:
		e.Byte(0)
	}
	var n int
	for _, k := range packKeys {
		switch f.Properties[k].(type) {
		case string, float64, int:
			n++
		}
	}
	e.Uvarint(uint64(n))
	for i, k := range packKeys {
		switch v := f.Properties[k].(type) {
		case string:
			e.Uvarint(uint64(i))
			e.Byte(tagString)
			e.Str(v)
		case float64:
			e.Uvarint(uint64(i))
			e.Byte(tagNumber)
			e.Float(v)
		case int:
			e.Uvarint(uint64(i))
			e.Byte(tagNumber)
			e.Float(float64(v))
		}
	}
}

// Unpack builds a Map from the output of Pack.
func Unpack(b []byte) (*Map, error) {
	if !bytes.HasPrefix(b, []byte(packMagic)) {
		return nil, fmt.Errorf("maps: not a map pack")
	}
	d := compact.Dec{B: b, Off: len(packMagic)}
	name := d.Str()
	bb := make(geojson.BBox, d.Count(8))
	for i := range bb {
		bb[i] = d.Float()
	}
	var fcs [3]*geojson.FeatureCollection
	for i := range fcs {
		fc := geojson.NewFeatureCollection()
		n := d.Count(2)
		for range n {
			f := unpackFeature(&d)
			if d.Err != nil {
				break
			}
			fc.Append(f)
		}
		fcs[i] = fc
	}
	if d.Err != nil {
		return nil, fmt.Errorf("maps: map pack: %w", d.Err)
	}
	fcs[0].BBox = bb
	return Build(name, &Source{Countries: fcs[0], Border: fcs[1], Terrain: fcs[2]})
}

// unpackFeature reads one feature written by packFeature.
func unpackFeature(d *compact.Dec) *geojson.Feature {
	var g orb.Geometry
	switch d.Byte() {
	case tagPoint:
		pts := d.Line()
		if len(pts) != 1 {
			d.Fail()
			return nil
		}
		g = pts[0]
	case tagLineString:
		g = orb.LineString(d.Line())
	case tagMultiLineString:
		mls := make(orb.MultiLineString, d.Count(1))
		for i := range mls {
			mls[i] = d.Line()
		}
		g = mls
	case tagPolygon:
		g = d.Polygon()
	case tagMultiPolygon:
		mp := make(orb.MultiPolygon, d.Count(1))
		for i := range mp {
			mp[i] = d.Polygon()
		}
		g = mp
	default:
		d.Fail()
		return nil
	}
	f := geojson.NewFeature(g)
	n := d.Count(2)
	for range n {
		k := d.Uvarint()
		t := d.Byte()
		if k >= uint64(len(packKeys)) {
			d.Fail()
			return nil
		}
		switch t {
		case tagString:
			f.Properties[packKeys[k]] = d.Str()
		case tagNumber:
			f.Properties[packKeys[k]] = d.Float()
		default:
			d.Fail()
			return nil
		}
	}
	return f
}

// isBundled reports whether stem names one of the bundled pairs.
func isBundled(stem string) bool { return slices.Contains(names(), stem) }
