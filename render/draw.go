package render

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/paulmach/orb"
)

// rect is a screen rectangle, for label collisions.
type rect struct{ x0, y0, x1, y1 float64 }

func (r rect) overlaps(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

// drawMap draws the static map from its cached image. While the camera
// moves, the cached image is drawn moved and scaled to match (the world to
// screen mapping is a scale and a shift, so this is exact up to
// resampling), and drawn anew once the camera has been still for
// settleFrames frames, or sooner when the scale has changed too much for
// the old image to read.
func (g *Game) drawMap(dst *ebiten.Image) {
	b := dst.Bounds()
	if *g.cam == g.lastCam {
		g.still++
	} else {
		g.still = 0
		g.lastCam = *g.cam
	}
	if g.mapImg == nil || g.mapImg.Bounds() != b {
		if g.mapImg != nil {
			g.mapImg.Deallocate()
		}
		g.mapImg = offscreen(b.Dx(), b.Dy())
		g.mapValid = false
	}
	s := g.cam.Scale / g.mapCam.Scale
	if !g.mapValid || (g.mapCam != *g.cam && (g.still >= settleFrames || s > 3 || s < 1.0/3)) {
		g.renderMap(g.mapImg)
		g.mapCam, g.mapValid = *g.cam, true
		s = 1
	}
	if g.mapCam == *g.cam {
		op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
		dst.DrawImage(g.mapImg, op)
		return
	}
	dst.Fill(colOffMap)
	tx, ty := g.cam.ToScreen(g.mapCam.ToWorld(0, 0))
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(s, s)
	op.GeoM.Translate(tx, ty)
	dst.DrawImage(g.mapImg, op)
}

// settleFrames is how many frames the camera must stand still before the
// map is drawn anew at the new position.
const settleFrames = 4

// renderMap draws the static layers: sea, countries, lakes, the relief, rivers, patrol
// tracks, joint zones, the border, towns and names.
func (g *Game) renderMap(img *ebiten.Image) {
	cam := g.cam
	img.Fill(colOffMap)
	view := cam.Bound()
	for _, sets := range [][]*fillSet{g.st.window, g.st.countries, g.st.lakes} {
		for _, f := range sets {
			if !f.bound.Intersects(view) {
				continue
			}
			f.project(cam)
			img.DrawTriangles(f.vs, f.is, g.white, &ebiten.DrawTrianglesOptions{FillRule: f.rule})
		}
	}
	g.relief.draw(img, g)

	b := g.b
	b.begin(img, ebiten.FillRuleFillAll)
	strokeLines(b, cam, g.st.lakeEdges, 1, colCoast, false)
	strokeLines(b, cam, g.st.rivers, riverWidth, colRiver, false)
	dashLines(b, cam, g.st.tracks, lineWidthThin, 6, 5, colTrackLine)
	for _, z := range g.info.Zones {
		x, y := cam.ToScreen(z.Center)
		r := z.Radius * cam.Scale
		if !segVisible(x-r, y-r, x+r, y+r, float64(cam.W), float64(cam.H), 2) {
			continue
		}
		b.disc(x, y, r, fade(colZone, 0.10))
		b.dashedRing(x, y, r, 2, fade(colZone, 0.85))
	}
	strokeLines(b, cam, g.st.border, borderWidth+3, colBorderHalo, true)
	strokeLines(b, cam, g.st.border, borderWidth, colBorder, true)
	b.end()

	// Towns: dots and names, largest first, skipping names that would
	// overlap one already placed.
	g.occupied = g.occupied[:0]
	var towns []label
	b.begin(img, ebiten.FillRuleFillAll)
	for _, t := range g.townOrder { // the places the scenario names first (places.go)
		x, y := cam.ToScreen(t.pos)
		if x < 0 || y < 0 || x > float64(cam.W) || y > float64(cam.H) {
			continue
		}
		if len(towns) >= 40 {
			break
		}
		w := advance(t.text, g.townFace(t))
		r := rect{x - 3, y - 8, x + 6 + w, y + 8}
		if g.collides(r) {
			continue
		}
		g.occupied = append(g.occupied, r)
		b.disc(x, y, 3.2, colWhite)
		b.disc(x, y, 2.2, colTown)
		towns = append(towns, t)
	}
	b.end()
	g.towns = towns // named each frame, after the picture's labels, which win
	for _, z := range g.info.Zones {
		if z.Name == "" {
			continue
		}
		x, y := cam.ToScreen(z.Center)
		r := z.Radius * cam.Scale
		if r < 20 || x < 0 || y < 0 || x > float64(cam.W) || y > float64(cam.H) {
			continue
		}
		w := advance(z.Name, g.fonts.small)
		g.labelText(img, z.Name, g.fonts.small, x-w/2, y-r-16, colZone, colWhite)
	}
	// Country names, big and muted, deep inside each visible country.
	g.clabels = countryLabels(g.st.m, cam, g.ctl.Free)
	for _, l := range g.clabels {
		x, y := cam.ToScreen(l.pos)
		s := strings.ToUpper(l.text)
		w := advance(s, g.fonts.big)
		col := g.st.labelCol[l.rank]
		g.drawText(img, s, g.fonts.big, x-w/2, y-12, fade(col, 0.8))
	}
}

func (g *Game) collides(r rect) bool {
	for _, o := range g.occupied {
		if r.overlaps(o) {
			return true
		}
	}
	return false
}

// drawText draws s with its top-left corner at (x, y).
func (g *Game) drawText(dst *ebiten.Image, s string, f text.Face, x, y float64, c color.Color) {
	op := &text.DrawOptions{}
	op.GeoM.Translate(math.Round(x), math.Round(y))
	op.ColorScale.ScaleWithColor(c)
	g.withArabic(s)
	f = g.fonts.face(f)
	if t := &g.hudCache.tiles; dst == t.img {
		m := f.Metrics()
		lines := float64(1 + strings.Count(s, "\n"))
		t.mark(x-hudTile, y-hudTile, x+advance(s, f)+hudTile, y+lines*(m.HAscent+m.HDescent+m.HLineGap)+hudTile)
	}
	if hasRTL(s) {
		g.drawRuns(dst, s, f, op)
		return
	}
	text.Draw(dst, s, f, op)
}

// labelText draws s with a one-pixel halo so that it reads on any ground.
func (g *Game) labelText(dst *ebiten.Image, s string, f text.Face, x, y float64, c, halo color.Color) {
	for _, d := range [4][2]float64{{-1, 0}, {1, 0}, {0, -1}, {0, 1}} {
		g.drawText(dst, s, f, x+d[0], y+d[1], halo)
	}
	g.drawText(dst, s, f, x, y, c)
}

// onScreen reports whether (x, y) is within pad pixels of the screen.
func (g *Game) onScreen(x, y, pad float64) bool {
	return x >= -pad && y >= -pad && x <= float64(g.cam.W)+pad && y <= float64(g.cam.H)+pad
}

// drawPicture draws the live picture of a view: checkpoints, bases,
// fences, sensors, tracks, ground truth, units, orders and event markers.
// a is the interpolation fraction between the last two views.
func (g *Game) drawPicture(dst *ebiten.Image, v *sim.View, a float64) {
	cam := g.cam
	b := g.b
	b.begin(dst, ebiten.FillRuleFillAll)
	W, H := float64(cam.W), float64(cam.H)
	if v.Night {
		b.rect(0, 0, W, H, colNight)
	}

	// Fences.
	for _, f := range v.Barriers {
		pl := []polyline{{pts: f.Line, bound: f.Line.Bound()}}
		if len(f.Line) < 2 {
			continue
		}
		// A thin dark line with ticks, so the border shows through.
		strokeLines(b, cam, pl, 1.5, rgb(0x263238), false)
		dashLines(b, cam, pl, 6, 1.5, 9, rgb(0x263238))
	}

	// Sensor coverage.
	for _, s := range v.Sensors {
		x, y := cam.ToScreen(s.Pos)
		r := s.Range * cam.Scale
		if r < 3 || !segVisible(x-r, y-r, x+r, y+r, W, H, 2) {
			continue
		}
		c := teamColour(s.Team)
		if s.Down {
			b.dashedRing(x, y, r, 1.2, fade(rgb(0x666666), 0.7))
			continue
		}
		if s.Sector > 0 && s.Sector < 360 { // what it sees: the sector the aim (W) turns
			b.wedge(x, y, r, s.Azimuth, s.Sector, 1.2, fade(c, 0.07), fade(c, 0.55))
			continue
		}
		b.disc(x, y, r, fade(c, 0.07))
		b.ring(x, y, r, 1.2, fade(c, 0.55))
	}

	// Track position error.
	for i, t := range v.Tracks {
		p := pos(g.ip.tracks, i, t.ID, t.Pos, a)
		x, y := cam.ToScreen(p)
		r := t.Err * cam.Scale
		if r < 3 || !segVisible(x-r, y-r, x+r, y+r, W, H, 2) {
			continue
		}
		c := trackColour(t)
		if v.Team == sim.Instructor {
			c = teamColour(t.Team)
		}
		f := trackFade(t)
		b.disc(x, y, r, fade(c, 0.10*f))
		b.ring(x, y, r, 1, fade(c, 0.55*f))
	}

	// Team bases.
	for i, t := range g.info.Teams {
		if v.Team != sim.Instructor && i != v.Team {
			continue
		}
		x, y := cam.ToScreen(t.Base)
		if !g.onScreen(x, y, 10) || (t.Base == orb.Point{}) {
			continue
		}
		c := teamColour(i)
		b.rect(x-7, y-3, x+7, y+8, colOutline)
		b.tri(x-9, y-2, x, y-10, x+9, y-2, colOutline)
		b.rect(x-5.5, y-2, x+5.5, y+6.5, c)
		b.tri(x-6.5, y-2.5, x, y-8, x+6.5, y-2.5, c)
	}

	// Routes and orders of units; in a crowd only the selected units'.
	crowded := g.visibleUnits(v) > maxRoutes
	for i, u := range v.Units {
		sel := g.selectedUnit(u.ID)
		if crowded && !sel {
			continue
		}
		p := pos(g.ip.units, i, u.ID, u.Pos, a)
		c := teamColour(u.Team)
		alpha := 0.55
		if sel {
			alpha = 0.95
		}
		if u.Order == sim.OrderPatrol && len(u.Route) > 1 {
			// A patrol loop: thin and faint, dashed and strong when the
			// unit is selected.
			phase := 0.0
			for k := range u.Route {
				q0, q1 := u.Route[k], u.Route[(k+1)%len(u.Route)]
				x0, y0 := cam.ToScreen(q0)
				x1, y1 := cam.ToScreen(q1)
				if !segVisible(x0, y0, x1, y1, W, H, 2) {
					continue
				}
				if sel {
					phase = b.dashed(x0, y0, x1, y1, 2, 8, 5, phase, fade(c, alpha))
				} else {
					b.line(x0, y0, x1, y1, 1.2, fade(c, 0.4))
				}
			}
		}
		x, y := cam.ToScreen(p)
		switch u.Order {
		case sim.OrderMove, sim.OrderReturn:
			tx, ty := cam.ToScreen(u.Target)
			if segVisible(x, y, tx, ty, W, H, 2) && (u.Target != orb.Point{}) {
				b.line(x, y, tx, ty, 1.3, fade(c, alpha))
				b.ring(tx, ty, 3, 1.3, fade(c, alpha))
			}
		case sim.OrderIntercept:
			for j, t := range v.Tracks {
				if t.ID == u.Track {
					tp := pos(g.ip.tracks, j, t.ID, t.Pos, a)
					tx, ty := cam.ToScreen(tp)
					if segVisible(x, y, tx, ty, W, H, 2) {
						b.dashed(x, y, tx, ty, 2, 7, 4, 0, fade(colIncident, 0.85))
					}
					break
				}
			}
		}
	}

	// Event markers.
	for _, m := range g.markers {
		age := v.Tick - m.tick
		if age < 0 || age > markerTicks {
			continue
		}
		x, y := cam.ToScreen(m.pos)
		if !g.onScreen(x, y, 12) {
			continue
		}
		f := 1 - 0.7*float64(age)/markerTicks
		g.marker(b, m.kind, x, y, f)
	}

	b.end()

	// Icons, stamped from the sprite atlas in one batch: checkpoints,
	// sensors, tracks, ground truth, units.
	sp := g.sprites
	sp.b.begin(dst)
	for _, c := range g.checkpoints(v) {
		x, y := cam.ToScreen(c.Pos)
		if !g.onScreen(x, y, 10) {
			continue
		}
		k := spriteKey{kind: spriteCheckpoint, team: -1}
		if c.Open {
			k.flags |= flagOpen
		}
		sp.stamp(k, x, y, 1)
	}
	for _, s := range v.Sensors {
		x, y := cam.ToScreen(s.Pos)
		if !g.onScreen(x, y, 8) {
			continue
		}
		k := spriteKey{kind: spriteSensor, team: int8(s.Team)}
		if s.Down {
			k.flags |= flagDown
		}
		sp.stamp(k, x, y, 1)
	}
	// Tracks: own filled amber, shared-in hollow in the sharer's colour;
	// the white cell sees each team's tracks in the team's colour.
	truth := v.Team == sim.Instructor
	for i, t := range v.Tracks {
		p := pos(g.ip.tracks, i, t.ID, t.Pos, a)
		x, y := cam.ToScreen(p)
		if !g.onScreen(x, y, 12) {
			continue
		}
		k := trackKey(t, truth)
		sp.cl.add(k, spriteKey{kind: k.kind, team: k.team, flags: k.flags & flagSharedIn}, x, y, trackFade(t), t.ID == g.ctl.Track)
	}
	// Ground truth (instructor views only carry crossers), over the tracks.
	for i, c := range v.Crossers {
		if c.State == sim.Escaped {
			continue
		}
		p := pos(g.ip.crossers, i, c.ID, c.Pos, a)
		x, y := cam.ToScreen(p)
		if !g.onScreen(x, y, 10) {
			continue
		}
		sp.cl.add(crosserKey(c), spriteKey{kind: spriteCrosser, team: -1}, x, y, 1, c.ID == g.ctl.Crosser)
	}
	for i, u := range v.Units {
		p := pos(g.ip.units, i, u.ID, u.Pos, a)
		x, y := cam.ToScreen(p)
		if !g.onScreen(x, y, 12) {
			continue
		}
		sp.cl.add(unitKey(u), spriteKey{kind: spriteUnit, team: int8(u.Team)}, x, y, 1, g.selectedUnit(u.ID))
	}
	ox, oy := cam.ToScreen(orb.Point{})
	sp.cl.stamp(sp, ox, oy) // clustered when crowded (declutter.go)
	sp.b.end()

	// Over the icons: selection rings, drone endurance, the route being
	// placed and the selection box.
	b.begin(dst, ebiten.FillRuleFillAll)
	for i, t := range v.Tracks {
		if t.ID != g.ctl.Track {
			continue
		}
		x, y := cam.ToScreen(pos(g.ip.tracks, i, t.ID, t.Pos, a))
		b.ring(math.Round(x), math.Round(y), trackSize+6, 2, colSelect)
	}
	for i, c := range v.Crossers {
		if c.ID != g.ctl.Crosser {
			continue
		}
		x, y := cam.ToScreen(pos(g.ip.crossers, i, c.ID, c.Pos, a))
		b.ring(math.Round(x), math.Round(y), crosserSize+7, 2, colSelect)
	}
	for i, u := range v.Units {
		sel := g.selectedUnit(u.ID)
		if !sel && u.Kind != sim.Drone {
			continue
		}
		x, y := cam.ToScreen(pos(g.ip.units, i, u.ID, u.Pos, a))
		if !g.onScreen(x, y, 12) {
			continue
		}
		x, y = math.Round(x), math.Round(y)
		if sel {
			b.ring(x, y, unitSize+6, 2.2, colSelect)
		}
		if mf := g.maxFuel[u.ID]; u.Kind == sim.Drone && mf > 0 && (sel || !sp.cl.clustered) {
			f := math.Min(math.Max(float64(u.Fuel)/float64(mf), 0), 1)
			bw := 18.0
			bx, by := x-bw/2, y+unitSize+4
			b.rect(bx-1, by-1, bx+bw+1, by+4, colOutline)
			b.rect(bx, by, bx+bw*f, by+3, mix(colNotMet, colMet, f))
		}
	}

	g.drawFresh(b, v, a)

	// The route being placed, and the box being dragged.
	// Legs that enter another country without authority are red.
	if len(g.ctl.Route) > 0 {
		legs := g.ctl.RouteLegs(v)
		for i, l := range legs {
			x0, y0 := cam.ToScreen(l.P)
			x1, y1 := cam.ToScreen(l.Q)
			switch {
			case l.Bad:
				b.line(x0, y0, x1, y1, 3.5, colIncident)
			case i == 0 || i == len(legs)-1 && len(legs) > 2:
				b.dashed(x0, y0, x1, y1, 2, 6, 5, 0, colSelect) // to the route and back
			default:
				b.line(x0, y0, x1, y1, 2, colSelect)
			}
		}
		if len(legs) == 0 { // no unit of the user's selected: the points alone
			for i := 1; i < len(g.ctl.Route); i++ {
				x0, y0 := cam.ToScreen(g.ctl.Route[i-1])
				x1, y1 := cam.ToScreen(g.ctl.Route[i])
				b.line(x0, y0, x1, y1, 2, colSelect)
			}
		}
		for _, q := range g.ctl.Route {
			x, y := cam.ToScreen(q)
			b.disc(x, y, 4, colSelect)
		}
	}
	// An order held back by a warning: its legs dashed red, and where it
	// would cross without authority.
	if h := g.ctl.Held; h != nil {
		for _, l := range h.Legs {
			x0, y0 := cam.ToScreen(l[0])
			x1, y1 := cam.ToScreen(l[1])
			b.dashed(x0, y0, x1, y1, 3, 9, 5, 0, colIncident)
		}
		x, y := cam.ToScreen(h.At)
		g.marker(b, sim.EvIncident, x, y, 1)
	}
	if g.ctl.Boxing {
		bx := g.ctl.Box
		x0, x1 := math.Min(bx[0], bx[2]), math.Max(bx[0], bx[2])
		y0, y1 := math.Min(bx[1], bx[3]), math.Max(bx[1], bx[3])
		b.rect(x0, y0, x1, y1, fade(colSelect, 0.12))
		b.frame(x0, y0, x1, y1, 1.5, colSelect)
	}
	b.end()

	g.pictureLabels(dst, v, a)
}

// pictureLabels names units, checkpoints and (zoomed in) tracks, when
// there are few enough on screen to read.
func (g *Game) pictureLabels(dst *ebiten.Image, v *sim.View, a float64) {
	cam := g.cam
	if g.visibleUnits(v) <= maxUnitLabels {
		// Selected units first, so that their names win.
		for pass := 0; pass < 2; pass++ {
			for i, u := range v.Units {
				if g.selectedUnit(u.ID) != (pass == 0) {
					continue
				}
				p := pos(g.ip.units, i, u.ID, u.Pos, a)
				x, y := cam.ToScreen(p)
				if !g.onScreen(x, y, 0) {
					continue
				}
				s := u.Name
				if u.Custody > 0 {
					s = fmt.Sprintf("%s +%d", s, u.Custody)
				}
				w := advance(s, g.fonts.small)
				r := rect{x + unitSize + 3, y - 8, x + unitSize + 5 + w, y + 8}
				if pass == 1 && g.collides(r) {
					continue
				}
				g.occupied = append(g.occupied, r)
				g.labelText(dst, s, g.fonts.small, x+unitSize+4, y-7, teamLabel(u.Team), colWhite)
			}
		}
	}
	checks := g.checkpoints(v)
	if len(checks) <= 12 || cam.Span() < 300_000 {
		for _, c := range checks {
			x, y := cam.ToScreen(c.Pos)
			if !g.onScreen(x, y, 0) {
				continue
			}
			s := c.Name
			if c.Open && c.Queue > 0 {
				s = g.tr.F("map.queue", s, c.Queue)
			}
			w := advance(s, g.fonts.small)
			r := rect{x - w/2, y + checkSize + 2, x + w/2, y + checkSize + 16}
			if g.collides(r) {
				continue
			}
			g.occupied = append(g.occupied, r)
			col := colClosed
			if c.Open {
				col = colOpen
			}
			g.labelText(dst, s, g.fonts.small, x-w/2, y+checkSize+2, mix(col, rgb(0), 0.3), colWhite)
		}
	}
	// Sensors by name, zoomed in: they carry the places the scenario
	// names ("Soufli thermal", "Feres radar").
	if cam.Span() < 60_000 && len(v.Sensors) <= 40 {
		for _, sn := range v.Sensors {
			x, y := cam.ToScreen(sn.Pos)
			if !g.onScreen(x, y, 0) || sn.Name == "" {
				continue
			}
			w := advance(sn.Name, g.fonts.small)
			r := rect{x + sensorSize + 3, y - 2, x + sensorSize + 5 + w, y + 14}
			if g.collides(r) {
				continue
			}
			g.occupied = append(g.occupied, r)
			g.labelText(dst, sn.Name, g.fonts.small, x+sensorSize+4, y-1, teamLabel(sn.Team), colWhite)
		}
	}
	// Towns last: a unit's or a sensor's name wins over a town's.
	for _, t := range g.towns {
		x, y := cam.ToScreen(t.pos)
		face := g.townFace(t)
		w := advance(t.text, face)
		r := rect{x + 5, y - 8, x + 7 + w, y + 8}
		if g.collides(r) { // the left of the dot, then
			r = rect{x - 7 - w, y - 8, x - 5, y + 8}
		}
		if !g.onScreen(x, y, 0) || g.collides(r) {
			continue
		}
		g.occupied = append(g.occupied, r)
		g.labelText(dst, t.text, face, r.x0+1, y-8, colTown, colWhite)
	}
	// Track names in a team's picture (the white cell sees every team's
	// tracks over the groups; names there would hide the truth).
	if cam.Span() < 120_000 && len(v.Tracks) <= 80 && v.Team != sim.Instructor {
		for i, t := range v.Tracks {
			p := pos(g.ip.tracks, i, t.ID, t.Pos, a)
			x, y := cam.ToScreen(p)
			if !g.onScreen(x, y, 0) {
				continue
			}
			s := fmt.Sprintf("T%d", t.ID)
			if t.Size > 0 {
				s = fmt.Sprintf("T%d ×%d", t.ID, t.Size)
			}
			g.labelText(dst, s, g.fonts.small, x+trackSize+3, y+1, rgb(0x5a3300), colWhite)
		}
	}
}

// Level of detail: above these many units on screen, routes (except the
// selection's) and unit names are left out.
const (
	maxRoutes     = 200
	maxUnitLabels = 80
)

// visibleUnits counts the units on screen.
func (g *Game) visibleUnits(v *sim.View) int {
	n := 0
	for _, u := range v.Units {
		x, y := g.cam.ToScreen(u.Pos)
		if g.onScreen(x, y, 0) {
			n++
		}
	}
	return n
}

// teamLabel is a darker team colour for names on the map.
func teamLabel(team int) color.RGBA { return mix(teamColour(team), rgb(0), 0.25) }

func (g *Game) selectedUnit(id int32) bool {
	for _, s := range g.ctl.Units {
		if s == id {
			return true
		}
	}
	return false
}

// checkpoints returns the live checkpoints of the view, or the map's when
// the view has none.
func (g *Game) checkpoints(v *sim.View) []sim.CheckpointView {
	if len(v.Checks) > 0 {
		return v.Checks
	}
	out := g.mapChecks[:0]
	for _, c := range g.st.m.Checkpoints {
		out = append(out, sim.CheckpointView{Name: c.Name, Team: -1, Pos: c.Pos, Open: c.Open})
	}
	g.mapChecks = out
	return out
}

// trackColour is the colour of a track: amber for the team's own, the
// sharer's colour for shared ones, grey in custody.
func trackColour(t sim.TrackView) color.RGBA {
	switch {
	case t.Custody:
		return colApprehended
	case t.From >= 0:
		return teamColour(t.From)
	}
	return colTrackOwn
}

// trackFade is a track's opacity: fresh tracks are solid, stale ones
// fade.
func trackFade(t sim.TrackView) float64 {
	age := math.Min(float64(t.Age)/staleTicks, 1)
	return 1 - 0.65*age
}

// marker draws an event marker with opacity f.
func (g *Game) marker(b *batch, k sim.EventKind, x, y, f float64) {
	switch k {
	case sim.EvIncident:
		b.triangleUp(x, y, 12, fade(colWhite, f))
		b.triangleUp(x, y, 9.5, fade(colIncident, f))
		b.rect(x-1.2, y-5, x+1.2, y+1, fade(colWhite, f))
		b.rect(x-1.2, y+2.2, x+1.2, y+4.4, fade(colWhite, f))
	case sim.EvApprehension:
		b.ring(x, y, 10, 3, fade(colApprehend, f))
		b.ring(x, y, 10, 1, fade(colWhite, f))
	case sim.EvFenceCut:
		b.cross(x, y, 7, 3, fade(colFenceCut, f))
	case sim.EvCommunityReport:
		b.ring(x, y, 9, 2, fade(colReport, f))
	case sim.EvCheckpointFind:
		b.ring(x, y, 11, 2.5, fade(colWarn, f))
	case sim.EvCrossing:
		b.ring(x, y, 6, 1.5, fade(colCrosser, f*0.8))
	case sim.EvEscape:
		b.cross(x, y, 5, 2, fade(rgb(0x7a0000), f))
	case sim.EvDetection:
		b.ring(x, y, 12, 1.5, fade(colTrackOwn, f))
	}
}
