package render

import (
	"fmt"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// adHocMenu draws the white cell's ad-hoc menu (A, client/whitecell.go): the
// nine actions by digit, each taken at the cursor when its digit is
// pressed, in the top right corner so that the map under the cursor stays
// in sight.
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
		texts = append(texts, hudText{fmt.Sprintf("%d", i+1), f.bold, x + 16, ty, colWarn})
		texts = append(texts, hudText{clip(g.tr.T(key), f.body, w-60), f.body, x + 40, ty, colText})
	}
	return texts
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
func (g *Game) observe(e evaluating, line string, now time.Time) {
	var tick int32
	var objectives []sim.ObjectiveStatus
	if g.view != nil {
		tick, objectives = g.view.Tick, g.view.Objective
	}
	o, ok := client.ParseObservation(line, g.info.Injects, objectives, g.info.Teams)
	if !ok {
		g.toast(g.tr.T("eval.usage"), tick, now, colToastWarn)
		return
	}
	if _, err := e.Observe(o); err != nil {
		g.toast(g.tr.F("chat.failed", err.Error()), tick, now, colToast)
		return
	}
	g.toast(g.tr.F("eval.sent", o.Rating.String(), o.Ref), tick, now, colToastInfo)
}
