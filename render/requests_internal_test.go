package render

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/hajimehoshi/ebiten/v2"
)

// TestRequestsPanel: Q opens the requests panel over the map; it lists
// the team's requests, the newest first, the one waiting for its answer
// with the time left to its deadline, a readmission with its persons and
// checkpoint; A with a track selected shows the
// track's actions.
func TestRequestsPanel(t *testing.T) {
	const W, H = 1280, 800
	g := localGame(t, "col-ven-cucuta-bridges", 1, Options{Width: W, Height: H, NoInterpolation: true, NoCard: true}) // PONAL
	g.Layout(W, H)
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyQ}})
	if !g.ctl.Requests {
		t.Fatal("Q did not open the requests panel")
	}
	texts := func() []string {
		screen := ebiten.NewImage(W, H)
		defer screen.Deallocate()
		g.DrawFrame(screen)
		var s []string
		for _, d := range g.drawn {
			s = append(s, d.s)
		}
		return s
	}
	if got := strings.Join(texts(), "\n"); !strings.Contains(got, g.tr.T("coop.none")) {
		t.Errorf("an empty panel does not say so:\n%s", got)
	}
	v := g.view
	v.Requests = []sim.RequestView{
		{ID: 1, Kind: sim.ReqHandover, State: sim.ReqGranted, From: 1, To: 2, Answered: v.Tick},
		{ID: 2, Kind: sim.ReqAssistance, State: sim.ReqPending, From: 2, To: 1, Due: v.Tick + 600, Text: "casualty", Answered: -1},
		{ID: 3, Kind: sim.ReqReadmission, State: sim.ReqSent, From: 1, To: 2, Persons: 6, Checkpoint: "Simón Bolívar", Answered: -1},
	}
	got := texts()
	want := []string{
		g.tr.F("coop.requests", 1),
		g.tr.F("coop.req_row", 2, "assistance", "GNB", "PONAL", "pending") + "  " + g.tr.F("coop.req_due", "10:00"),
		g.tr.F("coop.req_row", 1, "handover", "PONAL", "GNB", "granted"),
		g.tr.F("coop.req_row", 3, "readmission", "PONAL", "GNB", "sent") + "  " + g.tr.F("coop.req_persons", 6, "Simón Bolívar"),
	}
	for _, w := range want {
		found := false
		for _, s := range got {
			found = found || s == w
		}
		if !found {
			t.Errorf("the panel does not show %q; it shows %q", w, got)
		}
	}
	g.ctl.Requests = false
	v.Tracks = append(v.Tracks, sim.TrackView{ID: 42, Team: 1, Pos: v.Units[0].Pos, From: -1, ClassBy: -1, HandedTo: -1})
	if !g.ctl.SelectTrack(v, 42) {
		t.Fatal("cannot select the track")
	}
	g.ctl.Actions = true
	if got := strings.Join(texts(), " "); !strings.Contains(got, "T42") {
		t.Errorf("the track's actions do not name T42: %s", got)
	}
}

