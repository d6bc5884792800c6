package maps_test

import (
	"encoding/binary"
	"math"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// hgt encodes an n×n tile whose post (row, col) holds f(row, col),
// big-endian, as SRTM stores it.
func hgt(n int, f func(row, col int) int16) []byte {
	b := make([]byte, 2*n*n)
	for r := range n {
		for c := range n {
			binary.BigEndian.PutUint16(b[2*(r*n+c):], uint16(f(r, c)))
		}
	}
	return b
}

func TestParseHGT(t *testing.T) {
	for _, tc := range []struct {
		name  string
		posts int
	}{{"N41E026.hgt", maps.SRTM1Posts}, {"s03w061.HGT", maps.SRTM3Posts}} {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.posts
			tile, err := maps.ParseHGT(tc.name, hgt(n, func(r, c int) int16 { return int16(r - c) }))
			if err != nil {
				t.Fatal(err)
			}
			if tile.Posts != n || len(tile.H) != n*n {
				t.Fatalf("%d posts, %d heights; want %d a side", tile.Posts, len(tile.H), n)
			}
			if got := tile.H[5*n+2]; got != 3 {
				t.Errorf("post (5, 2) = %d, want 3 (big-endian, row-major)", got)
			}
			if strings.ToUpper(tc.name) != tile.Name()+".HGT" {
				t.Errorf("name %s, read from %s", tile.Name(), tc.name)
			}
		})
	}
	// Bad tiles: the size or the name is wrong.
	srtm3 := 2 * maps.SRTM3Posts * maps.SRTM3Posts
	for file, c := range map[string]struct {
		size int
		want string
	}{
		"N41E026.hgt": {2 * 1200 * 1200, "is not an SRTM tile"},
		"ridge.hgt":   {srtm3, "not an SRTM tile name"},
		"N95E026.hgt": {srtm3, "not an SRTM tile name"},
	} {
		_, err := maps.ParseHGT(file, make([]byte, c.size))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "maps: ") {
			t.Errorf("%s of %d bytes: error %v, want one saying %q", file, c.size, err, c.want)
		}
	}
}

// TestVoidsFilled: a void post takes the heights around it; a hole of
// voids fills from its edge inward, every post between the heights of
// the data around it; a tile of voids only is an error.
func TestVoidsFilled(t *testing.T) {
	n := maps.SRTM3Posts
	void := func(r, c int) bool { return (r-600)*(r-600)+(c-600)*(c-600) < 40*40 || (r == 3 && c == 3) }
	tile, err := maps.ParseHGT("N00E000.hgt", hgt(n, func(r, c int) int16 {
		if void(r, c) {
			return -32768
		}
		return int16(100 + c/10) // 100..220 m, rising east
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := tile.H[3*n+3]; got != 100 {
		t.Errorf("a lone void among 100 m posts filled with %d", got)
	}
	for r := 560; r <= 640; r++ {
		for c := 560; c <= 640; c++ {
			if h := tile.H[r*n+c]; h < 155 || h > 165 {
				t.Fatalf("post (%d, %d) of the hole filled with %d m; the data around it lies between 156 and 164", r, c, h)
			}
		}
	}
	if _, err := maps.ParseHGT("N00E000.hgt", hgt(n, func(int, int) int16 { return -32768 })); err == nil || !strings.Contains(err.Error(), "no data") {
		t.Errorf("a void tile: error %v, want one saying it holds no data", err)
	}
}

// TestElevationHeight reads the ground between posts and across tiles,
// and names the tiles a bound lacks.
func TestElevationHeight(t *testing.T) {
	m, err := maps.Load("bgr-tur")
	if err != nil {
		t.Fatal(err)
	}
	n := maps.SRTM3Posts
	// Height = 1000 × latitude fraction + 10 × longitude fraction: a plane
	// in degrees, which bilinear interpolation reproduces exactly.
	var tiles []maps.Tile
	for _, lon := range []int{26, 27} {
		tile, err := maps.ParseHGT(maps.TileName(42, lon)+".hgt", hgt(n, func(r, c int) int16 {
			return int16(math.Round(1000*float64(n-1-r)/float64(n-1) + 10*float64(lon-26) + 10*float64(c)/float64(n-1)))
		}))
		if err != nil {
			t.Fatal(err)
		}
		tiles = append(tiles, tile)
	}
	el, err := maps.NewElevation(m.Proj, tiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, ll := range []orb.Point{{26.5, 42.25}, {27.0, 42.5}, {27.9, 42.999}, {26.01, 42.001}} {
		want := 1000*(ll[1]-42) + 10*(ll[0]-26)
		got, ok := el.Height(m.Proj.Forward(ll))
		if !ok || math.Abs(got-want) > 0.6 {
			t.Errorf("height at %v = %.2f m (ok %v), want %.2f (±0.6 m, the posts are whole metres)", ll, got, ok, want)
		}
	}
	if _, ok := el.Height(m.Proj.Forward(orb.Point{27.5, 41.9})); ok {
		t.Error("a point south of both tiles has a height")
	}
	b := orb.Bound{Min: m.Proj.Forward(orb.Point{26.5, 41.9}), Max: m.Proj.Forward(orb.Point{27.5, 42.5})}
	if got := strings.Join(el.Missing(b), " "); got != "N41E026 N41E027" {
		t.Errorf("missing tiles %q, want N41E026 N41E027", got)
	}
	if _, err := maps.NewElevation(m.Proj, []maps.Tile{tiles[0], tiles[0]}); err == nil {
		t.Error("the same tile twice is accepted")
	}
}
