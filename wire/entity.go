package wire

import (
	"errors"
	"math"
	"slices"
	"unsafe"
)

// This file is what the entity lists of a view (units, tracks, crossers)
// share: keyframe lists, Delta changes, the Stream's diff and the Mirror's
// apply, written once for every entity (unit.go, track.go, crosser.go say
// what differs).

// FieldNew marks an entity change that adds an entity the client does not
// have: every field is present and positions are absolute.
const FieldNew uint16 = 1 << 15

// Change is an entity added or changed in a Delta. Fields says which fields
// of Entity are present (its key always is). Unless Fields has FieldNew,
// a position is the offset from the client's copy.
type Change[E any] struct {
	Fields uint16
	Entity E
}

// entity describes one entity list: the record of its fields (its key
// fields marked "key") and its key K.
type entity[E any, K comparable] struct {
	record[E]
	key     func(*E) K
	codeKey func(coder, *K)
}

// idEntity is an entity list whose key is an ID, the record's field "ID".
func idEntity[E any](spec string) *entity[E, int32] {
	r := recordOf[E](spec)
	off := r.fields[0].off
	if r.fields[0].name != "ID" || !r.fields[0].key || r.fields[0].kind != kI32 {
		panic("wire: an entity keyed by ID starts with \"ID i key\"")
	}
	return &entity[E, int32]{
		record:  r,
		key:     func(x *E) int32 { return *at[int32](unsafe.Pointer(x), off) },
		codeKey: func(c coder, k *int32) { c.signed(unsafe.Pointer(k), kI32) },
	}
}

// changes are the three parts of a Delta for one entity list.
type changes[E any, K comparable] struct {
	changed *[]Change[E]
	gone    *[]K
	order   *[]K // present when the order bit is set
}

// codePart writes or reads one entity list's part of a Delta at tick: its
// changes, the removed keys and, when order is set, the new order.
func (en *entity[E, K]) codePart(c coder, part changes[E, K], tick int32, order bool) {
	list(c, part.changed, en.keyMin+1, func(c coder, ch *Change[E]) { en.codeChange(c, ch, tick) })
	list(c, part.gone, en.keyMin, en.codeKey)
	if order {
		list(c, part.order, en.keyMin, en.codeKey)
	}
}

// codeChange writes or reads one change: the entity's key, the field bits,
// then the whole record without its key (FieldNew) or the fields present in
// bit order.
func (en *entity[E, K]) codeChange(c coder, ch *Change[E], tick int32) {
	p := unsafe.Pointer(&ch.Entity)
	en.layout.codeKey(c, p, true)
	c.unsigned(unsafe.Pointer(&ch.Fields), kU16)
	switch {
	case ch.Fields&FieldNew != 0:
		if c.r != nil && ch.Fields != FieldNew|en.all {
			c.r.fail(errRange)
		}
		en.layout.codeKey(c, p, false)
		return
	case c.r != nil && ch.Fields&^en.all != 0:
		c.r.fail(errRange)
		return
	}
	for j := range en.byBit {
		switch f := &en.byBit[j]; {
		case ch.Fields&f.bit == 0:
		case f.kind == kAge: // the tick of the last update
			age := at[int32](p, f.off)
			if c.r == nil {
				c.w.i(int64(tick) - int64(*age))
				break
			}
			v := int64(tick) - c.r.i()
			if v < math.MinInt32 || v > math.MaxInt32 {
				c.r.fail(errRange)
			}
			*age = int32(v)
		default:
			en.codeField(c, f, p)
		}
	}
}

// scratch is the reusable memory of a Stream's diff or a Mirror's apply for
// one entity list.
type scratch[K comparable] struct {
	idx  map[K]int
	mark []bool
	pos  []int
}

// index maps the keys of xs to their positions; it reports false when a
// key is there twice.
func index[E any, K comparable](s *scratch[K], xs []E, key func(*E) K) bool {
	if s.idx == nil {
		s.idx = make(map[K]int, len(xs))
	}
	clear(s.idx)
	for i := range xs {
		s.idx[key(&xs[i])] = i
	}
	return len(s.idx) == len(xs)
}

