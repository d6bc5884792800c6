package wire_test

import (
	"bytes"
	"encoding/hex"
	"errors"
	"flag"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// sampleView is a small hand-built team view with one of everything.
func sampleView() sim.View {
	return sim.View{
		Tick: 120, Team: 0, Clock: 6*3600 + 120, Night: true, Weather: sim.Fog, Speed: 10,
		Units: []sim.UnitView{
			{ID: 1, Team: 0, Kind: sim.Foot, Name: "Alpha 1", Pos: orb.Point{1000.4, -2500.6},
				Order: sim.OrderPatrol, Target: orb.Point{1200, -2400}, Track: -1,
				Route: []orb.Point{{1000, -2500}, {1500, -2500}, {1500.2, -3000.7}}, Observe: 1500},
			{ID: 4, Team: 0, Kind: sim.Drone, Name: "Raven", Pos: orb.Point{-300, 77},
				Order: sim.OrderIntercept, Target: orb.Point{0, 0}, Track: 9, Aloft: true, Fuel: 3600,
				Observe: 2500.5, Custody: 0},
		},
		Sensors: []sim.SensorView{{ID: 2, Team: 0, Kind: sim.Radar, Name: "Mast 2", Pos: orb.Point{10, 20}, Range: 8000, Down: true}},
		Tracks: []sim.TrackView{
			{ID: 9, Team: 0, Pos: orb.Point{550.5, 660.49}, Err: 120.2, Age: 3, Source: sim.SrcSensor, From: -1, Size: 6},
			{ID: 12, Team: 0, Pos: orb.Point{-7000, 9000}, Err: 400, Age: 30, Source: sim.SrcShared, From: 1, SharedTo: true, Custody: true},
		},
		Barriers: []sim.BarrierView{{Name: "Fence A", Line: orb.LineString{{0, 0}, {100, 5}, {250, -3}}, Cuts: 2}},
		Checks:   []sim.CheckpointView{{Name: "Vaalimaa", Team: 0, Pos: orb.Point{300, 400}, Open: true, Queue: 14, MeanWait: 312.5}},
		Comms:    []sim.CommsView{{Agreement: "fin-rus", A: 0, B: 1, Degraded: true}},
		Objective: []sim.ObjectiveStatus{
			{ID: "detect", Description: "detect 80% within 10 min", Value: 0.75, Target: 0.8},
		},
		Injects: []sim.InjectView{{ID: "I1", Synopsis: "surge", Message: "Expect a large group", Addressee: 0, At: 600}},
		Stats: sim.Stats{Attempted: 12, Crossed: 5, Detected: 7, CheckMeanWait: 12.25,
			Teams: []sim.TeamStats{{ID: "FIN", Detections: 7, MeanDetectTicks: 42.5}}},
	}
}

// instructorView adds ground truth and the other team's picture.
func instructorView() sim.View {
	v := sampleView()
	v.Team = sim.Instructor
	v.Tracks = append(v.Tracks, sim.TrackView{ID: 9, Team: 1, Pos: orb.Point{560, 650}, Err: 80, Source: sim.SrcPatrol, From: -1})
	v.Crossers = []sim.CrosserView{
		{ID: 3, Kind: sim.Migrants, Size: 8, Vulnerable: true, Pos: orb.Point{555, 655}, State: sim.Crossed, Detected: true},
		{ID: 5, Kind: sim.Smugglers, Size: 2, Pos: orb.Point{-9000, 1}, State: sim.Hiding},
	}
	return v
}

type tcase struct {
	name string
	msg  wire.Message
}

func cases() []tcase {
	d := &wire.Delta{
		Frame: wire.Frame{Seq: 8, Sent: 1_700_000_000_000_000, StepMicros: 850},
		Base:  7, Tick: 121, Clock: 6*3600 + 121, Changed: wire.SecScalars | wire.SecStats | wire.SecUnitOrder,
		Paused: true, Speed: 10, Stats: sim.Stats{Attempted: 13},
		Units: []wire.UnitChange{
			{Fields: wire.UnitPos | wire.UnitOrder, Entity: sim.UnitView{ID: 1, Pos: orb.Point{3, -1}, Order: sim.OrderHold}},
			{Fields: wire.FieldNew | 0x1fff, Entity: sim.UnitView{ID: 7, Name: "Bravo", Pos: orb.Point{5, 5}, Track: -1}},
		},
		UnitsGone: []int32{4},
		UnitOrder: []int32{7, 1},
		Tracks: []wire.TrackChange{
			{Fields: wire.TrackPos | wire.TrackAge, Entity: sim.TrackView{ID: 9, Pos: orb.Point{-2, 0}, Age: 0}},
		},
		TracksGone: []wire.TrackKey{{Team: 0, ID: 12}},
	}
	return []tcase{
		{"hello", &wire.Hello{Version: wire.Version, Code: "abcdefghijklmnopqrstuvwxyz", Exercise: "ex1", Name: "Aino"}},
		{"welcome", &wire.Welcome{Version: wire.Version, Exercise: "ex1", Team: sim.Instructor, Role: wire.RoleInstructor,
			Scenario: "fin-rus-winter", Map: "fin-rus", TickSeconds: 1, StartSecond: 6 * 3600,
			Teams: []wire.TeamInfo{{"FIN", "Finnish Border Guard", "FIN", orb.Point{-1000, 20000}}, {"RUS", "Border Service", "RUS", orb.Point{9000, 21000}}},
			Zones: []sim.Zone{{Name: "Imatra", Center: orb.Point{500, 600}, Radius: 3000}},
			MSEL:  []sim.InjectView{{ID: "I1", Synopsis: "surge", At: 600}}}},
		{"keyframe", &wire.Keyframe{Frame: wire.Frame{Seq: 7, Sent: 1_700_000_000_000_000, StepMicros: 900}, View: sampleView()}},
		{"keyframe_instructor", &wire.Keyframe{Frame: wire.Frame{Seq: 1}, View: instructorView()}},
		{"delta", d},
		{"events", &wire.Events{Tick: 121, Events: []sim.Event{
			{Tick: 121, Kind: sim.EvDetection, Team: 0, Track: 9, Pos: orb.Point{550, 660}},
			{Tick: 120, Kind: sim.EvInject, Team: sim.All, Text: "I1", Message: "Expect a large group"},
			{Tick: 121, Kind: sim.EvControl, Team: sim.All},
		}}},
		{"command", &wire.Command{ID: 42, Kind: sim.CmdPatrol, Unit: 1, Track: -1, ToTeam: 1,
			Route: []orb.Point{{0, 0}, {100, 0}, {100, 100}}}},
		{"command_speed", &wire.Command{ID: 43, Kind: sim.CmdSpeed, Speed: 60}},
		{"ack", &wire.Ack{ID: 42, Accepted: false, Reason: "unit 1 belongs to another team"}},
		{"chat", &wire.Chat{Channel: wire.ChanLiaison, Agreement: "fin-rus", From: "FIN/Aino", Tick: 99, Text: "group heading north at km 12"}},
		{"error", &wire.Error{Code: 1008, Reason: "command before hello"}},
		{"watch", &wire.Watch{Team: sim.Instructor}},
		{"seek", &wire.Seek{Tick: 43200}},
		{"reveal", &wire.Reveal{On: true}},
		{"presence", &wire.Presence{Teams: []wire.TeamPresence{{Trainees: 2}, {}, {Trainees: 1}}}},
		{"welcome_review", &wire.Welcome{Version: wire.Version, Exercise: "rv1", Team: 1, Role: wire.RoleTrainee,
			Scenario: "fin-rus-winter", Map: "fin-rus", TickSeconds: 1, Review: true, Recording: "ex1", Duration: 86400}},
		{"welcome_places", &wire.Welcome{Version: wire.Version, Exercise: "ex2", Team: 0, Role: wire.RoleTrainee,
			Scenario: "grc-tur-evros-river", Map: "grc-tur", TickSeconds: 1, Places: []wire.Place{{Name: "Soufli", Pos: orb.Point{-1200, 35000}, Label: "Soufli\x1eel\x1fΣουφλί"}}}},
	}
}

// want is what decoding the encoding of m gives: m with positions rounded.
func want(m wire.Message) wire.Message {
	switch x := m.(type) {
	case *wire.Keyframe:
		y := *x
		y.View = wire.Quantized(&x.View)
		return &y
	case *wire.Command:
		y := *x
		y.Target = wire.QP(x.Target)
		y.Route = nil
		for _, p := range x.Route {
			y.Route = append(y.Route, wire.QP(p))
		}
		return &y
	}
	return m
}

func TestRoundTrip(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			b := wire.Encode(c.msg)
			got, err := wire.Decode(b)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if w := want(c.msg); !reflect.DeepEqual(got, w) {
				t.Errorf("round trip:\n got %+v\nwant %+v", got, w)
			}
			if got.Type() != c.msg.Type() || b[0] != byte(c.msg.Type()) {
				t.Errorf("type %v, first byte %d", got.Type(), b[0])
			}
		})
	}
}

