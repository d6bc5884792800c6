package sim

import (
	"math"
	"testing"

	"github.com/paulmach/orb"
)

// TestPatrolPace walks foot patrols past groups held still 990 m beside
// their way, half of them at full pace and half at 40 %, and compares the
// share each detects with the law (docs/MODEL.md P11): a unit looks at the
// same rate per second whatever its pace, so −ln(1 − P) is the integral of
// −ln(1 − q(r)) over the seconds the group is in view, ∫ dx / v(x), with
// v = pace·v₀·(1 − CoverSlow·cover). Pace makes a difference of about
// 0.73 against 0.41 here; a law in which pace did not change what a unit
// sees would be far more than zMax off for the slow half.
func TestPatrolPace(t *testing.T) {
	const (
		tick   = 5
		offset = 990.0  // metres beside the way: at the edge of a foot patrol's 1 km view
		half   = 1150.0 // metres of way on each side of the group: out of view at both ends
		colGap = 3000.0 // metres between replicas across the way
		rowGap = 2600.0 // metres between replicas along it
		want   = 800    // replicas, alternately at full pace and at slow
		slow   = 40     // percent
	)
	w := lawWorld(t, tick, 17)
	m := w.m
	type replica struct {
		unit  int
		group int32
		pace  int
		law   float64
		full  float64 // the law at full pace
	}
	var reps []replica
	for y := m.Bound.Min[1] + half; y < m.Bound.Max[1]-half && len(reps) < want; y += rowGap {
		for x := m.Bound.Min[0] + 1000; x < m.Bound.Max[0]-1000 && len(reps) < want; x += colGap {
			from, to, g := orb.Point{x, y - half}, orb.Point{x, y + half}, orb.Point{x + offset, y}
			if m.CountryAt(from) < 0 || m.CountryAt(to) < 0 || m.CountryAt(g) < 0 {
				continue
			}
			if pts, end := m.Route(from, to); len(pts) > 0 || end != to {
				continue // water on the way: the unit would not walk straight
			}
			reps = append(reps, replica{unit: len(w.units), pace: 100 - (100-slow)*(len(reps)%2)})
			r := &reps[len(reps)-1]
			r.group = groups(w, 1, Migrants, g, g, 0)[0]
			u := newUnit(int32(r.unit), UnitSpec{Name: "foot", Kind: Foot, Pos: from}, w.ts)
			u.order, u.target = OrderMove, to
			w.units = append(w.units, u)
			w.apply(&Command{Team: 0, Kind: CmdPace, Unit: int32(r.unit), Count: r.pace})
			// The law: seconds in view, metre by metre.
			q0 := PatrolPd * PatrolFactor(Foot, Conditions{Cover: gridCover(w, g), Kind: Migrants})
			var s float64
			const dx = 5.0 // metres
			for d := -half + dx/2; d < half; d += dx {
				p := orb.Point{x, y + d}
				v := FootSpeed * (1 - CoverSlow*w.cover(p))
				q := PdAt(q0, u.observe, PatrolShape, math.Hypot(offset, d))
				s += -math.Log1p(-q) * dx / v
			}
			r.full = 1 - math.Exp(-s)
			r.law = 1 - math.Exp(-s*100/float64(r.pace))
		}
	}
	if len(reps) < want {
		t.Fatalf("test design: only %d replicas on open land", len(reps))
	}
	for i := 0; i < 2000; i++ {
		moving := false
		for _, r := range reps {
			moving = moving || w.units[r.unit].order == OrderMove
		}
		if !moving {
			break
		}
		w.Step(nil)
	}
	for _, pace := range []int{100, slow} {
		var k, n int
		var law, full float64
		for _, r := range reps {
			if r.pace != pace {
				continue
			}
			n++
			law, full = law+r.law, full+r.full
			k += detectedBy(w, 0, []int32{r.group})
		}
		law, full = law/float64(n), full/float64(n)
		if zf := zOne(int(full*float64(n)), n, law); pace != 100 && math.Abs(zf) <= zMax {
			t.Fatalf("test design: a pace that changed nothing is only %.1fσ from the law", zf)
		}
		if law < 0.05 || law > 0.95 {
			t.Fatalf("test design: law %.3f is too near 0 or 1", law)
		}
		z := zOne(k, n, law)
		t.Logf("pace %d%%: detected %d/%d = %.4f, law %.4f (z %.2f)", pace, k, n, float64(k)/float64(n), law, z)
		if math.Abs(z) > zMax {
			t.Errorf("pace %d%%: detected %.4f, law %.4f: z = %.2f", pace, float64(k)/float64(n), law, z)
		}
	}
}

// TestAimTurnsTheSector turns a camera that looks east to the west: the
// groups west of it, unseen before, are seen after, those east of it no
// more.
func TestAimTurnsTheSector(t *testing.T) {
	at := lawSite(t)
	w := lawWorld(t, 5, 23, SensorSpec{Name: "cam", Kind: Camera, Pos: at, Azimuth: 90, Sector: 60})
	west := groups(w, 400, Migrants, orb.Point{at[0] - 1500, at[1]}, at, 0)
	east := groups(w, 400, Migrants, orb.Point{at[0] + 1500, at[1]}, at, 0)
	for range 12 {
		w.Step(nil)
	}
	if k := detectedBy(w, 0, west); k != 0 {
		t.Fatalf("before the aim: %d of 400 groups behind the sector detected", k)
	}
	seenEast := detectedBy(w, 0, east)
	ev := w.Step([]Command{{ID: 1, Team: 0, Kind: CmdAim, Index: 0, Count: 270}})
	if ev[0].Kind != EvAccepted {
		t.Fatalf("aim: %+v", ev[0])
	}
	var v View
	w.ViewInto(0, &v)
	if v.Sensors[0].Azimuth != 270 || v.Sensors[0].Sector != 60 {
		t.Fatalf("the view shows azimuth %v, sector %v; want 270, 60", v.Sensors[0].Azimuth, v.Sensors[0].Sector)
	}
	for range 24 {
		w.Step(nil)
	}
	if k := detectedBy(w, 0, west); k < 200 {
		t.Errorf("after the aim: %d of 400 groups in the new sector detected", k)
	}
	if k := detectedBy(w, 0, east); k != seenEast {
		t.Errorf("after the aim: %d groups east detected, %d before: the old sector still sees", k, seenEast)
	}
}

