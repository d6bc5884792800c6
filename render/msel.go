package render

import (
	"image/color"
	"strconv"
	"strings"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// The MSEL table (I) as the white cell, a nation's controller and an
// evaluator see it: each row with its state from the view (pending, fired,
// skipped, postponed to its new time, contingency), its addressee, the
// expected action and the evaluators' notes of it; filtered by team (Tab),
// scrolled (arrows, PgUp/PgDn, Home/End, the wheel). Enter or a digit fires
// a row, or after S skips it, or after L postpones it; an evaluator writes
// an observation of it instead (client/msel.go).

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

// injectMenu draws the MSEL table: from the first row scrolled to, as many
// rows as the screen holds (the controller learns how many, for PgUp and
// PgDn), the row under the cursor marked, each with its state, addressee,
// expected action and the evaluators' notes of it.
func (g *Game) injectMenu(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	c := g.ctl
	rows := c.Rows()
	w := min(820.0, W-40)
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
	// one line of evaluators' notes when it has any; as many as fit.
	type entry struct {
		row          int
		title, lines []string
		h            float64
	}
	var es []entry
	room := H - hudBarH - 4 - 100
	used := 0.0
	first := min(c.Scroll, max(len(rows)-1, 0))
	for k := first; k < len(rows) && k-first < client.InjectsPerPage; k++ {
		in := c.Injects[rows[k]]
		e := entry{row: k, title: wrap(g.tr.F("msel.entry", in.ID, g.tr.Pick(in.Synopsis)), f.bold, w-60, 2)}
		e.h = float64(len(e.title))*17 + 2*15 + 6
		if len(notes[in.ID]) > 0 {
			e.h += 15
		}
		if len(es) > 0 && used+e.h > room {
			break
		}
		used += e.h
		es = append(es, e)
	}
	c.MenuRows = max(len(es), 1)
	h := used + 90
	x, y := W/2-w/2, max(H/2-h/2, hudBarH+4)
	g.panel(b, x, y, w, h)
	last := first + len(es)
	texts = append(texts, hudText{clip(g.tr.F("msel.rows", min(first+1, last), last, len(rows)), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	filter := g.tr.T("msel.all_teams")
	if c.Filter > 0 {
		filter = g.info.TeamID(c.Filter - 1)
	}
	var hint string
	modeCol := colTextDim
	if c.Evaluator() {
		hint = g.tr.F("msel.hint_eval", filter)
	} else {
		mode := g.tr.T("msel.mode_fire")
		switch c.Action {
		case client.MenuSkip:
			mode, modeCol = g.tr.T("msel.mode_skip"), colNotMet
		case client.MenuPostpone:
			mode, modeCol = g.tr.F("msel.mode_postpone", client.PostponeStep/60), colWarn
		}
		hint = g.tr.F("msel.hint_rows", mode, filter)
	}
	texts = append(texts, hudText{clip(hint, f.small, w-32), f.small, x + 16, y + 34, modeCol})
	ty := y + 58
	for k, e := range es {
		in := c.Injects[rows[e.row]]
		lv, ok := live[in.ID]
		when, col := g.rowState(in, lv, ok)
		to := g.tr.T("msel.all_teams")
		if in.Addressee >= 0 {
			to = g.info.TeamID(in.Addressee)
		}
		if e.row == c.Cursor {
			b.rect(x+6, ty-3, x+w-6, ty+e.h-5, colSelectBack)
		}
		texts = append(texts, hudText{strconv.Itoa(k + 1), f.bold, x + 16, ty, colWarn})
		for _, l := range e.title {
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
