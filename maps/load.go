package maps

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// maxIndexCells bounds the number of grid cells of each segment index.
const maxIndexCells = 1 << 20

// Build builds the Map of the given name from its lon/lat source geometry:
// the window, projection, countries, border sections, terrain and indexes.
// The first three letters of name and the three after the dash are the
// ISO3 codes of Countries[0] and Countries[1]; anything after them names the
// source (e.g. "nor-swe:fjell.geojson").
func Build(name string, src *Source) (*Map, error) {
	countriesFC, borderFC, terrainFC := src.Countries, src.Border, src.Terrain
	if len(name) < 7 || name[3] != '-' {
		return nil, fmt.Errorf("maps: map name %q does not start with aaa-bbb", name)
	}
	m := &Map{Name: name, Attribution: Attribution, src: src, terrl: &terrainLazy{}, trackl: &trackLazy{}, navl: &navLazy{}}

	// Window and projection.
	window := countriesFC.BBox.Bound()
	if len(countriesFC.BBox) < 4 {
		window = orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
		for _, f := range countriesFC.Features {
			window = window.Union(f.Geometry.Bound())
		}
	}
	m.Proj = NewProjection(window)
	m.Bound = projectWindow(m.Proj, window)

	// The terrain needs only the projection: it is read while the countries
	// are projected and the indexes built. Every goroutine writes only its
	// own fields, so the Map is the same as built one after another.
	var wg sync.WaitGroup
	wg.Go(func() { m.addTerrain(terrainFC) })

	// Countries: the pair first, in the order of the name, then the rest.
	// When a code comes twice its last feature is the country's; the others
	// only widen the bound. They are projected in that order, into one
	// buffer the country grid uses as it is.
	isoA, isoB := strings.ToUpper(name[:3]), strings.ToUpper(name[4:7])
	feats := countriesFC.Features
	fa, fb := -1, -1
	for i, f := range feats {
		switch f.Geometry.(type) {
		case orb.Polygon, orb.MultiPolygon:
		default:
			wg.Wait()
			return nil, fmt.Errorf("maps: %s: country %s has geometry %s, want (Multi)Polygon", name, propString(f, "iso_a3"), f.Geometry.GeoJSONType())
		}
		switch propString(f, "iso_a3") {
		case isoA:
			fa = i
		case isoB:
			fb = i
		}
	}
	if fa < 0 || fb < 0 {
		wg.Wait()
		return nil, fmt.Errorf("maps: %s: countries file lacks %s or %s", name, isoA, isoB)
	}
	order := []int{fa, fb}
	for i, f := range feats {
		if iso := propString(f, "iso_a3"); iso != isoA && iso != isoB {
			order = append(order, i)
		}
	}
	kept := len(order)
	for i, f := range feats {
		if iso := propString(f, "iso_a3"); (iso == isoA || iso == isoB) && i != fa && i != fb {
			order = append(order, i)
		}
	}
	var polys []orb.Polygon
	for _, i := range order {
		polys = append(polys, parts[orb.Polygon, orb.MultiPolygon](feats[i].Geometry)...)
	}
	projected, flat := m.Proj.forwardPolygons(polys)
	for k, i := range order {
		f := feats[i]
		c := Country{
			ISO3: propString(f, "iso_a3"),
			Name: propString(f, "name"),
			Role: propString(f, "role"),
		}
		if n := len(parts[orb.Polygon, orb.MultiPolygon](f.Geometry)); n > 0 {
			c.Shape, projected = orb.MultiPolygon(projected[:n:n]), projected[n:]
		}
		m.Bound = m.Bound.Union(c.Shape.Bound())
		if k < kept {
			m.Countries = append(m.Countries, c)
		}
	}

	// The country grid needs only the countries and the bound: it is built
	// while the border and its index are read.
	var pipErr error
	wg.Go(func() { m.pip, pipErr = newCountryGrid(m.Countries, m.Bound, flat) })

	// Border sections.
	for _, f := range borderFC.Features {
		ls, ok := f.Geometry.(orb.LineString)
		if !ok {
			wg.Wait()
			return nil, fmt.Errorf("maps: %s: border feature has geometry %s, want LineString", name, f.Geometry.GeoJSONType())
		}
		m.BorderLonLat = append(m.BorderLonLat, slices.Clone(ls))
		m.Border = append(m.Border, m.Proj.forwardLine(ls))
		m.Sections = append(m.Sections, propString(f, "section"))
		m.sides = append(m.sides, sectionSides{
			left:  m.CountryIndex(propString(f, "left_iso_a3")),
			right: m.CountryIndex(propString(f, "right_iso_a3")),
		})
	}
	if len(m.Border) == 0 {
		wg.Wait()
		return nil, fmt.Errorf("maps: %s: no border line", name)
	}
	if len(m.Border) == 1 {
		m.Sections[0] = ""
	}

	m.border = newSegIndex(m.Border, m.Bound, maxIndexCells, 0)
	for _, ls := range m.Border {
		m.secLen = append(m.secLen, lineLength(ls))
	}
	for s, ls := range m.Border {
		ch := 0.0
		for i := 0; i+1 < len(ls); i++ {
			if ls[i] == ls[i+1] {
				continue
			}
			m.segSec = append(m.segSec, int32(s))
			m.segCh = append(m.segCh, ch)
			ch += math.Hypot(ls[i+1][0]-ls[i][0], ls[i+1][1]-ls[i][1])
		}
	}
	wg.Wait()
	if pipErr != nil {
		return nil, pipErr
	}

	m.buildTracks()
	return m, nil
}

