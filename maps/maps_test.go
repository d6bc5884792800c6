package maps_test

import (
	"bufio"
	"encoding/json"
	"go/parser"
	"go/token"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geo"
	"github.com/paulmach/orb/planar"
)

// loadAll loads every map once for the whole test binary.
var loadAll = sync.OnceValues(func() (map[string]*maps.Map, error) {
	out := map[string]*maps.Map{}
	for _, n := range maps.Names() {
		m, err := maps.Load(n)
		if err != nil {
			return nil, err
		}
		out[n] = m
	}
	return out, nil
})

func mustMap(t testing.TB, name string) *maps.Map {
	t.Helper()
	all, err := loadAll()
	if err != nil {
		t.Fatalf("loading maps: %v", err)
	}
	m, ok := all[name]
	if !ok {
		t.Fatalf("map %q not loaded", name)
	}
	return m
}

// bruteCountry is the reference for CountryAt.
func bruteCountry(m *maps.Map, p orb.Point) int {
	for i, c := range m.Countries {
		if planar.MultiPolygonContains(c.Shape, p) {
			return i
		}
	}
	return -1
}

// bruteSegDist is the reference nearest distance to a set of lines.
func bruteSegDist(lines []orb.LineString, p orb.Point) float64 {
	best := math.Inf(1)
	for _, ls := range lines {
		for i := 0; i+1 < len(ls); i++ {
			best = math.Min(best, planar.DistanceFromSegment(ls[i], ls[i+1], p))
		}
	}
	return best
}

func randIn(r *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{
		b.Min[0] + r.Float64()*(b.Max[0]-b.Min[0]),
		b.Min[1] + r.Float64()*(b.Max[1]-b.Min[1]),
	}
}

// nearBorder returns a random point within rad metres of a random border vertex.
func nearBorder(r *rand.Rand, m *maps.Map, rad float64) orb.Point {
	ls := m.Border[r.IntN(len(m.Border))]
	v := ls[r.IntN(len(ls))]
	return orb.Point{v[0] + (2*r.Float64()-1)*rad, v[1] + (2*r.Float64()-1)*rad}
}

func TestNames(t *testing.T) {
	want := []string{"col-ven", "esp-mar", "fin-rus", "grc-tur", "ken-som", "pol-blr", "usa-mex"}
	got := maps.Names()
	if !slices.Equal(got, want) {
		t.Fatalf("Names() = %v, want %v", got, want)
	}
	if !slices.IsSorted(got) {
		t.Errorf("Names() not sorted: %v", got)
	}
	got[0] = "changed"
	if maps.Names()[0] != "col-ven" {
		t.Errorf("Names() returns shared state")
	}
}

func TestLoadAll(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			if m.Name != n {
				t.Errorf("Name = %q", m.Name)
			}
			if len(m.Countries) < 2 {
				t.Fatalf("%d countries", len(m.Countries))
			}
			for i, iso := range strings.Split(strings.ToUpper(n), "-") {
				if m.Countries[i].ISO3 != iso || m.Countries[i].Role != "border_country" {
					t.Errorf("Countries[%d] = %s (%s), want %s border_country", i, m.Countries[i].ISO3, m.Countries[i].Role, iso)
				}
				if m.CountryIndex(iso) != i || m.CountryIndex(strings.ToLower(iso)) != i {
					t.Errorf("CountryIndex(%s) = %d, want %d", iso, m.CountryIndex(iso), i)
				}
			}
			for _, c := range m.Countries[2:] {
				if c.Role != "third_country" {
					t.Errorf("%s role %q", c.ISO3, c.Role)
				}
			}
			if m.CountryIndex("XXX") != -1 {
				t.Errorf("CountryIndex(XXX) != -1")
			}
			if len(m.Border) == 0 || len(m.Border) != len(m.BorderLonLat) || len(m.Border) != len(m.Sections) {
				t.Fatalf("border %d, lonlat %d, sections %d", len(m.Border), len(m.BorderLonLat), len(m.Sections))
			}
			for s := range m.Border {
				if len(m.Border[s]) != len(m.BorderLonLat[s]) {
					t.Errorf("section %d: %d planar vs %d lon/lat vertices", s, len(m.Border[s]), len(m.BorderLonLat[s]))
				}
				for i, ll := range m.BorderLonLat[s] {
					if p := m.Proj.Forward(ll); planar.Distance(p, m.Border[s][i]) > 1e-6 {
						t.Fatalf("section %d vertex %d not the projection of its lon/lat", s, i)
					}
					if !m.Bound.Contains(m.Border[s][i]) {
						t.Fatalf("border vertex outside Bound")
					}
				}
			}
			if !strings.Contains(m.Attribution, "Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.") ||
				!strings.Contains(strings.ToLower(m.Attribution), "public domain") {
				t.Errorf("Attribution = %q", m.Attribution)
			}
			if len(m.Towns) == 0 {
				t.Errorf("no towns")
			}
			for i := 1; i < len(m.Towns); i++ {
				if m.Towns[i].Pop > m.Towns[i-1].Pop {
					t.Errorf("towns not sorted by population at %s", m.Towns[i].Name)
				}
			}
		})
	}
	if !strings.Contains(maps.DataReadme(), "Natural Earth") {
		t.Errorf("DataReadme does not mention Natural Earth")
	}
}

