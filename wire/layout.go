package wire

import (
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"unsafe"

	"github.com/paulmach/orb"
)

// This file describes records (an entity such as a unit, a section such as
// the checkpoints, a message) by a one-line spec that names their Go fields
// in wire order with their wire types, as docs/PROTOCOL.md's tables do:
//
//	"ID i key, Team i 2, Kind enum 4, Name str 8, Pos pos 1, …"
//
// Each item is a Go field name, a kind and, for an entity, its change bit
// (or "key"). Kinds: i (int, int32, int64: a zigzag varint), u (uint16,
// uint32), enum (a one-byte enum; enum:LO:HI checks the range), str, bool,
// f64, q (metres), pt (a point), pos (a position: an offset in a Delta
// change), age (a track's age: the tick of the last update in a Delta
// change), pts (a point list), list and rec (a list of, or one, nested
// record: the next of the nested layouts given), and A/B flags (bools as
// the bits 1, 2, … of one byte). "X kind if F" is present only when the
// bool field F is true. A spec is checked against its Go type when the
// package initialises, so a wrong one panics in every test.
//
// Writing, reading, comparing and applying changes are written once, here,
// for every record. A field is reached by its offset in the struct, which
// reflect gives when the layout is built, after checking that the field's Go
// type fits its kind; fields without pointers are compared and copied as
// bytes, the others through their Go types.

// kind is a field's wire type.
type kind uint8

const (
	kInt   kind = iota // int: zigzag varint within int32
	kI32               // int32
	kI64               // int64
	kU16               // uint16: varint
	kU32               // uint32: varint
	kEnum              // a uint8 type: one byte
	kStr               // string
	kBool              // bool: one byte, 0 or 1
	kF64               // float64: 8 bytes
	kQ                 // float64 metres: rounded, zigzag varint
	kPt                // orb.Point: two kQ
	kPos               // orb.Point; a Delta change carries the offset
	kAge               // int32 ticks; a Delta change carries tick − age
	kPts               // []orb.Point (or orb.LineString)
	kList              // []T of a nested record
	kRec               // a nested record
	kFlags             // bools as the bits of one byte
)

// kindNames are the kinds of a spec by name and Go kind.
var kindNames = map[string]map[reflect.Kind]kind{
	"i":    {reflect.Int: kInt, reflect.Int32: kI32, reflect.Int64: kI64},
	"u":    {reflect.Uint16: kU16, reflect.Uint32: kU32},
	"enum": {reflect.Uint8: kEnum},
	"str":  {reflect.String: kStr},
	"bool": {reflect.Bool: kBool},
	"f64":  {reflect.Float64: kF64},
	"q":    {reflect.Float64: kQ},
	"pt":   {reflect.Array: kPt},
	"pos":  {reflect.Array: kPos},
	"age":  {reflect.Int32: kAge},
	"pts":  {reflect.Slice: kPts},
	"list": {reflect.Slice: kList},
	"rec":  {reflect.Struct: kRec},
}

var point = reflect.TypeFor[orb.Point]()

// fieldSpec is one field of a layout.
type fieldSpec struct {
	name   string
	kind   kind
	off    uintptr   // offset in the struct
	flags  []uintptr // kFlags: the bools' offsets
	bit    uint16    // change bit; 0 for none
	key    bool      // part of an entity's key
	lo, hi uint8     // kEnum: the values allowed, when lo < hi
	elem   *layout   // kList, kRec
	cond   int       // index of the bool field it depends on, or -1
	size   uintptr   // bytes of the Go field
}

// layout is a struct type's fields in wire order.
type layout struct {
	typ    reflect.Type
	size   uintptr // bytes of one value
	fields []fieldSpec
	byBit  []fieldSpec // the fields with a change bit, in bit order
	all    uint16      // every change bit
	min    int         // bytes of the shortest encoding, of the zero value
	keyMin int         // of which the key fields
	// makeSlice stores a new []T of n zero elements at p and returns its
	// first element (set by recordOf, which knows T).
	makeSlice func(p unsafe.Pointer, n int) unsafe.Pointer
}

