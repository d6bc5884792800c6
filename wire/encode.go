package wire

import (
	"errors"
	"fmt"

	"github.com/borderdrill/borderdrill/sim"
)

// Append appends the encoding of m to dst and returns the extended slice.
func Append(dst []byte, m Message) []byte {
	e := enc{b: append(dst, byte(m.Type()))}
	switch m := m.(type) {
	case *Hello:
		e.u(uint64(m.Version))
		e.str(m.Code)
		e.str(m.Exercise)
		e.str(m.Name)
	case *Welcome:
		e.u(uint64(m.Version))
		e.str(m.Exercise)
		e.i(int64(m.Team))
		e.byte(byte(m.Role))
		e.str(m.Scenario)
		e.str(m.Map)
		e.i(int64(m.TickSeconds))
		e.i(int64(m.StartSecond))
		e.u(uint64(len(m.Teams)))
		for _, t := range m.Teams {
			e.str(t.ID)
			e.str(t.Name)
			e.str(t.Country)
			e.pt(t.Base)
		}
		e.u(uint64(len(m.Zones)))
		for _, z := range m.Zones {
			e.str(z.Name)
			e.pt(z.Center)
			e.q(z.Radius)
		}
		encInjects(&e, m.MSEL)
		e.bool(m.Review)
		if m.Review {
			e.str(m.Recording)
			e.i(int64(m.Duration))
		}
	case *Keyframe:
		encFrame(&e, &m.Frame)
		encView(&e, &m.View)
	case *Delta:
		encDelta(&e, m)
	case *Events:
		encEvents(&e, m)
	case *Command:
		e.u(uint64(m.ID))
		e.byte(byte(m.Kind))
		e.i(int64(m.Unit))
		e.i(int64(m.Track))
		e.i(int64(m.ToTeam))
		e.pt(m.Target)
		e.pts(m.Route)
		e.i(int64(m.Speed))
		e.str(m.Inject)
	case *Ack:
		e.u(uint64(m.ID))
		e.bool(m.Accepted)
		e.str(m.Reason)
	case *Chat:
		e.byte(byte(m.Channel))
		e.str(m.Agreement)
		e.str(m.From)
		e.i(int64(m.Tick))
		e.str(m.Text)
	case *Error:
		e.u(uint64(m.Code))
		e.str(m.Reason)
	case *Watch:
		e.i(int64(m.Team))
	case *Seek:
		e.i(int64(m.Tick))
	case *Reveal:
		e.bool(m.On)
	default:
		panic(fmt.Sprintf("wire: Append of unknown message %T", m))
	}
	return e.b
}

// Encode returns the encoding of m.
func Encode(m Message) []byte { return Append(nil, m) }

// ErrMalformed is wrapped by every error Decode returns.
var ErrMalformed = errors.New("wire: malformed message")

// Decode decodes one message. It returns an error wrapping ErrMalformed for
// input that is not exactly one well-formed message; it never panics.
func Decode(data []byte) (Message, error) {
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty", ErrMalformed)
	}
	d := dec{b: data, off: 1}
	var m Message
	switch t := Type(data[0]); t {
	case TypeHello:
		x := &Hello{}
		x.Version = d.u16()
		x.Code = d.str()
		x.Exercise = d.str()
		x.Name = d.str()
		m = x
	case TypeWelcome:
		x := &Welcome{}
		x.Version = d.u16()
		x.Exercise = d.str()
		x.Team = d.int()
		x.Role = Role(d.byte())
		if x.Role < RoleTrainee || x.Role > RoleObserver {
			d.fail(errRange)
		}
		x.Scenario = d.str()
		x.Map = d.str()
		x.TickSeconds = d.int()
		x.StartSecond = d.int()
		if n := d.n(5); n > 0 {
			x.Teams = make([]TeamInfo, n)
			for i := range x.Teams {
				x.Teams[i].ID = d.str()
				x.Teams[i].Name = d.str()
				x.Teams[i].Country = d.str()
				x.Teams[i].Base = d.pt()
			}
		}
		if n := d.n(4); n > 0 {
			x.Zones = make([]sim.Zone, n)
			for i := range x.Zones {
				x.Zones[i].Name = d.str()
				x.Zones[i].Center = d.pt()
				x.Zones[i].Radius = d.q()
			}
		}
		x.MSEL = decInjects(&d)
		if x.Review = d.bool(); x.Review {
			x.Recording = d.str()
			x.Duration = d.i32()
		}
		m = x
	case TypeKeyframe:
		x := &Keyframe{}
		decFrame(&d, &x.Frame)
		decView(&d, &x.View)
		m = x
	case TypeDelta:
		x := &Delta{}
		decDelta(&d, x)
		m = x
	case TypeEvents:
		x := &Events{}
		decEvents(&d, x)
		m = x
	case TypeCommand:
		x := &Command{}
		x.ID = d.u32()
		x.Kind = sim.CommandKind(d.byte())
		if x.Kind < sim.CmdMove || x.Kind > sim.CmdInject {
			d.fail(errRange)
		}
		x.Unit = d.i32()
		x.Track = d.i32()
		x.ToTeam = d.int()
		x.Target = d.pt()
		x.Route = d.pts()
		x.Speed = d.int()
		x.Inject = d.str()
		m = x
	case TypeAck:
		x := &Ack{}
		x.ID = d.u32()
		x.Accepted = d.bool()
		x.Reason = d.str()
		m = x
	case TypeChat:
		x := &Chat{}
		x.Channel = Channel(d.byte())
		if x.Channel != ChanTeam && x.Channel != ChanLiaison {
			d.fail(errRange)
		}
		x.Agreement = d.str()
		x.From = d.str()
		x.Tick = d.i32()
		x.Text = d.str()
		m = x
	case TypeError:
		x := &Error{}
		x.Code = d.u16()
		x.Reason = d.str()
		m = x
	case TypeWatch:
		x := &Watch{}
		x.Team = d.int()
		m = x
	case TypeSeek:
		x := &Seek{}
		x.Tick = d.i32()
		m = x
	case TypeReveal:
		x := &Reveal{}
		x.On = d.bool()
		m = x
	default:
		return nil, fmt.Errorf("%w: unknown type %d", ErrMalformed, t)
	}
	if d.err == nil && d.off != len(data) {
		d.fail(errTrailing)
	}
	if d.err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, m.Type(), d.err)
	}
	return m, nil
}

