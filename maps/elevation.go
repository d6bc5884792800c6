package maps

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"path"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// This file reads terrain elevation from SRTM height tiles (.hgt) and
// answers the ground's height at a point of the map. It reads bytes the
// caller has read: the scenarios package finds and reads the files.

// SRTM tile sizes: posts per side of a one-arc-second (SRTM1) and a
// three-arc-second (SRTM3) tile. A tile spans one degree of latitude and
// of longitude, and its edge posts repeat its neighbours'.
const (
	SRTM1Posts = 3601 // posts per side, 1″ spacing
	SRTM3Posts = 1201 // posts per side, 3″ spacing
)

// hgtVoid is the value SRTM stores where it has no data.
const hgtVoid = -32768

// Tile is one SRTM tile: Posts×Posts heights in metres above the geoid,
// row 0 at its northern edge (latitude Lat+1), column 0 at its western
// edge (longitude Lon), voids filled.
type Tile struct {
	Lat, Lon int // degrees: the tile's south-west corner
	Posts    int
	H        []int16 // row-major, north to south, west to east
}

// Name is the tile's SRTM file name without extension, e.g. "N41E026".
func (t *Tile) Name() string { return TileName(t.Lat, t.Lon) }

// TileName names the SRTM tile whose south-west corner is at lat, lon
// degrees, e.g. TileName(41, 26) = "N41E026".
func TileName(lat, lon int) string {
	ns, ew := 'N', 'E'
	if lat < 0 {
		ns, lat = 'S', -lat
	}
	if lon < 0 {
		ew, lon = 'W', -lon
	}
	return fmt.Sprintf("%c%02d%c%03d", ns, lat, ew, lon)
}

// ParseTileName reads the south-west corner of a tile from its file name,
// e.g. "N41E026.hgt" or "s03w061.HGT".
func ParseTileName(name string) (lat, lon int, err error) {
	base := strings.ToUpper(path.Base(strings.ReplaceAll(name, "\\", "/")))
	base = strings.TrimSuffix(base, ".HGT")
	bad := fmt.Errorf("maps: %q is not an SRTM tile name; want e.g. N41E026.hgt (latitude N/S two digits, longitude E/W three)", path.Base(name))
	if len(base) != 7 || (base[0] != 'N' && base[0] != 'S') || (base[3] != 'E' && base[3] != 'W') {
		return 0, 0, bad
	}
	for _, c := range base[1:3] + base[4:7] {
		if c < '0' || c > '9' {
			return 0, 0, bad
		}
	}
	lat = int(base[1]-'0')*10 + int(base[2]-'0')
	lon = int(base[4]-'0')*100 + int(base[5]-'0')*10 + int(base[6]-'0')
	if base[0] == 'S' {
		lat = -lat
	}
	if base[3] == 'W' {
		lon = -lon
	}
	if lat < -90 || lat > 89 || lon < -180 || lon > 179 {
		return 0, 0, bad
	}
	return lat, lon, nil
}

// ParseHGT reads an SRTM tile: big-endian signed 16-bit heights, SRTM1
// (3601×3601) or SRTM3 (1201×1201), named after its south-west corner.
// Voids are filled from their nearest posts with data, layer by layer
// inward (each void post takes the mean of its neighbours already known);
// a tile with no data at all is an error.
func ParseHGT(name string, data []byte) (Tile, error) {
	lat, lon, err := ParseTileName(name)
	if err != nil {
		return Tile{}, err
	}
	var n int
	switch len(data) {
	case 2 * SRTM1Posts * SRTM1Posts:
		n = SRTM1Posts
	case 2 * SRTM3Posts * SRTM3Posts:
		n = SRTM3Posts
	default:
		return Tile{}, fmt.Errorf("maps: %s: %d bytes is not an SRTM tile; SRTM1 has %d (%d×%d posts), SRTM3 %d (%d×%d)",
			path.Base(name), len(data), 2*SRTM1Posts*SRTM1Posts, SRTM1Posts, SRTM1Posts, 2*SRTM3Posts*SRTM3Posts, SRTM3Posts, SRTM3Posts)
	}
	t := Tile{Lat: lat, Lon: lon, Posts: n, H: make([]int16, n*n)}
	for i := range t.H {
		t.H[i] = int16(binary.BigEndian.Uint16(data[2*i:]))
	}
	if err := fillVoids(t.H, n); err != nil {
		return Tile{}, fmt.Errorf("maps: %s: %w", path.Base(name), err)
	}
	return t, nil
}

