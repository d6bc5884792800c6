package render

import (
	"math"
	"slices"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/hajimehoshi/ebiten/v2"
)

// This file keeps the HUD's panels (drawn with their text on a layer of
// their own, and their clickable regions) from one frame to the next while
// nothing they show has changed: a frame between two views, with the mouse
// still and no key pressed, draws the kept layer instead of formatting and
// shaping every line again (BenchmarkDrawHUD; docs/PERFORMANCE.md).

// hudKey is everything the panels depend on besides the Game's state that
// only Step changes (which bumps gen).
type hudKey struct {
	gen     uint64 // Game.hudGen when the panels were built
	cam     client.Camera
	cx, cy  int // the cursor, whose latitude and longitude the strip shows
	toasts  int // toasts still shown
	arrows  int // edge arrows at new tracks off screen
	confirm string
}

// hudCache is the panels of the last frame, drawn on a layer of their
// own.
type hudCache struct {
	ok    bool
	key   hudKey
	layer *ebiten.Image // the panels and their text, over transparency
	tiles hudTiles      // the parts of layer that hold something
	hits  []hit
	arrow []edgeArrow
}

// hudSeen is what Step last saw of the input and of the lines the HUD
// lists.
type hudSeen struct {
	x, y              float64
	logs, chats       int
	lastLog, lastChat string
}

// touch marks the HUD as changed (Step calls it): a new view or event, a
// log or chat line, or any input.
func (g *Game) touch(in *client.Input, changed bool, events int) {
	s := hudSeen{x: in.X, y: in.Y, logs: len(g.log), chats: len(g.chatLog)}
	if n := len(g.log); n > 0 {
		s.lastLog = g.log[n-1].text
	}
	if n := len(g.chatLog); n > 0 {
		s.lastChat = g.chatLog[n-1].text
	}
	if changed || events > 0 || len(in.Keys) > 0 || len(in.Chars) > 0 || len(in.Held) > 0 || in.Wheel != 0 ||
		in.Left != (client.Button{}) || in.Right != (client.Button{}) || s != g.hudSeen {
		g.hudGen++
	}
	g.hudSeen = s
}

// hudKeyNow is the key of the panels the HUD would draw now.
func (g *Game) hudKeyNow(now time.Time) hudKey {
	cx, cy := ebiten.CursorPosition()
	n := 0
	for _, t := range g.toasts {
		if now.Before(t.until) && (g.view == nil || g.view.Tick-t.tick <= toastTicks) {
			n++
		}
	}
	return hudKey{gen: g.hudGen, cam: *g.cam, cx: cx, cy: cy, toasts: n, arrows: len(g.arrows), confirm: g.confirm}
}

// hudCached draws the kept panels and their text if they still hold, and
// reports whether it did.
func (g *Game) hudCached(screen *ebiten.Image, now time.Time) bool {
	c := &g.hudCache
	if !c.ok || c.key != g.hudKeyNow(now) || !slices.Equal(c.arrow, g.arrows) || c.layer.Bounds() != screen.Bounds() {
		return false
	}
	c.tiles.draw(screen)
	g.hits = append(g.hits, c.hits...)
	g.drawn = append(g.drawn[:0], g.hudTexts...)
	return true
}

// hudLayer returns the cleared layer the panels are drawn on, the size of
// screen.
func (g *Game) hudLayer(screen *ebiten.Image) *ebiten.Image {
	c := &g.hudCache
	c.ok = false
	if c.layer == nil || c.layer.Bounds() != screen.Bounds() {
		if c.layer != nil {
			c.layer.Deallocate()
		}
		c.layer = offscreen(screen.Bounds().Dx(), screen.Bounds().Dy())
	}
	c.layer.Clear()
	c.tiles.reset(c.layer)
	g.b.tiles = &c.tiles
	return c.layer
}

// keepHUD draws the layer just built onto screen and keeps it, with the
// HUD's regions from hit0 on, for the next frames.
func (g *Game) keepHUD(screen *ebiten.Image, now time.Time, hit0 int) {
	c := &g.hudCache
	c.tiles.build()
	c.tiles.draw(screen)
	c.key = g.hudKeyNow(now)
	c.hits = append(c.hits[:0], g.hits[hit0:]...)
	c.arrow = append(c.arrow[:0], g.arrows...)
	c.ok = true
}

// drawOverlays draws the start card, the help card, the inject menu, the
// ad-hoc inject form, a track's actions or the requests over the panels.
func (g *Game) drawOverlays(dst *ebiten.Image) {
	draw := g.overlay()
	if draw == nil {
		g.overTexts = g.overTexts[:0] // OverlayText: none shown
		return
	}
	b := g.b
	b.begin(dst, ebiten.FillRuleFillAll)
	g.beginMirror(b)
	hit0 := len(g.hits)
	texts := draw(g, b, g.overTexts[:0])
	b.end()
	endMirror(b)
	g.mirrorLayer(texts, hit0)
	g.drawn = append(g.drawn, texts...)
	for _, t := range texts {
		g.drawText(dst, t.s, t.f, t.x, t.y, t.c)
	}
	g.overTexts = texts
}

