// Package maps loads the real border geometry bundled with borderdrill
// (Natural Earth 1:10m land borders, country polygons, lakes, rivers,
// populated places and official border checkpoints for seven border pairs,
// and compact world data for every other land border: see Load and Pairs)
// and answers the spatial queries the simulation needs on every tick:
// which country a point is in, how far it is from the border, a river or a
// patrol track, and how much cover the ground gives.
//
// All geometry in a Map is planar, in metres (x east, y north), in the Map's
// Lambert conformal conic Projection; the lon/lat originals are kept where
// they are useful. Loading is deterministic: the same name always gives the
// same Map, and a Map is read-only after Load, so it is safe for concurrent
// use.
//
// The data is public domain; see Attribution and DataReadme.
package maps

import (
	"embed"
	"fmt"
	"iter"
	"math"
	"slices"

	"github.com/paulmach/orb"
)

//go:embed data/*.geojson data/README.md
var dataFS embed.FS

// Attribution is the credit line for the bundled data and its licence.
const Attribution = "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com. Licence: public domain (Natural Earth terms of use)."

// TrackOffset is the distance in metres by which a patrol track is offset
// from the border line into its country. The track is the true parallel
// curve: parts of the offset line that come nearer than TrackOffset to any
// part of the border (loops in tight bends, narrow strips) or that leave the
// country are cut away.
const TrackOffset = 2000.0

// TrackWidth is the distance in metres from a patrol track within which
// OnTrack reports true.
const TrackWidth = 300.0

// RiverCoverDistance is the distance in metres from a river or lake shore
// within which Cover is raised.
const RiverCoverDistance = 2000.0

// names lists the bundled border pairs, sorted.
func names() []string {
	return []string{"col-ven", "esp-mar", "fin-rus", "grc-tur", "ken-som", "pol-blr", "usa-mex"}
}

// Names returns the names of the bundled border pairs, sorted
// ("col-ven", "esp-mar", "fin-rus", "grc-tur", "ken-som", "pol-blr", "usa-mex").
// Each name is the two countries' lower-case ISO 3166 alpha-3 codes.
func Names() []string { return names() }

// DataReadme returns the README of the bundled data (sources, processing,
// caveats).
func DataReadme() string {
	b, err := dataFS.ReadFile("data/README.md")
	if err != nil {
		return ""
	}
	return string(b)
}

// Map is one loaded border pair. All planar geometry is in metres in Proj.
// A Map is immutable after Load and safe for concurrent use.
type Map struct {
	// Name is the pair name, e.g. "fin-rus".
	Name string
	// Proj is the projection of all planar geometry in the Map.
	Proj Projection
	// Bound is the planar bound of the whole window (the countries file).
	Bound orb.Bound
	// Countries holds the countries of the window: [0] is the first country
	// of the name, [1] the second, then any third countries in file order.
	Countries []Country
	// Border holds the border line, one planar line per section, vertices
	// in file order.
	Border []orb.LineString
	// BorderLonLat holds the same lines in lon/lat degrees.
	BorderLonLat []orb.LineString
	// Sections names the border sections ("" when there is only one).
	Sections []string
	// Rivers holds the river centre lines (one entry per part).
	Rivers []River
	// Lakes holds the lake polygons (one entry per part).
	Lakes []Lake
	// Towns holds the populated places, largest first.
	Towns []Town
	// Added holds the places WithTowns added to the data's, in the order
	// given (Pop 0), so that a recording can rebuild the same Map.
	Added []Town
	// Checkpoints holds the official border crossings, sorted by BorderKM.
	Checkpoints []Checkpoint
	// Tracks holds one patrol track per border country (index 0 and 1).
	Tracks []PatrolTrack
	// Attribution is the credit line and licence of the data.
	Attribution string

	src    *Source        // the lon/lat geometry the Map was built from
	sides  []sectionSides // per section: country index on the left and right
	secLen []float64      // per section: planar length, metres
	pip    countryGrid    // exact point-in-country grid
	border segIndex       // border segments (all sections)
	segSec []int32        // border segment -> section
	segCh  []float64      // border segment -> chainage at its first vertex, metres
	terrl  *terrainLazy   // river index and cover raster, built on first use
	trackl *trackLazy     // patrol track indexes, built on first use
	navl   *navLazy       // the navigation grid, built on first use
}

