package render_test

import (
	"fmt"
	"image"
	"math/rand/v2"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
)

// crowdedView returns an instructor's view with n entities on screen:
// 40% units (all three kinds, with routes), 30% tracks, 30% crossers,
// plus 60 sensors.
func crowdedView(cam *client.Camera, n int) *sim.View {
	r := rand.New(rand.NewPCG(1, 2))
	pt := func() orb.Point {
		return cam.ToWorld(r.Float64()*float64(cam.W), r.Float64()*float64(cam.H))
	}
	v := &sim.View{Team: sim.Instructor, Speed: 10, Clock: 8 * 3600}
	for i := 0; i < n*4/10; i++ {
		p := pt()
		u := sim.UnitView{ID: int32(i), Team: i % 3, Kind: sim.UnitKind(i % 3), Name: fmt.Sprint("U", i), Pos: p, Track: -1, Aloft: true, Fuel: 100}
		if i%4 == 0 {
			// A local patrol loop, some 100 px across.
			d := 100 / cam.Scale
			u.Order = sim.OrderPatrol
			u.Route = []orb.Point{p, {p[0] + d, p[1]}, {p[0] + d, p[1] + d}}
		}
		v.Units = append(v.Units, u)
	}
	for i := 0; i < n*3/10; i++ {
		v.Tracks = append(v.Tracks, sim.TrackView{ID: int32(i), Team: i % 2, Pos: pt(), Err: 300, Age: int32(i % 900), From: i%3 - 1})
	}
	for i := 0; i < n*3/10; i++ {
		v.Crossers = append(v.Crossers, sim.CrosserView{ID: int32(i), Size: 5, Pos: pt(), State: sim.CrosserState(i % 5), Detected: i%2 == 0})
	}
	for i := 0; i < 60; i++ {
		v.Sensors = append(v.Sensors, sim.SensorView{ID: int32(i), Team: i % 2, Pos: pt(), Range: 5000, Down: i%7 == 0})
	}
	return v
}

// TestCrowdedPictureShowsTheMap: with 10,000 entities in view the icons
// are clustered, so that the map shows between them — at least a tenth
// of the pixels where they lie are the map's own (20 %), against 5.9 % when
// every icon was stamped (main at 8d6d3a4) — and the picture is not
// empty there either.
func TestCrowdedPictureShowsTheMap(t *testing.T) {
	m := loadMap(t, "pol-blr")
	info := twoTeams(m)
	info.Team = sim.Instructor
	ex := &fakeExercise{info: info}
	const w, h = 1280, 800
	g, err := render.New(ex, render.Options{Width: w, Height: h, NoInterpolation: true, NoCard: true, HideHUD: true})
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(w, h)
	v := crowdedView(g.Camera(), 10_000)
	dst := ebiten.NewImage(w, h)
	defer dst.Deallocate()
	frame := func(v *sim.View) []byte {
		ex.show(v)
		g.Step(client.Input{X: -1, Y: -1})
		g.DrawFrame(dst)
		px := make([]byte, 4*w*h)
		dst.ReadPixels(px)
		return px
	}
	crowded := frame(v)
	bare := frame(&sim.View{Team: sim.Instructor, Speed: v.Speed, Clock: v.Clock})
	// Where the entities lie, on the camera the frames were drawn with.
	r := image.Rectangle{Min: image.Pt(w, h)}
	for _, u := range v.Units {
		x, y := g.Camera().ToScreen(u.Pos)
		r = r.Union(image.Rect(int(x), int(y), int(x)+1, int(y)+1))
	}
	r = r.Intersect(image.Rect(0, 0, w, h))
	same, all := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := 4 * (y*w + x)
			all++
			if [4]byte(crowded[i:i+4]) == [4]byte(bare[i:i+4]) {
				same++
			}
		}
	}
	if share := float64(same) / float64(max(all, 1)); all < 100_000 || share < 0.10 || share > 0.6 {
		t.Errorf("%.1f%% of the %d pixels where 10,000 entities lie show the bare map; want between 10 and 60%%", 100*share, all)
	} else {
		t.Logf("%.1f%% of the %d pixels where the entities lie show the bare map", 100*share, all)
	}
}