func TestGolden(t *testing.T) {
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
			got := []byte(hex.Dump(wire.Encode(c.msg)))
			path := filepath.Join("testdata", c.name+".golden")
			if w, ok := drilltest.Golden(t, path, got, *update, "go test ./wire -run Golden -update"); !ok {
				t.Errorf("encoding of %s changed (bump wire.Version if the change is deliberate, then go test -update):\n got\n%s\nwant\n%s", c.name, got, w)
			}
		})
	}
}

// rejectCase is a message Decode must refuse.
type rejectCase struct {
	name string
	data []byte
}

func rejectCases() []rejectCase {
	hello := wire.Encode(&wire.Hello{Version: 1, Code: "x"})
	return []rejectCase{
		{"empty", nil},
		{"unknown type", []byte{0}},
		{"type 200", []byte{200, 1, 2}},
		{"trailing byte", append(slices.Clone(hello), 0)},
		{"string longer than message", []byte{byte(wire.TypeHello), 1, 50, 'a'}},
		{"varint overflow", []byte{byte(wire.TypeAck), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"id beyond uint32", []byte{byte(wire.TypeAck), 0x80, 0x80, 0x80, 0x80, 0x10, 0, 0}},
		{"bool 2", []byte{byte(wire.TypeAck), 1, 2, 0}},
		{"command kind 0", []byte{byte(wire.TypeCommand), 1, 0, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"command kind 99", []byte{byte(wire.TypeCommand), 1, 99, 0, 0, 0, 0, 0, 0, 0, 0}},
		{"chat channel 0", []byte{byte(wire.TypeChat), 0, 0, 0, 0, 0}},
		{"huge list", []byte{byte(wire.TypeEvents), 0, 0xff, 0xff, 0xff, 0x7f}},
		{"delta unknown section", []byte{byte(wire.TypeDelta), 1, 0, 0, 0, 0, 0, 0xff, 0x7f}},
		{"welcome role 9", wire.Encode(&wire.Welcome{Role: 9})},
		{"event field bit 9", []byte{byte(wire.TypeEvents), 0, 1, 1, 0x80, 0x04}},
		// Whole deltas of one unit change but for a field bit.
		{"unit change bit 13", []byte{byte(wire.TypeDelta), 1, 0, 0, 0, 0, 0, 0, 1, 2, 0x80, 0x40, 0, 0, 0, 0, 0}},
		{"new unit missing a field bit", append([]byte{byte(wire.TypeDelta), 1, 0, 0, 0, 0, 0, 0, 1, 2, 0x80, 0x80, 0x02},
			make([]byte, 14+5)...)},
	}
}

func TestDecodeRejects(t *testing.T) {
	bad := rejectCases()
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			m, err := wire.Decode(c.data)
			if err == nil {
				t.Fatalf("Decode(% x) = %+v, want an error", c.data, m)
			}
			if !errors.Is(err, wire.ErrMalformed) {
				t.Errorf("error %v does not wrap ErrMalformed", err)
			}
			if strings.Contains(c.name, "bit") && !strings.Contains(err.Error(), "out of range") {
				t.Errorf("error %v, want a value out of range", err)
			}
		})
	}
	// Every strict prefix of a valid message is malformed.
	for _, c := range cases() {
		b := wire.Encode(c.msg)
		for n := range len(b) {
			if _, err := wire.Decode(b[:n]); err == nil {
				t.Errorf("%s: prefix of %d/%d bytes decoded without error", c.name, n, len(b))
			}
		}
	}
}

