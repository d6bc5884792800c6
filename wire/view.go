package wire

import (
	"github.com/borderdrill/borderdrill/sim"
)

// This file is a sim.View on the wire: whole in a Keyframe, as the changes
// from the previous frame in a Delta.

// View flag bits.
const (
	viewNight = 1 << iota
	viewPaused
)

// flagsField is the byte of a view's night and paused flags.
func flagsField[E any](night, paused func(*E) *bool) field[E] {
	return field[E]{
		enc: func(e *enc, x *E) {
			var f byte
			if *night(x) {
				f |= viewNight
			}
			if *paused(x) {
				f |= viewPaused
			}
			e.byte(f)
		},
		dec: func(d *dec, x *E) {
			f := d.byte()
			if f&^(viewNight|viewPaused) != 0 {
				d.fail(errRange)
			}
			*night(x), *paused(x) = f&viewNight != 0, f&viewPaused != 0
		},
		eq: func(a, b *E, _, _ int32) bool { return *night(a) == *night(b) && *paused(a) == *paused(b) },
	}
}

// entityField is an entity list of a view, whole.
func entityField[E any, K comparable](get func(*sim.View) *[]E, en *entity[E, K]) field[sim.View] {
	return field[sim.View]{
		enc: func(e *enc, v *sim.View) { en.encFull(e, *get(v)) },
		dec: func(d *dec, v *sim.View) { *get(v) = en.decFull(d) },
	}
}

// views is a whole view, as a Keyframe carries it.
var views = newRecord(
	i32Field(0, func(v *sim.View) *int32 { return &v.Tick }),
	intField(0, func(v *sim.View) *int { return &v.Team }),
	intField(0, func(v *sim.View) *int { return &v.Clock }),
	flagsField(func(v *sim.View) *bool { return &v.Night }, func(v *sim.View) *bool { return &v.Paused }),
	enumField(0, func(v *sim.View) *sim.Weather { return &v.Weather }, 0, 0),
	intField(0, func(v *sim.View) *int { return &v.Speed }),
	entityField(func(v *sim.View) *[]sim.UnitView { return &v.Units }, units),
	listField(func(v *sim.View) *[]sim.SensorView { return &v.Sensors }, sensors),
	entityField(func(v *sim.View) *[]sim.TrackView { return &v.Tracks }, tracks),
	entityField(func(v *sim.View) *[]sim.CrosserView { return &v.Crossers }, crossers),
	listField(func(v *sim.View) *[]sim.BarrierView { return &v.Barriers }, barriers),
	listField(func(v *sim.View) *[]sim.CheckpointView { return &v.Checks }, checkpoints),
	listField(func(v *sim.View) *[]sim.CommsView { return &v.Comms }, comms),
	listField(func(v *sim.View) *[]sim.ObjectiveStatus { return &v.Objective }, objectives),
	listField(func(v *sim.View) *[]sim.InjectView { return &v.Injects }, injects),
	recordField(func(v *sim.View) *sim.Stats { return &v.Stats }, stats),
)

