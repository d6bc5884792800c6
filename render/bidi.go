package render

import (
	"slices"
	"unicode/utf8"

	"github.com/go-text/typesetting/unicodedata"
	"golang.org/x/text/unicode/bidi"
)

// This file orders a line of mixed right-to-left and left-to-right text
// for drawing: the Unicode Bidirectional Algorithm (UAX #9) for one line
// without explicit embeddings. The characters' bidi classes come from
// golang.org/x/text/unicode/bidi and their mirror images from
// go-text/typesetting's BidiMirroring table; the rules are ours, because
// x/text's Paragraph.Order pairs no brackets (it keys each bracket by
// itself, so "(" never matches ")") and returns its runs in logical order
// with their levels' parity only, too little to reorder a line whose
// paragraph is left to right.
//
// What the HUD needs and this does: the paragraph's direction from its
// first strong letter (P2, P3, left to right when it has none), the weak
// types (W1–W7: numbers, their separators and terminators, Arabic
// numbers), paired brackets (N0: a pair takes the direction of the text
// it encloses, or of its context), the other neutrals (N1, N2), the levels
// (I1, I2), trailing white space (L1) and the reordering (L2). Mirrored
// glyphs (L4) are drawRuns'. The explicit embeddings, overrides and
// isolates (X1–X10) are not followed: their formatting characters are
// dropped as X9 drops the embeddings (boundary neutrals), and an isolate's
// marks count as other neutrals. No catalog or scenario text has them.
// Every line of Unicode's conformance test without them lays out as the
// test says (TestBidiConformance).

// bidiRun is a run of one direction within a string, as byte offsets.
type bidiRun struct {
	start, end int
	rtl        bool
}

// maxBracketDepth is how many open brackets BD16 keeps (UAX #9): an
// opening bracket beyond it ends the pairing for the rest of the line.
const maxBracketDepth = 63

// bidiLine holds one line's working state, kept between lines so that
// laying out a line allocates nothing once the buffers have grown.
type bidiLine struct {
	at    []int        // byte offset of each rune
	orig  []bidi.Class // each rune's class as the tables give it
	cls   []bidi.Class // its class as the rules resolve it
	level []uint8
	open  []bracketOpen
	pairs [][2]int // paired brackets, by rune index
	lruns []levelRun
	runs  []bidiRun
}

type bracketOpen struct {
	closer rune // the bracket that closes it
	i      int
}

type levelRun struct {
	start, end int // byte offsets
	level      uint8
}

// order returns the runs of s in visual order from left to right, its
// direction that of its first strong letter. The slice is the line's own,
// valid until its next call.
func (b *bidiLine) order(s string) []bidiRun { return b.orderIn(s, autoDirection) }

// autoDirection asks orderIn for the paragraph direction of the first
// strong letter (P2, P3), left to right when there is none.
const autoDirection = -1

// orderIn is order in a paragraph of level para: 0 left to right, 1
// right to left, or autoDirection.
func (b *bidiLine) orderIn(s string, para int) []bidiRun {
	b.at, b.orig, b.cls = b.at[:0], b.orig[:0], b.cls[:0]
	for i, r := range s {
		p, _ := bidi.LookupRune(r)
		c := p.Class()
		switch c {
		case bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF:
			c = bidi.BN // X9
		case bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI:
			c = bidi.ON
		}
		b.at = append(b.at, i)
		b.orig = append(b.orig, c)
	}
	b.cls = append(b.cls, b.orig...)
	n := len(b.cls)
	if para == autoDirection {
		para = b.firstStrong()
	}
	lvl := uint8(para)
	e := bidi.L // the embedding direction, and sos and eos
	if para == 1 {
		e = bidi.R
	}
	b.weak(e)
	b.brackets(s, e)
	b.neutrals(e)
	b.level = b.level[:0]
	for _, c := range b.cls { // I1, I2
		l := lvl
		switch {
		case lvl == 0 && c == bidi.R:
			l++
		case lvl == 0 && (c == bidi.EN || c == bidi.AN):
			l += 2
		case lvl == 1 && (c == bidi.L || c == bidi.EN || c == bidi.AN):
			l++
		}
		b.level = append(b.level, l)
	}
	// L1: separators, and the white space before them or at the end of
	// the line, go back to the paragraph's level.
	trailing := true
	for i := n - 1; i >= 0; i-- {
		switch b.orig[i] {
		case bidi.S, bidi.B:
			b.level[i], trailing = lvl, true
		case bidi.WS, bidi.BN:
			if trailing {
				b.level[i] = lvl
			}
		default:
			trailing = false
		}
	}
	return b.reorder(len(s))
}

