package render

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"unicode"

	"golang.org/x/text/language"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font/gofont/goregular"
)

// The client's fonts: Noto Sans (Latin, Greek, Cyrillic) and Noto Sans
// Arabic, regular and bold, subset to the scripts of the shipped
// languages (fonts/README.md says how; fonts/OFL.txt is their licence).
// Go's own font stands behind them for any other glyph (▌).
var (
	//go:embed fonts/NotoSans-Regular.ttf
	notoRegular []byte
	//go:embed fonts/NotoSans-Bold.ttf
	notoBold []byte
	//go:embed fonts/NotoSansArabic-Regular.ttf
	notoArabicRegular []byte
	//go:embed fonts/NotoSansArabic-Bold.ttf
	notoArabicBold []byte
)

// fonts are the faces the HUD and the map draw with. Each is a face for
// left-to-right runs; rtl holds, by the same face, the one for
// right-to-left (Arabic) runs, which drawText uses.
type fonts struct {
	body, small, bold, big text.Face
	rtl                    map[text.Face]text.Face
}

// fontSources are the parsed font files, shared by every game.
type fontSources struct {
	latin, latinBold, arabic, arabicBold, fallback *text.GoTextFaceSource
}

func loadFonts() (fonts, error) {
	var src fontSources
	for _, f := range []struct {
		dst  **text.GoTextFaceSource
		data []byte
	}{
		{&src.latin, notoRegular}, {&src.latinBold, notoBold},
		{&src.arabic, notoArabicRegular}, {&src.arabicBold, notoArabicBold},
		{&src.fallback, goregular.TTF},
	} {
		s, err := text.NewGoTextFaceSource(bytes.NewReader(f.data))
		if err != nil {
			return fonts{}, fmt.Errorf("render: font: %w", err)
		}
		*f.dst = s
	}
	fs := fonts{rtl: map[text.Face]text.Face{}}
	face := func(latin, arabic *text.GoTextFaceSource, size float64) text.Face {
		l := &text.GoTextFace{Source: latin, Size: size}
		a := &text.GoTextFace{Source: arabic, Size: size, Direction: text.DirectionRightToLeft, Language: language.Arabic}
		fb := &text.GoTextFace{Source: src.fallback, Size: size}
		ltr, err := text.NewMultiFace(l, &text.GoTextFace{Source: arabic, Size: size}, fb)
		if err != nil {
			panic(err) // only for an empty list
		}
		rtl, err := text.NewMultiFace(a, // a run of right-to-left letters, and the neutrals between them
			&text.GoTextFace{Source: latin, Size: size, Direction: text.DirectionRightToLeft},
			&text.GoTextFace{Source: src.fallback, Size: size, Direction: text.DirectionRightToLeft})
		if err != nil {
			panic(err)
		}
		fs.rtl[ltr] = rtl
		return ltr
	}
	fs.body = face(src.latin, src.arabic, fontSize)
	fs.small = face(src.latin, src.arabic, fontSizeSmall)
	fs.bold = face(src.latinBold, src.arabicBold, fontSize)
	fs.big = face(src.latinBold, src.arabicBold, fontSizeBig)
	return fs, nil
}

// hasRTL reports whether s holds a right-to-left letter. It looks at the
// UTF-8 lead bytes first, so that the common case costs a byte scan.
func hasRTL(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 0xd6 && c <= 0xdd || c == 0xef {
			r, _ := utf8.DecodeRuneInString(s[i:])
			if isRTL(r) {
				return true
			}
		}
	}
	return false
}

// isRTL reports whether r is a strong right-to-left letter.
func isRTL(r rune) bool { return unicode.In(r, unicode.Arabic, unicode.Hebrew) }

// isLTR reports whether r is a strong left-to-right character (a letter of
// another script, or a digit: numbers read left to right in both).
func isLTR(r rune) bool { return !isRTL(r) && (unicode.IsLetter(r) || unicode.IsDigit(r)) }

// bidiRun is a run of one direction within a string, as byte offsets.
type bidiRun struct {
	start, end int
	rtl        bool
}

// bidiRuns splits s into runs of one direction, in visual order from left
// to right: a simplified Unicode bidirectional algorithm for one line.
// The paragraph takes its first strong letter's direction; a stretch of
// neutral characters (spaces, punctuation) takes the direction of the
// letters on both sides when they agree, else the paragraph's.
func bidiRuns(s string, buf []bidiRun) []bidiRun {
	para := false
	for _, r := range s {
		if isRTL(r) || isLTR(r) {
			para = isRTL(r)
			break
		}
	}
	runs := buf[:0]
	add := func(start, end int, rtl bool) {
		if n := len(runs); n > 0 && runs[n-1].rtl == rtl && runs[n-1].end == start {
			runs[n-1].end = end
			return
		}
		runs = append(runs, bidiRun{start, end, rtl})
	}
	prev, neutral := para, -1
	for i, r := range s {
		if !isRTL(r) && !isLTR(r) {
			if neutral < 0 {
				neutral = i
			}
			continue
		}
		dir := isRTL(r)
		if neutral >= 0 {
			d := para
			if prev == dir {
				d = dir
			}
			add(neutral, i, d)
			neutral = -1
		}
		add(i, i+utf8.RuneLen(r), dir)
		prev = dir
	}
	if neutral >= 0 {
		add(neutral, len(s), para)
	}
	if para {
		slices.Reverse(runs)
	}
	return runs
}

// drawRuns draws s, which holds right-to-left letters, run by run in
// visual order from x, each run shaped in its own direction.
func (g *Game) drawRuns(dst *ebiten.Image, s string, f text.Face, op *text.DrawOptions) {
	g.runBuf = bidiRuns(s, g.runBuf)
	for _, r := range g.runBuf {
		part := s[r.start:r.end]
		face := f
		if r.rtl {
			if rf, ok := g.fonts.rtl[f]; ok {
				face = rf
			}
		}
		w := advance(part, face)
		if r.rtl {
			// A right-to-left face draws leftwards from its origin.
			op.GeoM.Translate(w, 0)
			text.Draw(dst, part, face, op)
			continue
		}
		text.Draw(dst, part, face, op)
		op.GeoM.Translate(w, 0)
	}
}
