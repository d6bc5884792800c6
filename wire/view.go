package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// This file encodes the parts of a sim.View: full entity records (used by
// keyframes and for entities new in a delta) and the sections a delta
// replaces whole when they change.

// Encoded sizes of zero-valued list elements, the least each can take;
// decoding checks list lengths against them.
const (
	minUnit      = 15 // with its ID
	minSensor    = 8
	minTrack     = 11 // with its key
	minCrosser   = 8  // with its ID
	minBarrier   = 3
	minCheck     = 14
	minComms     = 5
	minObjective = 19
	minInject    = 8
	minTeamStats = 47
)

func encUnit(e *enc, u *sim.UnitView) {
	e.i(int64(u.Team))
	e.byte(byte(u.Kind))
	e.str(u.Name)
	e.pt(u.Pos)
	e.byte(byte(u.Order))
	e.pt(u.Target)
	e.i(int64(u.Track))
	e.pts(u.Route)
	e.bool(u.Aloft)
	e.i(int64(u.Fuel))
	e.q(u.Observe)
	e.i(int64(u.Custody))
}

func decUnit(d *dec, u *sim.UnitView) {
	u.Team = d.int()
	u.Kind = sim.UnitKind(d.byte())
	u.Name = d.str()
	u.Pos = d.pt()
	u.Order = sim.Order(d.byte())
	u.Target = d.pt()
	u.Track = d.i32()
	u.Route = d.pts()
	u.Aloft = d.bool()
	u.Fuel = d.i32()
	u.Observe = d.q()
	u.Custody = d.int()
}

func encSensor(e *enc, s *sim.SensorView) {
	e.i(int64(s.ID))
	e.i(int64(s.Team))
	e.byte(byte(s.Kind))
	e.str(s.Name)
	e.pt(s.Pos)
	e.q(s.Range)
	e.bool(s.Down)
}

func decSensor(d *dec, s *sim.SensorView) {
	s.ID = d.i32()
	s.Team = d.int()
	s.Kind = sim.SensorKind(d.byte())
	s.Name = d.str()
	s.Pos = d.pt()
	s.Range = d.q()
	s.Down = d.bool()
}

// encTrack writes a track without its key (Team, ID).
func encTrack(e *enc, t *sim.TrackView) {
	e.pt(t.Pos)
	e.q(t.Err)
	e.i(int64(t.Age))
	e.byte(byte(t.Source))
	e.i(int64(t.From))
	e.i(int64(t.Size))
	e.bool(t.SharedTo)
	e.bool(t.Custody)
}

func decTrack(d *dec, t *sim.TrackView) {
	t.Pos = d.pt()
	t.Err = d.q()
	t.Age = d.i32()
	t.Source = sim.TrackSource(d.byte())
	t.From = d.int()
	t.Size = d.int()
	t.SharedTo = d.bool()
	t.Custody = d.bool()
}

func encCrosser(e *enc, c *sim.CrosserView) {
	e.byte(byte(c.Kind))
	e.i(int64(c.Size))
	e.bool(c.Vulnerable)
	e.pt(c.Pos)
	e.byte(byte(c.State))
	e.bool(c.Detected)
}

func decCrosser(d *dec, c *sim.CrosserView) {
	c.Kind = sim.CrosserKind(d.byte())
	c.Size = d.int()
	c.Vulnerable = d.bool()
	c.Pos = d.pt()
	c.State = sim.CrosserState(d.byte())
	c.Detected = d.bool()
}

func encSensors(e *enc, ss []sim.SensorView) {
	e.u(uint64(len(ss)))
	for i := range ss {
		encSensor(e, &ss[i])
	}
}

func decSensors(d *dec) []sim.SensorView {
	n := d.n(minSensor)
	if n == 0 {
		return nil
	}
	ss := make([]sim.SensorView, n)
	for i := range ss {
		decSensor(d, &ss[i])
	}
	return ss
}

func encBarriers(e *enc, bs []sim.BarrierView) {
	e.u(uint64(len(bs)))
	for i := range bs {
		e.str(bs[i].Name)
		e.pts(bs[i].Line)
		e.i(int64(bs[i].Cuts))
	}
}

func decBarriers(d *dec) []sim.BarrierView {
	n := d.n(minBarrier)
	if n == 0 {
		return nil
	}
	bs := make([]sim.BarrierView, n)
	for i := range bs {
		bs[i].Name = d.str()
		if l := d.pts(); l != nil {
			bs[i].Line = orb.LineString(l)
		}
		bs[i].Cuts = d.int()
	}
	return bs
}

