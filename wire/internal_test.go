package wire

import (
	"math/bits"
	"testing"
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
		{"unit", bitsOf(units.byBit), len(units.fields) - 1, UnitCustody},
		{"track", bitsOf(tracks.byBit), len(tracks.fields) - 2, TrackCustody},
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