// firstStrong returns the paragraph level of the line's first strong
// letter (P2, P3): 1 for a right-to-left one, else 0.
func (b *bidiLine) firstStrong() int {
	for _, c := range b.cls {
		if c == bidi.L {
			return 0
		}
		if c == bidi.R || c == bidi.AL {
			return 1
		}
	}
	return 0
}

// strong is the strong direction c counts as for the neutrals (N0, N1):
// L, or R for a right-to-left letter or a number; ON for the others.
func strong(c bidi.Class) bidi.Class {
	switch c {
	case bidi.L:
		return bidi.L
	case bidi.R, bidi.AL, bidi.EN, bidi.AN:
		return bidi.R
	}
	return bidi.ON
}

// weak resolves the weak types, W1–W7, with sos e.
func (b *bidiLine) weak(e bidi.Class) {
	cls := b.cls
	n := len(cls)
	prev, last := e, e // the class before; the last strong class (W2)
	for i, c := range cls {
		if c == bidi.NSM || c == bidi.BN { // W1; a dropped mark is passed over
			cls[i] = prev
			c = prev
		}
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			last = c
		case bidi.EN:
			if last == bidi.AL { // W2
				cls[i] = bidi.AN
			}
		}
		prev = cls[i]
	}
	for i, c := range cls { // W3
		if c == bidi.AL {
			cls[i] = bidi.R
		}
	}
	for i := 1; i+1 < n; i++ { // W4
		switch before, after := cls[i-1], cls[i+1]; cls[i] {
		case bidi.ES:
			if before == bidi.EN && after == bidi.EN {
				cls[i] = bidi.EN
			}
		case bidi.CS:
			if before == after && (before == bidi.EN || before == bidi.AN) {
				cls[i] = before
			}
		}
	}
	for i := 0; i < n; { // W5
		if cls[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < n && cls[j] == bidi.ET {
			j++
		}
		if i > 0 && cls[i-1] == bidi.EN || j < n && cls[j] == bidi.EN {
			for k := i; k < j; k++ {
				cls[k] = bidi.EN
			}
		}
		i = j
	}
	last = e
	for i, c := range cls {
		switch c {
		case bidi.ES, bidi.ET, bidi.CS: // W6
			cls[i] = bidi.ON
		case bidi.L, bidi.R:
			last = c
		case bidi.EN:
			if last == bidi.L { // W7
				cls[i] = bidi.L
			}
		}
	}
}

// pairedBracket returns the bracket that closes the opening bracket r
// (BD16's Bidi_Paired_Bracket, the same as its mirror image), with the
// angle brackets of U+2329 and U+232A taken as their canonical
// equivalents U+3008 and U+3009.
func pairedBracket(r rune) rune {
	m, _ := unicodedata.LookupMirrorChar(canonicalBracket(r))
	return m
}

func canonicalBracket(r rune) rune {
	switch r {
	case 0x2329:
		return 0x3008
	case 0x232A:
		return 0x3009
	}
	return r
}

