package render

import (
	"image"
	"image/color"
	"testing"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// TestSpriteFootprint: a stamp fills only its icon's footprint and still
// draws every pixel of the icon — the same pixels as the whole atlas cell
// drawn at the same place — while it fills well under the cell's square.
func TestSpriteFootprint(t *testing.T) {
	var keys []spriteKey
	for kind := sim.Foot; kind <= sim.Drone; kind++ {
		for _, f := range [][2]bool{{false, false}, {true, false}, {false, true}, {true, true}} {
			keys = append(keys, unitKey(sim.UnitView{Kind: kind, Team: int(kind) % 3, Aloft: f[0], Custody: map[bool]int{true: 3}[f[1]]}))
		}
	}
	for _, truth := range []bool{false, true} {
		for _, from := range []int{-1, 1} {
			for _, shared := range []bool{false, true} {
				for _, custody := range []bool{false, true} {
					keys = append(keys, trackKey(sim.TrackView{Team: 1, From: from, SharedTo: shared, Custody: custody}, truth))
				}
			}
		}
	}
	for st := sim.Approaching; st <= sim.Perished; st++ {
		keys = append(keys, crosserKey(sim.CrosserView{State: st, Detected: st%2 == 0, Vulnerable: st%3 == 0}))
	}
	keys = append(keys, spriteKey{kind: spriteSensor, team: 0}, spriteKey{kind: spriteSensor, team: 1, flags: flagDown},
		spriteKey{kind: spriteCheckpoint, team: -1}, spriteKey{kind: spriteCheckpoint, team: -1, flags: flagOpen},
		spriteKey{kind: spriteCount, sub: 2, team: -1}, spriteKey{kind: spriteCount, sub: 57, team: -1}, spriteKey{kind: spriteCount, sub: maxCount + 1, team: -1})

	sp := newSprites(whitePixel())
	const size = 2 * spriteCell
	stamped, whole := ebiten.NewImage(size, size), ebiten.NewImage(size, size)
	defer stamped.Deallocate()
	defer whole.Deallocate()
	got, want := make([]byte, 4*size*size), make([]byte, 4*size*size)
	filled := 0.0
	for _, k := range keys {
		stamped.Clear()
		sp.b.begin(stamped)
		sp.stamp(k, size/2, size/2, 1)
		sp.b.end()
		c := sp.cells[k]
		sx, sy := sp.origin(c)
		cell := sp.atlas.SubImage(image.Rect(int(sx), int(sy), int(sx)+spriteCell, int(sy)+spriteCell)).(*ebiten.Image)
		whole.Clear()
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(size/2-spriteHalf, size/2-spriteHalf)
		whole.DrawImage(cell, op)
		stamped.ReadPixels(got)
		whole.ReadPixels(want)
		ink, diff := 0, 0
		for i := 3; i < len(want); i += 4 {
			if want[i] != 0 {
				ink++
			}
			if got[i-3] != want[i-3] || got[i-2] != want[i-2] || got[i-1] != want[i-1] || got[i] != want[i] {
				diff++
			}
		}
		if ink == 0 || diff > 0 {
			t.Errorf("%+v: %d pixels differ from the whole cell's (%d inked)", k, diff, ink)
		}
		f := sp.foot[c]
		area := (f.x1 - f.x0) * (f.y1 - f.y0)
		if f.diamond > 0 {
			area = 2 * f.diamond * f.diamond
		}
		filled += area
	}
	if share := filled / float64(len(keys)*spriteCell*spriteCell); share > 0.4 {
		t.Errorf("stamps fill %.0f%% of their cells, want at most 40%%", 100*share)
	}
}

// TestWedge: a sensor's sector is drawn where it looks — a wedge 90° wide
// aimed east (azimuth 90) fills a pixel east of its centre and none west,
// north or south of it.
func TestWedge(t *testing.T) {
	const size = 101
	img := ebiten.NewImage(size, size)
	defer img.Deallocate()
	b := newBatch(whitePixel())
	b.begin(img, ebiten.FillRuleFillAll)
	red := color.RGBA{R: 255, A: 255}
	b.wedge(50, 50, 40, 90, 90, 1, red, red)
	b.end()
	px := make([]byte, 4*size*size)
	img.ReadPixels(px)
	at := func(x, y int) bool { return px[4*(y*size+x)+3] != 0 }
	for _, c := range []struct {
		name   string
		x, y   int
		filled bool
	}{{"east", 80, 50, true}, {"west", 20, 50, false}, {"north", 50, 20, false}, {"south", 50, 80, false}} {
		if at(c.x, c.y) != c.filled {
			t.Errorf("%s of the centre: filled %v, want %v", c.name, !c.filled, c.filled)
		}
	}
}