// newLayout parses the spec of type t; nested are the layouts of its list
// and rec fields, in order.
func newLayout(t reflect.Type, spec string, nested ...*layout) *layout {
	l := &layout{typ: t, size: t.Size()}
	bad := func(item, why string) {
		panic(fmt.Sprintf("wire: layout of %s: %q: %s", t, item, why))
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		words := strings.Fields(item)
		if len(words) < 2 {
			bad(item, "want NAME KIND [BIT|key] [if FIELD]")
		}
		f := fieldSpec{name: words[0], cond: -1}
		if len(words) >= 4 && words[len(words)-2] == "if" {
			f.cond = slices.IndexFunc(l.fields, func(g fieldSpec) bool { return g.name == words[len(words)-1] })
			if f.cond < 0 || l.fields[f.cond].kind != kBool {
				bad(item, "condition is not a bool field before it")
			}
			words = words[:len(words)-2]
		}
		kindName, rangeSpec, _ := strings.Cut(words[1], ":")
		if len(words) == 3 {
			if words[2] == "key" {
				f.key = true
			} else if b, err := strconv.ParseUint(words[2], 10, 16); err == nil {
				f.bit = uint16(b)
			} else {
				bad(item, "bad change bit")
			}
		}
		if kindName == "flags" {
			f.kind = kFlags
			for _, n := range strings.Split(f.name, "/") {
				sf, ok := t.FieldByName(n)
				if !ok || sf.Type.Kind() != reflect.Bool {
					bad(item, "no bool field "+n)
				}
				f.flags = append(f.flags, sf.Offset)
			}
			l.fields = append(l.fields, f)
			continue
		}
		sf, ok := t.FieldByName(f.name)
		if !ok {
			bad(item, "no such field")
		}
		f.off, f.size = sf.Offset, sf.Type.Size()
		ft := sf.Type
		var ok2 bool
		if kindNames[kindName] == nil {
			bad(item, "unknown kind")
		}
		if f.kind, ok2 = kindNames[kindName][ft.Kind()]; !ok2 {
			bad(item, "kind "+kindName+" does not fit Go type "+ft.String())
		}
		switch f.kind {
		case kPt, kPos, kPts:
			if ft != point && (ft.Kind() != reflect.Slice || ft.Elem() != point) {
				bad(item, "not a point or a list of points")
			}
		case kList, kRec:
			if len(nested) == 0 {
				bad(item, "no nested layout left")
			}
			f.elem, nested = nested[0], nested[1:]
			if ft != f.elem.typ && ft != reflect.SliceOf(f.elem.typ) {
				bad(item, "nested layout of "+f.elem.typ.String())
			}
		case kEnum:
			if rangeSpec != "" {
				lo, hi, _ := strings.Cut(rangeSpec, ":")
				a, err1 := strconv.ParseUint(lo, 10, 8)
				b, err2 := strconv.ParseUint(hi, 10, 8)
				if err1 != nil || err2 != nil || a >= b {
					bad(item, "bad range")
				}
				f.lo, f.hi = uint8(a), uint8(b)
			}
		}
		l.fields = append(l.fields, f)
	}
	if len(nested) > 0 {
		panic(fmt.Sprintf("wire: layout of %s: %d nested layouts left over", t, len(nested)))
	}
	for _, f := range l.fields {
		if f.bit != 0 {
			if l.all&f.bit != 0 || f.bit&(f.bit-1) != 0 {
				panic(fmt.Sprintf("wire: layout of %s: %s: bit %d is not a new single bit", t, f.name, f.bit))
			}
			l.byBit = append(l.byBit, f)
			l.all |= f.bit
		}
	}
	slices.SortFunc(l.byBit, func(a, b fieldSpec) int { return int(a.bit) - int(b.bit) })
	zero := reflect.New(t).UnsafePointer()
	c := coder{w: new(enc)}
	l.code(c, zero)
	l.min = len(c.w.b)
	c.w.b = c.w.b[:0]
	l.codeKey(c, zero, true)
	l.keyMin = len(c.w.b)
	return l
}

// at is the address of the field at off in the struct at p.
func at[T any](p unsafe.Pointer, off uintptr) *T { return (*T)(unsafe.Add(p, off)) }

// slice returns the length and first element of the slice at p.
func slice(p unsafe.Pointer) (unsafe.Pointer, int) {
	s := *(*[]byte)(p) // a slice header; the element type does not matter
	return unsafe.Pointer(unsafe.SliceData(s)), len(s)
}

// code writes or reads the record at p, key fields included.
func (l *layout) code(c coder, p unsafe.Pointer) {
	for i := range l.fields {
		if f := &l.fields[i]; f.cond < 0 || *at[bool](p, l.fields[f.cond].off) {
			l.codeField(c, f, p)
		}
	}
}

// codeKey writes or reads the key fields of the record at p (key), or the
// others (!key).
func (l *layout) codeKey(c coder, p unsafe.Pointer, key bool) {
	for i := range l.fields {
		if f := &l.fields[i]; f.key == key {
			l.codeField(c, f, p)
		}
	}
}

// codeField writes or reads one field of the record at p, as a full record
// has it.
func (l *layout) codeField(c coder, f *fieldSpec, p unsafe.Pointer) {
	q := unsafe.Add(p, f.off)
	switch f.kind {
	case kInt, kI32, kAge, kI64:
		c.signed(q, f.kind)
	case kU16, kU32:
		c.unsigned(q, f.kind)
	case kEnum, kBool:
		code(c, (*uint8)(q), (*enc).byte, (*dec).byte)
		if v := *(*uint8)(q); c.r != nil && (f.kind == kBool && v > 1 || f.lo < f.hi && (v < f.lo || v > f.hi)) {
			c.r.fail(errRange)
			*(*uint8)(q) = 0 // never a bool other than false or true
		}
	case kStr:
		code(c, (*string)(q), (*enc).str, (*dec).str)
	case kF64:
		code(c, (*float64)(q), (*enc).f64, (*dec).f64)
	case kQ:
		code(c, (*float64)(q), (*enc).q, (*dec).q)
	case kPt, kPos:
		code(c, (*orb.Point)(q), (*enc).pt, (*dec).pt)
	case kPts:
		code(c, (*[]orb.Point)(q), (*enc).pts, (*dec).pts)
	case kList:
		data, n := slice(q)
		n = c.count(n, max(f.elem.min, 1))
		if c.r != nil {
			data = f.elem.makeSlice(q, n)
		}
		for i := range n {
			f.elem.code(c, unsafe.Add(data, uintptr(i)*f.elem.size))
		}
	case kRec:
		f.elem.code(c, q)
	case kFlags:
		var b byte
		for i, off := range f.flags {
			if *at[bool](p, off) {
				b |= 1 << i
			}
		}
		code(c, &b, (*enc).byte, (*dec).byte)
		if c.r == nil {
			return
		}
		if b>>len(f.flags) != 0 {
			c.r.fail(errRange)
		}
		for i, off := range f.flags {
			*at[bool](p, off) = b&(1<<i) != 0
		}
	}
}

