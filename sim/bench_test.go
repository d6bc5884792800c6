package sim

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"syscall"
	"testing"

	"github.com/paulmach/orb"
)

// benchWorld builds a world of n agents on the US–Mexico border: a tenth
// of them patrols of both countries moving along their patrol tracks, the
// rest crossing groups walking across the border, and one fixed sensor per
// ten agents (ground sensors, cameras and radars in the proportions of a
// real deployment) on both sides, and stations to hand persons over.
func benchWorld(b *testing.B, n int) *World {
	m := testMap(b, "usa-mex")
	r := rand.New(rand.NewPCG(1, 2))
	length := m.BorderLength(0)
	// along returns a point d metres into country side (0 or 1) at a random
	// place on the border, and the border point.
	along := func(side int, d float64) (orb.Point, orb.Point) {
		for {
			p, dir := m.PointAtChainage(0, r.Float64()*length)
			nx, ny := -dir[1], dir[0]
			for _, sgn := range []float64{1, -1} {
				q := orb.Point{p[0] + sgn*nx*d, p[1] + sgn*ny*d}
				if m.CountryAt(q) == side {
					return q, p
				}
			}
		}
	}
	s := &Scenario{Name: "bench", Map: m, TickSeconds: 1, StartSecond: 12 * 3600,
		Teams: []TeamSpec{
			{ID: "USA", Country: "USA", Base: m.Proj.Forward(orb.Point{-106.44, 31.76})},
			{ID: "MEX", Country: "MEX", Base: m.Proj.Forward(orb.Point{-106.48, 31.69})},
		},
	}
	units := n / 10
	for i := range units {
		side := i % 2
		a, _ := along(side, 2000)
		bpt, _ := m.NearestOnTrack(side, orb.Point{a[0] + 8000, a[1]})
		kind := Foot
		if i%3 == 0 {
			kind = Vehicle
		}
		s.Units = append(s.Units, UnitSpec{Name: fmt.Sprint("U", i), Team: side, Kind: kind, Pos: a, Route: []orb.Point{a, bpt}})
	}
	for i := range n / 10 {
		side := i % 2
		kind := [...]SensorKind{Ground, Ground, Ground, Ground, Ground, Ground, Camera, Camera, Camera, Radar}[i%10]
		p, _ := along(side, 500+r.Float64()*3000)
		s.Sensors = append(s.Sensors, SensorSpec{Name: fmt.Sprint("S", i), Team: side, Kind: kind, Pos: p, FalseAlarmsPerDay: 1})
	}
	// A station every 50 km on each side, where units hand over the
	// persons they apprehend (as the US Border Patrol's stations along
	// the southwest border).
	for c := 0.0; c < length; c += 50000 {
		p, dir := m.PointAtChainage(0, c)
		for _, sgn := range []float64{1, -1} {
			q := orb.Point{p[0] - sgn*dir[1]*3000, p[1] + sgn*dir[0]*3000}
			if side := m.CountryAt(q); side >= 0 && m.OnLand(q) {
				s.Receptions = append(s.Receptions, ReceptionSpec{Name: fmt.Sprint("R", len(s.Receptions)), Team: side, Pos: q, Capacity: 1 << 30})
			}
		}
	}
	s.Agreements = []AgreementSpec{{ID: "a", A: 0, B: 1, Share: ShareBorder, ShareDepth: 3000, Delay: 60}}
	w, err := New(s, 1)
	if err != nil {
		b.Fatal(err)
	}
	for i := range n - units {
		side := i % 2
		from, cross := along(side, 5000+r.Float64()*20000)
		dx, dy := cross[0]-from[0], cross[1]-from[1]
		dest := orb.Point{cross[0] + dx, cross[1] + dy}
		c := place(w, from, dest, false)
		c.state, c.cross, c.crossed = Approaching, cross, -1
		c.origin, c.into = int8(side), int8(1-side)
	}
	return w
}

// BenchmarkStep measures one tick of a large exercise. It reports the
// heap held per agent (units and crossers) as B/agent.
func BenchmarkStep(b *testing.B) {
	for _, n := range []int{10000, 100000} {
		b.Run(fmt.Sprintf("agents=%d", n), func(b *testing.B) {
			// The map and its navigation grid are shared, static data: not per agent.
			testMap(b, "usa-mex").PrepareRoutes()
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			w := benchWorld(b, n)
			for range 50 {
				w.Step(nil)
			}
			runtime.GC()
			runtime.ReadMemStats(&after)
			perAgent := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cpuTime()
			for b.Loop() {
				w.Step(nil)
			}
			b.StopTimer()
			// CPU time per tick, which other load on a shared machine
			// disturbs far less than wall time.
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(perAgent, "B/agent")
			b.ReportMetric(float64(w.stats.Detected), "detected")
			runtime.KeepAlive(w)
		})
	}
}

// cpuTime returns the process's user and system CPU time in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
