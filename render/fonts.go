package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"
	"unicode/utf8"

	"github.com/borderdrill/borderdrill/client"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// The client's fonts: Noto Sans (Latin, Greek, Cyrillic) and Noto Sans
// Arabic, regular and bold, subset to the scripts of the shipped
// languages (fonts/README.md says how; fonts/OFL.txt is their licence).
// The native client embeds them (fonts_embed.go); the browser client
// fetches them from the server at start (fonts_js.go, FontFiles), so that
// the wasm download does not carry them. Go's own font stands behind them
// for any other glyph (▌).
const (
	fontRegular       = "NotoSans-Regular.ttf"
	fontBold          = "NotoSans-Bold.ttf"
	fontArabicRegular = "NotoSansArabic-Regular.ttf"
	fontArabicBold    = "NotoSansArabic-Bold.ttf"
	fontFallback      = "Go-Regular.ttf" // golang.org/x/image/font/gofont
)

// FontFiles names the font files the client draws with, as they are in
// render/fonts (Go-Regular.ttf is golang.org/x/image's gofont) and, for
// the browser client, under /client/fonts/.
var FontFiles = []string{fontRegular, fontBold, fontArabicRegular, fontArabicBold, fontFallback}

// fonts are the faces the HUD and the map draw with. Each is a face for
// left-to-right runs; rtl holds, by the same face, the one for
// right-to-left (Arabic) runs, which drawText uses. Noto Sans Arabic is
// parsed only for a game that draws Arabic (withArabic): a reader of
// another language whose exercise has no Arabic text never pays for it.
type fonts struct {
	body, small, bold, big text.Face
	rtl                    map[text.Face]text.Face
	arabic                 bool                    // the faces have Noto Sans Arabic
	was                    map[text.Face]text.Face // the faces before Arabic came in, to these
}

// fontSource parses one embedded font, once per process: the sources
// are shared by every game (a source keeps its shaped texts and glyph
// images for every face made from it).
func fontSource(name string) func() (*text.GoTextFaceSource, error) {
	return sync.OnceValues(func() (*text.GoTextFaceSource, error) {
		data, err := fontData(name)
		if err != nil {
			return nil, err
		}
		s, err := text.NewGoTextFaceSource(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("render: font: %w", err)
		}
		return s, nil
	})
}

var (
	srcLatin      = fontSource(fontRegular)
	srcLatinBold  = fontSource(fontBold)
	srcArabic     = fontSource(fontArabicRegular)
	srcArabicBold = fontSource(fontArabicBold)
	srcFallback   = fontSource(fontFallback)
)

// loadFonts makes the faces, with Noto Sans Arabic when arabic is set.
func loadFonts(arabic bool) (fonts, error) {
	var srcs [5]*text.GoTextFaceSource
	get := []func() (*text.GoTextFaceSource, error){srcLatin, srcLatinBold, srcFallback}
	if arabic {
		get = append(get, srcArabic, srcArabicBold)
	}
	for i, f := range get {
		var err error
		if srcs[i], err = f(); err != nil {
			return fonts{}, err
		}
	}
	latin, latinBold, fallback, arab, arabBold := srcs[0], srcs[1], srcs[2], srcs[3], srcs[4]
	fs := fonts{rtl: map[text.Face]text.Face{}, arabic: arabic}
	face := func(latin, arabic *text.GoTextFaceSource, size float64) text.Face {
		ltrs := []text.Face{&text.GoTextFace{Source: latin, Size: size}}
		var rtls []text.Face // a run of right-to-left letters, and the neutrals between them
		if arabic != nil {
			ltrs = append(ltrs, &text.GoTextFace{Source: arabic, Size: size})
			rtls = append(rtls, &text.GoTextFace{Source: arabic, Size: size, Direction: text.DirectionRightToLeft, Language: language.Arabic})
		}
		ltrs = append(ltrs, &text.GoTextFace{Source: fallback, Size: size})
		rtls = append(rtls, &text.GoTextFace{Source: latin, Size: size, Direction: text.DirectionRightToLeft},
			&text.GoTextFace{Source: fallback, Size: size, Direction: text.DirectionRightToLeft})
		ltr, err := text.NewMultiFace(ltrs...)
		if err != nil {
			panic(err) // only for an empty list
		}
		rtl, err := text.NewMultiFace(rtls...)
		if err != nil {
			panic(err)
		}
		fs.rtl[ltr] = rtl
		return ltr
	}
	fs.body = face(latin, arab, fontSize)
	fs.small = face(latin, arab, fontSizeSmall)
	fs.bold = face(latinBold, arabBold, fontSize)
	fs.big = face(latinBold, arabBold, fontSizeBig)
	return fs, nil
}