// Quantized returns a deep copy of v rounded as the wire carries it:
// positions and distances in whole metres, empty slices as nil. A client's
// view decoded from keyframes and deltas equals Quantized of the server's.
func Quantized(v *sim.View) sim.View {
	var e enc
	views.enc(&e, v)
	d := dec{b: e.b}
	var out sim.View
	views.dec(&d, &out)
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
	secAll          = SecCrosserOrder<<1 - 1
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

// section is a part of a view that a Delta replaces whole when it changed.
type section struct {
	bit   Sections
	enc   func(e *enc, x *Delta)
	dec   func(d *dec, x *Delta)
	diff  func(prev, cur *sim.View, x *Delta) bool // sets x's copy when it changed
	apply func(v *sim.View, x *Delta)
}

// recordSection is a section of one record (the statistics, the scalars).
func recordSection[T any](bit Sections, r *record[T], inView func(*sim.View) *T, inDelta func(*Delta) *T) section {
	return section{
		bit: bit,
		enc: func(e *enc, x *Delta) { r.enc(e, inDelta(x)) },
		dec: func(d *dec, x *Delta) { r.dec(d, inDelta(x)) },
		diff: func(prev, cur *sim.View, x *Delta) bool {
			if r.eq(inView(prev), inView(cur)) {
				return false
			}
			*inDelta(x) = *inView(cur)
			return true
		},
		apply: func(v *sim.View, x *Delta) { *inView(v) = *inDelta(x) },
	}
}

// listSection is a section of a list of records (sensors, checkpoints, …).
func listSection[T any](bit Sections, r *record[T], inView func(*sim.View) *[]T, inDelta func(*Delta) *[]T) section {
	return recordSection(bit, newRecord(listField(func(l *[]T) *[]T { return l }, r)), inView, inDelta)
}

// scalars are a view's night, weather, pause and speed: the Delta's
// fields when SecScalars is set.
var scalars = newRecord(
	flagsField(func(x *Delta) *bool { return &x.Night }, func(x *Delta) *bool { return &x.Paused }),
	enumField(0, func(x *Delta) *sim.Weather { return &x.Weather }, 0, 0),
	intField(0, func(x *Delta) *int { return &x.Speed }),
)

var scalarSection = section{
	bit: SecScalars,
	enc: scalars.enc,
	dec: scalars.dec,
	diff: func(p, c *sim.View, x *Delta) bool {
		if p.Night == c.Night && p.Weather == c.Weather && p.Paused == c.Paused && p.Speed == c.Speed {
			return false
		}
		x.Night, x.Weather, x.Paused, x.Speed = c.Night, c.Weather, c.Paused, c.Speed
		return true
	},
	apply: func(v *sim.View, x *Delta) {
		v.Night, v.Weather, v.Paused, v.Speed = x.Night, x.Weather, x.Paused, x.Speed
	},
}

// sections are the Delta's sections in bit order.
var sections = [...]section{scalarSection, sensorSection, barrierSection, checkpointSection, commsSection,
	objectiveSection, injectSection, statsSection}

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

var frames = newRecord(
	u32Field(0, func(f *Frame) *uint32 { return &f.Seq }),
	i64Field(0, func(f *Frame) *int64 { return &f.Sent }),
	u32Field(0, func(f *Frame) *uint32 { return &f.StepMicros }),
)

// keyframes is a Keyframe message.
var keyframes = newRecord(
	recordField(func(k *Keyframe) *Frame { return &k.Frame }, frames),
	recordField(func(k *Keyframe) *sim.View { return &k.View }, views),
)

// entityChanges is one entity list's part of a Delta.
func entityChanges[E any, K comparable](en *entity[E, K], order Sections, part func(*Delta) changes[E, K]) field[Delta] {
	return field[Delta]{
		enc: func(e *enc, x *Delta) {
			p := part(x)
			en.encChanges(e, *p.changed, x.Tick)
			en.encKeys(e, *p.gone)
			if x.Changed&order != 0 {
				en.encKeys(e, *p.order)
			}
		},
		dec: func(d *dec, x *Delta) {
			p := part(x)
			*p.changed = en.decChanges(d, x.Tick)
			*p.gone = en.decKeys(d)
			if x.Changed&order != 0 {
				*p.order = en.decKeys(d)
			}
		},
	}
}

// deltas is a Delta message.
var deltas = newRecord(
	recordField(func(x *Delta) *Frame { return &x.Frame }, frames),
	u32Field(0, func(x *Delta) *uint32 { return &x.Base }),
	i32Field(0, func(x *Delta) *int32 { return &x.Tick }),
	intField(0, func(x *Delta) *int { return &x.Clock }),
	field[Delta]{
		enc: func(e *enc, x *Delta) {
			e.u(uint64(x.Changed))
			for i := range sections {
				if s := &sections[i]; x.Changed&s.bit != 0 {
					s.enc(e, x)
				}
			}
		},
		dec: func(d *dec, x *Delta) {
			x.Changed = Sections(d.u16())
			if x.Changed&^secAll != 0 {
				d.fail(errRange)
				return
			}
			for i := range sections {
				if s := &sections[i]; x.Changed&s.bit != 0 {
					s.dec(d, x)
				}
			}
		},
	},
	entityChanges(units, SecUnitOrder, func(x *Delta) changes[sim.UnitView, int32] {
		return changes[sim.UnitView, int32]{&x.Units, &x.UnitsGone, &x.UnitOrder}
	}),
	entityChanges(tracks, SecTrackOrder, func(x *Delta) changes[sim.TrackView, TrackKey] {
		return changes[sim.TrackView, TrackKey]{&x.Tracks, &x.TracksGone, &x.TrackOrder}
	}),
	entityChanges(crossers, SecCrosserOrder, func(x *Delta) changes[sim.CrosserView, int32] {
		return changes[sim.CrosserView, int32]{&x.Crossers, &x.CrossersGone, &x.CrosserOrder}
	}),
)