// fillVoids replaces the void posts of an n×n grid, in passes: a void with
// a known neighbour (of its eight) takes their mean; it becomes known for
// the next pass. Every void is filled from the data nearest it.
func fillVoids(h []int16, n int) error {
	var voids []int32
	for i, v := range h {
		if v == hgtVoid {
			voids = append(voids, int32(i))
		}
	}
	if len(voids) == len(h) {
		return errors.New("the tile holds no data (every post is void)")
	}
	type fill struct {
		i int32
		v int16
	}
	var done []fill
	for len(voids) > 0 {
		done = done[:0]
		left := voids[:0]
		for _, i := range voids {
			x, y := int(i)%n, int(i)/n
			sum, k := 0, 0
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if (dx == 0 && dy == 0) || xx < 0 || yy < 0 || xx >= n || yy >= n {
						continue
					}
					if v := h[yy*n+xx]; v != hgtVoid {
						sum += int(v)
						k++
					}
				}
			}
			if k == 0 {
				left = append(left, i)
				continue
			}
			done = append(done, fill{i, int16(math.Round(float64(sum) / float64(k)))})
		}
		for _, f := range done {
			h[f.i] = f.v
		}
		voids = left
	}
	return nil
}

// Elevation is the terrain of a map from a set of SRTM tiles: the ground's
// height at any point of the map's planar frame the tiles cover. It is
// read-only once made, and safe to share.
type Elevation struct {
	proj  Projection
	tiles []Tile
	// index of the tile at each whole degree of the covered window, -1
	// for none: row (lat − lat0), column (lon − lon0).
	lat0, lon0, nlat, nlon int
	index                  []int32
	spacing                float64 // metres between posts of the finest tile, east-west at its equator side
}

// NewElevation makes the elevation of the tiles for a map projected with
// proj. Two tiles of the same place are an error.
func NewElevation(proj Projection, tiles []Tile) (*Elevation, error) {
	if len(tiles) == 0 {
		return nil, errors.New("maps: elevation: no tiles")
	}
	ts := slices.Clone(tiles)
	slices.SortFunc(ts, func(a, b Tile) int {
		if a.Lat != b.Lat {
			return a.Lat - b.Lat
		}
		return a.Lon - b.Lon
	})
	e := &Elevation{proj: proj, tiles: ts, lat0: ts[0].Lat, lon0: ts[0].Lon, spacing: math.Inf(1)}
	latMax, lonMax := ts[0].Lat, ts[0].Lon
	for i, t := range ts {
		if i > 0 && t.Lat == ts[i-1].Lat && t.Lon == ts[i-1].Lon {
			return nil, fmt.Errorf("maps: elevation: tile %s given twice", t.Name())
		}
		if len(t.H) != t.Posts*t.Posts || t.Posts < 2 {
			return nil, fmt.Errorf("maps: elevation: tile %s has %d heights for %d posts a side", t.Name(), len(t.H), t.Posts)
		}
		e.lon0, lonMax = min(e.lon0, t.Lon), max(lonMax, t.Lon)
		latMax = max(latMax, t.Lat)
		// The posts' north-south spacing: a degree of latitude over the
		// intervals (east-west ones are closer).
		e.spacing = min(e.spacing, EarthRadius*math.Pi/180/float64(t.Posts-1))
	}
	e.nlat, e.nlon = latMax-e.lat0+1, lonMax-e.lon0+1
	e.index = make([]int32, e.nlat*e.nlon)
	for i := range e.index {
		e.index[i] = -1
	}
	for i, t := range ts {
		e.index[(t.Lat-e.lat0)*e.nlon+t.Lon-e.lon0] = int32(i)
	}
	return e, nil
}

// Spacing is the distance in metres between neighbouring posts of the
// finest tile (north-south): about 31 m for SRTM1, 93 m for SRTM3.
func (e *Elevation) Spacing() float64 { return e.spacing }