// find returns the positions of keys in the list s indexes (of n
// entities), marking them; false when a key is not held or named twice.
func (s *scratch[K]) find(keys []K, n int) ([]int, bool) {
	seen := s.marks(n)
	s.pos = s.pos[:0]
	for _, k := range keys {
		j, ok := s.idx[k]
		if !ok || seen[j] {
			return nil, false
		}
		seen[j] = true
		s.pos = append(s.pos, j)
	}
	return s.pos, true
}

// marks returns n cleared marks.
func (s *scratch[K]) marks(n int) []bool {
	s.mark = slices.Grow(s.mark[:0], n)[:n]
	clear(s.mark)
	return s.mark
}

// diff appends to out the changes from prev (at tick ptick) to cur (at
// tick): new entities whole, changed ones with the fields that differ on
// the wire, removed keys, and the new order when a client applying the
// changes would not reach it. It reports whether the order was needed.
func (en *entity[E, K]) diff(s *scratch[K], prev, cur []E, ptick, tick int32, out changes[E, K]) bool {
	index(s, prev, en.key)
	kept := s.marks(len(prev))
	last, sawNew, reordered := -1, false, false
	for i := range cur {
		x := &cur[i]
		j, ok := s.idx[en.key(x)]
		if !ok || kept[j] {
			sawNew = true
			*out.changed = append(*out.changed, Change[E]{Fields: FieldNew | en.all, Entity: *x})
			continue
		}
		// A kept entity after a new one, or before one kept earlier,
		// is out of the order a client reconstructs.
		kept[j] = true
		if sawNew || j < last {
			reordered = true
		}
		last = j
		p, q := unsafe.Pointer(&prev[j]), unsafe.Pointer(x)
		var f uint16
		for k := range en.byBit {
			if b := &en.byBit[k]; !en.eqField(b, p, q, ptick, tick) {
				f |= b.bit
			}
		}
		if f == 0 {
			continue
		}
		*out.changed = append(*out.changed, Change[E]{Fields: f, Entity: *x})
		en.offset(unsafe.Pointer(&(*out.changed)[len(*out.changed)-1].Entity), p)
	}
	for j, k := range kept {
		if !k {
			*out.gone = append(*out.gone, en.key(&prev[j]))
		}
	}
	if reordered {
		for i := range cur {
			*out.order = append(*out.order, en.key(&cur[i]))
		}
	}
	return reordered
}

var (
	errUnknown   = errors.New("change or removal of an entity not held")
	errDuplicate = errors.New("new entity already held")
	errOrder     = errors.New("order is not a permutation")
)

// apply applies a Delta's changes, removals and (when hasOrder) new order
// to the list held, as docs/PROTOCOL.md's "Applying a Delta" says.
func (en *entity[E, K]) apply(s *scratch[K], list []E, cs []Change[E], removed, order []K, hasOrder bool) ([]E, error) {
	if !index(s, list, en.key) {
		return list, errDuplicate
	}
	for i := range cs {
		c := &cs[i]
		k := en.key(&c.Entity)
		j, ok := s.idx[k]
		switch isNew := c.Fields&FieldNew != 0; {
		case isNew && ok:
			return list, errDuplicate
		case isNew:
			s.idx[k] = len(list)
			list = append(list, c.Entity)
		case !ok:
			return list, errUnknown
		default:
			for b := range en.byBit {
				if f := &en.byBit[b]; c.Fields&f.bit != 0 {
					en.set(f, unsafe.Pointer(&list[j]), unsafe.Pointer(&c.Entity))
				}
			}
		}
	}
	if len(removed) > 0 {
		if _, ok := s.find(removed, len(list)); !ok {
			return list, errUnknown
		}
		n := 0
		for j := range list {
			if !s.mark[j] {
				list[n] = list[j]
				n++
			}
		}
		clear(list[n:])
		list = list[:n]
	}
	if hasOrder {
		index(s, list, en.key)
		pos, ok := s.find(order, len(list))
		if !ok || len(order) != len(list) {
			return list, errOrder
		}
		out := make([]E, len(list))
		for n, j := range pos {
			out[n] = list[j]
		}
		list = out
	}
	if len(list) == 0 {
		list = nil
	}
	return list, nil
}
