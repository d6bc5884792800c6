package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// sensorWorld is a world with one Finnish camera and nothing else that
// detects, by day in clear weather.
func sensorWorld(t *testing.T, seed uint64) (*World, orb.Point) {
	t.Helper()
	s := fixture(t)
	s.StartSecond = 10 * 3600
	s.Units, s.Flows, s.Injects, s.Community, s.Barriers, s.Checkpoints = nil, nil, nil, nil, nil, nil
	at := ll(s.Map, 28.30, 61.05)
	s.Sensors = []SensorSpec{{Name: "cam", Team: 0, Kind: Camera, Pos: at, Range: 4000, Pd: 0.05, Shape: 2}}
	w, err := New(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w, at
}

// place puts a group of migrants at p heading for dest (already across).
func place(w *World, p, dest orb.Point, still bool) *crosser {
	c := crosser{id: int32(len(w.crossers)), kind: Migrants, size: 4, pos: p, cover: w.cover(p), dest: dest, cross: p, speed: 1.1,
		state: Crossed, barrier: -1, crossed: 0, detected: -1, caught: -1, caughtBy: -1}
	if still {
		c.wait = math.MaxInt32
	}
	w.addCrosser(c)
	return &w.crossers[c.id]
}

// TestDetectionRateMatchesCurve holds a group still at known ranges from a
// camera and checks that the share of ticks with a detection is within 3σ
// of the probability the curve gives.
func TestDetectionRateMatchesCurve(t *testing.T) {
	for _, frac := range []float64{0.1, 0.5, 0.9} {
		t.Run("", func(t *testing.T) {
			w, at := sensorWorld(t, uint64(frac*100))
			s := &w.sensors[0]
			r := s.rng * frac
			c := place(w, orb.Point{at[0] + r, at[1]}, at, true)
			p := LookProbability(PdAt(s.pd, s.rng, s.shape, r)*DetectFactor(Camera, Conditions{Weather: Clear, Cover: gridCover(w, c.pos), Kind: Migrants}), 1, int(c.size))
			const n = 20000
			hits := 0
			for range n {
				w.Step(nil)
				if tr := w.trackByID(w.seen.at(c.id, 0).track); tr != nil && tr.updated == w.tick {
					hits++
				}
			}
			got := float64(hits) / n
			sigma := math.Sqrt(p * (1 - p) / n)
			t.Logf("range %.0f m: rate %.4f, curve %.4f (σ %.4f)", r, got, p, sigma)
			if math.Abs(got-p) > 3*sigma {
				t.Errorf("range %.0f m: detection rate %.4f, curve says %.4f ± %.4f (3σ)", r, got, p, 3*sigma)
			}
		})
	}
}

// TestPassDetectionMatchesClosedForm sends a group past the camera at a
// known closest approach in many independent worlds and compares the share
// detected with 1 − Π(1 − p_t) over its path.
func TestPassDetectionMatchesClosedForm(t *testing.T) {
	const runs = 2000
	const offset = 3800.0 // metres, closest approach
	detected := 0
	var pass float64
	for seed := range uint64(runs) {
		w, at := sensorWorld(t, seed+1000)
		s := &w.sensors[0]
		start := orb.Point{at[0] - 2500, at[1] + offset}
		dest := orb.Point{at[0] + 2500, at[1] + offset}
		c := place(w, start, dest, false)
		c.speed = 20 // metres per tick: a group in a vehicle
		miss := 1.0
		for c.state == Crossed {
			w.Step(nil)
			if seed == 0 {
				d := dist(c.pos, at)
				p := LookProbability(PdAt(s.pd, s.rng, s.shape, d)*DetectFactor(Camera, Conditions{Weather: Clear, Cover: gridCover(w, c.pos), Kind: Migrants}), 1, int(c.size))
				miss *= 1 - p
			}
		}
		if seed == 0 {
			pass = 1 - miss
		}
		if w.seen.at(c.id, 0).first >= 0 {
			detected++
		}
	}
	got := float64(detected) / runs
	sigma := math.Sqrt(pass * (1 - pass) / runs)
	t.Logf("pass at %.0f m: detected %.3f, closed form %.3f (σ %.3f)", offset, got, pass, sigma)
	if pass < 0.05 || pass > 0.95 {
		t.Fatalf("closed form %.3f is too near 0 or 1 for a useful test", pass)
	}
	if math.Abs(got-pass) > 3*sigma {
		t.Errorf("detected share %.3f, closed form %.3f ± %.3f (3σ)", got, pass, 3*sigma)
	}
}

// TestFarFromBorder checks that the table autoShare consults before
// BorderWithin never calls a point far that is within the sharing depth,
// nor within one that is not, and that it does answer for many points,
// on and near the US–Mexico border.
func TestFarFromBorder(t *testing.T) {
	m := testMap(t, "usa-mex")
	var g grid
	g.init(m.Bound, crosserCell, true)
	a := agreement{spec: AgreementSpec{Share: ShareBorder, ShareDepth: 3000}}
	r := rand.New(rand.NewPCG(3, 4))
	length := m.BorderLength(0)
	far, in := 0, 0
	const n = 20000
	for range n {
		p, dir := m.PointAtChainage(0, r.Float64()*length)
		d := (r.Float64()*2 - 1) * 30000 // metres either side of the border
		if r.IntN(2) == 0 {
			d /= 5 // more points near the depth's line
		}
		q := orb.Point{p[0] - dir[1]*d, p[1] + dir[0]*d}
		want := m.BorderWithin(q, a.spec.ShareDepth)
		switch a.depthState(&g, m, q) {
		case farYes:
			far++
			if want {
				t.Fatalf("%v is %v m from the border, within %v m, but called far", q, d, a.spec.ShareDepth)
			}
		case farIn:
			in++
			if !want {
				t.Fatalf("%v is %v m from the border, beyond %v m, but called within", q, d, a.spec.ShareDepth)
			}
		}
		if got := a.withinDepth(&g, m, q); got != want {
			t.Fatalf("withinDepth(%v) = %v, BorderWithin %v", q, got, want)
		}
	}
	if far < n/4 || in < n/20 {
		t.Errorf("of %d points up to 30 km from the border, %d called far and %d within", n, far, in)
	}
}
