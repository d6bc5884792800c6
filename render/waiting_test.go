package render_test

import (
	"image"
	"testing"

	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
)

// presentExercise is a fake exercise on a server that says how many teams
// have a trainee connected (client.Attendance).
type presentExercise struct {
	fakeExercise
	present, of int
}

func (p *presentExercise) Present() (int, int, bool) { return p.present, p.of, true }

// TestWaitingForTeams: while an exercise on a server stands paused before
// its start, the top bar says how many teams are connected ("waiting for
// teams (1/3)"), and the pixels there change as teams join.
func TestWaitingForTeams(t *testing.T) {
	m := loadMap(t, "grc-tur")
	info := twoTeams(m)
	info.Teams = append(info.Teams, info.Teams[0])
	info.Teams[2].ID = "EBCG"
	bar := func(g *render.Game) *image.RGBA {
		img := frame(t, g)
		return img.SubImage(image.Rect(testW/2+140, 0, testW, 28)).(*image.RGBA)
	}
	for _, tc := range []struct {
		name        string
		team        int
		present, of int
		tick        int32
		want        string
	}{
		{"trainee, one team of three", 0, 1, 3, 0, "paused before the start — waiting for teams (1/3)"},
		{"trainee, every team in", 0, 3, 3, 0, "paused before the start — waiting for the white cell"},
		{"trainee, paused later", 0, 1, 3, 600, "paused — waiting for the white cell"},
		{"white cell, two of three", sim.Instructor, 2, 3, 0, "PAUSED — waiting for teams (2/3) — Space starts"},
		{"white cell, every team in", sim.Instructor, 3, 3, 0, "PAUSED — all 3 teams connected — Space starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := info
			in.Team = tc.team
			ex := &presentExercise{fakeExercise: fakeExercise{info: in}, present: tc.present, of: tc.of}
			ex.show(&sim.View{Team: tc.team, Tick: tc.tick, Paused: true, Speed: 10})
			g := newGame(t, ex, true)
			before := bar(g)
			if got := g.Status(); got != tc.want {
				t.Fatalf("top bar says %q, want %q", got, tc.want)
			}
			if warnPixels(before) < 100 {
				t.Errorf("%d warning-coloured pixels in the top bar's status, want the paused line drawn in the warning colour", warnPixels(before))
			}
			// One more team joins: the line is redrawn with the new count.
			ex.present++
			after := bar(g)
			if tc.tick == 0 && g.Status() != tc.want && samePixels(before, after) {
				t.Errorf("the status changed to %q but its pixels did not", g.Status())
			}
		})
	}
}

// warnPixels counts the pixels of img in the HUD's warning colour (amber
// text, anti-aliased: red high, blue low).
func warnPixels(img *image.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if c.R > 0xc0 && c.G > 0x80 && c.B < 0x60 {
				n++
			}
		}
	}
	return n
}

func samePixels(a, b *image.RGBA) bool {
	ba, bb := a.Bounds(), b.Bounds()
	if ba != bb {
		return false
	}
	for y := ba.Min.Y; y < ba.Max.Y; y++ {
		for x := ba.Min.X; x < ba.Max.X; x++ {
			if a.RGBAAt(x, y) != b.RGBAAt(x, y) {
				return false
			}
		}
	}
	return true
}
