package render

import (
	"context"
	"fmt"
	"image/color"
	"time"

	"github.com/borderdrill/borderdrill/render/control"
	"github.com/hajimehoshi/ebiten/v2"
)

// The timeline bar of a replay, along the bottom edge of the screen.
const (
	timelineH      = 6  // bar height, pixels
	timelineMargin = 8  // left and right margin, pixels
	timelineHit    = 16 // clicks this far above the bottom edge seek
)

var (
	colTimeline     = color.RGBA{0x20, 0x20, 0x28, 0xc0}
	colTimelineDone = color.RGBA{0xe0, 0xa0, 0x30, 0xff}
)

// unwrap looks through wrappers (the client's tracker) to the exercise.
func (g *Game) unwrap() Exercise {
	ex := g.ex
	for {
		w, ok := ex.(control.Wrapper)
		if !ok {
			return ex
		}
		ex = w.Unwrap()
	}
}

// timeline returns the exercise's timeline, or nil when it has none.
func (g *Game) timeline() control.Timeline {
	t, _ := g.unwrap().(control.Timeline)
	return t
}

// barX returns the x range of the timeline bar.
func (g *Game) barX() (x0, x1 float64) {
	return timelineMargin, float64(g.cam.W) - timelineMargin
}

// replayInput handles the replay keys and clicks on the timeline bar and
// returns the input the controller still gets.
func (g *Game) replayInput(in control.Input, now time.Time) control.Input {
	tl := g.timeline()
	if tl == nil {
		return in
	}
	step := int32(control.SeekStep / max(g.info.TickSeconds, 1))
	keys := in.Keys[:0:0]
	for _, k := range in.Keys {
		switch k {
		case control.KeyBracketLeft:
			tl.Seek(tl.Tick() - step)
		case control.KeyBracketRight:
			tl.Seek(tl.Tick() + step)
		case control.KeyHome:
			tl.Seek(0)
		case control.KeyEnd:
			tl.Seek(tl.Duration())
		case control.KeyN:
			g.branch(now)
		default:
			keys = append(keys, k)
			continue
		}
		g.ip.reset = true
	}
	in.Keys = keys
	if in.Left.Pressed && in.Y >= float64(g.cam.H)-timelineHit {
		x0, x1 := g.barX()
		f := min(max((in.X-x0)/(x1-x0), 0), 1)
		tl.Seek(int32(f * float64(tl.Duration())))
		g.ip.reset = true
		in.Left = control.Button{Down: in.Left.Down}
	}
	return in
}

// branch switches the game to a live exercise continuing from the
// replay's current tick.
func (g *Game) branch(now time.Time) {
	br, ok := g.unwrap().(control.Brancher)
	if !ok {
		return
	}
	var tick int32
	if tl := g.timeline(); tl != nil {
		tick = tl.Tick()
	}
	next, err := br.Branch()
	if err != nil {
		g.toast("branch: "+err.Error(), tick, now, colToast)
		return
	}
	if r, ok := next.(interface{ Run(context.Context) }); ok {
		go r.Run(context.Background())
	}
	if w, ok := g.ex.(control.Wrapper); ok {
		w.Replace(next)
	} else {
		g.ex = next
	}
	g.info = next.Info()
	g.ctl.Team = g.info.Team
	g.ctl.ViewTeam, g.viewTeam = g.info.Team, g.info.Team
	g.ip.reset = true
	s := g.info.Clock(tick) % 86400
	g.toast(fmt.Sprintf("branched at %02d:%02d", s/3600, s/60%60), tick, now, colToast)
}

// drawTimeline draws the timeline bar of a replay.
func (g *Game) drawTimeline(dst *ebiten.Image) {
	tl := g.timeline()
	if tl == nil {
		return
	}
	d := max(tl.Duration(), 1)
	t := tl.Tick()
	if g.view != nil {
		t = g.view.Tick
	}
	f := min(max(float64(t)/float64(d), 0), 1)
	x0, x1 := g.barX()
	y1 := float64(g.cam.H) - 2
	y0 := y1 - timelineH
	b := g.b
	b.begin(dst, ebiten.FillRuleFillAll)
	b.rect(x0, y0, x1, y1, colTimeline)
	b.rect(x0, y0, x0+(x1-x0)*f, y1, colTimelineDone)
	x := x0 + (x1-x0)*f
	b.rect(x-2, y0-4, x+2, y1+1, color.RGBA{0xff, 0xff, 0xff, 0xff})
	b.end()
	s := fmt.Sprintf("%s / %s", shortClock(g.info.Clock(t)), shortClock(g.info.Clock(d)))
	g.drawText(dst, s, g.fonts.small, x1-110, y0-18, color.RGBA{0xff, 0xff, 0xff, 0xff})
}
