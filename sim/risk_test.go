package sim

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// riskWorld is the fixture with no units, sensors, flows or injects, and
// the hazards of r.
func riskWorld(t *testing.T, r RiskSpec, seed uint64) *World {
	t.Helper()
	s := fixture(t)
	s.Units, s.Sensors, s.Flows, s.Injects, s.Community, s.Barriers, s.Checkpoints = nil, nil, nil, nil, nil, nil, nil
	s.Risk = r
	w, err := New(s, seed)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// zOf is the z-score of k successes in n trials of probability p.
func zOf(k, n int, p float64) float64 {
	return (float64(k) - float64(n)*p) / math.Sqrt(float64(n)*p*(1-p))
}

// TestRiverDeaths: over 10,000 river crossings of one person each, the
// deaths match RiverDeathP (hazard × level × the weather's factor) within
// |z| ≤ 4.
func TestRiverDeaths(t *testing.T) {
	for _, tc := range []struct {
		name string
		wx   Weather
		want float64 // per person, worked out by hand
	}{
		{"clear", Clear, 0.02 * 1.5},
		{"rain", Rain, 0.02 * 1.5 * 2},
		{"storm", Storm, 0.02 * 1.5 * 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := riskWorld(t, RiskSpec{RiverHazard: 0.02, RiverLevel: 1.5}, 7)
			w.weather = tc.wx
			if p := RiverDeathP(0.02, 1.5, tc.wx); math.Abs(p-tc.want) > 1e-12 {
				t.Fatalf("RiverDeathP %.4f, want %.4f", p, tc.want)
			}
			at := w.teams[0].spec.Base
			const n = 10000
			for range n {
				c := place(w, at, at, true)
				c.size, c.river, c.state = 1, true, Approaching
				w.crossLine(c)
			}
			st := w.stats
			if z := zOf(st.Deaths, n, tc.want); math.Abs(z) > 4 {
				t.Errorf("%d deaths in %d crossings, want %.0f (z = %.2f)", st.Deaths, n, n*tc.want, z)
			}
			if st.Crossed != n-st.Deaths {
				t.Errorf("%d crossed, want the %d survivors", st.Crossed, n-st.Deaths)
			}
		})
	}
}

// TestColdDistress: at −15 °C, a group falls into distress at ColdRate ×
// 1.5 per hour; 2,000 still groups over an hour (60 draws each) match
// 1 − (1 − λ/60)^60 within |z| ≤ 4, and nobody dies within the window.
func TestColdDistress(t *testing.T) {
	temp := make([]float64, 24)
	for i := range temp {
		temp[i] = -15
	}
	w := riskWorld(t, RiskSpec{Temperature: temp}, 11)
	at := w.teams[0].spec.Base
	const n = 2000
	for range n {
		place(w, at, at, true)
	}
	for range 3600 {
		w.Step(nil)
	}
	lambda := ColdRate * 1.5 // per group-hour
	p := 1 - math.Pow(1-lambda/60, 60)
	if z := zOf(w.stats.Distress, n, p); math.Abs(z) > 4 {
		t.Errorf("%d of %d groups in distress after an hour at −15 °C, want %.0f (z = %.2f)", w.stats.Distress, n, n*p, z)
	}
	if w.stats.Deaths != 0 {
		t.Errorf("%d deaths inside the two-hour window", w.stats.Deaths)
	}
}

// TestDistressWindow: a group in distress that no one reaches loses
// persons when the window ends (an EvDeath with the cause) and the
// survivors go on; one that a unit reaches is rescued, not harmed.
func TestDistressWindow(t *testing.T) {
	w := riskWorld(t, RiskSpec{RescueTicks: 600}, 5)
	at := w.teams[0].spec.Base
	c := place(w, at, orb.Point{at[0] + 5000, at[1]}, true)
	c.size = 40
	w.startDistress(c, 0)
	var deaths []Event
	for range 601 {
		for _, e := range w.Step(nil) {
			if e.Kind == EvDeath {
				deaths = append(deaths, e)
			}
		}
	}
	if len(deaths) != 1 || deaths[0].Text != CauseCold || deaths[0].Team != Instructor || int(deaths[0].Unit) != w.stats.Deaths || c.size != 40-int32(w.stats.Deaths) {
		t.Fatalf("deaths %+v, stats %d, group size %d", deaths, w.stats.Deaths, c.size)
	}
	if z := zOf(w.stats.Deaths, 40, DistressMortality); math.Abs(z) > 4 {
		t.Errorf("%d of 40 died, want about %.0f", w.stats.Deaths, 40*DistressMortality)
	}
	if w.inDistress(c.id) || c.wait > 1 {
		t.Errorf("after the window: still in distress %v, wait %d", w.inDistress(c.id), c.wait)
	}
}

