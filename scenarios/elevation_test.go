package scenarios_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// ridgeGround is the ridge tile as the tests know it: its posts, read
// with a bilinear interpolation of their own.
type ridgeGround struct {
	n    int
	h    []int16
	proj maps.Projection
}

// at is the ground in metres at planar point p.
func (g *ridgeGround) at(p orb.Point) float64 {
	ll := g.proj.Inverse(p)
	fx, fy := (ll[0]-27)*float64(g.n-1), (43-ll[1])*float64(g.n-1)
	x, y := int(fx), int(fy)
	ax, ay := fx-float64(x), fy-float64(y)
	post := func(r, c int) float64 { return float64(g.h[r*g.n+c]) }
	return (post(y, x)*(1-ax)+post(y, x+1)*ax)*(1-ay) + (post(y+1, x)*(1-ax)+post(y+1, x+1)*ax)*ay
}

// clearance is the brute-force ray march: the least height in metres by
// which the ray from an eye height metres above a to a person standing at
// b clears the ground, sampled every 5 m, the ground lowered by the
// Earth's curvature d²/(2·earth·R); negative when the ground hides b.
func (g *ridgeGround) clearance(a, b orb.Point, height, earth float64) float64 {
	drop := func(d float64) float64 { return d * d / (2 * earth * maps.EarthRadius) }
	d := math.Hypot(b[0]-a[0], b[1]-a[1])
	eye := g.at(a) + height
	target := g.at(b) - drop(d) + sim.TargetHeight
	m := int(d/5) + 1
	least := math.Inf(1)
	for k := 1; k < m; k++ {
		f := float64(k) / float64(m)
		z := g.at(orb.Point{a[0] + f*(b[0]-a[0]), a[1] + f*(b[1]-a[1])}) - drop(f*d)
		least = min(least, eye+f*(target-eye)-z)
	}
	return least
}

// TestLineOfSightMatchesRayMarch: cameras and radars at random places and
// heights on the ridge tile, SRTM3 and SRTM1, and random persons within
// their range. Wherever the brute-force ray march gives the same answer
// all round the person (within three quarters of a viewshed cell: the
// raster answers for the cell), the World's line of sight must give it
// too; at least 1000 pairs per tile size are compared so, each answer at
// least 100 times, and the shadow edges left out are fewer than half as
// many (a third at SRTM3's 93 m cells on this hilly ground, a sixth at
// SRTM1's).
func TestLineOfSightMatchesRayMarch(t *testing.T) {
	for _, posts := range []int{maps.SRTM3Posts, maps.SRTM1Posts} {
		t.Run(map[int]string{maps.SRTM3Posts: "SRTM3", maps.SRTM1Posts: "SRTM1"}[posts], func(t *testing.T) {
			if posts == maps.SRTM1Posts && testing.Short() {
				t.Skip("writes and reads a 26 MB tile")
			}
			sc, err := scenarios.Load(drilltest.WriteRidge(t, t.TempDir(), posts))
			if err != nil {
				t.Fatal(err)
			}
			g := &ridgeGround{n: posts, h: drilltest.RidgePosts(posts), proj: sc.Map.Proj}
			rng := rand.New(rand.NewPCG(uint64(posts), 10))
			s := *sc
			s.Sensors = nil
			for i := range 12 {
				sp := sim.SensorSpec{Name: "s", Team: 0, Kind: sim.Camera, Range: 1000 + 4000*rng.Float64(), Height: 2 + 38*rng.Float64()}
				if i%3 == 2 {
					sp.Kind, sp.Range = sim.Radar, 3000+9000*rng.Float64()
				}
				r := sim.SensorRange(sp)
				mlat, mlon := r/111000+0.01, r/80000+0.01
				sp.Pos = sc.Map.Proj.Forward(orb.Point{27 + mlon + (1-2*mlon)*rng.Float64(), 42.06 + mlat + (0.94-2*mlat)*rng.Float64()})
				s.Sensors = append(s.Sensors, sp)
			}
			w, err := sim.New(&s, 1)
			if err != nil {
				t.Fatal(err)
			}
			compared, edges, hidden := 0, 0, 0
			for i, sp := range s.Sensors {
				r := sim.SensorRange(sp)
				earth := float64(sim.OpticalEarth)
				if sp.Kind == sim.Radar {
					earth = sim.RadarEarth
				}
				cell := max(maps.EarthRadius*math.Pi/180/float64(posts-1), 2*r/sim.ViewshedCells)
				for range 120 {
					d, a := 50+(r-50)*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
					p := orb.Point{sp.Pos[0] + d*math.Cos(a), sp.Pos[1] + d*math.Sin(a)}
					seen := g.clearance(sp.Pos, p, sp.Height, earth) >= 0
					edge := false
					for k := range 8 {
						b := float64(k) * math.Pi / 4
						q := orb.Point{p[0] + 0.75*cell*math.Cos(b), p[1] + 0.75*cell*math.Sin(b)}
						if (g.clearance(sp.Pos, q, sp.Height, earth) >= 0) != seen {
							edge = true
							break
						}
					}
					if edge {
						edges++
						continue
					}
					compared++
					if !seen {
						hidden++
					}
					if got := w.SensorSees(i, p); got != seen {
						t.Errorf("sensor %d (%v, %.0f m high, range %.0f m) to %.0f m away at %v: line of sight %v, the ray march says %v",
							i, sp.Kind, sp.Height, r, d, sc.Map.Proj.Inverse(p), got, seen)
					}
				}
			}
			t.Logf("%d pairs compared (%d hidden), %d on a shadow's edge left out", compared, hidden, edges)
			if compared < 1000 || edges*2 > compared || hidden < 100 || compared-hidden < 100 {
				t.Errorf("%d pairs compared, %d hidden, %d edges: want at least 1000 compared, 100 of each answer, and edges under half as many as compared", compared, hidden, edges)
			}
		})
	}
}