// TestCommissionView: V opens the joint-commission view over the map: a
// protest GNB made to PONAL shows under the commission the scenario names
// for their agreement, with each step's clock time and "—" for the step
// not reached; the frame differs where the view is drawn (a capture
// check); V closes it. The white cell's Q lists every request of every
// team with when it was made and answered.
func TestCommissionView(t *testing.T) {
	const W, H = 1280, 800
	game := func(team int) *Game {
		g := localGame(t, "col-ven-cucuta-bridges", team, Options{Width: W, Height: H, NoInterpolation: true, NoCard: true})
		g.Layout(W, H)
		g.Step(client.Input{X: -1, Y: -1})
		return g
	}
	frame := func(g *Game) (*ebiten.Image, string) {
		screen := ebiten.NewImage(W, H)
		g.DrawFrame(screen)
		var s []string
		for _, d := range g.drawn {
			s = append(s, d.s)
		}
		return screen, strings.Join(s, "\n")
	}
	g := game(1) // PONAL
	protest := sim.RequestView{ID: 3, Kind: sim.ReqProtest, State: sim.ReqInvestigating, From: 2, To: 1, Unit: g.view.Units[0].ID,
		Text: "drone over San Antonio", Made: 600, Acked: 700, Opened: 900, Answered: 900, Due: 1500}
	reqs := []sim.RequestView{{ID: 1, Kind: sim.ReqHandover, State: sim.ReqGranted, From: 1, To: 2, Answered: 10}, protest}
	g.view.Requests = reqs
	before, _ := frame(g)
	defer before.Deallocate()
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyV}})
	if !g.ctl.Commission {
		t.Fatal("V did not open the joint-commission view")
	}
	g.view.Requests = reqs
	g.addChat(wire.Chat{Channel: wire.ChanCommission, Agreement: "trochas", From: "GNB/Ana", Text: "the commission sits at 10:00"})
	g.addChat(wire.Chat{Channel: wire.ChanLiaison, Agreement: "trochas", From: "GNB/Ana", Text: "a liaison line"})
	after, got := frame(g)
	defer after.Deallocate()
	want := []string{
		g.tr.F("coop.commission", 1),
		g.tr.F("coop.incident_row", 3, "Comisión Binacional de Frontera (Cúcuta–San Antonio)", "GNB", "PONAL", g.unitName(protest.Unit), "investigating"),
		g.tr.F("coop.step_protest", g.clockText(600)) + " · " + g.tr.F("coop.step_ack", g.clockText(700)) + " · " +
			g.tr.F("coop.step_open", g.clockText(900)) + " · " + g.tr.F("coop.step_resolved", "—"),
		g.tr.T("coop.commission_lines"),
		g.tr.F("chat.line", g.tr.F("chat.commission", "trochas"), "GNB/Ana", "the commission sits at 10:00"),
	}
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("the view does not show %q; it shows:\n%s", w, got)
		}
	}
	if strings.Contains(got, g.tr.F("coop.req_row", 1, "handover", "PONAL", "GNB", "granted")) {
		t.Error("the joint-commission view lists a hand-over")
	}
	if strings.Contains(got, "a liaison line") { // a local game draws no chat panel
		t.Error("the joint-commission view lists a liaison line")
	}
	changed := 0
	for y := H/2 - 40; y < H/2+40; y += 4 {
		for x := W/2 - 300; x < W/2+300; x += 4 {
			if before.At(x, y) != after.At(x, y) {
				changed++
			}
		}
	}
	if changed < 500 {
		t.Errorf("only %d sampled pixels changed in the middle of the frame: the view is not drawn", changed)
	}
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyV}})
	if g.ctl.Commission {
		t.Error("V did not close the view")
	}

	w := game(sim.Instructor)
	w.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyQ}})
	w.view.Requests = []sim.RequestView{
		{ID: 1, Kind: sim.ReqHandover, State: sim.ReqGranted, From: 1, To: 2, Made: 60, Answered: 120},
		{ID: 2, Kind: sim.ReqPursuit, State: sim.ReqPending, From: 0, To: 2, Made: 300, Answered: -1},
	}
	img, got := frame(w)
	img.Deallocate()
	for _, s := range []string{
		w.tr.F("coop.requests_all", 2, 1),
		w.tr.F("coop.req_row", 1, "handover", "PONAL", "GNB", "granted") + "  " + w.tr.F("coop.req_made", w.clockText(60)) + "  " +
			w.tr.F("coop.req_answered", w.clockText(120)),
		w.tr.F("coop.req_row", 2, "pursuit", "MIG", "GNB", "pending") + "  " + w.tr.F("coop.req_made", w.clockText(300)),
	} {
		if !strings.Contains(got, s) {
			t.Errorf("the white cell's panel does not show %q; it shows:\n%s", s, got)
		}
	}
}
