package render_test

import (
	"image"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// TestReliefShaded captures the ridge scenario 8 km across with its
// elevation and without: with it, the ridge's north slope (towards the
// light, from the north-west) is lighter than the flat map and its south
// slope darker, and the picture differs along the ridge.
func TestReliefShaded(t *testing.T) {
	sc, err := scenarios.Load(drilltest.WriteRidge(t, t.TempDir(), maps.SRTM3Posts))
	if err != nil {
		t.Fatal(err)
	}
	m := sc.Map
	pt := func(dlat float64) orb.Point {
		return m.Proj.Forward(orb.Point{drilltest.MastLon - 0.01, drilltest.RidgeLat + dlat})
	}
	shot := func(el *maps.Elevation) (*image.RGBA, *render.Game) {
		info := client.InfoFromScenario(sc, 0)
		info.Elevation = el
		ex := &fakeExercise{info: info}
		ex.show(&sim.View{Team: 0, Tick: 1})
		g, err := render.New(ex, render.Options{Width: testW, Height: testH, NoInterpolation: true, NoCard: true, HideHUD: true,
			Look: render.Look{Center: pt(0), Span: 8000}})
		if err != nil {
			t.Fatal(err)
		}
		g.Layout(testW, testH)
		return frame(t, g), g
	}
	// light is the mean brightness of the 9×9 pixels around p.
	light := func(img *image.RGBA, g *render.Game, p orb.Point) float64 {
		x, y := g.Camera().ToScreen(p)
		sum := 0.0
		for dy := -4; dy <= 4; dy++ {
			for dx := -4; dx <= 4; dx++ {
				c := img.RGBAAt(int(x)+dx, int(y)+dy)
				sum += (float64(c.R) + float64(c.G) + float64(c.B)) / 3
			}
		}
		return sum / 81
	}
	flat, gf := shot(nil)
	shaded, gs := shot(sc.Elevation)
	north, south := pt(0.003), pt(-0.003)
	fn, fs := light(flat, gf, north), light(flat, gf, south)
	sn, ss := light(shaded, gs, north), light(shaded, gs, south)
	t.Logf("north slope %.0f → %.0f, south slope %.0f → %.0f", fn, sn, fs, ss)
	if sn < fn+3 || ss > fs-30 {
		t.Errorf("north slope %.0f (flat map %.0f), south slope %.0f (flat %.0f): want the north lit by 3 or more (the pale country is near white already), the south shaded by 30 or more", sn, fn, ss, fs)
	}
	// Along the ridge, across the picture: the shaded capture differs.
	_, y := gs.Camera().ToScreen(south)
	differ := 0
	for x := 0; x < testW; x++ {
		if flat.RGBAAt(x, int(y)) != shaded.RGBAAt(x, int(y)) {
			differ++
		}
	}
	if differ < testW*3/4 {
		t.Errorf("%d of %d pixels along the ridge's south slope differ from the flat map's; want three quarters", differ, testW)
	}
}
