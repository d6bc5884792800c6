package render

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/borderdrill/borderdrill/client"
	"github.com/go-text/typesetting/unicodedata"
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

// textPiece is a piece of a text as drawText draws it: a string, drawn
// with the text's face, or with its right-to-left face when rtl is set.
type textPiece struct {
	s   string
	rtl bool
}

// pieces returns the pieces drawText draws s in, from left to right: s's
// runs in visual order (bidiLine); a left-to-right run whole; a
// right-to-left run from its logical end, its Arabic words (with the
// spaces among them) to be shaped right to left, and each other character
// on its own, mirrored if it has a mirror image (UAX #9 L4: "(" shows as
// ")"), so that the brackets and dashes of the Latin face, which the
// shaper would not mirror, come out as the Arabic face's do. For a
// right-to-left reader (the HUD mirrored) every line is a right-to-left
// paragraph, as the reader's HUD is: a roster row that opens with a
// unit's Latin name ("Melilla foot south · في دورية") shows the name at
// its right, where the row starts; for other readers a line takes the
// direction of its first strong letter. The slice is the Game's own,
// valid until the next call.
func (g *Game) pieces(s string) []textPiece {
	out := g.pieceBuf[:0]
	para := autoDirection
	if g.mirror {
		para = 1
	}
	for _, r := range g.bidi.orderIn(s, para) {
		part := s[r.start:r.end]
		if !r.rtl {
			out = append(out, textPiece{part, false})
			continue
		}
		for end := len(part); end > 0; {
			start := scriptStart(part, end)
			if seg := part[start:end]; hasArabic(seg) {
				out = append(out, textPiece{seg, true})
				end = start
				continue
			}
			for end > start {
				c, size := utf8.DecodeLastRuneInString(part[:end])
				piece := part[end-size : end]
				if m, ok := unicodedata.LookupMirrorChar(c); ok {
					piece = runeString(m)
				}
				out = append(out, textPiece{piece, false})
				end -= size
			}
		}
	}
	g.pieceBuf = out
	return out
}

// asciiText holds every ASCII character once, at its own code.
var asciiText = func() string {
	b := make([]byte, utf8.RuneSelf)
	for i := range b {
		b[i] = byte(i)
	}
	return string(b)
}()

// runeString is string(r), without allocating for an ASCII character
// (the brackets a right-to-left run mirrors, on every HUD rebuild).
func runeString(r rune) string {
	if r >= 0 && r < utf8.RuneSelf {
		return asciiText[r : r+1]
	}
	return string(r)
}

// rtlFace returns f's right-to-left face, or f when it has none.
func (g *Game) rtlFace(f text.Face) text.Face {
	if rf, ok := g.fonts.rtl[f]; ok {
		return rf
	}
	return f
}

// drawRuns draws s, which holds right-to-left letters, piece by piece in
// visual order from x.
func (g *Game) drawRuns(dst *ebiten.Image, s string, f text.Face, op *text.DrawOptions) {
	rf := g.rtlFace(f)
	for _, p := range g.pieces(s) {
		if p.rtl {
			// A right-to-left face draws leftwards from its origin.
			op.GeoM.Translate(advance(p.s, rf), 0)
			text.Draw(dst, p.s, rf, op)
			continue
		}
		text.Draw(dst, p.s, f, op)
		op.GeoM.Translate(advance(p.s, f), 0)
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

func arabic(r rune) bool { return unicode.Is(unicode.Arabic, r) }

// hasArabic reports whether s holds an Arabic character.
func hasArabic(s string) bool { return strings.IndexFunc(s, arabic) >= 0 }