// benchDraw draws frames of a 1280×800 client with 10,000 entities in
// view. Each iteration reads back one pixel of the frame, which waits for
// the GPU (or llvmpipe) to finish it, so ns/op is the whole frame time.
func benchDraw(b *testing.B, move func(cam *client.Camera, i int)) {
	m := loadMap(b, "pol-blr")
	info := twoTeams(m)
	info.Team = sim.Instructor
	ex := &fakeExercise{info: info}
	const w, h = 1280, 800
	g, err := render.New(ex, render.Options{Width: w, Height: h, NoInterpolation: true, NoCard: true})
	if err != nil {
		b.Fatal(err)
	}
	g.Layout(w, h)
	v := crowdedView(g.Camera(), 10_000)
	ex.show(v)
	g.Step(client.Input{X: -1, Y: -1})
	dst := ebiten.NewImage(w, h)
	defer dst.Deallocate()
	// Waiting for the frame: copy one of its pixels into a separate 1×1
	// image and read that back. (Reading a sub-image of dst would read
	// back all of dst.)
	src := dst.SubImage(image.Rect(w/2, h/2, w/2+1, h/2+1)).(*ebiten.Image)
	px := ebiten.NewImageWithOptions(image.Rect(0, 0, 1, 1), &ebiten.NewImageOptions{Unmanaged: true})
	defer px.Deallocate()
	buf := make([]byte, 4)
	sync := func() {
		px.DrawImage(src, nil)
		px.ReadPixels(buf)
	}
	g.DrawFrame(dst)
	sync()
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	i := 0
	for b.Loop() {
		if move != nil {
			move(g.Camera(), i)
			i++
		}
		g.DrawFrame(dst)
		sync()
	}
	b.StopTimer()
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(b.N)/s, "fps")
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// BenchmarkDrawFrame is a frame with 10k entities on a still camera (the
// static map comes from its cache).
func BenchmarkDrawFrame(b *testing.B) { benchDraw(b, nil) }

// BenchmarkDrawFrameMoving is the same while the camera pans a pixel each
// frame (the cached map is drawn shifted).
func BenchmarkDrawFrameMoving(b *testing.B) {
	benchDraw(b, func(cam *client.Camera, i int) { cam.Pan(float64(1-2*(i%2)), 0) })
}

// BenchmarkDrawFrameZoomJump zooms 4× in and out on alternate frames, so
// the static map (countries, rivers, border, towns) is drawn anew every
// frame: the worst case, as when the camera settles after a move.
func BenchmarkDrawFrameZoomJump(b *testing.B) {
	benchDraw(b, func(cam *client.Camera, i int) {
		f := 4.0
		if i%2 == 1 {
			f = 0.25
		}
		cam.ZoomAt(float64(cam.W)/2, float64(cam.H)/2, f)
	})
}

// BenchmarkFirstFrame is a client's start as the browser test's trainee
// sees it: render.New for GNB of col-ven on a 1280×657 page, one Step and
// the first frame — the start card over the map and the HUD — read back.
// The fonts' parsed sources, their shaped texts and glyph images live as
// long as the process, so only the first iteration is a cold start: run
// it with -benchtime 1x, once per process.
func BenchmarkFirstFrame(b *testing.B) {
	const w, h = 1280, 657
	dst := ebiten.NewImage(w, h)
	defer dst.Deallocate()
	buf := make([]byte, 4)
	for b.Loop() {
		b.StopTimer()
		sc := drilltest.Builtin(b, "col-ven-cucuta-bridges")
		l, err := exercise.NewLocal(sc, 1, 2, 0)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		g, err := render.New(l, render.Options{Width: w, Height: h})
		if err != nil {
			b.Fatal(err)
		}
		g.Layout(w, h)
		g.Step(client.Input{X: -1, Y: -1})
		g.DrawFrame(dst)
		dst.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image).ReadPixels(buf)
	}
}
