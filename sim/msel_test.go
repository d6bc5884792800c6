package sim_test

import (
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/sim"
)

// mselRow returns the white cell's row id of w's live MSEL.
func mselRow(t *testing.T, w *sim.World, id string) sim.InjectView {
	t.Helper()
	var v sim.View
	w.ViewInto(sim.Instructor, &v)
	i := slices.IndexFunc(v.Injects, func(in sim.InjectView) bool { return in.ID == id })
	if i < 0 {
		t.Fatalf("no MSEL row %s", id)
	}
	return v.Injects[i]
}

// runTo steps w to tick with cmds applied at the first step, and returns
// the answers to cmds (accepted, or the reason) by command id.
func runTo(w *sim.World, tick int32, cmds ...sim.Command) map[uint32]string {
	out := map[uint32]string{}
	for first := true; w.Tick() < tick; first = false {
		var in []sim.Command
		if first {
			in = cmds
		}
		for _, e := range w.Step(in) {
			switch e.Kind {
			case sim.EvAccepted:
				out[e.CmdID] = "accepted"
			case sim.EvRejected:
				out[e.CmdID] = e.Text
			}
		}
	}
	return out
}

// TestMSELLive: the white cell skips and postpones rows of the Cúcuta
// MSEL; a contingency row fires at its time only if the row it stands in
// for has not fired; the table's states follow, the effects with them, and
// the same commands give the same hashes.
func TestMSELLive(t *testing.T) {
	sc := drilltest.Builtin(t, "col-ven-cucuta-bridges")
	// C3 (15:00, rain for 2 h), C5 (manual, PONAL), and a contingency for
	// C5 at 11:00.
	c3 := sc.Injects[slices.IndexFunc(sc.Injects, func(in sim.InjectSpec) bool { return in.ID == "C3" })]
	at := func(clock int) int32 { return int32((clock - sc.StartSecond) / max(sc.TickSeconds, 1)) }
	hour := at(sc.StartSecond+3600) - at(sc.StartSecond)
	sc.Injects = append(sc.Injects, sim.InjectSpec{ID: "C9", At: at(11 * 3600), Trigger: sim.TriggerTime, Contingency: "C5",
		Synopsis: "Radio check", Message: "Radio check with San Antonio.", Addressee: sim.All})
	if c3.At != at(15*3600) {
		t.Fatalf("C3 at tick %d, want 15:00 (%d)", c3.At, at(15*3600))
	}
	rain := func(w *sim.World) bool {
		var v sim.View
		w.ViewInto(sim.Instructor, &v)
		return v.Weather == sim.Rain
	}
	cases := []struct {
		name string
		cmds []sim.Command
		// want: C3's state and firing tick, C9's state, rain at 15:10
		c3      sim.RowStatus
		c3Fired int32
		c9      sim.RowStatus
		rain    bool
	}{
		{"as planned", nil, sim.RowFired, at(15 * 3600), sim.RowFired, true},
		{"skip C3", []sim.Command{{ID: 1, Team: sim.Instructor, Kind: sim.CmdSkip, Inject: "C3"}}, sim.RowSkipped, -1, sim.RowFired, false},
		{"postpone C3 by 1 h", []sim.Command{{ID: 1, Team: sim.Instructor, Kind: sim.CmdPostpone, Inject: "C3", For: hour}},
			sim.RowFired, at(16 * 3600), sim.RowFired, false},
		{"C5 fired: C9 not needed", []sim.Command{{ID: 1, Team: sim.Instructor, Kind: sim.CmdInject, Inject: "C5"}},
			sim.RowFired, at(15 * 3600), sim.RowSkipped, true},
	}
	hashes := map[string]uint64{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for run := range 2 {
				w := drilltest.NewWorld(t, sc, 3)
				acks := runTo(w, 1, c.cmds...)
				for _, cmd := range c.cmds {
					if acks[cmd.ID] != "accepted" {
						t.Fatalf("%s: %q", cmd.Kind, acks[cmd.ID])
					}
				}
				if r := mselRow(t, w, "C9"); r.Status != sim.RowContingency || r.At != at(11*3600) {
					t.Errorf("C9 before its time: %s at %d", r.Status, r.At)
				}
				runTo(w, at(15*3600+600))
				r3, r9 := mselRow(t, w, "C3"), mselRow(t, w, "C9")
				if c.c3 == sim.RowFired && c.c3Fired > at(15*3600+600) {
					if r3.Status != sim.RowPostponed || r3.At != c.c3Fired {
						t.Errorf("C3 at 15:10: %s due at %d, want postponed to %d", r3.Status, r3.At, c.c3Fired)
					}
					runTo(w, c.c3Fired+1)
					r3 = mselRow(t, w, "C3")
				}
				if r3.Status != c.c3 || (c.c3Fired >= 0 && r3.FiredAt != c.c3Fired) {
					t.Errorf("C3: %s fired at %d, want %s at %d", r3.Status, r3.FiredAt, c.c3, c.c3Fired)
				}
				if r9.Status != c.c9 || (c.c9 == sim.RowFired && r9.FiredAt != at(11*3600)) {
					t.Errorf("C9: %s fired at %d, want %s", r9.Status, r9.FiredAt, c.c9)
				}
				w2 := drilltest.NewWorld(t, sc, 3)
				runTo(w2, 1, c.cmds...)
				runTo(w2, at(15*3600+600))
				if got := rain(w2); got != c.rain {
					t.Errorf("rain at 15:10: %v, want %v", got, c.rain)
				}
				if h, ok := hashes[c.name]; ok && h != w2.Hash() {
					t.Errorf("run %d: hash %x, the first run %x", run, w2.Hash(), h)
				}
				hashes[c.name] = w2.Hash()
			}
		})
	}
	if hashes["skip C3"] == hashes["as planned"] {
		t.Error("skipping C3 left the hash at 15:10 as planned")
	}

	w := drilltest.NewWorld(t, sc, 3)
	runTo(w, 5) // C1 (at 0 s) has fired
	acks := runTo(w, 7,
		sim.Command{ID: 1, Team: sim.Instructor, Kind: sim.CmdPostpone, Inject: "C4", For: hour},
		sim.Command{ID: 2, Team: sim.Instructor, Kind: sim.CmdPostpone, Inject: "C3", For: 0},
		sim.Command{ID: 3, Team: sim.Instructor, Kind: sim.CmdSkip, Inject: "C1"},
		sim.Command{ID: 4, Team: 0, Kind: sim.CmdSkip, Inject: "C3"},
		sim.Command{ID: 5, Team: sim.Instructor, Kind: sim.CmdSkip, Inject: "nonesuch"},
		sim.Command{ID: 6, Team: sim.Instructor, Kind: sim.CmdSkip, Inject: "C6"},
		sim.Command{ID: 7, Team: sim.Instructor, Kind: sim.CmdSkip, Inject: "C6"},
		sim.Command{ID: 8, Team: sim.Instructor, Kind: sim.CmdInject, Inject: "C6"},
	)
	want := map[uint32]string{1: sim.ReasonNotTimed, 2: sim.ReasonBadPostpone, 3: sim.ReasonFired, 4: sim.ReasonNotInstructor,
		5: sim.ReasonNoInject, 6: "accepted", 7: sim.ReasonSkipped, 8: sim.ReasonSkipped}
	for id, reason := range want {
		if acks[id] != reason {
			t.Errorf("command %d: %q, want %q", id, acks[id], reason)
		}
	}
}
