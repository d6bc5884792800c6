package render_test

import (
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// Drawing needs a running Ebiten loop (and so a display: run these tests
// under xvfb-run). TestMain starts one and runs the tests from its first
// Update, as Ebiten's own tests do.
func TestMain(m *testing.M) {
	g := &mainGame{m: m, code: 1}
	ebiten.SetWindowSize(320, 240)
	ebiten.SetWindowTitle("borderdrill render tests")
	if err := ebiten.RunGame(g); err != nil {
		panic(err)
	}
	os.Exit(g.code)
}

type mainGame struct {
	m    *testing.M
	code int
}

func (g *mainGame) Update() error {
	g.code = g.m.Run()
	return ebiten.Termination
}

func (*mainGame) Draw(*ebiten.Image) {}

func (*mainGame) Layout(int, int) (int, int) { return 320, 240 }
