package render

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/go-text/typesetting/unicodedata"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/text/unicode/bidi"
)

var updateRTL = flag.Bool("update-rtl", false, "rewrite testdata/ar-word.png, the reference rendering of an Arabic word")

// arabicCap stands for capital letters in the bidi tables below: UAX #9's
// examples write right-to-left letters as capitals, and so do these, which
// the test turns into Arabic letters before laying a line out and back
// after.
var arabicCap = func() map[rune]rune {
	m := map[rune]rune{}
	for i := range 26 {
		m['A'+rune(i)] = 0x0628 + rune(i) // ب … ق: Arabic letters (AL), none of them mirrored
	}
	return m
}()

// capsToArabic and arabicToCaps turn the tables' capitals into Arabic
// letters and back.
func capsToArabic(s string) string { return mapRunes(s, arabicCap) }

func arabicToCaps(s string) string {
	back := map[rune]rune{}
	for k, v := range arabicCap {
		back[v] = k
	}
	return mapRunes(s, back)
}

func mapRunes(s string, m map[rune]rune) string {
	out := []rune(s)
	for i, r := range out {
		if to, ok := m[r]; ok {
			out[i] = to
		}
	}
	return string(out)
}

// visual is s as a line shows it, character by character from left to
// right: the runs in visual order, each right-to-left run reversed with
// its characters mirrored (UAX #9 L2–L4).
func visual(b *bidiLine, s string) string {
	var out []rune
	for _, r := range b.order(s) {
		part := []rune(s[r.start:r.end])
		if r.rtl {
			slices.Reverse(part)
			for i, c := range part {
				if m, ok := unicodedata.LookupMirrorChar(c); ok {
					part[i] = m
				}
			}
		}
		out = append(out, part...)
	}
	return string(out)
}

