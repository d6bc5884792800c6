package render

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/paulmach/orb"
)

// logLine is one line of the event log. A click on it selects and
// centres what it names: a track, else a unit, else its place.
type logLine struct {
	tick   int32
	text   string
	col    color.RGBA
	ref    logRef
	tracks []int32 // a burst of new tracks, grouped on one line
}

// logRef is what a log line names.
type logRef struct {
	track, unit int32 // -1 for none
	pos         orb.Point
}

// noRef names nothing.
var noRef = logRef{track: -1, unit: -1}

// toast is a short message shown over the map for a few seconds.
type toast struct {
	text  string
	tick  int32     // the simulated time it is about
	until time.Time // wall time it goes
	col   color.RGBA
}

// marker is an event drawn on the map where it happened.
type marker struct {
	kind sim.EventKind
	pos  orb.Point
	tick int32
}

// HUD geometry, pixels.
const (
	hudBarH   = 30.0                      // top bar
	hudStripH = 24.0                      // bottom strip: scale, position, key hint
	hudColW   = 340.0                     // right column (objectives, selection)
	hudLogH   = logShown*17 + 30 + 30 + 8 // event log and bottom strip
)

// Limits of the HUD's lists.
const (
	maxLog      = 200
	logShown    = 7
	maxToasts   = 4
	toastTicks  = 900 // ticks: a toast also goes once the exercise is this far past it
	maxMarkers  = 400
	toastTime   = 4 * time.Second
	messageTime = 9 * time.Second
)

// logWidth and logHeight are the event log panel's size, pixels.
func (g *Game) logWidth() float64 { return math.Min(560, float64(g.cam.W)-hudColW-40) }

func (g *Game) logHeight() float64 {
	if len(g.log) == 0 {
		return 0
	}
	if g.logShut {
		return 24
	}
	return float64(len(g.logRows(logShown, g.logWidth()-20)))*17 + 30
}

// toast pops up s for toastTime; tick is the simulated time it is about.
func (g *Game) toast(s string, tick int32, now time.Time, c color.RGBA) {
	g.toastFor(s, tick, now, c, toastTime)
}

func (g *Game) toastFor(s string, tick int32, now time.Time, c color.RGBA, d time.Duration) {
	g.toasts = append(g.toasts, toast{text: s, tick: tick, until: now.Add(d), col: c})
	if len(g.toasts) > maxToasts {
		g.toasts = g.toasts[len(g.toasts)-maxToasts:]
	}
}

func (g *Game) logf(tick int32, c color.RGBA, format string, args ...any) {
	g.logRef(tick, c, noRef, format, args...)
}

// logRef logs a line that names ref.
func (g *Game) logRef(tick int32, c color.RGBA, ref logRef, format string, args ...any) {
	g.log = append(g.log, logLine{tick: tick, text: fmt.Sprintf(format, args...), col: c, ref: ref})
	if len(g.log) > maxLog {
		g.log = append(g.log[:0], g.log[len(g.log)-maxLog:]...)
	}
}

// burstTicks is how close in simulated time new tracks must come to share
// one log line, seconds.
const burstSeconds = 60

// logDetection logs a new track, on the line of the burst it belongs to.
func (g *Game) logDetection(e sim.Event) {
	if n := len(g.log); n > 0 {
		l := &g.log[n-1]
		if len(l.tracks) > 0 && (e.Tick-l.tick)*int32(max(g.info.TickSeconds, 1)) <= burstSeconds {
			l.tracks = append(l.tracks, e.Track)
			l.tick = e.Tick
			l.text = g.tr.F("log.new_tracks", len(l.tracks), trackList(l.tracks))
			l.ref = logRef{track: e.Track, unit: -1, pos: e.Pos}
			return
		}
	}
	g.logRef(e.Tick, colDetect, logRef{track: e.Track, unit: -1, pos: e.Pos}, g.tr.Format("log.new_track"), e.Track)
	g.log[len(g.log)-1].tracks = []int32{e.Track}
}

// trackList names tracks "T4 T5 T6", the first eight and a count of the
// rest.
func trackList(ids []int32) string {
	var sb strings.Builder
	for i, id := range ids {
		if i == 8 {
			fmt.Fprintf(&sb, " +%d", len(ids)-8)
			break
		}
		if i > 0 {
			sb.WriteByte(' ')
		}
		fmt.Fprintf(&sb, "T%d", id)
	}
	return sb.String()
}

func (g *Game) unitName(id int32) string {
	if n, ok := g.names[id]; ok && n != "" {
		return n
	}
	return g.tr.F("unit.n", id)
}