// Tiles lists the names of the tiles, south to north, west to east.
func (e *Elevation) Tiles() []string {
	out := make([]string, len(e.tiles))
	for i := range e.tiles {
		out[i] = e.tiles[i].Name()
	}
	return out
}

// tile returns the tile holding the degree square of (lat, lon), or nil.
func (e *Elevation) tile(lat, lon int) *Tile {
	r, c := lat-e.lat0, lon-e.lon0
	if r < 0 || c < 0 || r >= e.nlat || c >= e.nlon {
		return nil
	}
	if i := e.index[r*e.nlon+c]; i >= 0 {
		return &e.tiles[i]
	}
	return nil
}

// HeightLonLat is the ground's height in metres at a lon/lat point
// (degrees), interpolated bilinearly between the four posts around it;
// ok is false where no tile covers the point.
func (e *Elevation) HeightLonLat(ll orb.Point) (h float64, ok bool) {
	lat, lon := math.Floor(ll[1]), math.Floor(ll[0])
	t := e.tile(int(lat), int(lon))
	if t == nil {
		return 0, false
	}
	n := t.Posts - 1
	fx := (ll[0] - lon) * float64(n)
	fy := (lat + 1 - ll[1]) * float64(n)
	x, y := min(int(fx), n-1), min(int(fy), n-1)
	ax, ay := fx-float64(x), fy-float64(y)
	i := y*t.Posts + x
	h00, h10 := float64(t.H[i]), float64(t.H[i+1])
	h01, h11 := float64(t.H[i+t.Posts]), float64(t.H[i+t.Posts+1])
	return (h00*(1-ax)+h10*ax)*(1-ay) + (h01*(1-ax)+h11*ax)*ay, true
}

// Height is the ground's height in metres at a point of the map's planar
// frame; ok is false where no tile covers it.
func (e *Elevation) Height(p orb.Point) (float64, bool) {
	return e.HeightLonLat(e.proj.Inverse(p))
}

// Missing lists the names of the tiles that a planar bound needs and the
// elevation lacks, sorted; none when the tiles cover it.
func (e *Elevation) Missing(b orb.Bound) []string {
	ll := LonLatBound(e.proj, b)
	var out []string
	for lat := int(math.Floor(ll.Min[1])); lat <= int(math.Floor(ll.Max[1])); lat++ {
		for lon := int(math.Floor(ll.Min[0])); lon <= int(math.Floor(ll.Max[0])); lon++ {
			if e.tile(lat, lon) == nil {
				out = append(out, TileName(lat, lon))
			}
		}
	}
	return out
}

// LonLatBound is the lon/lat bound (degrees) of a planar bound under
// proj: the bound of its edges, sampled, inverse-projected (a parallel
// projects to an arc, so the corners alone would not do).
func LonLatBound(proj Projection, b orb.Bound) orb.Bound {
	const steps = 16
	out := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for i := 0; i <= steps; i++ {
		f := float64(i) / steps
		x := b.Min[0] + f*(b.Max[0]-b.Min[0])
		y := b.Min[1] + f*(b.Max[1]-b.Min[1])
		for _, p := range []orb.Point{{x, b.Min[1]}, {x, b.Max[1]}, {b.Min[0], y}, {b.Max[0], y}} {
			out = out.Extend(proj.Inverse(p))
		}
	}
	return out
}

// TileBound is the lon/lat bound of the tile whose south-west corner is at
// lat, lon.
func TileBound(lat, lon int) orb.Bound {
	return orb.Bound{Min: orb.Point{float64(lon), float64(lat)}, Max: orb.Point{float64(lon + 1), float64(lat + 1)}}
}

// Bound is the planar bound of the tiles: their edges, sampled, projected.
func (e *Elevation) Bound() orb.Bound {
	const steps = 16
	out := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	for i := range e.tiles {
		tb := TileBound(e.tiles[i].Lat, e.tiles[i].Lon)
		for k := 0; k <= steps; k++ {
			f := float64(k) / steps
			lon, lat := tb.Min[0]+f, tb.Min[1]+f
			for _, ll := range []orb.Point{{lon, tb.Min[1]}, {lon, tb.Max[1]}, {tb.Min[0], lat}, {tb.Max[0], lat}} {
				out = out.Extend(e.proj.Forward(ll))
			}
		}
	}
	return out
}