// Country is one country polygon set, clipped to the window.
type Country struct {
	// ISO3 is the ISO 3166 alpha-3 code, e.g. "FIN".
	ISO3 string
	// Name is the English name.
	Name string
	// Role is "border_country" or "third_country".
	Role string
	// Shape is the planar outline.
	Shape orb.MultiPolygon
}

// River is one river centre line (planar).
type River struct {
	// Name is the river name ("" when unnamed).
	Name string
	// Line is the planar centre line.
	Line orb.LineString
	// Rank is the Natural Earth scalerank of the river, its size class
	// from 1 (the largest rivers) to 12; 0 when the data gives none.
	Rank int
}

// Lake is one lake polygon (planar). Lakes count as land in Countries.
type Lake struct {
	// Name is the lake name ("" when unnamed).
	Name string
	// Shape is the planar outline.
	Shape orb.Polygon
}

// Town is one populated place.
type Town struct {
	// Name is the place name as in the source; scenarios and texts name the
	// town by it.
	Name string
	// Label is the name to show, by reader's language, as a scenario gave
	// it (its places: key, see WithLabels): the texts composed the way
	// i18n.Compose composes a scenario's text, the first shown to readers
	// of any other language; "" to show Name.
	Label string
	// ISO3 is the country code of the place.
	ISO3 string
	// Pop is the population (Natural Earth pop_max).
	Pop int
	// LonLat is the position in degrees.
	LonLat orb.Point
	// Pos is the planar position in metres.
	Pos orb.Point
}

// Checkpoint is one official border crossing, snapped to the border line.
type Checkpoint struct {
	// Name is the crossing name, e.g. "Terespol–Brest (road)".
	Name string
	// NameA is the post or town on the first country's side.
	NameA string
	// NameB is the post or town on the second country's side.
	NameB string
	// Kind is "road", "bridge", "rail" or "pedestrian".
	Kind string
	// Status is the status text of the source, with dates.
	Status string
	// Open is false when Status says the crossing is closed or out of service.
	Open bool
	// FreightOnly is true when an open crossing takes freight only.
	FreightOnly bool
	// BorderKM is the distance along the border line (Vincenty, km) from the
	// first vertex of its section.
	BorderKM float64
	// LonLat is the position in degrees.
	LonLat orb.Point
	// Pos is the planar position in metres.
	Pos orb.Point
}

// PatrolTrack is the patrol track of one border country: the border offset
// TrackOffset metres into the country, cut where it leaves the country or
// where another part of the border is nearer than TrackOffset.
type PatrolTrack struct {
	// Country is the index in Map.Countries (0 or 1).
	Country int
	// Lines are the planar pieces of the track.
	Lines []orb.LineString
}

// sectionSides gives, for one border section, the country index on the
// left and on the right of the direction of travel (-1 when not loaded).
type sectionSides struct{ left, right int }

// CountryIndex returns the index in Countries of the country with the given
// ISO 3166 alpha-3 code (case-insensitive), or -1 if absent.
func (m *Map) CountryIndex(iso3 string) int {
	for i, c := range m.Countries {
		if equalFoldASCII(c.ISO3, iso3) {
			return i
		}
	}
	return -1
}

// CountryAt returns the index in Countries of the country containing the
// planar point p, or -1 at sea or outside the window. It is exact (it uses
// the polygon edges) and takes O(1) time on average. Where polygons overlap
// the lowest index wins.
func (m *Map) CountryAt(p orb.Point) int { return m.pip.at(p) }