// event puts one event in the log, and where it has a place on the map a
// marker; rejections and messages also pop up.
func (g *Game) event(e sim.Event, now time.Time) {
	mark := func() {
		if (e.Pos == orb.Point{}) {
			return
		}
		g.markers = append(g.markers, marker{kind: e.Kind, pos: e.Pos, tick: e.Tick})
		if len(g.markers) > maxMarkers {
			g.markers = append(g.markers[:0], g.markers[len(g.markers)-maxMarkers:]...)
		}
	}
	if (e.Kind == sim.EvInject || e.Kind == sim.EvMessage) && g.caughtUp(e) {
		return
	}
	at := logRef{track: -1, unit: -1, pos: e.Pos}
	unit := logRef{track: -1, unit: e.Unit, pos: e.Pos}
	switch e.Kind {
	case sim.EvAccepted:
		// One line per action: what the exercise reports itself (a share,
		// an inject, pause and speed) is not logged twice.
		if what, ok := g.ctl.Describe(e.CmdID); ok && !g.ctl.Echoed(e.CmdID) {
			g.logf(e.Tick, colTextDim, g.tr.Format("log.ok"), what)
		}
	case sim.EvRejected:
		what, ok := g.ctl.Describe(e.CmdID)
		if !ok {
			what = g.tr.T("log.command")
		}
		why := g.tr.Reason(e.Text)
		g.logf(e.Tick, colNotMet, g.tr.Format("log.refused"), what, why)
		g.toast(g.tr.F("toast.refused", what, why), e.Tick, now, colToast)
	case sim.EvCrossing:
		g.logRef(e.Tick, colEvent, at, g.tr.Format("log.crossed"), e.Group)
		mark()
	case sim.EvDetection:
		g.logDetection(e)
		mark()
	case sim.EvShared:
		g.logRef(e.Tick, colShared, logRef{track: e.Track, unit: -1, pos: e.Pos}, g.tr.Format("log.shared"), e.Track, g.info.TeamID(e.Team))
	case sim.EvApprehension:
		g.logRef(e.Tick, colMet, unit, g.tr.Format("log.apprehended"), g.unitName(e.Unit), e.Group)
		mark()
	case sim.EvEscape:
		g.logRef(e.Tick, colEvent, at, g.tr.Format("log.escaped"), e.Group)
		mark()
	case sim.EvIncident:
		where := g.tr.T("log.neighbour_territory")
		if e.Text != "" {
			where = e.Text
		}
		g.logRef(e.Tick, colNotMet, unit, g.tr.Format("log.incident"), g.unitName(e.Unit), where)
		g.toast(g.tr.F("toast.incident", g.unitName(e.Unit), where), e.Tick, now, colToast)
		mark()
	case sim.EvFenceCut:
		g.logRef(e.Tick, colWarn, at, "%s", g.tr.T("log.fence_cut"))
		mark()
	case sim.EvInject:
		s := e.Text
		if e.Message != "" {
			s += ": " + g.tr.Pick(e.Message)
		}
		g.logf(e.Tick, colMessage, g.tr.Format("log.inject"), s)
		if e.Message != "" {
			g.toastFor(g.tr.F("toast.inject", s), e.Tick, now, colToastMessage, messageTime)
		}
	case sim.EvMessage:
		msg := g.tr.Pick(e.Message)
		if msg == "" {
			msg = e.Text
		}
		g.logf(e.Tick, colMessage, g.tr.Format("log.message"), msg)
		g.toastFor(g.tr.F("toast.message", msg), e.Tick, now, colToastMessage, messageTime)
	case sim.EvProcessed:
		g.logf(e.Tick, colTextDim, g.tr.Format("log.processed"), e.Group)
	case sim.EvDroneLow:
		g.logRef(e.Tick, colWarn, unit, g.tr.Format("log.drone_low"), g.unitName(e.Unit))
	case sim.EvCheckpointFind:
		s := e.Text
		if s == "" {
			s = g.tr.T("log.find")
		}
		g.logRef(e.Tick, colWarn, at, g.tr.Format("log.checkpoint"), s)
		mark()
	case sim.EvCommunityReport:
		g.logRef(e.Tick, colMessage, logRef{track: e.Track, unit: -1, pos: e.Pos}, g.tr.Format("log.residents"), e.Track)
		mark()
	case sim.EvObjective:
		g.objEvent[e.Text] = true
		st, col := g.tr.T("obj.changed"), colText
		if g.view != nil {
			for _, o := range g.view.Objective {
				if o.ID == e.Text {
					st, col = g.tr.T("obj.now_not_met"), colNotMet
					if o.Met {
						st, col = g.tr.T("obj.now_met"), colMet
					}
				}
			}
		}
		g.logf(e.Tick, col, g.tr.Format("log.objective"), e.Text, st)
	case sim.EvControl:
		g.logf(e.Tick, colTextDim, g.tr.Format("log.exercise"), g.controlText(e.Text))
	default:
		g.logf(e.Tick, colTextDim, "%s", e.Kind)
	}
}

// controlText is an exercise control event's text with the value it set
// ("speed 10×"), read from the view when the event does not carry it.
func (g *Game) controlText(s string) string {
	if s == "speed" && g.view != nil {
		return g.tr.F("log.speed", g.view.Speed)
	}
	return s
}

// clock formats simulated seconds since midnight of day one.
func (g *Game) clock(s int) string {
	d := s / 86400
	s %= 86400
	return g.tr.F("clock.day", d+1, s/3600, s/60%60, s%60)
}

// shortClock formats simulated seconds since midnight of day one, short.
func (g *Game) shortClock(s int) string {
	d := s / 86400
	s %= 86400
	return g.tr.F("clock.short", d+1, s/3600, s/60%60)
}