func TestSections(t *testing.T) {
	m := mustMap(t, "esp-mar")
	if !slices.Equal(m.Sections, []string{"Ceuta", "Melilla"}) {
		t.Errorf("esp-mar sections = %q", m.Sections)
	}
	for _, n := range maps.Names() {
		if n == "esp-mar" {
			continue
		}
		if s := mustMap(t, n).Sections; len(s) != 1 || s[0] != "" {
			t.Errorf("%s sections = %q, want one unnamed", n, s)
		}
	}
}

// stats holds the figures of STATS.txt for one pair.
type stats struct {
	vincentyKM, haversineKM float64
	sideOK, sideAll         int
}

func readStats(t *testing.T) map[string]stats {
	t.Helper()
	f, err := os.Open("data/STATS.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lengthRE := regexp.MustCompile(`^(\w+-\w+)_border\.geojson .*length=([\d.]+)km \(WGS84 Vincenty; orb/geo haversine ([\d.]+)km\)`)
	sideRE := regexp.MustCompile(`side check: (\d+)/(\d+) segment midpoints`)
	out := map[string]stats{}
	cur := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if mm := lengthRE.FindStringSubmatch(line); mm != nil {
			cur = mm[1]
			v, _ := strconv.ParseFloat(mm[2], 64)
			h, _ := strconv.ParseFloat(mm[3], 64)
			out[cur] = stats{vincentyKM: v, haversineKM: h}
		} else if mm := sideRE.FindStringSubmatch(line); mm != nil && cur != "" {
			s := out[cur]
			s.sideOK, _ = strconv.Atoi(mm[1])
			s.sideAll, _ = strconv.Atoi(mm[2])
			out[cur] = s
		}
	}
	if len(out) != 7 {
		t.Fatalf("parsed %d pairs from STATS.txt, want 7", len(out))
	}
	return out
}

func TestBorderLengthsMatchStats(t *testing.T) {
	st := readStats(t)
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			s := st[n]
			hav, plan := 0.0, 0.0
			for i := range m.Border {
				hav += geo.LengthHaversine(m.BorderLonLat[i])
				plan += m.BorderLength(i)
			}
			hav /= 1000
			plan /= 1000
			if math.Abs(hav-s.haversineKM) > 0.01*s.haversineKM {
				t.Errorf("haversine length %.1f km, STATS %.1f km", hav, s.haversineKM)
			}
			if math.Abs(plan-s.vincentyKM) > 0.01*s.vincentyKM {
				t.Errorf("planar length %.1f km, STATS Vincenty %.1f km", plan, s.vincentyKM)
			}
			if math.Abs(plan-s.haversineKM) > 0.01*s.haversineKM {
				t.Errorf("planar length %.1f km, STATS haversine %.1f km", plan, s.haversineKM)
			}
		})
	}
}

