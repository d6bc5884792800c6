package render_test

import (
	"image"
	"math"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// TestNewTrackOffScreenShowsAnEdgeArrow: a track that appears outside the
// map's free part gets an amber arrow at the edge pointing at it; J
// selects and centres it, and then it is no longer new (no arrow).
func TestNewTrackOffScreenShowsAnEdgeArrow(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &eventExercise{fakeExercise: fakeExercise{info: twoTeams(m)}}
	g := newGame(t, ex, true)
	cam := g.Camera()
	free := g.Controller().Free
	// Zoom in on the middle of the free part, then put a track far to its
	// right: off screen.
	cx, cy := (free.X0+free.X1)/2, (free.Y0+free.Y1)/2
	cam.ZoomAt(cx, cy, 8)
	far := cam.ToWorld(cx+float64(testW)*2, cy)
	ex.show(&sim.View{Team: 0, Tick: 0})
	before := frame(t, g)
	ex.show(&sim.View{Team: 0, Tick: 30, Tracks: []sim.TrackView{{ID: 4, Team: 0, Pos: far, From: -1, Size: 1}}})
	ex.events = []sim.Event{{Kind: sim.EvDetection, Team: 0, Tick: 30, Track: 4, Pos: far}}
	after := frame(t, g)

	// The arrow's tip is 20 px inside the free part's right edge, level
	// with the centre (the track lies straight right of it).
	tipX := free.X1 - 20
	amber := func(x0, y0, x1, y1 float64, img func(x, y int) (r, g, b uint8)) int {
		n := 0
		for y := int(y0); y < int(y1); y++ {
			for x := int(x0); x < int(x1); x++ {
				r, gg, b := img(x, y)
				if r > 0xe0 && gg > 0x70 && gg < 0xb0 && b < 0x40 {
					n++
				}
			}
		}
		return n
	}
	px := func(img *image.RGBA) func(x, y int) (uint8, uint8, uint8) {
		return func(x, y int) (uint8, uint8, uint8) {
			c := img.RGBAAt(x, y)
			return c.R, c.G, c.B
		}
	}
	nb := amber(tipX-30, cy-14, tipX+2, cy+14, px(before))
	na := amber(tipX-30, cy-14, tipX+2, cy+14, px(after))
	if nb > 10 || na < 120 {
		t.Errorf("amber pixels at the free part's right edge: %d before the track, %d after; want none, then an arrow", nb, na)
	}
	// Not on the left edge: it points the right way.
	if nl := amber(free.X0+2, cy-14, free.X0+40, cy+14, px(after)); nl > 10 {
		t.Errorf("%d amber pixels at the left edge; the arrow should be on the right only", nl)
	}

	// J jumps to it: selected, centred in the free part, and no longer new.
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyJ}})
	if g.Controller().Track != 4 {
		t.Fatalf("after J the selected track is %d, want 4", g.Controller().Track)
	}
	x, y := cam.ToScreen(far)
	if math.Abs(x-cx) > 2 || math.Abs(y-cy) > 2 {
		t.Errorf("after J the track is at (%.0f, %.0f), want the free part's centre (%.0f, %.0f)", x, y, cx, cy)
	}
	if g.Controller().Fresh.New(4, 30) {
		t.Error("the track is still new after J showed it")
	}
}

// TestLogLineClickShowsTrack: a click on a "new track" line of the event
// log selects the track and centres the map on it; a burst of detections
// is one line.
func TestLogLineClickShowsTrack(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &eventExercise{fakeExercise: fakeExercise{info: twoTeams(m)}}
	g := newGame(t, ex, true)
	cam := g.Camera()
	p := cam.ToWorld(100, 100)
	q := orb.Point{p[0] + 5000, p[1]}
	ex.show(&sim.View{Team: 0, Tick: 0})
	frame(t, g)
	ex.show(&sim.View{Team: 0, Tick: 10, Tracks: []sim.TrackView{{ID: 4, Team: 0, Pos: p, From: -1}, {ID: 5, Team: 0, Pos: q, From: -1}, {ID: 6, Team: 0, Pos: q, From: -1}}})
	ex.events = []sim.Event{
		{Kind: sim.EvDetection, Team: 0, Tick: 10, Track: 4, Pos: p},
		{Kind: sim.EvDetection, Team: 0, Tick: 10, Track: 5, Pos: q},
		{Kind: sim.EvDetection, Team: 0, Tick: 12, Track: 6, Pos: q},
	}
	frame(t, g)
	log := g.Log()
	if len(log) != 1 || log[0] != "3 new tracks: T4 T5 T6" {
		t.Fatalf("log %q, want one line \"3 new tracks: T4 T5 T6\"", log)
	}
	x0, y0, _, _, ok := g.LogLine(0)
	if !ok {
		t.Fatal("no event log line on screen")
	}
	if !g.ClickHUD(x0+40, y0+8) {
		t.Fatal("the click on the log line went to the map")
	}
	if got := g.Controller().Track; got != 6 {
		t.Errorf("selected track %d after the click, want 6 (the burst's last)", got)
	}
	free := g.Controller().Free
	x, y := cam.ToScreen(q)
	if math.Abs(x-(free.X0+free.X1)/2) > 2 || math.Abs(y-(free.Y0+free.Y1)/2) > 2 {
		t.Errorf("the track is at (%.0f, %.0f) after the click, want the free part's centre", x, y)
	}
}
