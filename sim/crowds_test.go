package sim

import (
	"math"
	"strconv"
	"testing"

	"github.com/paulmach/orb"
)

// crowdWorld is a world with one foot patrol of team 0 holding at a point
// and nothing else.
func crowdWorld(t *testing.T, seed uint64, capacity int) (*World, orb.Point) {
	t.Helper()
	s := fixture(t)
	s.StartSecond = 10 * 3600
	s.Units, s.Flows, s.Injects, s.Community, s.Barriers, s.Checkpoints, s.Sensors = nil, nil, nil, nil, nil, nil, nil
	at := ll(s.Map, 28.30, 61.05)
	s.Units = []UnitSpec{{Name: "p", Team: 0, Kind: Foot, Pos: at, Capacity: capacity}}
	w, err := New(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w, at
}

// TestCapacitySplitsGroup intercepts groups of several sizes with a foot
// patrol of capacity 12: the patrol keeps (and escorts) 12 persons, the
// rest break away in fragments of ScatterSize that run off, and no person
// is lost.
func TestCapacitySplitsGroup(t *testing.T) {
	for _, size := range []int32{5, 12, 13, 30, 80} {
		t.Run(strconv.Itoa(int(size)), func(t *testing.T) {
			w, at := crowdWorld(t, uint64(size), 0)
			u := &w.units[0]
			if u.capacity != DefaultFootCapacity {
				t.Fatalf("capacity %d, want the default %d", u.capacity, DefaultFootCapacity)
			}
			g := place(w, orb.Point{at[0] + 10, at[1]}, orb.Point{at[0] + 20000, at[1]}, true)
			g.size = size
			gid := g.id
			var scatter *Event
			for w.crossers[gid].state != Apprehended {
				for _, e := range w.Step(nil) {
					if e.Kind == EvScatter {
						e := e
						scatter = &e
					}
				}
				if w.tick > 1000 {
					t.Fatal("not apprehended in 1000 ticks")
				}
			}
			took := min(size, DefaultFootCapacity)
			if got := w.crossers[gid].size; got != took {
				t.Errorf("apprehended group holds %d persons, want %d", got, took)
			}
			if u.escort != took {
				t.Errorf("unit escorts %d, want %d", u.escort, took)
			}
			wantFrags := (size - took + ScatterSize - 1) / ScatterSize
			frags := int32(len(w.crossers)) - 1
			if frags != wantFrags {
				t.Errorf("%d fragments, want %d", frags, wantFrags)
			}
			persons := w.crossers[gid].size
			for _, c := range w.crossers[1:] {
				persons += c.size
				if c.size > ScatterSize || c.size < 1 {
					t.Errorf("fragment of %d persons", c.size)
				}
			}
			if persons != size {
				t.Errorf("%d persons after the split, want %d", persons, size)
			}
			switch {
			case wantFrags == 0 && scatter != nil:
				t.Errorf("a group that fits scattered: %+v", *scatter)
			case wantFrags > 0 && (scatter == nil || scatter.Text != strconv.Itoa(int(wantFrags)) || scatter.Team != 0):
				t.Errorf("scatter event %+v, want %d fragments told to team 0", scatter, wantFrags)
			}
			if w.stats.Attempted != int(frags) || w.stats.Apprehended != 1 {
				t.Errorf("stats: %d attempted, %d apprehended", w.stats.Attempted, w.stats.Apprehended)
			}
		})
	}
}

// TestScatterLaw checks the scatter law statistically: each fragment runs
// ScatterDistance metres in a direction drawn uniformly (the mean cosine
// and sine of the directions of n fragments have a standard deviation of
// 1/√(2n)), and a patrol with room takes a group within its reach at
// CaptureChance per second (the mean wait to the capture is 1/p ticks,
// with standard deviation √(1−p)/p per capture).
func TestScatterLaw(t *testing.T) {
	var sc, ss float64
	var n int
	var waits []float64
	for seed := range uint64(150) {
		w, at := crowdWorld(t, seed, 2)
		g := place(w, orb.Point{at[0] + 10, at[1]}, orb.Point{at[0] + 20000, at[1]}, true)
		g.size = 2 + 10*ScatterSize
		gid, start := g.id, g.pos
		for w.crossers[gid].state != Apprehended {
			w.Step(nil)
		}
		waits = append(waits, float64(w.tick))
		for i := range w.crossers[1:] {
			f := &w.crossers[1+i]
			run := w.legs[f.way-1][1][0]
			dx, dy := run[0]-start[0], run[1]-start[1]
			if d := math.Hypot(dx, dy); math.Abs(d-ScatterDistance) > 1e-6 {
				t.Fatalf("fragment runs %.1f m, want %d", d, ScatterDistance)
			}
			sc += dx / ScatterDistance
			ss += dy / ScatterDistance
			n++
		}
	}
	sd := 1 / math.Sqrt(2*float64(n))
	for _, c := range []struct {
		name string
		mean float64
	}{{"cos", sc / float64(n)}, {"sin", ss / float64(n)}} {
		if z := c.mean / sd; math.Abs(z) > 4 {
			t.Errorf("mean %s of %d scatter directions %.4f: z = %.1f", c.name, n, c.mean, z)
		}
	}
	p := float64(CaptureChance)
	var sum float64
	for _, x := range waits {
		sum += x
	}
	mean := sum / float64(len(waits))
	se := math.Sqrt(1-p) / p / math.Sqrt(float64(len(waits)))
	if z := (mean - 1/p) / se; math.Abs(z) > 4 {
		t.Errorf("mean wait to capture %.2f ticks, law 1/p = %.2f: z = %.1f", mean, 1/p, z)
	}
	t.Logf("%d fragments; mean wait %.2f ticks (law %.2f)", n, mean, 1/p)
}
