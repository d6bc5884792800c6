package server_test

import (
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// portWait runs one col-ven exercise (seed 3, as fast as it goes) with a
// Migración trainee joined over a real websocket, sends cmds at the start
// (09:00) and returns Simón Bolívar's mean wait in the trainee's own
// frames after portHorizon, and the acks. The exercise is created paused and
// resumed once the commands are sent, so that they apply at the first tick
// however busy the machine is.
// portHorizon is how long portWait runs: two hours from 09:00 in ticks of
// one second, long enough for an overloaded crossing's queue to show.
const portHorizon = 2 * 3600

func portWait(t *testing.T, cmds ...wire.Command) (float64, []*wire.Ack) {
	t.Helper()
	ts := newServer(t, server.Config{})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 3, "paused": true}))
	mig := join(t, ts, codes["MIG"], "")
	police := join(t, ts, codes["PONAL"], "")
	var acks []*wire.Ack
	for i := range cmds {
		c := mig
		if cmds[i].ID >= 100 {
			c = police
		}
		c.send(&cmds[i])
	}
	run := false
	if err := ts.ControlExercise(id, server.Control{Paused: &run}); err != nil {
		t.Fatal(err)
	}
	for i := range cmds {
		c := mig
		if cmds[i].ID >= 100 {
			c = police
		}
		acks = append(acks, c.ack(cmds[i].ID))
	}
	deadline := time.Now().Add(3 * time.Minute) // a guard against a hang only
	for mig.mirror.View().Tick < portHorizon && time.Now().Before(deadline) {
		mig.read()
	}
	v := mig.mirror.View()
	if v.Tick < portHorizon || len(v.Checks) == 0 || v.Checks[0].Name != "Simón Bolívar International Bridge" {
		t.Fatalf("at tick %d the trainee's checkpoints are %+v", v.Tick, v.Checks)
	}
	return v.Checks[0].MeanWait, acks
}

// TestOpenLanesAtTheWire is issue 11's done-when for checkpoint orders: in
// col-ven a Migración trainee who opens two more lanes at Simón Bolívar
// (6 → 8 of 10) at the start sees the mean wait in its own frames fall
// against the same exercise and seed without the order (at 09:00 the
// bridge's 390 cars an hour and the scenario's 90 travellers an hour offer
// 8 erlangs of 1-minute inspections: 6 lanes fall behind at once, 8 are
// just busy enough to hold the queue short, and two hours on the
// mean wait with 8 is less than half that with 6). The
// police may not give the order, nor may anyone open more lanes than
// installed.
func TestOpenLanesAtTheWire(t *testing.T) {
	without, _ := portWait(t)
	with, acks := portWait(t,
		wire.Command{ID: 100, Kind: sim.CmdLanes, Index: 0, Count: 8},
		wire.Command{ID: 1, Kind: sim.CmdLanes, Index: 0, Count: 11},
		wire.Command{ID: 2, Kind: sim.CmdReferral, Index: 0, Count: 150},
		wire.Command{ID: 3, Kind: sim.CmdLanes, Index: 0, Count: 8})
	for i, want := range []string{sim.ReasonNotYourPort, sim.ReasonBadLanes, sim.ReasonBadReferral, ""} {
		if a := acks[i]; a.Accepted != (want == "") || a.Reason != want {
			t.Errorf("command %d: ack %+v, want reason %q", a.ID, a, want)
		}
	}
	t.Logf("Simón Bolívar mean wait after two hours: %.0f s with 6 lanes, %.0f s with 8", without, with)
	if !(with < without/2) {
		t.Errorf("mean wait %.0f s with two more lanes, %.0f s without; want less than half", with, without)
	}
}
