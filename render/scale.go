package render

import (
	"slices"
	"time"

	"github.com/borderdrill/borderdrill/client"
)

// uiScales are the UI scales U cycles through.
var uiScales = []float64{1, 1.25, 1.5, 2}

// uiScale is the scale the game draws at: the logical screen is the
// window divided by it, and Ebiten scales the frame up to the window
// (the mouse is read in the logical screen's pixels).
func (g *Game) uiScale() float64 {
	s := g.opt.UIScale
	if s < 1 {
		return 1
	}
	return min(s, 2)
}

// scaleInput handles U: the next UI scale, said in a toast.
func (g *Game) scaleInput(in client.Input, now time.Time) client.Input {
	i := slices.Index(in.Keys, client.KeyU)
	if i < 0 {
		return in
	}
	in.Keys = slices.Delete(slices.Clone(in.Keys), i, i+1)
	next := uiScales[0]
	for _, s := range uiScales {
		if s > g.uiScale()+1e-9 {
			next = s
			break
		}
	}
	g.opt.UIScale = next
	var tick int32
	if g.view != nil {
		tick = g.view.Tick
	}
	g.toast(g.tr.F("toast.scale", next), tick, now, colToastInfo)
	return in
}
