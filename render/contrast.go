package render

import (
	"image/color"
	"slices"
	"time"

	"github.com/borderdrill/borderdrill/client"
)

// The high-contrast mode (Options.HighContrast, X) draws the map in white
// and greys under black lines and names, and the panels opaque black with
// white text and edges, for readers with low vision or a washed-out
// projector. Units, tracks and groups keep their colours and team marks.

// palette is the set of colours the contrast mode changes.
type palette struct {
	sea, offMap, countryA, countryB, third, countryAk, countryBk, thirdk, coast, town, trackLine color.RGBA
	panel, bar, panelEdge, text, textDim, outline                                                color.RGBA
}

// normalPalette is the everyday palette (style.go), read once.
var normalPalette = palette{colSea, colOffMap, colCountryA, colCountryB, colThird, colCountryAk, colCountryBk, colThirdk,
	colCoast, colTown, colTrackLine, colPanel, colBar, colPanelEdge, colText, colTextDim, colOutline}

// contrastPalette is the high-contrast palette.
var contrastPalette = palette{
	sea: rgb(0x9ccbee), offMap: rgb(0x5c5c5c),
	countryA: rgb(0xffffff), countryB: rgb(0xe2e2e2), third: rgb(0xb4b4b4),
	countryAk: rgb(0x000000), countryBk: rgb(0x000000), thirdk: rgb(0x000000),
	coast: rgb(0x000000), town: rgb(0x000000), trackLine: rgb(0x3d2b1a),
	panel: rgb(0x000000), bar: rgb(0x000000), panelEdge: rgb(0xffffff),
	text: rgb(0xffffff), textDim: rgb(0xf0f0f0), outline: rgb(0x000000),
}

// usePalette makes p the palette the drawing reads.
func usePalette(p palette) {
	colSea, colOffMap, colCountryA, colCountryB, colThird = p.sea, p.offMap, p.countryA, p.countryB, p.third
	colCountryAk, colCountryBk, colThirdk, colCoast, colTown, colTrackLine = p.countryAk, p.countryBk, p.thirdk, p.coast, p.town, p.trackLine
	colPanel, colBar, colPanelEdge, colText, colTextDim, colOutline = p.panel, p.bar, p.panelEdge, p.text, p.textDim, p.outline
}

// HighContrast reports whether the game draws in the high-contrast mode.
func (g *Game) HighContrast() bool { return g.opt.HighContrast }

// applyContrast sets the palette of g's mode; a Game draws with its own
// (two Games of one process may differ).
func (g *Game) applyContrast() {
	if g.opt.HighContrast {
		usePalette(contrastPalette)
	} else {
		usePalette(normalPalette)
	}
}

// contrastInput handles X: the other contrast mode, said in a toast; the
// map, icons and panels are drawn anew in it.
func (g *Game) contrastInput(in client.Input, now time.Time) client.Input {
	i := slices.Index(in.Keys, client.KeyX)
	if i < 0 {
		return in
	}
	in.Keys = slices.Delete(slices.Clone(in.Keys), i, i+1)
	g.setContrast(!g.opt.HighContrast)
	key := "toast.contrast_off"
	if g.opt.HighContrast {
		key = "toast.contrast_on"
	}
	var tick int32
	if g.view != nil {
		tick = g.view.Tick
	}
	g.toast(g.tr.T(key), tick, now, colToastInfo)
	if g.opt.OnContrast != nil {
		g.opt.OnContrast(g.opt.HighContrast)
	}
	return in
}

// setContrast switches the contrast mode and drops what was drawn in the
// other one.
func (g *Game) setContrast(on bool) {
	g.opt.HighContrast = on
	g.applyContrast()
	g.st = newStaticMap(g.info.Map, g.tr.Code())
	g.townOrder = nil // the new map's towns, with the Info's places and the named ones again
	g.addPlaces()
	if g.view != nil {
		g.nameTowns(g.view)
	}
	g.sprites = newSprites(g.white)
	g.mapValid = false
	g.hudGen++
}
