package wire

import (
	"errors"
	"fmt"
	"slices"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Stream makes the frames of one view stream (one team's, the instructor's
// or the observers'): for each new view a Delta from the previous one, which
// every client holding the previous frame can share, and on demand a
// Keyframe for a client that holds nothing or fell behind. The server keeps
// one Stream per team, not per client. A Stream is not safe for concurrent
// use.
type Stream struct {
	seq  uint32
	prev sim.View // the latest view, deep-copied and owned
	has  bool

	kf    []byte // encoded Keyframe of prev; nil until asked for
	frame Frame  // frame header of prev

	d        Delta
	units    scratch[int32]
	tracks   scratch[TrackKey]
	crossers scratch[int32]
	e        enc
}

// Seq returns the sequence number of the latest frame (0 before the first).
func (s *Stream) Seq() uint32 { return s.seq }

// Next takes the stream's view at a new broadcast and returns the encoded
// Delta from the previous view (nil for the first view). f gives Sent and
// StepMicros; Next assigns the Seq. cur is copied: the caller may reuse it.
// The returned bytes are never modified afterwards and may be shared.
func (s *Stream) Next(cur *sim.View, f Frame) []byte {
	s.seq++
	f.Seq = s.seq
	var out []byte
	if s.has {
		s.diff(cur, f)
		s.e.b = s.e.b[:0]
		out = Append(s.e.b, &s.d)
		s.e.b = out
		out = slices.Clone(out)
	}
	copyView(&s.prev, cur)
	s.has = true
	s.frame = f
	s.kf = nil
	return out
}

// Keyframe returns the encoded Keyframe of the latest view, or nil before
// the first. The bytes may be shared.
func (s *Stream) Keyframe() []byte {
	if !s.has {
		return nil
	}
	if s.kf == nil {
		s.kf = Encode(&Keyframe{Frame: s.frame, View: s.prev})
	}
	return s.kf
}

// View returns the latest view; it is valid until the next call of Next.
func (s *Stream) View() *sim.View { return &s.prev }

// Delta returns the last Delta built by Next; it is valid until the next
// call of Next.
func (s *Stream) Delta() *Delta { return &s.d }

func (s *Stream) diff(cur *sim.View, f Frame) {
	p := &s.prev
	d := &s.d
	*d = Delta{
		Frame:        f,
		Base:         s.seq - 1,
		Tick:         cur.Tick,
		Clock:        cur.Clock,
		Units:        d.Units[:0],
		UnitsGone:    d.UnitsGone[:0],
		UnitOrder:    d.UnitOrder[:0],
		Tracks:       d.Tracks[:0],
		TracksGone:   d.TracksGone[:0],
		TrackOrder:   d.TrackOrder[:0],
		Crossers:     d.Crossers[:0],
		CrossersGone: d.CrossersGone[:0],
		CrosserOrder: d.CrosserOrder[:0],
	}
	for i := range sections {
		if sec := &sections[i]; sec.diff(p, cur, d) {
			d.Changed |= sec.bit
		}
	}
	if units.diff(&s.units, p.Units, cur.Units, p.Tick, cur.Tick, d.unitChanges()) {
		d.Changed |= SecUnitOrder
	}
	if tracks.diff(&s.tracks, p.Tracks, cur.Tracks, p.Tick, cur.Tick, d.trackChanges()) {
		d.Changed |= SecTrackOrder
	}
	if crossers.diff(&s.crossers, p.Crossers, cur.Crossers, p.Tick, cur.Tick, d.crosserChanges()) {
		d.Changed |= SecCrosserOrder
	}
}

// copyView deep-copies src into dst, reusing dst's slices.
func copyView(dst, src *sim.View) {
	units := dst.Units[:0]
	for i := range src.Units {
		var route []orb.Point
		if i < cap(units) {
			route = units[:i+1][i].Route[:0]
		}
		u := src.Units[i]
		u.Route = append(route, u.Route...)
		units = append(units, u)
	}
	barriers := dst.Barriers[:0]
	for i := range src.Barriers {
		var line orb.LineString
		if i < cap(barriers) {
			line = barriers[:i+1][i].Line[:0]
		}
		b := src.Barriers[i]
		b.Line = append(line, b.Line...)
		barriers = append(barriers, b)
	}
	teams := append(dst.Stats.Teams[:0], src.Stats.Teams...)
	*dst = sim.View{
		Tick:      src.Tick,
		Team:      src.Team,
		Clock:     src.Clock,
		Night:     src.Night,
		Weather:   src.Weather,
		Paused:    src.Paused,
		Speed:     src.Speed,
		Units:     units,
		Sensors:   append(dst.Sensors[:0], src.Sensors...),
		Tracks:    append(dst.Tracks[:0], src.Tracks...),
		Crossers:  append(dst.Crossers[:0], src.Crossers...),
		Barriers:  barriers,
		Checks:    append(dst.Checks[:0], src.Checks...),
		Comms:     append(dst.Comms[:0], src.Comms...),
		Objective: append(dst.Objective[:0], src.Objective...),
		Injects:   append(dst.Injects[:0], src.Injects...),
		Stats:     src.Stats,
		Requests:  append(dst.Requests[:0], src.Requests...),
	}
	dst.Stats.Teams = teams
}

// ErrBase is returned by Mirror.Apply for a Delta whose base is not the
// frame the mirror holds; the client needs a new keyframe.
var ErrBase = errors.New("wire: delta does not apply to the frame held")

// Mirror is a client's copy of one view stream, kept by applying the
// Keyframes and Deltas the server sends. After each Apply its View equals
// Quantized of the server's view of the same frame. A Mirror is not safe for
// concurrent use.
type Mirror struct {
	view  sim.View
	seq   uint32
	ready bool
	frame Frame

	units    scratch[int32]
	tracks   scratch[TrackKey]
	crossers scratch[int32]
}

// Ready reports whether the mirror holds a view (it has applied a keyframe
// and no delta has failed since).
func (m *Mirror) Ready() bool { return m.ready }

// Seq returns the sequence number of the frame held.
func (m *Mirror) Seq() uint32 { return m.seq }

// Frame returns the header of the frame held.
func (m *Mirror) Frame() Frame { return m.frame }

// View returns the view held. It is changed in place by the next Apply;
// copy it to keep it.
func (m *Mirror) View() *sim.View { return &m.view }

// Apply applies a *Keyframe (which it takes ownership of) or a *Delta. A
// failed Delta leaves the mirror not Ready until the next Keyframe.
func (m *Mirror) Apply(msg Message) error {
	switch x := msg.(type) {
	case *Keyframe:
		m.view = x.View
		m.seq = x.Seq
		m.frame = x.Frame
		m.ready = true
		return nil
	case *Delta:
		if !m.ready || x.Base != m.seq {
			m.ready = false
			return fmt.Errorf("%w: base %d, holding %d", ErrBase, x.Base, m.seq)
		}
		if err := m.applyDelta(x); err != nil {
			m.ready = false
			return fmt.Errorf("wire: applying delta %d: %w", x.Seq, err)
		}
		m.seq = x.Seq
		m.frame = x.Frame
		return nil
	}
	return fmt.Errorf("wire: Mirror cannot apply %s", msg.Type())
}

func (m *Mirror) applyDelta(x *Delta) error {
	v := &m.view
	dt := x.Tick - v.Tick
	v.Tick = x.Tick
	v.Clock = x.Clock
	for i := range sections {
		if sec := &sections[i]; x.Changed&sec.bit != 0 {
			sec.copy(v, x, false)
		}
	}
	var err error
	if v.Units, err = units.apply(&m.units, v.Units, x.Units, x.UnitsGone, x.UnitOrder, x.Changed&SecUnitOrder != 0); err != nil {
		return err
	}
	for i := range v.Tracks {
		v.Tracks[i].Age += dt
	}
	if v.Tracks, err = tracks.apply(&m.tracks, v.Tracks, x.Tracks, x.TracksGone, x.TrackOrder, x.Changed&SecTrackOrder != 0); err != nil {
		return err
	}
	v.Crossers, err = crossers.apply(&m.crossers, v.Crossers, x.Crossers, x.CrossersGone, x.CrosserOrder, x.Changed&SecCrosserOrder != 0)
	return err
}
