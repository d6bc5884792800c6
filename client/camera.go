package client

import (
	"math"

	"github.com/paulmach/orb"
)

// Zoom limits, as the span of the screen's width in metres.
const (
	// MinSpan is the narrowest view: about one checkpoint across.
	MinSpan = 100.0 // metres
	// MaxSpan is the widest view: the whole US–Mexico border window with
	// room around it.
	MaxSpan = 8_000_000.0 // metres
)

// Camera maps the planar world (metres, x east, y north) to the screen
// (pixels, x right, y down). The zero value is not usable; set W, H and
// call Fit, or set the fields directly.
type Camera struct {
	X, Y  float64 // world point at the centre of the screen, metres
	Scale float64 // pixels per metre
	W, H  int     // screen size, pixels
}

// NewCamera returns a camera for a w×h screen fitted to b.
func NewCamera(w, h int, b orb.Bound) *Camera {
	c := &Camera{W: w, H: h}
	c.Fit(b, 0.05)
	return c
}

// Fit centres b and zooms so that it fills the screen, leaving margin (a
// fraction of the screen, e.g. 0.05) on each side.
func (c *Camera) Fit(b orb.Bound, margin float64) {
	c.FitInto(b, Rect{}, margin)
}

// Rect is a screen rectangle in pixels; the zero Rect means the whole
// screen.
type Rect struct{ X0, Y0, X1, Y1 float64 }

// FitInto zooms and centres so that b fills r (the part of the screen not
// covered by panels), leaving margin (a fraction of r) on each side.
func (c *Camera) FitInto(b orb.Bound, r Rect, margin float64) {
	if r.X1-r.X0 < 1 || r.Y1-r.Y0 < 1 {
		r = Rect{0, 0, float64(c.W), float64(c.H)}
	}
	dx := math.Max(b.Max[0]-b.Min[0], 1)
	dy := math.Max(b.Max[1]-b.Min[1], 1)
	f := 1 - 2*margin
	if f <= 0 {
		f = 1
	}
	c.Scale = math.Min((r.X1-r.X0)*f/dx, (r.Y1-r.Y0)*f/dy)
	c.clamp()
	// Put b's centre at r's centre.
	ctr := b.Center()
	c.X = ctr[0] - ((r.X0+r.X1)/2-float64(c.W)/2)/c.Scale
	c.Y = ctr[1] + ((r.Y0+r.Y1)/2-float64(c.H)/2)/c.Scale
}

// ToScreen returns the screen position of world point p.
func (c *Camera) ToScreen(p orb.Point) (x, y float64) {
	return (p[0]-c.X)*c.Scale + float64(c.W)/2, float64(c.H)/2 - (p[1]-c.Y)*c.Scale
}

// ToWorld returns the world point under screen position (x, y).
func (c *Camera) ToWorld(x, y float64) orb.Point {
	return orb.Point{c.X + (x-float64(c.W)/2)/c.Scale, c.Y - (y-float64(c.H)/2)/c.Scale}
}

// ZoomAt multiplies the scale by factor (clamped to the zoom limits),
// keeping the world point under screen position (x, y) where it is.
func (c *Camera) ZoomAt(x, y, factor float64) {
	p := c.ToWorld(x, y)
	c.Scale *= factor
	c.clamp()
	// Move the centre so that p is again under (x, y).
	c.X = p[0] - (x-float64(c.W)/2)/c.Scale
	c.Y = p[1] + (y-float64(c.H)/2)/c.Scale
}

// Pan moves the view by (dx, dy) screen pixels: the world under the
// cursor follows a drag of (dx, dy).
func (c *Camera) Pan(dx, dy float64) {
	c.X -= dx / c.Scale
	c.Y += dy / c.Scale
}

// CenterOn puts world point p at the centre of the screen.
func (c *Camera) CenterOn(p orb.Point) { c.X, c.Y = p[0], p[1] }

// Resize changes the screen size, keeping the centre and the scale.
func (c *Camera) Resize(w, h int) {
	c.W, c.H = w, h
	c.clamp()
}

// Span returns the width of the view in metres.
func (c *Camera) Span() float64 { return float64(c.W) / c.Scale }

// Bound returns the world bound of the screen.
func (c *Camera) Bound() orb.Bound {
	a := c.ToWorld(0, float64(c.H))
	b := c.ToWorld(float64(c.W), 0)
	return orb.Bound{Min: a, Max: b}
}

// ScaleLimits returns the smallest and largest scale (pixels per metre)
// for the current screen width.
func (c *Camera) ScaleLimits() (lo, hi float64) {
	w := float64(max(c.W, 1))
	return w / MaxSpan, w / MinSpan
}

func (c *Camera) clamp() {
	lo, hi := c.ScaleLimits()
	if !(c.Scale >= lo) { // also catches NaN
		c.Scale = lo
	}
	if c.Scale > hi {
		c.Scale = hi
	}
}
