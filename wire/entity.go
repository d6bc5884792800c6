package wire

import (
	"errors"
	"slices"
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

// entity describes one entity list: the record of its fields (without its
// key) and its key K.
type entity[E any, K comparable] struct {
	*record[E]
	key    func(*E) K
	setKey func(*E, K)
	encKey func(*enc, K)
	decKey func(*dec) K
	keyMin int // bytes of the shortest key
}

// encFull writes a keyframe list: each entity's key and record.
func (en *entity[E, K]) encFull(e *enc, xs []E) {
	e.u(uint64(len(xs)))
	for i := range xs {
		en.encKey(e, en.key(&xs[i]))
		en.enc(e, &xs[i])
	}
}

func (en *entity[E, K]) decFull(d *dec) []E {
	n := d.n(en.keyMin + en.min)
	if n == 0 {
		return nil
	}
	xs := make([]E, n)
	for i := range xs {
		en.setKey(&xs[i], en.decKey(d))
		en.dec(d, &xs[i])
	}
	return xs
}

// encChanges writes a Delta's changes of this list at tick.
func (en *entity[E, K]) encChanges(e *enc, cs []Change[E], tick int32) {
	e.u(uint64(len(cs)))
	for i := range cs {
		c := &cs[i]
		en.encKey(e, en.key(&c.Entity))
		e.u(uint64(c.Fields))
		if c.Fields&FieldNew != 0 {
			en.enc(e, &c.Entity)
			continue
		}
		for j := range en.byBit {
			if f := &en.byBit[j]; c.Fields&f.bit != 0 {
				f.encAt(e, &c.Entity, tick)
			}
		}
	}
}

func (en *entity[E, K]) decChanges(d *dec, tick int32) []Change[E] {
	n := d.n(en.keyMin + 1)
	if n == 0 {
		return nil
	}
	cs := make([]Change[E], n)
	for i := range cs {
		c := &cs[i]
		en.setKey(&c.Entity, en.decKey(d))
		c.Fields = d.u16()
		switch {
		case c.Fields&FieldNew != 0:
			if c.Fields != FieldNew|en.all {
				d.fail(errRange)
			}
			en.dec(d, &c.Entity)
		case c.Fields&^en.all != 0:
			d.fail(errRange)
		default:
			for j := range en.byBit {
				if f := &en.byBit[j]; c.Fields&f.bit != 0 {
					f.decAt(d, &c.Entity, tick)
				}
			}
		}
	}
	return cs
}

func (en *entity[E, K]) encKeys(e *enc, ks []K) {
	e.u(uint64(len(ks)))
	for _, k := range ks {
		en.encKey(e, k)
	}
}

func (en *entity[E, K]) decKeys(d *dec) []K {
	n := d.n(en.keyMin)
	if n == 0 {
		return nil
	}
	ks := make([]K, n)
	for i := range ks {
		ks[i] = en.decKey(d)
	}
	return ks
}

// changes are the three parts of a Delta for one entity list.
type changes[E any, K comparable] struct {
	changed *[]Change[E]
	gone    *[]K
	order   *[]K // written when the order bit is set
}

// scratch is the reusable memory of a Stream's diff or a Mirror's apply for
// one entity list.
type scratch[K comparable] struct {
	idx  map[K]int
	mark []bool
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
		p := &prev[j]
		var f uint16
		for k := range en.byBit {
			if b := &en.byBit[k]; !b.eq(p, x, ptick, tick) {
				f |= b.bit
			}
		}
		if f == 0 {
			continue
		}
		*out.changed = append(*out.changed, Change[E]{Fields: f, Entity: *x})
		c := &(*out.changed)[len(*out.changed)-1]
		for k := range en.byBit {
			if b := &en.byBit[k]; b.offset != nil {
				b.offset(&c.Entity, p)
			}
		}
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
					f.set(&list[j], &c.Entity)
				}
			}
		}
	}
	if len(removed) > 0 {
		gone := s.marks(len(list))
		for _, k := range removed {
			j, ok := s.idx[k]
			if !ok || gone[j] {
				return list, errUnknown
			}
			gone[j] = true
		}
		n := 0
		for j := range list {
			if !gone[j] {
				list[n] = list[j]
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
		index(s, list, en.key)
		out := make([]E, len(list))
		placed := s.marks(len(list))
		for n, k := range order {
			j, ok := s.idx[k]
			if !ok || placed[j] {
				return list, errOrder
			}
			placed[j] = true
			out[n] = list[j]
		}
		list = out
	}
	if len(list) == 0 {
		list = nil
	}
	return list, nil
}

// idEntity is an entity list whose key is an ID.
func idEntity[E any](r *record[E], id func(*E) *int32) *entity[E, int32] {
	return &entity[E, int32]{
		record: r,
		key:    func(x *E) int32 { return *id(x) },
		setKey: func(x *E, k int32) { *id(x) = k },
		encKey: func(e *enc, k int32) { e.i(int64(k)) },
		decKey: (*dec).i32,
		keyMin: 1,
	}
}