// TestRidgeHidesValley runs the ridge scenario over many seeds with its
// elevation and without: on open ground the mast detects most groups that
// walk into the valley; behind the ridge it detects none, further from
// the open-ground law's fraction than 4 standard errors (and the same
// seed gives the same hashes twice with elevation).
func TestRidgeHidesValley(t *testing.T) {
	sc, err := scenarios.Load(drilltest.WriteRidge(t, t.TempDir(), maps.SRTM3Posts))
	if err != nil {
		t.Fatal(err)
	}
	open := *sc
	open.Elevation = nil
	const seeds = 12
	count := func(s *sim.Scenario) (groups, detected int) {
		for seed := range uint64(seeds) {
			w := drilltest.NewWorld(t, s, seed+1)
			for range s.Duration {
				w.Step(nil)
			}
			st := w.Stats()
			groups += st.Crossed
			detected += st.Detected
		}
		return groups, detected
	}
	ng, nd := count(&open)
	p0 := float64(nd) / float64(ng)
	tg, td := count(sc)
	t.Logf("open ground: %d of %d groups detected (%.2f); behind the ridge: %d of %d", nd, ng, p0, td, tg)
	if ng < 100 || tg < 100 {
		t.Fatalf("%d and %d groups crossed; want at least 100 each", ng, tg)
	}
	if z := (p0 - float64(td)/float64(tg)) / math.Sqrt(p0*(1-p0)/float64(tg)); td != 0 || z < 4 {
		t.Errorf("behind the ridge the mast detected %d of %d groups (z = %.1f against the open-ground law's %.2f); want none, z ≥ 4", td, tg, z, p0)
	}
	a, b := drilltest.NewWorld(t, sc, 7), drilltest.NewWorld(t, sc, 7)
	for i := range 3600 {
		a.Step(nil)
		b.Step(nil)
		if a.Hash() != b.Hash() {
			t.Fatalf("tick %d: hashes %x and %x from the same seed", i, a.Hash(), b.Hash())
		}
	}
	if got := testing.AllocsPerRun(600, func() { a.Step(nil) }); got != 0 {
		t.Errorf("%v allocations per Step with elevation", got)
	}
}

