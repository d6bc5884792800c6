package wire

import (
	"github.com/borderdrill/borderdrill/sim"
)

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

// FieldNew marks an entity change that adds an entity the client does not
// have: every field is present and positions are absolute.
const FieldNew uint16 = 1 << 15

// Fields of a UnitChange.
const (
	UnitPos uint16 = 1 << iota
	UnitTeam
	UnitKind
	UnitName
	UnitOrder
	UnitTarget
	UnitTrack
	UnitRoute
	UnitAloft
	UnitFuel
	UnitObserve
	UnitCustody
	unitAll = UnitCustody<<1 - 1
)

// Fields of a TrackChange.
const (
	TrackPos uint16 = 1 << iota
	TrackErr
	TrackAge
	TrackSource
	TrackFrom
	TrackSize
	TrackShared
	TrackCustody
	trackAll = TrackCustody<<1 - 1
)

// Fields of a CrosserChange.
const (
	CrosserPos uint16 = 1 << iota
	CrosserKind
	CrosserSize
	CrosserVulnerable
	CrosserState
	CrosserDetected
	crosserAll = CrosserDetected<<1 - 1
)

// UnitChange is a unit added or changed. Fields says which fields of Unit
// are present (ID always is). Unless Fields has FieldNew, Unit.Pos is the
// offset from the client's copy.
type UnitChange struct {
	Fields uint16
	Unit   sim.UnitView
}

// TrackKey identifies a track: IDs are unique within a team's picture.
type TrackKey struct {
	Team int
	ID   int32
}

// TrackChange is a track added or changed, like UnitChange. On the wire a
// changed track carries the tick of its last update instead of its age, so
// that ageing alone does not make a change; a client ages the tracks it
// holds by the ticks elapsed.
type TrackChange struct {
	Fields uint16
	Track  sim.TrackView
}

// CrosserChange is a crosser added or changed, like UnitChange.
type CrosserChange struct {
	Fields  uint16
	Crosser sim.CrosserView
}

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

func encFrame(e *enc, f *Frame) {
	e.u(uint64(f.Seq))
	e.i(f.Sent)
	e.u(uint64(f.StepMicros))
}

func decFrame(d *dec, f *Frame) {
	f.Seq = d.u32()
	f.Sent = d.i()
	f.StepMicros = d.u32()
}

