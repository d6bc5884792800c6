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

	d    Delta
	uidx map[int32]int
	tidx map[TrackKey]int
	cidx map[int32]int
	kept []bool
	e    enc
	sa   enc
	sb   enc
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
	if p.Night != cur.Night || p.Weather != cur.Weather || p.Paused != cur.Paused || p.Speed != cur.Speed {
		d.Changed |= SecScalars
		d.Night, d.Weather, d.Paused, d.Speed = cur.Night, cur.Weather, cur.Paused, cur.Speed
	}
	if !slices.EqualFunc(p.Sensors, cur.Sensors, sensorEq) {
		d.Changed |= SecSensors
		d.Sensors = cur.Sensors
	}
	if !slices.EqualFunc(p.Barriers, cur.Barriers, barrierEq) {
		d.Changed |= SecBarriers
		d.Barriers = cur.Barriers
	}
	if !slices.EqualFunc(p.Checks, cur.Checks, checkEq) {
		d.Changed |= SecChecks
		d.Checks = cur.Checks
	}
	if !slices.Equal(p.Comms, cur.Comms) {
		d.Changed |= SecComms
		d.Comms = cur.Comms
	}
	if !slices.Equal(p.Objective, cur.Objective) {
		d.Changed |= SecObjectives
		d.Objective = cur.Objective
	}
	if !slices.Equal(p.Injects, cur.Injects) {
		d.Changed |= SecInjects
		d.Injects = cur.Injects
	}
	if !s.statsEq(&p.Stats, &cur.Stats) {
		d.Changed |= SecStats
		d.Stats = cur.Stats
	}
	s.diffUnits(cur)
	s.diffTracks(cur)
	s.diffCrossers(cur)
}

// orderCheck tells whether the entities of a new view come in the order a
// client reconstructs: the kept ones in their previous order, then the new
// ones.
type orderCheck struct {
	last    int
	sawNew  bool
	changed bool
}

func (o *orderCheck) kept(i int) {
	if o.sawNew || i < o.last {
		o.changed = true
	}
	o.last = i
}

func (s *Stream) resetKept(n int) {
	s.kept = slices.Grow(s.kept[:0], n)[:n]
	clear(s.kept)
}

func (s *Stream) diffUnits(cur *sim.View) {
	p, d := &s.prev, &s.d
	if s.uidx == nil {
		s.uidx = make(map[int32]int)
	}
	clear(s.uidx)
	for i := range p.Units {
		s.uidx[p.Units[i].ID] = i
	}
	s.resetKept(len(p.Units))
	o := orderCheck{last: -1}
	for i := range cur.Units {
		u := &cur.Units[i]
		j, ok := s.uidx[u.ID]
		if !ok || s.kept[j] {
			o.sawNew = true
			d.Units = append(d.Units, UnitChange{Fields: FieldNew | unitAll, Unit: *u})
			continue
		}
		s.kept[j] = true
		o.kept(j)
		pu := &p.Units[j]
		var f uint16
		if QP(pu.Pos) != QP(u.Pos) {
			f |= UnitPos
		}
		if pu.Team != u.Team {
			f |= UnitTeam
		}
		if pu.Kind != u.Kind {
			f |= UnitKind
		}
		if pu.Name != u.Name {
			f |= UnitName
		}
		if pu.Order != u.Order {
			f |= UnitOrder
		}
		if QP(pu.Target) != QP(u.Target) {
			f |= UnitTarget
		}
		if pu.Track != u.Track {
			f |= UnitTrack
		}
		if !routeEq(pu.Route, u.Route) {
			f |= UnitRoute
		}
		if pu.Aloft != u.Aloft {
			f |= UnitAloft
		}
		if pu.Fuel != u.Fuel {
			f |= UnitFuel
		}
		if Q(pu.Observe) != Q(u.Observe) {
			f |= UnitObserve
		}
		if pu.Custody != u.Custody {
			f |= UnitCustody
		}
		if f == 0 {
			continue
		}
		c := UnitChange{Fields: f, Unit: *u}
		c.Unit.Pos = offset(pu.Pos, u.Pos)
		d.Units = append(d.Units, c)
	}
	for j, k := range s.kept {
		if !k {
			d.UnitsGone = append(d.UnitsGone, p.Units[j].ID)
		}
	}
	if o.changed {
		d.Changed |= SecUnitOrder
		for i := range cur.Units {
			d.UnitOrder = append(d.UnitOrder, cur.Units[i].ID)
		}
	}
}