// Event field bits: an event carries only its non-zero fields.
const (
	evTeam = 1 << iota
	evCmd
	evUnit
	evTrack
	evGroup
	evPos
	evText
	evMessage
	evTick // the event's tick differs from the message's
	evAll  = evTick<<1 - 1
)

func encEvents(e *enc, x *Events) {
	e.i(int64(x.Tick))
	e.u(uint64(len(x.Events)))
	for i := range x.Events {
		ev := &x.Events[i]
		var f uint64
		if ev.Team != 0 {
			f |= evTeam
		}
		if ev.CmdID != 0 {
			f |= evCmd
		}
		if ev.Unit != 0 {
			f |= evUnit
		}
		if ev.Track != 0 {
			f |= evTrack
		}
		if ev.Group != 0 {
			f |= evGroup
		}
		if Q(ev.Pos[0]) != 0 || Q(ev.Pos[1]) != 0 {
			f |= evPos
		}
		if ev.Text != "" {
			f |= evText
		}
		if ev.Message != "" {
			f |= evMessage
		}
		if ev.Tick != x.Tick {
			f |= evTick
		}
		e.byte(byte(ev.Kind))
		e.u(f)
		if f&evTick != 0 {
			e.i(int64(x.Tick) - int64(ev.Tick))
		}
		if f&evTeam != 0 {
			e.i(int64(ev.Team))
		}
		if f&evCmd != 0 {
			e.u(uint64(ev.CmdID))
		}
		if f&evUnit != 0 {
			e.i(int64(ev.Unit))
		}
		if f&evTrack != 0 {
			e.i(int64(ev.Track))
		}
		if f&evGroup != 0 {
			e.i(int64(ev.Group))
		}
		if f&evPos != 0 {
			e.pt(ev.Pos)
		}
		if f&evText != 0 {
			e.str(ev.Text)
		}
		if f&evMessage != 0 {
			e.str(ev.Message)
		}
	}
}

func decEvents(d *dec, x *Events) {
	x.Tick = d.i32()
	n := d.n(2)
	if n == 0 {
		return
	}
	x.Events = make([]sim.Event, n)
	for i := range x.Events {
		ev := &x.Events[i]
		ev.Kind = sim.EventKind(d.byte())
		f := d.u()
		if f&^evAll != 0 {
			d.fail(errRange)
			return
		}
		ev.Tick = x.Tick
		if f&evTick != 0 {
			t := int64(x.Tick) - d.i()
			if t < -1<<31 || t > 1<<31-1 {
				d.fail(errRange)
			}
			ev.Tick = int32(t)
		}
		if f&evTeam != 0 {
			ev.Team = d.int()
		}
		if f&evCmd != 0 {
			ev.CmdID = d.u32()
		}
		if f&evUnit != 0 {
			ev.Unit = d.i32()
		}
		if f&evTrack != 0 {
			ev.Track = d.i32()
		}
		if f&evGroup != 0 {
			ev.Group = d.i32()
		}
		if f&evPos != 0 {
			ev.Pos = d.pt()
		}
		if f&evText != 0 {
			ev.Text = d.str()
		}
		if f&evMessage != 0 {
			ev.Message = d.str()
		}
	}
}