// addTerrain projects the lake, river, place and checkpoint features of a
// source's terrain into the Map.
func (m *Map) addTerrain(terrainFC *geojson.FeatureCollection) {
	for _, f := range terrainFC.Features {
		switch propString(f, "layer") {
		case "lake":
			for _, pg := range parts[orb.Polygon, orb.MultiPolygon](f.Geometry) {
				m.Lakes = append(m.Lakes, Lake{propString(f, "name"), m.Proj.forwardPolygon(pg)})
			}
		case "river":
			for _, ls := range parts[orb.LineString, orb.MultiLineString](f.Geometry) {
				m.Rivers = append(m.Rivers, River{Name: propString(f, "name"), Line: m.Proj.forwardLine(ls), Rank: int(propFloat(f, "scalerank"))})
			}
		case "place":
			pt, ok := f.Geometry.(orb.Point)
			if !ok {
				continue
			}
			m.Towns = append(m.Towns, Town{
				Name:   propString(f, "name"),
				ISO3:   propString(f, "adm0_a3"),
				Pop:    int(propFloat(f, "pop_max")),
				LonLat: pt,
				Pos:    m.Proj.Forward(pt),
			})
		case "checkpoint":
			pt, ok := f.Geometry.(orb.Point)
			if !ok {
				continue
			}
			status := propString(f, "status")
			open, freight := parseStatus(status)
			m.Checkpoints = append(m.Checkpoints, Checkpoint{
				Name:        propString(f, "name"),
				NameA:       propString(f, "name_a"),
				NameB:       propString(f, "name_b"),
				Kind:        propString(f, "kind"),
				Status:      status,
				Open:        open,
				FreightOnly: freight,
				BorderKM:    propFloat(f, "border_km"),
				LonLat:      pt,
				Pos:         m.Proj.Forward(pt),
			})
		}
	}
}

// terrainLazy holds a Map's river index and cover raster, built on first
// use: Load does not pay for them (on a continental window they are a
// large part of the work) until the Map is asked about rivers or cover.
type terrainLazy struct {
	once   sync.Once
	rivers segIndex // river segments
	cover  raster   // the default cover (cover.go), 0..255
}

// terrain returns the Map's river index and cover raster, building them on
// first use. Both depend only on the Map's rivers, lakes, towns and bound, so
// the result does not depend on when it is built.
func (m *Map) terrain() *terrainLazy {
	t := m.terrl
	t.once.Do(func() {
		var rivers, water []orb.LineString
		for _, r := range m.Rivers {
			rivers = append(rivers, r.Line)
		}
		var wg sync.WaitGroup
		wg.Go(func() { t.rivers = newSegIndex(rivers, m.Bound, maxIndexCells, 0) })
		water = append(water, rivers...)
		for _, l := range m.Lakes {
			for _, r := range l.Shape {
				water = append(water, orb.LineString(r))
			}
		}
		t.cover = newCoverRaster(m.Bound, water, m.Towns)
		wg.Wait()
	})
	return t
}