// brackets resolves paired brackets, N0, in embedding direction e (also
// the line's sos).
func (b *bidiLine) brackets(s string, e bidi.Class) {
	cls := b.cls
	b.open, b.pairs = b.open[:0], b.pairs[:0]
	for i, c := range cls { // BD16
		if c != bidi.ON {
			continue
		}
		r, _ := utf8.DecodeRuneInString(s[b.at[i]:])
		p, _ := bidi.LookupRune(r)
		if !p.IsBracket() {
			continue
		}
		if p.IsOpeningBracket() {
			if len(b.open) == maxBracketDepth {
				break
			}
			b.open = append(b.open, bracketOpen{pairedBracket(r), i})
			continue
		}
		r = canonicalBracket(r)
		for k := len(b.open) - 1; k >= 0; k-- {
			if b.open[k].closer == r {
				b.pairs = append(b.pairs, [2]int{b.open[k].i, i})
				b.open = b.open[:k]
				break
			}
		}
	}
	slices.SortFunc(b.pairs, func(x, y [2]int) int { return x[0] - y[0] })
	opp := bidi.R
	if e == bidi.R {
		opp = bidi.L
	}
	for _, p := range b.pairs {
		inE, inOpp := false, false
		for _, c := range cls[p[0]+1 : p[1]] {
			switch strong(c) {
			case e:
				inE = true
			case opp:
				inOpp = true
			}
		}
		var d bidi.Class
		switch {
		case inE: // N0 b
			d = e
		case inOpp: // N0 c: the context before the opening bracket decides
			d = e
			ctx := e
			for k := p[0] - 1; k >= 0; k-- {
				if c := strong(cls[k]); c != bidi.ON {
					ctx = c
					break
				}
			}
			if ctx == opp {
				d = opp
			}
		default: // N0 d: nothing strong inside
			continue
		}
		for _, i := range p {
			cls[i] = d
			// Marks on a bracket take its new direction.
			for k := i + 1; k < len(cls) && b.orig[k] == bidi.NSM; k++ {
				cls[k] = d
			}
		}
	}
}

// neutrals resolves the remaining neutrals, N1 and N2: a stretch of them
// takes the direction of the strong text on both sides when it agrees
// (numbers count as right to left), else the embedding direction e (also
// the line's sos and eos).
func (b *bidiLine) neutrals(e bidi.Class) {
	cls := b.cls
	n := len(cls)
	before := e
	for i := 0; i < n; {
		if d := strong(cls[i]); d != bidi.ON {
			before = d
			i++
			continue
		}
		j := i
		for j < n && strong(cls[j]) == bidi.ON {
			j++
		}
		after := e
		if j < n {
			after = strong(cls[j])
		}
		d := e
		if before == after {
			d = before
		}
		for k := i; k < j; k++ {
			cls[k] = d
		}
		i = j
	}
}

// reorder turns the levels of a line of size bytes into runs in visual
// order (L2): from the highest level down to the lowest odd one, every
// stretch of runs at that level or above is reversed.
func (b *bidiLine) reorder(size int) []bidiRun {
	b.lruns = b.lruns[:0]
	var top, lowOdd uint8 = 0, 255
	for i, l := range b.level {
		end := size
		if i+1 < len(b.at) {
			end = b.at[i+1]
		}
		if k := len(b.lruns) - 1; k >= 0 && b.lruns[k].level == l {
			b.lruns[k].end = end
		} else {
			b.lruns = append(b.lruns, levelRun{b.at[i], end, l})
		}
		top = max(top, l)
		if l%2 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for l := top; l >= lowOdd && l > 0; l-- {
		for i := 0; i < len(b.lruns); {
			if b.lruns[i].level < l {
				i++
				continue
			}
			j := i
			for j < len(b.lruns) && b.lruns[j].level >= l {
				j++
			}
			slices.Reverse(b.lruns[i:j])
			i = j
		}
	}
	b.runs = b.runs[:0]
	for _, r := range b.lruns {
		b.runs = append(b.runs, bidiRun{r.start, r.end, r.level%2 == 1})
	}
	return b.runs
}