// borderSides reads left_iso_a3/right_iso_a3 per feature from the data.
func borderSides(t *testing.T, name string) [][2]string {
	t.Helper()
	b, err := os.ReadFile("data/" + name + "_border.geojson")
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Left  string `json:"left_iso_a3"`
				Right string `json:"right_iso_a3"`
			} `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for _, f := range fc.Features {
		out = append(out, [2]string{f.Properties.Left, f.Properties.Right})
	}
	return out
}

func TestSideCheck(t *testing.T) {
	st := readStats(t)
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			sides := borderSides(t, n)
			if len(sides) != len(m.Border) {
				t.Fatalf("%d side pairs for %d sections", len(sides), len(m.Border))
			}
			ok, all := 0, 0
			for s, ls := range m.Border {
				li, ri := m.CountryIndex(sides[s][0]), m.CountryIndex(sides[s][1])
				if li < 0 || ri < 0 || li == ri {
					t.Fatalf("section %d sides %v -> %d, %d", s, sides[s], li, ri)
				}
				for i := 0; i+1 < len(ls); i++ {
					a, b := ls[i], ls[i+1]
					l := planar.Distance(a, b)
					if l == 0 {
						continue
					}
					mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
					nx, ny := -(b[1]-a[1])/l, (b[0]-a[0])/l
					left := orb.Point{mid[0] + 250*nx, mid[1] + 250*ny}
					right := orb.Point{mid[0] - 250*nx, mid[1] - 250*ny}
					all++
					if m.CountryAt(left) == li && m.CountryAt(right) == ri {
						ok++
					}
				}
			}
			if ok < st[n].sideOK {
				t.Errorf("side check %d/%d, STATS %d/%d", ok, all, st[n].sideOK, st[n].sideAll)
			}
			t.Logf("side check %d/%d (STATS %d/%d)", ok, all, st[n].sideOK, st[n].sideAll)
		})
	}
}

func TestKnownPlaces(t *testing.T) {
	tests := []struct {
		name, pair, town string
		lonlat           orb.Point // used when town is ""
		iso              string
	}{
		{"Lappeenranta", "fin-rus", "Lappeenranta", orb.Point{}, "FIN"},
		{"Svetogorsk", "fin-rus", "Svetogorsk", orb.Point{}, "RUS"},
		{"Svetogorsk lonlat", "fin-rus", "", orb.Point{28.87, 61.11}, "RUS"},
		{"Vyborg", "fin-rus", "Vyborg", orb.Point{}, "RUS"},
		{"Joensuu", "fin-rus", "Joensuu", orb.Point{}, "FIN"},
		{"Brest", "pol-blr", "Brest", orb.Point{}, "BLR"},
		{"Bialystok", "pol-blr", "Białystok", orb.Point{}, "POL"},
		{"Hrodna", "pol-blr", "Hrodna", orb.Point{}, "BLR"},
		{"Vilnius region", "pol-blr", "", orb.Point{24.3, 54.0}, "LTU"},
		{"Tijuana", "usa-mex", "Tijuana", orb.Point{}, "MEX"},
		{"San Diego", "usa-mex", "San Diego", orb.Point{}, "USA"},
		{"El Paso", "usa-mex", "El Paso", orb.Point{}, "USA"},
		{"Ciudad Juarez", "usa-mex", "Ciudad Juárez", orb.Point{}, "MEX"},
		{"Gulf of Mexico", "usa-mex", "", orb.Point{-96.8, 26.5}, ""},
		{"Edirne", "grc-tur", "Edirne", orb.Point{}, "TUR"},
		{"Alexandroupoli", "grc-tur", "Alexandroupoli", orb.Point{}, "GRC"},
		{"Khaskovo", "grc-tur", "Khaskovo", orb.Point{}, "BGR"},
		{"Cucuta", "col-ven", "Cúcuta", orb.Point{}, "COL"},
		{"San Cristobal", "col-ven", "San Cristóbal", orb.Point{}, "VEN"},
		{"Maracaibo", "col-ven", "Maracaibo", orb.Point{}, "VEN"},
		{"Lake Maracaibo is sea", "col-ven", "", orb.Point{-71.6, 9.8}, ""},
		{"Melilla", "esp-mar", "Melilla", orb.Point{}, "ESP"},
		{"Ceuta", "esp-mar", "Ceuta", orb.Point{}, "ESP"},
		{"Tangier", "esp-mar", "Tangier", orb.Point{}, "MAR"},
		{"Algeciras", "esp-mar", "Algeciras", orb.Point{}, "ESP"},
		{"Mediterranean", "esp-mar", "", orb.Point{-4.0, 35.8}, ""},
		{"Kenyan side", "ken-som", "", orb.Point{40.8, 1.0}, "KEN"},
		{"Mandera (NE puts it in SOM)", "ken-som", "Mandera", orb.Point{}, "SOM"},
		{"Garbahaarey", "ken-som", "Garbahaarey", orb.Point{}, "SOM"},
		{"Dolo Bay", "ken-som", "Dolo Bay", orb.Point{}, "ETH"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mustMap(t, tc.pair)
			ll := tc.lonlat
			if tc.town != "" {
				tw, ok := m.Town(tc.town)
				if !ok {
					t.Fatalf("town %q not found", tc.town)
				}
				ll = tw.LonLat
				if tw.Pos != m.Proj.Forward(ll) {
					t.Errorf("town Pos is not the projection of LonLat")
				}
			}
			want := -1
			if tc.iso != "" {
				want = m.CountryIndex(tc.iso)
				if want < 0 {
					t.Fatalf("%s not in %s", tc.iso, tc.pair)
				}
			}
			p := m.Proj.Forward(ll)
			if got := m.CountryAt(p); got != want {
				t.Errorf("CountryAt(%v) = %d, want %d (%s)", ll, got, want, tc.iso)
			}
			if got := bruteCountry(m, p); got != want {
				t.Errorf("brute force at %v = %d, want %d (%s)", ll, got, want, tc.iso)
			}
		})
	}
}

func TestCountryAtMatchesBruteForce(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			r := rand.New(rand.NewPCG(1, uint64(len(n))))
			b := m.Bound.Pad(20000)
			seen := map[int]int{}
			var memo maps.CountryMemo // a walker asking about each point and a step from it
			for i := range 6000 {
				var p orb.Point
				switch i % 3 {
				case 0:
					p = randIn(r, b)
				case 1:
					p = nearBorder(r, m, 3000)
				default: // near any polygon vertex (coasts, clip edges, islands)
					c := m.Countries[r.IntN(len(m.Countries))]
					pg := c.Shape[r.IntN(len(c.Shape))]
					ring := pg[r.IntN(len(pg))]
					v := ring[r.IntN(len(ring))]
					p = orb.Point{v[0] + (2*r.Float64()-1)*500, v[1] + (2*r.Float64()-1)*500}
				}
				got, want := m.CountryAt(p), bruteCountry(m, p)
				if got != want {
					t.Fatalf("CountryAt(%v) = %d, brute force %d", p, got, want)
				}
				for _, q := range []orb.Point{p, {p[0] + 40, p[1] - 25}} {
					if got, want := m.CountryAtMemo(q, &memo), bruteCountry(m, q); got != want {
						t.Fatalf("CountryAtMemo(%v) = %d, brute force %d", q, got, want)
					}
				}
				seen[got]++
			}
			for ci := range m.Countries[:2] {
				if seen[ci] == 0 {
					t.Errorf("no sample fell in %s", m.Countries[ci].ISO3)
				}
			}
			for _, p := range []orb.Point{
				{m.Bound.Min[0] - 1, m.Bound.Min[1]}, {m.Bound.Max[0] + 1e6, 0},
				{math.NaN(), 0}, {math.Inf(1), math.Inf(-1)},
			} {
				if got := m.CountryAt(p); got != -1 {
					t.Errorf("CountryAt(%v) = %d outside the window", p, got)
				}
				if got := m.CountryAtMemo(p, &memo); got != -1 {
					t.Errorf("CountryAtMemo(%v) = %d outside the window", p, got)
				}
			}
		})
	}
}

func TestProjection(t *testing.T) {
	// orb/geo's haversine uses the WGS84 semi-major axis; rescale to the
	// projection's sphere.
	const sphere = maps.EarthRadius / orb.EarthRadius
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			var win orb.Bound
			for i, ls := range m.BorderLonLat {
				if i == 0 {
					win = ls.Bound()
				}
				win = win.Union(ls.Bound())
			}
			win = win.Pad(0.45) // about the 50 km margin of the window
			r := rand.New(rand.NewPCG(2, uint64(len(n))))
			maxRT, maxScale, maxK := 0.0, 0.0, 0.0
			for range 3000 {
				a, b := randIn(r, win), randIn(r, win)
				pa := m.Proj.Forward(a)
				back := m.Proj.Inverse(pa)
				maxRT = math.Max(maxRT, math.Max(math.Abs(back[0]-a[0]), math.Abs(back[1]-a[1])))
				gd := geo.DistanceHaversine(a, b) * sphere
				if gd < 1000 {
					continue
				}
				pd := planar.Distance(pa, m.Proj.Forward(b))
				maxScale = math.Max(maxScale, math.Abs(pd/gd-1))
				maxK = math.Max(maxK, math.Abs(m.Proj.Scale(a)-1))
				// short pairs measure the local scale
				c := orb.Point{a[0] + 0.01, a[1] + 0.01}
				gd = geo.DistanceHaversine(a, c) * sphere
				pd = planar.Distance(pa, m.Proj.Forward(c))
				maxScale = math.Max(maxScale, math.Abs(pd/gd-1))
			}
			if maxRT > 1e-6 {
				t.Errorf("round trip error %.3g deg", maxRT)
			}
			if maxScale > 0.005 {
				t.Errorf("distance scale error %.3f%%", 100*maxScale)
			}
			if maxK > 0.005 {
				t.Errorf("point scale error %.3f%%", 100*maxK)
			}
			t.Logf("round trip %.2g deg, distance scale error %.3f%%, point scale error %.3f%%", maxRT, 100*maxScale, 100*maxK)
		})
	}
}

func TestProjectionEquatorFallback(t *testing.T) {
	tests := []struct {
		name string
		win  orb.Bound
	}{
		{"equator symmetric", orb.Bound{Min: orb.Point{10, -3}, Max: orb.Point{14, 3}}},
		{"southern hemisphere", orb.Bound{Min: orb.Point{20, -30}, Max: orb.Point{26, -24}}},
		{"high north", orb.Bound{Min: orb.Point{20, 66}, Max: orb.Point{30, 70}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := maps.NewProjection(tc.win)
			c := p.Forward(tc.win.Center())
			if math.Abs(c[0]) > 1e-6 || math.Abs(c[1]) > 1e-6 {
				t.Errorf("centre projects to %v, want origin", c)
			}
			r := rand.New(rand.NewPCG(3, 3))
			for range 500 {
				a := randIn(r, tc.win)
				back := p.Inverse(p.Forward(a))
				if math.Abs(back[0]-a[0]) > 1e-9 || math.Abs(back[1]-a[1]) > 1e-9 {
					t.Fatalf("round trip %v -> %v", a, back)
				}
				if k := p.Scale(a); math.Abs(k-1) > 0.005 {
					t.Fatalf("scale %v at %v", k, a)
				}
				north := p.Forward(orb.Point{a[0], a[1] + 0.01})
				if pa := p.Forward(a); north[1] <= pa[1] {
					t.Fatalf("north is not +y at %v", a)
				}
			}
		})
	}
}

func TestCheckpoints(t *testing.T) {
	want := map[string]int{"usa-mex": 26, "pol-blr": 6, "fin-rus": 4, "col-ven": 3, "grc-tur": 2, "ken-som": 1, "esp-mar": 1}
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			if len(m.Checkpoints) != want[n] {
				t.Errorf("%d checkpoints, want %d", len(m.Checkpoints), want[n])
			}
			for _, c := range m.Checkpoints {
				if d := m.BorderDistance(c.Pos); d > 100 {
					t.Errorf("%s is %.0f m from the border line", c.Name, d)
				}
				if c.Name == "" || c.NameA == "" || c.NameB == "" || c.Kind == "" || c.Status == "" {
					t.Errorf("checkpoint with empty fields: %+v", c)
				}
				if c.FreightOnly && !c.Open {
					t.Errorf("%s freight-only but closed", c.Name)
				}
			}
		})
	}
	status := []struct {
		pair, name    string
		open, freight bool
	}{
		{"fin-rus", "Vaalimaa–Torfyanovka", false, false},
		{"fin-rus", "Vartius–Lyttä", false, false},
		{"pol-blr", "Kukuryki–Kozlovichi", true, true},
		{"pol-blr", "Terespol–Brest (rail)", true, true},
		{"pol-blr", "Terespol–Brest (road)", true, false},
		{"pol-blr", "Połowce–Pieshchatka", false, false},
		{"pol-blr", "Kuźnica–Bruzgi", true, false},
		{"usa-mex", "Presidio–Ojinaga Rail Bridge", false, false},
		{"usa-mex", "Roma–Ciudad Miguel Alemán Bridge", true, false},
		{"usa-mex", "World Trade Bridge (Laredo IV)", true, true},
		{"usa-mex", "Juárez–Lincoln Bridge (Laredo II)", true, false},
		{"ken-som", "Mandera–Beled Hawo", false, false},
		{"grc-tur", "Kastanies–Pazarkule", true, false},
	}
	for _, tc := range status {
		t.Run("status "+tc.name, func(t *testing.T) {
			c, ok := mustMap(t, tc.pair).Checkpoint(tc.name)
			if !ok {
				t.Fatalf("checkpoint %q not found", tc.name)
			}
			if c.Open != tc.open || c.FreightOnly != tc.freight {
				t.Errorf("%q: Open=%v FreightOnly=%v, want %v %v (status %q)", tc.name, c.Open, c.FreightOnly, tc.open, tc.freight, c.Status)
			}
		})
	}
}

func TestLookupFolding(t *testing.T) {
	tests := []struct {
		name, pair, query, want string
		checkpoint, found       bool
	}{
		{"exact", "pol-blr", "Białystok", "Białystok", false, true},
		{"ascii", "pol-blr", "bialystok", "Białystok", false, true},
		{"upper", "pol-blr", "BIAŁYSTOK", "Białystok", false, true},
		{"spaces", "usa-mex", "  san   diego ", "San Diego", false, true},
		{"accent", "col-ven", "cucuta", "Cúcuta", false, true},
		{"dotless", "grc-tur", "kirklareli", "Kırklareli", false, true},
		{"missing", "pol-blr", "Warsaw", "", false, false},
		{"checkpoint name", "fin-rus", "nuijamaa-brusnichnoye", "Nuijamaa–Brusnichnoye", true, true},
		{"checkpoint side a", "pol-blr", "kuznica", "Kuźnica–Bruzgi", true, true},
		{"checkpoint side b", "grc-tur", "ipsala", "Kipoi–İpsala", true, true},
		{"checkpoint missing", "grc-tur", "Pythio", "", true, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mustMap(t, tc.pair)
			var got string
			var ok bool
			if tc.checkpoint {
				c, found := m.Checkpoint(tc.query)
				got, ok = c.Name, found
			} else {
				tw, found := m.Town(tc.query)
				got, ok = tw.Name, found
			}
			if ok != tc.found || got != tc.want {
				t.Errorf("lookup %q = %q, %v; want %q, %v", tc.query, got, ok, tc.want, tc.found)
			}
		})
	}
}

func TestSuggest(t *testing.T) {
	tests := []struct {
		name, pair, query, want string
	}{
		{"typo", "pol-blr", "Bialistok", "Białystok"},
		{"prefix", "usa-mex", "Brownsvil", "Brownsville"},
		{"checkpoint", "fin-rus", "Vaalima", "Vaalimaa"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mustMap(t, tc.pair).Suggest(tc.query)
			if len(got) == 0 || len(got) > 5 {
				t.Fatalf("Suggest(%q) = %q", tc.query, got)
			}
			if got[0] != tc.want {
				t.Errorf("Suggest(%q) = %q, want %q first", tc.query, got, tc.want)
			}
		})
	}
}

func TestBorderQueries(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			r := rand.New(rand.NewPCG(4, uint64(len(n))))
			for i := range 2000 {
				p := nearBorder(r, m, 20000)
				if i%4 == 0 {
					p = randIn(r, m.Bound.Pad(50000))
				}
				d := m.BorderDistance(p)
				if want := bruteSegDist(m.Border, p); math.Abs(d-want) > 1e-6 {
					t.Fatalf("BorderDistance(%v) = %v, brute force %v", p, d, want)
				}
				q, sec, ch := m.NearestOnBorder(p)
				if sec < 0 || sec >= len(m.Border) {
					t.Fatalf("section %d", sec)
				}
				if math.Abs(planar.Distance(p, q)-d) > 1e-6 {
					t.Fatalf("nearest point %v is %v away, distance %v", q, planar.Distance(p, q), d)
				}
				if ch < -1e-9 || ch > m.BorderLength(sec)+1e-6 {
					t.Fatalf("chainage %v outside [0, %v]", ch, m.BorderLength(sec))
				}
				pc, dir := m.PointAtChainage(sec, ch)
				if planar.Distance(pc, q) > 1e-3 {
					t.Fatalf("PointAtChainage(%d, %v) = %v, want %v", sec, ch, pc, q)
				}
				if math.Abs(math.Hypot(dir[0], dir[1])-1) > 1e-9 {
					t.Fatalf("direction %v not a unit vector", dir)
				}
				sd := m.SignedBorderDistance(p)
				if math.Abs(math.Abs(sd)-d) > 1e-9 {
					t.Fatalf("|SignedBorderDistance| %v != %v", sd, d)
				}
				switch m.CountryAt(p) {
				case 0:
					if sd < 0 {
						t.Fatalf("negative signed distance in %s", m.Countries[0].ISO3)
					}
				case 1:
					if sd > 0 {
						t.Fatalf("positive signed distance in %s", m.Countries[1].ISO3)
					}
				}
			}
		})
	}
}

func TestSignedBorderDistanceOutside(t *testing.T) {
	// Near the border at sea or in a third country, the sign follows the
	// side of the border line.
	tests := []struct {
		name, pair string
		lonlat     orb.Point
		positive   bool
	}{
		{"Pacific off Tijuana (MEX side)", "usa-mex", orb.Point{-117.2, 32.45}, false},
		{"Pacific off San Diego (USA side)", "usa-mex", orb.Point{-117.3, 32.6}, true},
		{"Gulf off Texas", "usa-mex", orb.Point{-97.05, 26.2}, true},
		{"Gulf off Tamaulipas", "usa-mex", orb.Point{-97.05, 25.8}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := mustMap(t, tc.pair)
			p := m.Proj.Forward(tc.lonlat)
			if c := m.CountryAt(p); c >= 0 && c < 2 {
				t.Fatalf("test point is in %s, not outside", m.Countries[c].ISO3)
			}
			if got := m.SignedBorderDistance(p); (got > 0) != tc.positive {
				t.Errorf("SignedBorderDistance = %v, want positive=%v", got, tc.positive)
			}
		})
	}
}

func TestPointAtChainage(t *testing.T) {
	m := mustMap(t, "esp-mar")
	for s := range m.Border {
		l := m.BorderLength(s)
		tests := []struct {
			name string
			ch   float64
			want orb.Point
		}{
			{"start", 0, m.Border[s][0]},
			{"before start", -500, m.Border[s][0]},
			{"end", l, m.Border[s][len(m.Border[s])-1]},
			{"past end", l + 500, m.Border[s][len(m.Border[s])-1]},
		}
		for _, tc := range tests {
			t.Run(m.Sections[s]+" "+tc.name, func(t *testing.T) {
				p, dir := m.PointAtChainage(s, tc.ch)
				if planar.Distance(p, tc.want) > 1e-6 {
					t.Errorf("PointAtChainage(%d, %v) = %v, want %v", s, tc.ch, p, tc.want)
				}
				if math.Abs(math.Hypot(dir[0], dir[1])-1) > 1e-9 {
					t.Errorf("direction %v", dir)
				}
			})
		}
	}
	if p, d := m.PointAtChainage(5, 0); p != (orb.Point{}) || d != (orb.Point{}) {
		t.Errorf("invalid section gave %v %v", p, d)
	}
	if m.BorderLength(-1) != 0 {
		t.Errorf("BorderLength(-1) != 0")
	}
}

func TestTracks(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			if len(m.Tracks) != 2 {
				t.Fatalf("%d tracks", len(m.Tracks))
			}
			border := 0.0
			for s := range m.Border {
				border += m.BorderLength(s)
			}
			for ci, tr := range m.Tracks {
				if tr.Country != ci {
					t.Errorf("Tracks[%d].Country = %d", ci, tr.Country)
				}
				total, verts, inBand := 0.0, 0, 0
				for _, ls := range tr.Lines {
					total += planar.Length(ls)
					for _, v := range ls {
						verts++
						if c := m.CountryAt(v); c != ci {
							t.Fatalf("track vertex %v of %s in country %d", v, m.Countries[ci].ISO3, c)
						}
						d := m.BorderDistance(v)
						if d < maps.TrackOffset-50 {
							t.Fatalf("track vertex %v only %.0f m from the border", v, d)
						}
						if d >= 1000 && d <= 4000 {
							inBand++
						}
					}
				}
				if verts == 0 {
					t.Fatalf("%s has no track", m.Countries[ci].ISO3)
				}
				if frac := float64(inBand) / float64(verts); frac < 0.9 {
					t.Errorf("%s: only %.0f%% of track vertices 1–4 km from the border", m.Countries[ci].ISO3, 100*frac)
				}
				if n != "esp-mar" && total < 0.5*border {
					t.Errorf("%s track %.0f km, border %.0f km", m.Countries[ci].ISO3, total/1000, border/1000)
				}
				if n == "esp-mar" && total < 0.25*border {
					t.Errorf("%s track %.1f km, border %.1f km", m.Countries[ci].ISO3, total/1000, border/1000)
				}
				t.Logf("%s track %.1f km in %d pieces (border %.1f km)", m.Countries[ci].ISO3, total/1000, len(tr.Lines), border/1000)
			}
		})
	}
}

func TestTrackQueries(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			var all []orb.LineString
			for _, tr := range m.Tracks {
				all = append(all, tr.Lines...)
			}
			r := rand.New(rand.NewPCG(5, uint64(len(n))))
			on := 0
			for i := range 3000 {
				p := nearBorder(r, m, 4000)
				if i%5 == 0 {
					// right next to a track vertex
					ls := all[r.IntN(len(all))]
					v := ls[r.IntN(len(ls))]
					p = orb.Point{v[0] + (2*r.Float64()-1)*500, v[1] + (2*r.Float64()-1)*500}
				}
				want := bruteSegDist(all, p) <= maps.TrackWidth
				if got := m.OnTrack(p); got != want {
					t.Fatalf("OnTrack(%v) = %v, brute force %v", p, got, want)
				}
				if want {
					on++
				}
				for ci, tr := range m.Tracks {
					q, d := m.NearestOnTrack(ci, p)
					if bd := bruteSegDist(tr.Lines, p); math.Abs(d-bd) > 1e-6 {
						t.Fatalf("NearestOnTrack(%d, %v) distance %v, brute force %v", ci, p, d, bd)
					}
					if math.Abs(planar.Distance(p, q)-d) > 1e-6 {
						t.Fatalf("NearestOnTrack point %v is not at distance %v", q, d)
					}
				}
			}
			if on == 0 {
				t.Errorf("no sample on a track")
			}
			if _, d := m.NearestOnTrack(2, orb.Point{}); !math.IsInf(d, 1) {
				t.Errorf("NearestOnTrack(2) = %v, want +Inf", d)
			}
		})
	}
}

func TestRiverDistance(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			if len(m.Rivers) == 0 {
				t.Fatalf("no rivers")
			}
			var lines []orb.LineString
			for _, rv := range m.Rivers {
				lines = append(lines, rv.Line)
			}
			r := rand.New(rand.NewPCG(6, uint64(len(n))))
			for i := range 1500 {
				p := randIn(r, m.Bound)
				if i%2 == 0 {
					ls := lines[r.IntN(len(lines))]
					v := ls[r.IntN(len(ls))]
					p = orb.Point{v[0] + (2*r.Float64()-1)*5000, v[1] + (2*r.Float64()-1)*5000}
				}
				if got, want := m.RiverDistance(p), bruteSegDist(lines, p); math.Abs(got-want) > 1e-6 {
					t.Fatalf("RiverDistance(%v) = %v, brute force %v", p, got, want)
				}
			}
		})
	}
}

func TestBorderRivers(t *testing.T) {
	// STATS.txt: border vertices within 1 km of a river.
	tests := []struct {
		pair string
		min  float64
	}{{"grc-tur", 0.9}, {"usa-mex", 0.7}, {"pol-blr", 0.6}, {"col-ven", 0.4}}
	for _, tc := range tests {
		t.Run(tc.pair, func(t *testing.T) {
			m := mustMap(t, tc.pair)
			near, all := 0, 0
			for _, ls := range m.Border {
				for _, v := range ls {
					all++
					if m.RiverDistance(v) <= 1000 {
						near++
					}
				}
			}
			if f := float64(near) / float64(all); f < tc.min {
				t.Errorf("%.0f%% of border vertices within 1 km of a river, want >= %.0f%%", 100*f, 100*tc.min)
			}
		})
	}
}

func TestCover(t *testing.T) {
	for _, n := range maps.Names() {
		t.Run(n, func(t *testing.T) {
			m := mustMap(t, n)
			r := rand.New(rand.NewPCG(7, uint64(len(n))))
			var nearSum, farSum float64
			var nearN, farN int
			lo, hi := 1.0, 0.0
			for range 20000 {
				p := randIn(r, m.Bound)
				c := m.Cover(p)
				if c < 0 || c > 1 || math.IsNaN(c) {
					t.Fatalf("Cover(%v) = %v", p, c)
				}
				lo, hi = math.Min(lo, c), math.Max(hi, c)
				switch d := m.RiverDistance(p); {
				case d < 500:
					nearSum += c
					nearN++
				case d > 5000:
					farSum += c
					farN++
				}
			}
			// Open country (MODEL.md V1, 0.2) is the floor; water and
			// towns only raise it.
			if lo < 0.19 {
				t.Errorf("cover %.2f below open country's 0.2", lo)
			}
			if nearN > 20 && farN > 20 && nearSum/float64(nearN) < farSum/float64(farN)+0.1 {
				t.Errorf("cover near rivers %.2f not above far %.2f", nearSum/float64(nearN), farSum/float64(farN))
			}
			if c := m.Cover(orb.Point{m.Bound.Max[0] + 1e5, 0}); c != 0 {
				t.Errorf("Cover outside Bound = %v", c)
			}
		})
	}
	// Deterministic: a second load gives the same field.
	m1 := mustMap(t, "pol-blr")
	m2, err := maps.Load("pol-blr")
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(8, 8))
	for range 1000 {
		p := randIn(r, m1.Bound)
		if m1.Cover(p) != m2.Cover(p) {
			t.Fatalf("Cover differs between loads at %v", p)
		}
	}
}

func TestHotPathsDoNotAllocate(t *testing.T) {
	m := mustMap(t, "usa-mex")
	p := m.Checkpoints[0].Pos
	tests := []struct {
		name string
		f    func()
	}{
		{"CountryAt", func() { m.CountryAt(p) }},
		{"BorderDistance", func() { m.BorderDistance(p) }},
		{"SignedBorderDistance", func() { m.SignedBorderDistance(p) }},
		{"NearestOnBorder", func() { m.NearestOnBorder(p) }},
		{"OnTrack", func() { m.OnTrack(p) }},
		{"Cover", func() { m.Cover(p) }},
		{"RiverDistance", func() { m.RiverDistance(p) }},
		{"NearestOnTrack", func() { m.NearestOnTrack(0, p) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if a := testing.AllocsPerRun(100, tc.f); a != 0 {
				t.Errorf("%s allocates %v per call", tc.name, a)
			}
		})
	}
}

func TestNoForbiddenImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil || len(files) == 0 {
		t.Fatalf("glob: %v, %d files", err, len(files))
	}
	fset := token.NewFileSet()
	for _, f := range files {
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, im := range af.Imports {
			if p := strings.ToLower(im.Path.Value); strings.Contains(p, "ebiten") || strings.Contains(p, "websocket") {
				t.Errorf("%s imports %s", f, im.Path.Value)
			}
		}
	}
}

func BenchmarkLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := maps.Load("usa-mex"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuery times each point query over 16k points of the usa-mex
// map, near the border or anywhere in its window.
func BenchmarkQuery(b *testing.B) {
	m := mustMap(b, "usa-mex")
	queries := []struct {
		name  string
		near  bool
		query func(p orb.Point)
	}{
		{"CountryAt", false, func(p orb.Point) { m.CountryAt(p) }},
		{"CountryAtNearBorder", true, func(p orb.Point) { m.CountryAt(p) }},
		{"BorderDistance", true, func(p orb.Point) { m.BorderDistance(p) }},
		{"BorderDistanceAnywhere", false, func(p orb.Point) { m.BorderDistance(p) }},
		{"OnTrack", true, func(p orb.Point) { m.OnTrack(p) }},
		{"Cover", false, func(p orb.Point) { m.Cover(p) }},
		{"RiverDistance", true, func(p orb.Point) { m.RiverDistance(p) }},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			r := rand.New(rand.NewPCG(9, 9))
			pts := make([]orb.Point, 1<<14)
			for i := range pts {
				if q.near {
					pts[i] = nearBorder(r, m, 5000)
				} else {
					pts[i] = randIn(r, m.Bound)
				}
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				q.query(pts[i&(len(pts)-1)])
				i++
			}
		})
	}
}

func TestBorderWithinMatchesDistance(t *testing.T) {
	for _, name := range maps.Names() {
		t.Run(name, func(t *testing.T) {
			m, err := maps.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			b := m.Bound
			for i := range 3000 {
				// a deterministic scatter over the window
				fx := float64((i*7919)%1000) / 1000
				fy := float64((i*104729)%997) / 997
				p := orb.Point{b.Min[0] + fx*(b.Max[0]-b.Min[0]), b.Min[1] + fy*(b.Max[1]-b.Min[1])}
				for _, d := range []float64{500, 3000, 20000} {
					want := m.BorderDistance(p) <= d
					if got := m.BorderWithin(p, d); got != want {
						t.Fatalf("BorderWithin(%v, %g) = %v, BorderDistance %g", p, d, got, m.BorderDistance(p))
					}
				}
			}
		})
	}
}
