package netclient_test

import (
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestObserve: an evaluator's client sends an observation; the white
// cell's client receives it stamped, the trainee's does not, and the
// evaluator hears it accepted.
func TestObserve(t *testing.T) {
	f := setup(t, 10)
	code, err := f.IssueCode(f.id, server.CodeRequest{Role: "evaluator", Label: "Eva"})
	if err != nil {
		t.Fatal(err)
	}
	ins := dial(t, f, token, f.id)
	pon := dial(t, f, f.codes["PONAL"], "")
	ev := dial(t, f, code.Code, "")
	if w := ev.Welcome(); w.Role != wire.RoleEvaluator || len(w.MSEL) == 0 {
		t.Fatalf("the evaluator's Welcome: role %s, %d MSEL rows", w.Role, len(w.MSEL))
	}
	id, err := ev.Observe(wire.Observation{Subject: wire.SubjectObjective, Ref: "share", Rating: wire.RatingM, Text: "radio only"})
	if err != nil {
		t.Fatal(err)
	}
	await(t, ev, func(_ *sim.View, evs []sim.Event) bool {
		for _, e := range evs {
			if e.CmdID == id {
				if e.Kind != sim.EvAccepted {
					t.Fatalf("observation answered %s %q", e.Kind, e.Text)
				}
				return true
			}
		}
		return false
	})
	deadline := time.Now().Add(hang)
	for len(ins.Observations()) == 0 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	got := ins.Observations()
	if len(got) != 1 || got[0].Ref != "share" || got[0].Rating != wire.RatingM || got[0].From != "EVAL/nc" {
		t.Fatalf("the white cell received %+v", got)
	}
	// The trainee has had frames since; it received no observation.
	await(t, pon, func(v *sim.View, _ []sim.Event) bool { return v.Tick > got[0].Tick+5 })
	if o := pon.Observations(); len(o) != 0 {
		t.Errorf("a trainee received %+v", o)
	}
}