// PanelText returns the lines of text of the HUD's panels as last drawn
// (not the overlays'), for tests.
func (g *Game) PanelText() []string {
	out := make([]string, len(g.hudTexts))
	for i, t := range g.hudTexts {
		out[i] = t.s
	}
	return out
}

// hudTiles keeps which squares of the HUD's layer hold something, so that
// a frame draws the panels' squares rather than the whole layer: most of
// the layer is the clear map window, and blending a screen-sized image
// costs a full screen of pixels under software GL.
type hudTiles struct {
	img  *ebiten.Image // the layer whose squares are marked
	w, h int           // its size in tiles
	on   []bool        // by tile, row by row: something is drawn there
	vs   []ebiten.Vertex
	is   []uint16
}

// hudTile is the side of a tile, pixels.
const hudTile = 16

// reset forgets the marks and tracks img.
func (t *hudTiles) reset(img *ebiten.Image) {
	b := img.Bounds()
	t.img = img
	t.w, t.h = (b.Dx()+hudTile-1)/hudTile, (b.Dy()+hudTile-1)/hudTile
	t.on = slices.Grow(t.on[:0], t.w*t.h)[:t.w*t.h]
	clear(t.on)
	t.vs, t.is = t.vs[:0], t.is[:0]
}

// mark notes that something is drawn within the rectangle (x0, y0)–(x1, y1).
func (t *hudTiles) mark(x0, y0, x1, y1 float64) {
	c0, c1 := max(int(math.Floor(x0))/hudTile, 0), min(int(math.Ceil(x1))/hudTile, t.w-1)
	r0, r1 := max(int(math.Floor(y0))/hudTile, 0), min(int(math.Ceil(y1))/hudTile, t.h-1)
	for r := r0; r <= r1; r++ {
		for c := c0; c <= c1; c++ {
			t.on[r*t.w+c] = true
		}
	}
}

// markTriangles marks the tiles under the triangles is of vs.
func (t *hudTiles) markTriangles(vs []ebiten.Vertex, is []uint16) {
	for i := 0; i+2 < len(is); i += 3 {
		a, b, c := vs[is[i]], vs[is[i+1]], vs[is[i+2]]
		t.mark(float64(min(a.DstX, b.DstX, c.DstX)), float64(min(a.DstY, b.DstY, c.DstY)),
			float64(max(a.DstX, b.DstX, c.DstX)), float64(max(a.DstY, b.DstY, c.DstY)))
	}
}

// build turns the marked tiles into rectangles to copy: runs along each
// row, joined with the run just above when it spans the same columns.
func (t *hudTiles) build() {
	t.vs, t.is = t.vs[:0], t.is[:0]
	// By a run's first column: the first vertex of the rectangle it is
	// part of, in the row above (prev) and in this row (above); −1 none.
	prev, above := make([]int, t.w), make([]int, t.w)
	for i := range prev {
		prev[i] = -1
	}
	for r := 0; r < t.h; r++ {
		for i := range above {
			above[i] = -1
		}
		for c := 0; c < t.w; {
			if !t.on[r*t.w+c] {
				c++
				continue
			}
			e := c
			for e < t.w && t.on[r*t.w+e] {
				e++
			}
			y1 := float32(min((r+1)*hudTile, t.img.Bounds().Dy()))
			x0, x1 := float32(c*hudTile), float32(min(e*hudTile, t.img.Bounds().Dx()))
			if v := prev[c]; v >= 0 && t.vs[v+1].DstX == x1 {
				t.vs[v+2].DstY, t.vs[v+3].DstY = y1, y1 // the rectangle above grows down
				t.vs[v+2].SrcY, t.vs[v+3].SrcY = y1, y1
				above[c] = v
			} else {
				y0 := float32(r * hudTile)
				v := len(t.vs)
				for _, p := range [4][2]float32{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}} {
					t.vs = append(t.vs, ebiten.Vertex{DstX: p[0], DstY: p[1], SrcX: p[0], SrcY: p[1], ColorR: 1, ColorG: 1, ColorB: 1, ColorA: 1})
				}
				i := uint16(v)
				t.is = append(t.is, i, i+1, i+2, i, i+2, i+3)
				above[c] = v
			}
			c = e
		}
		prev, above = above, prev
	}
}

// draw copies the marked parts of the layer onto screen.
func (t *hudTiles) draw(screen *ebiten.Image) {
	if len(t.is) > 0 {
		screen.DrawTriangles(t.vs, t.is, t.img, nil)
	}
}
