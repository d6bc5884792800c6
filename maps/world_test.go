package maps_test

import (
	"bytes"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/borderdrill/borderdrill/maps"
)

// tenPairs are pairs on four continents that are not bundled.
var tenPairs = []string{"nor-swe", "ind-bgd", "pol-ukr", "arg-chl", "can-usa", "fra-esp", "zaf-moz", "tha-mys", "bra-ury", "egy-sdn"}

func totalBorder(m *maps.Map) float64 {
	l := 0.0
	for i := range m.Border {
		l += m.BorderLength(i)
	}
	return l
}

func pairByName(t *testing.T, name string) maps.Pair {
	t.Helper()
	k := name
	if k[:3] > k[4:] {
		k = k[4:] + "-" + k[:3]
	}
	for _, p := range maps.Pairs() {
		if p.Name == k {
			return p
		}
	}
	t.Fatalf("no pair %s", k)
	return maps.Pair{}
}

func TestLoadWorldPairs(t *testing.T) {
	for _, name := range tenPairs {
		t.Run(name, func(t *testing.T) {
			m, err := maps.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			if m.Name != name {
				t.Errorf("Name = %q", m.Name)
			}
			if a, b := strings.ToUpper(name[:3]), strings.ToUpper(name[4:]); m.Countries[0].ISO3 != a || m.Countries[1].ISO3 != b {
				t.Errorf("countries %s, %s; want %s, %s", m.Countries[0].ISO3, m.Countries[1].ISO3, a, b)
			}
			// Planar length in the map's conformal projection against the
			// haversine length of pairs.json: within 1.5 %.
			p := pairByName(t, name)
			if got := totalBorder(m) / 1000; math.Abs(got-p.BorderKM) > 0.015*p.BorderKM {
				t.Errorf("border %.1f km, pairs.json %.1f km", got, p.BorderKM)
			}
			if len(m.Tracks) != 2 || len(m.Tracks[0].Lines)+len(m.Tracks[1].Lines) == 0 {
				t.Errorf("no patrol tracks")
			}
			// Points 1 km either side of the middle of the longest section
			// are in the two border countries, each on its own side.
			s := 0
			mid, dir := m.PointAtChainage(s, m.BorderLength(s)/2)
			left := orb.Point{mid[0] - dir[1]*1000, mid[1] + dir[0]*1000}
			right := orb.Point{mid[0] + dir[1]*1000, mid[1] - dir[0]*1000}
			cl, cr := m.CountryAt(left), m.CountryAt(right)
			if !(cl == 0 && cr == 1 || cl == 1 && cr == 0) {
				t.Errorf("either side of the border mid-point: countries %d and %d", cl, cr)
			}
			if math.Signbit(m.SignedBorderDistance(left)) == math.Signbit(m.SignedBorderDistance(right)) {
				t.Errorf("signed distance has one sign on both sides")
			}
		})
	}
}

func TestLoadEitherOrder(t *testing.T) {
	for _, tc := range []struct{ a, b string }{{"nor-swe", "swe-nor"}, {"pol-blr", "blr-pol"}, {"ind-bgd", "bgd-ind"}} {
		t.Run(tc.a, func(t *testing.T) {
			ma, err := maps.Load(tc.a)
			if err != nil {
				t.Fatal(err)
			}
			mb, err := maps.Load(tc.b)
			if err != nil {
				t.Fatal(err)
			}
			if totalBorder(ma) != totalBorder(mb) {
				t.Errorf("border %f m against %f m", totalBorder(ma), totalBorder(mb))
			}
			if ma.Countries[0].ISO3 != mb.Countries[1].ISO3 || ma.Countries[1].ISO3 != mb.Countries[0].ISO3 {
				t.Errorf("countries not swapped: %s %s / %s %s", ma.Countries[0].ISO3, ma.Countries[1].ISO3, mb.Countries[0].ISO3, mb.Countries[1].ISO3)
			}
			if len(ma.Checkpoints) != len(mb.Checkpoints) || len(ma.Towns) != len(mb.Towns) {
				t.Errorf("checkpoints %d/%d, towns %d/%d", len(ma.Checkpoints), len(mb.Checkpoints), len(ma.Towns), len(mb.Towns))
			}
		})
	}
}

