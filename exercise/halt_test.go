package exercise_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// TestLocalHaltsWhenRecordingFails closes the recording file under a
// recorded local exercise: the next command is not applied but rejected,
// the clock stands, the user is told why, and the file still verifies
// with every command that was applied.
func TestLocalHaltsWhenRecordingFails(t *testing.T) {
	sc := scenario(t)
	l, wr, path := recordedLocal(t, sc)
	l.Send(sim.Command{ID: 1, Kind: sim.CmdSpeed, Speed: 20})
	l.StepTo(150)
	if err := wr.Close(); err != nil { // the file goes away underneath
		t.Fatal(err)
	}
	l.Send(sim.Command{ID: 2, Kind: sim.CmdInject, Inject: sc.Injects[0].ID})
	l.StepTo(300)
	if l.Tick() != 150 || !errors.Is(l.Halted(), recording.ErrNotRecorded) {
		t.Fatalf("after the failure: tick %d, halted %v; want 150 and a recording error", l.Tick(), l.Halted())
	}
	_, evs, _ := l.Poll()
	var rejected, told bool
	for _, e := range evs {
		rejected = rejected || (e.Kind == sim.EvRejected && e.CmdID == 2 && strings.Contains(e.Text, "not applied"))
		told = told || (e.Kind == sim.EvControl && strings.Contains(e.Text, "recording failed"))
	}
	if !rejected || !told {
		t.Errorf("events %+v: want command 2 rejected and the user told", evs)
	}
	for _, e := range l.Log() {
		if e.Cmd.ID == 2 {
			t.Error("the unrecorded inject is in the Local's log")
		}
	}
	rec, err := recording.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatal(err)
	}
	if n := len(rec.Batches); n != 1 || rec.Batches[0].Cmds[0].Kind != sim.CmdSpeed {
		t.Errorf("recorded %+v, want the speed alone", rec.Batches)
	}
}