// CountryMemo remembers, for CountryAtMemo, the raster cell of the last
// point asked about when that cell lies wholly in one country (or none).
// Its zero value remembers nothing.
type CountryMemo struct {
	cell    int32 // the cell's index + 1; 0 for none
	country int8
}

// CountryAtMemo is CountryAt(p) for a caller that asks about nearby points
// in turn, such as a unit each tick: while p stays in a raster cell no
// border meets, it answers from memo without reading the map's raster.
func (m *Map) CountryAtMemo(p orb.Point, memo *CountryMemo) int { return m.pip.atMemo(p, memo) }

// BorderDistance returns the distance in metres from p to the nearest
// border segment of any section.
func (m *Map) BorderDistance(p orb.Point) float64 {
	_, d2 := m.border.nearest(p)
	return math.Sqrt(d2)
}

// SignedBorderDistance returns BorderDistance(p), positive on Countries[0]'s
// side of the border and negative on Countries[1]'s. The side comes from
// CountryAt; in a third country or at sea it comes from the side of the
// nearest border segment that p lies on.
func (m *Map) SignedBorderDistance(p orb.Point) float64 {
	i, d2 := m.border.nearest(p)
	d := math.Sqrt(d2)
	switch m.CountryAt(p) {
	case 0:
		return d
	case 1:
		return -d
	}
	if i < 0 {
		return d
	}
	side := m.sides[m.segSec[i]]
	c := side.right
	if m.border.leftOf(i, p) {
		c = side.left
	}
	if c == 1 {
		return -d
	}
	return d
}

// NearestOnBorder returns the nearest point q on the border to p, the index
// of its section and its chainage: the planar distance in metres along that
// section's line from its first vertex.
func (m *Map) NearestOnBorder(p orb.Point) (q orb.Point, section int, chainage float64) {
	i, _ := m.border.nearest(p)
	if i < 0 {
		return p, -1, 0
	}
	q, t := m.border.project(i, p)
	return q, int(m.segSec[i]), m.segCh[i] + t
}

// BorderLength returns the planar length in metres of a border section,
// or 0 for an invalid section.
func (m *Map) BorderLength(section int) float64 {
	if section < 0 || section >= len(m.secLen) {
		return 0
	}
	return m.secLen[section]
}

// PointAtChainage returns the point at the given chainage (metres from the
// first vertex, clamped to the line) along a border section, and the unit
// direction of the segment there. An invalid section gives zero points.
func (m *Map) PointAtChainage(section int, chainage float64) (orb.Point, orb.Point) {
	if section < 0 || section >= len(m.Border) {
		return orb.Point{}, orb.Point{}
	}
	return pointAtChainage(m.Border[section], chainage)
}

// NearestOnTrack returns the nearest point on the patrol track of a border
// country (0 or 1) and its distance in metres. When the country has no
// track it returns p and +Inf.
func (m *Map) NearestOnTrack(country int, p orb.Point) (orb.Point, float64) {
	if country < 0 || country > 1 {
		return p, math.Inf(1)
	}
	ix := &m.trackIndexes().track[country]
	if ix.empty() {
		return p, math.Inf(1)
	}
	i, d2 := ix.nearest(p)
	q, _ := ix.project(i, p)
	return q, math.Sqrt(d2)
}

// OnTrack reports whether p is within TrackWidth metres of any patrol track.
func (m *Map) OnTrack(p orb.Point) bool { return m.trackIndexes().onTrack.within(p, TrackWidth) }

// Cover returns the vegetation/terrain cover at p, from 0 (open) to 1
// (dense). No land-cover data is bundled, so the field is synthetic but
// deterministic: a smooth value-noise field seeded from a hash of the map
// name, raised within RiverCoverDistance of rivers and lake shores. Outside
// Bound it is 0.
func (m *Map) Cover(p orb.Point) float64 { return m.terrain().cover.at(p) }