// withArabic makes sure the game's faces have Noto Sans Arabic if s needs
// it, the first time an Arabic text is drawn: faces taken before then are
// drawn with their Arabic counterparts, and the HUD and the map are laid
// out again with them.
func (g *Game) withArabic(s string) {
	if g.fonts.arabic || !hasRTL(s) {
		return
	}
	fs, err := loadFonts(true)
	if err != nil {
		g.fonts.arabic = true // drawn with what there is; not tried again
		return
	}
	old := g.fonts
	fs.was = map[text.Face]text.Face{old.body: fs.body, old.small: fs.small, old.bold: fs.bold, old.big: fs.big}
	g.fonts = fs
	g.hudGen++
	g.mapValid = false
}

// face is f, or its counterpart with Noto Sans Arabic if f was taken
// before Arabic came in.
func (fs *fonts) face(f text.Face) text.Face {
	if n, ok := fs.was[f]; ok {
		return n
	}
	return f
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
		if r.rtl {
			// A right-to-left face draws leftwards from its origin. Its
			// faces' parts (Arabic letters; brackets, dashes and digits
			// from the Latin face) are laid out in the run's logical order,
			// so each part is drawn on its own, the last one leftmost.
			for end := len(part); end > 0; {
				start := scriptStart(part, end)
				seg := squareMirror(part[start:end])
				w := advance(seg, face)
				op.GeoM.Translate(w, 0)
				text.Draw(dst, seg, face, op)
				end = start
			}
			continue
		}
		w := advance(part, face)
		text.Draw(dst, part, face, op)
		op.GeoM.Translate(w, 0)
	}
}

// infoHasRTL reports whether the exercise's own texts — scenario, teams,
// brief, places, the MSEL, the map's towns and countries — have Arabic
// (or Hebrew) letters, so that its game loads the Arabic faces at once.
func infoHasRTL(info client.Info) bool {
	texts := []string{info.Scenario, info.Brief}
	for _, t := range info.Teams {
		texts = append(texts, t.Name)
	}
	for _, p := range info.Places {
		texts = append(texts, p.Name, p.Label)
	}
	for _, in := range info.Injects {
		texts = append(texts, in.Synopsis, in.Message, in.Expected)
	}
	if m := info.Map; m != nil {
		for _, t := range m.Towns {
			texts = append(texts, t.Name, t.Label)
		}
		for _, c := range m.Countries {
			texts = append(texts, c.Name)
		}
	}
	return slices.ContainsFunc(texts, hasRTL)
}

// scriptStart returns where the part of s that ends at end begins: a run
// of Arabic letters and the spaces among them, or a run of anything else.
func scriptStart(s string, end int) int {
	arabic := func(r rune) bool { return unicode.Is(unicode.Arabic, r) }
	last, _ := utf8.DecodeLastRuneInString(s[:end])
	in := arabic(last)
	i := end
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if r != ' ' && arabic(r) != in {
			break
		}
		i -= size
	}
	return i
}

// squareBrackets swaps square and curly brackets for their mirror images.
var squareBrackets = strings.NewReplacer("[", "]", "]", "[", "{", "}", "}", "{")

// squareMirror returns s with its square and curly brackets mirrored, as
// a right-to-left run shows them (Unicode bidi rule L4): the shaper
// mirrors the parentheses, which Noto Sans Arabic draws, but not these,
// which come from the Latin face (a capture of the Arabic HUD showed
// "]-[" for the fold mark "[-]"). s itself when it has none.
func squareMirror(s string) string {
	if !strings.ContainsAny(s, "[]{}") {
		return s
	}
	return squareBrackets.Replace(s)
}
