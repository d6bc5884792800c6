package render_test

import (
	"image"
	"testing"

	"strings"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// BenchmarkDrawHUD draws frames of a GRC trainee of grc-tur at 00:18 (a
// shared track, the brief and a message in the log, the roster, the
// objectives): "idle" frames come between two views with the mouse still,
// so the HUD draws its kept panels; "rebuilt" frames follow a step whose
// cursor moved, so every panel line is formatted again.
func BenchmarkDrawHUD(b *testing.B) {
	for _, tc := range []struct {
		name  string
		moved bool
	}{{"idle", false}, {"rebuilt", true}} {
		b.Run(tc.name, func(b *testing.B) {
			g, ex := localGame(b, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true, Width: 1280, Height: 800})
			ex.StepTo(1100)
			g.Step(client.Input{X: -1, Y: -1})
			dst := ebiten.NewImage(1280, 800)
			defer dst.Deallocate()
			px := ebiten.NewImageWithOptions(image.Rect(0, 0, 1, 1), &ebiten.NewImageOptions{Unmanaged: true})
			defer px.Deallocate()
			src := dst.SubImage(image.Rect(640, 400, 641, 401)).(*ebiten.Image)
			buf := make([]byte, 4)
			g.DrawFrame(dst)
			b.ReportAllocs()
			b.ResetTimer()
			i := 0
			for b.Loop() {
				if tc.moved {
					i++
					g.Step(client.Input{X: float64(i % 2), Y: -1})
				}
				g.DrawFrame(dst)
				px.DrawImage(src, nil)
				px.ReadPixels(buf)
			}
		})
	}
}

// TestHUDKeptUntilSomethingChanges: frames between two views draw the same
// HUD from what was kept, and a new log line, a click or a new view shows
// at once.
func TestHUDKeptUntilSomethingChanges(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	ex.StepTo(900)
	first := frame(t, g)
	again := draw(g)
	if !samePixels(first, again) {
		t.Fatal("a second frame with nothing new differs from the first")
	}
	allocs := testing.AllocsPerRun(20, func() { draw(g) })
	t.Logf("%.0f allocations per idle frame (with the test's read-back)", allocs)
	// The first track TUR shares with GRC puts a log line and a track
	// list entry on the HUD: the frame after it must show them. The
	// exercise steps a minute at a time until that share is logged.
	shared := func() bool {
		log := g.Log()
		return len(log) > 0 && strings.HasSuffix(log[len(log)-1], " shared with GRC")
	}
	for tick := int32(960); !shared(); tick += 60 {
		if tick > 4*3600 {
			t.Fatalf("no share logged in four hours; log %q", g.Log())
		}
		ex.StepTo(tick)
		g.Step(client.Input{X: -1, Y: -1})
	}
	later := draw(g)
	if samePixels(first, later) {
		t.Fatal("a new view and log line did not change the frame")
	}
	bar := image.Rect(0, 0, testW, 28)
	if samePixels(first.SubImage(bar).(*image.RGBA), later.SubImage(bar).(*image.RGBA)) {
		t.Error("the top bar's clock and tick did not change with the new view")
	}
}

// TestLongTextWraps: an objective, a logged message and its toast far
// longer than their panels are shown whole on several lines (no "…"), the
// panels grow to hold them, nothing is drawn over the middle of the map,
// and the objectives' title collapses them.
func TestLongTextWraps(t *testing.T) {
	const long = "Keep every dinghy crossing between Soufli and Feres under observation from the first light " +
		"until the river patrols report the sector clear, and hand each track to the partner before it reaches the far bank"
	m := loadMap(t, "grc-tur")
	view := &sim.View{Team: 0, Tick: 600, Speed: 10, Objective: []sim.ObjectiveStatus{
		{ID: "watch", Description: long, Value: 0.5, Target: 0.8},
	}}
	ex := &eventExercise{fakeExercise: fakeExercise{info: twoTeams(m)}}
	ex.show(view)
	ex.events = []sim.Event{{Kind: sim.EvMessage, Tick: 600, Team: 0, Text: "M1", Message: long}}
	now := time.Date(2026, 12, 5, 1, 0, 0, 0, time.UTC)
	g, err := render.New(ex, render.Options{Width: testW, Height: testH, NoInterpolation: true, NoCard: true,
		Fit: render.FitBorder, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(testW, testH)
	img := frame(t, g)

	text := g.PanelText()
	joined := strings.Join(text, "\n")
	for _, l := range text {
		if strings.HasSuffix(l, "…") {
			t.Errorf("a panel line is cut: %q", l)
		}
	}
	// The objective, the log line and the toast each end with the text's
	// last words.
	if n := strings.Count(joined, "reaches the far bank"); n < 3 {
		t.Errorf("the end of the long text is shown %d times, want 3 (objective, log, toast):\n%s", n, joined)
	}
	// The log entry takes several rows, each with text drawn in it.
	rows := 0
	for i := 0; ; i++ {
		x0, y0, x1, y1, ok := g.LogLine(i)
		if !ok {
			break
		}
		rows++
		if ink(img, image.Rect(int(x0)+10, int(y0), int(x1)-10, int(y1))) < 30 {
			t.Errorf("log row %d at y %.0f has no text drawn in it", i, y0)
		}
	}
	if rows < 3 {
		t.Errorf("the long log entry takes %d rows, want at least 3", rows)
	}

	// Nothing over the middle of the map: once the toast has gone, the
	// same pixels there.
	if toasts := g.Toasts(); len(toasts) != 1 {
		t.Fatalf("toasts %q, want the message", toasts)
	}
	now = now.Add(time.Minute)
	plain := frame(t, g)
	if toasts := g.Toasts(); len(toasts) != 0 {
		t.Fatalf("toasts %q a minute later", toasts)
	}
	fr := g.Controller().Free
	cx, cy := int((fr.X0+fr.X1)/2), int((fr.Y0+fr.Y1)/2)
	mid := image.Rect(cx-60, cy-60, cx+60, cy+60)
	if !samePixels(img.SubImage(mid).(*image.RGBA), plain.SubImage(mid).(*image.RGBA)) {
		t.Error("something of the HUD is drawn over the middle of the map")
	}

	// The objectives' title collapses them: the right column's panel is
	// shorter and the text is gone.
	before := panelPixels(img, image.Rect(testW-320, 40, testW-20, 260))
	if !g.ClickHUD(float64(testW)-200, 30+8+10) {
		t.Fatal("the objectives' title took no click")
	}
	g.Step(client.Input{X: -1, Y: -1})
	shut := draw(g)
	// The log's line is left; the objective's is gone.
	if n := strings.Count(strings.Join(g.PanelText(), "\n"), "reaches the far bank"); n != 1 {
		t.Errorf("collapsed objectives: the long text's end shown %d times, want once (the log's)", n)
	}
	if after := panelPixels(shut, image.Rect(testW-320, 40, testW-20, 260)); after >= before {
		t.Errorf("collapsing the objectives left %d panel pixels of %d", after, before)
	}
}

// ink counts the light text pixels of r (the panels are dark).
func ink(img *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)+int(c.G)+int(c.B) > 3*150 {
				n++
			}
		}
	}
	return n
}

// panelPixels counts the pixels of r in a HUD panel's dark colour.
func panelPixels(img *image.RGBA, r image.Rectangle) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if int(c.R)+int(c.G)+int(c.B) < 3*50 {
				n++
			}
		}
	}
	return n
}