// fill sets every field reachable from v to a non-zero, whole-numbered
// value, so that an encoding that forgot a field shows up as a difference.
func fill(r *rand.Rand, v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(r.Int64N(2000) - 1000 | 1)
	case reflect.Uint8, reflect.Uint16, reflect.Uint32:
		v.SetUint(1 + r.Uint64N(200))
	case reflect.Float64:
		v.SetFloat(float64(r.IntN(100000) + 1))
	case reflect.String:
		v.SetString("s" + strings.Repeat("x", r.IntN(5)))
	case reflect.Array:
		for i := range v.Len() {
			fill(r, v.Index(i))
		}
	case reflect.Slice:
		n := 1 + r.IntN(3)
		v.Set(reflect.MakeSlice(v.Type(), n, n))
		for i := range n {
			fill(r, v.Index(i))
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(r, v.Field(i))
			}
		}
	default:
		panic("fill: unhandled kind " + v.Kind().String())
	}
}

// TestEveryField fails when a field is added to sim.View (or to the types
// in it) without being added to the encoding.
func TestEveryField(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := range 20 {
		var v sim.View
		fill(r, reflect.ValueOf(&v).Elem())
		got, err := wire.Decode(wire.Encode(&wire.Keyframe{View: v}))
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.(*wire.Keyframe).View, v) {
			t.Fatalf("view %d: a field is lost by the encoding:\n got %+v\nwant %+v", i, got.(*wire.Keyframe).View, v)
		}
	}
	var ev sim.Event
	fill(r, reflect.ValueOf(&ev).Elem())
	got, err := wire.Decode(wire.Encode(&wire.Events{Tick: 5, Events: []sim.Event{ev}}))
	if err != nil {
		t.Fatal(err)
	}
	if g := got.(*wire.Events).Events[0]; g != ev {
		t.Errorf("event: a field is lost by the encoding:\n got %+v\nwant %+v", g, ev)
	}
	var c sim.Command
	fill(r, reflect.ValueOf(&c).Elem())
	c.Kind = sim.CmdLaunch
	wc := wire.CommandOf(&c)
	got, err = wire.Decode(wire.Encode(wire.Message(wc)))
	if err != nil {
		t.Fatal(err)
	}
	if g := got.(*wire.Command).Sim(c.Team); !reflect.DeepEqual(g, c) {
		t.Errorf("command: a field is lost:\n got %+v\nwant %+v", g, c)
	}
}

