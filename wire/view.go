package wire

import (
	"reflect"
	"strings"
	"unsafe"

	"github.com/borderdrill/borderdrill/sim"
)

// This file is a sim.View on the wire: whole in a Keyframe, as the changes
// from the previous frame in a Delta.

// views is a whole view, as a Keyframe carries it.
var views = recordOf[sim.View]("Tick i, Team i, Clock i, Night/Paused flags, Weather enum, Speed i, Units list, "+
	"Sensors list, Tracks list, Crossers list, Barriers list, Checks list, Comms list, Objective list, Injects list, "+
	"Stats rec, Requests list", units.layout, sensors.layout, tracks.layout, crossers.layout, barriers.layout, checkpoints.layout,
	comms.layout, objectives.layout, injects.layout, stats.layout, requests.layout)

// Quantized returns a deep copy of v rounded as the wire carries it:
// positions and distances in whole metres, empty slices as nil. A client's
// view decoded from keyframes and deltas equals Quantized of the server's.
func Quantized(v *sim.View) sim.View {
	e := new(enc)
	views.code(coder{w: e}, v)
	d := &dec{b: e.b}
	var out sim.View
	views.code(coder{r: d}, &out)
	if d.err != nil {
		panic("wire: re-decoding an encoded view: " + d.err.Error())
	}
	return out
}

// Sections says which parts of a view a Delta carries besides the tick, the
// clock and the entity changes. A section that is set replaces the client's
// copy whole.
type Sections uint16

// Delta sections.
const (
	SecScalars      Sections = 1 << iota // Night, Weather, Paused, Speed
	SecSensors                           // Sensors
	SecBarriers                          // Barriers
	SecChecks                            // Checks
	SecComms                             // Comms
	SecObjectives                        // Objective
	SecInjects                           // Injects
	SecStats                             // Stats
	SecUnitOrder                         // UnitOrder: the units' new order
	SecTrackOrder                        // TrackOrder
	SecCrosserOrder                      // CrosserOrder
	SecRequests                          // Requests
	secAll          = SecRequests<<1 - 1
)

// Delta is the change from the frame Base to this one. Positions are in
// whole metres.
type Delta struct {
	Frame
	Base    uint32
	Tick    int32
	Clock   int
	Changed Sections

	Night     bool
	Weather   sim.Weather
	Paused    bool
	Speed     int
	Sensors   []sim.SensorView
	Barriers  []sim.BarrierView
	Checks    []sim.CheckpointView
	Comms     []sim.CommsView
	Objective []sim.ObjectiveStatus
	Injects   []sim.InjectView
	Stats     sim.Stats
	Requests  []sim.RequestView

	Units        []UnitChange
	UnitsGone    []int32
	UnitOrder    []int32
	Tracks       []TrackChange
	TracksGone   []TrackKey
	TrackOrder   []TrackKey
	Crossers     []CrosserChange
	CrossersGone []int32
	CrosserOrder []int32
}

// section is a part of a view that a Delta replaces whole when it changed:
// the same fields of sim.View and of Delta.
type section struct {
	bit   Sections
	view  *layout
	delta *layout
	index [][2][]int // each Go field's index in sim.View and in Delta
}

// newSection is the section bit of the fields spec describes (see
// layout), which sim.View and Delta both have.
func newSection(bit Sections, spec string, nested ...*layout) section {
	s := section{
		bit:   bit,
		view:  newLayout(reflect.TypeFor[sim.View](), spec, nested...),
		delta: newLayout(reflect.TypeFor[Delta](), spec, nested...),
	}
	for _, f := range s.view.fields {
		for _, name := range strings.Split(f.name, "/") {
			v, _ := reflect.TypeFor[sim.View]().FieldByName(name)
			d, _ := reflect.TypeFor[Delta]().FieldByName(name)
			s.index = append(s.index, [2][]int{v.Index, d.Index})
		}
	}
	return s
}

// diff reports whether the section changed from prev to cur, and if so
// copies it into x.
func (s *section) diff(prev, cur *sim.View, x *Delta) bool {
	if s.view.eq(unsafe.Pointer(prev), unsafe.Pointer(cur)) {
		return false
	}
	s.copy(cur, x, true)
	return true
}

// copy copies the section from v to x (toDelta), or from x to v.
func (s *section) copy(v *sim.View, x *Delta, toDelta bool) {
	vv, d := reflect.ValueOf(v).Elem(), reflect.ValueOf(x).Elem()
	for _, i := range s.index {
		a, b := vv.FieldByIndex(i[0]), d.FieldByIndex(i[1])
		if toDelta {
			b.Set(a)
		} else {
			a.Set(b)
		}
	}
}

var scalarSection = newSection(SecScalars, "Night/Paused flags, Weather enum, Speed i")

// sections are the Delta's sections in bit order.
var sections = [...]section{scalarSection, sensorSection, barrierSection, checkpointSection, commsSection,
	objectiveSection, injectSection, statsSection, requestSection}

// Frame is the header of a Keyframe or Delta.
type Frame struct {
	// Seq numbers the frames of one view stream; a Delta applies to the
	// frame whose Seq is its Base.
	Seq uint32
	// Sent is the server's wall clock when the frame was queued, in unix
	// microseconds; clients use it to measure delivery latency.
	Sent int64
	// StepMicros is the longest world step since the previous frame, in
	// microseconds.
	StepMicros uint32
}

var frames = recordOf[Frame]("Seq u, Sent i, StepMicros u")

// keyframes is a Keyframe message.
var keyframes = recordOf[Keyframe]("Frame rec, View rec", frames.layout, views.layout)

// deltaHeads is a Delta's header; the sections and the entity changes
// follow (codeDelta).
var deltaHeads = recordOf[Delta]("Frame rec, Base u, Tick i, Clock i", frames.layout)

// codeDelta writes or reads a Delta: its header, the sections set, then
// the changes of units, tracks and crossers.
func codeDelta(c coder, x *Delta) {
	deltaHeads.code(c, x)
	code(c, &x.Changed, func(e *enc, s Sections) { e.u(uint64(s)) }, func(d *dec) Sections { return Sections(d.u16()) })
	if c.r != nil && x.Changed&^secAll != 0 {
		c.r.fail(errRange)
		return
	}
	for i := range sections {
		if s := &sections[i]; x.Changed&s.bit != 0 {
			s.delta.code(c, unsafe.Pointer(x))
		}
	}
	units.codePart(c, x.unitChanges(), x.Tick, x.Changed&SecUnitOrder != 0)
	tracks.codePart(c, x.trackChanges(), x.Tick, x.Changed&SecTrackOrder != 0)
	crossers.codePart(c, x.crosserChanges(), x.Tick, x.Changed&SecCrosserOrder != 0)
}

func (x *Delta) unitChanges() changes[sim.UnitView, int32] {
	return changes[sim.UnitView, int32]{&x.Units, &x.UnitsGone, &x.UnitOrder}
}

func (x *Delta) trackChanges() changes[sim.TrackView, TrackKey] {
	return changes[sim.TrackView, TrackKey]{&x.Tracks, &x.TracksGone, &x.TrackOrder}
}

func (x *Delta) crosserChanges() changes[sim.CrosserView, int32] {
	return changes[sim.CrosserView, int32]{&x.Crossers, &x.CrossersGone, &x.CrosserOrder}
}
