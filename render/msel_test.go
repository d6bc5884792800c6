package render_test

import (
	"fmt"
	"image"
	"image/color"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
)

// countColour counts the pixels of img within 3 of c in each channel.
func countColour(img *image.RGBA, c color.RGBA) int {
	n := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if close3(img.RGBAAt(x, y), c) {
				n++
			}
		}
	}
	return n
}

// TestMSELMenuLive: the white cell's MSEL menu skips a row (S, then its
// digit) and postpones another (L, then its digit) as commands; the live
// states come back with the view and the menu draws them (the skipped
// row's title red, the postponed one's amber); Tab filters the rows by
// team.
func TestMSELMenuLive(t *testing.T) {
	g, ex := localGame(t, "col-ven-cucuta-bridges", sim.Instructor, 10, render.Options{NoCard: true})
	press := func(ks ...client.Key) {
		for _, k := range ks {
			g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{k}})
		}
	}
	press(client.KeyI)
	c := g.Controller()
	if !c.Menu || len(c.Rows()) < 5 || c.Injects[1].ID != "C2" || c.Injects[2].ID != "C3" {
		t.Fatalf("menu %v, rows %v of %d", c.Menu, c.Rows(), len(c.Injects))
	}
	red, amber := color.RGBA{0xff, 0x6b, 0x5e, 0xff}, color.RGBA{0xff, 0xb0, 0x20, 0xff}
	before := draw(g)
	red0, amber0 := countColour(before, red), countColour(before, amber)

	press(client.KeyS, client.Key3, client.KeyL, client.Key2)
	want := []sim.Command{{Kind: sim.CmdSkip, Inject: "C3"}, {Kind: sim.CmdPostpone, Inject: "C2", For: client.PostponeStep}}
	var got []sim.Command
	for _, s := range ex.sent {
		if s.Kind == sim.CmdSkip || s.Kind == sim.CmdPostpone {
			got = append(got, sim.Command{Kind: s.Kind, Inject: s.Inject, For: s.For})
		}
	}
	if !slices.EqualFunc(got, want, func(a, b sim.Command) bool { return a.Kind == b.Kind && a.Inject == b.Inject && a.For == b.For }) {
		t.Fatalf("sent %+v, want %+v", got, want)
	}
	if !c.Menu || c.Action != client.MenuFire {
		t.Errorf("after skipping and postponing the menu is open %v, action %d", c.Menu, c.Action)
	}
	states := func() map[string]sim.RowStatus {
		out := map[string]sim.RowStatus{}
		if v := g.View(); v != nil {
			for _, in := range v.Injects {
				out[in.ID] = in.Status
			}
		}
		return out
	}
	for i := 0; i < 50 && (states()["C3"] != sim.RowSkipped || states()["C2"] != sim.RowPostponed); i++ {
		ex.Advance(100 * time.Millisecond)
		g.Step(client.Input{X: -1, Y: -1})
	}
	if s := states(); s["C3"] != sim.RowSkipped || s["C2"] != sim.RowPostponed {
		t.Fatalf("live states %v", s)
	}
	after := draw(g)
	red1, amber1 := countColour(after, red), countColour(after, amber)
	if red1 < red0+30 || amber1 < amber0+30 {
		t.Errorf("red pixels %d → %d, amber %d → %d: the skipped and postponed rows are not drawn in their colours", red0, red1, amber0, amber1)
	}

	press(client.KeyTab) // the first team's rows: MIG's and every team's
	if c.Filter != 1 {
		t.Fatalf("filter %d after Tab", c.Filter)
	}
	for _, i := range c.Rows() {
		if a := c.Injects[i].Addressee; a != 0 && a != sim.All {
			t.Errorf("filtered to MIG, row %s addressed to team %d", c.Injects[i].ID, a)
		}
	}
	if len(c.Rows()) >= len(c.Injects) {
		t.Errorf("the filter kept all %d rows", len(c.Rows()))
	}
	press(client.KeyEscape)
	if c.Menu {
		t.Error("Esc did not close the menu")
	}

	// Scrolled, not paged: in a window that holds fewer rows than the
	// MSEL has, End shows the last rows, the wheel scrolls back (and zooms
	// nothing), the title says which rows are shown.
	g, _ = localGame(t, "col-ven-cucuta-bridges", sim.Instructor, 10, render.Options{NoCard: true, Width: testW, Height: 330})
	c = g.Controller()
	press(client.KeyI)
	draw(g)
	n := len(c.Rows())
	scale := g.Camera().Scale
	press(client.KeyEnd)
	draw(g)
	if c.Cursor != n-1 || c.Scroll != n-c.Shown() || c.Shown() >= n {
		t.Fatalf("End: cursor %d, first row shown %d, %d shown of %d", c.Cursor, c.Scroll, c.Shown(), n)
	}
	title := func() string { draw(g); return g.OverlayText()[0] }
	if want := fmt.Sprintf("rows %d–%d of %d", n-c.Shown()+1, n, n); !strings.Contains(title(), want) {
		t.Errorf("after End the table's title %q, want %q", title(), want)
	}
	g.Step(client.Input{X: testW / 2, Y: 150, Wheel: 1})
	if c.Scroll != n-c.Shown()-1 || g.Camera().Scale != scale {
		t.Errorf("the wheel: first row shown %d, want %d; scale %g → %g", c.Scroll, n-c.Shown()-1, scale, g.Camera().Scale)
	}
}