// TestRescue: a unit sent to a group in distress reaches it for certain;
// on its own side that is a rescue, across the line under an agreement
// that allows it a humanitarian one, with no incident (without one, an
// incident), and its persons go into custody.
func TestRescue(t *testing.T) {
	for _, tc := range []struct {
		name           string
		abroad, allows bool
		incidents      int
	}{{"home", false, true, 0}, {"across the line", true, true, 0}, {"across without agreement", true, false, 1}} {
		abroad := tc.abroad
		t.Run(tc.name, func(t *testing.T) {
			s := fixture(t)
			s.Sensors, s.Flows, s.Injects, s.Community, s.Barriers, s.Checkpoints = nil, nil, nil, nil, nil, nil
			s.Units = s.Units[:1]
			s.Agreements[0].Rescue = tc.allows
			at := s.Units[0].Pos
			w, err := New(s, 9)
			if err != nil {
				t.Fatal(err)
			}
			u := &w.units[0]
			gp := at
			if abroad {
				gp = ll(w.m, 28.75, 60.98) // Russian side near Nuijamaa
				u.pos = gp
			}
			c := place(w, gp, gp, true)
			w.startDistress(c, 0)
			// The team sees the group and sends the unit to it.
			w.detect(0, c.id, gp, SrcPatrol, 10)
			cmds := []Command{{ID: 1, Team: 0, Kind: CmdIntercept, Unit: u.id, Track: w.trackOf(c.id, 0)}}
			var rescue *Event
			for range 5 {
				for _, e := range w.Step(cmds) {
					if e.Kind == EvRescue {
						rescue = &e
					}
				}
				cmds = nil
			}
			if rescue == nil || w.stats.Rescues != 1 || c.state != Apprehended {
				t.Fatalf("no rescue: %+v, rescues %d, state %v", rescue, w.stats.Rescues, c.state)
			}
			wantText := map[bool]string{false: "", true: "humanitarian"}[abroad]
			if rescue.Text != wantText || w.stats.Humanitarian != len(wantText)/len("humanitarian") {
				t.Errorf("rescue text %q, humanitarian %d; want %q", rescue.Text, w.stats.Humanitarian, wantText)
			}
			if w.stats.Incidents != tc.incidents {
				t.Errorf("%d incidents, want %d", w.stats.Incidents, tc.incidents)
			}
			if len(w.custody) != 1 || !w.custody[0].rescued || u.escort != 4 {
				t.Errorf("custody %+v, escort %d; want the rescued group in the unit's charge", w.custody, u.escort)
			}
		})
	}
}

// TestRiskObjectives works the four objectives out by hand: of three
// groups in distress (window 600 ticks), one reached after 100 ticks, one
// left to its fate and one still within the window, rescue_within is 1/2;
// deaths_max, asylum_registered and trade_cost_max read their totals.
func TestRiskObjectives(t *testing.T) {
	w := riskWorld(t, RiskSpec{RescueTicks: 300}, 5)
	at := w.teams[0].spec.Base
	a, b := place(w, at, at, true), place(w, at, at, true)
	w.startDistress(a, 0)
	w.startDistress(b, 0)
	w.tick += 100
	w.rescueDelays = append(w.rescueDelays, w.tick-w.distress[0].since)
	w.endDistress(a.id)
	for range 400 { // b's 300 ticks run out
		w.Step(nil)
	}
	w.startDistress(place(w, at, at, true), 0)
	w.stats.AsylumClaims, w.stats.AsylumRegistered = 8, 6
	w.tradeCost = 1500
	for _, tc := range []struct {
		o    ObjectiveSpec
		want float64
		met  bool
	}{
		{ObjectiveSpec{Kind: ObjRescueWithin, Team: All, Window: 600, Target: 0.5}, 0.5, true},
		{ObjectiveSpec{Kind: ObjRescueWithin, Team: All, Window: 50, Target: 0.5}, 0, false},
		{ObjectiveSpec{Kind: ObjDeathsMax, Team: All, Target: 0}, float64(w.stats.Deaths), w.stats.Deaths == 0},
		{ObjectiveSpec{Kind: ObjAsylumRegistered, Team: All, Target: 0.8}, 0.75, false},
		{ObjectiveSpec{Kind: ObjTradeCostMax, Team: All, Target: 2000}, 1500, true},
	} {
		t.Run(tc.o.Kind.String(), func(t *testing.T) {
			v, met := w.objective(&tc.o)
			if math.Abs(v-tc.want) > 1e-9 || met != tc.met {
				t.Errorf("%s (window %d, target %g): %g met %v, want %g met %v", tc.o.Kind, tc.o.Window, tc.o.Target, v, met, tc.want, tc.met)
			}
		})
	}
}
