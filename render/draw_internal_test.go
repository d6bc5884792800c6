package render

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// TestDeclutter: up to declutterAbove icons each is stamped where it is;
// above, icons of one team's units (or one kind of track, or the groups)
// in one square are stamped once, with their count, and none is lost; a
// selected unit stays single; a pan keeps the clusters' members; a
// cluster shows its commonest member's icon with any member's flags.
func TestDeclutter(t *testing.T) {
	sp := newSprites(whitePixel())
	dst := ebiten.NewImage(640, 640)
	defer dst.Deallocate()
	fill := func(d *declutter, n int, dx, dy float64) {
		r := rand.New(rand.NewPCG(3, 4))
		for range n {
			team := r.IntN(3)
			k := unitKey(sim.UnitView{Kind: sim.UnitKind(r.IntN(3)), Team: team})
			d.add(k, spriteKey{kind: spriteUnit, team: int8(team)}, 100+320*r.Float64()+dx, 100+320*r.Float64()+dy, 1, false)
		}
	}
	stamp := func(d *declutter, ox, oy float64) int {
		sp.b.begin(dst)
		d.stamp(sp, ox, oy)
		n := len(sp.b.vs) / 4 // one quad a stamp
		sp.b.end()
		return n
	}
	sizes := func(d *declutter) []int {
		var s []int
		for _, c := range d.clusters {
			s = append(s, c.n)
		}
		slices.Sort(s)
		return s
	}

	var few declutter
	fill(&few, declutterAbove, 0, 0)
	if n := stamp(&few, 0, 0); n != declutterAbove || few.clustered {
		t.Errorf("%d icons: %d stamps (clustered %v), want one each", declutterAbove, n, few.clustered)
	}

	var many declutter
	const n = 3 * declutterAbove
	fill(&many, n, 0, 0)
	many.add(unitKey(sim.UnitView{Team: 1}), spriteKey{kind: spriteUnit, team: 1}, 200, 200, 1, true)
	stamps := stamp(&many, 0, 0)
	if !many.clustered {
		t.Fatalf("%d icons were not clustered", n+1)
	}
	total, counts := 0, 0
	for _, c := range many.clusters {
		total += c.n
		if c.n > 1 {
			counts++
		}
	}
	// 320 pixels square: at most 11×11 squares, three teams in each.
	if total != n || len(many.clusters) > 3*11*11 || stamps != len(many.clusters)+counts+1 {
		t.Errorf("%d icons: %d clusters holding %d, %d stamps; want all %d held by at most %d clusters, each stamped with its count, and the selected one",
			n, len(many.clusters), total, stamps, n, 3*11*11)
	}
	want := sizes(&many)

	var panned declutter
	fill(&panned, n, 37.25, -12.5)
	stamp(&panned, 37.25, -12.5)
	if got := sizes(&panned); !slices.Equal(got, want) {
		t.Errorf("after a pan the clusters hold %v, want %v", got, want)
	}

	var c cluster
	for _, u := range []sim.UnitView{{Kind: sim.Vehicle}, {Kind: sim.Foot}, {Kind: sim.Vehicle, Custody: 2}, {Kind: sim.Vehicle}} {
		c.add(icon{key: unitKey(u), a: 0.5})
	}
	if k := c.key(); k.sub != uint8(sim.Vehicle) || k.flags&flagCustody == 0 || c.n != 4 || c.a != 0.5 {
		t.Errorf("a cluster of three vehicles (one escorting) and a foot patrol shows %+v (of %d)", k, c.n)
	}
}

// TestHUDTiles: the HUD's kept layer drawn tile by tile gives the same
// pixels as the whole layer, while it copies well under the screen.
func TestHUDTiles(t *testing.T) {
	const W, H = 1280, 800
	g := localGame(t, "col-ven-cucuta-bridges", 1, Options{Width: W, Height: H, NoInterpolation: true, NoCard: true})
	g.Layout(W, H)
	g.Step(client.Input{X: -1, Y: -1})
	screen := ebiten.NewImage(W, H)
	defer screen.Deallocate()
	g.DrawFrame(screen)
	c := &g.hudCache
	if !c.ok {
		t.Fatal("the HUD was not kept")
	}
	tiled, whole := ebiten.NewImage(W, H), ebiten.NewImage(W, H)
	defer tiled.Deallocate()
	defer whole.Deallocate()
	c.tiles.draw(tiled)
	whole.DrawImage(c.layer, nil)
	got, want := make([]byte, 4*W*H), make([]byte, 4*W*H)
	tiled.ReadPixels(got)
	whole.ReadPixels(want)
	ink, diff := 0, 0
	for i := 0; i < len(want); i += 4 {
		if want[i+3] != 0 {
			ink++
		}
		if [4]byte(got[i:i+4]) != [4]byte(want[i:i+4]) {
			diff++
		}
	}
	copied := 0.0
	for i := 0; i+2 < len(c.tiles.is); i += 6 {
		v0, v2 := c.tiles.vs[c.tiles.is[i]], c.tiles.vs[c.tiles.is[i+2]]
		copied += float64((v2.DstX - v0.DstX) * (v2.DstY - v0.DstY))
	}
	if ink == 0 || diff > 0 || copied > 0.6*W*H {
		t.Errorf("the tiles differ from the layer in %d pixels (%d inked) and copy %.0f%% of the screen; want none and at most 60%%",
			diff, ink, 100*copied/(W*H))
	}
	t.Logf("the tiles copy %.0f%% of the screen in %d rectangles", 100*copied/(W*H), len(c.tiles.is)/6)
}
