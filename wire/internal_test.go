package wire

import (
	"math/bits"
	"reflect"
	"strings"
	"testing"

	"github.com/paulmach/orb"
)

// TestChangeBits checks the entity records' change bits: one bit per field,
// distinct, contiguous from 1, below FieldNew, and the last exported
// constant naming the highest.
func TestChangeBits(t *testing.T) {
	cases := []struct {
		name   string
		bits   []uint16
		fields int
		last   uint16
	}{
		{"unit", bitsOf(units.byBit), len(units.fields) - 1, UnitPace},
		{"track", bitsOf(tracks.byBit), len(tracks.fields) - 2, TrackHanded},
		{"crosser", bitsOf(crossers.byBit), len(crossers.fields) - 1, CrosserDetected},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if len(c.bits) != c.fields {
				t.Errorf("%d of %d fields have a change bit", len(c.bits), c.fields)
			}
			for i, b := range c.bits {
				if b != 1<<i {
					t.Errorf("field %d in bit order has bit %#x, want %#x", i, b, 1<<i)
				}
			}
			if n := len(c.bits); n == 0 || c.bits[n-1] != c.last || bits.Len16(c.last) >= bits.Len16(FieldNew) {
				t.Errorf("highest bit %#x, want %#x below FieldNew", c.bits[len(c.bits)-1], c.last)
			}
		})
	}
}

func bitsOf(fs []fieldSpec) []uint16 {
	var bs []uint16
	for _, f := range fs {
		bs = append(bs, f.bit)
	}
	return bs
}

// TestLayoutSpecs checks that a spec that does not fit its Go type is
// refused when the package starts, saying which item is wrong.
func TestLayoutSpecs(t *testing.T) {
	type rec struct {
		A    int
		K    uint8
		B    string
		On   bool
		P    orb.Point
		List []rec
	}
	inner := newLayout(reflect.TypeFor[rec](), "A i")
	other := newLayout(reflect.TypeFor[struct{ X int }](), "X i")
	bad := []struct {
		name, spec string
		nested     []*layout
		want       string
	}{
		{"no such field", "A i, C i", nil, `"C i": no such field`},
		{"kind of another type", "B i", nil, "does not fit Go type string"},
		{"unknown kind", "A int", nil, "unknown kind"},
		{"point kind on a slice", "List pts", nil, "not a point"},
		{"bit twice", "A i 1, B str 1", nil, "not a new single bit"},
		{"two bits in one", "A i 3", nil, "not a new single bit"},
		{"condition not a bool", "A i, B str if A", nil, "condition is not a bool"},
		{"nested layout of another type", "List list", []*layout{other}, "nested layout of"},
		{"no nested layout", "List list", nil, "no nested layout left"},
		{"nested layout left over", "A i", []*layout{inner}, "left over"},
		{"bad enum range", "K enum:3:1", nil, "bad range"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if r, _ := recover().(string); !strings.Contains(r, c.want) {
					t.Errorf("panic %q, want one saying %q", r, c.want)
				}
			}()
			newLayout(reflect.TypeFor[rec](), c.spec, c.nested...)
		})
	}
	if l := newLayout(reflect.TypeFor[rec](), "A i key, B str 2, On bool 1, P pt, List list", inner); l.min != 6 || l.keyMin != 1 || l.all != 3 {
		t.Errorf("a good spec: min %d keyMin %d bits %#x, want 6, 1, 0x3", l.min, l.keyMin, l.all)
	}
}
