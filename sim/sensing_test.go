package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// lawCase is one statistical check of a detection law: groups held still
// at range r from a looker for look seconds at a tick of 5 s.
type lawCase struct {
	name    string
	sensor  SensorSpec // the looker, unless unit is set
	unit    *UnitSpec
	night   bool
	weather Weather
	r       float64 // metres from the looker, east of it
	look    int     // seconds
}

// want returns the law's share detected and the old law's, for the case
// in w at p. The old law compounded pd alone over a look and multiplied
// the fall-off and the factors into the per-look value, (1 − (1 − pd)^e)·g·F,
// and a patrol had no fall-off.
func (c lawCase) want(w *World, p orb.Point) (law, old float64) {
	cover := gridCover(w, p)
	cond := Conditions{Night: c.night, Weather: c.weather, Cover: cover, Kind: Migrants}
	ts := w.ts
	var q, f, pd, looks, per float64 // q per second (scan), per: seconds (scans) a look spans
	if c.unit != nil {
		rng := w.units[0].observe
		if c.night {
			rng *= PatrolNightRange
		}
		pd, f = PatrolPd, PatrolFactor(c.unit.Kind, cond)
		q = PdAt(pd, rng, PatrolShape, c.r) * f
		looks, per = float64(c.look)/ts, ts
	} else {
		s := &w.sensors[0]
		pd, f = s.pd, DetectFactor(c.sensor.Kind, cond)
		q = PdAt(pd, s.rng, s.shape, c.r) * f
		looks, per = float64(c.look)/ts/float64(s.period), s.expo
	}
	law = 1 - math.Pow(1-q, looks*per)
	g := q / f / pd
	if c.unit != nil {
		g = 1
	}
	old = 1 - math.Pow(1-(1-math.Pow(1-pd, per))*g*f, looks)
	return law, old
}

// TestSensorLaws holds groups of one person still in front of each kind
// of looker, at two ranges, and compares the share detected with the law
// 1 − (1 − q)^seconds (a radar: ^scans), q = pd·g(r)·F, at a tick of 5 s.
// Each case checks that its sample (8000 groups) would fail the engine's
// former law, (1 − (1 − pd·g)^5)·F per look, by more than zMax.
func TestSensorLaws(t *testing.T) {
	at := lawSite(t)
	foot := &UnitSpec{Name: "foot", Kind: Foot, Pos: at}
	cases := []lawCase{
		{name: "daylight camera by day", sensor: SensorSpec{Kind: Camera}, r: 2500, look: 20},
		{name: "daylight camera by day, far", sensor: SensorSpec{Kind: Camera}, r: 3500, look: 60},
		{name: "thermal camera at night in fog", sensor: SensorSpec{Kind: Thermal}, night: true, weather: Fog, r: 900, look: 60},
		{name: "thermal camera at night in fog, far", sensor: SensorSpec{Kind: Thermal}, night: true, weather: Fog, r: 2100, look: 60},
		{name: "seismic", sensor: SensorSpec{Kind: Ground}, r: 15, look: 5},
		{name: "seismic, far", sensor: SensorSpec{Kind: Ground}, r: 24, look: 10},
		{name: "magnetic", sensor: SensorSpec{Kind: Magnetic}, r: 3, look: 5},
		{name: "magnetic, far", sensor: SensorSpec{Kind: Magnetic}, r: 6, look: 10},
		// A radar scanning every second, five scans a look.
		{name: "radar in rain", sensor: SensorSpec{Kind: Radar, Pd: 0.1, ScanSeconds: 1}, weather: Rain, r: 6000, look: 10},
		{name: "radar in rain, far", sensor: SensorSpec{Kind: Radar, Pd: 0.1, ScanSeconds: 1}, weather: Rain, r: 9500, look: 40},
		{name: "foot patrol at night", unit: foot, night: true, r: 150, look: 20},
		{name: "foot patrol at night, far", unit: foot, night: true, r: 380, look: 40},
	}
	const n = 8000
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var w *World
			if c.unit != nil {
				w = lawWorld(t, 5, uint64(100+i))
				w.units = append(w.units, newUnit(0, *c.unit, w.ts))
			} else {
				c.sensor.Name, c.sensor.Pos = "s", at
				w = lawWorld(t, 5, uint64(100+i), c.sensor)
			}
			w.weather = c.weather
			if c.night {
				w.sc.StartSecond = 22 * 3600
			}
			p := orb.Point{at[0] + c.r, at[1]}
			ids := groups(w, n, Migrants, p, at, 0)
			for range c.look / 5 {
				w.Step(nil)
			}
			law, old := c.want(w, p)
			k := detectedBy(w, 0, ids)
			z, zOld := zOne(k, n, law), zOne(int(old*n), n, law)
			t.Logf("detected %d/%d = %.4f; law %.4f (z %.2f); old law %.4f (z %.1f)", k, n, float64(k)/n, law, z, old, zOld)
			if law < 0.05 || law > 0.95 {
				t.Fatalf("test design: law %.3f is too near 0 or 1", law)
			}
			if math.Abs(zOld) <= zMax {
				t.Fatalf("test design: the old law is only %.1fσ from the law", zOld)
			}
			if math.Abs(z) > zMax {
				t.Errorf("detected %.4f, law %.4f: z = %.2f", float64(k)/n, law, z)
			}
		})
	}
}

