package maps

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/borderdrill/borderdrill/maps/internal/compact"
)

// sideProbeM is how far either side of a border segment's middle FromGeoJSON
// looks for the two countries, in metres (as the bundled data was checked).
const sideProbeM = 250.0

// minSeparated is the share of border segments that must have one country
// on each side.
const minSeparated = 0.8

// FileError is a problem in a map file at a position.
type FileError struct {
	// File is the file name as given.
	File string
	// Line and Col are 1-based; 0 when the problem has no position.
	Line, Col int
	// Msg says what is wrong.
	Msg string
}

// Error formats the problem as "maps: FILE:LINE:COL: message".
func (e *FileError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("maps: %s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("maps: %s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// fileFeature is one feature of a map file with its byte offset.
type fileFeature struct {
	off        int
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	} `json:"geometry"`
	coordOff int // offset of Coordinates in the file
}

// FromGeoJSON reads a map file: a GeoJSON FeatureCollection with the border
// line (LineString or MultiLineString features), the two countries'
// polygons (Polygon or MultiPolygon features with an iso_a3 property,
// optional name; the first is Countries[0]) and optionally named Point
// features (places, with a name). It checks that every polygon ring closes
// and that the line separates the two countries (for at least 80 % of its
// segments a point 250 m to one side is in one country and 250 m to the
// other side in the other), and returns the Map's name ("aaa-bbb:" and the
// file's base name) and its Source: window, clipping and rounding as for
// the world pairs, with the world data's lakes, rivers and places in the
// window when the build has them (the file's places first). Problems are *FileError, with line and column.
func FromGeoJSON(file string, data []byte) (string, *Source, error) {
	feats, err := readFeatures(file, data)
	if err != nil {
		return "", nil, err
	}
	fe := func(off int, format string, args ...any) error {
		line, col := lineCol(data, off)
		return &FileError{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	type country struct {
		iso, name string
		mp        orb.MultiPolygon
	}
	var countries []country
	var lines []fileFeature
	var lineParts [][]orb.LineString
	places := geojson.NewFeatureCollection()
	for _, f := range feats {
		switch f.Geometry.Type {
		case "Polygon", "MultiPolygon":
			depth := 2
			var mp orb.MultiPolygon
			if f.Geometry.Type == "Polygon" {
				var pg orb.Polygon
				err = json.Unmarshal(f.Geometry.Coordinates, &pg)
				mp = orb.MultiPolygon{pg}
			} else {
				depth = 3
				err = json.Unmarshal(f.Geometry.Coordinates, &mp)
			}
			if err != nil {
				return "", nil, fe(f.coordOff, "%s coordinates: %v", f.Geometry.Type, err)
			}
			offs := arrayOffsets(f.Geometry.Coordinates, depth)
			k := 0
			for _, pg := range mp {
				for _, r := range pg {
					off := f.coordOff
					if k < len(offs) {
						off += offs[k]
					}
					k++
					if len(r) < 4 {
						return "", nil, fe(off, "polygon ring has %d points; a closed ring needs at least 4 (the last repeating the first)", len(r))
					}
					if r[0] != r[len(r)-1] {
						return "", nil, fe(off, "polygon ring does not close: it starts at [%g, %g] and ends at [%g, %g]", r[0][0], r[0][1], r[len(r)-1][0], r[len(r)-1][1])
					}
				}
			}
			iso := strings.ToUpper(propStr(f.Properties, "iso_a3", "ISO_A3", "adm0_a3", "ADM0_A3"))
			if len(iso) != 3 {
				return "", nil, fe(f.off, "country polygon without a three-letter iso_a3 property")
			}
			countries = append(countries, country{iso, propStr(f.Properties, "name", "NAME"), mp})
		case "LineString", "MultiLineString":
			var parts []orb.LineString
			if f.Geometry.Type == "LineString" {
				var ls orb.LineString
				err = json.Unmarshal(f.Geometry.Coordinates, &ls)
				parts = []orb.LineString{ls}
			} else {
				err = json.Unmarshal(f.Geometry.Coordinates, &parts)
			}
			if err != nil {
				return "", nil, fe(f.coordOff, "%s coordinates: %v", f.Geometry.Type, err)
			}
			lines = append(lines, f)
			lineParts = append(lineParts, parts)
		case "Point":
			var pt orb.Point
			if err := json.Unmarshal(f.Geometry.Coordinates, &pt); err != nil {
				return "", nil, fe(f.coordOff, "Point coordinates: %v", err)
			}
			name := propStr(f.Properties, "name", "NAME")
			if name == "" {
				return "", nil, fe(f.off, "a Point (place) needs a name property")
			}
			pf := geojson.NewFeature(orb.Point{compact.Round6(pt[0]), compact.Round6(pt[1])})
			pf.Properties["layer"] = "place"
			pf.Properties["name"] = name
			pf.Properties["pop_max"] = 0.0
			places.Append(pf)
		default:
			return "", nil, fe(f.off, "geometry type %q; a map file takes LineString, MultiLineString, Polygon, MultiPolygon and Point", f.Geometry.Type)
		}
	}
	if len(countries) != 2 {
		return "", nil, &FileError{File: file, Msg: fmt.Sprintf("%d country polygons; a map file needs exactly two (iso_a3 properties)", len(countries))}
	}
	if countries[0].iso == countries[1].iso {
		return "", nil, &FileError{File: file, Msg: "both country polygons have iso_a3 " + countries[0].iso}
	}
	if len(lines) == 0 {
		return "", nil, &FileError{File: file, Msg: "no border line (a LineString or MultiLineString feature)"}
	}

	// Sides: which country lies left of each line part.
	a, b := countries[0], countries[1]
	var pieces []piece
	for i, parts := range lineParts {
		for _, ls := range parts {
			ls = cleanLine(nil, ls)
			if len(ls) < 2 {
				continue
			}
			leftA, leftB, tested, firstBad := sideVotes(ls, a.mp, b.mp)
			if tested == 0 {
				continue
			}
			sep := max(leftA, leftB)
			if float64(sep) < minSeparated*float64(tested) {
				return "", nil, fe(lines[i].coordOff, "the border line does not separate %s from %s: only %d of %d segments have one country on each side (%.0f m either way); first failure near [%.5f, %.5f]",
					a.iso, b.iso, sep, tested, sideProbeM, firstBad[0], firstBad[1])
			}
			p := piece{pts: ls, left: a.iso, right: b.iso}
			if leftB > leftA {
				p.left, p.right = b.iso, a.iso
			}
			pieces = append(pieces, p)
		}
	}
	sections := joinPieces(pieces)
	if len(sections) == 0 {
		return "", nil, fe(lines[0].off, "the border line has no segment between the two countries")
	}
	border, win := borderSource(sections)
	cfc := geojson.NewFeatureCollection()
	cfc.BBox = geojson.NewBBox(win)
	for _, c := range countries {
		var mp orb.MultiPolygon
		for _, pg := range c.mp {
			if pg = cleanPolygon(clip.Polygon(win, pg.Clone()), false); pg != nil {
				mp = append(mp, pg)
			}
		}
		f := geojson.NewFeature(mp)
		f.Properties["iso_a3"] = c.iso
		f.Properties["name"] = c.name
		f.Properties["role"] = "border_country"
		cfc.Append(f)
	}
	for _, f := range places.Features {
		for _, c := range countries {
			if planar.MultiPolygonContains(c.mp, f.Geometry.(orb.Point)) {
				f.Properties["adm0_a3"] = c.iso
				break
			}
		}
	}
	terrain := places
	if w, err := world(); err == nil && w != nil {
		wt, err := worldTerrain(w, win)
		if err != nil {
			return "", nil, err
		}
		terrain.Features = append(terrain.Features, wt.Features...) // after the file's own places
	}
	base := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	name := strings.ToLower(a.iso) + "-" + strings.ToLower(b.iso) + ":" + base
	return name, &Source{Countries: cfc, Border: border, Terrain: terrain}, nil
}

// sideVotes probes both sides of each segment's middle: how many segments
// have a on the left and b on the right, how many the reverse, how many
// were tested, and the first segment middle that has neither.
func sideVotes(ls orb.LineString, a, b orb.MultiPolygon) (leftA, leftB, tested int, firstBad orb.Point) {
	bad := false
	for i := 0; i+1 < len(ls); i++ {
		p, q := ls[i], ls[i+1]
		mid := orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
		kx := math.Cos(mid[1] * math.Pi / 180) // metres east per metre of longitude-degree scale
		dx, dy := (q[0]-p[0])*kx, q[1]-p[1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		d := sideProbeM / (windowEarthRadiusKM * 1000 * math.Pi / 180) // degrees of latitude
		nx, ny := -dy/l*d/kx, dx/l*d                                   // left normal, in degrees
		left, right := orb.Point{mid[0] + nx, mid[1] + ny}, orb.Point{mid[0] - nx, mid[1] - ny}
		tested++
		switch {
		case planar.MultiPolygonContains(a, left) && planar.MultiPolygonContains(b, right):
			leftA++
		case planar.MultiPolygonContains(b, left) && planar.MultiPolygonContains(a, right):
			leftB++
		default:
			if !bad {
				bad, firstBad = true, mid
			}
		}
	}
	return leftA, leftB, tested, firstBad
}

// readFeatures decodes the features of a FeatureCollection, keeping each
// feature's byte offset and that of its coordinates.
func readFeatures(file string, data []byte) ([]fileFeature, error) {
	jsonErr := func(err error) error {
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		off := -1
		switch {
		case errors.As(err, &se):
			off = int(se.Offset) - 1 // the offset is after the bad byte
		case errors.As(err, &te):
			off = int(te.Offset)
		}
		if off < 0 {
			return &FileError{File: file, Msg: err.Error()}
		}
		line, col := lineCol(data, off)
		return &FileError{File: file, Line: line, Col: col, Msg: err.Error()}
	}
	var top struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, jsonErr(err)
	}
	if top.Type != "FeatureCollection" {
		return nil, &FileError{File: file, Line: 1, Col: 1, Msg: fmt.Sprintf("type %q; a map file is a GeoJSON FeatureCollection", top.Type)}
	}
	// The offsets of the features: the elements of the array under "features".
	dec := json.NewDecoder(bytes.NewReader(data))
	var offs []int
	depth := 0
	inFeatures := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case json.Delim:
			if t == '{' || t == '[' {
				depth++
				if inFeatures && depth == 3 && t == '{' {
					offs = append(offs, skipSpace(data, int(dec.InputOffset())-1))
				}
			} else {
				depth--
				if depth == 1 {
					inFeatures = false
				}
			}
		case string:
			if depth == 1 && t == "features" {
				inFeatures = true
			}
		}
	}
	feats := make([]fileFeature, len(top.Features))
	for i, raw := range top.Features {
		f := &feats[i]
		if err := json.Unmarshal(raw, f); err != nil {
			return nil, jsonErr(err)
		}
		if i < len(offs) {
			f.off = offs[i]
		}
		f.coordOff = f.off
		if j := bytes.Index(raw, []byte(`"coordinates"`)); j >= 0 {
			if k := bytes.IndexByte(raw[j:], '['); k >= 0 {
				f.coordOff = f.off + j + k
			}
		}
		if f.Geometry.Type == "" {
			return nil, &FileError{File: file, Line: lineOf(data, f.off), Col: colOf(data, f.off), Msg: "feature without a geometry"}
		}
	}
	return feats, nil
}

// skipSpace returns the first offset at or after off that is not space or
// a comma, searching back to the '{' a decoder offset may stand after.
func skipSpace(data []byte, off int) int {
	for off > 0 && off < len(data) && data[off] != '{' {
		off--
	}
	return off
}

// arrayOffsets returns the offsets in raw of the arrays opening at the
// given nesting depth (1: the outer array; 2: the rings of a Polygon's
// coordinates; 3: those of a MultiPolygon), in order.
func arrayOffsets(raw []byte, depth int) []int {
	var out []int
	d := 0
	for i, c := range raw {
		switch c {
		case '[':
			d++
			if d == depth {
				out = append(out, i)
			}
		case ']':
			d--
		}
	}
	return out
}

// lineCol turns a byte offset into a 1-based line and column (in bytes).
func lineCol(data []byte, off int) (int, int) { return lineOf(data, off), colOf(data, off) }

func lineOf(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return bytes.Count(data[:off], []byte{'\n'}) + 1
}

func colOf(data []byte, off int) int {
	off = min(max(off, 0), len(data))
	return off - bytes.LastIndexByte(data[:off], '\n')
}

// propStr returns the first of the keys that is a string property.
func propStr(props map[string]any, keys ...string) string {
	for _, k := range keys {
		if s, ok := props[k].(string); ok {
			return s
		}
	}
	return ""
}

// WithTowns returns a Map built from m's source with extra named places
// (lon/lat degrees), for towns the data lacks. They come before the data's
// own towns, so Town finds them first; their country is the one they lie
// in. The Map keeps m's name.
func (m *Map) WithTowns(names []string, lonlat []orb.Point) (*Map, error) {
	if len(names) != len(lonlat) {
		return nil, fmt.Errorf("maps: WithTowns: %d names, %d points", len(names), len(lonlat))
	}
	t := geojson.NewFeatureCollection()
	added := slices.Clone(m.Added)
	for i, n := range names {
		pt := orb.Point{compact.Round6(lonlat[i][0]), compact.Round6(lonlat[i][1])}
		f := geojson.NewFeature(pt)
		f.Properties["layer"] = "place"
		f.Properties["name"] = n
		iso := ""
		if c := m.CountryAt(m.Proj.Forward(pt)); c >= 0 {
			iso = m.Countries[c].ISO3
			f.Properties["adm0_a3"] = iso
		}
		f.Properties["pop_max"] = 0.0
		t.Append(f)
		added = append(added, Town{Name: n, ISO3: iso, LonLat: pt})
	}
	t.Features = append(t.Features, m.src.Terrain.Features...)
	nm, err := Build(m.Name, &Source{Countries: m.src.Countries, Border: m.src.Border, Terrain: t})
	if err != nil {
		return nil, err
	}
	nm.Added = added
	return nm, nil
}
