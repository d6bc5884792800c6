package render_test

import (
	"image/color"
	"math"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

var incidentRed = color.RGBA{0xe0, 0x00, 0x1b, 0xff}

// TestRouteIntoTheNeighbourIsDrawnInTheWarningColour: a patrol route
// whose leg enters Turkey outside any joint zone is drawn red while it is
// placed; sent, it is held with a warning, and Enter sends it anyway.
func TestRouteIntoTheNeighbourIsDrawnInTheWarningColour(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	v := g.View()
	info := ex.Info()
	m := info.Map
	grc, tur := m.CountryIndex("GRC"), m.CountryIndex("TUR")
	rules := client.NewJurisdiction(info)
	// A GRC ground unit and a point 3 km inside Turkey straight east of it,
	// where no joint zone allows it.
	var u sim.UnitView
	var in, out orb.Point
	found := false
	for _, c := range v.Units {
		if c.Team != 0 || c.Kind == sim.Drone || m.CountryAt(c.Pos) != grc {
			continue
		}
		for dx := 500.0; dx < 60_000; dx += 500 {
			p := orb.Point{c.Pos[0] + dx, c.Pos[1]}
			if m.CountryAt(p) == tur {
				q := orb.Point{p[0] + 3000, p[1]}
				w := orb.Point{c.Pos[0] + dx/3, c.Pos[1]} // a first waypoint on the Greek side
				_, _, bad := rules.Leaves(0, w, q, v)
				_, _, bad0 := rules.Leaves(0, c.Pos, w, v)
				if m.CountryAt(q) == tur && m.CountryAt(w) == grc && bad && !bad0 {
					u, in, out, found = c, w, q, true
				}
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		t.Fatal("no GRC unit with Turkey straight east of it")
	}
	ctl := g.Controller()
	ctl.SelectUnit(v, u.ID)
	cam := g.Camera()
	span := math.Hypot(out[0]-u.Pos[0], out[1]-u.Pos[1])
	cam.Scale = 400 / span // the route about 400 px long
	ctl.CentreOn(orb.Point{(u.Pos[0] + out[0]) / 2, u.Pos[1]})

	shift := func(p orb.Point) {
		x, y := cam.ToScreen(p)
		g.Step(client.Input{X: x, Y: y, Shift: true, Right: client.Button{Down: true, Pressed: true}})
		g.Step(client.Input{X: x, Y: y, Shift: true})
	}
	shift(in)
	shift(out)
	img := draw(g)
	// Red along the leg in Turkey's direction, not along the first leg.
	red := func(p, q orb.Point) int {
		n := 0
		x0, y0 := cam.ToScreen(p)
		x1, y1 := cam.ToScreen(q)
		for i := 1; i < 20; i++ {
			f := float64(i) / 20
			if near(img, x0+(x1-x0)*f, y0+(y1-y0)*f, 1, incidentRed) {
				n++
			}
		}
		return n
	}
	if n := red(in, out); n < 15 {
		t.Errorf("the leg into Turkey is red at %d of 19 points, want it drawn in the warning colour", n)
	}
	if n := red(u.Pos, in); n > 2 {
		t.Errorf("the leg on the Greek side is red at %d of 19 points, want it not", n)
	}

	// Releasing shift sends nothing: the order is held and warned about.
	g.Step(client.Input{X: -1, Y: -1})
	if len(ex.sent) != 0 || ctl.Held == nil {
		t.Fatalf("after the route: sent %+v, held %v; want nothing sent and the order held", ex.sent, ctl.Held)
	}
	// Enter sends it anyway.
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyEnter}})
	if len(ex.sent) != 1 || ex.sent[0].Kind != sim.CmdPatrol || ex.sent[0].Unit != u.ID {
		t.Errorf("after Enter: sent %+v, want the patrol of %s", ex.sent, u.Name)
	}
}
