package sim

import (
	"testing"

	"github.com/paulmach/orb"
)

// borderPoint returns a point d metres into country ci, near p.
func borderPoint(t *testing.T, w *World, p orb.Point, ci int, d float64) orb.Point {
	t.Helper()
	q, _, _ := w.m.NearestOnBorder(p)
	// Walk from the border point along the vector toward p (or away from
	// it) until the point is d metres inside ci.
	dx, dy := p[0]-q[0], p[1]-q[1]
	l := dist(p, q)
	dx, dy = dx/l, dy/l
	for _, sgn := range []float64{1, -1} {
		r := orb.Point{q[0] + sgn*dx*d, q[1] + sgn*dy*d}
		if w.m.CountryAt(r) == ci && w.m.BorderDistance(r) > d*0.5 {
			return r
		}
	}
	t.Fatalf("no point %g m into country %d near %v", d, ci, p)
	return orb.Point{}
}

func TestJurisdiction(t *testing.T) {
	s := fixture(t)
	m := s.Map
	rus := m.CountryIndex("RUS")
	far := ll(m, 28.9, 61.25) // north of Svetogorsk, away from the joint zone
	zone := ll(m, 28.30, 60.86)
	cases := []struct {
		name     string
		zone     bool
		pursuit  bool
		depth    float64
		time     int32 // pursuit ticks the agreement allows
		incident bool
		change   string // the white cell's agreement change at the start (terms.go), if any
	}{
		{"move into neighbour", false, false, 3000, 3600, true, ""},
		{"joint patrol zone", true, false, 1500, 3600, false, ""},
		{"hot pursuit within depth and time", false, true, 1000, 3600, false, ""},
		{"hot pursuit too deep", false, true, 4000, 3600, true, ""},
		{"hot pursuit too long", false, true, 1000, 300, true, ""},
		{"hot pursuit forbidden by a change", false, true, 1000, 3600, true, "pursuit_depth_km=0"},
		{"hot pursuit deepened by a change", false, true, 4000, 3600, false, "pursuit_depth_km=5"},
		{"hot pursuit lengthened by a change", false, true, 1000, 300, false, "pursuit_min=60"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := fixture(t)
			s.Flows, s.Injects = nil, nil
			at := far
			if tc.zone {
				at = zone
			}
			w, err := New(s, 1)
			if err != nil {
				t.Fatal(err)
			}
			target := borderPoint(t, w, at, rus, tc.depth)
			w.agreements[0].spec.PursuitTicks = tc.time
			if tc.zone {
				w.agreements[0].spec.JointZones = []Zone{{Name: "z", Center: target, Radius: 5000}}
			}
			u := &w.units[0]
			home := w.teams[0].country
			start := borderPoint(t, w, at, home, 300)
			u.pos = start
			cmd := Command{ID: 1, Team: 0, Kind: CmdMove, Unit: 0, Target: target}
			if tc.pursuit {
				// A track in Finland's picture that sits at the target.
				tr := w.newTrack(0, -1, target, 50, SrcSensor, -1)
				cmd = Command{ID: 1, Team: 0, Kind: CmdIntercept, Unit: 0, Track: tr.id}
			}
			cmds := []Command{cmd}
			if tc.change != "" {
				cmds = append([]Command{{ID: 2, Team: Instructor, Kind: CmdAgreement, Index: 0, Text: tc.change}}, cmds...)
			}
			for _, e := range w.Step(cmds) {
				if e.Kind == EvRejected {
					t.Fatalf("%d rejected: %s", e.CmdID, e.Text)
				}
			}
			incidents := 0
			for range 3000 {
				for _, e := range w.Step(nil) {
					if e.Kind == EvIncident {
						incidents++
						if !e.VisibleTo(1) || !e.VisibleTo(0) {
							t.Errorf("incident not visible to both countries")
						}
					}
				}
				if tr := w.trackByID(u.track); tr != nil {
					tr.updated = w.tick // keep the chased track alive
				}
			}
			if w.m.CountryAt(u.pos) != rus {
				t.Fatalf("unit did not reach Russian territory: at %v (country %d)", u.pos, w.m.CountryAt(u.pos))
			}
			if got := incidents > 0; got != tc.incident {
				t.Errorf("incidents %d, want incident=%v", incidents, tc.incident)
			}
			if incidents > 1 {
				t.Errorf("one stay abroad raised %d incidents", incidents)
			}
		})
	}
}
