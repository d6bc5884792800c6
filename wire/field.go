package wire

import (
	"math"
	"slices"

	"github.com/paulmach/orb"
)

// This file describes records field by field, so that each record (an
// entity such as a unit, a section such as the checkpoints, a message) is
// spelled out once, in its own file, as a list of fields; encoding,
// decoding, comparing and applying changes are written once, here and in
// entity.go, for every record.

// field is one field of a record E: its change bit (0 where the record has
// none), how it is written and read, when two values are the same on the
// wire, and how a Delta changes it.
type field[E any] struct {
	bit uint16
	enc func(e *enc, x *E)
	dec func(d *dec, x *E)
	// eq reports whether a (at tick ta) and b (at tick tb) look the same
	// on the wire.
	eq func(a, b *E, ta, tb int32) bool
	// set applies a Delta change: copies the field from src to dst (adds
	// it, for a position sent as an offset).
	set func(dst, src *E)
	// encAt and decAt write and read the field in a Delta change at tick,
	// where it may differ from the full record (a track's age).
	encAt func(e *enc, x *E, tick int32)
	decAt func(d *dec, x *E, tick int32)
	// offset, for a position, turns the field of cur into its move from
	// prev, as a Delta change carries it.
	offset func(cur, prev *E)
}

// plain is a field of type T written with w and read with r, equal on the
// wire when equal in Go.
func plain[E any, T comparable](bit uint16, get func(*E) *T, w func(*enc, T), r func(*dec) T) field[E] {
	return field[E]{
		bit: bit,
		enc: func(e *enc, x *E) { w(e, *get(x)) },
		dec: func(d *dec, x *E) { *get(x) = r(d) },
		eq:  func(a, b *E, _, _ int32) bool { return *get(a) == *get(b) },
		set: func(dst, src *E) { *get(dst) = *get(src) },
	}
}

// The field kinds of the protocol (docs/PROTOCOL.md, "Encoding").

func intField[E any](bit uint16, get func(*E) *int) field[E] {
	return plain(bit, get, func(e *enc, v int) { e.i(int64(v)) }, (*dec).int)
}

func i32Field[E any](bit uint16, get func(*E) *int32) field[E] {
	return plain(bit, get, func(e *enc, v int32) { e.i(int64(v)) }, (*dec).i32)
}

func i64Field[E any](bit uint16, get func(*E) *int64) field[E] {
	return plain(bit, get, (*enc).i, (*dec).i)
}

func u32Field[E any](bit uint16, get func(*E) *uint32) field[E] {
	return plain(bit, get, func(e *enc, v uint32) { e.u(uint64(v)) }, (*dec).u32)
}

func u16Field[E any](bit uint16, get func(*E) *uint16) field[E] {
	return plain(bit, get, func(e *enc, v uint16) { e.u(uint64(v)) }, (*dec).u16)
}

func strField[E any](bit uint16, get func(*E) *string) field[E] {
	return plain(bit, get, (*enc).str, (*dec).str)
}

func boolField[E any](bit uint16, get func(*E) *bool) field[E] {
	return plain(bit, get, (*enc).bool, (*dec).bool)
}

// enumField is a one-byte enum. With lo < hi, a value outside lo..hi is
// malformed.
func enumField[E any, T ~uint8](bit uint16, get func(*E) *T, lo, hi T) field[E] {
	return plain(bit, get, func(e *enc, v T) { e.byte(byte(v)) }, func(d *dec) T {
		v := T(d.byte())
		if lo < hi && (v < lo || v > hi) {
			d.fail(errRange)
		}
		return v
	})
}

// f64Field is an 8-byte float, equal on the wire when its bits are.
func f64Field[E any](bit uint16, get func(*E) *float64) field[E] {
	f := plain(bit, get, (*enc).f64, (*dec).f64)
	f.eq = func(a, b *E, _, _ int32) bool { return math.Float64bits(*get(a)) == math.Float64bits(*get(b)) }
	return f
}

// metresField is a length rounded to whole metres.
func metresField[E any](bit uint16, get func(*E) *float64) field[E] {
	f := plain(bit, get, (*enc).q, (*dec).q)
	f.eq = func(a, b *E, _, _ int32) bool { return Q(*get(a)) == Q(*get(b)) }
	return f
}

// pointField is a point rounded to whole metres.
func pointField[E any](bit uint16, get func(*E) *orb.Point) field[E] {
	f := plain(bit, get, (*enc).pt, (*dec).pt)
	f.eq = func(a, b *E, _, _ int32) bool { return QP(*get(a)) == QP(*get(b)) }
	return f
}

// posField is an entity's position: a point, carried in a Delta change as
// the move from the client's copy.
func posField[E any](bit uint16, get func(*E) *orb.Point) field[E] {
	f := pointField(bit, get)
	f.set = func(dst, src *E) {
		p, d := get(dst), get(src)
		*p = orb.Point{p[0] + d[0], p[1] + d[1]}
	}
	f.offset = func(cur, prev *E) { *get(cur) = offset(*get(prev), *get(cur)) }
	return f
}

