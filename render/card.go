package render

import (
	"strings"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// The start card: the briefing a user sees first and brings back with O —
// the situation, the teams spelled out, the user's units and sensors, the
// objectives and what to do first.

// cardLine is one line of the start card.
type cardLine struct {
	text  string
	bold  bool
	dim   bool
	unit  *sim.UnitView // a unit row: drawn with its icon, a click shows it
	tab   float64       // indent, pixels
	space float64       // extra space above, pixels
}

// Card returns the start card's lines and its screen rectangle as last
// drawn, and whether it is shown.
func (g *Game) Card() (lines []string, x0, y0, x1, y1 float64, ok bool) {
	for _, l := range g.cardLines() {
		lines = append(lines, l.text)
	}
	return lines, g.cardRect.x0, g.cardRect.y0, g.cardRect.x1, g.cardRect.y1, g.card
}

// ShowCard shows or hides the start card.
func (g *Game) ShowCard(on bool) { g.card = on }

// teamLine spells a team out: "SG = Finnish Border Guard (Finland, FIN)".
func (g *Game) teamLine(i int) string {
	t := g.info.Teams[i]
	country := t.Country
	if c := g.info.Map.CountryIndex(t.Country); c >= 0 {
		country = g.info.Map.Countries[c].Name + ", " + t.Country
	}
	name := t.Name
	if name == "" {
		name = t.ID
	}
	s := g.tr.F("card.team_line", t.ID, name, country)
	switch {
	case i == g.info.Team:
		s += g.tr.T("card.your_team")
	case g.partner(i):
		s += g.tr.T("card.your_partner")
	case g.info.Team >= 0:
		s += g.tr.T("card.no_agreement")
	}
	return s
}

// partner reports whether team i has an agreement with the user's team.
func (g *Game) partner(i int) bool {
	for _, p := range client.Partners(g.view, g.info.Team) {
		if p == i {
			return true
		}
	}
	for _, a := range g.info.Agreements {
		if a.Partner(g.info.Team) == i {
			return true
		}
	}
	return false
}

func (g *Game) cardLines() []cardLine {
	v := g.view
	var ls []cardLine
	add := func(l cardLine) { ls = append(ls, l) }
	add(cardLine{text: g.tr.F("card.briefing", g.info.Scenario), bold: true})
	if g.info.Brief != "" {
		add(cardLine{text: g.tr.Pick(g.info.Brief)})
	}
	add(cardLine{text: g.tr.T("card.teams"), bold: true, space: 6})
	for i := range g.info.Teams {
		add(cardLine{text: g.teamLine(i), tab: 12})
	}
	if g.info.Team < 0 {
		add(cardLine{text: g.tr.F("card.you_are_white", g.info.TeamName(g.info.Team)), tab: 12})
	}
	if v != nil && g.info.Team >= 0 {
		units := g.myUnits(v)
		add(cardLine{text: g.tr.F("card.your_units", len(units)), bold: true, space: 6})
		for i := range units {
			u := units[i]
			add(cardLine{text: g.tr.F("card.unit", u.Name, g.unitKindText(u)), unit: &u, tab: 30})
		}
		var sensors []string
		for _, s := range v.Sensors {
			if s.Team == g.info.Team {
				sensors = append(sensors, g.tr.F("card.sensor", s.Name, g.enum(s.Kind)))
			}
		}
		if len(sensors) > 0 {
			add(cardLine{text: g.tr.F("card.your_sensors", len(sensors)), bold: true, space: 6})
			add(cardLine{text: strings.Join(sensors, " · "), tab: 12})
		}
	}
	if v != nil && len(v.Objective) > 0 {
		add(cardLine{text: g.tr.T("hud.objectives"), bold: true, space: 6})
		for _, o := range v.Objective {
			d := g.tr.Pick(o.Description)
			if d == "" {
				d = o.ID
			}
			add(cardLine{text: g.tr.F("card.objective", d, objValue(o.Target, o.Target)), tab: 12})
		}
	}
	if len(g.earlier) > 0 {
		add(cardLine{text: g.tr.T("card.earlier"), bold: true, space: 6})
		for _, in := range g.earlier {
			m := g.tr.Pick(in.Message)
			if m == "" {
				m = g.tr.Pick(in.Synopsis)
			}
			add(cardLine{text: g.clockText(in.FiredAt) + "  " + m, tab: 12})
		}
	}
	add(cardLine{text: g.tr.T("card.first_steps"), bold: true, space: 6})
	for i, s := range g.firstSteps() {
		add(cardLine{text: g.tr.F("card.step", i+1, s), tab: 12})
	}
	add(cardLine{text: g.tr.T("card.close_hint"), dim: true, space: 6})
	return ls
}

// firstSteps are the suggested first actions for the user's role.
func (g *Game) firstSteps() []string {
	if g.timeline() != nil {
		return []string{
			g.tr.T("step.replay_keys"),
			g.tr.T("step.replay_tab"),
			g.tr.T("step.replay_branch"),
		}
	}
	if g.info.Team < 0 {
		return []string{
			g.tr.T("step.white_space"),
			g.tr.T("step.white_msel"),
			g.tr.T("step.white_tab"),
		}
	}
	partner := g.tr.T("step.your_partner")
	for i := range g.info.Teams {
		if i != g.info.Team && g.partner(i) {
			partner = g.info.Teams[i].ID
			break
		}
	}
	steps := []string{
		g.tr.T("step.select"),
		g.tr.T("step.move"),
		g.tr.T("step.tracks"),
		g.tr.F("step.share", partner),
		g.tr.T("step.stay"),
	}
	if g.ownClock() {
		steps = append(steps, g.tr.T("step.solo"))
	}
	return steps
}

// unitKindText says what kind a unit is.
func (g *Game) unitKindText(u sim.UnitView) string {
	s := g.enum(u.Kind)
	if u.Kind == sim.Drone && !u.Aloft {
		s += g.tr.T("card.on_ground")
	}
	return s
}

// drawCard draws the start card over the map and registers its clicks.
func (g *Game) drawCard(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	ls := g.cardLines()
	w := min(760, W-60)
	const rowH = 18.0
	// Wrap the long lines to the card's width.
	type row struct {
		cardLine
		s string
	}
	var rows []row
	for _, l := range ls {
		face := f.body
		if l.bold {
			face = f.bold
		}
		for i, s := range wrap(l.text, face, w-40-l.tab, 6) {
			r := row{l, s}
			if i > 0 {
				r.space, r.unit = 0, nil
			}
			rows = append(rows, r)
		}
	}
	h := 24.0
	for _, r := range rows {
		h += rowH + r.space
	}
	maxH := H - hudBarH - 20
	if h > maxH {
		// Too long: the unit list is cut first.
		keep := rows[:0]
		cut := 0
		for _, r := range rows {
			if r.unit != nil && h > maxH {
				h -= rowH
				cut++
				continue
			}
			keep = append(keep, r)
		}
		rows = keep
		_ = cut
	}
	x, y := W/2-w/2, max(hudBarH+10, H/2-h/2)
	g.cardRect = rect{x, y, x + w, y + h}
	b.rect(x, y, x+w, y+h, rgba(0x14181f, 0xf4))
	b.frame(x, y, x+w, y+h, 1.5, colSelect)
	g.addHit(0, 0, W, H, hitCardClose, 0, orb.Point{})
	ty := y + 12
	for _, r := range rows {
		ty += r.space
		face, col := f.body, colText
		if r.bold {
			face = f.bold
		}
		if r.dim {
			col = colTextDim
		}
		if r.unit != nil {
			unitShape(b, r.unit.Kind, teamColour(r.unit.Team), 0, x+20+r.tab-14, ty+9)
			g.addHit(x, ty, x+w, ty+rowH, hitUnit, r.unit.ID, r.unit.Pos)
		}
		texts = append(texts, hudText{r.s, face, x + 20 + r.tab, ty, col})
		ty += rowH
	}
	return texts
}