// world is a toy moving world for the stream tests.
type world struct {
	r      *rand.Rand
	v      sim.View
	nextID int32
}

func newWorld(seed uint64, team int) *world {
	w := &world{r: rand.New(rand.NewPCG(seed, 7)), nextID: 1}
	w.v = sim.View{Team: team, Speed: 10}
	for range 20 {
		w.addUnit()
		w.addTrack(team)
		if team == sim.Instructor {
			w.addTrack(1)
			w.addCrosser()
		}
	}
	w.v.Sensors = []sim.SensorView{{ID: 1, Name: "s", Range: 5000}}
	w.v.Checks = []sim.CheckpointView{{Name: "c", Open: true}}
	w.v.Comms = []sim.CommsView{{Agreement: "a", A: 0, B: 1}}
	w.v.Objective = []sim.ObjectiveStatus{{ID: "o", Target: 0.8}}
	w.v.Stats.Teams = []sim.TeamStats{{ID: "A"}, {ID: "B"}}
	return w
}

func (w *world) pt() orb.Point {
	return orb.Point{w.r.Float64()*200000 - 100000, w.r.Float64()*200000 - 100000}
}

func (w *world) addUnit() {
	w.nextID++
	w.v.Units = append(w.v.Units, sim.UnitView{ID: w.nextID, Team: w.v.Team, Name: "u", Pos: w.pt(),
		Target: w.pt(), Track: -1, Observe: 1000, Route: []orb.Point{w.pt(), w.pt()}})
}

