package sim_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestCoverFromMapAndScenario compares the mean cover of the land within
// 30 km of the border on two built-ins: with their cover areas the
// Białowieża forest scenario must give far more cover than the Mandera
// desert one (the map's synthetic field alone gives both about 0.35).
func TestCoverFromMapAndScenario(t *testing.T) {
	mean := func(name string, areas bool) float64 {
		sc, err := scenarios.Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		if !areas {
			sc.Cover = nil
		}
		w, err := sim.New(sc, 1)
		if err != nil {
			t.Fatal(err)
		}
		m := sc.Map
		sum, n := 0.0, 0
		b := m.Bound
		for y := b.Min[1]; y < b.Max[1]; y += 2000 {
			for x := b.Min[0]; x < b.Max[0]; x += 2000 {
				p := orb.Point{x, y}
				if m.OnLand(p) && m.BorderDistance(p) < 30000 {
					sum += w.CoverAt(p)
					n++
				}
			}
		}
		if n == 0 {
			t.Fatalf("%s: no land near the border", name)
		}
		return sum / float64(n)
	}
	forest, desert := mean("pol-blr-bialowieza-forest", true), mean("ken-som-mandera-desert", true)
	t.Logf("mean cover within 30 km of the border: Białowieża %.3f, Mandera %.3f", forest, desert)
	if forest < 2*desert || desert > 0.15 {
		t.Errorf("Białowieża %.3f, Mandera %.3f: want the forest at least twice the desert and the desert open", forest, desert)
	}
	if plain := mean("ken-som-mandera-desert", false); plain < 2*desert {
		t.Errorf("Mandera without its cover areas %.3f, with %.3f: the areas change nothing", plain, desert)
	}
}

// TestVehicleDrivesAroundSaimaa orders a vehicle from the west shore of
// Lake Saimaa to the east shore, across the lake, and a drone the same
// way: the vehicle arrives without ever being on the lake (orb's point in
// polygon, independent of the map's own test), the drone flies straight
// over it. The vehicle drives at 30 m/s off the patrol tracks to keep the test short.
func TestVehicleDrivesAroundSaimaa(t *testing.T) {
	m := drilltest.Map(t, "fin-rus")
	var saimaa orb.Polygon
	for _, l := range m.Lakes {
		if l.Name == "Lake Saimaa" {
			saimaa = l.Shape
		}
	}
	if saimaa == nil {
		t.Fatal("no Lake Saimaa")
	}
	b := saimaa.Bound()
	y := (b.Min[1] + b.Max[1]) / 2
	west, east := orb.Point{b.Min[0] - 3000, y}, orb.Point{b.Max[0] + 3000, y}
	s := &sim.Scenario{Name: "saimaa", Map: m, TickSeconds: 1,
		Teams: []sim.TeamSpec{{ID: "FIN", Country: "FIN", Base: west}, {ID: "RUS", Country: "RUS", Base: m.Proj.Forward(orb.Point{30.5, 61})}},
		Units: []sim.UnitSpec{{Name: "V1", Team: 0, Kind: sim.Vehicle, Pos: west, Speed: 105}, {Name: "D1", Team: 0, Kind: sim.Drone, Pos: west}},
	}
	w, err := sim.New(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	w.Step([]sim.Command{
		{Team: 0, Kind: sim.CmdMove, Unit: 0, Target: east},
		{Team: 0, Kind: sim.CmdLaunch, Unit: 1, Target: east},
	})
	straight := planar.Distance(west, east)
	driven, droneOverLake := 0.0, false
	prev := west
	for range 6 * 3600 {
		w.Step(nil)
		v := w.View(0)
		car, drone := v.Units[0], v.Units[1]
		if planar.PolygonContains(saimaa, car.Pos) {
			t.Fatalf("tick %d: the vehicle is on Saimaa at %v", w.Tick(), car.Pos)
		}
		driven += planar.Distance(prev, car.Pos)
		prev = car.Pos
		droneOverLake = droneOverLake || planar.PolygonContains(saimaa, drone.Pos)
		if car.Pos == east {
			break
		}
	}
	if prev != east {
		t.Fatalf("the vehicle did not arrive in 6 h: at %v, %.0f m from %v", prev, planar.Distance(prev, east), east)
	}
	if driven < straight*1.05 {
		t.Errorf("drove %.0f m for a straight line of %.0f m: no detour", driven, straight)
	}
	if !droneOverLake {
		t.Error("the drone never flew over the lake: drones fly straight")
	}
	t.Logf("straight %.1f km, driven %.1f km", straight/1000, driven/1000)
}