// drawHUD draws the panels over the map: top bar, legend, objectives and
// comms, event log, selection, toasts, scale bar and overlays.
func (g *Game) drawHUD(screen *ebiten.Image, now time.Time) {
	W, H := float64(g.cam.W), float64(g.cam.H)
	v := g.view
	f := g.fonts

	// Panels first (one batch), then their text; kept while nothing they
	// show changes (hudcache.go).
	hit0 := len(g.hits)
	if g.hudCached(screen, now) {
		g.drawOverlays(screen)
		return
	}
	dst := g.hudLayer(screen)
	texts := g.hudTexts[:0]
	b := g.b
	b.begin(dst, ebiten.FillRuleFillAll)
	g.beginMirror(b) // laid out left to right, drawn mirrored for a right-to-left reader (mirror.go)
	defer endMirror(b)

	// Top bar.
	const barH = hudBarH
	b.rect(0, 0, W, barH, colBar)
	b.rect(0, barH-1, W, barH, colPanelEdge)
	who := g.info.TeamName(g.info.Team)
	if r := staffRole(g.info.Role); r != roleWhite && g.info.Instructor() {
		who = g.staffName(r)
	} else if g.info.Team != sim.Instructor {
		who = fmt.Sprintf("%s (%s)", who, g.info.TeamID(g.info.Team))
	}
	title := fmt.Sprintf("borderdrill · %s · %s", g.info.Scenario, who)
	if v != nil && v.Team == sim.Instructor && !g.info.Instructor() {
		title += g.tr.T("hud.truth_shown")
	}
	if g.info.Instructor() {
		vt := g.tr.T("hud.ground_truth")
		if v != nil && v.Team != sim.Instructor {
			vt = g.tr.F("hud.picture_of", g.info.TeamID(v.Team))
		} else if g.viewTeam != sim.Instructor {
			vt = g.tr.F("hud.picture_of", g.info.TeamID(g.viewTeam))
		}
		title += g.tr.F("hud.viewing", vt)
	}
	titleW := W - 20
	if v != nil {
		dn := g.tr.T("hud.day")
		if v.Night {
			dn = g.tr.T("hud.night")
		}
		mid := fmt.Sprintf("%s  ·  %s  ·  %s", g.clock(v.Clock), dn, g.enum(v.Weather))
		w := advance(mid, f.bold)
		texts = append(texts, hudText{mid, f.bold, W/2 - w/2, 8, colText})
		titleW = W/2 - w/2 - 30
		sp := g.tr.F("hud.speed", v.Speed, v.Tick)
		col := colText
		if v.Paused {
			sp = g.tr.F("hud.paused", v.Tick)
			switch {
			case g.timeline() != nil:
			case g.ownClock():
				sp = g.tr.F("hud.paused_space", v.Tick)
			case !g.ctl.WhiteCell():
				sp = g.tr.T("hud.paused_wait")
				if v.Tick == 0 {
					sp = g.tr.T("hud.paused_start_wait")
					if w, waiting := g.waitingForTeams(); waiting {
						sp = g.tr.F("hud.paused_before_teams", w)
					}
				}
			case v.Tick == 0:
				sp = g.tr.T("hud.paused_start")
				if w, _ := g.waitingForTeams(); w != "" {
					sp = g.tr.F("hud.paused_start_teams", w)
				}
			}
			col = colWarn
		}
		g.status = sp
		w = advance(sp, f.bold)
		texts = append(texts, hudText{sp, f.bold, W - w - 10, 8, col})
	}
	// The title, shortened before it is cut: without "borderdrill", then
	// with the team's id alone.
	for _, alt := range []string{strings.TrimPrefix(title, "borderdrill · "), fmt.Sprintf("%s · %s", g.info.Scenario, g.info.TeamID(g.info.Team))} {
		if advance(title, f.bold) <= titleW {
			break
		}
		title = alt
	}
	texts = append(texts, hudText{clip(title, f.bold, titleW), f.bold, 10, 8, colText})

	// Right column: objectives, comms, totals.
	const colW = hudColW
	x0 := W - colW - 8
	y := barH + 8.0
	if v != nil && (len(v.Objective) > 0 || len(v.Comms) > 0) {
		objs, objLines := g.objectiveRows(v, colW-34) // wrapped, not cut (wrap.go)
		lines := 1 + objLines
		if len(v.Comms) > 0 {
			lines += 1 + len(v.Comms)
		}
		if v.Team == sim.Instructor {
			lines += 2
		}
		if g.objShut {
			lines = 1
		}
		h := float64(lines)*17 + 12
		g.panel(b, x0, y, colW, h)
		g.addHit(x0, y, x0+colW, y+h, hitNone, 0, orb.Point{})
		g.addHit(x0, y, x0+colW, y+22, hitObjToggle, 0, orb.Point{})
		ty := y + 6
		texts = append(texts, hudText{g.tr.T("hud.objectives"), f.bold, x0 + 10, ty, colText})
		texts = append(texts, hudText{fold(g.objShut), f.bold, x0 + colW - 34, ty, colTextDim}) // the title collapses them
		ty += 17
		if g.objShut {
			objs = nil
		}
		for _, o := range objs {
			b.rect(x0+10, ty+4, x0+18, ty+12, o.col)
			for _, l := range o.desc {
				texts = append(texts, hudText{l, f.small, x0 + 24, ty, colText})
				ty += 17
			}
			for _, l := range o.figure {
				texts = append(texts, hudText{l, f.small, x0 + 24, ty, o.col})
				ty += 17
			}
		}
		if len(v.Comms) > 0 && !g.objShut {
			texts = append(texts, hudText{g.tr.T("hud.comms"), f.bold, x0 + 10, ty, colText})
			ty += 17
			for _, c := range v.Comms {
				st, col := g.tr.T("comms.up"), colMet
				switch {
				case c.Cut:
					st, col = g.tr.T("comms.cut"), colNotMet
				case c.Degraded:
					st, col = g.tr.T("comms.degraded"), colWarn
				}
				texts = append(texts, hudText{fmt.Sprintf("%s  %s–%s  %s", c.Agreement, g.info.TeamID(c.A), g.info.TeamID(c.B), st), f.small, x0 + 24, ty, col})
				ty += 17
			}
		}
		if v.Team == sim.Instructor && !g.objShut { // a team's picture carries no ground-truth totals
			s := v.Stats
			texts = append(texts, hudText{g.tr.T("hud.totals"), f.bold, x0 + 10, ty, colText})
			ty += 17
			texts = append(texts, hudText{g.tr.F("hud.totals_line",
				s.Crossed, s.Detected, s.Apprehended, s.Escaped, s.Incidents), f.small, x0 + 10, ty, colTextDim})
		}
		y += h + 8
	}

	// Legend, under the objectives.
	texts = g.legend(b, texts, x0, y)

	// Selection, bottom right.
	if v != nil {
		if lines := g.selection(v); len(lines) > 0 {
			h := float64(len(lines))*17 + 12
			sy := H - h - g.bottomH() - 6
			g.panel(b, x0, sy, colW, h)
			g.addHit(x0, sy, x0+colW, sy+h, hitNone, 0, orb.Point{})
			for i, l := range lines {
				face := f.small
				if i == 0 {
					face = f.bold
				}
				texts = append(texts, hudText{l, face, x0 + 10, sy + 6 + float64(i)*17, colText})
			}
		}
	}

	// Event log, bottom left; a click on a line shows what it names.
	if n := min(len(g.log), logShown); n > 0 {
		lw := g.logWidth()
		h := g.logHeight()
		ly := H - h - g.bottomH() - 6
		g.panel(b, 8, ly, lw, h)
		g.addHit(8, ly, 8+lw, ly+h, hitNone, 0, orb.Point{})
		g.addHit(8, ly, 8+lw, ly+20, hitLogToggle, 0, orb.Point{})
		title := g.tr.T("log.title_open")
		if g.logShut {
			title = g.tr.F("log.title_shut", len(g.log))
		}
		texts = append(texts, hudText{title, f.bold, 18, ly + 6, colText})
		if !g.logShut {
			for i, r := range g.logRows(logShown, lw-20) { // wrapped, not cut (wrap.go)
				l := g.log[r.entry]
				y := ly + 24 + float64(i)*17
				texts = append(texts, hudText{r.s, f.small, 18, y, l.col})
				switch {
				case l.ref.track >= 0:
					g.addHit(8, y, 8+lw, y+17, hitTrack, l.ref.track, l.ref.pos)
				case l.ref.unit >= 0:
					g.addHit(8, y, 8+lw, y+17, hitUnit, l.ref.unit, l.ref.pos)
				case l.ref.pos != orb.Point{}:
					g.addHit(8, y, 8+lw, y+17, hitPlace, 0, l.ref.pos)
				}
			}
		}
	}

	texts, chatBottom := g.chatPanel(b, texts)
	texts = g.sideColumn(b, texts, max(barH+8, chatBottom+6))
	for _, a := range g.arrows {
		s := g.tr.F("hud.arrow_new", a.id)
		w := advance(s, f.small)
		x, y := min(max(a.x-w/2, 4), W-w-4), min(max(a.y-8, barH+2), H-20)
		if g.mirrored() {
			x = W - x - w // the label stays by its arrow on the map, which is not mirrored
		}
		b.rect(x-3, y, x+w+3, y+16, colPanel)
		texts = append(texts, hudText{s, f.small, x, y + 1, colTrackOwn})
		g.addHit(x-14, y-14, x+w+14, y+30, hitTrack, a.id, a.pos)
	}

	// Bottom strip: scale bar, cursor position, help hint.
	b.rect(0, H-hudStripH, W, H, colPanel)
	texts = g.scaleBar(b, texts, 12, H-12)
	cx, cy := ebiten.CursorPosition()
	if g.onScreen(float64(cx), float64(cy), -1) {
		ll := g.info.Map.Proj.Inverse(g.cam.ToWorld(float64(cx), float64(cy)))
		s := fmt.Sprintf("%.4f°%s %.4f°%s", math.Abs(ll[1]), g.ns(ll[1]), math.Abs(ll[0]), g.ew(ll[0]))
		texts = append(texts, hudText{s, f.small, 200, H - 20, colTextDim})
	}
	hint := g.tr.T("hud.hint")
	if g.timeline() != nil {
		hint = g.tr.T("hud.hint_replay")
	}
	w := advance(hint, f.small)
	texts = append(texts, hudText{hint, f.small, W - w - 10, H - 20, colTextDim})
	attr := g.tr.T("hud.attribution")
	texts = append(texts, hudText{attr, f.small, W/2 - advance(attr, f.small)/2, H - 20, colTextDim})

	// Toasts, at the foot of the map's free part, stacking up: off the
	// middle of the map, where the action is framed.
	live := g.toasts[:0]
	for _, t := range g.toasts {
		if now.Before(t.until) && (v == nil || v.Tick-t.tick <= toastTicks) {
			live = append(live, t)
		}
	}
	g.toasts = live
	fr := g.ctl.Free
	if g.mirrored() {
		fr = mirrorRect(fr, W) // the toasts are laid out before the HUD is mirrored
	}
	if fr.X1-fr.X0 < 1 {
		fr = client.Rect{X0: 8, Y0: barH + 8, X1: W - 8, Y1: H - hudStripH - 8}
	}
	_ = chatBottom
	tw := math.Min(fr.X1-fr.X0-16, 620)
	ty := fr.Y1 - 4
	mid := (fr.X0 + fr.X1) / 2
	for i := len(g.toasts) - 1; i >= 0; i-- {
		t := g.toasts[i]
		lines := wrapLines(g.lineBuf[:0], t.text, f.body, tw-24) // wrapped, not cut (wrap.go)
		g.lineBuf = lines
		w := 0.0
		for _, l := range lines {
			w = math.Max(w, advance(l, f.body))
		}
		h := float64(len(lines))*18 + 8
		ty -= h
		b.rect(mid-w/2-12, ty, mid+w/2+12, ty+h, t.col)
		for k, l := range lines {
			texts = append(texts, hudText{l, f.body, mid - w/2, ty + 4 + float64(k)*18, colText})
		}
		ty -= 4
	}

	b.end()
	g.mirrorLayer(texts, hit0)
	g.drawn = append(g.drawn[:0], texts...)
	for _, t := range texts {
		g.drawText(dst, t.s, t.f, t.x, t.y, t.c)
	}
	g.hudTexts = texts
	g.keepHUD(screen, now, hit0)

	// Overlays, over the panels and their text.
	g.drawOverlays(screen)
}

