package render

import (
	"testing"

	"github.com/borderdrill/borderdrill/client"
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
