package wire_test

import (
	"reflect"
	"testing"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// coopView is a view with classified and handed-over tracks and a request
// of every kind and state, as a party to them sees it.
func coopView() *sim.View {
	v := &sim.View{Tick: 5000, Team: 1, Clock: 36000, Speed: 1}
	v.Tracks = []sim.TrackView{
		{ID: 3, Team: 1, Pos: orb.Point{1200, -300}, Err: 50, Source: sim.SrcShared, From: 0, Class: sim.ClassSmugglers, ClassBy: 0, HandedTo: 1},
		{ID: 8, Team: 1, Pos: orb.Point{-40, 7}, Err: 20, From: -1, Class: sim.ClassVulnerable, ClassBy: 1, HandedTo: -1},
	}
	for k := sim.ReqReport; k <= sim.ReqReadmission; k++ {
		for s := sim.ReqSent; s <= sim.ReqLost; s++ {
			v.Requests = append(v.Requests, sim.RequestView{ID: int32(len(v.Requests) + 1), Kind: k, State: s, From: 0, To: 1,
				Unit: 4, Track: 3, Pos: orb.Point{100, 200}, Text: "casualty at the river", Class: sim.ClassMigrants,
				Type: sim.ReportRiskToLife, Confidence: 70, Source: sim.SrcPatrol, Made: 4000, Due: 5800, Answered: -1,
				Until: 6000, Reason: "our patrol is on it", Backup: s == sim.ReqPending, Acked: -1, Opened: -1})
			r := &v.Requests[len(v.Requests)-1]
			if k == sim.ReqProtest && s >= sim.ReqAcknowledged {
				r.Acked, r.Opened = 4200, 4500
			}
			if k == sim.ReqReadmission {
				r.Persons, r.Checkpoint, r.Asylum = 7, "Puente Simón Bolívar", s == sim.ReqPending
			}
		}
	}
	v.Comms = []sim.CommsView{{Agreement: "trochas", A: 0, B: 1, Degraded: true, Commission: "Comisión Binacional de Frontera"}}
	return v
}

// coopMessages are a command of every cooperation kind (the team comms
// ones and readmission too), a line on the joint commission's channel and
// frames that carry classifications and requests.
func coopMessages() []wire.Message {
	var ms []wire.Message
	for k := sim.CmdClassify; k <= sim.CmdReadmission; k++ {
		ms = append(ms, &wire.Command{ID: uint32(k), Kind: k, Unit: 4, Track: 3, ToTeam: 1, Target: orb.Point{100, 200},
			Text: "grounds", Index: 2, Count: int(sim.AnsGrant), On: k == sim.CmdClassify})
	}
	ms = append(ms, &wire.Chat{Channel: wire.ChanCommission, Agreement: "trochas", From: "GNB/Ana", Tick: 4100,
		Text: "the commission sits at 10:00 on the bridge"})
	var s wire.Stream
	v := coopView()
	s.Next(v, wire.Frame{Sent: 1})
	ms = append(ms, &wire.Keyframe{View: *v})
	v.Requests[0].State, v.Tracks[0].HandedTo = sim.ReqGranted, -1
	v.Tick++
	if m, err := wire.Decode(s.Next(v, wire.Frame{Sent: 2})); err == nil {
		ms = append(ms, m)
	}
	return ms
}

// TestCoopRoundTrip: cooperation commands and frames with requests and
// classified tracks decode to what was sent (rounded as the wire rounds),
// and a Delta carries a request's change.
func TestCoopRoundTrip(t *testing.T) {
	ms := coopMessages()
	if len(ms) != int(sim.CmdReadmission-sim.CmdClassify)+4 {
		t.Fatalf("%d messages: the delta did not decode", len(ms))
	}
	for _, m := range ms {
		got, err := wire.Decode(wire.Encode(m))
		if err != nil {
			t.Fatalf("%T: %v", m, err)
		}
		if kf, ok := m.(*wire.Keyframe); ok {
			want := wire.Quantized(&kf.View)
			if !reflect.DeepEqual(got.(*wire.Keyframe).View, want) {
				t.Errorf("keyframe: got %+v\nwant %+v", got.(*wire.Keyframe).View.Requests[:2], want.Requests[:2])
			}
			continue
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("%T: got %+v, want %+v", m, got, m)
		}
	}
	d := ms[len(ms)-1].(*wire.Delta)
	if d.Changed&wire.SecRequests == 0 || d.Requests[0].State != sim.ReqGranted {
		t.Errorf("the delta does not carry the request's change: sections %b", d.Changed)
	}
}