// hudText is a string waiting to be drawn after the panels.
type hudText struct {
	s    string
	f    text.Face
	x, y float64
	c    color.Color
}

func (g *Game) panel(b *batch, x, y, w, h float64) {
	b.rect(x, y, x+w, y+h, colPanel)
	b.frame(x, y, x+w, y+h, 1, colPanelEdge)
}

func (g *Game) ns(lat float64) string {
	if lat < 0 {
		return g.tr.T("dir.s")
	}
	return g.tr.T("dir.n")
}

func (g *Game) ew(lon float64) string {
	if lon < 0 {
		return g.tr.T("dir.w")
	}
	return g.tr.T("dir.e")
}

// objValue formats an objective figure: shares as percentages, counts and
// hours as numbers.
func objValue(v, target float64) string {
	if v == sim.Unmeasured {
		return "—" // the team cannot know it live
	}
	if target > 0 && target <= 1 {
		return fmt.Sprintf("%.0f%%", v*100)
	}
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return fmt.Sprintf("%.1f", v)
}

// clip shortens s with an ellipsis to fit w pixels.
func clip(s string, f text.Face, w float64) string {
	if advance(s, f) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 1 {
		r = r[:len(r)-1]
		t := string(r) + "…"
		if text.Advance(t, f) <= w {
			return t
		}
	}
	return s
}