func (s *Stream) diffTracks(cur *sim.View) {
	p, d := &s.prev, &s.d
	if s.tidx == nil {
		s.tidx = make(map[TrackKey]int)
	}
	clear(s.tidx)
	for i := range p.Tracks {
		s.tidx[TrackKey{p.Tracks[i].Team, p.Tracks[i].ID}] = i
	}
	s.resetKept(len(p.Tracks))
	o := orderCheck{last: -1}
	for i := range cur.Tracks {
		t := &cur.Tracks[i]
		j, ok := s.tidx[TrackKey{t.Team, t.ID}]
		if !ok || s.kept[j] {
			o.sawNew = true
			d.Tracks = append(d.Tracks, TrackChange{Fields: FieldNew | trackAll, Track: *t})
			continue
		}
		s.kept[j] = true
		o.kept(j)
		pt := &p.Tracks[j]
		var f uint16
		if QP(pt.Pos) != QP(t.Pos) {
			f |= TrackPos
		}
		if Q(pt.Err) != Q(t.Err) {
			f |= TrackErr
		}
		if int64(p.Tick)-int64(pt.Age) != int64(cur.Tick)-int64(t.Age) {
			f |= TrackAge
		}
		if pt.Source != t.Source {
			f |= TrackSource
		}
		if pt.From != t.From {
			f |= TrackFrom
		}
		if pt.Size != t.Size {
			f |= TrackSize
		}
		if pt.SharedTo != t.SharedTo {
			f |= TrackShared
		}
		if pt.Custody != t.Custody {
			f |= TrackCustody
		}
		if f == 0 {
			continue
		}
		c := TrackChange{Fields: f, Track: *t}
		c.Track.Pos = offset(pt.Pos, t.Pos)
		d.Tracks = append(d.Tracks, c)
	}
	for j, k := range s.kept {
		if !k {
			d.TracksGone = append(d.TracksGone, TrackKey{p.Tracks[j].Team, p.Tracks[j].ID})
		}
	}
	if o.changed {
		d.Changed |= SecTrackOrder
		for i := range cur.Tracks {
			d.TrackOrder = append(d.TrackOrder, TrackKey{cur.Tracks[i].Team, cur.Tracks[i].ID})
		}
	}
}

func (s *Stream) diffCrossers(cur *sim.View) {
	p, d := &s.prev, &s.d
	if s.cidx == nil {
		s.cidx = make(map[int32]int)
	}
	clear(s.cidx)
	for i := range p.Crossers {
		s.cidx[p.Crossers[i].ID] = i
	}
	s.resetKept(len(p.Crossers))
	o := orderCheck{last: -1}
	for i := range cur.Crossers {
		g := &cur.Crossers[i]
		j, ok := s.cidx[g.ID]
		if !ok || s.kept[j] {
			o.sawNew = true
			d.Crossers = append(d.Crossers, CrosserChange{Fields: FieldNew | crosserAll, Crosser: *g})
			continue
		}
		s.kept[j] = true
		o.kept(j)
		pg := &p.Crossers[j]
		var f uint16
		if QP(pg.Pos) != QP(g.Pos) {
			f |= CrosserPos
		}
		if pg.Kind != g.Kind {
			f |= CrosserKind
		}
		if pg.Size != g.Size {
			f |= CrosserSize
		}
		if pg.Vulnerable != g.Vulnerable {
			f |= CrosserVulnerable
		}
		if pg.State != g.State {
			f |= CrosserState
		}
		if pg.Detected != g.Detected {
			f |= CrosserDetected
		}
		if f == 0 {
			continue
		}
		c := CrosserChange{Fields: f, Crosser: *g}
		c.Crosser.Pos = offset(pg.Pos, g.Pos)
		d.Crossers = append(d.Crossers, c)
	}
	for j, k := range s.kept {
		if !k {
			d.CrossersGone = append(d.CrossersGone, p.Crossers[j].ID)
		}
	}
	if o.changed {
		d.Changed |= SecCrosserOrder
		for i := range cur.Crossers {
			d.CrosserOrder = append(d.CrosserOrder, cur.Crossers[i].ID)
		}
	}
}

// offset is the rounded move from a to b.
func offset(a, b orb.Point) orb.Point {
	return orb.Point{
		float64(int64(Q(b[0])) - int64(Q(a[0]))),
		float64(int64(Q(b[1])) - int64(Q(a[1]))),
	}
}

func routeEq(a, b []orb.Point) bool {
	return slices.EqualFunc(a, b, func(p, q orb.Point) bool { return QP(p) == QP(q) })
}