// RiverDistance returns the distance in metres from p to the nearest river
// line, or +Inf when the map has no rivers.
func (m *Map) RiverDistance(p orb.Point) float64 {
	rivers := &m.terrain().rivers
	if rivers.empty() {
		return math.Inf(1)
	}
	_, d2 := rivers.nearest(p)
	return math.Sqrt(d2)
}

// NearestRiver returns the index in Rivers of the river nearest to p and
// its distance in metres; -1 and +Inf when the map has no rivers.
func (m *Map) NearestRiver(p orb.Point) (int, float64) {
	rivers := &m.terrain().rivers
	if rivers.empty() {
		return -1, math.Inf(1)
	}
	s, d2 := rivers.nearest(p)
	if s < 0 {
		return -1, math.Inf(1)
	}
	return int(rivers.line[s]), math.Sqrt(d2)
}

// TownNames yields each town's name and its Label (the scenario's names
// by language, "" for none), largest town first.
func (m *Map) TownNames() iter.Seq2[string, string] {
	return func(yield func(name, label string) bool) {
		for _, t := range m.Towns {
			if !yield(t.Name, t.Label) {
				return
			}
		}
	}
}

// Town returns the town with the given name, compared case-insensitively
// and ignoring diacritics ("bialystok" finds "Białystok").
func (m *Map) Town(name string) (Town, bool) {
	f := fold(name)
	for _, t := range m.Towns {
		if fold(t.Name) == f {
			return t, true
		}
	}
	return Town{}, false
}

// WithLabels returns a copy of the Map whose towns named by the keys of
// labels (compared like Town) carry the values as their Label; nothing else
// changes, so the copy shares the Map's geometry and indexes. It fails
// naming the first key (in sorted order) that is no town of the Map.
func (m *Map) WithLabels(labels map[string]string) (*Map, error) {
	c := *m
	c.Towns = slices.Clone(m.Towns)
	byName := make(map[string]string, len(labels))
	for n, l := range labels {
		byName[fold(n)] = l
	}
	found := make(map[string]bool, len(labels))
	for i := range c.Towns {
		if l, ok := byName[fold(c.Towns[i].Name)]; ok {
			c.Towns[i].Label = l
			found[fold(c.Towns[i].Name)] = true
		}
	}
	var missing []string
	for n := range labels {
		if !found[fold(n)] {
			missing = append(missing, n)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("maps: %s has no town %q to label", m.Name, slices.Min(missing))
	}
	return &c, nil
}

// Checkpoint returns the checkpoint whose Name, NameA or NameB matches name,
// compared like Town.
func (m *Map) Checkpoint(name string) (Checkpoint, bool) {
	f := fold(name)
	for _, c := range m.Checkpoints {
		if fold(c.Name) == f || fold(c.NameA) == f || fold(c.NameB) == f {
			return c, true
		}
	}
	return Checkpoint{}, false
}

// Suggest returns up to five town and checkpoint names closest to name
// (edit distance on folded strings, ties by name), for error messages.
func (m *Map) Suggest(name string) []string {
	f := fold(name)
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	seen := map[string]bool{}
	add := func(n string) {
		if n == "" || seen[n] {
			return
		}
		seen[n] = true
		fn := fold(n)
		d := editDistance(f, fn)
		if f != "" && containsStr(fn, f) {
			d = min(d, 1)
		}
		cs = append(cs, cand{n, d})
	}
	for _, t := range m.Towns {
		add(t.Name)
	}
	for _, c := range m.Checkpoints {
		add(c.Name)
		add(c.NameA)
		add(c.NameB)
	}
	slices.SortStableFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		if a.name < b.name {
			return -1
		}
		if a.name > b.name {
			return 1
		}
		return 0
	})
	out := make([]string, 0, 5)
	for _, c := range cs {
		if len(out) == 5 {
			break
		}
		out = append(out, c.name)
	}
	return out
}