func encChecks(e *enc, cs []sim.CheckpointView) {
	e.u(uint64(len(cs)))
	for i := range cs {
		c := &cs[i]
		e.str(c.Name)
		e.i(int64(c.Team))
		e.pt(c.Pos)
		e.bool(c.Open)
		e.i(int64(c.Queue))
		e.f64(c.MeanWait)
	}
}

func decChecks(d *dec) []sim.CheckpointView {
	n := d.n(minCheck)
	if n == 0 {
		return nil
	}
	cs := make([]sim.CheckpointView, n)
	for i := range cs {
		c := &cs[i]
		c.Name = d.str()
		c.Team = d.int()
		c.Pos = d.pt()
		c.Open = d.bool()
		c.Queue = d.int()
		c.MeanWait = d.f64()
	}
	return cs
}

func encComms(e *enc, cs []sim.CommsView) {
	e.u(uint64(len(cs)))
	for i := range cs {
		c := &cs[i]
		e.str(c.Agreement)
		e.i(int64(c.A))
		e.i(int64(c.B))
		e.bool(c.Cut)
		e.bool(c.Degraded)
	}
}

func decComms(d *dec) []sim.CommsView {
	n := d.n(minComms)
	if n == 0 {
		return nil
	}
	cs := make([]sim.CommsView, n)
	for i := range cs {
		c := &cs[i]
		c.Agreement = d.str()
		c.A = d.int()
		c.B = d.int()
		c.Cut = d.bool()
		c.Degraded = d.bool()
	}
	return cs
}

func encObjectives(e *enc, os []sim.ObjectiveStatus) {
	e.u(uint64(len(os)))
	for i := range os {
		o := &os[i]
		e.str(o.ID)
		e.str(o.Description)
		e.f64(o.Value)
		e.f64(o.Target)
		e.bool(o.Met)
	}
}

func decObjectives(d *dec) []sim.ObjectiveStatus {
	n := d.n(minObjective)
	if n == 0 {
		return nil
	}
	os := make([]sim.ObjectiveStatus, n)
	for i := range os {
		o := &os[i]
		o.ID = d.str()
		o.Description = d.str()
		o.Value = d.f64()
		o.Target = d.f64()
		o.Met = d.bool()
	}
	return os
}

func encInjects(e *enc, is []sim.InjectView) {
	e.u(uint64(len(is)))
	for i := range is {
		in := &is[i]
		e.str(in.ID)
		e.str(in.Synopsis)
		e.str(in.Message)
		e.str(in.Expected)
		e.i(int64(in.Addressee))
		e.i(int64(in.At))
		e.bool(in.Fired)
		e.i(int64(in.FiredAt))
	}
}

func decInjects(d *dec) []sim.InjectView {
	n := d.n(minInject)
	if n == 0 {
		return nil
	}
	is := make([]sim.InjectView, n)
	for i := range is {
		in := &is[i]
		in.ID = d.str()
		in.Synopsis = d.str()
		in.Message = d.str()
		in.Expected = d.str()
		in.Addressee = d.int()
		in.At = d.i32()
		in.Fired = d.bool()
		in.FiredAt = d.i32()
	}
	return is
}

func encStats(e *enc, s *sim.Stats) {
	for _, v := range [...]int{s.Attempted, s.Crossed, s.Detected, s.Apprehended, s.Escaped,
		s.Persons, s.Vulnerable, s.TracksShared, s.FalseTracks, s.Incidents, s.FenceCuts,
		s.CheckVehicles} {
		e.i(int64(v))
	}
	e.i(s.CheckWaitTicks)
	e.f64(s.CheckMeanWait)
	for _, v := range [...]int{s.ContrabandFound, s.ContrabandMissed, s.FalseIDFound,
		s.FalseIDMissed, s.CustodyGroups} {
		e.i(int64(v))
	}
	e.f64(s.CustodyMeanHours)
	e.i(s.CustodyTicks)
	e.u(uint64(len(s.Teams)))
	for i := range s.Teams {
		t := &s.Teams[i]
		e.str(t.ID)
		e.i(int64(t.Detections))
		e.f64(t.MeanDetectTicks)
		e.i(int64(t.Intercepts))
		e.f64(t.MeanInterceptTks)
		e.i(int64(t.SharedOut))
		e.f64(t.MeanShareTicks)
		e.i(int64(t.Incidents))
		e.i(int64(t.CustodyGroups))
		e.f64(t.CustodyMeanHours)
		e.i(int64(t.CheckVehicles))
		e.f64(t.CheckMeanWait)
	}
}