// wrap breaks s into at most n lines of at most w pixels, at spaces; the
// last line is clipped.
func wrap(s string, f text.Face, w float64, n int) []string {
	lines := fitWords(nil, s, f, w, false)
	if len(lines) > n {
		rest := strings.Join(lines[n-1:], " ")
		lines = append(lines[:n-1], rest)
	}
	for i := range lines {
		lines[i] = clip(lines[i], f, w)
	}
	return lines
}

// legend draws the key to the map's symbols.
func (g *Game) legend(b *batch, texts []hudText, x, y float64) []hudText {
	f := g.fonts.small
	m := g.info.Map
	type row struct {
		draw func(cx, cy float64)
		s    string
	}
	var rows []row
	for i, c := range m.Countries {
		if c.Role == "third_country" {
			continue
		}
		col := g.st.countryCol[i]
		rows = append(rows, row{func(cx, cy float64) {
			b.rect(cx-7, cy-5, cx+7, cy+5, col)
			b.frame(cx-7, cy-5, cx+7, cy+5, 1, colOutline)
		}, c.Name})
	}
	rows = append(rows, row{func(cx, cy float64) {
		b.line(cx-8, cy, cx+8, cy, borderWidth+3, colBorderHalo)
		b.line(cx-8, cy, cx+8, cy, borderWidth, colBorder)
	}, g.tr.T("legend.border")})
	for i, t := range g.info.Teams {
		c := teamColour(i)
		rows = append(rows, row{func(cx, cy float64) {
			b.disc(cx, cy, 6, colOutline)
			b.disc(cx, cy, 4.8, c)
			teamMark(b, i, cx+6, cy+4)
		}, g.tr.F("legend.team", t.ID)})
	}
	if g.view != nil && g.view.Team == sim.Instructor {
		rows = append(rows, row{func(cx, cy float64) {
			b.diamond(cx, cy, 6, colOutline)
			b.diamond(cx, cy, 4.5, teamColour(0))
		}, g.tr.T("legend.track_team")})
	} else {
		rows = append(rows, row{func(cx, cy float64) {
			b.diamond(cx, cy, 7, colOutline)
			b.diamond(cx, cy, 5.5, colTrackOwn)
		}, g.tr.T("legend.track_own")})
		rows = append(rows, row{func(cx, cy float64) {
			b.diamond(cx, cy, 7, colOutline)
			b.diamond(cx, cy, 5.5, colWhite)
			b.diamondOutline(cx, cy, 5.5, 2, teamColour(1))
		}, g.tr.T("legend.track_shared")})
	}
	if g.view != nil && g.view.Team == sim.Instructor {
		rows = append(rows, row{func(cx, cy float64) {
			b.disc(cx, cy, 5, colOutline)
			b.disc(cx, cy, 4, colCrosser)
			b.ring(cx, cy, 7, 1.3, colCrosserDet)
		}, g.tr.T("legend.group_truth")})
	}
	rows = append(rows, row{func(cx, cy float64) {
		b.rect(cx-6, cy-6, cx+6, cy+6, colOpen)
		b.rect(cx-4, cy-1, cx+4, cy+1, colWhite)
	}, g.tr.T("legend.checkpoint")})
	const rowH = 17.0
	w := advance("[-] "+g.tr.T("legend.title"), g.fonts.bold)
	for _, r := range rows {
		w = math.Max(w, advance(r.s, f))
	}
	if g.legendShut {
		rows = rows[:0]
	}
	h := float64(len(rows))*rowH + 10 + 18
	g.panel(b, x, y, w+40, h)
	g.addHit(x, y, x+w+40, y+h, hitNone, 0, orb.Point{})
	g.addHit(x, y, x+w+40, y+20, hitLegendTogg, 0, orb.Point{})
	title := fold(g.legendShut) + " " + g.tr.T("legend.title")
	texts = append(texts, hudText{title, g.fonts.bold, x + 8, y + 4, colText})
	y += 18
	for i, r := range rows {
		cy := y + 5 + float64(i)*rowH + rowH/2
		r.draw(x+16, cy)
		texts = append(texts, hudText{r.s, f, x + 30, cy - 8, colText})
	}
	return texts
}

