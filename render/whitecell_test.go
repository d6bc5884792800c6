package render_test

import (
	"image"
	"image/color"
	"math"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// countIn counts the pixels of img within 3 of c inside r.
func countIn(img *image.RGBA, r image.Rectangle, c color.RGBA) int {
	return countColour(img.SubImage(r).(*image.RGBA), c)
}

// TestAdHocMenu: the white cell opens the ad-hoc menu (A, drawn in the top
// right), places a surge with the cursor on Venezuelan ground across the
// Táchira (1): the command carries the point under the cursor, and the
// five groups appear in ground truth there, drawn in the crossers' colour;
// the other entries send their kinds.
func TestAdHocMenu(t *testing.T) {
	g, ex := localGame(t, "col-ven-cucuta-bridges", sim.Instructor, 10, render.Options{NoCard: true})
	sc, err := scenarios.Builtin("col-ven-cucuta-bridges")
	if err != nil {
		t.Fatal(err)
	}
	cam := g.Camera()
	// Ureña, Venezuela.
	x, y := cam.ToScreen(sc.Map.Proj.Forward(orb.Point{-72.43, 7.93}))
	if x < 20 || y < 60 || x > testW-20 || y > testH-20 {
		t.Fatalf("Ureña is off screen at (%.0f, %.0f)", x, y)
	}
	press := func(k client.Key) { g.Step(client.Input{X: x, Y: y, Keys: []client.Key{k}}) }
	menu := image.Rect(testW-450, 0, testW, 300)
	amber := color.RGBA{0xff, 0xb0, 0x20, 0xff}
	before := countIn(draw(g), menu, amber)
	press(client.KeyA)
	if !g.Controller().AdHoc {
		t.Fatal("A did not open the ad-hoc menu")
	}
	if open := countIn(draw(g), menu, amber); open < before+40 {
		t.Errorf("amber digits in the top right: %d with the menu, %d without", open, before)
	}
	press(client.Key1)
	if g.Controller().AdHoc {
		t.Error("the menu stayed open after its digit")
	}
	var surge *sim.Command
	for i, c := range ex.sent {
		if c.Kind == sim.CmdSurge {
			surge = &ex.sent[i]
		}
	}
	if surge == nil {
		t.Fatalf("no surge sent: %+v", ex.sent)
	}
	want := cam.ToWorld(x, y)
	if d := math.Hypot(surge.Target[0]-want[0], surge.Target[1]-want[1]); d > 1 || surge.Count != client.AdHocSurgeGroups {
		t.Fatalf("surge %+v, want %d groups at the cursor %v", surge, client.AdHocSurgeGroups, want)
	}
	groups := func() []sim.CrosserView {
		var out []sim.CrosserView
		for _, c := range g.View().Crossers {
			if c.Size == client.AdHocSurgeSize && math.Hypot(c.Pos[0]-want[0], c.Pos[1]-want[1]) < 2*sim.SurgeSpread {
				out = append(out, c)
			}
		}
		return out
	}
	for i := 0; i < 50 && len(groups()) < client.AdHocSurgeGroups; i++ {
		ex.Advance(100 * time.Millisecond)
		g.Step(client.Input{X: x, Y: y})
	}
	gs := groups()
	if len(gs) != client.AdHocSurgeGroups {
		t.Fatalf("%d groups of %d at the cursor in ground truth, want %d", len(gs), client.AdHocSurgeSize, client.AdHocSurgeGroups)
	}
	img := draw(g)
	drawn := 0
	for _, c := range gs {
		if cx, cy := cam.ToScreen(c.Pos); near(img, cx, cy, 3, crosserColour) {
			drawn++
		}
	}
	if drawn < 3 {
		t.Errorf("%d of the surge's %d groups drawn in the crossers' colour", drawn, len(gs))
	}

	for _, d := range []client.Key{client.Key6, client.Key9, client.Key5} {
		press(client.KeyA)
		press(d)
	}
	kinds := map[sim.CommandKind]bool{}
	for _, c := range ex.sent {
		kinds[c.Kind] = true
	}
	for _, k := range []sim.CommandKind{sim.CmdWeather, sim.CmdAuto, sim.CmdCommsCut} {
		if !kinds[k] {
			t.Errorf("no %s sent: %+v", k, ex.sent)
		}
	}
}

// TestEvaluatorClient: an evaluator joined to a real server writes an
// observation on the chat line ("C2 S …"); the white cell's client
// receives it and its MSEL menu shows it beside row C2, in the notes'
// blue.
func TestEvaluatorClient(t *testing.T) {
	const tok = "eval-test-token-0123456789abcdef"
	srv := servertest.Start(t, server.Config{InstructorToken: tok}, nil)
	ex := srv.Exercise(t, "col-ven-cucuta-bridges", 10)
	code, err := srv.IssueCode(ex.ID, server.CodeRequest{Role: "evaluator", Label: "Eva"})
	if err != nil {
		t.Fatal(err)
	}
	evNet, insNet := srv.Join(t, code.Code, "", "Eva"), srv.Join(t, tok, ex.ID, "White")
	ev, ins := newGame(t, evNet, true), newGame(t, insNet, true)
	for deadline := time.Now().Add(10 * time.Second); ev.View() == nil || ins.View() == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no view")
		}
		ev.Step(client.Input{X: -1, Y: -1})
		ins.Step(client.Input{X: -1, Y: -1})
	}
	ins.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyI}})
	blue := color.RGBA{0x90, 0xca, 0xf9, 0xff}
	before := countColour(draw(ins), blue)

	ev.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyT}, Chars: []rune("t")})
	ev.Step(client.Input{X: -1, Y: -1, Chars: []rune("C2 S patrols moved late to La Parada")})
	ev.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyEnter}})
	for deadline := time.Now().Add(10 * time.Second); len(insNet.Observations()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the white cell received no observation; the evaluator's toasts %q", ev.Toasts())
		}
	}
	o := insNet.Observations()[0]
	if o.Subject != wire.SubjectInject || o.Ref != "C2" || o.Rating != wire.RatingS || o.Text != "patrols moved late to La Parada" || o.From != "EVAL/Eva" {
		t.Fatalf("the white cell received %+v", o)
	}
	ins.Step(client.Input{X: -1, Y: -1})
	if after := countColour(draw(ins), blue); after < before+12 { // the small font's thin strokes: ~20 fully blue pixels for the line
		t.Errorf("notes' blue pixels in the white cell's MSEL menu: %d before the observation, %d after", before, after)
	}
}