func (w *world) addTrack(team int) {
	w.nextID++
	w.v.Tracks = append(w.v.Tracks, sim.TrackView{ID: w.nextID, Team: team, Pos: w.pt(), Err: 50, From: -1})
}

func (w *world) addCrosser() {
	w.nextID++
	w.v.Crossers = append(w.v.Crossers, sim.CrosserView{ID: w.nextID, Size: 3, Pos: w.pt()})
}

// step advances the toy world by dt ticks with random changes of every kind.
func (w *world) step(dt int32) {
	r := w.r
	v := &w.v
	v.Tick += dt
	v.Clock += int(dt)
	move := func(p orb.Point) orb.Point {
		return orb.Point{p[0] + r.Float64()*20 - 10, p[1] + r.Float64()*20 - 10}
	}
	for i := range v.Units {
		u := &v.Units[i]
		u.Pos = move(u.Pos)
		if r.IntN(10) == 0 {
			u.Order = sim.Order(r.IntN(5))
			u.Target = w.pt()
			u.Route = append(u.Route[:0:0], w.pt())
		}
		if r.IntN(20) == 0 {
			u.Fuel -= dt
			u.Aloft = !u.Aloft
			u.Custody++
		}
	}
	for i := range v.Tracks {
		t := &v.Tracks[i]
		t.Age += dt
		if r.IntN(3) == 0 {
			t.Pos = move(t.Pos)
			t.Age = 0
			t.Err = r.Float64() * 300
		}
		if r.IntN(30) == 0 {
			t.SharedTo = true
			t.Size = r.IntN(10)
		}
	}
	for i := range v.Crossers {
		v.Crossers[i].Pos = move(v.Crossers[i].Pos)
		if r.IntN(30) == 0 {
			v.Crossers[i].State = sim.CrosserState(r.IntN(5))
		}
	}
	// Births and deaths.
	if r.IntN(3) == 0 {
		w.addTrack(v.Team)
	}
	if r.IntN(4) == 0 && len(v.Tracks) > 0 {
		i := r.IntN(len(v.Tracks))
		v.Tracks = slices.Delete(v.Tracks, i, i+1)
	}
	if r.IntN(10) == 0 {
		w.addUnit()
	}
	if r.IntN(12) == 0 && len(v.Units) > 0 {
		i := r.IntN(len(v.Units))
		v.Units = slices.Delete(v.Units, i, i+1)
	}
	if v.Team == sim.Instructor {
		if r.IntN(3) == 0 {
			w.addCrosser()
		}
		if r.IntN(4) == 0 && len(v.Crossers) > 0 {
			v.Crossers = v.Crossers[1:]
		}
	}
	// Now and then an order the client cannot predict.
	if r.IntN(15) == 0 {
		r.Shuffle(len(v.Units), func(i, j int) { v.Units[i], v.Units[j] = v.Units[j], v.Units[i] })
	}
	if r.IntN(15) == 0 {
		r.Shuffle(len(v.Tracks), func(i, j int) { v.Tracks[i], v.Tracks[j] = v.Tracks[j], v.Tracks[i] })
	}
	// Sections.
	if r.IntN(5) == 0 {
		v.Stats.Attempted++
		v.Stats.Teams[0].Detections++
	}
	if r.IntN(8) == 0 {
		v.Checks[0].Queue = r.IntN(20)
		v.Checks[0].MeanWait = r.Float64() * 100
	}
	if r.IntN(20) == 0 {
		v.Comms[0].Cut = !v.Comms[0].Cut
		v.Paused = !v.Paused
		v.Weather = sim.Weather(r.IntN(4))
		v.Sensors[0].Down = !v.Sensors[0].Down
		v.Objective[0].Value = r.Float64()
		v.Injects = append(v.Injects, sim.InjectView{ID: "i"})
		v.Barriers = append(v.Barriers, sim.BarrierView{Name: "b", Line: orb.LineString{w.pt(), w.pt()}})
	}
}