// TestBidiOrder lays lines out in visual order, capitals standing for
// Arabic letters: the paragraph takes its first strong letter's
// direction; numbers read left to right; a bracket pair takes the
// direction of the text it encloses when that is the paragraph's, else of
// the text before it (UAX #9 N0: "ARABIC book(s)" keeps "book(s)" whole),
// and shows mirrored in a right-to-left run.
func TestBidiOrder(t *testing.T) {
	var b bidiLine
	for _, tc := range []struct{ name, in, want string }{
		{"Latin only", "group 7 crossed", "group 7 crossed"},
		{"empty", "", ""},
		{"Arabic only", "MY UNITS", "STINU YM"},
		{"Arabic with a number", "GROUP 7 CROSSED", "DESSORC 7 PUORG"},
		{"number in brackets", "UNITS (4)", "(4) STINU"},
		{"the roster's title", "[-] UNITS (4)", "(4) STINU [-]"},
		{"Arabic-Indic number in brackets", "UNITS (٤)", "(٤) STINU"},
		{"percentage in brackets", "TARGET (80%)", "(%80) TEGRAT"}, // after Arabic letters 80 is an Arabic number (W2), which % does not join (W5)
		{"Latin then Arabic", "t12 MEMBER", "t12 REBMEM"},
		{"Arabic then Latin", "TARGET: t4", "t4 :TEGRAT"},
		{"Latin in brackets", "UNIT (gc-f1) OUT", "TUO (gc-f1) TINU"},
		{"Latin with a bracketed word", "ARABIC book(s)", "book(s) CIBARA"},
		{"Arabic in a Latin line's brackets", "smith (fabrikam ARABIC) HEBREW", "smith (fabrikam CIBARA) WERBEH"},
		{"nested, Latin inside", "AB(CD[&ef]!)gh", "gh(![ef&]DC)BA"},
		{"nested, numbers inside", "UNITS (GROUP [12] MORE)", "(EROM [12] PUORG) STINU"},
		{"nested, Latin in Arabic in Latin", "UNITS (abc [def] ghi) MORE", "EROM (abc [def] ghi) STINU"},
		{"Arabic in brackets in Latin", "team (UNITS) ok", "team (STINU) ok"},
		{"Arabic before brackets in Latin", "ok UNITS (MORE) ok", "ok (EROM) STINU ok"},
		{"Arabic number in brackets in Latin", "abc UNITS (4) def", "abc (4) STINU def"},
		{"unpaired bracket", "UNITS (4", "4) STINU"},
		{"trailing space", "UNITS ", " STINU"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := arabicToCaps(visual(&b, capsToArabic(tc.in))); got != tc.want {
				t.Errorf("%q shows as %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// bidiConformance is the Unicode Character Database's conformance test
// of the bidirectional algorithm, as Debian's unicode-data package
// installs it.
const bidiConformance = "/usr/share/unicode/BidiCharacterTest.txt"

// TestBidiConformance lays out every line of the Unicode conformance test
// (BidiCharacterTest.txt, of the Unicode version of the bidi classes)
// that has no explicit embedding, override, isolate or boundary neutral,
// which bidiLine does not follow, in its paragraph direction (left to
// right, right to left, or its first strong letter's), and compares each
// character's level and the visual order with the file's: 91,597 of its
// 91,707 lines when this test was written, none different. Without the
// file (or with another version of it) there is nothing to compare; under
// CI the file is required.
func TestBidiConformance(t *testing.T) {
	data, err := os.ReadFile(bidiConformance)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI needs the conformance test (scripts/deps.sh installs unicode-data): %v", err)
		}
		t.Skipf("no conformance test to compare with (the unicode-data package; run scripts/deps.sh): %v", err)
	}
	if want := "# BidiCharacterTest-" + bidi.UnicodeVersion + ".txt"; !bytes.HasPrefix(data, []byte(want)) {
		t.Skipf("%s is not of Unicode %s, the version of the bidi classes", bidiConformance, bidi.UnicodeVersion)
	}
	var b bidiLine
	tested, differ := 0, 0
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, ";")
		var s strings.Builder
		explicit := false
		for _, h := range strings.Fields(f[0]) {
			v, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatalf("%q: %v", line, err)
			}
			p, _ := bidi.LookupRune(rune(v))
			switch p.Class() {
			case bidi.LRE, bidi.RLE, bidi.LRO, bidi.RLO, bidi.PDF, bidi.LRI, bidi.RLI, bidi.FSI, bidi.PDI, bidi.BN:
				explicit = true
			}
			s.WriteRune(rune(v))
		}
		if explicit {
			continue
		}
		para := autoDirection
		if f[1] != "2" {
			para, _ = strconv.Atoi(f[1])
		}
		runs := b.orderIn(s.String(), para)
		var levels, order []string
		for _, l := range b.level {
			levels = append(levels, strconv.Itoa(int(l)))
		}
		for _, r := range runs {
			first, last := slices.Index(b.at, r.start), len(b.at)-1
			if k := slices.Index(b.at, r.end); k >= 0 {
				last = k - 1
			}
			for k := range last - first + 1 {
				i := first + k
				if r.rtl {
					i = last - k
				}
				order = append(order, strconv.Itoa(i))
			}
		}
		tested++
		if !slices.Equal(levels, strings.Fields(f[3])) || !slices.Equal(order, strings.Fields(f[4])) {
			if differ++; differ <= 10 {
				t.Errorf("%s: levels %s, order %s", line, strings.Join(levels, " "), strings.Join(order, " "))
			}
		}
	}
	t.Logf("%d lines compared, %d differ", tested, differ)
	if tested < 1000 {
		t.Errorf("only %d lines of %s compared", tested, bidiConformance)
	}
}

