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

// TestCustody apprehends groups by hand and checks that processing honours
// capacity, puts vulnerable groups first and counts time in custody.
func TestCustody(t *testing.T) {
	s := fixture(t)
	s.Flows, s.Injects = nil, nil
	w, err := New(s, 1)
	if err != nil {
		t.Fatal(err)
	}
	u := &w.units[0]
	for i := range 4 {
		c := place(w, u.pos, u.pos, true)
		c.size = 4
		c.vulnerable = i == 3
	}
	for i := range w.crossers {
		w.apprehend(u, &w.crossers[i])
	}
	w.Step(nil)
	// Capacity 10 persons: the vulnerable group (4) and then one more (4)
	// fit; the other two wait.
	processing := 0
	for _, r := range w.custody {
		if r.done >= 0 {
			processing++
		}
	}
	if processing != 2 {
		t.Fatalf("%d groups in processing, want 2 under capacity 10", processing)
	}
	for _, r := range w.custody {
		if r.vulnerab && r.done < 0 {
			t.Fatal("the vulnerable group waits while others are processed")
		}
	}
	for range 2 * 1800 {
		w.Step(nil)
	}
	st := w.Stats()
	if st.CustodyGroups != 4 {
		t.Fatalf("processed %d groups after two rounds, want 4", st.CustodyGroups)
	}
	want := (1800.0*2 + 3600*2) / 4 / 3600 // two groups 30 min, two 60 min
	if math := st.CustodyMeanHours; math < want-0.01 || math > want+0.01 {
		t.Errorf("mean custody %.3f h, want %.3f h", st.CustodyMeanHours, want)
	}
	if st.Apprehended != 4 || st.Teams[0].Intercepts != 4 {
		t.Errorf("apprehended %d, team intercepts %d; want 4 and 4", st.Apprehended, st.Teams[0].Intercepts)
	}
}