// TestStreamMirror checks that a client applying the encoded keyframe and
// deltas holds the server's view, within the quantisation, at every frame.
func TestStreamMirror(t *testing.T) {
	for _, team := range []int{0, sim.Instructor} {
		w := newWorld(uint64(team+10), team)
		var s wire.Stream
		var m, late wire.Mirror
		for i := range 300 {
			w.step(int32(1 + i%3))
			delta := s.Next(&w.v, wire.Frame{Sent: int64(i)})
			if i == 0 {
				if delta != nil {
					t.Fatal("first frame has a delta")
				}
				kf, err := wire.Decode(s.Keyframe())
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Apply(kf); err != nil {
					t.Fatal(err)
				}
			} else {
				msg, err := wire.Decode(delta)
				if err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
				if err := m.Apply(msg); err != nil {
					t.Fatalf("frame %d: %v", i, err)
				}
			}
			if m.Seq() != s.Seq() {
				t.Fatalf("frame %d: mirror at seq %d, stream at %d", i, m.Seq(), s.Seq())
			}
			q := wire.Quantized(&w.v)
			if !reflect.DeepEqual(*m.View(), q) {
				t.Fatalf("team %d frame %d: mirror differs from server view\n got %+v\nwant %+v", team, i, *m.View(), q)
			}
			// A client joining late starts from a keyframe and follows on.
			if i == 150 {
				kf, _ := wire.Decode(s.Keyframe())
				if err := late.Apply(kf); err != nil {
					t.Fatal(err)
				}
			} else if i > 150 {
				msg, _ := wire.Decode(delta)
				if err := late.Apply(msg); err != nil {
					t.Fatalf("late client, frame %d: %v", i, err)
				}
				if !reflect.DeepEqual(*late.View(), q) {
					t.Fatalf("late client, frame %d: differs from the server view", i)
				}
			}
		}
	}
}

func TestMirrorRejects(t *testing.T) {
	var m wire.Mirror
	d := &wire.Delta{Base: 0}
	if err := m.Apply(d); !errors.Is(err, wire.ErrBase) {
		t.Errorf("delta before keyframe: %v, want ErrBase", err)
	}
	kf := &wire.Keyframe{Frame: wire.Frame{Seq: 5}, View: sampleView()}
	if err := m.Apply(kf); err != nil {
		t.Fatal(err)
	}
	if err := m.Apply(&wire.Delta{Base: 4, Frame: wire.Frame{Seq: 6}}); !errors.Is(err, wire.ErrBase) {
		t.Errorf("delta on another base: %v, want ErrBase", err)
	}
	bad := map[string]*wire.Delta{
		"change of unknown unit": {Units: []wire.UnitChange{{Fields: wire.UnitPos, Entity: sim.UnitView{ID: 99}}}},
		"new unit already held":  {Units: []wire.UnitChange{{Fields: wire.FieldNew, Entity: sim.UnitView{ID: 1}}}},
		"removal of unknown":     {TracksGone: []wire.TrackKey{{Team: 3, ID: 9}}},
		"removed twice":          {UnitsGone: []int32{1, 1}},
		"order not permutation":  {Changed: wire.SecUnitOrder, UnitOrder: []int32{1, 1}},
		"order too short":        {Changed: wire.SecUnitOrder, UnitOrder: []int32{1}},
	}
	for name, d := range bad {
		t.Run(name, func(t *testing.T) {
			var m wire.Mirror
			kf := &wire.Keyframe{Frame: wire.Frame{Seq: 5}, View: sampleView()}
			if err := m.Apply(kf); err != nil {
				t.Fatal(err)
			}
			d.Base, d.Seq = 5, 6
			if err := m.Apply(d); err == nil {
				t.Fatal("applied")
			}
			if m.Ready() {
				t.Error("mirror still ready after a failed delta")
			}
		})
	}
}

