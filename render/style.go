package render

import (
	"image/color"

	"github.com/borderdrill/borderdrill/sim"
)

// The palette. Map colours are muted so that the live picture (units,
// tracks, crossers, markers) stands out on top of them.
var (
	colSea        = rgb(0xa4c3da)
	colOffMap     = rgb(0x8d969e) // outside the data window
	colCountryA   = rgb(0xf1e4b8) // first border country: pale yellow
	colCountryB   = rgb(0xcfe3c1) // second border country: pale green
	colThird      = rgb(0xd2d2cf) // third countries: grey
	colCountryAk  = rgb(0x7a6432) // labels of country A
	colCountryBk  = rgb(0x4d6238) // labels of country B
	colThirdk     = rgb(0x77776f)
	colCoast      = rgba(0x5d6d7a, 0x90)
	colBorder     = rgb(0xd0106f) // the border: strong magenta
	colBorderHalo = rgba(0xffffff, 0xc0)
	colTrackLine  = rgba(0x7b5a3a, 0xb0) // patrol tracks
	colRiver      = rgb(0x4f8fc6)
	colLake       = rgb(0xa4c3da)
	colTown       = rgb(0x3a3a3a)
	colOpen       = rgb(0x1b8a3a)
	colClosed     = rgb(0xb3261e)
	colZone       = rgb(0x7a3db8)
	colNight      = rgba(0x0a1440, 0x38)

	colCrosser     = rgb(0xff3b14) // ground truth groups
	colCrosserDet  = rgb(0xffd400) // ring around detected groups
	colApprehended = rgb(0x6d6d6d)
	colTrackOwn    = rgb(0xff8f00) // a team's own tracks: amber
	colIncident    = rgb(0xe0001b)
	colApprehend   = rgb(0x00a86b)
	colFenceCut    = rgb(0xff6f00)
	colReport      = rgb(0x8e24aa)
	colSelect      = rgb(0xfff200)
	colOutline     = rgba(0x101010, 0xe0)
	colWhite       = rgb(0xffffff)

	colPanel     = rgba(0x14181f, 0xd8)
	colBar       = rgb(0x14181f) // the top bar, opaque
	colPanelEdge = rgba(0x5a6270, 0xff)
	colText      = rgb(0xf2f2f2)
	colTextDim   = rgb(0xa8b0bc)
	colMet       = rgb(0x4cd964)
	colNotMet    = rgb(0xff6b5e)
	colWarn      = rgb(0xffb020)
	colToast     = rgba(0x8a1010, 0xf0) // a refusal or an incident: red, and nothing else is

	colToastInfo    = rgba(0x1e3a5f, 0xf0) // done, or for your information
	colToastWarn    = rgba(0x6b4a00, 0xf0) // a hint: what to do first, or a warning before an order
	colToastMessage = rgba(0x4a148c, 0xf0) // an inject or a message from the white cell
	colDetect       = rgb(0xffcc80)        // log: new tracks
	colEvent        = rgb(0xe8d2b0)        // log: crossings and escapes
	colShared       = rgb(0x90caf9)        // log: shared tracks
	colMessage      = rgb(0xce93d8)        // log: injects and messages
)

// teamColours are the team colours by team index; units, sensors and
// shared tracks take their team's colour, and each team also has its own
// mark (teamMark). They are the Okabe–Ito palette, whose colours stay
// apart with every common colour-vision deficiency; the first two (the
// border countries' teams, as a rule) keep clear of the reds and ambers
// that mean groups, incidents and a team's own tracks.
var teamColours = []color.RGBA{
	rgb(0x0072b2), // blue
	rgb(0x009e73), // bluish green
	rgb(0xcc79a7), // reddish purple (e.g. the EU support team)
	rgb(0x56b4e9), // sky blue
	rgb(0xd55e00), // vermillion
	rgb(0xe69f00), // orange
	rgb(0xf0e442), // yellow
	rgb(0x5a5a5a), // grey (Okabe–Ito's black, lightened to show on the dark panels)
}

// teamColour returns the colour of a team index; white for the instructor.
func teamColour(team int) color.RGBA {
	if team < 0 {
		return rgb(0xffffff)
	}
	return teamColours[team%len(teamColours)]
}

// crosserColour is the colour of a ground-truth group by its state.
func crosserColour(s sim.CrosserState) color.RGBA {
	switch s {
	case sim.Apprehended:
		return colApprehended
	case sim.Escaped:
		return rgb(0x7a0000)
	case sim.Hiding:
		return rgb(0xd81b60)
	}
	return colCrosser
}

func rgb(v uint32) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// rgba returns a straight (not premultiplied) colour; batch vertices
// premultiply it.
func rgba(v uint32, a uint8) color.RGBA {
	return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), a}
}

// fade returns c with its alpha multiplied by f (0..1).
func fade(c color.RGBA, f float64) color.RGBA {
	if f < 0 {
		f = 0
	}
	if f > 1 {
		f = 1
	}
	c.A = uint8(float64(c.A)*f + 0.5)
	return c
}

// mix returns a blend of a and b: t=0 gives a, t=1 gives b.
func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t + 0.5) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}

// Sizes on screen, pixels.
const (
	unitSize      = 7.0 // half-size of a unit icon
	trackSize     = 7.0 // half-size of a track diamond
	crosserSize   = 4.5
	sensorSize    = 4.0
	checkSize     = 6.0
	borderWidth   = 4.0
	riverWidth    = 1.6
	lineWidthThin = 1.2
	fontSize      = 13.0
	fontSizeSmall = 11.5
	fontSizeBig   = 20.0
)

// Times.
const (
	markerTicks = 900 // ticks an event marker stays on the map
	staleTicks  = 600 // ticks after which a track is drawn at its faintest
)
