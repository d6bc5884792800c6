package render_test

import (
	"testing"

	"github.com/borderdrill/borderdrill/render"
)

// TestTraineeOfEspMarOpensOnMelilla: the first frame of a trainee of the
// Guardia Civil's Melilla command shows Melilla — the team's base in the
// middle of the map's free part, with its units — not the whole window
// from Ceuta to Melilla.
func TestTraineeOfEspMarOpensOnMelilla(t *testing.T) {
	g, ex := localGame(t, "esp-mar-melilla-fence", 0, 0, render.Options{NoCard: true})
	info := ex.Info()
	if info.Teams[0].ID != "GC-ML" {
		t.Fatalf("team 0 is %s, want GC-ML", info.Teams[0].ID)
	}
	img := frame(t, g)
	cam := g.Camera()
	free := g.Controller().Free
	melilla, ceuta := info.Teams[0].Base, info.Teams[1].Base
	x, y := cam.ToScreen(melilla)
	if x < free.X0 || x > free.X1 || y < free.Y0 || y > free.Y1 {
		t.Fatalf("Melilla (the team's base) at (%.0f, %.0f), outside the map's free part %+v", x, y, free)
	}
	if span := cam.Span(); span > 80_000 {
		t.Errorf("the first view is %.0f km across, want Melilla's area (under 80 km)", span/1000)
	}
	if cx, cy := cam.ToScreen(ceuta); cx >= 0 && cx <= testW && cy >= 0 && cy <= testH {
		t.Errorf("Ceuta is on screen at (%.0f, %.0f): the view is the whole window, not Melilla", cx, cy)
	}
	// Pixels: the base icon in the team's colour at Melilla, and each of
	// the team's units on screen in the team's colour.
	if !near(img, x, y, 8, team0Colour) {
		t.Errorf("no team-coloured base icon at Melilla (%.0f, %.0f)", x, y)
	}
	for _, u := range g.View().Units {
		if u.Team != 0 {
			continue
		}
		ux, uy := cam.ToScreen(u.Pos)
		if !near(img, ux, uy, 6, team0Colour) {
			t.Errorf("unit %s not drawn in the team's colour at (%.0f, %.0f)", u.Name, ux, uy)
		}
	}
}
