package render

import (
	"strings"
	"sync"

	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// This file measures text once. text.Advance shapes its string in full —
// with each glyph's outline — every time it meets a string it has not
// kept, and wrapping a paragraph by trying ever longer prefixes shaped a
// new string per word: the first frame of the browser client (the start
// card, the objectives, the log) spent about a second in it under
// WebAssembly. Widths are kept by string and face, and a line's width is
// the sum of its words' and spaces' (shaping does not reach across a
// space: no kerning or joining between words), checked once per line.

// maxAdvances bounds the kept widths; past it they are forgotten and
// measured again.
const maxAdvances = 8192

type advKey struct {
	s string
	f text.Face
}

var advances = struct {
	sync.Mutex
	m map[advKey]float64
}{m: map[advKey]float64{}}

// advance is text.Advance(s, f), kept.
func advance(s string, f text.Face) float64 {
	k := advKey{s, f}
	advances.Lock()
	w, ok := advances.m[k]
	advances.Unlock()
	if ok {
		return w
	}
	w = text.Advance(s, f)
	advances.Lock()
	if len(advances.m) >= maxAdvances {
		clear(advances.m)
	}
	advances.m[k] = w
	advances.Unlock()
	return w
}

// fitWords appends to dst the lines of s broken at spaces to fit w
// pixels, each line as many words as fit. A word wider than w is broken
// between letters when breakLong is set, else it stands alone on its line.
func fitWords(dst []string, s string, f text.Face, w float64, breakLong bool) []string {
	words := strings.Fields(s)
	space := advance(" ", f)
	for i := 0; i < len(words); {
		wi := advance(words[i], f)
		if breakLong && wi > w {
			n := fitRunes(words[i], f, w)
			dst = append(dst, words[i][:n])
			if words[i] = words[i][n:]; words[i] == "" {
				i++
			}
			continue
		}
		j, sum := i+1, wi
		for j < len(words) {
			wj := advance(words[j], f)
			if sum+space+wj > w || breakLong && wj > w {
				break
			}
			sum += space + wj
			j++
		}
		line := strings.Join(words[i:j], " ")
		for j > i+1 && advance(line, f) > w { // the sum fell short of the shaped line
			j--
			line = strings.Join(words[i:j], " ")
		}
		dst = append(dst, line)
		i = j
	}
	return dst
}
