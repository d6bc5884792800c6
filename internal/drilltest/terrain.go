package drilltest

import (
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// The ridge country: a synthetic SRTM tile, N42E027 on the Bulgarian side
// of the Bulgaria–Turkey border, whose ground is 200 m with rolling hills
// (±40 m) and an east-west ridge 250 m high along latitude RidgeLat. The
// mast of RidgeScenario stands north of it; the valley south of it, where
// the scenario's groups walk, is hidden from the mast.
const (
	RidgeTile = "N42E027"
	RidgeLat  = 42.10  // degrees: the ridge's crest
	MastLat   = 42.108 // degrees: the mast, north of the crest
	MastLon   = 27.1   // degrees
	ValleyLat = 42.08  // degrees: where the groups are going
)

// RidgeHeight is the ridge country's ground in metres at lon, lat
// (degrees): the function the tile's posts sample.
func RidgeHeight(lon, lat float64) float64 {
	ridge := 250 * math.Exp(-math.Pow((lat-RidgeLat)/0.004, 2))
	hills := 15 * math.Sin(2*math.Pi*(lon-27)/0.011) * math.Sin(2*math.Pi*(lat-42)/0.013)
	return 200 + ridge + hills
}

// RidgePosts is the tile's posts, row 0 at its northern edge: what
// WriteRidge writes, rounded to whole metres as SRTM stores them.
func RidgePosts(posts int) []int16 {
	h := make([]int16, posts*posts)
	step := 1 / float64(posts-1)
	for r := range posts {
		for c := range posts {
			h[r*posts+c] = int16(math.Round(RidgeHeight(27+float64(c)*step, 43-float64(r)*step)))
		}
	}
	return h
}

// WriteRidge writes the ridge tile with posts a side (SRTM1 3601, SRTM3
// 1201) into dir/tiles and a scenario that names the folder as its
// elevation, and returns the scenario's path. The scenario: a BGR
// daylight camera (4 km, looking south over a 90° sector) on a 10 m mast
// north of the ridge, and groups from Turkey that cross the border and
// walk to the valley south of the ridge, four hours by day.
func WriteRidge(t testing.TB, dir string, posts int) string {
	t.Helper()
	h := RidgePosts(posts)
	b := make([]byte, 2*len(h))
	for i, v := range h {
		binary.BigEndian.PutUint16(b[2*i:], uint16(v))
	}
	tiles := filepath.Join(dir, "tiles")
	if err := os.MkdirAll(tiles, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tiles, RidgeTile+".hgt"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "ridge.yaml")
	if err := os.WriteFile(path, []byte(RidgeYAML("tiles")), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// RidgeYAML is the ridge scenario with elevation: elev ("" for none).
func RidgeYAML(elev string) string {
	s := `name: ridge
map: bgr-tur
start: "08:00"
duration: 4h
teams:
  - {id: BGR, country: BGR, base: {lonlat: [27.1, 42.3]}}
  - {id: TUR, country: TUR, base: {lonlat: [27.1, 41.8]}}
sensors:
  - {name: mast, team: BGR, kind: camera, at: {lonlat: [27.1, 42.108]}, range_km: 4, sector: {azimuth: 180, width: 90}}
flows:
  - {name: valley, kind: migrants, from: {lonlat: [27.1, 42.035]}, to: {lonlat: [27.1, 42.08]}, spread_km: 1, cross: {lonlat: [27.1, 42.06]}, cross_spread_km: 1, per_hour: 6, size: [1, 3], end: 3h}
`
	if elev != "" {
		s += "elevation: " + elev + "\n"
	}
	return s
}