func sensorEq(a, b sim.SensorView) bool {
	a.Pos, b.Pos = QP(a.Pos), QP(b.Pos)
	a.Range, b.Range = float64(Q(a.Range)), float64(Q(b.Range))
	return a == b
}

func barrierEq(a, b sim.BarrierView) bool {
	return a.Name == b.Name && a.Cuts == b.Cuts && routeEq(a.Line, b.Line)
}

func checkEq(a, b sim.CheckpointView) bool {
	a.Pos, b.Pos = QP(a.Pos), QP(b.Pos)
	return a == b
}

// statsEq compares two Stats by their encodings.
func (s *Stream) statsEq(a, b *sim.Stats) bool {
	s.sa.b = s.sa.b[:0]
	s.sb.b = s.sb.b[:0]
	encStats(&s.sa, a)
	encStats(&s.sb, b)
	return string(s.sa.b) == string(s.sb.b)
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

	uidx map[int32]int
	tidx map[TrackKey]int
	cidx map[int32]int
	gone []bool
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
	if x.Changed&SecScalars != 0 {
		v.Night, v.Weather, v.Paused, v.Speed = x.Night, x.Weather, x.Paused, x.Speed
	}
	if x.Changed&SecSensors != 0 {
		v.Sensors = x.Sensors
	}
	if x.Changed&SecBarriers != 0 {
		v.Barriers = x.Barriers
	}
	if x.Changed&SecChecks != 0 {
		v.Checks = x.Checks
	}
	if x.Changed&SecComms != 0 {
		v.Comms = x.Comms
	}
	if x.Changed&SecObjectives != 0 {
		v.Objective = x.Objective
	}
	if x.Changed&SecInjects != 0 {
		v.Injects = x.Injects
	}
	if x.Changed&SecStats != 0 {
		v.Stats = x.Stats
	}
	if err := m.applyUnits(x); err != nil {
		return err
	}
	for i := range v.Tracks {
		v.Tracks[i].Age += dt
	}
	if err := m.applyTracks(x); err != nil {
		return err
	}
	return m.applyCrossers(x)
}

var (
	errUnknown   = errors.New("change or removal of an entity not held")
	errDuplicate = errors.New("new entity already held")
	errOrder     = errors.New("order is not a permutation")
)

// applyList applies removals, changes and an optional new order to one
// entity list. key gives an element's key; change applies a change to the
// element at index i, or returns the element to append for a new one.
func applyList[E any, K comparable](list []E, idx map[K]int, gone *[]bool,
	key func(*E) K, nChanges int, changeKey func(int) (K, bool),
	change func(c int, e *E), removed []K, order []K, hasOrder bool) ([]E, error) {

	clear(idx)
	for i := range list {
		idx[key(&list[i])] = i
	}
	if len(idx) != len(list) {
		return list, errDuplicate
	}
	for c := range nChanges {
		k, isNew := changeKey(c)
		i, ok := idx[k]
		switch {
		case isNew && ok:
			return list, errDuplicate
		case isNew:
			var e E
			change(c, &e)
			idx[k] = len(list)
			list = append(list, e)
		case !ok:
			return list, errUnknown
		default:
			change(c, &list[i])
		}
	}
	if len(removed) > 0 {
		g := slices.Grow((*gone)[:0], len(list))[:len(list)]
		clear(g)
		*gone = g
		for _, k := range removed {
			i, ok := idx[k]
			if !ok || g[i] {
				return list, errUnknown
			}
			g[i] = true
		}
		n := 0
		for i := range list {
			if !g[i] {
				list[n] = list[i]
				n++
			}
		}
		clear(list[n:])
		list = list[:n]
	}
	if hasOrder {
		if len(order) != len(list) {
			return list, errOrder
		}
		clear(idx)
		for i := range list {
			idx[key(&list[i])] = i
		}
		out := make([]E, len(list))
		g := slices.Grow((*gone)[:0], len(list))[:len(list)]
		clear(g)
		*gone = g
		for n, k := range order {
			i, ok := idx[k]
			if !ok || g[i] {
				return list, errOrder
			}
			g[i] = true
			out[n] = list[i]
		}
		list = out
	}
	if len(list) == 0 {
		list = nil
	}
	return list, nil
}