func decStats(d *dec, s *sim.Stats) {
	for _, p := range [...]*int{&s.Attempted, &s.Crossed, &s.Detected, &s.Apprehended, &s.Escaped,
		&s.Persons, &s.Vulnerable, &s.TracksShared, &s.FalseTracks, &s.Incidents, &s.FenceCuts,
		&s.CheckVehicles} {
		*p = d.int()
	}
	s.CheckWaitTicks = d.i()
	s.CheckMeanWait = d.f64()
	for _, p := range [...]*int{&s.ContrabandFound, &s.ContrabandMissed, &s.FalseIDFound,
		&s.FalseIDMissed, &s.CustodyGroups} {
		*p = d.int()
	}
	s.CustodyMeanHours = d.f64()
	s.CustodyTicks = d.i()
	n := d.n(minTeamStats)
	s.Teams = nil
	if n == 0 {
		return
	}
	s.Teams = make([]sim.TeamStats, n)
	for i := range s.Teams {
		t := &s.Teams[i]
		t.ID = d.str()
		t.Detections = d.int()
		t.MeanDetectTicks = d.f64()
		t.Intercepts = d.int()
		t.MeanInterceptTks = d.f64()
		t.SharedOut = d.int()
		t.MeanShareTicks = d.f64()
		t.Incidents = d.int()
		t.CustodyGroups = d.int()
		t.CustodyMeanHours = d.f64()
		t.CheckVehicles = d.int()
		t.CheckMeanWait = d.f64()
	}
}

// View flag bits.
const (
	viewNight = 1 << iota
	viewPaused
)

func encView(e *enc, v *sim.View) {
	e.i(int64(v.Tick))
	e.i(int64(v.Team))
	e.i(int64(v.Clock))
	var flags byte
	if v.Night {
		flags |= viewNight
	}
	if v.Paused {
		flags |= viewPaused
	}
	e.byte(flags)
	e.byte(byte(v.Weather))
	e.i(int64(v.Speed))

	e.u(uint64(len(v.Units)))
	for i := range v.Units {
		e.i(int64(v.Units[i].ID))
		encUnit(e, &v.Units[i])
	}
	encSensors(e, v.Sensors)
	e.u(uint64(len(v.Tracks)))
	for i := range v.Tracks {
		e.i(int64(v.Tracks[i].Team))
		e.i(int64(v.Tracks[i].ID))
		encTrack(e, &v.Tracks[i])
	}
	e.u(uint64(len(v.Crossers)))
	for i := range v.Crossers {
		e.i(int64(v.Crossers[i].ID))
		encCrosser(e, &v.Crossers[i])
	}
	encBarriers(e, v.Barriers)
	encChecks(e, v.Checks)
	encComms(e, v.Comms)
	encObjectives(e, v.Objective)
	encInjects(e, v.Injects)
	encStats(e, &v.Stats)
}

func decView(d *dec, v *sim.View) {
	v.Tick = d.i32()
	v.Team = d.int()
	v.Clock = d.int()
	flags := d.byte()
	if flags&^(viewNight|viewPaused) != 0 {
		d.fail(errRange)
	}
	v.Night = flags&viewNight != 0
	v.Paused = flags&viewPaused != 0
	v.Weather = sim.Weather(d.byte())
	v.Speed = d.int()

	if n := d.n(minUnit); n > 0 {
		v.Units = make([]sim.UnitView, n)
		for i := range v.Units {
			v.Units[i].ID = d.i32()
			decUnit(d, &v.Units[i])
		}
	}
	v.Sensors = decSensors(d)
	if n := d.n(minTrack); n > 0 {
		v.Tracks = make([]sim.TrackView, n)
		for i := range v.Tracks {
			v.Tracks[i].Team = d.int()
			v.Tracks[i].ID = d.i32()
			decTrack(d, &v.Tracks[i])
		}
	}
	if n := d.n(minCrosser); n > 0 {
		v.Crossers = make([]sim.CrosserView, n)
		for i := range v.Crossers {
			v.Crossers[i].ID = d.i32()
			decCrosser(d, &v.Crossers[i])
		}
	}
	v.Barriers = decBarriers(d)
	v.Checks = decChecks(d)
	v.Comms = decComms(d)
	v.Objective = decObjectives(d)
	v.Injects = decInjects(d)
	decStats(d, &v.Stats)
}

// Quantized returns a deep copy of v rounded as the wire carries it:
// positions and distances in whole metres, empty slices as nil. A client's
// view decoded from keyframes and deltas equals Quantized of the server's.
func Quantized(v *sim.View) sim.View {
	var e enc
	encView(&e, v)
	d := dec{b: e.b}
	var out sim.View
	decView(&d, &out)
	if d.err != nil {
		panic("wire: re-decoding an encoded view: " + d.err.Error())
	}
	return out
}
