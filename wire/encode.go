package wire

import (
	"errors"
	"fmt"
	"sync"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// codec writes and reads one message type.
type codec struct {
	new func() Message
	enc func(e *enc, m Message)
	dec func(d *dec, m Message)
}

// codecOf is the codec of the message *M, whose fields r lists.
func codecOf[M any, PM interface {
	*M
	Message
}](r *record[M]) codec {
	return codec{
		new: func() Message { return PM(new(M)) },
		enc: func(e *enc, m Message) { r.enc(e, (*M)(m.(PM))) },
		dec: func(d *dec, m Message) { r.dec(d, (*M)(m.(PM))) },
	}
}

// codecs are the message types' codecs by type byte.
var codecs = [...]codec{
	TypeHello:    codecOf[Hello](hellos),
	TypeWelcome:  codecOf[Welcome](welcomes),
	TypeKeyframe: codecOf[Keyframe](keyframes),
	TypeDelta:    codecOf[Delta](deltas),
	TypeEvents:   codecOf[Events](eventLists),
	TypeCommand:  codecOf[Command](commands),
	TypeAck:      codecOf[Ack](acks),
	TypeChat:     codecOf[Chat](chats),
	TypeError:    codecOf[Error](errorMessages),
	TypeWatch:    codecOf[Watch](watches),
	TypeSeek:     codecOf[Seek](seeks),
	TypeReveal:   codecOf[Reveal](reveals),
}

// Append appends the encoding of m to dst and returns the extended slice.
func Append(dst []byte, m Message) []byte {
	t := m.Type()
	if int(t) >= len(codecs) || codecs[t].enc == nil {
		panic(fmt.Sprintf("wire: Append of unknown message %T", m))
	}
	// The encoder goes through the fields' functions, so it lives on the
	// heap: pooled, so that appending allocates nothing in steady state.
	e := encoders.Get().(*enc)
	e.b = append(dst, byte(t))
	codecs[t].enc(e, m)
	b := e.b
	e.b = nil
	encoders.Put(e)
	return b
}

var encoders = sync.Pool{New: func() any { return new(enc) }}

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
	t := Type(data[0])
	if int(t) >= len(codecs) || codecs[t].dec == nil {
		return nil, fmt.Errorf("%w: unknown type %d", ErrMalformed, t)
	}
	d := decoders.Get().(*dec)
	defer decoders.Put(d)
	*d = dec{b: data, off: 1}
	m := codecs[t].new()
	codecs[t].dec(d, m)
	if d.err == nil && d.off != len(data) {
		d.fail(errTrailing)
	}
	err := d.err
	*d = dec{}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, t, err)
	}
	return m, nil
}

var decoders = sync.Pool{New: func() any { return new(dec) }}

// Event field bits: an event carries only its non-zero fields, in this
// order after the tick.
const (
	evTick = 1 << 8 // the event's tick differs from the message's
	evAll  = evTick<<1 - 1
)

// eventFields are an event's optional fields, each present when not zero.
var eventFields = newRecord(
	intField(1<<0, func(e *sim.Event) *int { return &e.Team }),
	u32Field(1<<1, func(e *sim.Event) *uint32 { return &e.CmdID }),
	i32Field(1<<2, func(e *sim.Event) *int32 { return &e.Unit }),
	i32Field(1<<3, func(e *sim.Event) *int32 { return &e.Track }),
	i32Field(1<<4, func(e *sim.Event) *int32 { return &e.Group }),
	pointField(1<<5, func(e *sim.Event) *orb.Point { return &e.Pos }),
	strField(1<<6, func(e *sim.Event) *string { return &e.Text }),
	strField(1<<7, func(e *sim.Event) *string { return &e.Message }),
)

// eventLists is an Events message: the tick, then each event's kind, the
// bits of its fields, the ticks it is older than the message, and the
// fields.
var eventLists = newRecord(
	i32Field(0, func(x *Events) *int32 { return &x.Tick }),
	field[Events]{enc: encEvents, dec: decEvents},
)

// zeroEvent is what an event's fields are compared with.
var zeroEvent sim.Event

func encEvents(e *enc, x *Events) {
	e.u(uint64(len(x.Events)))
	for i := range x.Events {
		ev := &x.Events[i]
		var f uint64
		for _, fd := range eventFields.byBit {
			if !fd.eq(ev, &zeroEvent, 0, 0) {
				f |= uint64(fd.bit)
			}
		}
		if ev.Tick != x.Tick {
			f |= evTick
		}
		e.byte(byte(ev.Kind))
		e.u(f)
		if f&evTick != 0 {
			e.i(int64(x.Tick) - int64(ev.Tick))
		}
		for _, fd := range eventFields.byBit {
			if f&uint64(fd.bit) != 0 {
				fd.enc(e, ev)
			}
		}
	}
}

func decEvents(d *dec, x *Events) {
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
		for _, fd := range eventFields.byBit {
			if f&uint64(fd.bit) != 0 {
				fd.dec(d, ev)
			}
		}
	}
}
