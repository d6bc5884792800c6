package wire

import (
	"errors"
	"fmt"
	"math"
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

// codecOf is the codec of the message *M, written and read by code.
func codecOf[M any, PM interface {
	*M
	Message
}](code func(coder, *M)) codec {
	return codec{
		new: func() Message { return PM(new(M)) },
		enc: func(e *enc, m Message) { code(coder{w: e}, (*M)(m.(PM))) },
		dec: func(d *dec, m Message) { code(coder{r: d}, (*M)(m.(PM))) },
	}
}

// recordCodec is the codec of a message that is one record.
func recordCodec[M any, PM interface {
	*M
	Message
}](r record[M]) codec {
	return codecOf[M, PM](r.code)
}

// codecs are the message types' codecs by type byte.
var codecs = [...]codec{
	TypeHello:    recordCodec(hellos),
	TypeWelcome:  recordCodec(welcomes),
	TypeKeyframe: recordCodec(keyframes),
	TypeDelta:    codecOf(codeDelta),
	TypeEvents:   codecOf(codeEvents),
	TypeCommand:  recordCodec(commands),
	TypeAck:      recordCodec(acks),
	TypeChat:     recordCodec(chats),
	TypeError:    recordCodec(errorMessages),
	TypeWatch:    recordCodec(watches),
	TypeSeek:     recordCodec(seeks),
	TypeReveal:   recordCodec(reveals),

	TypeObservation: recordCodec(observations),
	TypePresence:    recordCodec(presences),
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

// eventKinds is an event's kind.
var eventKinds = recordOf[sim.Event]("Kind enum")

// zeroEvent is what an event's fields are compared with.
var zeroEvent sim.Event

// codeEvents writes or reads an Events message: the tick, then each event's
// kind, the bits of its fields, the ticks it is older than the message, and
// the fields.
func codeEvents(c coder, x *Events) {
	c.signed(unsafe.Pointer(&x.Tick), kI32)
	list(c, &x.Events, 2, func(c coder, ev *sim.Event) { codeEvent(c, ev, x.Tick) })
}

func codeEvent(c coder, ev *sim.Event, tick int32) {
	p := unsafe.Pointer(ev)
	var f uint64
	if c.w != nil {
		for i := range eventFields.byBit {
			if fd := &eventFields.byBit[i]; !eventFields.eqField(fd, p, unsafe.Pointer(&zeroEvent), 0, 0) {
				f |= uint64(fd.bit)
			}
		}
		if ev.Tick != tick {
			f |= evTick
		}
	}
	eventKinds.code(c, ev)
	code(c, &f, (*enc).u, (*dec).u)
	if c.r != nil {
		if f&^evAll != 0 {
			c.r.fail(errRange)
			return
		}
		ev.Tick = tick
	}
	if f&evTick != 0 {
		back := int64(tick) - int64(ev.Tick)
		code(c, &back, (*enc).i, (*dec).i)
		if t := int64(tick) - back; c.r != nil {
			if t < math.MinInt32 || t > math.MaxInt32 {
				c.r.fail(errRange)
			}
			ev.Tick = int32(t)
		}
	}
	for i := range eventFields.byBit {
		if fd := &eventFields.byBit[i]; f&uint64(fd.bit) != 0 {
			eventFields.codeField(c, fd, p)
		}
	}
}
