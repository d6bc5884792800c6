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
	w, err := New(fixture(t), 1)
	if err != nil {
		t.Fatal(err)
	}
	for range 6 * 3600 {
		w.Step(nil)
	}
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
