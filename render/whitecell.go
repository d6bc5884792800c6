package render

import (
	"strconv"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// adHocMenu draws the white cell's ad-hoc menu (A, client/whitecell.go): the
// nine actions by digit, each opening its form (or, the last, switching
// the team shown under computer control), in the top right corner so that
// the map stays in sight.
func (g *Game) adHocMenu(b *batch, texts []hudText) []hudText {
	W := float64(g.cam.W)
	f := g.fonts
	w := min(430.0, W-40)
	h := float64(len(client.AdHocActions))*19 + 62
	x, y := W-w-12, hudBarH+8
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{clip(g.tr.T("adhoc.title"), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	team := g.tr.T("msel.all_teams")
	if t := g.ctl.ViewTeam; t >= 0 {
		team = g.info.TeamID(t)
	}
	texts = append(texts, hudText{clip(g.tr.F("adhoc.hint", team), f.small, w-32), f.small, x + 16, y + 32, colTextDim})
	for i, key := range client.AdHocActions {
		ty := y + 54 + float64(i)*19
		texts = append(texts, hudText{strconv.Itoa(i + 1), f.bold, x + 16, ty, colWarn})
		texts = append(texts, hudText{clip(g.tr.T(key), f.body, w-60), f.body, x + 40, ty, colText})
	}
	return texts
}

// staffRole is the help card's role of a user who sees ground truth:
// the white cell, an evaluator or a nation's controller.
func staffRole(r wire.Role) role {
	switch r {
	case wire.RoleEvaluator:
		return roleEvaluator
	case wire.RoleController:
		return roleController
	}
	return roleWhite
}

// staffName names an evaluator or a nation's controller in the top bar.
func (g *Game) staffName(r role) string {
	if r == roleEvaluator {
		return g.tr.T("team.evaluator")
	}
	return g.tr.T("team.controller")
}

// colSelectBack is the background of the picked line of a form or table.
var colSelectBack = rgba(0x3a3f1a, 0xff)

// formInput hands the frame's input to an open form (client/forms.go)
// before anything else takes a key: the form's commands are sent and an
// evaluator's observation goes to the server. The rest of the frame gets
// no keys, and no click while the form waits for its place on the map.
func (g *Game) formInput(in client.Input) client.Input {
	if !g.ctl.Typing() {
		return in
	}
	placing := g.ctl.Form.Placing
	for _, cmd := range g.ctl.FormUpdate(in, g.view) {
		g.send(cmd)
	}
	if o, ok := g.ctl.TakeObservation(); ok {
		g.sendObservation(o, g.now())
	}
	in.Keys, in.Chars, in.Held = nil, nil, nil
	if placing {
		in.Left = client.Button{Down: in.Left.Down}
	}
	return in
}

// OverlayText returns the lines of text of the overlay last drawn (the
// MSEL table, a form, a menu), for tests.
func (g *Game) OverlayText() (lines []string) {
	for _, t := range g.overTexts {
		lines = append(lines, t.s)
	}
	return lines
}

// formValue is how the form shows field fd.
func (g *Game) formValue(fd *client.Field, picked bool) string {
	switch {
	case fd.Kind == client.FieldText:
		s := string(fd.Text)
		if picked {
			s += "_"
		}
		return s
	case fd.Kind == client.FieldChoice && fd.Value < len(fd.Options):
		if fd.Names {
			return fd.Options[fd.Value]
		}
		return g.tr.T(fd.Options[fd.Value])
	case fd.IsUnset():
		return g.tr.T("form.unchanged")
	case fd.Label == "form.f.minutes" && fd.Value == 0:
		return g.tr.T("form.until_changed")
	}
	return strconv.Itoa(fd.Value)
}

// formPanel draws the open form in the top right corner: its fields, the
// one picked marked, and what the keys do; while the form waits for its
// place, what to click.
func (g *Game) formPanel(b *batch, texts []hudText) []hudText {
	W := float64(g.cam.W)
	f := g.fonts
	form := &g.ctl.Form
	w := min(460.0, W-40)
	h := float64(len(form.Fields))*21 + 70
	if form.Placing {
		h = 70
	}
	x, y := W-w-12, hudBarH+8
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{clip(g.tr.T(form.Kind.Title()), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	if form.Placing {
		hint := "form.placing"
		if form.Kind == client.FormRemoveUnit {
			hint = "form.placing_unit"
		} else if form.Kind == client.FormSensor {
			hint = "form.placing_sensor"
		}
		return append(texts, hudText{clip(g.tr.T(hint), f.body, w-32), f.body, x + 16, y + 38, colWarn})
	}
	for i := range form.Fields {
		fd := &form.Fields[i]
		ty := y + 40 + float64(i)*21
		col, lf := colTextDim, f.body
		if i == form.At {
			col, lf = colSelect, f.bold
			b.rect(x+8, ty-2, x+w-8, ty+18, colSelectBack)
		}
		label := clip(g.tr.T(fd.Label), lf, w*0.45)
		texts = append(texts, hudText{label, lf, x + 16, ty, col})
		texts = append(texts, hudText{clip(g.formValue(fd, i == form.At), lf, w*0.5-24), lf, x + w*0.5, ty, colText})
	}
	next := "form.send"
	if form.Kind == client.FormSurge || form.Kind == client.FormSensor || form.Kind == client.FormAddUnit {
		next = "form.place"
	}
	hy := y + 46 + float64(len(form.Fields))*21
	return append(texts, hudText{clip(g.tr.F("form.hint", g.tr.T(next)), f.small, w-32), f.small, x + 16, hy, colTextDim})
}

// evaluating is an exercise joined as an evaluator (netclient.Client with
// an evaluator's code): the chat line sends observations.
type evaluating interface {
	Welcome() wire.Welcome
	Observe(wire.Observation) (uint32, error)
}

// evaluator returns the exercise as an evaluator's, or nil.
func (g *Game) evaluator() evaluating {
	e, ok := g.unwrap().(evaluating)
	if !ok || e.Welcome().Role != wire.RoleEvaluator {
		return nil
	}
	return e
}

// observe sends an evaluator's chat line as an observation ("REF RATING
// text", client.ParseObservation), or says how to write one.
func (g *Game) observe(line string, now time.Time) {
	var objectives []sim.ObjectiveStatus
	if g.view != nil {
		objectives = g.view.Objective
	}
	o, ok := client.ParseObservation(line, g.info.Injects, objectives, g.info.Teams)
	if !ok {
		g.toast(g.tr.T("eval.usage"), g.tick(), now, colToastWarn)
		return
	}
	g.sendObservation(o, now)
}

// sendObservation sends an evaluator's observation and says so.
func (g *Game) sendObservation(o wire.Observation, now time.Time) {
	e := g.evaluator()
	if e == nil {
		g.toast(g.tr.T("eval.not_evaluator"), g.tick(), now, colToastWarn)
		return
	}
	if _, err := e.Observe(o); err != nil {
		g.toast(g.tr.F("chat.failed", err.Error()), g.tick(), now, colToast)
		return
	}
	g.toast(g.tr.F("eval.sent", o.Rating.String(), o.Ref), g.tick(), now, colToastInfo)
}

// tick is the tick of the view on screen, 0 before the first.
func (g *Game) tick() int32 {
	if g.view != nil {
		return g.view.Tick
	}
	return 0
}
