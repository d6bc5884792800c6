package client_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// TestMoveAcrossTheBorderIsHeld: a move into the neighbour's territory is
// held with a warning; the same right click again sends it; one inside a
// joint zone of the team's agreement goes at once.
func TestMoveAcrossTheBorderIsHeld(t *testing.T) {
	m := drilltest.Map(t, "grc-tur")
	grc, tur := m.CountryIndex("GRC"), m.CountryIndex("TUR")
	// A Greek point with Turkey 2 km or so to its east.
	var home, abroad orb.Point
	for _, line := range m.Border {
		for _, p := range line {
			a, b := orb.Point{p[0] - 3000, p[1]}, orb.Point{p[0] + 3000, p[1]}
			if m.CountryAt(a) == grc && m.CountryAt(b) == tur {
				home, abroad = a, b
			}
		}
	}
	if home == (orb.Point{}) {
		t.Fatal("no east-west crossing of the border")
	}
	// A joint zone over the border crossing and the whole Turkish part of
	// the leg.
	zone := sim.Zone{Name: "joint", Center: orb.Point{(home[0] + abroad[0]) / 2, home[1]}, Radius: 3500}
	info := client.Info{Map: m, Team: 0, Teams: []client.Team{{ID: "GRC", Country: "GRC"}, {ID: "TUR", Country: "TUR"}}}
	v := &sim.View{Team: 0, Units: []sim.UnitView{{ID: 1, Team: 0, Kind: sim.Foot, Name: "Alpha", Pos: home, Track: -1}}}

	cam := &client.Camera{X: home[0], Y: home[1], Scale: 0.05, W: 1000, H: 800}
	c := client.NewController(cam, orb.Bound{}, 0, 2, nil)
	c.Rules = client.NewJurisdiction(info)
	c.Units = []int32{1}
	x, y := cam.ToScreen(abroad)
	if cmds := c.Update(client.Input{X: x, Y: y, Right: client.Button{Down: true, Pressed: true}}, v); len(cmds) != 0 || c.Held == nil {
		t.Fatalf("a move into Turkey: sent %+v, held %v; want it held", cmds, c.Held)
	}
	cmds := c.Update(client.Input{X: x + 3, Y: y, Right: client.Button{Down: true, Pressed: true}}, v)
	if len(cmds) != 1 || cmds[0].Kind != sim.CmdMove || c.Held != nil {
		t.Fatalf("the same right click again: sent %+v, held %v; want the move sent", cmds, c.Held)
	}

	// With an agreement whose joint zone covers the leg abroad, it goes at
	// once.
	info.Agreements = []sim.AgreementSpec{{ID: "grc-tur", A: 0, B: 1, JointZones: []sim.Zone{zone}}}
	c.Rules = client.NewJurisdiction(info)
	if cmds := c.Update(client.Input{X: x, Y: y, Right: client.Button{Down: true, Pressed: true}}, v); len(cmds) != 1 || c.Held != nil {
		t.Errorf("a move into the joint zone: sent %+v, held %v; want it sent", cmds, c.Held)
	}
}
