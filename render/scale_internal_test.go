package render

import (
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/hajimehoshi/ebiten/v2"
)

// TestUIScale: the UI scale divides the logical screen (Ebiten scales the
// frame up to the window), the setting starts it and U cycles it.
func TestUIScale(t *testing.T) {
	g := localGame(t, "fin-rus-winter-surge", 0, Options{Width: 1280, Height: 800, UIScale: 2, NoCard: true})
	for _, want := range [][2]int{{640, 400}, {1280, 800}, {1024, 640}, {853, 533}, {640, 400}} {
		if w, h := g.Layout(1280, 800); w != want[0] || h != want[1] {
			t.Errorf("scale %g: logical screen %dx%d, want %dx%d", g.uiScale(), w, h, want[0], want[1])
		}
		if g.cam.W != want[0] {
			t.Errorf("scale %g: camera %d px wide, want %d", g.uiScale(), g.cam.W, want[0])
		}
		g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyU}})
	}
	if ts := g.Toasts(); len(ts) == 0 || ts[len(ts)-1] != "UI scale 1×" && ts[len(ts)-1] != "UI scale 2×" {
		t.Errorf("toasts %q: want the scale said", ts)
	}
}

// TestTeamColoursTellApart: seen as someone with protanopia, deuteranopia
// or tritanopia sees them (Machado, Oliveira and Fernandes 2009, severity
// 1, in linear RGB) and with normal vision, every two team colours stay at
// least 9 apart in CIELAB (ΔE*ab; about 2.3 is just noticeable) — and so
// do the first two, the border countries' teams, from the amber of a team's
// own tracks and the red of the ground-truth groups. The colours before
// the Okabe–Ito palette failed it (pink and slate 4.1 apart under protanopia,
// blue and purple 8.1 under deuteranopia).
func TestTeamColoursTellApart(t *testing.T) {
	lin := func(v uint8) float64 {
		c := float64(v) / 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	lab := func(r, g, b float64) [3]float64 {
		x := (0.4124*r + 0.3576*g + 0.1805*b) / 0.95047
		y := 0.2126*r + 0.7152*g + 0.0722*b
		z := (0.0193*r + 0.1192*g + 0.9505*b) / 1.08883
		f := func(v float64) float64 {
			if v > 0.008856 {
				return math.Cbrt(v)
			}
			return 7.787*v + 16.0/116
		}
		return [3]float64{116*f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))}
	}
	visions := map[string][3][3]float64{
		"normal":       {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		"protanopia":   {{0.152286, 1.052583, -0.204868}, {0.114503, 0.786281, 0.099216}, {-0.003882, -0.048116, 1.051998}},
		"deuteranopia": {{0.367322, 0.860646, -0.227968}, {0.280085, 0.672501, 0.047413}, {-0.011820, 0.042940, 0.968881}},
		"tritanopia":   {{1.255528, -0.076749, -0.178779}, {-0.078411, 0.930809, 0.147602}, {0.004733, 0.691367, 0.303900}},
	}
	seen := func(m [3][3]float64, c color.RGBA) [3]float64 {
		r, g, b := lin(c.R), lin(c.G), lin(c.B)
		cl := func(v float64) float64 { return math.Max(0, math.Min(1, v)) }
		return lab(cl(m[0][0]*r+m[0][1]*g+m[0][2]*b), cl(m[1][0]*r+m[1][1]*g+m[1][2]*b), cl(m[2][0]*r+m[2][1]*g+m[2][2]*b))
	}
	dist := func(a, b [3]float64) float64 {
		return math.Sqrt((a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2]))
	}
	const minDE = 9
	for name, m := range visions {
		worst, wa, wb := math.Inf(1), 0, 0
		for i := range teamColours {
			for j := i + 1; j < len(teamColours); j++ {
				if d := dist(seen(m, teamColours[i]), seen(m, teamColours[j])); d < worst {
					worst, wa, wb = d, i, j
				}
			}
			if i < 2 {
				for _, o := range []color.RGBA{colTrackOwn, colCrosser} {
					if d := dist(seen(m, teamColours[i]), seen(m, o)); d < minDE {
						t.Errorf("%s: team %d's colour %v is %.1f from %v", name, i, teamColours[i], d, o)
					}
				}
			}
		}
		if worst < minDE {
			t.Errorf("%s: teams %d and %d are %.1f apart (ΔE*ab), want at least %d", name, wa, wb, worst, minDE)
		}
		t.Logf("%s: closest teams %d and %d, ΔE*ab %.1f", name, wa, wb, worst)
	}
}

// TestHighContrast: a capture of a fin-rus trainee's game with
// --high-contrast draws the map brighter (white and light grey countries
// under black lines; the exercise starts at night, whose shade lies over
// both) and the top bar black; X toggles the mode, tells OnContrast each
// time (the browser remembers it) and draws the everyday colours, and X
// again gives the high-contrast map back pixel for pixel.
func TestHighContrast(t *testing.T) {
	const W, H = 1280, 800
	var told []bool
	g := localGame(t, "fin-rus-winter-surge", 0, Options{Width: W, Height: H, NoInterpolation: true, NoCard: true,
		HighContrast: true, OnContrast: func(on bool) { told = append(told, on) }})
	defer usePalette(normalPalette) // leave the package's palette as the other tests expect
	g.Layout(W, H)
	g.Step(client.Input{X: -1, Y: -1})
	screen := ebiten.NewImage(W, H)
	defer screen.Deallocate()
	shot := func() *image.RGBA {
		g.DrawFrame(screen)
		img := image.NewRGBA(image.Rect(0, 0, W, H))
		screen.ReadPixels(img.Pix)
		return img
	}
	// luma is the mean brightness of the map in the middle of the frame.
	luma := func(img *image.RGBA) float64 {
		sum, n := 0.0, 0
		for y := H / 3; y < 2*H/3; y++ {
			for x := W / 3; x < 2*W/3; x++ {
				c := img.RGBAAt(x, y)
				sum += 0.2126*float64(c.R) + 0.7152*float64(c.G) + 0.0722*float64(c.B)
				n++
			}
		}
		return sum / float64(n)
	}
	hc := shot()
	if c := hc.RGBAAt(W/2, 4); c != rgb(0x000000) {
		t.Errorf("high contrast: the top bar is %v, want black", c)
	}
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyX}})
	normal := shot()
	if c := normal.RGBAAt(W/2, 4); c != normalPalette.bar {
		t.Errorf("after X: the top bar is %v, want %v", c, normalPalette.bar)
	}
	if a, b := luma(hc), luma(normal); a < b+4 {
		t.Errorf("the high-contrast map's mean brightness is %.1f, the everyday one's %.1f: want it brighter by 4 or more", a, b)
	}
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyX}})
	middle := func(img *image.RGBA) []uint8 { // the map, clear of the toasts
		var px []uint8
		for y := H / 3; y < 2*H/3; y++ {
			px = append(px, img.Pix[img.PixOffset(W/3, y):img.PixOffset(2*W/3, y)]...)
		}
		return px
	}
	if again := shot(); !slices.Equal(middle(again), middle(hc)) {
		t.Error("X twice does not give the high-contrast map back")
	}
	if len(told) != 2 || told[0] || !told[1] {
		t.Errorf("OnContrast told %v, want [false true]", told)
	}
}
