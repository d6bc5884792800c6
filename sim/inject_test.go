package sim

import "testing"

func TestInjects(t *testing.T) {
	w, err := New(fixture(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	fired := map[string]int32{}
	var msgs []Event
	cutDeliveries := 0
	for w.Tick() < 3*3600 {
		var cmds []Command
		if w.Tick() == 900 {
			cmds = []Command{{ID: 7, Team: Instructor, Kind: CmdInject, Inject: "I3"}}
		}
		before := len(w.crossers)
		evs := w.Step(cmds)
		if w.Tick() == 901 && len(w.crossers)-before < 10 {
			t.Errorf("surge I3 started %d groups, want ≥ 10", len(w.crossers)-before)
		}
		for _, e := range evs {
			switch e.Kind {
			case EvInject:
				fired[e.Text] = e.Tick
				if e.VisibleTo(0) || e.VisibleTo(1) {
					t.Errorf("inject %s synopsis is visible to a trainee team", e.Text)
				}
			case EvMessage:
				msgs = append(msgs, e)
			case EvShared:
				if w.agreements[0].cut && e.Team <= 1 && w.tracks[e.Track].from != 2 && w.tracks[e.Track].from >= 0 &&
					w.agreementBetween(e.Team, int(w.tracks[e.Track].from)) == 0 {
					cutDeliveries++
				}
			}
		}
		if w.Tick() == 7201 && !w.agreements[0].cut {
			t.Errorf("comms inject I4 did not cut agreement fin-rus")
		}
	}
	if at, ok := fired["I1"]; !ok || at != 600 {
		t.Errorf("time inject I1 fired at %d (fired=%v), want tick 600", at, ok)
	}
	if _, ok := fired["I2"]; !ok {
		t.Errorf("trigger inject I2 (3 detections) never fired")
	}
	if at := fired["I3"]; at != 900 {
		t.Errorf("manual inject I3 fired at %d, want 900 (the tick the command arrived in)", at)
	}
	if cutDeliveries > 0 {
		t.Errorf("%d tracks were delivered over a cut link", cutDeliveries)
	}
	if w.agreements[0].cut {
		t.Errorf("the comms cut did not end after its 1800 ticks")
	}
	found := false
	for _, m := range msgs {
		if m.Text == "I1" {
			found = true
			if !m.VisibleTo(0) || m.VisibleTo(1) {
				t.Errorf("message I1 addressed to FIN: visible to FIN %v, to RUS %v", m.VisibleTo(0), m.VisibleTo(1))
			}
		}
	}
	if !found {
		t.Error("inject I1 sent no message")
	}
}

func TestSensorOutage(t *testing.T) {
	w, err := New(fixture(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	w.Step([]Command{{Team: Instructor, Kind: CmdInject, Inject: "I2"}})
	if !w.sensors[0].down {
		t.Fatal("sensor outage inject did not take FIN-C1 down")
	}
	v := w.View(0)
	if !v.Sensors[0].Down {
		t.Error("the team's view does not show the sensor down")
	}
	for range 1800 {
		w.Step(nil)
	}
	if w.sensors[0].down {
		t.Error("sensor still down after the outage's 1800 ticks")
	}
}