// trackLazy holds a Map's patrol track indexes, built on first use.
type trackLazy struct {
	once    sync.Once
	track   [2]segIndex // patrol track segments per border country
	onTrack segIndex    // all track segments, dilated by TrackWidth
}

// trackIndexes returns the Map's patrol track indexes, building them on
// first use from Tracks.
func (m *Map) trackIndexes() *trackLazy {
	t := m.trackl
	t.once.Do(func() {
		var wg sync.WaitGroup
		var all []orb.LineString
		for ci := range m.Tracks {
			wg.Go(func() { t.track[ci] = newSegIndex(m.Tracks[ci].Lines, m.Bound, maxIndexCells, 0) })
			all = append(all, m.Tracks[ci].Lines...)
		}
		t.onTrack = newSegIndex(all, m.Bound, maxIndexCells, TrackWidth)
		wg.Wait()
	})
	return t
}

// parts returns g as a list of S: itself when it is an S, the members of
// a multi-geometry M.
func parts[S orb.Geometry, M ~[]S](g orb.Geometry) []S {
	switch g := g.(type) {
	case S:
		return []S{g}
	case M:
		return g
	}
	return nil
}

// readFC reads and parses one embedded GeoJSON FeatureCollection.
func readFC(file string) (*geojson.FeatureCollection, error) {
	b, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		return nil, fmt.Errorf("maps: reading %s: %w", file, err)
	}
	fc, err := geojson.UnmarshalFeatureCollection(b)
	if err != nil {
		return nil, fmt.Errorf("maps: parsing %s: %w", file, err)
	}
	return fc, nil
}

// projectWindow returns the planar bound of a lon/lat window, sampling its
// edges (parallels project to arcs).
func projectWindow(p Projection, w orb.Bound) orb.Bound {
	const steps = 64
	b := orb.Bound{Min: p.Forward(w.Min), Max: p.Forward(w.Min)}
	for i := 0; i <= steps; i++ {
		t := float64(i) / steps
		lon := w.Min[0] + t*(w.Max[0]-w.Min[0])
		lat := w.Min[1] + t*(w.Max[1]-w.Min[1])
		b = b.Extend(p.Forward(orb.Point{lon, w.Min[1]})).Extend(p.Forward(orb.Point{lon, w.Max[1]}))
		b = b.Extend(p.Forward(orb.Point{w.Min[0], lat})).Extend(p.Forward(orb.Point{w.Max[0], lat}))
	}
	return b
}

// propString returns a string property, or "" when absent or not a string.
func propString(f *geojson.Feature, key string) string {
	s, _ := f.Properties[key].(string)
	return s
}

// propFloat returns a numeric property, or 0 when absent or not a number.
func propFloat(f *geojson.Feature, key string) float64 {
	switch v := f.Properties[key].(type) {
	case float64:
		return v
	case int:
		return float64(v)
	}
	return 0
}

// parseStatus derives Open and FreightOnly from a checkpoint status text:
// a text starting "closed" or "out of service" means closed; "freight", "cargo", "trucks
// only" or "commercial vehicles only" (but not "non-commercial") means an
// open crossing takes freight only.
func parseStatus(status string) (open, freightOnly bool) {
	s := strings.ToLower(strings.TrimSpace(status))
	open = !strings.HasPrefix(s, "closed") && !strings.HasPrefix(s, "out of service")
	if !open {
		return false, false
	}
	if strings.Contains(s, "freight") || strings.Contains(s, "cargo") || strings.Contains(s, "trucks only") {
		return true, true
	}
	if i := strings.Index(s, "commercial vehicles only"); i >= 0 && !strings.HasSuffix(s[:i], "non-") {
		return true, true
	}
	return true, false
}
