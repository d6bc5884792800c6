package sim_test

import (
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/sim"
)

// checkSpelling checks that every spelling of T parses to the value whose
// String it is, in value order, and that nothing else parses.
func checkSpelling[T sim.Spelled](t *testing.T, want []string) {
	t.Helper()
	names := sim.Names[T]()
	if !slices.Equal(names, want) {
		t.Errorf("Names = %v, want %v", names, want)
	}
	for i, n := range names {
		v, ok := sim.Parse[T](n)
		if !ok || int(uint8(v)) != i || v.String() != n {
			t.Errorf("Parse(%q) = %d, %v; String %q; want %d", n, uint8(v), ok, v.String(), i)
		}
	}
	if _, ok := sim.Parse[T]("no such " + want[0]); ok {
		t.Errorf("an unknown spelling parsed")
	}
	if got := T(len(names)).String(); got != "unknown" {
		t.Errorf("a value past the last is %q, want unknown", got)
	}
	names[0] = "changed"
	if sim.Names[T]()[0] != want[0] {
		t.Errorf("Names returns the table itself")
	}
}

func TestSpellings(t *testing.T) {
	t.Run("weather", func(t *testing.T) { checkSpelling[sim.Weather](t, []string{"clear", "rain", "fog", "storm"}) })
	t.Run("unit kind", func(t *testing.T) { checkSpelling[sim.UnitKind](t, []string{"foot", "vehicle", "drone"}) })
	t.Run("sensor kind", func(t *testing.T) {
		checkSpelling[sim.SensorKind](t, []string{"camera", "ground", "radar", "thermal", "magnetic"})
	})
	t.Run("crosser kind", func(t *testing.T) {
		checkSpelling[sim.CrosserKind](t, []string{"migrants", "smugglers", "travellers"})
	})
	t.Run("share mode", func(t *testing.T) { checkSpelling[sim.ShareMode](t, []string{"none", "all", "border"}) })
	t.Run("inject kind", func(t *testing.T) {
		checkSpelling[sim.InjectKind](t, []string{"message", "surge", "sensor_outage", "comms_outage", "weather",
			"agreement_change", "sensor_restore", "team_comms_outage"})
	})
	t.Run("objective kind", func(t *testing.T) {
		checkSpelling[sim.ObjectiveKind](t, []string{"detect_within", "share_within", "max_incidents",
			"apprehend_rate", "max_custody_hours", "max_checkpoint_wait", "vulnerable_care", "handover_within", "report_within", "resolve_within",
			"rescue_within", "deaths_max", "asylum_registered", "trade_cost_max", "pursuit_incidents", "classify_accuracy"})
	})
}

// TestJointZoneAllows checks the joint-zone rule on its own: only the
// parties, only the partner's country, only inside a zone.
func TestJointZoneAllows(t *testing.T) {
	a := sim.AgreementSpec{ID: "a", A: 0, B: 2, JointZones: []sim.Zone{{Name: "z", Center: [2]float64{1000, 0}, Radius: 500}}}
	country := func(team int) int { return []int{0, 1, 1}[team] } // teams 1 and 2 are of country 1
	cases := []struct {
		name    string
		team, c int
		p       [2]float64
		want    bool
	}{
		{"party in the partner's country inside the zone", 0, 1, [2]float64{1200, 0}, true},
		{"the other party, the other way", 2, 0, [2]float64{1000, 400}, true},
		{"outside the zone", 0, 1, [2]float64{1600, 0}, false},
		{"not the partner's country", 0, 0, [2]float64{1000, 0}, false},
		{"not a party", 1, 0, [2]float64{1000, 0}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := a.JointZoneAllows(tc.team, tc.c, tc.p, country); got != tc.want {
				t.Errorf("JointZoneAllows = %v, want %v", got, tc.want)
			}
		})
	}
	if a.Partner(0) != 2 || a.Partner(2) != 0 || a.Partner(1) != -1 {
		t.Errorf("Partner(0, 2, 1) = %d, %d, %d; want 2, 0, -1", a.Partner(0), a.Partner(2), a.Partner(1))
	}
}