// scaleBar draws a bar of a round length near 120 pixels.
func (g *Game) scaleBar(b *batch, texts []hudText, x, y float64) []hudText {
	mpp := 1 / g.cam.Scale
	target := 120 * mpp
	step := math.Pow(10, math.Floor(math.Log10(target)))
	for _, k := range []float64{5, 2, 1} {
		if k*step <= target {
			step *= k
			break
		}
	}
	w := step / mpp
	b.rect(x, y-2, x+w, y+2, colText)
	b.rect(x, y-6, x+2, y+6, colText)
	b.rect(x+w-2, y-6, x+w, y+6, colText)
	s := g.tr.F("scale.m", step)
	if step >= 1000 {
		s = g.tr.F("scale.km", step/1000)
	}
	texts = append(texts, hudText{s, g.fonts.small, x + w + 8, y - 8, colText})
	return texts
}

// SelectionLines returns the lines of the selection panel as it shows
// them now (for tests and tools).
func (g *Game) SelectionLines() []string {
	if g.view == nil {
		return nil
	}
	return g.selection(g.view)
}

// selection returns the lines of the selection panel.
func (g *Game) selection(v *sim.View) []string {
	c := g.ctl
	if len(c.Units) > 0 {
		for _, u := range v.Units {
			if u.ID != c.Units[0] {
				continue
			}
			ll := g.info.Map.Proj.Inverse(u.Pos)
			lines := []string{
				g.tr.F("sel.unit", u.Name, g.enum(u.Kind), g.info.TeamID(u.Team)),
				g.tr.F("sel.order", g.enum(u.Order)),
				g.tr.F("sel.at", math.Abs(ll[1]), g.ns(ll[1]), math.Abs(ll[0]), g.ew(ll[0])),
			}
			switch u.Order {
			case sim.OrderIntercept:
				lines[1] = g.tr.F("sel.order_intercept", u.Track)
			case sim.OrderPatrol:
				lines[1] = g.tr.F("sel.order_patrol", len(u.Route))
			}
			if s := g.eta(u); s != "" {
				lines = append(lines, s)
			}
			if u.Kind == sim.Drone {
				st := g.tr.T("sel.on_ground")
				if u.Aloft {
					st = g.tr.T("sel.aloft")
				}
				lines = append(lines, g.tr.F("sel.endurance", st, g.duration(int(u.Fuel)*max(g.info.TickSeconds, 1))))
			}
			if u.Custody > 0 {
				lines = append(lines, g.tr.F("sel.escorting", g.persons(u.Custody)))
			}
			if len(c.Units) > 1 {
				lines = append(lines, g.tr.F("sel.more", len(c.Units)-1))
			}
			if u.Team == g.info.Team {
				lines = append(lines, g.tr.T("sel.unit_hint"))
			}
			return lines
		}
	}
	if c.Track >= 0 {
		for _, t := range v.Tracks {
			if t.ID != c.Track {
				continue
			}
			src := g.enum(t.Source)
			if t.From >= 0 {
				src = g.tr.F("sel.shared_by", g.info.TeamID(t.From))
			}
			size := g.tr.T("sel.size_unknown")
			if t.Size > 0 {
				size = g.tr.F("sel.about", g.persons(t.Size))
			}
			lines := []string{
				g.tr.F("sel.track", t.ID, src),
				g.tr.F("sel.track_err", t.Err, g.duration(int(t.Age)*max(g.info.TickSeconds, 1))),
				size,
			}
			switch {
			case t.Custody:
				lines = append(lines, g.tr.T("sel.in_custody"))
			case t.SharedTo:
				lines = append(lines, g.tr.T("sel.shared_with_partner"))
			case t.From < 0 && t.Team == g.info.Team:
				lines = append(lines, g.tr.T("sel.share_hint"))
			}
			return lines
		}
	}
	if c.Crosser >= 0 {
		for _, x := range v.Crossers {
			if x.ID != c.Crosser {
				continue
			}
			lines := []string{
				g.tr.F("sel.group", x.ID, g.enum(x.Kind), g.persons(x.Size)),
				g.tr.F("sel.state", g.enum(x.State)),
			}
			if x.Detected {
				lines = append(lines, g.tr.T("sel.detected"))
			} else {
				lines = append(lines, g.tr.T("sel.not_detected"))
			}
			if x.Vulnerable {
				lines = append(lines, g.tr.T("sel.vulnerable"))
			}
			return lines
		}
	}
	return nil
}

