package sim

import (
	"testing"
)

func TestNewRejectsBadScenario(t *testing.T) {
	s := fixture(t)
	s.Units[0].Team = 7
	if _, err := New(s, 1); err == nil {
		t.Fatal("New accepted a unit of team 7 in a three-team scenario")
	}
}

func TestRunProducesActivity(t *testing.T) {
	w := stepped(t, 1, 6*3600)
	s := w.Stats()
	t.Logf("stats: %+v", s)
	if s.Attempted < 20 {
		t.Errorf("attempted %d groups, want ≥ 20 from 8/h over 5 h", s.Attempted)
	}
	if s.Crossed == 0 || s.Detected == 0 {
		t.Errorf("crossed %d, detected %d: want both > 0", s.Crossed, s.Detected)
	}
	if s.TracksShared == 0 {
		t.Errorf("no track was shared")
	}
	if s.CheckVehicles < 200 {
		t.Errorf("checkpoint inspected %d vehicles, want ≥ 200 from 90/h", s.CheckVehicles)
	}
}

// TestAutoRespond checks that computer-controlled teams intercept and
// apprehend without commands, and stay on their own side doing it.
func TestAutoRespond(t *testing.T) {
	manual := fixture(t)
	auto := fixture(t)
	auto.Auto = 1<<len(auto.Teams) - 1
	run := func(s *Scenario) Stats {
		w, err := New(s, 9)
		if err != nil {
			t.Fatal(err)
		}
		for range 6 * 3600 {
			w.Step(nil)
		}
		return w.Stats()
	}
	m, a := run(manual), run(auto)
	t.Logf("apprehended: manual %d, auto %d of %d attempted", m.Apprehended, a.Apprehended, a.Attempted)
	if a.Apprehended <= m.Apprehended || a.Apprehended < 3 {
		t.Errorf("automatic response apprehended %d groups, without it %d: want more, and ≥ 3", a.Apprehended, m.Apprehended)
	}
	if a.Incidents != 0 {
		t.Errorf("automatic response raised %d incidents", a.Incidents)
	}
}