func encDelta(e *enc, x *Delta) {
	encFrame(e, &x.Frame)
	e.u(uint64(x.Base))
	e.i(int64(x.Tick))
	e.i(int64(x.Clock))
	e.u(uint64(x.Changed))
	if x.Changed&SecScalars != 0 {
		var flags byte
		if x.Night {
			flags |= viewNight
		}
		if x.Paused {
			flags |= viewPaused
		}
		e.byte(flags)
		e.byte(byte(x.Weather))
		e.i(int64(x.Speed))
	}
	if x.Changed&SecSensors != 0 {
		encSensors(e, x.Sensors)
	}
	if x.Changed&SecBarriers != 0 {
		encBarriers(e, x.Barriers)
	}
	if x.Changed&SecChecks != 0 {
		encChecks(e, x.Checks)
	}
	if x.Changed&SecComms != 0 {
		encComms(e, x.Comms)
	}
	if x.Changed&SecObjectives != 0 {
		encObjectives(e, x.Objective)
	}
	if x.Changed&SecInjects != 0 {
		encInjects(e, x.Injects)
	}
	if x.Changed&SecStats != 0 {
		encStats(e, &x.Stats)
	}

	e.u(uint64(len(x.Units)))
	for i := range x.Units {
		c := &x.Units[i]
		u := &c.Unit
		e.i(int64(u.ID))
		e.u(uint64(c.Fields))
		if c.Fields&FieldNew != 0 {
			encUnit(e, u)
			continue
		}
		if c.Fields&UnitPos != 0 {
			e.pt(u.Pos)
		}
		if c.Fields&UnitTeam != 0 {
			e.i(int64(u.Team))
		}
		if c.Fields&UnitKind != 0 {
			e.byte(byte(u.Kind))
		}
		if c.Fields&UnitName != 0 {
			e.str(u.Name)
		}
		if c.Fields&UnitOrder != 0 {
			e.byte(byte(u.Order))
		}
		if c.Fields&UnitTarget != 0 {
			e.pt(u.Target)
		}
		if c.Fields&UnitTrack != 0 {
			e.i(int64(u.Track))
		}
		if c.Fields&UnitRoute != 0 {
			e.pts(u.Route)
		}
		if c.Fields&UnitAloft != 0 {
			e.bool(u.Aloft)
		}
		if c.Fields&UnitFuel != 0 {
			e.i(int64(u.Fuel))
		}
		if c.Fields&UnitObserve != 0 {
			e.q(u.Observe)
		}
		if c.Fields&UnitCustody != 0 {
			e.i(int64(u.Custody))
		}
	}
	encIDs(e, x.UnitsGone)
	if x.Changed&SecUnitOrder != 0 {
		encIDs(e, x.UnitOrder)
	}

	e.u(uint64(len(x.Tracks)))
	for i := range x.Tracks {
		c := &x.Tracks[i]
		t := &c.Track
		e.i(int64(t.Team))
		e.i(int64(t.ID))
		e.u(uint64(c.Fields))
		if c.Fields&FieldNew != 0 {
			encTrack(e, t)
			continue
		}
		if c.Fields&TrackPos != 0 {
			e.pt(t.Pos)
		}
		if c.Fields&TrackErr != 0 {
			e.q(t.Err)
		}
		if c.Fields&TrackAge != 0 {
			e.i(int64(x.Tick) - int64(t.Age)) // the tick of the last update
		}
		if c.Fields&TrackSource != 0 {
			e.byte(byte(t.Source))
		}
		if c.Fields&TrackFrom != 0 {
			e.i(int64(t.From))
		}
		if c.Fields&TrackSize != 0 {
			e.i(int64(t.Size))
		}
		if c.Fields&TrackShared != 0 {
			e.bool(t.SharedTo)
		}
		if c.Fields&TrackCustody != 0 {
			e.bool(t.Custody)
		}
	}
	encKeys(e, x.TracksGone)
	if x.Changed&SecTrackOrder != 0 {
		encKeys(e, x.TrackOrder)
	}

	e.u(uint64(len(x.Crossers)))
	for i := range x.Crossers {
		c := &x.Crossers[i]
		g := &c.Crosser
		e.i(int64(g.ID))
		e.u(uint64(c.Fields))
		if c.Fields&FieldNew != 0 {
			encCrosser(e, g)
			continue
		}
		if c.Fields&CrosserPos != 0 {
			e.pt(g.Pos)
		}
		if c.Fields&CrosserKind != 0 {
			e.byte(byte(g.Kind))
		}
		if c.Fields&CrosserSize != 0 {
			e.i(int64(g.Size))
		}
		if c.Fields&CrosserVulnerable != 0 {
			e.bool(g.Vulnerable)
		}
		if c.Fields&CrosserState != 0 {
			e.byte(byte(g.State))
		}
		if c.Fields&CrosserDetected != 0 {
			e.bool(g.Detected)
		}
	}
	encIDs(e, x.CrossersGone)
	if x.Changed&SecCrosserOrder != 0 {
		encIDs(e, x.CrosserOrder)
	}
}

func encIDs(e *enc, ids []int32) {
	e.u(uint64(len(ids)))
	for _, id := range ids {
		e.i(int64(id))
	}
}

func decIDs(d *dec) []int32 {
	n := d.n(1)
	if n == 0 {
		return nil
	}
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = d.i32()
	}
	return ids
}

func encKeys(e *enc, ks []TrackKey) {
	e.u(uint64(len(ks)))
	for _, k := range ks {
		e.i(int64(k.Team))
		e.i(int64(k.ID))
	}
}

func decKeys(d *dec) []TrackKey {
	n := d.n(2)
	if n == 0 {
		return nil
	}
	ks := make([]TrackKey, n)
	for i := range ks {
		ks[i].Team = d.int()
		ks[i].ID = d.i32()
	}
	return ks
}

func decFields(d *dec, all uint16) uint16 {
	f := d.u16()
	if f&FieldNew != 0 {
		if f != FieldNew|all {
			d.fail(errRange)
		}
	} else if f&^all != 0 {
		d.fail(errRange)
	}
	return f
}

