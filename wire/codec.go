package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"unsafe"

	"github.com/paulmach/orb"
)

// Q rounds a planar coordinate or a distance to the whole metres the wire
// carries. NaN becomes 0; values beyond int32 are clamped.
func Q(x float64) int32 {
	switch {
	case x != x:
		return 0
	case x >= math.MaxInt32:
		return math.MaxInt32
	case x <= math.MinInt32:
		return math.MinInt32
	}
	return int32(math.Round(x))
}

// QP rounds a point to whole metres.
func QP(p orb.Point) orb.Point {
	return orb.Point{float64(Q(p[0])), float64(Q(p[1]))}
}

// enc appends primitive values to a byte slice.
type enc struct {
	b []byte
}

func (e *enc) byte(v byte)    { e.b = append(e.b, v) }
func (e *enc) u(v uint64)     { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)      { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) f64(v float64)  { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v)) }
func (e *enc) q(v float64)    { e.i(int64(Q(v))) }
func (e *enc) pt(p orb.Point) { e.q(p[0]); e.q(p[1]) }

func (e *enc) str(s string) {
	e.u(uint64(len(s)))
	e.b = append(e.b, s...)
}

func (e *enc) pts(ps []orb.Point) {
	e.u(uint64(len(ps)))
	// Each point after the first is the offset from the one before.
	var px, py int32
	for _, p := range ps {
		x, y := Q(p[0]), Q(p[1])
		e.i(int64(x) - int64(px))
		e.i(int64(y) - int64(py))
		px, py = x, y
	}
}

// errShort and friends are the decoding failures; Decode wraps them.
var (
	errShort    = errors.New("truncated")
	errVarint   = errors.New("bad varint")
	errRange    = errors.New("value out of range")
	errTrailing = errors.New("trailing bytes")
)

// dec reads primitive values; the first failure sticks in err and every
// later read returns zero values.
type dec struct {
	b   []byte
	off int
	err error
}

func (d *dec) fail(err error) {
	if d.err == nil {
		d.err = fmt.Errorf("%w at byte %d", err, d.off)
	}
}

func (d *dec) left() int { return len(d.b) - d.off }

func (d *dec) byte() byte {
	if d.err != nil {
		return 0
	}
	if d.off >= len(d.b) {
		d.fail(errShort)
		return 0
	}
	v := d.b[d.off]
	d.off++
	return v
}

func (d *dec) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b[d.off:])
	if n <= 0 {
		if n == 0 {
			d.fail(errShort)
		} else {
			d.fail(errVarint)
		}
		return 0
	}
	d.off += n
	return v
}

// i reads a zigzag varint (what binary.Varint reads).
func (d *dec) i() int64 {
	u := d.u()
	return int64(u>>1) ^ -int64(u&1)
}

// umax reads an unsigned varint of at most max.
func (d *dec) umax(max uint64) uint64 {
	v := d.u()
	if v > max {
		d.fail(errRange)
		return 0
	}
	return v
}

func (d *dec) u32() uint32 { return uint32(d.umax(math.MaxUint32)) }
func (d *dec) u16() uint16 { return uint16(d.umax(math.MaxUint16)) }

func (d *dec) i32() int32 {
	v := d.i()
	if v < math.MinInt32 || v > math.MaxInt32 {
		d.fail(errRange)
		return 0
	}
	return int32(v)
}

func (d *dec) f64() float64 {
	if d.err != nil {
		return 0
	}
	if d.left() < 8 {
		d.fail(errShort)
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b[d.off:]))
	d.off += 8
	return v
}

func (d *dec) q() float64 { return float64(d.i32()) }

func (d *dec) pt() orb.Point {
	x := d.q()
	return orb.Point{x, d.q()}
}

func (d *dec) str() string {
	n := d.u()
	if d.err != nil {
		return ""
	}
	if n > uint64(d.left()) {
		d.fail(errShort)
		return ""
	}
	s := string(d.b[d.off : d.off+int(n)])
	d.off += int(n)
	return s
}

// n reads a list length, rejecting one that cannot fit in the bytes left
// given that each element takes at least min bytes. This bounds the memory a
// hostile message can make the decoder allocate.
func (d *dec) n(min int) int {
	v := d.u()
	if d.err != nil {
		return 0
	}
	if v > uint64(d.left()/min) {
		d.fail(errShort)
		return 0
	}
	return int(v)
}

func (d *dec) pts() []orb.Point {
	n := d.n(2)
	if n == 0 {
		return nil
	}
	ps := make([]orb.Point, n)
	var px, py int64
	for i := range ps {
		px += d.i()
		py += d.i()
		if px < math.MinInt32 || px > math.MaxInt32 || py < math.MinInt32 || py > math.MaxInt32 {
			d.fail(errRange)
			return nil
		}
		ps[i] = orb.Point{float64(px), float64(py)}
	}
	return ps
}

// coder writes (w set) or reads (r set): one function of a coder spells a
// structure out once for both directions.
type coder struct {
	w *enc
	r *dec
}

// code writes *p with write, or reads it with read.
func code[T any](c coder, p *T, write func(*enc, T), read func(*dec) T) {
	if c.r != nil {
		*p = read(c.r)
	} else {
		write(c.w, *p)
	}
}

// count writes n, or reads a list length of elements of at least min bytes
// each (see dec.n).
func (c coder) count(n, min int) int {
	if c.r != nil {
		return c.r.n(min)
	}
	c.w.u(uint64(n))
	return n
}

// list writes *xs, or reads it (nil when empty), coding each element with
// elem; min is an element's least size.
func list[T any](c coder, xs *[]T, min int, elem func(coder, *T)) {
	n := c.count(len(*xs), min)
	if c.r != nil {
		*xs = nil
		if n > 0 {
			*xs = make([]T, n)
		}
	}
	for i := range n {
		elem(c, &(*xs)[i])
	}
}

// signed writes or reads a signed integer field of kind k: an int or int32
// kept within int32 (so that 32- and 64-bit clients agree), an int64 whole.
func (c coder) signed(q unsafe.Pointer, k kind) {
	var v int64
	switch k {
	case kInt:
		v = int64(*(*int)(q))
	case kI64:
		v = *(*int64)(q)
	default:
		v = int64(*(*int32)(q))
	}
	if c.r == nil {
		c.w.i(v)
		return
	}
	if v = c.r.i(); k != kI64 && (v < math.MinInt32 || v > math.MaxInt32) {
		c.r.fail(errRange)
		v = 0
	}
	switch k {
	case kInt:
		*(*int)(q) = int(v)
	case kI64:
		*(*int64)(q) = v
	default:
		*(*int32)(q) = int32(v)
	}
}

// unsigned writes or reads a uint16 or uint32 field.
func (c coder) unsigned(q unsafe.Pointer, k kind) {
	switch {
	case c.r == nil && k == kU16:
		c.w.u(uint64(*(*uint16)(q)))
	case c.r == nil:
		c.w.u(uint64(*(*uint32)(q)))
	case k == kU16:
		*(*uint16)(q) = c.r.u16()
	default:
		*(*uint32)(q) = c.r.u32()
	}
}