// eta says how far a moving unit has to go to its destination (the next
// waypoint of a patrol) and about when it gets there, at its kind's
// speed.
func (g *Game) eta(u sim.UnitView) string {
	if u.Order == sim.OrderHold || (u.Target == orb.Point{}) {
		return ""
	}
	if u.Order == sim.OrderIntercept {
		return ""
	}
	d := math.Hypot(u.Target[0]-u.Pos[0], u.Target[1]-u.Pos[1])
	speed := sim.FootSpeed
	switch u.Kind {
	case sim.Vehicle:
		speed = sim.VehicleOffTrack // off the patrol tracks; faster on them
	case sim.Drone:
		speed = sim.DroneSpeed
	}
	to := g.tr.T("eta.destination")
	if u.Order == sim.OrderPatrol {
		to = g.tr.T("eta.waypoint")
	}
	return g.tr.F("eta.line", g.km(d), to, g.duration(int(d/speed)))
}

// km formats a distance in metres.
func (g *Game) km(d float64) string {
	if d < 1000 {
		return g.tr.F("dist.m", d)
	}
	return g.tr.F("dist.km", d/1000)
}

// duration formats seconds as hours and minutes, or minutes and seconds.
func (g *Game) duration(s int) string {
	if s >= 3600 {
		return g.tr.F("dur.hm", s/3600, s/60%60)
	}
	return g.tr.F("dur.ms", s/60, s%60)
}

// helpLine is one key binding of the help card, with the roles it is
// shown to.
type helpLine struct {
	keys, what string
	roles      role
}

// role is a set of users a key binding is for.
type role uint8

const (
	roleTrainee    role = 1 << iota // a team's user
	roleWhite                       // the white cell, live
	roleReplay                      // the viewer of a replay
	roleSolo                        // a trainee playing alone (local play)
	roleEvaluator                   // an evaluator (whitecell.go)
	roleController                  // a nation's controller
	roleStaff      = roleWhite | roleEvaluator | roleController
	roleAll        = roleTrainee | roleReplay | roleStaff
)