// TestSectorAndHorizon checks that a sensor sees nothing behind its
// sector or beyond its horizon, and by the law inside both.
func TestSectorAndHorizon(t *testing.T) {
	at := lawSite(t)
	const n = 2000
	cases := []struct {
		name   string
		spec   SensorSpec
		p      orb.Point
		inside bool
	}{
		{"in the sector", SensorSpec{Kind: Camera, Azimuth: 90, Sector: 60}, orb.Point{at[0] + 1500, at[1] + 500}, true},
		{"behind the sector", SensorSpec{Kind: Camera, Azimuth: 90, Sector: 60}, orb.Point{at[0] - 1500, at[1]}, false},
		{"beside the sector", SensorSpec{Kind: Camera, Azimuth: 90, Sector: 60}, orb.Point{at[0] + 1500, at[1] + 1000}, false},
		// A camera 1 m up sees a person no farther than 3570·(1 + √1.7) m.
		{"within the horizon", SensorSpec{Kind: Camera, Range: 20000, Height: 1}, orb.Point{at[0] + 4000, at[1]}, true},
		{"beyond the horizon", SensorSpec{Kind: Camera, Range: 20000, Height: 1}, orb.Point{at[0] + 8500, at[1]}, false},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.spec.Name, c.spec.Pos = "cam", at
			w := lawWorld(t, 5, uint64(200+i), c.spec)
			ids := groups(w, n, Migrants, c.p, at, 0)
			for range 24 {
				w.Step(nil)
			}
			k := detectedBy(w, 0, ids)
			if !c.inside {
				if k != 0 {
					t.Errorf("%d of %d groups detected where the sensor cannot see", k, n)
				}
				return
			}
			s := &w.sensors[0]
			d := dist(c.p, at)
			q := PdAt(s.pd, s.rng, s.shape, d) * DetectFactor(Camera, Conditions{Cover: gridCover(w, c.p), Kind: Migrants})
			law := 1 - math.Pow(1-q, 120)
			if z := zOne(k, n, law); math.Abs(z) > zMax {
				t.Errorf("detected %.4f, law %.4f: z = %.2f", float64(k)/n, law, z)
			}
		})
	}
}

// TestNuisanceRate counts the nuisance alarms of seismic sensors in open
// country and next to a town and a river over 30 simulated days at a tick
// of 60 s, against the Poisson mean of the documented rate. The site
// factor is large next to a town: the open-country rate there would be
// far more than zMax off.
func TestNuisanceRate(t *testing.T) {
	m := testMap(t, "fin-rus")
	town := m.Towns[0].Pos
	for _, river := range []bool{false, true} {
		var p orb.Point
		switch {
		case river:
			// The first river vertex on land.
			for _, r := range m.Rivers {
				for _, v := range r.Line {
					if m.CountryAt(v) >= 0 && p == (orb.Point{}) {
						p = v
					}
				}
			}
		default:
			p = orb.Point{town[0] + 300, town[1]}
		}
		t.Run(fmt.Sprintf("river=%v", river), func(t *testing.T) {
			const base, days = 20.0, 30 // alarms per day in open country
			w := lawWorld(t, 60, 7, SensorSpec{Name: "seis", Kind: Ground, Pos: p, FalseAlarmsPerDay: base})
			for range days * 86400 / 60 {
				w.Step(nil)
			}
			f := NuisanceFactor(m, p)
			mu := base * f * days
			k := float64(w.stats.FalseTracks)
			z := (k - mu) / math.Sqrt(mu)
			zOpen := (k - base*days) / math.Sqrt(base*days)
			t.Logf("site factor %.2f: %v alarms, Poisson mean %.1f (z %.2f); open-country mean %v (z %.1f)", f, k, mu, z, base*days, zOpen)
			if math.Abs(zOpen) <= zMax {
				t.Fatalf("test design: the site adds too little (%.2f) to tell it from open country", f)
			}
			if math.Abs(z) > zMax {
				t.Errorf("%v nuisance alarms, Poisson mean %.1f: z = %.2f", k, mu, z)
			}
		})
	}
}

