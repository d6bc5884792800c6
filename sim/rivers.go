package sim

import (
	"math"

	"github.com/paulmach/orb"
)

// Crossing a border river (docs/MODEL.md, R rows). A group whose crossing
// point lies within RiverNear of a river crosses it, unless a bridge (a
// road crossing the map marks as one) is within BridgeNear: there it walks
// over. Crossing takes
//
//	t = (RiverPrepSeconds + width / RiverWadeSpeed) · F_weather · F_vulnerable
//
// seconds, where width is the river's by its size class (the map's
// Natural Earth scalerank), F_weather is CrossRain, CrossFog or
// CrossStorm (high, fast water in rain and storms) and F_vulnerable is
// RiverVulnerableSlow for a group with vulnerable members.

// River widths by size class and the crossing law.
const (
	RiverPrepSeconds    = 300  // MODEL.md: R1 seconds to find a ford or ready a boat
	RiverWadeSpeed      = 0.25 // MODEL.md: R2 metres per second across the water
	RiverWidthMajor     = 200  // MODEL.md: R3 metres, scalerank 1–4
	RiverWidthMedium    = 60   // MODEL.md: R4 metres, scalerank 5–7 or none
	RiverWidthMinor     = 20   // MODEL.md: R5 metres, scalerank 8 and smaller
	RiverMajorRank      = 4    // MODEL.md: R6 largest scalerank of a major river
	RiverMinorRank      = 8    // MODEL.md: R7 smallest scalerank of a minor river
	CrossRain           = 1.5  // MODEL.md: R8 factor in rain
	CrossFog            = 1.2  // MODEL.md: R9 factor in fog
	CrossStorm          = 3    // MODEL.md: R10 factor in a storm
	RiverVulnerableSlow = 1.5  // MODEL.md: R11 factor for a group with vulnerable members
	BridgeNear          = 500  // MODEL.md: R12 metres from a bridge within which a group walks over
)

// crossWeather is the weather's factor on the time to cross a river.
var crossWeather = [4]float64{Clear: 1, Rain: CrossRain, Fog: CrossFog, Storm: CrossStorm}

// RiverWidth returns the width in metres the crossing law gives a river of
// Natural Earth scalerank rank (0: unknown).
func RiverWidth(rank int) float64 {
	switch {
	case rank >= 1 && rank <= RiverMajorRank:
		return RiverWidthMajor
	case rank >= RiverMinorRank:
		return RiverWidthMinor
	}
	return RiverWidthMedium
}

// RiverSeconds is the crossing law: the seconds a group takes to cross a
// river of the given width in metres in weather wx.
func RiverSeconds(width float64, wx Weather, vulnerable bool) float64 {
	t := (RiverPrepSeconds + width/RiverWadeSpeed) * crossWeather[wx]
	if vulnerable {
		t *= RiverVulnerableSlow
	}
	return t
}

// inRiver reports whether a group crossing the border at p must cross a
// river there: a river within RiverNear and no bridge within BridgeNear.
func (w *World) inRiver(p orb.Point) bool {
	if _, d := w.m.NearestRiver(p); d >= RiverNear {
		return false
	}
	for _, c := range w.m.Checkpoints {
		if c.Kind == "bridge" && dist(c.Pos, p) < BridgeNear {
			return false
		}
	}
	return true
}

// riverTicks is the ticks group c takes to cross the river at its
// crossing point now.
func (w *World) riverTicks(c *crosser) int32 {
	width := float64(RiverWidthMedium)
	if i, _ := w.m.NearestRiver(c.cross); i >= 0 {
		width = RiverWidth(w.m.Rivers[i].Rank)
	}
	return int32(math.Ceil(RiverSeconds(width, w.weather, c.vulnerable) / w.ts))
}