// helpLines are the key bindings shown by '?', each to its roles.
var helpLines = []helpLine{
	{"help.k.replay_play", "help.w.replay_play", roleReplay},
	{"help.k.replay_seek", "help.w.replay_seek", roleReplay},
	{"help.k.replay_click", "help.w.replay_click", roleReplay},
	{"help.k.replay_marks", "help.w.replay_marks", roleReplay},
	{"help.k.replay_tab", "help.w.view_cycle", roleReplay},
	{"help.k.replay_branch", "help.w.replay_branch", roleReplay},
	{"help.k.debrief", "help.w.debrief", roleReplay},
	{"help.k.left_click", "help.w.left_click", roleAll},
	{"help.k.box", "help.w.box", roleTrainee},
	{"help.k.pan", "help.w.pan", roleAll},
	{"help.k.zoom", "help.w.zoom", roleAll},
	{"help.k.fit", "help.w.fit", roleAll},
	{"help.k.jump", "help.w.jump", roleAll},
	{"help.k.right_click", "help.w.right_click", roleTrainee},
	{"help.k.right_track", "help.w.right_track", roleTrainee},
	{"help.k.route", "help.w.route", roleTrainee},
	{"help.k.red_leg", "help.w.red_leg", roleTrainee},
	{"help.k.share", "help.w.share", roleTrainee},
	{"help.k.coop", "help.w.coop", roleTrainee},
	{"help.k.commission", "help.w.commission", roleTrainee | roleWhite},
	{"help.k.readmission", "help.w.readmission", roleTrainee},
	{"help.k.drone", "help.w.drone", roleTrainee},
	{"help.k.base", "help.w.base", roleTrainee},
	{"help.k.orders", "help.w.orders", roleTrainee},
	{"help.k.ports", "help.w.ports", roleTrainee},
	{"help.k.solo_play", "help.w.solo_play", roleSolo},
	{"help.k.space", "help.w.space", roleWhite},
	{"help.k.speed", "help.w.speed", roleWhite},
	{"help.k.inject", "help.w.inject", roleWhite},
	{"help.k.inject", "help.w.inject_controller", roleController},
	{"help.k.msel", "help.w.msel", roleStaff},
	{"help.k.observe", "help.w.observe", roleEvaluator},
	{"help.k.adhoc", "help.w.adhoc", roleWhite},
	{"help.k.tab", "help.w.view_cycle", roleWhite},
	{"help.k.requests_all", "help.w.requests_all", roleWhite},
	{"help.k.chat", "help.w.chat", roleTrainee | roleWhite},
	{"help.k.card", "help.w.card", roleAll},
	{"help.k.esc", "help.w.esc", roleAll},
	{"help.k.scale", "help.w.scale", roleAll},
	{"help.k.contrast", "help.w.contrast", roleAll},
	{"help.k.help", "help.w.help", roleAll},
}

// role returns the user's role for the help card.
func (g *Game) role() role {
	switch {
	case g.timeline() != nil:
		return roleReplay
	case g.info.Instructor():
		return staffRole(g.info.Role)
	case g.ownClock():
		return roleTrainee | roleSolo
	}
	return roleTrainee
}

// HelpLines returns the key bindings the help card shows this user.
func (g *Game) HelpLines() []string {
	var out []string
	r := g.role()
	for _, l := range helpLines {
		if l.roles&r != 0 {
			out = append(out, g.tr.F("help.line", g.tr.T(l.keys), g.tr.T(l.what)))
		}
	}
	return out
}

func (g *Game) helpOverlay(b *batch, texts []hudText) []hudText {
	W, H := float64(g.cam.W), float64(g.cam.H)
	f := g.fonts
	r := g.role()
	var lines []helpLine
	for _, l := range helpLines {
		if l.roles&r != 0 {
			lines = append(lines, l)
		}
	}
	// The keys' column as wide as its widest entry, the card as wide as
	// its longest line needs (up to the screen), and a description that
	// still does not fit wrapped onto more lines: a longer language
	// moves the layout rather than cutting its words.
	kw := 214.0
	for _, l := range lines {
		kw = max(kw, advance(g.tr.T(l.keys), f.bold)+16)
	}
	w := min(720.0, W-40)
	for _, l := range lines {
		w = max(w, min(W-40, kw+32+advance(g.tr.T(l.what), f.body)))
	}
	rows := 0
	wrapped := make([][]string, len(lines))
	for i, l := range lines {
		wrapped[i] = wrap(g.tr.T(l.what), f.body, w-kw-32, 3)
		rows += len(wrapped[i])
	}
	h := float64(rows)*19 + 50
	x, y := W/2-w/2, max(H/2-h/2, hudBarH)
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{g.tr.T("help.title"), f.bold, x + 16, y + 12, colText})
	ty := y + 38
	for i, l := range lines {
		texts = append(texts, hudText{g.tr.T(l.keys), f.bold, x + 16, ty, colWarn})
		for _, s := range wrapped[i] {
			texts = append(texts, hudText{s, f.body, x + 16 + kw, ty, colText})
			ty += 19
		}
	}
	return texts
}

// Log returns the event log's lines, oldest first, as shown (without the
// clock).
func (g *Game) Log() []string {
	out := make([]string, len(g.log))
	for i, l := range g.log {
		out[i] = l.text
	}
	return out
}

// LogLine returns the screen rectangle of the i-th line shown in the event
// log (0 is the oldest shown; a long entry wraps onto several), and false
// when it is not shown.
func (g *Game) LogLine(i int) (x0, y0, x1, y1 float64, ok bool) {
	n := len(g.logRows(logShown, g.logWidth()-20))
	if i < 0 || i >= n || g.logShut || g.opt.HideHUD {
		return 0, 0, 0, 0, false
	}
	ly := float64(g.cam.H) - g.logHeight() - g.bottomH() - 6
	y := ly + 24 + float64(i)*17
	if g.mirrored() {
		W := float64(g.cam.W)
		return W - 8 - g.logWidth(), y, W - 8, y + 17, true
	}
	return 8, y, 8 + g.logWidth(), y + 17, true
}

// Toasts returns the texts of the toasts shown, oldest first.
func (g *Game) Toasts() []string {
	out := make([]string, len(g.toasts))
	for i, t := range g.toasts {
		out[i] = t.text
	}
	return out
}