// eq reports whether the records at a and b have the same encoding.
func (l *layout) eq(a, b unsafe.Pointer) bool {
	for i := range l.fields {
		if !l.eqField(&l.fields[i], a, b, 0, 0) {
			return false
		}
	}
	return true
}

// eqField reports whether one field of the records at a (at tick ta) and b
// (at tick tb) looks the same on the wire.
func (l *layout) eqField(f *fieldSpec, a, b unsafe.Pointer, ta, tb int32) bool {
	switch f.kind {
	case kInt, kI32, kI64, kU16, kU32, kEnum, kBool, kF64:
		return string(f.bits(a)) == string(f.bits(b)) // a float by its bits, as it is sent
	case kStr:
		return *at[string](a, f.off) == *at[string](b, f.off)
	case kQ:
		return Q(*at[float64](a, f.off)) == Q(*at[float64](b, f.off))
	case kPt, kPos:
		return QP(*at[orb.Point](a, f.off)) == QP(*at[orb.Point](b, f.off))
	case kAge:
		return int64(ta)-int64(*at[int32](a, f.off)) == int64(tb)-int64(*at[int32](b, f.off))
	case kPts:
		return routeEq(*at[[]orb.Point](a, f.off), *at[[]orb.Point](b, f.off))
	case kList:
		da, na := slice(unsafe.Add(a, f.off))
		db, nb := slice(unsafe.Add(b, f.off))
		if na != nb {
			return false
		}
		size := f.elem.size
		for i := range na {
			if !f.elem.eq(unsafe.Add(da, uintptr(i)*size), unsafe.Add(db, uintptr(i)*size)) {
				return false
			}
		}
		return true
	case kRec:
		return f.elem.eq(unsafe.Add(a, f.off), unsafe.Add(b, f.off))
	case kFlags:
		for _, off := range f.flags {
			if *at[bool](a, off) != *at[bool](b, off) {
				return false
			}
		}
	}
	return true
}

// set applies one field of a Delta change at src to the record at dst: a
// position is added, anything else copied.
func (l *layout) set(f *fieldSpec, dst, src unsafe.Pointer) {
	switch f.kind {
	case kPos:
		p, d := at[orb.Point](dst, f.off), at[orb.Point](src, f.off)
		*p = orb.Point{p[0] + d[0], p[1] + d[1]}
	case kStr:
		*at[string](dst, f.off) = *at[string](src, f.off)
	case kPts:
		*at[[]orb.Point](dst, f.off) = *at[[]orb.Point](src, f.off)
	case kList, kRec, kFlags:
		panic("wire: set of a " + f.name + " in a change") // entities have none
	default:
		// Plain bits: ints, bools, floats, points.
		copy(f.bits(dst), f.bits(src))
	}
}

// bits are the bytes of a field without pointers in the record at p.
func (f *fieldSpec) bits(p unsafe.Pointer) []byte {
	return unsafe.Slice((*byte)(unsafe.Add(p, f.off)), f.size)
}

// offset turns the positions of the record at cur into their moves from the
// record at prev, as a Delta change carries them.
func (l *layout) offset(cur, prev unsafe.Pointer) {
	for i := range l.byBit {
		if f := &l.byBit[i]; f.kind == kPos {
			*at[orb.Point](cur, f.off) = offset(*at[orb.Point](prev, f.off), *at[orb.Point](cur, f.off))
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

// record is the layout of the Go type E.
type record[E any] struct{ *layout }

// recordOf is the record of E that spec describes (see layout).
func recordOf[E any](spec string, nested ...*layout) record[E] {
	l := newLayout(reflect.TypeFor[E](), spec, nested...)
	l.makeSlice = func(p unsafe.Pointer, n int) unsafe.Pointer {
		if n == 0 {
			*(*[]E)(p) = nil
			return nil
		}
		s := make([]E, n)
		*(*[]E)(p) = s
		return unsafe.Pointer(unsafe.SliceData(s))
	}
	return record[E]{l}
}

// code writes or reads *x.
func (r record[E]) code(c coder, x *E) { r.layout.code(c, unsafe.Pointer(x)) }