// TestDroneSweep is Koopman's random search: a drone flies straight
// passes at random lateral offsets over a still group in a strip A wide,
// and the share of groups detected must follow 1 − exp(−W_eff·v·t/A) per
// unit length, with W_eff the footprint's side W = 2·h·tan(fov/2) times
// the chance of detection while the group is under it. The group's place
// and the passes are independent in each of many replicas (one drone and
// one group each, far apart), so the groups are independent trials. The
// disc the engine used before (3 km at 0.2/s) detected every group: z > 50.
func TestDroneSweep(t *testing.T) {
	at := lawSite(t)
	w := lawWorld(t, 1, 9)
	W := SweepWidth(DroneAltitude, DroneFOV)
	const (
		n      = 1500 // replicas
		passes = 20
		length = 600.0 // metres of one pass
		rowLen = 40    // replicas in a row
	)
	strip := passes * W // the offsets of the passes span the strip; the group lies W/2 inside its edges
	r := rand.New(rand.NewPCG(5, 6))
	ids := make([]int32, n)
	origin := make([]orb.Point, n)
	var koopman, weff float64
	for i := range ids {
		origin[i] = orb.Point{at[0] + float64(i%rowLen)*(strip+1000), at[1] + float64(i/rowLen)*(length+200)}
		p := orb.Point{origin[i][0] + (r.Float64()-0.5)*(strip-W), origin[i][1]}
		ids[i] = groups(w, 1, Migrants, p, p, 0)[0]
		u := newUnit(int32(i), UnitSpec{Name: "uav", Kind: Drone, Pos: p, Endurance: math.MaxInt32 / 2}, w.ts)
		u.aloft = true
		w.units = append(w.units, u)
		// Under the footprint for W/v seconds: 25 m a tick from 300 m
		// short, at 5 positions of the group's.
		looks := math.Floor(W/2/DroneSpeed)*2 + 1
		we := W * (1 - math.Pow(1-DronePd*(1-DroneCover*gridCover(w, p)), looks))
		weff += we / n
		koopman += (1 - math.Exp(-we*passes*length/(strip*length))) / n
	}
	for range passes {
		for i := range w.units {
			d := &w.units[i]
			o := origin[i][0] + (r.Float64()-0.5)*strip
			d.pos, d.target, d.order = orb.Point{o, origin[i][1] - length/2}, orb.Point{o, origin[i][1] + length/2}, OrderMove
		}
		for w.units[0].order == OrderMove {
			w.Step(nil)
		}
	}
	k := detectedBy(w, 0, ids)
	z := zOne(k, n, koopman)
	t.Logf("W %.1f m, W_eff %.1f m: detected %d/%d = %.4f, Koopman %.4f (z %.2f)", W, weff, k, n, float64(k)/n, koopman, z)
	if math.Abs(z) > zMax {
		t.Errorf("detected %.4f, Koopman's random search %.4f: z = %.2f", float64(k)/n, koopman, z)
	}
}

// TestCrowdLaw holds groups of 1, 9 and 49 persons in front of a camera
// and compares the share detected with 1 − (1 − q)^(seconds·n^α). A law
// that ignored size (as the engine did) would be more than zMax off for
// the crowds.
func TestCrowdLaw(t *testing.T) {
	at := lawSite(t)
	const n, look = 4000, 30
	for i, size := range []int{1, 9, 49} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			w := lawWorld(t, 5, uint64(300+i), SensorSpec{Name: "cam", Kind: Camera, Pos: at})
			p := orb.Point{at[0] + 3000, at[1]}
			ids := groups(w, n, Migrants, p, at, 0)
			for _, id := range ids {
				w.crossers[id].size = int32(size)
			}
			w.crowdMax = crowdGain(float64(size))
			for range look / 5 {
				w.Step(nil)
			}
			s := &w.sensors[0]
			q := PdAt(s.pd, s.rng, s.shape, 3000) * DetectFactor(Camera, Conditions{Cover: gridCover(w, p), Kind: Migrants})
			law := LookProbability(q, look, size)
			single := LookProbability(q, look, 1)
			k := detectedBy(w, 0, ids)
			z := zOne(k, n, law)
			t.Logf("size %d: detected %d/%d = %.4f; law %.4f (z %.2f); one walker %.4f", size, k, n, float64(k)/n, law, z, single)
			if zs := zOne(int(single*n), n, law); size > 1 && math.Abs(zs) <= zMax {
				t.Fatalf("test design: a size-blind law is only %.1fσ off", zs)
			}
			if math.Abs(z) > zMax {
				t.Errorf("detected %.4f, law %.4f: z = %.2f", float64(k)/n, law, z)
			}
		})
	}
}

// TestGroupSpeed checks one step of a walking group against the movement
// law: speed·(1 − CoverSlow·cover)·weather·(VulnerableSlow if vulnerable).
func TestGroupSpeed(t *testing.T) {
	at := lawSite(t)
	cases := []struct {
		name       string
		wx         Weather
		vulnerable bool
		factor     float64
	}{
		{"clear", Clear, false, 1},
		{"storm", Storm, false, StormSlow},
		{"vulnerable in rain", Rain, true, RainSlow * VulnerableSlow},
		{"vulnerable in fog", Fog, true, FogSlow * VulnerableSlow},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := lawWorld(t, 1, 1)
			w.weather = c.wx
			g := &w.crossers[groups(w, 1, Migrants, at, orb.Point{at[0] + 5000, at[1]}, MigrantSpeed)[0]]
			g.vulnerable = c.vulnerable
			cover := g.cover
			w.Step(nil)
			want := MigrantSpeed * (1 - CoverSlow*cover) * c.factor
			if got := dist(g.pos, at); math.Abs(got-want) > 1e-9 {
				t.Errorf("moved %.6f m in a tick, want %.6f", got, want)
			}
		})
	}
}
