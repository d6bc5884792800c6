package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestPortOrderInTheReview is issue 11's port test at the wire: in
// col-ven (its built-in file, played from the bridges' opening at 05:00
// to their closing at 21:00 instead of 09:00–21:00, so that the morning
// queue builds as it does on a working day) a Migración trainee opens two more
// car lanes at Simón Bolívar (6 → 8 of 10) at 08:00 over a real
// websocket. The recorded exercise's review lists the order, who gave it
// and when, and the mean wait of the cars that arrived in the hour before
// it, in the hour after it, and in that hour without the order (the same
// exercise run on without it): 6.5 erlangs of cars outrun 6 lanes and 8
// hold them, so the wait falls against both.
func TestPortOrderInTheReview(t *testing.T) {
	yaml, err := os.ReadFile("../scenarios/builtin/col-ven-cucuta-bridges.yaml")
	if err != nil {
		t.Fatal(err)
	}
	day := strings.Replace(string(yaml), "\nstart: \"09:00\"\nduration: 12h\n", "\nstart: \"05:00\"\nduration: 16h\n", 1)
	if strings.Count(day, "05:00\"\nduration: 16h") != 1 {
		t.Fatal("col-ven's start and duration lines not found")
	}
	dir := t.TempDir()
	ts := newServer(t, server.Config{InstructorToken: token, DataDir: dir})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"yaml": day, "speed": 1000, "seed": 3}))
	mig := join(t, ts, codes["MIG"], "")
	mig.next(func(wire.Message) bool { return mig.mirror.View().Tick >= 3*3600-1 })
	mig.send(&wire.Command{ID: 1, Kind: sim.CmdLanes, Index: 0, Count: 8})
	if a := mig.ack(1); !a.Accepted {
		t.Fatalf("lanes: %+v", a)
	}
	mig.next(func(wire.Message) bool { return mig.mirror.View().Tick >= 4*3600+1800 })
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
	t.Logf("%s %s %s %d: mean wait of the %s %.0f s over %d before, %.0f s over %d after, %.0f s over %d after without the order",
		o.Time, o.Team, o.Checkpoint, o.Value, o.Stream, o.BeforeS, o.BeforeN, o.AfterS, o.AfterN, o.WithoutS, o.WithoutN)
	if o.Checkpoint != "Simón Bolívar International Bridge" || o.Order != "lanes" || o.Value != 8 || !o.Accepted || o.Team != "MIG" || o.Stream != "cars" {
		t.Errorf("order %+v", o)
	}
	if o.Time < "08:00" || o.Time > "08:02" {
		t.Errorf("order at %s, want 08:00", o.Time)
	}
	// About 390 cars an hour arrive at the peak.
	if o.BeforeN < 250 || o.AfterN < 250 || o.WithoutN < 250 {
		t.Errorf("cars before %d, after %d, without the order %d: too few to compare", o.BeforeN, o.AfterN, o.WithoutN)
	}
	// The order lands a few ticks after 08:00, when the server reads it,
	// so the draws differ from run to run: the wait after it has been
	// 95–233 s against 330–350 s before and 430–605 s without it.
	if !(o.AfterS < o.BeforeS) || !(o.AfterS < o.WithoutS) {
		t.Errorf("mean wait %.0f s before the order, %.0f s after it, %.0f s without it: want it to fall against both", o.BeforeS, o.AfterS, o.WithoutS)
	}
}
