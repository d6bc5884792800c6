// Package compact holds the compact binary encodings of border geometry:
// varint primitives with coordinates as delta-coded micro-degree integers
// (Enc, Dec) and the world data file (World) that maps embeds.
package compact

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// MicroDegrees is the number of coordinate units per degree in the compact
// encodings: coordinates are stored as integers of 1e-6 degrees (at most
// 0.11 m of rounding), the precision of the bundled GeoJSON.
const MicroDegrees = 1e6

// ErrShort is returned when an encoding ends early or a count is absurd.
var ErrShort = errors.New("truncated or corrupt data")

// Enc appends the compact encoding's primitives to B.
type Enc struct{ B []byte }

// Uvarint appends an unsigned varint.
func (e *Enc) Uvarint(v uint64) { e.B = binary.AppendUvarint(e.B, v) }

// Varint appends a zig-zag signed varint.
func (e *Enc) Varint(v int64) { e.B = binary.AppendVarint(e.B, v) }

// Str appends a length-prefixed string.
func (e *Enc) Str(s string) { e.Uvarint(uint64(len(s))); e.B = append(e.B, s...) }

// Float appends the 8 bytes of a float64, little-endian.
func (e *Enc) Float(f float64) { e.B = binary.LittleEndian.AppendUint64(e.B, math.Float64bits(f)) }

// Byte appends one byte.
func (e *Enc) Byte(c byte) { e.B = append(e.B, c) }

// Line writes a point count, the first point in micro-degrees and every
// further point as the difference from the one before.
func (e *Enc) Line(pts []orb.Point) {
	e.Uvarint(uint64(len(pts)))
	var px, py int64
	for _, p := range pts {
		x, y := ToMicro(p[0]), ToMicro(p[1])
		e.Varint(x - px)
		e.Varint(y - py)
		px, py = x, y
	}
}

// Polygon writes a ring count and the rings.
func (e *Enc) Polygon(pg orb.Polygon) {
	e.Uvarint(uint64(len(pg)))
	for _, r := range pg {
		e.Line(r)
	}
}

// Dec reads what Enc wrote from B starting at Off; the first error sticks in
// Err and later reads return zero values.
type Dec struct {
	B   []byte
	Off int
	Err error
}

// Fail records a corrupt-data error at the current offset.
func (d *Dec) Fail() {
	if d.Err == nil {
		d.Err = fmt.Errorf("%w at byte %d", ErrShort, d.Off)
	}
}

// Uvarint reads an unsigned varint.
func (d *Dec) Uvarint() uint64 { return readVarint(d, binary.Uvarint) }

// Varint reads a signed varint.
func (d *Dec) Varint() int64 { return readVarint(d, binary.Varint) }

// readVarint reads one varint with read (binary.Uvarint or binary.Varint),
// failing d on a short or overlong one.
func readVarint[T uint64 | int64](d *Dec, read func([]byte) (T, int)) T {
	if d.Err != nil {
		return 0
	}
	v, n := read(d.B[d.Off:])
	if n <= 0 {
		d.Fail()
		return 0
	}
	d.Off += n
	return v
}

// Count reads a length that must not exceed the bytes left divided by
// perItem (every item takes at least perItem bytes).
func (d *Dec) Count(perItem int) int {
	n := d.Uvarint()
	if d.Err == nil && n > uint64((len(d.B)-d.Off)/perItem) {
		d.Fail()
		return 0
	}
	return int(n)
}

// Str reads a length-prefixed string.
func (d *Dec) Str() string {
	n := d.Count(1)
	if d.Err != nil {
		return ""
	}
	s := string(d.B[d.Off : d.Off+n])
	d.Off += n
	return s
}

// Float reads a float64.
func (d *Dec) Float() float64 {
	if d.Err != nil || len(d.B)-d.Off < 8 {
		d.Fail()
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.B[d.Off:]))
	d.Off += 8
	return v
}

// Line reads what Enc.Line wrote, as degrees.
func (d *Dec) Line() []orb.Point {
	n := d.Count(2)
	if d.Err != nil {
		return nil
	}
	pts := make([]orb.Point, n)
	var x, y int64
	for i := range pts {
		x += d.Varint()
		y += d.Varint()
		pts[i] = orb.Point{FromMicro(x), FromMicro(y)}
	}
	return pts
}

// Polygon reads what Enc.Polygon wrote.
func (d *Dec) Polygon() orb.Polygon {
	n := d.Count(1)
	if d.Err != nil {
		return nil
	}
	pg := make(orb.Polygon, n)
	for i := range pg {
		pg[i] = d.Line()
	}
	return pg
}

// ToMicro converts degrees to micro-degrees, rounding to the nearest.
func ToMicro(deg float64) int64 { return int64(math.Round(deg * MicroDegrees)) }

// FromMicro converts micro-degrees to degrees. For a value written with six
// decimals, FromMicro(ToMicro(v)) == v exactly.
func FromMicro(v int64) float64 { return float64(v) / MicroDegrees }

// Round6 rounds degrees to six decimals, like the bundled files.
func Round6(deg float64) float64 { return FromMicro(ToMicro(deg)) }

// Byte reads one byte.
func (d *Dec) Byte() byte {
	if d.Err != nil || d.Off >= len(d.B) {
		d.Fail()
		return 0
	}
	c := d.B[d.Off]
	d.Off++
	return c
}
