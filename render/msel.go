package render

import (
	"fmt"
	"image/color"
	"strings"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// The white cell's MSEL menu (I) as a live table: each row with its state
// from the white cell's view (pending, fired, skipped, postponed to its new
// time, contingency), its addressee, the expected action and the
// evaluators' notes of it; filtered by team (Tab), paged (PgUp/PgDn). A
// digit fires a row, or after S skips it, or after L postpones it
// (client/msel.go).

// observer is an exercise that passes on the evaluators' observations
// (netclient.Client does).
type observer interface {
	Observations() []wire.Observation
}

// rowState is how the menu shows a row's state, and the colour of its
// title.
func (g *Game) rowState(in sim.InjectView, live sim.InjectView, ok bool) (string, color.RGBA) {
	when := g.tr.T("msel.manual")
	if in.At >= 0 {
		when = g.tr.F("msel.at", g.shortClock(g.info.Clock(in.At)))
	}
	if !ok {
		return when, colText
	}
	switch live.Status {
	case sim.RowFired:
		return g.tr.F("msel.fired", g.shortClock(g.info.Clock(live.FiredAt))), colTextDim
	case sim.RowSkipped:
		return g.tr.T("msel.status_skipped"), colNotMet
	case sim.RowPostponed:
		return g.tr.F("msel.status_postponed", g.shortClock(g.info.Clock(live.At))), colWarn
	case sim.RowContingency:
		return g.tr.F("msel.status_contingency", g.shortClock(g.info.Clock(live.At))), colShared
	}
	return when, colText
}

func (g *Game) injectMenu(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	c := g.ctl
	rows := c.Rows()
	first := c.Page * client.InjectsPerPage
	last := min(first+client.InjectsPerPage, len(rows))
	w := min(820.0, W-40)
	pages := max((len(rows)+client.InjectsPerPage-1)/client.InjectsPerPage, 1)
	live := map[string]sim.InjectView{}
	if g.view != nil && g.view.Team == sim.Instructor {
		for _, in := range g.view.Injects {
			live[in.ID] = in
		}
	}
	notes := map[string][]string{}
	if o, ok := g.unwrap().(observer); ok {
		for _, ob := range o.Observations() {
			if ob.Subject == wire.SubjectInject {
				notes[ob.Ref] = append(notes[ob.Ref], ob.Rating.String()+" "+ob.Text)
			}
		}
	}
	// Each row: its title and its details, each wrapped to two lines, and
	// one line of evaluators' notes when it has any.
	type entry struct{ title, detail []string }
	var es []entry
	lines := 0
	for _, i := range rows[first:last] {
		in := c.Injects[i]
		e := entry{title: wrap(g.tr.F("msel.entry", in.ID, g.tr.Pick(in.Synopsis)), f.bold, w-60, 2)}
		lines += len(e.title)*17 + 2*15 + 6
		if len(notes[in.ID]) > 0 {
			lines += 15
		}
		es = append(es, e)
	}
	h := float64(lines) + 90
	x, y := W/2-w/2, max(H/2-h/2, hudBarH+4)
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{clip(g.tr.F("msel.title", c.Page+1, pages), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	filter := g.tr.T("msel.all_teams")
	if c.Filter > 0 {
		filter = g.info.TeamID(c.Filter - 1)
	}
	mode, modeCol := g.tr.T("msel.mode_fire"), colTextDim
	switch c.Action {
	case client.MenuSkip:
		mode, modeCol = g.tr.T("msel.mode_skip"), colNotMet
	case client.MenuPostpone:
		mode, modeCol = g.tr.F("msel.mode_postpone", client.PostponeStep/60), colWarn
	}
	texts = append(texts, hudText{clip(g.tr.F("msel.hint", mode, filter), f.small, w-32), f.small, x + 16, y + 34, modeCol})
	ty := y + 58
	for k, i := range rows[first:last] {
		in := c.Injects[i]
		lv, ok := live[in.ID]
		when, col := g.rowState(in, lv, ok)
		to := g.tr.T("msel.all_teams")
		if in.Addressee >= 0 {
			to = g.info.TeamID(in.Addressee)
		}
		texts = append(texts, hudText{fmt.Sprintf("%d", k+1), f.bold, x + 16, ty, colWarn})
		for _, l := range es[k].title {
			texts = append(texts, hudText{l, f.bold, x + 40, ty, col})
			ty += 17
		}
		for _, l := range wrap(g.tr.F("msel.detail", when, to, strings.TrimSpace(g.tr.Pick(in.Expected))), f.small, w-60, 2) {
			texts = append(texts, hudText{l, f.small, x + 40, ty, colTextDim})
			ty += 15
		}
		if n := notes[in.ID]; len(n) > 0 {
			texts = append(texts, hudText{clip(g.tr.F("msel.notes", strings.Join(n, " · ")), f.small, w-60), f.small, x + 40, ty, colShared})
			ty += 15
		}
		ty += 6
	}
	return texts
}