// FuzzBidiOrder: any line's runs, whatever its bytes, cover it once, each
// run a non-empty piece at a character boundary, and a line without
// right-to-left letters or Arabic numbers is one left-to-right run.
func FuzzBidiOrder(f *testing.F) {
	for _, s := range []string{"", "[-] وحداتي (4)", "AB(CD[&ef]!)gh", "abc وحداتي (4) def", "(((((", "\u202bx\u202c", "\xff(\xfe)", "‏ ١٢ )"} {
		f.Add(s)
	}
	var b bidiLine
	f.Fuzz(func(t *testing.T, s string) {
		runs := b.order(s)
		covered := make([]int, len(s))
		for _, r := range runs {
			if r.start >= r.end || r.start < 0 || r.end > len(s) {
				t.Fatalf("run %+v of a %d-byte line", r, len(s))
			}
			if !utf8.RuneStart(s[r.start]) && utf8.ValidString(s) {
				t.Fatalf("run %+v starts inside a character", r)
			}
			for i := r.start; i < r.end; i++ {
				covered[i]++
			}
		}
		for i, n := range covered {
			if n != 1 {
				t.Fatalf("byte %d of %q is in %d runs", i, s, n)
			}
		}
		rtl := false
		for _, c := range s {
			p, _ := bidi.LookupRune(c)
			switch p.Class() {
			case bidi.R, bidi.AL, bidi.AN:
				rtl = true
			}
		}
		if !rtl && len(s) > 0 && (len(runs) != 1 || runs[0].rtl) {
			t.Fatalf("%q, with no right-to-left character, laid out as %+v", s, runs)
		}
	})
}

// ink is the mask of a text's bright pixels in an image region.
type ink struct {
	w, h int
	on   []bool
}

func inkOf(img *image.RGBA, r image.Rectangle) ink {
	m := ink{w: r.Dx(), h: r.Dy(), on: make([]bool, r.Dx()*r.Dy())}
	for y := 0; y < m.h; y++ {
		for x := 0; x < m.w; x++ {
			c := img.RGBAAt(r.Min.X+x, r.Min.Y+y)
			m.on[y*m.w+x] = int(c.R)+int(c.G)+int(c.B) > 3*150
		}
	}
	return m
}

// overlap is the share of pixels inked in either mask that both ink.
func overlap(a, b ink) float64 {
	both, either := 0, 0
	for i := range a.on {
		if a.on[i] && b.on[i] {
			both++
		}
		if a.on[i] || b.on[i] {
			either++
		}
	}
	if either == 0 {
		return 0
	}
	return float64(both) / float64(either)
}

