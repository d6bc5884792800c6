package render

import (
	"github.com/borderdrill/borderdrill/client"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// For a reader of a right-to-left language (Arabic) the HUD is mirrored:
// the panels are laid out as for a left-to-right reader and then moved
// across the screen's middle — the objectives, the legend and the
// selection down the left edge, the roster, the tracks, the chat and the
// event log down the right, the top bar's title on the right and the
// clock's status on the left — and each text's box (not its letters)
// moves with them, so that a text that began at its panel's left edge
// ends at the mirrored panel's right edge: right-aligned, and a row's mark
// (a unit's shape, a track's diamond, an objective's swatch) stands
// before its text on the right, as rows and tables read right to left.
// The map is not mirrored: the border is where it is.

// mirrored reports whether the HUD is drawn mirrored for a right-to-left
// reader.
func (g *Game) mirrored() bool { return g.mirror }

// mirrorRect moves r across the middle of a screen w pixels wide.
func mirrorRect(r client.Rect, w float64) client.Rect {
	if r.X1 <= r.X0 {
		return r
	}
	return client.Rect{X0: w - r.X1, Y0: r.Y0, X1: w - r.X0, Y1: r.Y1}
}

// mirrorLayer mirrors what a HUD layer laid out left to right put in
// texts and in the clickable regions from hit0 on, when the HUD is
// mirrored. The panels' shapes were mirrored as they were drawn (the
// batch's mirror).
func (g *Game) mirrorLayer(texts []hudText, hit0 int) {
	if !g.mirror {
		return
	}
	W := float64(g.cam.W)
	for i := range texts {
		t := &texts[i]
		t.x = W - t.x - g.textWidth(t.s, t.f)
	}
	for i := hit0; i < len(g.hits); i++ {
		r := &g.hits[i].r
		r.x0, r.x1 = W-r.x1, W-r.x0
	}
}

// textWidth is how wide drawText draws s with f, in pixels: the widths
// of its pieces, each shaped in its own direction, when it holds
// right-to-left letters.
func (g *Game) textWidth(s string, f text.Face) float64 {
	f = g.fonts.face(f)
	if !hasRTL(s) {
		return advance(s, f)
	}
	w, rf := 0.0, g.rtlFace(f)
	for _, p := range g.pieces(s) {
		if p.rtl {
			w += advance(p.s, rf)
		} else {
			w += advance(p.s, f)
		}
	}
	return w
}

// beginMirror starts the batch's mirroring of what it draws, when the HUD
// is mirrored; endMirror stops it.
func (g *Game) beginMirror(b *batch) {
	if g.mirror {
		b.mirror = float64(g.cam.W)
	}
}

func endMirror(b *batch) { b.mirror = 0 }