// TestDeltaSize keeps the common case compact: units moving a few metres
// cost a few bytes each.
func TestDeltaSize(t *testing.T) {
	v := sim.View{Tick: 1}
	for i := range 200 {
		v.Units = append(v.Units, sim.UnitView{ID: int32(i), Name: "Patrol", Pos: orb.Point{float64(i * 1000), 50000}, Track: -1})
	}
	var s wire.Stream
	s.Next(&v, wire.Frame{})
	v.Tick++
	for i := range v.Units {
		v.Units[i].Pos[0] += 7
	}
	d := s.Next(&v, wire.Frame{Sent: 1_700_000_000_000_000})
	// 200 × (id ≤2 + fields 1 + dx 1 + dy 1) plus the header.
	if max := 200*5 + 30; len(d) > max {
		t.Errorf("delta of 200 moving units is %d bytes, want ≤ %d", len(d), max)
	}
	if kf := s.Keyframe(); len(kf) < len(d) {
		t.Errorf("keyframe %d bytes smaller than delta %d", len(kf), len(d))
	}
}

func FuzzDecode(f *testing.F) {
	for _, c := range cases() {
		f.Add(wire.Encode(c.msg))
	}
	for _, c := range rejectCases() {
		f.Add(c.data)
	}
	for _, m := range coopMessages() {
		f.Add(wire.Encode(m))
	}
	// Real frames: the toy world's keyframe and deltas, every kind of
	// change among them.
	w := newWorld(5, sim.Instructor)
	var s wire.Stream
	for i := range 20 {
		w.step(1)
		if d := s.Next(&w.v, wire.Frame{Sent: int64(i)}); d != nil {
			f.Add(d)
		}
	}
	f.Add(s.Keyframe())
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := wire.Decode(data)
		if err != nil {
			if m != nil {
				t.Fatal("message and error")
			}
			return
		}
		// A decoded message re-encodes to a canonical form that is stable.
		b := wire.Encode(m)
		m2, err := wire.Decode(b)
		if err != nil {
			t.Fatalf("re-decoding %T: %v", m, err)
		}
		if b2 := wire.Encode(m2); !bytes.Equal(b, b2) {
			t.Fatalf("%T: encoding not stable", m)
		}
		// Applying whatever decoded must not panic.
		var mir wire.Mirror
		_ = mir.Apply(&wire.Keyframe{View: instructorView()})
		if d, ok := m.(*wire.Delta); ok {
			d.Base = 0
			_ = mir.Apply(d)
		}
	})
}

func BenchmarkStreamNext(b *testing.B) {
	w := newWorld(3, 0)
	var s wire.Stream
	s.Next(&w.v, wire.Frame{})
	b.ReportAllocs()
	for b.Loop() {
		w.step(1)
		s.Next(&w.v, wire.Frame{})
	}
}

