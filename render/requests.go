package render

import (
	"fmt"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
)

// This file draws cooperation with neighbours: the selected track's
// actions (A) and the requests panel (Q) with the requests waiting for
// the team's answer and their deadlines.

// requestRows is how many requests the panel lists at most.
const requestRows = 10

// trackActions draws the selected track's actions as an overlay.
func (g *Game) trackActions(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	w := min(900.0, W-40)
	lines := wrap(g.tr.F("coop.actions", g.ctl.Track), f.body, w-32, 4)
	h := float64(len(lines))*18 + 28
	x, y := W/2-w/2, H/2-h/2
	g.panel(b, x, y, w, h)
	for i, l := range lines {
		texts = append(texts, hudText{l, f.body, x + 16, y + 12 + float64(i)*18, colText})
	}
	return texts
}

// requestsPanel draws the reports and requests the team is party to, the
// newest first, those waiting for its answer marked with their deadline.
func (g *Game) requestsPanel(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	v := g.view
	var reqs []sim.RequestView
	team := g.info.Team
	if v != nil {
		reqs, team = v.Requests, v.Team
	}
	waiting := client.Waiting(v, team)
	n := min(len(reqs), requestRows)
	w := min(760.0, W-40)
	h := float64(max(n, 1))*17 + 64
	x, y := W/2-w/2, max(H/2-h/2, hudBarH+4)
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{clip(g.tr.F("coop.requests", len(waiting)), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	if n == 0 {
		return append(texts, hudText{g.tr.T("coop.none"), f.small, x + 16, y + 40, colTextDim})
	}
	for i := range n {
		r := reqs[len(reqs)-1-i]
		s := g.tr.F("coop.req_row", r.ID, r.Kind.String(), g.info.TeamID(r.From), g.info.TeamID(r.To), r.State.String())
		col := colTextDim
		for _, q := range waiting {
			if q.ID == r.ID {
				col = colWarn
				if r.Due > 0 && v != nil {
					left := float64(r.Due-v.Tick) * float64(max(g.info.TickSeconds, 1))
					s += "  " + g.tr.F("coop.req_due", fmt.Sprintf("%d:%02d", int(left)/60, int(left)%60))
				}
			}
		}
		if r.Reason != "" {
			s += " — " + r.Reason
		}
		texts = append(texts, hudText{clip(s, f.small, w-32), f.small, x + 16, y + 40 + float64(i)*17, col})
	}
	return texts
}
