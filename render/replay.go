package render

import (
	"context"
	"image/color"
	"math"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// The timeline of a replay: a band above the bottom strip holding the
// replay clock and the bar.
const (
	timelineBand   = 22 // band height, pixels
	timelineH      = 6  // bar height, pixels
	timelineMargin = 10 // left and right margin, pixels
)

// timelineLabelWidest is the widest replay clock label, for the bar's
// left end.
const timelineLabelWidest = "D8 88:88 / D8 88:88"

var (
	colTimeline     = color.RGBA{0x20, 0x20, 0x28, 0xc0}
	colTimelineDone = color.RGBA{0xe0, 0xa0, 0x30, 0xff}
)

// unwrap looks through wrappers (the client's tracker) to the exercise.
func (g *Game) unwrap() client.Exercise {
	ex := g.ex
	for {
		w, ok := ex.(client.Wrapper)
		if !ok {
			return ex
		}
		ex = w.Unwrap()
	}
}

// timeline returns the exercise's timeline, or nil when it has none.
func (g *Game) timeline() client.Timeline {
	t, _ := g.unwrap().(client.Timeline)
	return t
}

// bottomH is the height of the bottom strip, with the timeline band in a
// replay; the panels stand above it.
func (g *Game) bottomH() float64 {
	if g.timeline() != nil {
		return hudStripH + timelineBand
	}
	return hudStripH
}

// TimelineBar returns the screen rectangle of a replay's timeline bar
// (clicks in its band seek), and false when the exercise is not a replay.
func (g *Game) TimelineBar() (x0, y0, x1, y1 float64, ok bool) {
	if g.timeline() == nil {
		return 0, 0, 0, 0, false
	}
	bandY := float64(g.cam.H) - hudStripH - timelineBand
	x0 = timelineMargin + advance(timelineLabelWidest, g.fonts.small) + 12
	x1 = float64(g.cam.W) - timelineMargin
	y0 = bandY + (timelineBand-timelineH)/2
	return x0, y0, x1, y0 + timelineH, true
}

// Branching reports whether a "branch here" is under way (a server branch
// takes a request and a new connection).
func (g *Game) Branching() bool { return g.branching != nil }

// replayInput handles the replay keys and clicks on the timeline bar and
// returns the input the controller still gets.
func (g *Game) replayInput(in client.Input, now time.Time) client.Input {
	tl := g.timeline()
	if tl == nil {
		return in
	}
	step := int32(client.SeekStep / max(g.info.TickSeconds, 1))
	keys := in.Keys[:0:0]
	if g.confirm != "" && now.After(g.confirmBy) {
		g.confirm = ""
	}
	for _, k := range in.Keys {
		if g.confirm == "branch" {
			switch k {
			case client.KeyN, client.KeyEnter:
				g.confirm = ""
				g.branch(now)
				continue
			case client.KeyEscape:
				g.confirm = ""
				g.toast(g.tr.T("replay.no_branch"), tl.Tick(), now, colToastInfo)
				continue
			}
		}
		switch k {
		case client.KeyBracketLeft:
			g.seek(tl, tl.Tick()-step)
		case client.KeyBracketRight:
			g.seek(tl, tl.Tick()+step)
		case client.KeyHome:
			g.seek(tl, 0)
		case client.KeyEnd:
			g.seek(tl, tl.Duration())
		case client.KeyN:
			g.askBranch(now)
		case client.KeyR:
			g.reveal(now)
		case client.KeyComma:
			if m, ok := g.markBefore(tl.Tick()); ok {
				g.seek(tl, markTarget(m))
			}
		case client.KeyPeriod:
			if m, ok := g.markAfter(tl.Tick()); ok {
				g.seek(tl, markTarget(m))
			}
		default:
			keys = append(keys, k)
			continue
		}
		g.ip.reset = true
	}
	in.Keys = keys
	bx0, _, bx1, _, _ := g.TimelineBar()
	bandY := float64(g.cam.H) - hudStripH - timelineBand
	if in.Left.Pressed && in.Y >= bandY && in.Y < bandY+timelineBand && in.X >= bx0-8 {
		f := min(max((in.X-bx0)/(bx1-bx0), 0), 1)
		g.seek(tl, int32(f*float64(tl.Duration())))
		g.ip.reset = true
		in.Left = client.Button{Down: in.Left.Down}
	}
	return in
}

// seek moves the replay to tick. The event log, toasts and map markers
// start over: the replay hands on the events seen just before the tick.
func (g *Game) seek(tl client.Timeline, tick int32) {
	g.log, g.toasts, g.markers = g.log[:0], g.toasts[:0], g.markers[:0]
	g.ctl.Fresh = client.NewFresh(g.info.TickSeconds) // what the seek lands on is not new
	tl.Seek(tick)
}

// markLead is how many ticks before a mark the keys , and . seek to, so
// that the moment is seen happening.
const markLead = 30

// markTarget is the tick a jump to mark m seeks to.
func markTarget(m sim.Event) int32 { return max(m.Tick-markLead, 0) }

// marks returns the replay's timeline marks, nil when it has none (yet).
func (g *Game) marks() []sim.Event {
	if mk, ok := g.unwrap().(client.Marker); ok {
		return mk.Marks()
	}
	return nil
}

// markAfter returns the first mark whose jump target lies after tick.
func (g *Game) markAfter(tick int32) (sim.Event, bool) {
	for _, m := range g.marks() {
		if markTarget(m) > tick {
			return m, true
		}
	}
	return sim.Event{}, false
}

// markBefore returns the last mark whose jump target lies before tick.
func (g *Game) markBefore(tick int32) (sim.Event, bool) {
	ms := g.marks()
	for i := len(ms) - 1; i >= 0; i-- {
		if markTarget(ms[i]) < tick {
			return ms[i], true
		}
	}
	return sim.Event{}, false
}

// markColour is the colour of a mark on the timeline.
func markColour(m sim.Event) color.RGBA {
	switch m.Kind {
	case sim.EvInject:
		return colWarn
	case sim.EvIncident:
		return colIncident
	case sim.EvFenceCut:
		return colFenceCut
	}
	return colText
}

// markText says what a mark is.
func (g *Game) markText(m sim.Event) string {
	switch m.Kind {
	case sim.EvInject:
		s := g.tr.F("mark.inject", m.Text)
		if m.Message != "" {
			s = g.tr.F("mark.with_message", s, g.tr.Pick(m.Message))
		}
		return s
	case sim.EvIncident:
		return g.tr.F("mark.incident", g.unitName(m.Unit))
	case sim.EvFenceCut:
		return g.tr.T("log.fence_cut")
	}
	return g.tr.F("mark.objective", m.Text)
}

// reveal toggles a review session's ground truth for everyone.
func (g *Game) reveal(now time.Time) {
	rv, ok := g.unwrap().(client.Revealer)
	if !ok {
		return
	}
	on := !rv.Revealed()
	rv.Reveal(on)
	var tick int32
	if g.view != nil {
		tick = g.view.Tick
	}
	msg := g.tr.T("replay.hidden")
	if on {
		msg = g.tr.T("replay.revealed")
	}
	g.toast(msg, tick, now, colToastInfo)
}

// confirmTime is how long a destructive key waits for its confirmation.
const confirmTime = 8 * time.Second

// askBranch asks before a "branch here": N again (or Enter) branches, Esc
// or waiting does not.
func (g *Game) askBranch(now time.Time) {
	if _, ok := g.unwrap().(client.Brancher); !ok || g.branching != nil {
		return
	}
	tick := g.timeline().Tick()
	g.confirm, g.confirmBy = "branch", now.Add(confirmTime)
	g.toastFor(g.tr.F("replay.ask_branch", g.clockText(tick)), tick, now, colToastWarn, confirmTime)
}

// Confirming returns what a destructive key waits to have confirmed
// ("branch"), or "".
func (g *Game) Confirming() string { return g.confirm }

// branchDone is the outcome of a "branch here".
type branchDone struct {
	next client.Exercise
	err  error
	tick int32
}

// branch starts a live exercise continuing from the replay's current
// tick. The Brancher may take a while (a server branch is an HTTP request
// and a new connection), so it runs on its own goroutine and finishBranch
// switches over once it is done; the replay goes on meanwhile.
func (g *Game) branch(now time.Time) {
	br, ok := g.unwrap().(client.Brancher)
	if !ok || g.branching != nil {
		return
	}
	var tick int32
	if tl := g.timeline(); tl != nil {
		tick = tl.Tick()
	}
	done := make(chan branchDone, 1)
	g.branching = done
	g.toast(g.tr.F("replay.branching", g.clockText(tick)), tick, now, colToastInfo)
	go func() {
		next, err := br.Branch(g.context())
		done <- branchDone{next, err, tick}
	}()
}

// context is the lifetime of what the game starts: Options.Context.
func (g *Game) context() context.Context {
	if g.opt.Context == nil {
		return context.Background()
	}
	return g.opt.Context
}

// finishBranch switches the game to the branched exercise once it is
// ready.
func (g *Game) finishBranch(now time.Time) {
	var d branchDone
	select {
	case d = <-g.branching:
		g.branching = nil
	default:
		return
	}
	if d.err != nil {
		g.toast(g.tr.F("replay.branch_failed", d.err.Error()), d.tick, now, colToast)
		return
	}
	if r, ok := d.next.(client.Runner); ok {
		go r.Run(g.context())
	}
	if w, ok := g.ex.(client.Wrapper); ok {
		w.Replace(d.next)
	} else {
		g.ex = d.next
	}
	g.info = d.next.Info()
	g.info.Lang = g.tr.Code()
	g.ctl.Team = g.info.Team
	g.ctl.ViewTeam, g.viewTeam = g.info.Team, g.info.Team
	g.ctl.Rules = client.NewJurisdiction(g.info)
	g.ctl.OwnClock = g.ownClock()
	g.ip.reset = true
	g.ctl.Free = g.freeRect()
	msg := g.tr.F("replay.branched", g.clockText(d.tick))
	if n, ok := d.next.(client.BranchNoter); ok {
		msg += ": " + n.BranchNote()
	}
	g.toast(msg, d.tick, now, colToastInfo)
}

// clockText is the exercise clock at tick, as "D1 08:00".
func (g *Game) clockText(tick int32) string { return g.shortClock(g.info.Clock(tick)) }

// drawTimeline draws the timeline band of a replay: the replay clock and
// the bar with its playhead.
func (g *Game) drawTimeline(dst *ebiten.Image) {
	tl := g.timeline()
	if tl == nil || g.opt.HideHUD {
		return
	}
	d := max(tl.Duration(), 1)
	t := tl.Tick()
	if g.view != nil {
		t = g.view.Tick
	}
	f := min(max(float64(t)/float64(d), 0), 1)
	x0, y0, x1, y1, _ := g.TimelineBar()
	W, H := float64(g.cam.W), float64(g.cam.H)
	bandY := H - hudStripH - timelineBand
	b := g.b
	b.begin(dst, ebiten.FillRuleFillAll)
	b.rect(0, bandY, W, H-hudStripH, colPanel)
	b.rect(x0, y0, x1, y1, colTimeline)
	b.rect(x0, y0, x0+(x1-x0)*f, y1, colTimelineDone)
	x := x0 + (x1-x0)*f
	// Marks above the bar; the one nearest the mouse is named.
	mx, my := ebiten.CursorPosition()
	var hover *sim.Event
	best := 4.0
	marks := g.marks()
	for i := range marks {
		m := &marks[i]
		mxp := x0 + (x1-x0)*min(float64(m.Tick)/float64(d), 1)
		b.rect(mxp-1, y0-7, mxp+1, y0-1, markColour(*m))
		if dx := math.Abs(float64(mx) - mxp); float64(my) >= bandY && float64(my) < H-hudStripH && dx < best {
			best, hover = dx, m
		}
	}
	b.rect(x-2, y0-4, x+2, y1+4, color.RGBA{0xff, 0xff, 0xff, 0xff})
	b.end()
	s := g.clockText(t) + " / " + g.clockText(d)
	g.drawText(dst, s, g.fonts.small, timelineMargin, bandY+4, color.RGBA{0xff, 0xff, 0xff, 0xff})
	if hover != nil {
		col := markColour(*hover)
		label := clip(g.clockText(hover.Tick)+"  "+g.markText(*hover), g.fonts.small, W-2*timelineMargin-16)
		w := advance(label, g.fonts.small)
		lx := min(max(float64(mx)-w/2, timelineMargin), W-timelineMargin-w)
		b.begin(dst, ebiten.FillRuleFillAll)
		b.rect(lx-6, bandY-22, lx+w+6, bandY-2, colPanel)
		b.rect(lx-6, bandY-2, lx+w+6, bandY, col)
		b.end()
		g.drawText(dst, label, g.fonts.small, lx, bandY-19, color.RGBA{0xff, 0xff, 0xff, 0xff})
	}
}