func BenchmarkDecodeDelta(b *testing.B) {
	w := newWorld(3, 0)
	var s wire.Stream
	s.Next(&w.v, wire.Frame{})
	frames := make([][]byte, 1000)
	for i := range frames {
		w.step(1)
		frames[i] = s.Next(&w.v, wire.Frame{})
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := wire.Decode(frames[i%len(frames)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

// builtinWorld starts the built-in scenario name at seed and returns it
// with the view teams to follow: the white cell's and every team's.
func builtinWorld(t testing.TB, name string, seed uint64) (*sim.World, []int) {
	t.Helper()
	sc := drilltest.Builtin(t, name)
	w := drilltest.NewWorld(t, sc, seed)
	teams := []int{sim.Instructor}
	for i := range sc.Teams {
		teams = append(teams, i)
	}
	return w, teams
}

// TestWorldStream runs a built-in scenario and checks that every team's
// mirror, and the instructor's, follows the World's views exactly.
func TestWorldStream(t *testing.T) {
	w, teams := builtinWorld(t, scenarios.Default, 1)
	streams := make([]wire.Stream, len(teams))
	mirrors := make([]wire.Mirror, len(teams))
	var v sim.View
	bytesSent := make([]int, len(teams))
	const ticks = 6000
	for tick := range ticks {
		w.Step(nil)
		if tick%5 != 0 {
			continue
		}
		for i, team := range teams {
			w.ViewInto(team, &v)
			b := streams[i].Next(&v, wire.Frame{})
			if b == nil {
				b = streams[i].Keyframe()
			}
			bytesSent[i] += len(b)
			m, err := wire.Decode(b)
			if err != nil {
				t.Fatal(err)
			}
			if err := mirrors[i].Apply(m); err != nil {
				t.Fatalf("tick %d team %d: %v", tick, team, err)
			}
			if q := wire.Quantized(&v); !reflect.DeepEqual(*mirrors[i].View(), q) {
				t.Fatalf("tick %d team %d: mirror differs\n got %+v\nwant %+v", tick, team, *mirrors[i].View(), q)
			}
		}
	}
	for i, team := range teams {
		t.Logf("team %d: %d bytes in %d frames, %d units %d tracks %d crossers at the end", team, bytesSent[i], ticks/5,
			len(mirrors[i].View().Units), len(mirrors[i].View().Tracks), len(mirrors[i].View().Crossers))
	}
}

// scenarioViews returns the white cell's views of the default scenario at
// n broadcasts, every 5 ticks from tick 1000.
func scenarioViews(b *testing.B, n int) []sim.View {
	w, _ := builtinWorld(b, scenarios.Default, 1)
	for range 1000 {
		w.Step(nil)
	}
	views := make([]sim.View, n)
	for i := range views {
		for range 5 {
			w.Step(nil)
		}
		w.ViewInto(sim.Instructor, &views[i])
	}
	return views
}

// BenchmarkStreamScenario is one broadcast of the white cell's stream of a
// built-in scenario: the delta made and encoded, nothing else.
func BenchmarkStreamScenario(b *testing.B) {
	views := scenarioViews(b, 200)
	var s wire.Stream
	for i := range views {
		s.Next(&views[i], wire.Frame{})
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Next(&views[i%len(views)], wire.Frame{})
		i++
	}
}

// BenchmarkAppendKeyframe encodes the white cell's keyframe of a built-in
// scenario into a reused buffer.
func BenchmarkAppendKeyframe(b *testing.B) {
	kf := &wire.Keyframe{View: scenarioViews(b, 1)[0]}
	buf := wire.Append(nil, kf)
	b.ReportAllocs()
	for b.Loop() {
		buf = wire.Append(buf[:0], kf)
	}
	b.ReportMetric(float64(len(buf)), "bytes")
}

// BenchmarkDecodeKeyframe decodes the white cell's keyframe of a built-in
// scenario.
func BenchmarkDecodeKeyframe(b *testing.B) {
	buf := wire.Encode(&wire.Keyframe{View: scenarioViews(b, 1)[0]})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wire.Decode(buf); err != nil {
			b.Fatal(err)
		}
	}
}

// TestNamePlaces: only a phrase's place parameter is renamed; a phrase
// without one, or no renaming, leaves the arguments as they are.
func TestNamePlaces(t *testing.T) {
	upper := strings.ToUpper
	for _, tc := range []struct {
		id    string
		args  []string
		place func(string) string
		want  []string
	}{
		{"group_at", []string{"12", "Soufli", "NE"}, upper, []string{"12", "SOUFLI", "NE"}},
		{"group_at", []string{"12", "Soufli", "NE"}, nil, []string{"12", "Soufli", "NE"}},
		{"request_pursuit", []string{"ne7"}, upper, []string{"ne7"}},
		{"unknown", []string{"Soufli"}, upper, []string{"Soufli"}},
	} {
		args := slices.Clone(tc.args)
		if got := wire.NamePlaces(tc.id, args, tc.place); !slices.Equal(got, tc.want) {
			t.Errorf("%s %q: %q, want %q", tc.id, tc.args, got, tc.want)
		}
		if !slices.Equal(args, tc.args) {
			t.Errorf("%s: the arguments given were changed to %q", tc.id, args)
		}
	}
}