// components counts the 8-connected groups of inked pixels.
func (m ink) components() int {
	seen := make([]bool, len(m.on))
	n := 0
	var stack []int
	for i, on := range m.on {
		if !on || seen[i] {
			continue
		}
		n++
		stack = append(stack[:0], i)
		seen[i] = true
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := p%m.w, p/m.w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					qx, qy := x+dx, y+dy
					if qx < 0 || qy < 0 || qx >= m.w || qy >= m.h {
						continue
					}
					if q := qy*m.w + qx; m.on[q] && !seen[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
	}
	return n
}

// word draws s with f in the HUD's text colour on its bar colour.
func (g *Game) word(s string, f text.Face, w, h int) *image.RGBA {
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	img.Fill(colBar)
	g.drawText(img, s, f, 0, 0, colText)
	out := image.NewRGBA(image.Rect(0, 0, w, h))
	img.ReadPixels(out.Pix)
	return out
}

// TestArabicCapture: the esp-mar built-in drawn for an Arabic reader
// shows the objectives' heading as joined Arabic letters laid right to
// left — the same ink as the reference rendering of that one word
// (testdata/ar-word.png, checked by eye when it was made), and unlike the
// same letters kept apart (U+200C between them, so that they do not join).
func TestArabicCapture(t *testing.T) {
	const W, H = 1280, 800
	g := localGame(t, "esp-mar-melilla-fence", 1, Options{Width: W, Height: H, Lang: "ar", NoInterpolation: true, NoCard: true})
	g.Layout(W, H)
	g.Step(client.Input{X: -1, Y: -1})
	if g.view == nil || len(g.view.Objective) == 0 {
		t.Fatal("esp-mar shows no objectives")
	}
	screen := ebiten.NewImage(W, H)
	defer screen.Deallocate()
	g.DrawFrame(screen)
	frame := image.NewRGBA(image.Rect(0, 0, W, H))
	screen.ReadPixels(frame.Pix)

	word := g.tr.T("hud.objectives")
	if word != "الأهداف" {
		t.Fatalf("the Arabic catalog calls the objectives %q", word)
	}
	const ww, wh = 80, 20
	ref := g.word(word, g.fonts.bold, ww, wh)
	apart := g.word("ا\u200cل\u200cأ\u200cه\u200cد\u200cا\u200cف", g.fonts.bold, ww, wh)
	path := filepath.Join("testdata", "ar-word.png")
	if *updateRTL {
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, ref); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	golden := drilltest.ReadPNG(t, path)
	gold := image.NewRGBA(golden.Bounds())
	for y := 0; y < wh; y++ {
		for x := 0; x < ww; x++ {
			gold.Set(x, y, color.RGBAModel.Convert(golden.At(x, y)))
		}
	}
	// The word's own width: beyond it, right of a heading that ends at its
	// panel's right edge, lies the map, whose light ground reads as ink.
	box := image.Rect(0, 0, min(ww, int(math.Ceil(g.textWidth(word, g.fonts.bold)))+1), wh)
	refInk, goldInk, apartInk := inkOf(ref, box), inkOf(gold, box), inkOf(apart, box)
	if o := overlap(refInk, goldInk); o < 0.95 {
		t.Errorf("the word renders unlike its reference (overlap %.2f)", o)
	}
	if refInk.components() >= apartInk.components() {
		t.Errorf("joined: %d pieces, letters apart: %d — the letters do not join", refInk.components(), apartInk.components())
	}
	at, ok := drawnText(g, word)
	if !ok {
		t.Fatalf("the HUD drew no %q", word)
	}
	x0, y0 := int(math.Round(at.x)), int(math.Round(at.y))
	got := inkOf(frame, box.Add(image.Pt(x0, y0)))
	if o := overlap(got, goldInk); o < 0.8 {
		t.Errorf("the capture's objectives heading overlaps the reference word by %.2f, want 0.8", o)
	}
	if o := overlap(got, apartInk); o > 0.6 {
		t.Errorf("the capture's heading looks like unjoined letters (overlap %.2f)", o)
	}
}

// TestArabicFacesOnDemand: an English reader's game of a scenario without
// Arabic text parses no Arabic font; the first Arabic text it draws (a
// chat line, a translated place name) brings the Arabic faces in, and the
// word comes out as an Arabic reader's game draws it, with the face taken
// before.
func TestArabicFacesOnDemand(t *testing.T) {
	const W, H = 640, 400
	en := localGame(t, "fin-rus-winter-surge", 0, Options{Width: W, Height: H, NoCard: true})
	ar := localGame(t, "esp-mar-melilla-fence", 1, Options{Width: W, Height: H, Lang: "ar", NoCard: true})
	if en.fonts.arabic || !ar.fonts.arabic {
		t.Fatalf("Arabic faces: %v for the English reader of fin-rus, %v for the Arabic reader; want false, true", en.fonts.arabic, ar.fonts.arabic)
	}
	word := i18n.Get("ar").T("hud.objectives")
	before := en.fonts.small
	got := en.word(word, before, 160, 30)
	if !en.fonts.arabic {
		t.Fatal("an Arabic word was drawn without the Arabic faces")
	}
	want := ar.word(word, ar.fonts.small, 160, 30)
	if !bytes.Equal(got.Pix, want.Pix) || inkOf(want, want.Bounds()).components() == 0 {
		t.Errorf("%q drawn with the face taken before the Arabic faces came in differs from the Arabic reader's", word)
	}
}

// drawnText returns the HUD text s as the last frame drew it.
func drawnText(g *Game, s string) (hudText, bool) {
	i := slices.IndexFunc(g.drawn, func(d hudText) bool { return d.s == s })
	if i < 0 {
		return hudText{}, false
	}
	return g.drawn[i], true
}

// TestArabicMirroredHUD: for an Arabic reader the esp-mar built-in's HUD
// is mirrored — the roster, which an English reader has down the left
// edge, has its box on the right, and its title's right edge at the box's
// right edge less the padding an English title has on the left; the
// objectives move to the left with their heading against their box's
// right edge; the map's free part moves with them — and its pixels show
// it: the roster box's edges are where the mirrored layout puts them and
// the title's ink ends at its right edge.
func TestArabicMirroredHUD(t *testing.T) {
	const W, H = 1280, 800
	type drawn struct {
		g     *Game
		frame *image.RGBA
	}
	draw := func(lang string) drawn {
		g := localGame(t, "esp-mar-melilla-fence", 1, Options{Width: W, Height: H, Lang: lang, NoInterpolation: true, NoCard: true})
		g.Layout(W, H)
		g.Step(client.Input{X: -1, Y: -1})
		screen := ebiten.NewImage(W, H)
		defer screen.Deallocate()
		g.DrawFrame(screen)
		frame := image.NewRGBA(image.Rect(0, 0, W, H))
		screen.ReadPixels(frame.Pix)
		return drawn{g, frame}
	}
	en, ar := draw("en"), draw("ar")
	if en.g.mirrored() || !ar.g.mirrored() {
		t.Fatalf("mirrored: English %v, Arabic %v", en.g.mirrored(), ar.g.mirrored())
	}
	title := func(g *Game) (hudText, bool) {
		return drawnText(g, g.tr.F("panel.my_units", fold(g.rosterShut), len(g.myUnits(g.view))))
	}
	et, ok1 := title(en.g)
	at, ok2 := title(ar.g)
	if !ok1 || !ok2 {
		t.Fatalf("no roster title drawn: English %v, Arabic %v", ok1, ok2)
	}
	const pad = 8.0 // the roster title's inset from its box's edge
	if math.Abs(et.x-(8+pad)) > 0.5 {
		t.Errorf("English roster title at x %.1f, want %.1f (left-aligned in a box at the left edge)", et.x, 8+pad)
	}
	right := at.x + ar.g.textWidth(at.s, at.f)
	if math.Abs(right-(W-8-pad)) > 1 {
		t.Errorf("Arabic roster title ends at x %.1f, want %.1f (right-aligned in a box at the right edge)", right, W-8-pad)
	}
	// The box's edges, in the pixels, on the title's row.
	edge := func(img *image.RGBA, x, y int) bool {
		c := img.RGBAAt(x, y)
		return absDiff(c.R, colPanelEdge.R) < 12 && absDiff(c.G, colPanelEdge.G) < 12 && absDiff(c.B, colPanelEdge.B) < 12
	}
	row := int(at.y) + 8
	for _, x := range []int{W - 8 - sideW, W - 9} {
		if !edge(ar.frame, x, row) {
			t.Errorf("Arabic: no panel edge at x %d on row %d (the roster's box mirrored)", x, row)
		}
	}
	for _, x := range []int{8, 8 + sideW - 1} {
		if !edge(en.frame, x, row) {
			t.Errorf("English: no panel edge at x %d on row %d", x, row)
		}
	}
	// The title's ink ends at its right edge, not at the left.
	band := image.Rect(W-8-sideW+1, int(at.y), W-9, int(at.y)+16)
	last := -1
	for x := band.Min.X; x < band.Max.X; x++ {
		for y := band.Min.Y; y < band.Max.Y; y++ {
			if c := ar.frame.RGBAAt(x, y); int(c.R)+int(c.G)+int(c.B) > 3*150 {
				last = x
			}
		}
	}
	if last < W-8-int(pad)-4 || last > W-8-int(pad)+1 {
		t.Errorf("the Arabic roster title's ink ends at x %d, want about %d", last, W-8-int(pad))
	}
	// The objectives: their box on the left, the heading at its right.
	head, ok := drawnText(ar.g, ar.g.tr.T("hud.objectives"))
	if !ok {
		t.Fatal("no objectives heading drawn")
	}
	if r := head.x + ar.g.textWidth(head.s, head.f); math.Abs(r-(8+hudColW-10)) > 1 {
		t.Errorf("Arabic objectives heading ends at x %.1f, want %.1f (the right edge of a box at the left)", r, 8+hudColW-10)
	}
	if fe, fa := en.g.ctl.Free, ar.g.ctl.Free; math.Abs(fa.X0-(W-fe.X1)) > 0.5 || math.Abs(fa.X1-(W-fe.X0)) > 0.5 {
		t.Errorf("the map's free part: English %+v, Arabic %+v, want it mirrored", fe, fa)
	}
	// A click on the mirrored roster title folds the roster.
	if !ar.g.ClickHUD(W-8-sideW/2, at.y+4) || !ar.g.rosterShut {
		t.Error("a click on the mirrored roster title did not fold the roster")
	}
	if *updateRTL {
		f, err := os.Create(filepath.Join(os.TempDir(), "ar-hud.png"))
		if err == nil {
			png.Encode(f, ar.frame)
			f.Close()
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// TestRTLPieces: drawText draws the roster's Arabic title, "[-] وحداتي
// (4)", from left to right as "(", "4", ")", " ", the word and the space
// before it shaped right to left, "[", "-", "]" — each bracket mirrored in
// its right-to-left run — and the pixels show it: the line's left end has the ink of "(4)"
// drawn alone, not of ")4(", and the title is as wide as its pieces.
// Laid out again, it allocates nothing.
func TestRTLPieces(t *testing.T) {
	g := localGame(t, "esp-mar-melilla-fence", 1, Options{Width: 640, Height: 400, Lang: "ar", NoCard: true})
	f := g.fonts.body
	title := "[-] وحداتي (4)"
	var got []string
	w := 0.0
	for _, p := range g.pieces(title) {
		if p.rtl {
			got = append(got, "<"+p.s)
			w += advance(p.s, g.rtlFace(f))
			continue
		}
		got = append(got, p.s)
		w += advance(p.s, f)
	}
	if want := []string{"(", "4", ")", " ", "< وحداتي", "[", "-", "]"}; !slices.Equal(got, want) {
		t.Errorf("pieces %q, want %q", got, want)
	}
	if tw := g.textWidth(title, f); math.Abs(tw-w) > 0.01 {
		t.Errorf("textWidth %.2f, the pieces %.2f", tw, w)
	}
	if n := testing.AllocsPerRun(20, func() { g.textWidth(title, f) }); n != 0 {
		t.Errorf("laying the title out again allocates %v times", n)
	}
	const W, H = 160, 24
	line := g.word(title, f, W, H)
	open, shut := g.word("(4)", f, W, H), g.word(")4(", f, W, H)
	box := image.Rect(0, 0, int(math.Ceil(g.textWidth("(4)", f))), H)
	lineInk, openInk, shutInk := inkOf(line, box), inkOf(open, box), inkOf(shut, box)
	// Drawn piece by piece the glyphs sit a fraction of a pixel from
	// where "(4)" shaped whole puts them: 0.88 against 0.35 for ")4(" when
	// this test was written.
	if o := overlap(lineInk, openInk); o < 0.8 {
		t.Errorf("the title's left end overlaps \"(4)\" by %.2f, want 0.8", o)
	}
	if o := overlap(lineInk, shutInk); o > 0.5 {
		t.Errorf("the title's left end overlaps \")4(\" by %.2f: the brackets are not mirrored", o)
	}
}

// TestRTLReaderParagraph: for a reader of Arabic (the HUD mirrored) a line
// that opens with a unit's Latin name is a right-to-left paragraph: the
// Arabic status stands at its left end and the name at its right, where
// the row starts; for a reader of French the same line runs left to right
// from the name.
func TestRTLReaderParagraph(t *testing.T) {
	const row = "Melilla foot south · في دورية"
	for _, tc := range []struct {
		lang string
		want []string // the pieces from the left, "<" before a right-to-left one
	}{
		{"ar", []string{"< في دورية", "·", " ", "Melilla foot south"}},
		{"fr", []string{"Melilla foot south · ", "<في دورية"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			g := localGame(t, "esp-mar-melilla-fence", 1, Options{Width: 640, Height: 400, Lang: tc.lang, NoCard: true})
			var got []string
			for _, p := range g.pieces(row) {
				if p.rtl {
					got = append(got, "<"+p.s)
				} else {
					got = append(got, p.s)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("pieces %q, want %q", got, tc.want)
			}
		})
	}
}
