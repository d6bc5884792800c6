package render_test

import (
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
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
// right), then the surge form (1, drawn there too), sets 6 groups, and
// places the surge with a click on Venezuelan ground across the Táchira:
// the command carries the point clicked, and the six groups appear in
// ground truth there, drawn in the crossers' colour; the other entries'
// forms send their kinds.
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
	if c := g.Controller(); c.AdHoc || c.Form.Kind != client.FormSurge {
		t.Fatalf("1: menu open %v, form %d; want the surge form", c.AdHoc, c.Form.Kind)
	}
	colSelectBack := color.RGBA{0x3a, 0x3f, 0x1a, 0xff}
	if n := countIn(draw(g), menu, colSelectBack); n < 1000 {
		t.Errorf("the surge form's picked line: %d pixels of its background in the top right", n)
	}
	const groupsWanted = 6
	press(client.KeyBackspace)
	g.Step(client.Input{X: x, Y: y, Chars: []rune("6")})
	press(client.KeyEnter)
	if !g.Controller().Form.Placing || len(ex.sent) != 0 {
		t.Fatalf("Enter: placing %v, sent %+v", g.Controller().Form.Placing, ex.sent)
	}
	draw(g)
	if txt := strings.Join(g.OverlayText(), " | "); !strings.Contains(txt, "Click on the map") {
		t.Errorf("while placing the form says %q", txt)
	}
	g.Step(client.Input{X: x, Y: y, Left: client.Button{Pressed: true, Down: true}})
	g.Step(client.Input{X: x, Y: y, Left: client.Button{Released: true}})
	if g.Controller().Typing() {
		t.Error("the form stayed open after its place")
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
	if d := math.Hypot(surge.Target[0]-want[0], surge.Target[1]-want[1]); d > 1 || surge.Count != groupsWanted || surge.Size != client.AdHocSurgeSize {
		t.Fatalf("surge %+v, want %d groups at the cursor %v", surge, groupsWanted, want)
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
	for i := 0; i < 50 && len(groups()) < groupsWanted; i++ {
		ex.Advance(100 * time.Millisecond)
		g.Step(client.Input{X: x, Y: y})
	}
	gs := groups()
	if len(gs) != groupsWanted {
		t.Fatalf("%d groups of %d at the cursor in ground truth, want %d", len(gs), client.AdHocSurgeSize, groupsWanted)
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

	for _, keys := range [][]client.Key{{client.KeyA, client.Key5, client.KeyEnter}, {client.KeyA, client.Key9}, {client.KeyA, client.Key4, client.KeyEnter}} {
		for _, k := range keys {
			press(k)
		}
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

// TestStaffClients: an evaluator and Colombia's controller join a real
// server. Neither is shown the white cell's keys on the help card (the
// clock, the views, the ad-hoc menu), and pressing them changes nothing:
// the exercise runs on, no menu opens, the view stays ground truth. The
// controller's MSEL table lists only the rows addressed to Colombia's
// teams, and Enter fires the first of them (the white cell sees it fired);
// the evaluator's Enter opens the observation form on the row, and the
// white cell receives what it writes there.
func TestStaffClients(t *testing.T) {
	const tok = "staff-test-token-0123456789abcdef"
	srv := servertest.Start(t, server.Config{InstructorToken: tok}, nil)
	ex := srv.Exercise(t, "col-ven-cucuta-bridges", 10)
	sc, err := scenarios.Builtin("col-ven-cucuta-bridges")
	if err != nil {
		t.Fatal(err)
	}
	games := map[string]*render.Game{}
	insNet := srv.Join(t, tok, ex.ID, "White")
	for _, req := range []server.CodeRequest{{Role: "evaluator", Label: "Eva"}, {Role: "controller", Nation: "COL"}} {
		code, err := srv.IssueCode(ex.ID, req)
		if err != nil {
			t.Fatal(err)
		}
		games[req.Role] = newGame(t, srv.Join(t, code.Code, "", req.Role), true)
	}
	step := func(g *render.Game, keys ...client.Key) {
		if len(keys) == 0 {
			g.Step(client.Input{X: testW / 2, Y: testH / 2})
		}
		for _, k := range keys {
			g.Step(client.Input{X: testW / 2, Y: testH / 2, Keys: []client.Key{k}})
		}
	}
	for deadline := time.Now().Add(10 * time.Second); games["evaluator"].View() == nil || games["controller"].View() == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no view: evaluator %v, controller %v", games["evaluator"].View() != nil, games["controller"].View() != nil)
		}
		step(games["evaluator"])
		step(games["controller"])
	}
	whiteOnly := []string{"help.w.space", "help.w.speed", "help.w.view_cycle", "help.w.adhoc", "help.w.inject"}
	en := i18n.Get("en")
	for role, g := range games {
		help := strings.Join(g.HelpLines(), "\n")
		for _, k := range whiteOnly {
			if strings.Contains(help, en.T(k)) {
				t.Errorf("the %s's help card shows the white cell's %q", role, en.T(k))
			}
		}
		if !strings.Contains(help, en.T("help.w.msel")) {
			t.Errorf("the %s's help card has no MSEL line", role)
		}
		step(g, client.KeySpace, client.Key1, client.KeyTab, client.KeyA)
		c := g.Controller()
		if c.AdHoc || c.Menu || c.ViewTeam != sim.Instructor || c.WhiteCell() {
			t.Errorf("the %s after the white cell's keys: ad-hoc %v, MSEL %v, view %d", role, c.AdHoc, c.Menu, c.ViewTeam)
		}
	}
	eventually := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !ok(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out: %s", what)
			}
			for _, g := range games {
				step(g)
			}
		}
	}
	tick0 := games["controller"].View().Tick
	eventually("the exercise runs on (Space did not pause it)", func() bool {
		v := games["controller"].View()
		return !v.Paused && v.Tick > tick0+20
	})

	// The controller: only Colombia's rows; Enter fires the first.
	ctl := games["controller"].Controller()
	if len(ctl.Injects) == 0 || len(ctl.Injects) >= len(sc.Injects) {
		t.Fatalf("the controller's MSEL has %d of %d rows", len(ctl.Injects), len(sc.Injects))
	}
	for _, in := range ctl.Injects {
		if in.Addressee < 0 || sc.Teams[in.Addressee].Country != "COL" {
			t.Errorf("the controller's MSEL lists %s, addressed to %d", in.ID, in.Addressee)
		}
	}
	first := ctl.Injects[0].ID
	step(games["controller"], client.KeyI, client.KeyEnter)
	eventually("the controller's row fires", func() bool {
		for _, in := range games["controller"].View().Injects {
			if in.ID == first {
				return in.Status == sim.RowFired
			}
		}
		return false
	})

	// The evaluator: Enter on the second row opens the form; a note, rating U.
	ev := games["evaluator"]
	step(ev, client.KeyI, client.KeyDown, client.KeyEnter)
	if f := ev.Controller().Form; f.Kind != client.FormObserve {
		t.Fatalf("the evaluator's Enter opened form %d", f.Kind)
	}
	draw(ev)
	if txt := strings.Join(ev.OverlayText(), " | "); !strings.Contains(txt, en.T("form.title.observe")) || !strings.Contains(txt, "C2") {
		t.Errorf("the observation form reads %q", txt)
	}
	ev.Step(client.Input{X: -1, Y: -1, Chars: []rune("no liaison call")})
	step(ev, client.KeyUp, client.KeyLeft, client.KeyEnter) // the rating: P → U
	eventually("the white cell receives the observation", func() bool { return len(insNet.Observations()) > 0 })
	o := insNet.Observations()[0]
	if o.Subject != wire.SubjectInject || o.Ref != "C2" || o.Rating != wire.RatingU || o.Text != "no liaison call" || o.From != "EVAL/evaluator" {
		t.Errorf("the white cell received %+v", o)
	}
}
