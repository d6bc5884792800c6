package render

import (
	"fmt"
	"slices"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
)

// This file draws cooperation with neighbours: the selected track's
// actions (A), the requests panel (Q) with the requests waiting for
// the team's answer and their deadlines, and the joint-commission view
// (V).

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
// newest first, those waiting for its answer marked with their deadline;
// the white cell's lists every request and answer of every team, with
// when each was made and last answered.
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
	white := team == sim.Instructor
	title := g.tr.F("coop.requests", len(waiting))
	if white {
		open := 0
		for _, r := range reqs {
			if !r.State.Final() {
				open++
			}
		}
		title = g.tr.F("coop.requests_all", len(reqs), open)
	}
	texts = append(texts, hudText{clip(title, f.bold, w-32), f.bold, x + 16, y + 12, colText})
	if n == 0 {
		return append(texts, hudText{g.tr.T("coop.none"), f.small, x + 16, y + 40, colTextDim})
	}
	for i := range n {
		r := reqs[len(reqs)-1-i]
		s := g.tr.F("coop.req_row", r.ID, r.Kind.String(), g.info.TeamID(r.From), g.info.TeamID(r.To), r.State.String())
		if r.Kind == sim.ReqReadmission {
			s += "  " + g.tr.F("coop.req_persons", r.Persons, r.Checkpoint)
		}
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
		if white {
			s += "  " + g.tr.F("coop.req_made", g.clockText(r.Made))
			if r.Answered >= 0 {
				s += "  " + g.tr.F("coop.req_answered", g.clockText(r.Answered))
			}
		}
		if r.Reason != "" {
			s += " — " + r.Reason
		}
		texts = append(texts, hudText{clip(s, f.small, w-32), f.small, x + 16, y + 40 + float64(i)*17, col})
	}
	return texts
}

// overlayOpen reports whether an overlay is shown over the panels: the
// start card, the help card, a menu or form, a track's actions, the
// requests panel or the joint-commission view.
func (g *Game) overlayOpen() bool { return g.overlay() != nil }

// overlay returns the drawing of the overlay open over the panels, the
// first of them in this order, or nil when none is.
func (g *Game) overlay() func(*Game, *batch, []hudText) []hudText {
	switch {
	case g.card:
		return (*Game).drawCard
	case g.ctl.Help:
		return (*Game).helpOverlay
	case g.ctl.Menu:
		return (*Game).injectMenu
	case g.ctl.AdHoc:
		return (*Game).adHocMenu
	case g.ctl.Typing():
		return (*Game).formPanel
	case g.ctl.Actions:
		return (*Game).trackActions
	case g.ctl.Requests:
		return (*Game).requestsPanel
	case g.ctl.Commission:
		return (*Game).commissionPanel
	}
	return nil
}

// The joint-commission view (V) shows each protest between the
// team and a partner (every one for the white cell) on the channel of the
// commission the scenario names, with its steps — protest, acknowledged,
// joint investigation, resolved or disputed — and their clock times.

// How many protests and commission lines the view lists at most.
const (
	incidentRows   = 8
	commissionRows = 4
)

// commissionPanel draws the joint-commission view.
func (g *Game) commissionPanel(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	ins := client.Incidents(g.view)
	n := min(len(ins), incidentRows)
	lines := g.commissionLines()
	w := min(820.0, W-40)
	h := float64(max(n, 1))*38 + 64
	if len(lines) > 0 {
		h += float64(len(lines)+1)*17 + 8
	}
	x, y := W/2-w/2, max(H/2-h/2, hudBarH+4)
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{clip(g.tr.F("coop.commission", len(ins)), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	if len(lines) > 0 {
		ty := y + 40 + float64(max(n, 1))*38 + 8
		texts = append(texts, hudText{clip(g.tr.T("coop.commission_lines"), f.small, w-32), f.small, x + 16, ty, colText})
		for i, l := range lines {
			texts = append(texts, hudText{clip(l.text, f.small, w-48), f.small, x + 32, ty + float64(i+1)*17, l.col})
		}
	}
	if n == 0 {
		return append(texts, hudText{g.tr.T("coop.no_incidents"), f.small, x + 16, y + 40, colTextDim})
	}
	for i, in := range ins[:n] {
		name := g.tr.T("coop.commission_default")
		if in.Commission != "" {
			name = g.tr.Pick(in.Commission)
		}
		head := g.tr.F("coop.incident_row", in.ID, name, g.info.TeamID(in.From), g.info.TeamID(in.To), g.unitName(in.Unit), in.State.String())
		if in.Text != "" {
			head += " — " + in.Text
		}
		col := colText
		if in.State == sim.ReqDisputed {
			col = colWarn
		}
		ty := y + 40 + float64(i)*38
		texts = append(texts, hudText{clip(head, f.small, w-32), f.small, x + 16, ty, col},
			hudText{clip(g.incidentSteps(in), f.small, w-48), f.small, x + 32, ty + 17, colTextDim})
	}
	return texts
}

// commissionLines returns the latest lines received on the joint
// commissions' channels, oldest first.
func (g *Game) commissionLines() []chatLine {
	var out []chatLine
	for i := len(g.chatLog) - 1; i >= 0 && len(out) < commissionRows; i-- {
		if g.chatLog[i].commission {
			out = append(out, g.chatLog[i])
		}
	}
	slices.Reverse(out)
	return out
}

// incidentSteps is a protest's steps with their clock times, "—" for a
// step not reached.
func (g *Game) incidentSteps(in client.Incident) string {
	at := func(tick int32) string {
		if tick < 0 {
			return "—"
		}
		return g.clockText(tick)
	}
	end := "coop.step_resolved"
	if in.State == sim.ReqDisputed {
		end = "coop.step_disputed"
	}
	return g.tr.F("coop.step_protest", at(in.Made)) + " · " + g.tr.F("coop.step_ack", at(in.Acked)) + " · " +
		g.tr.F("coop.step_open", at(in.Opened)) + " · " + g.tr.F(end, at(in.Resolved))
}