// TestElevationErrors: every bad elevation is an error at the elevation
// entry (FILE:LINE:COL) that says what is wrong, and no scenario comes
// back.
func TestElevationErrors(t *testing.T) {
	dir := t.TempDir()
	drilltest.WriteRidge(t, dir, maps.SRTM3Posts)
	write := func(name string, size int) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srtm3 := 2 * maps.SRTM3Posts * maps.SRTM3Posts
	write("short/N42E027.hgt", 1000)
	write("far/N10E010.hgt", srtm3)
	write("faraway/N10E010.hgt", srtm3)
	write("empty/readme.txt", 10)
	write("badname/ridge.hgt", srtm3)
	write("flat/N42E027.hgt", srtm3)
	for _, tc := range []struct{ name, elev, extra, want string }{
		{"wrong size", "short/N42E027.hgt", "", "1000 bytes is not an SRTM tile; SRTM1 has 25934402"},
		{"missing file", "nowhere/N42E027.hgt", "", "nowhere/N42E027.hgt: no such file or folder"},
		{"tile outside the map", "far/N10E010.hgt", "", "tile N10E010.hgt does not cover the map: the map spans latitude"},
		{"folder outside the map", "faraway", "", "none of the 1 tiles in faraway covers the map"},
		{"folder without tiles", "empty", "", "folder empty holds no .hgt tiles"},
		{"bad tile name", "badname", "", `"ridge.hgt" is not an SRTM tile name`},
		{"sensor off the tiles", "tiles", "  - {name: west, team: BGR, kind: radar, at: {lonlat: [27.05, 42.2]}}\n",
			"sensor west sees 12.0 km around it, over ground that needs tile N42E026, which tiles lacks"},
		{"no folder named", `""`, "", "must name an SRTM .hgt tile or a folder"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := drilltest.RidgeYAML(tc.elev)
			if tc.extra != "" {
				src = strings.Replace(src, "flows:", strings.TrimSuffix(tc.extra, "\n")+"\nflows:", 1)
			}
			path := filepath.Join(dir, "bad.yaml")
			if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			line := strings.Count(src[:strings.Index(src, "elevation:")], "\n") + 1
			sc, err := scenarios.Load(path)
			var list scenarios.ErrorList
			if sc != nil || !errors.As(err, &list) {
				t.Fatalf("scenario %v, error %v: want no scenario and an ErrorList", sc != nil, err)
			}
			at := fmt.Sprintf("%s:%d:12: ", path, line)
			if !strings.Contains(err.Error(), at) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\nwant it at %q saying %q", err, at, tc.want)
			}
		})
	}
	t.Run("not from disk", func(t *testing.T) {
		_, err := scenarios.Parse("upload.yaml", []byte(drilltest.RidgeYAML("tiles")))
		if err == nil || !strings.Contains(err.Error(), "upload.yaml:") || !strings.Contains(err.Error(), "only a scenario file read from disk") {
			t.Errorf("error %v, want one saying elevation needs a scenario file", err)
		}
	})
	t.Run("a flat tile loads", func(t *testing.T) {
		if _, err := scenarios.Load(filepath.Join(dir, "ok.yaml")); err == nil {
			t.Fatal("a scenario that does not exist loads")
		}
		src := drilltest.RidgeYAML("flat/N42E027.hgt")
		if err := os.WriteFile(filepath.Join(dir, "ok.yaml"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Load(filepath.Join(dir, "ok.yaml"))
		if err != nil || sc.Elevation == nil {
			t.Fatalf("elevation %v, error %v", sc != nil && sc.Elevation != nil, err)
		}
	})
}

// BenchmarkElevation measures loading the ridge scenario with its tile
// (reading, checking and void-filling the .hgt) and making a World whose
// one sensor's viewshed is worked out: the ridge's 4 km camera, and a
// 12 km radar in its place.
func BenchmarkElevation(b *testing.B) {
	for _, posts := range []int{maps.SRTM3Posts, maps.SRTM1Posts} {
		name := map[int]string{maps.SRTM3Posts: "SRTM3", maps.SRTM1Posts: "SRTM1"}[posts]
		path := drilltest.WriteRidge(b, b.TempDir(), posts)
		b.Run("load/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := scenarios.Load(path); err != nil {
					b.Fatal(err)
				}
			}
		})
		sc, err := scenarios.Load(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, kind := range []sim.SensorKind{sim.Camera, sim.Radar} {
			s := *sc
			s.Sensors = []sim.SensorSpec{sc.Sensors[0]}
			s.Sensors[0].Kind, s.Sensors[0].Range, s.Sensors[0].Sector = kind, 0, 0
			b.Run(fmt.Sprintf("viewshed/%s/%v", name, kind), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if _, err := sim.New(&s, 1); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
