package wire

import (
	"errors"
	"fmt"
	"sync"
	"unsafe"

	"github.com/borderdrill/borderdrill/sim"
)

// codec writes and reads one message type.
type codec struct {
	new func() Message
	enc func(e *enc, m Message)
	dec func(d *dec, m Message)
}

// codecOf is the codec of the message *M, written and read by enc and dec.
func codecOf[M any, PM interface {
	*M
	Message
}](write func(*enc, *M), read func(*dec, *M)) codec {
	return codec{
		new: func() Message { return PM(new(M)) },
		enc: func(e *enc, m Message) { write(e, (*M)(m.(PM))) },
		dec: func(d *dec, m Message) { read(d, (*M)(m.(PM))) },
	}
}

// recordCodec is the codec of a message that is one record.
func recordCodec[M any, PM interface {
	*M
	Message
}](r record[M]) codec {
	return codecOf[M, PM](r.enc, r.dec)
}

// codecs are the message types' codecs by type byte.
var codecs = [...]codec{
	TypeHello:    recordCodec(hellos),
	TypeWelcome:  recordCodec(welcomes),
	TypeKeyframe: recordCodec(keyframes),
	TypeDelta:    codecOf(encDelta, decDelta),
	TypeEvents:   codecOf(encEvents, decEvents),
	TypeCommand:  recordCodec(commands),
	TypeAck:      recordCodec(acks),
	TypeChat:     recordCodec(chats),
	TypeError:    recordCodec(errorMessages),
	TypeWatch:    recordCodec(watches),
	TypeSeek:     recordCodec(seeks),
	TypeReveal:   recordCodec(reveals),
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
var eventFields = recordOf[sim.Event]("Team i 1, CmdID u 2, Unit i 4, Track i 8, Group i 16, Pos pt 32, Text str 64, " +
	"Message str 128")

// zeroEvent is what an event's fields are compared with.
var zeroEvent sim.Event

// encEvents writes an Events message: the tick, then each event's kind, the
// bits of its fields, the ticks it is older than the message, and the
// fields.
func encEvents(e *enc, x *Events) {
	e.i(int64(x.Tick))
	e.u(uint64(len(x.Events)))
	for i := range x.Events {
		ev := &x.Events[i]
		var f uint64
		p := unsafe.Pointer(ev)
		for i := range eventFields.byBit {
			if fd := &eventFields.byBit[i]; !eventFields.eqField(fd, p, unsafe.Pointer(&zeroEvent), 0, 0) {
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
		for i := range eventFields.byBit {
			if fd := &eventFields.byBit[i]; f&uint64(fd.bit) != 0 {
				eventFields.encField(e, fd, p)
			}
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
		for i := range eventFields.byBit {
			if fd := &eventFields.byBit[i]; f&uint64(fd.bit) != 0 {
				eventFields.decField(d, fd, unsafe.Pointer(ev))
			}
		}
	}
}