// ageField is a track's age in ticks, carried in a Delta change as the
// tick of its last update, so that ageing alone is no change.
func ageField[E any](bit uint16, get func(*E) *int32) field[E] {
	f := i32Field(bit, get)
	f.eq = func(a, b *E, ta, tb int32) bool {
		return int64(ta)-int64(*get(a)) == int64(tb)-int64(*get(b))
	}
	f.encAt = func(e *enc, x *E, tick int32) { e.i(int64(tick) - int64(*get(x))) }
	f.decAt = func(d *dec, x *E, tick int32) {
		age := int64(tick) - d.i()
		if age < math.MinInt32 || age > math.MaxInt32 {
			d.fail(errRange)
		}
		*get(x) = int32(age)
	}
	return f
}

// pointsField is a list of points (a route, a fence line).
func pointsField[E any, P ~[]orb.Point](bit uint16, get func(*E) *P) field[E] {
	return field[E]{
		bit: bit,
		enc: func(e *enc, x *E) { e.pts(*get(x)) },
		dec: func(d *dec, x *E) {
			if ps := d.pts(); ps != nil {
				*get(x) = ps
			}
		},
		eq:  func(a, b *E, _, _ int32) bool { return routeEq(*get(a), *get(b)) },
		set: func(dst, src *E) { *get(dst) = *get(src) },
	}
}

// listField is a list of records of type T.
func listField[E, T any](get func(*E) *[]T, r *record[T]) field[E] {
	return field[E]{
		enc: func(e *enc, x *E) { r.encList(e, *get(x)) },
		dec: func(d *dec, x *E) { *get(x) = r.decList(d) },
		eq:  func(a, b *E, _, _ int32) bool { return r.listEq(*get(a), *get(b)) },
		set: func(dst, src *E) { *get(dst) = *get(src) },
	}
}

// recordField is a record of type T inside E.
func recordField[E, T any](get func(*E) *T, r *record[T]) field[E] {
	return field[E]{
		enc: func(e *enc, x *E) { r.enc(e, get(x)) },
		dec: func(d *dec, x *E) { r.dec(d, get(x)) },
		eq:  func(a, b *E, _, _ int32) bool { return r.eq(get(a), get(b)) },
		set: func(dst, src *E) { *get(dst) = *get(src) },
	}
}

// when makes the fields fs present only when cond holds of the record
// (read before them).
func when[E any](cond func(*E) bool, fs ...field[E]) field[E] {
	sub := newRecord(fs...)
	return field[E]{
		enc: func(e *enc, x *E) {
			if cond(x) {
				sub.enc(e, x)
			}
		},
		dec: func(d *dec, x *E) {
			if cond(x) {
				sub.dec(d, x)
			}
		},
		eq: func(a, b *E, _, _ int32) bool { return sub.eq(a, b) },
	}
}

// offset is the rounded move from a to b.
func offset(a, b orb.Point) orb.Point {
	return orb.Point{
		float64(int64(Q(b[0])) - int64(Q(a[0]))),
		float64(int64(Q(b[1])) - int64(Q(a[1]))),
	}
}

func routeEq[P ~[]orb.Point](a, b P) bool {
	return slices.EqualFunc(a, b, func(p, q orb.Point) bool { return QP(p) == QP(q) })
}

// record is a record's fields in wire order.
type record[E any] struct {
	fields []field[E]
	byBit  []field[E] // the fields with a change bit, in bit order
	all    uint16     // every change bit
	min    int        // bytes of the shortest encoding (of the zero E)
}

func newRecord[E any](fs ...field[E]) *record[E] {
	r := &record[E]{fields: fs}
	for _, f := range fs {
		if f.bit == 0 {
			continue
		}
		if f.encAt == nil {
			f.encAt = func(e *enc, x *E, _ int32) { f.enc(e, x) }
			f.decAt = func(d *dec, x *E, _ int32) { f.dec(d, x) }
		}
		r.byBit = append(r.byBit, f)
		r.all |= f.bit
	}
	slices.SortFunc(r.byBit, func(a, b field[E]) int { return int(a.bit) - int(b.bit) })
	var zero E
	var e enc
	r.enc(&e, &zero)
	r.min = len(e.b)
	return r
}

func (r *record[E]) enc(e *enc, x *E) {
	for i := range r.fields {
		r.fields[i].enc(e, x)
	}
}

func (r *record[E]) dec(d *dec, x *E) {
	for i := range r.fields {
		r.fields[i].dec(d, x)
	}
}

// eq reports whether a and b have the same encoding.
func (r *record[E]) eq(a, b *E) bool {
	for i := range r.fields {
		if !r.fields[i].eq(a, b, 0, 0) {
			return false
		}
	}
	return true
}

func (r *record[E]) encList(e *enc, xs []E) {
	e.u(uint64(len(xs)))
	for i := range xs {
		r.enc(e, &xs[i])
	}
}

func (r *record[E]) decList(d *dec) []E {
	n := d.n(max(r.min, 1))
	if n == 0 {
		return nil
	}
	xs := make([]E, n)
	for i := range xs {
		r.dec(d, &xs[i])
	}
	return xs
}

func (r *record[E]) listEq(a, b []E) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !r.eq(&a[i], &b[i]) {
			return false
		}
	}
	return true
}
