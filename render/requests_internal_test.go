package render

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// TestRequestsPanel: Q opens the requests panel over the map; it lists
// the team's requests, the newest first, the one waiting for its answer
// with the time left to its deadline; A with a track selected shows the
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
	}
	got := texts()
	want := []string{
		g.tr.F("coop.requests", 1),
		g.tr.F("coop.req_row", 2, "assistance", "GNB", "PONAL", "pending") + "  " + g.tr.F("coop.req_due", "10:00"),
		g.tr.F("coop.req_row", 1, "handover", "PONAL", "GNB", "granted"),
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