// TestTransferToAnotherReception sends an escorting unit, bound for the
// nearest reception point, to the one farther away: it hands its persons
// over there, and the first one's places are free again.
func TestTransferToAnotherReception(t *testing.T) {
	s := fixture(t)
	s.Flows, s.Injects = nil, nil
	s.Units = s.Units[:1]
	p := s.Units[0].Pos
	near, far := orb.Point{p[0] + 1000, p[1]}, orb.Point{p[0] - 3000, p[1]}
	s.Receptions = []ReceptionSpec{{Name: "near", Team: 0, Pos: near, Capacity: 50}, {Name: "far", Team: 0, Pos: far, Capacity: 50}}
	w, err := New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	u := &w.units[0]
	w.apprehend(u, place(w, u.pos, u.pos, true))
	if u.drop != 0 {
		t.Fatalf("escort bound for site %d, want the nearest (0)", u.drop)
	}
	ev := w.Step([]Command{{ID: 1, Team: 0, Kind: CmdTransfer, Unit: u.id, Target: orb.Point{far[0] + 200, far[1]}}})
	if ev[0].Kind != EvAccepted || u.drop != 1 || w.sites[0].held != 0 || w.sites[1].held != 4 {
		t.Fatalf("transfer: %+v; drop %d, held %d and %d", ev[0], u.drop, w.sites[0].held, w.sites[1].held)
	}
	var where string
	for range 20000 {
		for _, e := range w.Step(nil) {
			if e.Kind == EvHandover {
				where = e.Text
			}
		}
		if u.escort == 0 {
			break
		}
	}
	if where != "far" {
		t.Fatalf("handed over at %q, want far", where)
	}
}

// TestOrdersRejected: each order refuses what it cannot do, with its
// reason, and changes nothing.
func TestOrdersRejected(t *testing.T) {
	s := fixture(t)
	s.Sensors[0].Azimuth, s.Sensors[0].Sector = 90, 60
	w, err := New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		cmd  Command
		want string
	}{
		{"pace too slow", Command{Team: 0, Kind: CmdPace, Unit: 0, Count: PaceMin - 1}, ReasonBadPace},
		{"pace too fast", Command{Team: 0, Kind: CmdPace, Unit: 0, Count: 101}, ReasonBadPace},
		{"pace of another team's unit", Command{Team: 1, Kind: CmdPace, Unit: 0, Count: 50}, ReasonNotYourUnit},
		{"aim another team's sensor", Command{Team: 1, Kind: CmdAim, Index: 0, Count: 10}, ReasonNotYourSensor},
		{"aim an all-round sensor", Command{Team: 0, Kind: CmdAim, Index: 1, Count: 10}, ReasonAllRound},
		{"aim beyond 359", Command{Team: 0, Kind: CmdAim, Index: 0, Count: 360}, ReasonBadAzimuth},
		{"aim no sensor", Command{Team: 0, Kind: CmdAim, Index: 9, Count: 10}, ReasonNoSensor},
		{"transfer escorting no one", Command{Team: 0, Kind: CmdTransfer, Unit: 0, Target: s.Teams[0].Base}, ReasonNotEscorting},
		{"transfer another team's unit", Command{Team: 1, Kind: CmdTransfer, Unit: 0, Target: s.Teams[0].Base}, ReasonNotYourUnit},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ev := w.Step([]Command{c.cmd})
			if ev[0].Kind != EvRejected || ev[0].Text != c.want {
				t.Fatalf("got %+v, want rejected %q", ev[0], c.want)
			}
		})
	}
	if w.Pace(0) != 100 || w.sensors[0].spec.Azimuth != 90 {
		t.Errorf("pace %d, azimuth %v after rejected orders; want 100, 90", w.Pace(0), w.sensors[0].spec.Azimuth)
	}
}

// TestCheckpointLanesInView: the operating team and the white cell see a
// checkpoint's car lanes open and installed, after a lanes order too; the
// neighbour sees neither.
func TestCheckpointLanesInView(t *testing.T) {
	s := fixture(t)
	s.Checkpoints = []CheckpointSpec{{Name: "Nuijamaa", Team: 0, Pos: s.Units[0].Pos, Open: true, Lanes: 4}}
	w, err := New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	w.Step([]Command{{ID: 1, Team: 0, Kind: CmdLanes, Index: 0, Count: 2}})
	for _, c := range []struct {
		team             int
		lanes, installed int
	}{{0, 2, 4}, {Instructor, 2, 4}, {1, 0, 0}} {
		var v View
		w.ViewInto(c.team, &v)
		if cv := v.Checks[0]; cv.Lanes != c.lanes || cv.Installed != c.installed {
			t.Errorf("team %d sees %d of %d lanes, want %d of %d", c.team, cv.Lanes, cv.Installed, c.lanes, c.installed)
		}
	}
}
