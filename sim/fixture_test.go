package sim

import (
	"sync"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// loaded caches maps across the tests of this binary; a Map is read-only.
var loaded sync.Map

// testMap loads a bundled map once per test binary run.
func testMap(t testing.TB, name string) *maps.Map {
	t.Helper()
	if m, ok := loaded.Load(name); ok {
		return m.(*maps.Map)
	}
	m, err := maps.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	loaded.Store(name, m)
	return m
}

func ll(m *maps.Map, lon, lat float64) orb.Point { return m.Proj.Forward(orb.Point{lon, lat}) }

// fixture is a small Finland–Russia exercise near Nuijamaa: two border
// guards and an EU support team, a few units and sensors, one flow of
// migrants from the Russian side, sharing agreements, injects and
// objectives.
func fixture(t testing.TB) *Scenario {
	m := testMap(t, "fin-rus")
	lappeenranta := ll(m, 28.183334, 61.067059)
	vyborg := ll(m, 28.754927, 60.703877)
	nuijamaa := ll(m, 28.545, 60.952703)
	finSide := ll(m, 28.45, 60.99)
	rusSide := ll(m, 28.62, 60.93)
	return &Scenario{
		Name:        "fixture",
		Map:         m,
		TickSeconds: 1,
		StartSecond: 18 * 3600,
		Duration:    6 * 3600,
		Daylight:    Daylight{Sunrise: 8 * 3600, Sunset: 16 * 3600},
		Teams: []TeamSpec{
			{ID: "FIN", Name: "Finnish Border Guard", Country: "FIN", Base: lappeenranta, CustodyCapacity: 10, ProcessTicks: 1800},
			{ID: "RUS", Name: "Russian Border Service", Country: "RUS", Base: vyborg},
			{ID: "EU", Name: "EU support team", Country: "FIN", Base: lappeenranta},
		},
		Units: []UnitSpec{
			{Name: "FIN-F1", Team: 0, Kind: Foot, Pos: finSide},
			{Name: "FIN-V1", Team: 0, Kind: Vehicle, Pos: finSide, Route: []orb.Point{finSide, ll(m, 28.40, 61.02)}},
			{Name: "FIN-D1", Team: 0, Kind: Drone, Pos: lappeenranta},
			{Name: "RUS-F1", Team: 1, Kind: Foot, Pos: rusSide},
			{Name: "EU-V1", Team: 2, Kind: Vehicle, Pos: lappeenranta},
		},
		Sensors: []SensorSpec{
			{Name: "FIN-C1", Team: 0, Kind: Camera, Pos: nuijamaa, FalseAlarmsPerDay: 4},
			{Name: "FIN-R1", Team: 0, Kind: Radar, Pos: finSide},
			{Name: "RUS-G1", Team: 1, Kind: Ground, Pos: rusSide},
		},
		Flows: []FlowSpec{
			{Name: "nuijamaa", Kind: Migrants, From: ll(m, 28.75, 60.98), To: lappeenranta, Spread: 3000, CrossAt: nuijamaa,
				CrossSpread: 8000, Start: 0, End: 5 * 3600, PerHour: 8, SizeMin: 2, SizeMax: 12, Vulnerable: 0.3},
			{Name: "smugglers", Kind: Smugglers, From: rusSide, To: finSide, Spread: 2000, CrossAt: nuijamaa,
				CrossSpread: 4000, Start: 3600, End: 5 * 3600, PerHour: 2, SizeMin: 1, SizeMax: 3},
			{Name: "travellers", Kind: Travellers, CrossAt: nuijamaa, Start: 0, End: 6 * 3600, PerHour: 60, SizeMin: 1, SizeMax: 1},
		},
		Agreements: []AgreementSpec{
			{ID: "fin-rus", A: 0, B: 1, Share: ShareBorder, ShareDepth: 5000, Delay: 120, Fidelity: 200,
				PursuitDepth: 2000, PursuitTicks: 600},
			{ID: "fin-eu", A: 0, B: 2, Share: ShareAll, Delay: 10,
				JointZones: []Zone{{Name: "Nuijamaa", Center: nuijamaa, Radius: 3000}}},
		},
		Barriers: []BarrierSpec{{Name: "Nuijamaa fence", Team: 0, Section: 0, From: 0, To: 0, DelayTicks: 300, AlertProb: 0.8}},
		Checkpoints: []CheckpointSpec{
			{Name: "Nuijamaa", Team: 0, Pos: nuijamaa, Open: true, Lanes: 3, PerHour: 30, Secondary: 0.05,
				Contraband: 0.05, FalseID: 0.02, FindRate: 0.7},
		},
		Community: []CommunitySpec{{Team: 0, Radius: 15000, PerHour: 0.5, DelayMin: 600, DelayMax: 1800, ErrorM: 1000}},
		Injects: []InjectSpec{
			{ID: "I1", At: 600, Synopsis: "liaison message", Message: "Expect increased movement tonight", Addressee: 0,
				Expected: "increase patrols", Kind: InjectMessage},
			{ID: "I2", Trigger: TriggerDetections, Threshold: 3, Synopsis: "camera fails", Message: "Camera FIN-C1 down",
				Addressee: 0, Kind: InjectSensorDown, Sensors: []int{0}, For: 1800},
			{ID: "I3", Trigger: TriggerManual, Synopsis: "surge", Addressee: All, Kind: InjectSurge, Flow: 0, Groups: 10},
			{ID: "I4", At: 7200, Synopsis: "comms cut", Addressee: All, Kind: InjectCommsDown, Agreement: 0, Cut: true, For: 1800},
		},
		Objectives: []ObjectiveSpec{
			{ID: "detect", Kind: ObjDetectWithin, Team: 0, Target: 0.8, Window: 600},
			{ID: "share", Kind: ObjShareWithin, Team: 0, Target: 0.9, Window: 300},
			{ID: "incidents", Kind: ObjMaxIncidents, Team: All, Target: 0},
			{ID: "custody", Kind: ObjMaxCustodyHours, Team: All, Target: 4},
		},
	}
}

// stepped returns the fixture's World at seed after ticks Steps with no
// commands.
func stepped(t testing.TB, seed uint64, ticks int) *World {
	t.Helper()
	w, err := New(fixture(t), seed)
	if err != nil {
		t.Fatal(err)
	}
	for range ticks {
		w.Step(nil)
	}
	return w
}
