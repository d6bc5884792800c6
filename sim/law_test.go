package sim

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// The statistical tests of the detection model (docs/MODEL.md). Each
// compares a share of groups detected with the model's closed form, or
// two runs with each other, by a binomial z score that must stay within
// zMax. Each test also computes how far the law the engine had before
// (factors multiplying the per-look probability, not the per-second
// rate) lies from the closed form at its sample size, and fails as a
// badly designed test when that is within zMax: a wrong law must fail it.

// zMax is the largest |z| a statistical test accepts: about one false
// failure in 16,000 runs of a test.
const zMax = 4

// zOne is the binomial z score of k successes in n trials against p.
func zOne(k, n int, p float64) float64 {
	return (float64(k)/float64(n) - p) / math.Sqrt(p*(1-p)/float64(n))
}

// zTwo is the two-proportion z score (pooled) of k1 in n1 against k2 in n2.
func zTwo(k1, n1, k2, n2 int) float64 {
	p := float64(k1+k2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	return (float64(k1)/float64(n1) - float64(k2)/float64(n2)) / se
}

// lawWorld is the fixture by day in clear weather with the given tick
// length, holding only the given sensors: nothing else detects.
func lawWorld(t testing.TB, tick int, seed uint64, sensors ...SensorSpec) *World {
	t.Helper()
	s := fixture(t)
	s.TickSeconds = tick
	s.StartSecond = 10 * 3600
	s.Units, s.Flows, s.Injects, s.Community, s.Barriers, s.Checkpoints = nil, nil, nil, nil, nil, nil
	s.Sensors = sensors
	w, err := New(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// lawSite is where the law tests put their sensors: open ground on the
// Finnish side near Lappeenranta.
func lawSite(t testing.TB) orb.Point { return ll(testMap(t, "fin-rus"), 28.30, 61.05) }

// groups puts n groups of one person of kind k at p, walking to dest at
// speed metres per tick (0: held still), and returns their ids.
func groups(w *World, n int, k CrosserKind, p, dest orb.Point, speed float64) []int32 {
	ids := make([]int32, n)
	for i := range ids {
		c := place(w, p, dest, speed == 0)
		c.kind, c.speed, c.size = k, speed, 1
		ids[i] = c.id
	}
	w.crowdMax = 1
	w.maxStep = max(w.maxStep, speed)
	return ids
}

// detectedBy counts the groups team has seen.
func detectedBy(w *World, team int, ids []int32) int {
	k := 0
	for _, id := range ids {
		if w.seen.at(id, team).first >= 0 {
			k++
		}
	}
	return k
}

// gridCover is the cover detection reads at p: the grid keeps it in 8 bits.
func gridCover(w *World, p orb.Point) float64 { return float64(uint8(w.cover(p)*255)) / 255 }

// TestLookSpansTick holds groups still in front of a camera in fog for a
// minute at a tick of 5 s and compares the share detected with the law,
// 1 − (1 − q)^60 with q = pd·g(r)·F per second. The engine's old law,
// (1 − (1 − pd·g)^5)·F per look, gives 0.71 where the law gives 0.76:
// with 4000 groups σ is 0.0067 and the old law is 7.7σ off.
func TestLookSpansTick(t *testing.T) {
	const (
		n     = 4000
		tick  = 5
		look  = 60 // seconds
		r     = 1000.0
		pd    = 0.1
		rng   = 4000.0
		shape = 2.0
	)
	at := lawSite(t)
	w := lawWorld(t, tick, 11, SensorSpec{Name: "cam", Kind: Camera, Pos: at, Range: rng, Pd: pd, Shape: shape})
	w.weather = Fog
	p := orb.Point{at[0] + r, at[1]}
	ids := groups(w, n, Migrants, p, at, 0)
	for range look / tick {
		w.Step(nil)
	}
	f := DetectFactor(Camera, Conditions{Weather: Fog, Cover: gridCover(w, p), Kind: Migrants})
	g := PdAt(pd, rng, shape, r)
	want := 1 - math.Pow(1-g*f, look)
	old := 1 - math.Pow(1-(1-math.Pow(1-g, tick))*f, look/tick)
	k := detectedBy(w, 0, ids)
	z := zOne(k, n, want)
	t.Logf("detected %d/%d = %.4f; law %.4f (z %.2f); old law %.4f (z %.1f)", k, n, float64(k)/n, want, z, old, zOne(int(old*n), n, want))
	if zo := zOne(int(old*n), n, want); math.Abs(zo) <= zMax {
		t.Fatalf("test design: the old law is only %.1fσ from the new at n=%d", zo, n)
	}
	if math.Abs(z) > zMax {
		t.Errorf("detected share %.4f, law %.4f: z = %.2f", float64(k)/n, want, z)
	}
}

// passShare runs n smugglers walking past a ground sensor at offset metres
// (the edge of its 300 m range) at tick seconds per tick and returns how
// many the sensor detected.
func passShare(t *testing.T, tick int, seed uint64, n int) int {
	const offset = 290.0 // metres
	at := lawSite(t)
	w := lawWorld(t, tick, seed, SensorSpec{Name: "seis", Kind: Ground, Pos: at, Range: 300, Pd: 0.5, Shape: 1})
	from := orb.Point{at[0] - 150, at[1] + offset}
	to := orb.Point{at[0] + 150, at[1] + offset}
	ids := groups(w, n, Smugglers, from, to, MigrantSpeed*float64(tick))
	for w.crossers[ids[0]].state == Crossed {
		w.Step(nil)
	}
	return detectedBy(w, 0, ids)
}

// TestTickInvariance runs the same pass of a ground sensor at the edge of
// its range at tick: 1s and tick: 5s; the shares detected must agree
// (two-proportion z). Both detect about 0.75; under the old law the 5 s
// run detected 0.40 (z ≈ 16 at 1000 groups each).
func TestTickInvariance(t *testing.T) {
	const n = 1000
	k1 := passShare(t, 1, 21, n)
	k5 := passShare(t, 5, 22, n)
	z := zTwo(k1, n, k5, n)
	t.Logf("tick 1s: %d/%d detected; tick 5s: %d/%d; z %.2f", k1, n, k5, n, z)
	if math.Abs(z) > zMax {
		t.Errorf("tick 1s detects %.3f, tick 5s %.3f: z = %.2f", float64(k1)/n, float64(k5)/n, z)
	}
	if k1 < n/10 || k1 > n*9/10 {
		t.Fatalf("test design: %d/%d detected is too near 0 or 1 to compare", k1, n)
	}
}
