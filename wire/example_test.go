package wire_test

import (
	"fmt"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// A view encoded as a Keyframe and decoded again: positions and lengths
// come back in whole metres.
func Example() {
	v := sim.View{Tick: 120, Team: 0, Clock: 6*3600 + 120, Speed: 10,
		Units: []sim.UnitView{{ID: 1, Name: "Alpha 1", Kind: sim.Vehicle, Pos: orb.Point{1000.4, -2500.6},
			Order: sim.OrderPatrol, Track: -1, Observe: 1500.25}},
		Tracks: []sim.TrackView{{ID: 9, Team: 0, Pos: orb.Point{550.5, 660.49}, Err: 120.2, Age: 3, From: -1}},
	}
	b := wire.Encode(&wire.Keyframe{Frame: wire.Frame{Seq: 1}, View: v})
	m, err := wire.Decode(b)
	if err != nil {
		fmt.Println(err)
		return
	}
	kf := m.(*wire.Keyframe)
	u, t := kf.View.Units[0], kf.View.Tracks[0]
	fmt.Println(len(b), "bytes:", kf.Type(), "seq", kf.Seq, "tick", kf.View.Tick)
	fmt.Println(u.Name, u.Kind, u.Order, u.Pos, u.Observe)
	fmt.Println("track", t.ID, t.Pos, t.Err, "age", t.Age)
	// Output:
	// 122 bytes: keyframe seq 1 tick 120
	// Alpha 1 vehicle patrol [1000 -2501] 1500
	// track 9 [551 660] 120 age 3
}

// The server makes one Stream per view and sends each client a Keyframe,
// then a Delta per broadcast; the client keeps its copy with a Mirror.
func ExampleStream() {
	v := sim.View{Tick: 1, Units: []sim.UnitView{
		{ID: 1, Name: "Alpha", Pos: orb.Point{0, 0}, Track: -1},
		{ID: 2, Name: "Bravo", Pos: orb.Point{5000, 0}, Track: -1},
	}}
	var s wire.Stream
	var m wire.Mirror
	s.Next(&v, wire.Frame{})
	kf := s.Keyframe()
	msg, _ := wire.Decode(kf)
	m.Apply(msg)

	// One tick later Alpha has moved 7 m east and Bravo is gone.
	v.Tick++
	v.Units = v.Units[:1]
	v.Units[0].Pos[0] += 7
	delta := s.Next(&v, wire.Frame{})
	msg, _ = wire.Decode(delta)
	if err := m.Apply(msg); err != nil {
		fmt.Println(err)
		return
	}
	d := msg.(*wire.Delta)
	fmt.Println("keyframe", len(kf), "bytes, delta", len(delta), "bytes")
	fmt.Println("delta", d.Seq, "on", d.Base, "moves", d.Units[0].Entity.ID, "by", d.Units[0].Entity.Pos, "removes", d.UnitsGone)
	fmt.Println("client holds", len(m.View().Units), "unit at", m.View().Units[0].Pos, "tick", m.View().Tick)
	// Output:
	// keyframe 119 bytes, delta 19 bytes
	// delta 2 on 1 moves 1 by [7 0] removes [2]
	// client holds 1 unit at [7 0] tick 2
}

// A client's command carries no team: the server stamps the session's.
func ExampleCommand_Sim() {
	b := wire.Encode(&wire.Command{ID: 42, Kind: sim.CmdMove, Unit: 1, Track: -1, Target: orb.Point{1200, -2400}})
	fmt.Printf("% x\n", b)
	m, _ := wire.Decode(b)
	c := m.(*wire.Command).Sim(0)
	fmt.Println(c.Kind, "unit", c.Unit, "of team", c.Team, "to", c.Target)
	// Output:
	// 06 2a 01 02 01 00 e0 12 bf 25 00 00 00 00 00 00 00 00 00 00
	// move unit 1 of team 0 to [1200 -2400]
}
