package sim

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// riverWorld is an empty two-team exercise on map name with the given
// tick length.
func riverWorld(t *testing.T, name string, ts int, wx Weather) *World {
	t.Helper()
	m := testMap(t, name)
	s := &Scenario{Name: "rivers", Map: m, TickSeconds: ts, StartSecond: 12 * 3600, Weather: wx,
		Teams: []TeamSpec{{ID: "A", Country: m.Countries[0].ISO3}, {ID: "B", Country: m.Countries[1].ISO3}}}
	w, err := New(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// riverPoint returns a vertex of the named river at least 3 km from every
// bridge of the map, and the river's rank.
func riverPoint(t *testing.T, w *World, name string) (orb.Point, int) {
	t.Helper()
	for _, r := range w.m.Rivers {
		if r.Name != name {
			continue
		}
	next:
		for _, p := range r.Line {
			for _, c := range w.m.Checkpoints {
				if c.Kind == "bridge" && dist(c.Pos, p) < 3000 {
					continue next
				}
			}
			return p, r.Rank
		}
	}
	t.Fatalf("no vertex of %s away from bridges", name)
	return orb.Point{}, 0
}

// TestRiverCrossingLaw walks groups to crossing points on rivers of
// three size classes, in every weather, at tick lengths of 1 s and 5 s,
// and checks the time from reaching the water to being across against
// the law (MODEL.md R rows) worked out here from its rows; a group
// crossing at a bridge waits nothing.
func TestRiverCrossingLaw(t *testing.T) {
	rivers := []struct {
		m, river string
		width    float64
	}{
		{"usa-mex", "Rio Grande", RiverWidthMajor}, // scalerank 4
		{"grc-tur", "Evros", RiverWidthMedium},     // scalerank 7
		{"usa-mex", "Bavispe", RiverWidthMinor},    // scalerank 8
	}
	factor := map[Weather]float64{Clear: 1, Rain: CrossRain, Fog: CrossFog, Storm: CrossStorm}
	for _, r := range rivers {
		for wx, f := range factor {
			for _, ts := range []int{1, 5} {
				for _, vuln := range []bool{false, true} {
					w := riverWorld(t, r.m, ts, wx)
					at, rank := riverPoint(t, w, r.river)
					if RiverWidth(rank) != r.width {
						t.Fatalf("%s: scalerank %d gives %v m, want %v", r.river, rank, RiverWidth(rank), r.width)
					}
					want := (RiverPrepSeconds + r.width/RiverWadeSpeed) * f
					if vuln {
						want *= RiverVulnerableSlow
					}
					got := crossTime(t, w, at, vuln)
					if math.Abs(got-want) > float64(ts) {
						t.Errorf("%s, %v, tick %ds, vulnerable %v: across after %.0f s at the water, law %.0f s", r.river, wx, ts, vuln, got, want)
					}
				}
			}
		}
	}
	// At a bridge the group walks over.
	w := riverWorld(t, "usa-mex", 1, Clear)
	for _, c := range w.m.Checkpoints {
		if c.Kind != "bridge" {
			continue
		}
		if _, d := w.m.NearestRiver(c.Pos); d >= RiverNear {
			continue
		}
		if w.inRiver(c.Pos) {
			t.Errorf("bridge %s: a group crossing there wades", c.Name)
		}
		if got := crossTime(t, w, c.Pos, false); got != 0 {
			t.Errorf("bridge %s: %.0f s at the water, want 0", c.Name, got)
		}
		return
	}
	t.Fatal("usa-mex has no bridge over a river")
}

// crossTime walks a group 20 m to a crossing point at p and returns the
// seconds from its reaching p to its crossing.
func crossTime(t *testing.T, w *World, p orb.Point, vulnerable bool) float64 {
	t.Helper()
	c := crosser{id: int32(len(w.crossers)), kind: Migrants, size: 4, pos: orb.Point{p[0] + 20, p[1]}, cross: p,
		dest: orb.Point{p[0] - 5000, p[1]}, speed: MigrantSpeed * w.ts, state: Approaching, barrier: -1, crossed: -1,
		detected: -1, caught: -1, caughtBy: -1, vulnerable: vulnerable, river: w.inRiver(p)}
	c.cover = w.cover(c.pos)
	w.addCrosser(c)
	g := &w.crossers[c.id]
	reached := int32(-1)
	for range 20000 {
		w.Step(nil)
		if reached < 0 && g.pos == p {
			reached = w.tick
		}
		if g.crossed >= 0 {
			return float64(g.crossed-reached) * w.ts
		}
	}
	t.Fatal("the group never crossed")
	return 0
}