func TestPackRoundTrip(t *testing.T) {
	for _, name := range []string{"pol-blr", "nor-swe", "esp-mar"} {
		t.Run(name, func(t *testing.T) {
			m, err := maps.Load(name)
			if err != nil {
				t.Fatal(err)
			}
			pack := m.Pack()
			again, err := maps.Load(name)
			if err != nil || !bytes.Equal(again.Pack(), pack) {
				t.Fatalf("a second Load packs differently (%v)", err)
			}
			u, err := maps.Unpack(pack)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(u.Pack(), pack) {
				t.Errorf("the unpacked map packs differently")
			}
			if u.Name != m.Name || totalBorder(u) != totalBorder(m) || len(u.Towns) != len(m.Towns) || len(u.Checkpoints) != len(m.Checkpoints) {
				t.Errorf("unpacked %s: border %f, towns %d, checkpoints %d; want %s, %f, %d, %d",
					u.Name, totalBorder(u), len(u.Towns), len(u.Checkpoints), m.Name, totalBorder(m), len(m.Towns), len(m.Checkpoints))
			}
			r := rand.New(rand.NewPCG(1, 2))
			for range 2000 {
				p := orb.Point{m.Bound.Min[0] + r.Float64()*(m.Bound.Max[0]-m.Bound.Min[0]), m.Bound.Min[1] + r.Float64()*(m.Bound.Max[1]-m.Bound.Min[1])}
				if m.CountryAt(p) != u.CountryAt(p) || m.BorderDistance(p) != u.BorderDistance(p) || m.Cover(p) != u.Cover(p) || m.OnTrack(p) != u.OnTrack(p) {
					t.Fatalf("at %v the unpacked map differs", p)
				}
			}
			if _, err := maps.Unpack(pack[:len(pack)/2]); err == nil {
				t.Errorf("a truncated pack unpacks")
			}
		})
	}
}

func TestPairs(t *testing.T) {
	ps := maps.Pairs()
	if len(ps) != 337 {
		t.Fatalf("%d pairs, want 337", len(ps))
	}
	if !slices.IsSortedFunc(ps, func(a, b maps.Pair) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("pairs not sorted")
	}
	bundled := 0
	for _, p := range ps {
		if p.Bundled != "" {
			bundled++
		}
		if p.Name != strings.ToLower(p.A+"-"+p.B) || p.BorderKM <= 0 {
			t.Errorf("pair %+v", p)
		}
	}
	if bundled != len(maps.Names()) {
		t.Errorf("%d bundled pairs, want %d", bundled, len(maps.Names()))
	}
}

// TestResolve resolves pair names as a user types them; a name that does
// not resolve is refused by Load too, with the same reason and the maps:
// prefix.
func TestResolve(t *testing.T) {
	tests := []struct{ in, want, err string }{
		{"nor-swe", "nor-swe", ""},
		{"SWE-NOR", "swe-nor", ""},
		{"pol_blr", "pol-blr", ""},
		{"ssd-sdn", "sds-sdn", ""},
		{"ind-bgx", "", "nearest: bgd-ind"},
		{"fra-pol", "", "nearest: bel-fra, and-fra"},
		{"xx", "", "borderdrill maps"},
		{"", "", "borderdrill maps"},
		{"../data/fin-rus", "", "nearest: fin-rus"},
		{"fin-rux", "", "nearest: fin-rus"},
		{"nor-fra", "", "fin-nor"}, // no common border
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := maps.Resolve(tc.in)
			if tc.err == "" {
				if err != nil || got != tc.want {
					t.Errorf("Resolve(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Resolve(%q) error %v; want one naming %q", tc.in, err, tc.err)
			}
			m, err := maps.Load(tc.in)
			if err == nil || m != nil {
				t.Fatalf("Load(%q) = %v; want error", tc.in, err)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, "maps: ") || !strings.Contains(msg, tc.err) {
				t.Errorf("Load(%q) error %q; want the maps: prefix and %q", tc.in, msg, tc.err)
			}
		})
	}
}

func BenchmarkLoadWorld(b *testing.B) {
	for _, name := range []string{"nor-swe", "kaz-rus", "arg-chl", "can-usa"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := maps.Load(name); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzUnpack feeds damaged packs to Unpack: an error or a Map, never a
// panic (a pack comes over the network).
func FuzzUnpack(f *testing.F) {
	m, err := maps.Load("esp-mar")
	if err != nil {
		f.Fatal(err)
	}
	pack := m.Pack()
	f.Add(pack)
	f.Add(pack[:len(pack)/2])
	f.Add([]byte("BDMAP1\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if u, err := maps.Unpack(b); err == nil && u == nil {
			t.Fatal("nil map without an error")
		}
	})
}
