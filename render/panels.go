package render

import (
	"fmt"
	"math"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// The left column: the roster (the user's units) and the track list,
// each a panel whose title collapses it. Clicking a row selects what it
// names and centres the map on it.
const (
	sideW       = 230.0 // column width, pixels
	sideRowH    = 17.0  // row height, pixels
	sideMaxRows = 10    // rows a list shows before "+n more"
)

// hitKind is what a click on a HUD region does.
type hitKind uint8

const (
	hitNone       hitKind = iota // a panel: the click goes no further
	hitTrack                     // select and centre track id
	hitUnit                      // select and centre unit id
	hitPlace                     // centre on pos
	hitRoster                    // collapse or open the roster
	hitTracks                    // collapse or open the track list
	hitCardClose                 // close the start card
	hitLogToggle                 // collapse or open the event log
	hitLegendTogg                // collapse or open the legend
	hitObjToggle                 // collapse or open the objectives (wrap.go)
	hitChatToggle                // collapse or open the chat (wrap.go)
)

// hit is a screen region of the HUD that takes clicks, as last drawn.
type hit struct {
	r    rect
	kind hitKind
	id   int32
	pos  orb.Point
}

// addHit registers a clickable region for the next frame's input.
func (g *Game) addHit(x0, y0, x1, y1 float64, k hitKind, id int32, p orb.Point) {
	g.hits = append(g.hits, hit{rect{x0, y0, x1, y1}, k, id, p})
}

// hudInput takes the clicks that land on the HUD (the last frame's
// regions, topmost first) and returns the input the map still gets.
func (g *Game) hudInput(in client.Input) client.Input {
	if !in.Left.Pressed && !in.Right.Pressed {
		return in
	}
	for i := len(g.hits) - 1; i >= 0; i-- {
		h := g.hits[i]
		if in.X < h.r.x0 || in.X >= h.r.x1 || in.Y < h.r.y0 || in.Y >= h.r.y1 {
			continue
		}
		if in.Left.Pressed {
			g.clickHit(h)
		}
		in.Left = client.Button{Down: in.Left.Down}
		in.Right = client.Button{Down: in.Right.Down}
		return in
	}
	return in
}

// ClickHUD acts as a left click at (x, y) on the HUD as last drawn and
// reports whether the HUD took it (tests; the game does this from
// Step).
func (g *Game) ClickHUD(x, y float64) bool {
	in := g.hudInput(client.Input{X: x, Y: y, Left: client.Button{Pressed: true, Down: true}})
	return !in.Left.Pressed
}

func (g *Game) clickHit(h hit) {
	v := g.view
	g.hudGen++     // the HUD changes (hudcache.go)
	g.card = false // any click closes the start card
	switch h.kind {
	case hitTrack:
		if !g.ctl.SelectTrack(v, h.id) && (h.pos != orb.Point{}) {
			g.ctl.CentreOn(h.pos)
		}
	case hitUnit:
		if !g.ctl.SelectUnit(v, h.id) && (h.pos != orb.Point{}) {
			g.ctl.CentreOn(h.pos)
		}
	case hitPlace:
		g.ctl.CentreOn(h.pos)
	case hitRoster:
		g.rosterShut = !g.rosterShut
	case hitTracks:
		g.tracksShut = !g.tracksShut
	case hitCardClose:
		g.card = false
	case hitLogToggle:
		g.logShut = !g.logShut
	case hitLegendTogg:
		g.legendShut = !g.legendShut
	case hitObjToggle:
		g.objShut = !g.objShut
	case hitChatToggle:
		g.chatShut = !g.chatShut
	}
}

// myUnits returns the units of the roster, valid until the next call:
// the user's team's, or for the white cell those of the team whose picture
// is shown (for ground truth, every unit).
func (g *Game) myUnits(v *sim.View) []sim.UnitView {
	if v == nil {
		return nil
	}
	team := g.info.Team
	if team < 0 {
		team = v.Team
	}
	out := g.unitBuf[:0]
	for _, u := range v.Units {
		if team < 0 || u.Team == team {
			out = append(out, u)
		}
	}
	g.unitBuf = out
	return out
}

// sideColumn draws the roster and the track list down the left edge,
// from y, and returns the texts to draw.
func (g *Game) sideColumn(b *batch, texts []hudText, y float64) []hudText {
	v := g.view
	if v == nil || g.ctl.Free.X1 == 0 {
		return texts
	}
	f := g.fonts
	x := 8.0
	bottom := float64(g.cam.H) - g.bottomH() - g.logHeight() - 14

	// Roster.
	units := g.myUnits(v)
	if len(units) > 0 && y < bottom-40 {
		rows := len(units)
		if g.rosterShut {
			rows = 0
		}
		rows = min(rows, sideMaxRows, int((bottom-y-60)/sideRowH)/2)
		h := 24 + float64(rows)*sideRowH + 4
		if rows < len(units) && !g.rosterShut {
			h += sideRowH
		}
		g.panel(b, x, y, sideW, h)
		g.addHit(x, y, x+sideW, y+h, hitNone, 0, orb.Point{})
		title := g.tr.F("panel.my_units", fold(g.rosterShut), len(units))
		if g.info.Team < 0 && v.Team < 0 {
			title = g.tr.F("panel.units", fold(g.rosterShut), len(units))
		}
		texts = append(texts, hudText{title, f.bold, x + 8, y + 5, colText})
		g.addHit(x, y, x+sideW, y+22, hitRoster, 0, orb.Point{})
		ry := y + 24
		for _, u := range units[:rows] {
			c := teamColour(u.Team)
			unitShape(b, u.Kind, c, 0, x+16, ry+8)
			s := fmt.Sprintf("%s · %s", u.Name, g.orderText(u))
			col := colText
			if g.selectedUnit(u.ID) {
				col = colSelect
			}
			texts = append(texts, hudText{clip(s, f.small, sideW-40), f.small, x + 30, ry + 1, col})
			g.addHit(x, ry, x+sideW, ry+sideRowH, hitUnit, u.ID, u.Pos)
			ry += sideRowH
		}
		if rows < len(units) && !g.rosterShut {
			texts = append(texts, hudText{g.tr.F("panel.more", len(units)-rows), f.small, x + 30, ry + 1, colTextDim})
		}
		y += h + 6
	}

	// Tracks, newest first.
	if y < bottom-30 {
		total := len(v.Tracks)
		rows := total
		if g.tracksShut {
			rows = 0
		}
		rows = min(rows, sideMaxRows, max(int((bottom-y-30)/sideRowH)-1, 0))
		ts := g.ctl.Fresh.ByAge(v, rows)
		h := 24 + float64(max(rows, 1))*sideRowH + 4
		if g.tracksShut {
			h = 24
		} else if rows < total {
			h += sideRowH
		}
		g.panel(b, x, y, sideW, h)
		g.addHit(x, y, x+sideW, y+h, hitNone, 0, orb.Point{})
		nNew := g.ctl.Fresh.CountNew(v)
		title := g.tr.F("panel.tracks", total)
		if nNew > 0 {
			title += g.tr.F("panel.tracks_new", nNew)
		}
		texts = append(texts, hudText{fold(g.tracksShut) + " " + title, f.bold, x + 8, y + 5, colText})
		g.addHit(x, y, x+sideW, y+22, hitTracks, 0, orb.Point{})
		ry := y + 24
		if !g.tracksShut && total == 0 {
			texts = append(texts, hudText{g.tr.T("panel.no_tracks"), f.small, x + 12, ry + 1, colTextDim})
		}
		for _, t := range ts {
			isNew := g.ctl.Fresh.New(t.ID, v.Tick)
			col := colText
			switch {
			case t.ID == g.ctl.Track:
				col = colSelect
			case isNew:
				col = colTrackOwn
			}
			b.diamond(x+16, ry+8, 5.5, colOutline)
			b.diamond(x+16, ry+8, 4, trackColour(t))
			s := fmt.Sprintf("T%d · %s · %s", t.ID, g.trackSize1(t), g.trackSource(t))
			if at, ok := g.ctl.Fresh.FirstSeen(t.ID); ok && at >= 0 {
				s += " · " + g.ago((v.Tick-at)*int32(max(g.info.TickSeconds, 1)))
			}
			if isNew {
				s = g.tr.F("panel.new", s)
			}
			texts = append(texts, hudText{clip(s, f.small, sideW-40), f.small, x + 30, ry + 1, col})
			g.addHit(x, ry, x+sideW, ry+sideRowH, hitTrack, t.ID, t.Pos)
			ry += sideRowH
		}
		if rows < total && !g.tracksShut {
			texts = append(texts, hudText{g.tr.F("panel.more", total-rows), f.small, x + 30, ry + 1, colTextDim})
		}
	}
	return texts
}

// orderText says what a unit is doing, in a few words.
func (g *Game) orderText(u sim.UnitView) string {
	switch u.Order {
	case sim.OrderIntercept:
		return g.tr.F("order.intercepting", u.Track)
	case sim.OrderPatrol:
		return g.tr.T("order.patrolling")
	case sim.OrderMove:
		if u.Kind == sim.Drone && !u.Aloft {
			return g.tr.T("order.taking_off")
		}
		return g.tr.T("order.moving")
	case sim.OrderReturn:
		return g.tr.T("order.returning")
	case sim.OrderEscort:
		return g.tr.F("order.escorting", u.Custody)
	}
	if u.Kind == sim.Drone && !u.Aloft {
		return g.tr.T("order.on_ground")
	}
	return g.tr.T("order.holding")
}

// trackSize1 is a track's estimated size, short.
func (g *Game) trackSize1(t sim.TrackView) string {
	if t.Size <= 0 {
		return g.tr.T("track.size_q")
	}
	return g.tr.F("track.size_about", g.persons(t.Size))
}

// trackSource says where a track came from.
func (g *Game) trackSource(t sim.TrackView) string {
	if t.From >= 0 {
		return g.tr.F("track.from", g.info.TeamID(t.From))
	}
	return g.enum(t.Source)
}

// ago formats a simulated duration as "4 min ago".
func (g *Game) ago(s int32) string {
	switch {
	case s < 60:
		return g.tr.T("ago.now")
	case s < 3600:
		return g.tr.F("ago.min", s/60)
	}
	return g.tr.F("ago.hm", s/3600, s/60%60)
}

// drawFresh draws the new tracks of the picture: a flashing ring on
// those on screen, and an arrow at the edge of the map's free part for
// each one outside it, pointing at it.
func (g *Game) drawFresh(b *batch, v *sim.View, a float64) {
	if g.opt.HideHUD {
		return
	}
	cam := g.cam
	r := g.ctl.Free
	if r.X1-r.X0 < 1 {
		r = client.Rect{X1: float64(cam.W), Y1: float64(cam.H)}
	}
	// A flash of about one and a half a second, from the wall clock.
	ph := float64(g.now().UnixMilli()%1500) / 1500
	pulse := 0.5 + 0.5*math.Cos(2*math.Pi*ph)
	const inset = 20.0 // pixels from the free rect's edge to an arrow's tip
	cx, cy := (r.X0+r.X1)/2, (r.Y0+r.Y1)/2
	for i, t := range v.Tracks {
		if !g.ctl.Fresh.New(t.ID, v.Tick) {
			continue
		}
		x, y := cam.ToScreen(pos(g.ip.tracks, i, t.ID, t.Pos, a))
		if x >= r.X0 && x <= r.X1 && y >= r.Y0 && y <= r.Y1 {
			b.ring(x, y, trackSize+6+6*pulse, 2.5, fade(colTrackOwn, 0.45+0.55*pulse))
			b.ring(x, y, trackSize+5+6*pulse, 1, fade(colOutline, 0.6))
			continue
		}
		// Where the line from the centre to the track leaves the rect.
		dx, dy := x-cx, y-cy
		hw, hh := (r.X1-r.X0)/2-inset, (r.Y1-r.Y0)/2-inset
		if hw <= 0 || hh <= 0 || (dx == 0 && dy == 0) {
			continue
		}
		s := math.Min(hw/math.Max(math.Abs(dx), 1e-9), hh/math.Max(math.Abs(dy), 1e-9))
		tx, ty := cx+dx*s, cy+dy*s
		n := math.Hypot(dx, dy)
		ux, uy := dx/n, dy/n // towards the track
		px, py := -uy, ux    // across
		const l, w = 22.0, 11.0
		bx, by := tx-ux*l, ty-uy*l
		b.tri(tx+ux*2, ty+uy*2, bx+px*(w+2), by+py*(w+2), bx-px*(w+2), by-py*(w+2), colOutline)
		b.tri(tx, ty, bx+px*w, by+py*w, bx-px*w, by-py*w, colTrackOwn)
		// The label behind the arrow, clear of it.
		lw := advance(fmt.Sprintf("new T%d", t.ID), g.fonts.small)
		back := 6 + math.Min(math.Abs((lw/2+4)/math.Max(math.Abs(ux), 1e-9)), 12/math.Max(math.Abs(uy), 1e-9))
		g.arrows = append(g.arrows, edgeArrow{id: t.ID, x: bx - ux*back, y: by - uy*back, pos: t.Pos})
	}
}

// edgeArrow is an arrow drawn for a new track off screen, for its label
// and its click region.
type edgeArrow struct {
	id   int32
	x, y float64 // the label's anchor, behind the arrow
	pos  orb.Point
}

// fold is the mark before a collapsible panel's title: [+] when it is
// collapsed (a click opens it), [-] when it is open.
func fold(shut bool) string {
	if shut {
		return "[+]"
	}
	return "[-]"
}
