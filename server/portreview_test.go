package server_test

import (
	"path/filepath"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestPortOrderInTheReview: in col-ven a Migración trainee opens two
// more lanes at Simón Bolívar (6 → 8 of 10) an hour and a half in, over a
// real websocket; the recorded exercise's review lists the order, who
// gave it and when, with the bridge's mean wait over the hour before it
// and the hour after (every stream's vehicles and pedestrians together:
// the pedestrians, whom the order does not touch, dominate the figure, so
// the test does not ask it to fall).
func TestPortOrderInTheReview(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{InstructorToken: token, DataDir: dir})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 3}))
	mig := join(t, ts, codes["MIG"], "")
	mig.next(func(wire.Message) bool { return mig.mirror.View().Tick >= 5400 })
	mig.send(&wire.Command{ID: 1, Kind: sim.CmdLanes, Index: 0, Count: 8})
	if a := mig.ack(1); !a.Accepted {
		t.Fatalf("lanes: %+v", a)
	}
	mig.next(func(wire.Message) bool { return mig.mirror.View().Tick >= 5400+3600+60 })
	if !ts.StopExercise(id) {
		t.Fatal("not running")
	}
	rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.PortOrders) != 1 {
		t.Fatalf("review lists %d checkpoint orders, want 1: %+v", len(r.PortOrders), r.PortOrders)
	}
	o := r.PortOrders[0]
	t.Logf("%s %s %s %d: mean wait %.0f s over %d vehicles before, %.0f s over %d after", o.Time, o.Team, o.Checkpoint, o.Value, o.BeforeS, o.BeforeN, o.AfterS, o.AfterN)
	if o.Checkpoint != "Simón Bolívar International Bridge" || o.Order != "lanes" || o.Value != 8 || !o.Accepted || o.Team != "MIG" {
		t.Errorf("order %+v", o)
	}
	if o.BeforeN < 50 || o.AfterN < 100 {
		t.Errorf("vehicles before %d, after %d: too few to compare", o.BeforeN, o.AfterN)
	}
	if o.BeforeS <= 0 || o.AfterS <= 0 || o.Time != "10:31" && o.Time != "10:30" && o.Time != "10:32" {
		t.Errorf("order at %s: waits %.0f s before, %.0f s after", o.Time, o.BeforeS, o.AfterS)
	}
}