func decDelta(d *dec, x *Delta) {
	decFrame(d, &x.Frame)
	x.Base = d.u32()
	x.Tick = d.i32()
	x.Clock = d.int()
	x.Changed = Sections(d.u16())
	if x.Changed&^secAll != 0 {
		d.fail(errRange)
		return
	}
	if x.Changed&SecScalars != 0 {
		flags := d.byte()
		if flags&^(viewNight|viewPaused) != 0 {
			d.fail(errRange)
		}
		x.Night = flags&viewNight != 0
		x.Paused = flags&viewPaused != 0
		x.Weather = sim.Weather(d.byte())
		x.Speed = d.int()
	}
	if x.Changed&SecSensors != 0 {
		x.Sensors = decSensors(d)
	}
	if x.Changed&SecBarriers != 0 {
		x.Barriers = decBarriers(d)
	}
	if x.Changed&SecChecks != 0 {
		x.Checks = decChecks(d)
	}
	if x.Changed&SecComms != 0 {
		x.Comms = decComms(d)
	}
	if x.Changed&SecObjectives != 0 {
		x.Objective = decObjectives(d)
	}
	if x.Changed&SecInjects != 0 {
		x.Injects = decInjects(d)
	}
	if x.Changed&SecStats != 0 {
		decStats(d, &x.Stats)
	}

	if n := d.n(2); n > 0 {
		x.Units = make([]UnitChange, n)
		for i := range x.Units {
			c := &x.Units[i]
			u := &c.Unit
			u.ID = d.i32()
			c.Fields = decFields(d, unitAll)
			if c.Fields&FieldNew != 0 {
				decUnit(d, u)
				continue
			}
			if c.Fields&UnitPos != 0 {
				u.Pos = d.pt()
			}
			if c.Fields&UnitTeam != 0 {
				u.Team = d.int()
			}
			if c.Fields&UnitKind != 0 {
				u.Kind = sim.UnitKind(d.byte())
			}
			if c.Fields&UnitName != 0 {
				u.Name = d.str()
			}
			if c.Fields&UnitOrder != 0 {
				u.Order = sim.Order(d.byte())
			}
			if c.Fields&UnitTarget != 0 {
				u.Target = d.pt()
			}
			if c.Fields&UnitTrack != 0 {
				u.Track = d.i32()
			}
			if c.Fields&UnitRoute != 0 {
				u.Route = d.pts()
			}
			if c.Fields&UnitAloft != 0 {
				u.Aloft = d.bool()
			}
			if c.Fields&UnitFuel != 0 {
				u.Fuel = d.i32()
			}
			if c.Fields&UnitObserve != 0 {
				u.Observe = d.q()
			}
			if c.Fields&UnitCustody != 0 {
				u.Custody = d.int()
			}
		}
	}
	x.UnitsGone = decIDs(d)
	if x.Changed&SecUnitOrder != 0 {
		x.UnitOrder = decIDs(d)
	}

	if n := d.n(3); n > 0 {
		x.Tracks = make([]TrackChange, n)
		for i := range x.Tracks {
			c := &x.Tracks[i]
			t := &c.Track
			t.Team = d.int()
			t.ID = d.i32()
			c.Fields = decFields(d, trackAll)
			if c.Fields&FieldNew != 0 {
				decTrack(d, t)
				continue
			}
			if c.Fields&TrackPos != 0 {
				t.Pos = d.pt()
			}
			if c.Fields&TrackErr != 0 {
				t.Err = d.q()
			}
			if c.Fields&TrackAge != 0 {
				age := int64(x.Tick) - d.i()
				if age < -1<<31 || age > 1<<31-1 {
					d.fail(errRange)
				}
				t.Age = int32(age)
			}
			if c.Fields&TrackSource != 0 {
				t.Source = sim.TrackSource(d.byte())
			}
			if c.Fields&TrackFrom != 0 {
				t.From = d.int()
			}
			if c.Fields&TrackSize != 0 {
				t.Size = d.int()
			}
			if c.Fields&TrackShared != 0 {
				t.SharedTo = d.bool()
			}
			if c.Fields&TrackCustody != 0 {
				t.Custody = d.bool()
			}
		}
	}
	x.TracksGone = decKeys(d)
	if x.Changed&SecTrackOrder != 0 {
		x.TrackOrder = decKeys(d)
	}

	if n := d.n(2); n > 0 {
		x.Crossers = make([]CrosserChange, n)
		for i := range x.Crossers {
			c := &x.Crossers[i]
			g := &c.Crosser
			g.ID = d.i32()
			c.Fields = decFields(d, crosserAll)
			if c.Fields&FieldNew != 0 {
				decCrosser(d, g)
				continue
			}
			if c.Fields&CrosserPos != 0 {
				g.Pos = d.pt()
			}
			if c.Fields&CrosserKind != 0 {
				g.Kind = sim.CrosserKind(d.byte())
			}
			if c.Fields&CrosserSize != 0 {
				g.Size = d.int()
			}
			if c.Fields&CrosserVulnerable != 0 {
				g.Vulnerable = d.bool()
			}
			if c.Fields&CrosserState != 0 {
				g.State = sim.CrosserState(d.byte())
			}
			if c.Fields&CrosserDetected != 0 {
				g.Detected = d.bool()
			}
		}
	}
	x.CrossersGone = decIDs(d)
	if x.Changed&SecCrosserOrder != 0 {
		x.CrosserOrder = decIDs(d)
	}
}
