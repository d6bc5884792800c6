package client_test

import (
	"math"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

func borderBound(t *testing.T, name string) orb.Bound {
	t.Helper()
	m, err := maps.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	b := m.Border[0].Bound()
	for _, l := range m.Border[1:] {
		b = b.Union(l.Bound())
	}
	return b
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestFitShowsTheWholeBorder(t *testing.T) {
	for _, name := range []string{"usa-mex", "fin-rus", "esp-mar"} {
		t.Run(name, func(t *testing.T) {
			b := borderBound(t, name)
			cam := client.NewCamera(1280, 800, b)
			for _, p := range []orb.Point{b.Min, b.Max, {b.Min[0], b.Max[1]}, {b.Max[0], b.Min[1]}} {
				x, y := cam.ToScreen(p)
				if x < 0 || x > 1280 || y < 0 || y > 800 {
					t.Errorf("corner %v of the border is off screen at (%.0f, %.0f)", p, x, y)
				}
			}
			// Fitted, not merely inside: one axis fills 90% of the screen.
			w := (b.Max[0] - b.Min[0]) * cam.Scale
			h := (b.Max[1] - b.Min[1]) * cam.Scale
			if !near(w, 1280*0.9, 1) && !near(h, 800*0.9, 1) {
				t.Errorf("border spans %.0f×%.0f px; want one side at 90%% of 1280×800", w, h)
			}
			cx, cy := cam.ToScreen(b.Center())
			if !near(cx, 640, 1e-6) || !near(cy, 400, 1e-6) {
				t.Errorf("border centre at (%.1f, %.1f), want the screen centre", cx, cy)
			}
		})
	}
}

func TestFitIntoAFreeRect(t *testing.T) {
	b := orb.Bound{Min: orb.Point{0, 0}, Max: orb.Point{100_000, 50_000}}
	cam := &client.Camera{W: 1000, H: 800}
	r := client.Rect{X0: 100, Y0: 50, X1: 600, Y1: 450}
	cam.FitInto(b, r, 0)
	x0, y0 := cam.ToScreen(orb.Point{0, 50_000})
	x1, y1 := cam.ToScreen(orb.Point{100_000, 0})
	if !near(x0, 100, 1e-6) || !near(x1, 600, 1e-6) {
		t.Errorf("bound spans x %.2f..%.2f, want 100..600", x0, x1)
	}
	if !near((y0+y1)/2, 250, 1e-6) || y0 < 50 || y1 > 450 {
		t.Errorf("bound spans y %.2f..%.2f, want centred on 250 within 50..450", y0, y1)
	}
}

func TestScreenWorldRoundTrip(t *testing.T) {
	cam := &client.Camera{X: 1.5e6, Y: -3.2e5, Scale: 0.37, W: 1280, H: 800}
	for _, s := range [][2]float64{{0, 0}, {640, 400}, {1279, 799}, {13.25, 777.5}} {
		p := cam.ToWorld(s[0], s[1])
		x, y := cam.ToScreen(p)
		if !near(x, s[0], 1e-6) || !near(y, s[1], 1e-6) {
			t.Errorf("screen (%v, %v) -> world %v -> screen (%v, %v)", s[0], s[1], p, x, y)
		}
	}
	// North is up: a point north of the centre is above it on screen.
	_, y := cam.ToScreen(orb.Point{cam.X, cam.Y + 1000})
	if y >= 400 {
		t.Errorf("a point 1 km north is drawn at y=%.1f, not above the centre (400)", y)
	}
}

func TestZoomKeepsThePointUnderTheCursor(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x, y   float64
		factor float64
	}{
		{"in at a corner", 100, 700, 1.2},
		{"out at the top", 900, 10, 1 / 1.5},
		{"in hard", 640, 123, 50},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cam := &client.Camera{X: 2e5, Y: 4e5, Scale: 0.01, W: 1280, H: 800}
			before := cam.ToWorld(tc.x, tc.y)
			cam.ZoomAt(tc.x, tc.y, tc.factor)
			after := cam.ToWorld(tc.x, tc.y)
			if !near(before[0], after[0], 1e-6) || !near(before[1], after[1], 1e-6) {
				t.Errorf("world under cursor moved from %v to %v", before, after)
			}
			if !near(cam.Scale, 0.01*tc.factor, 1e-12) {
				t.Errorf("scale %g, want %g", cam.Scale, 0.01*tc.factor)
			}
		})
	}
}

func TestZoomLimits(t *testing.T) {
	b := borderBound(t, "usa-mex")
	cam := client.NewCamera(1280, 800, b)
	// Zooming all the way out still shows the whole US–Mexico border.
	for i := 0; i < 100; i++ {
		cam.ZoomAt(640, 400, 0.5)
	}
	if span := cam.Span(); !near(span, client.MaxSpan, 1) {
		t.Errorf("widest span %.0f m, want %.0f", span, client.MaxSpan)
	}
	if w := (b.Max[0] - b.Min[0]) * cam.Scale; w > 1280 || w < 50 {
		t.Errorf("at the widest zoom the border is %.0f px wide; want it on screen and readable", w)
	}
	// Zooming all the way in stops at about one checkpoint across.
	for i := 0; i < 100; i++ {
		cam.ZoomAt(640, 400, 2)
	}
	if span := cam.Span(); !near(span, client.MinSpan, 1e-6) {
		t.Errorf("narrowest span %.3f m, want %.0f", span, client.MinSpan)
	}
	if client.MinSpan > 150 || client.MaxSpan < 3_200_000 {
		t.Errorf("zoom range %v..%v m does not reach from a checkpoint to the whole US–Mexico border", client.MinSpan, client.MaxSpan)
	}
}

func TestPan(t *testing.T) {
	cam := &client.Camera{X: 0, Y: 0, Scale: 0.5, W: 800, H: 600}
	p := cam.ToWorld(100, 100)
	cam.Pan(30, -20) // drag the map 30 px right and 20 px up
	x, y := cam.ToScreen(p)
	if !near(x, 130, 1e-9) || !near(y, 80, 1e-9) {
		t.Errorf("after a drag of (30, -20) the point is at (%v, %v), want (130, 80)", x, y)
	}
}