func (m *Mirror) applyUnits(x *Delta) error {
	if m.uidx == nil {
		m.uidx = make(map[int32]int)
	}
	var err error
	m.view.Units, err = applyList(m.view.Units, m.uidx, &m.gone,
		func(u *sim.UnitView) int32 { return u.ID },
		len(x.Units),
		func(c int) (int32, bool) { return x.Units[c].Unit.ID, x.Units[c].Fields&FieldNew != 0 },
		func(c int, u *sim.UnitView) {
			ch := &x.Units[c]
			f, n := ch.Fields, &ch.Unit
			if f&FieldNew != 0 {
				*u = *n
				return
			}
			if f&UnitPos != 0 {
				u.Pos = orb.Point{u.Pos[0] + n.Pos[0], u.Pos[1] + n.Pos[1]}
			}
			if f&UnitTeam != 0 {
				u.Team = n.Team
			}
			if f&UnitKind != 0 {
				u.Kind = n.Kind
			}
			if f&UnitName != 0 {
				u.Name = n.Name
			}
			if f&UnitOrder != 0 {
				u.Order = n.Order
			}
			if f&UnitTarget != 0 {
				u.Target = n.Target
			}
			if f&UnitTrack != 0 {
				u.Track = n.Track
			}
			if f&UnitRoute != 0 {
				u.Route = n.Route
			}
			if f&UnitAloft != 0 {
				u.Aloft = n.Aloft
			}
			if f&UnitFuel != 0 {
				u.Fuel = n.Fuel
			}
			if f&UnitObserve != 0 {
				u.Observe = n.Observe
			}
			if f&UnitCustody != 0 {
				u.Custody = n.Custody
			}
		},
		x.UnitsGone, x.UnitOrder, x.Changed&SecUnitOrder != 0)
	return err
}

func (m *Mirror) applyTracks(x *Delta) error {
	if m.tidx == nil {
		m.tidx = make(map[TrackKey]int)
	}
	var err error
	m.view.Tracks, err = applyList(m.view.Tracks, m.tidx, &m.gone,
		func(t *sim.TrackView) TrackKey { return TrackKey{t.Team, t.ID} },
		len(x.Tracks),
		func(c int) (TrackKey, bool) {
			t := &x.Tracks[c].Track
			return TrackKey{t.Team, t.ID}, x.Tracks[c].Fields&FieldNew != 0
		},
		func(c int, t *sim.TrackView) {
			ch := &x.Tracks[c]
			f, n := ch.Fields, &ch.Track
			if f&FieldNew != 0 {
				*t = *n
				return
			}
			if f&TrackPos != 0 {
				t.Pos = orb.Point{t.Pos[0] + n.Pos[0], t.Pos[1] + n.Pos[1]}
			}
			if f&TrackErr != 0 {
				t.Err = n.Err
			}
			if f&TrackAge != 0 {
				t.Age = n.Age
			}
			if f&TrackSource != 0 {
				t.Source = n.Source
			}
			if f&TrackFrom != 0 {
				t.From = n.From
			}
			if f&TrackSize != 0 {
				t.Size = n.Size
			}
			if f&TrackShared != 0 {
				t.SharedTo = n.SharedTo
			}
			if f&TrackCustody != 0 {
				t.Custody = n.Custody
			}
		},
		x.TracksGone, x.TrackOrder, x.Changed&SecTrackOrder != 0)
	return err
}

func (m *Mirror) applyCrossers(x *Delta) error {
	if m.cidx == nil {
		m.cidx = make(map[int32]int)
	}
	var err error
	m.view.Crossers, err = applyList(m.view.Crossers, m.cidx, &m.gone,
		func(g *sim.CrosserView) int32 { return g.ID },
		len(x.Crossers),
		func(c int) (int32, bool) { return x.Crossers[c].Crosser.ID, x.Crossers[c].Fields&FieldNew != 0 },
		func(c int, g *sim.CrosserView) {
			ch := &x.Crossers[c]
			f, n := ch.Fields, &ch.Crosser
			if f&FieldNew != 0 {
				*g = *n
				return
			}
			if f&CrosserPos != 0 {
				g.Pos = orb.Point{g.Pos[0] + n.Pos[0], g.Pos[1] + n.Pos[1]}
			}
			if f&CrosserKind != 0 {
				g.Kind = n.Kind
			}
			if f&CrosserSize != 0 {
				g.Size = n.Size
			}
			if f&CrosserVulnerable != 0 {
				g.Vulnerable = n.Vulnerable
			}
			if f&CrosserState != 0 {
				g.State = n.State
			}
			if f&CrosserDetected != 0 {
				g.Detected = n.Detected
			}
		},
		x.CrossersGone, x.CrosserOrder, x.Changed&SecCrosserOrder != 0)
	return err
}
