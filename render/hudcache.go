package render

import (
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
	screen.DrawImage(c.layer, nil)
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
	return c.layer
}

// keepHUD draws the layer just built onto screen and keeps it, with the
// HUD's regions from hit0 on, for the next frames.
func (g *Game) keepHUD(screen *ebiten.Image, now time.Time, hit0 int) {
	c := &g.hudCache
	screen.DrawImage(c.layer, nil)
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
	texts := draw(g, b, g.overTexts[:0])
	b.end()
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
