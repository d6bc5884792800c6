package render

import (
	"image/color"
	"math"
	"unicode/utf8"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// This file wraps the text of the HUD's panels (objectives, event log,
// chat, toasts) onto as many lines as it needs instead of cutting it with
// "…"; the panels grow to fit, and a title click collapses each.

// wrapLines appends to dst the lines of s broken at spaces to fit w
// pixels; a word wider than w is broken between letters. Nothing is cut.
func wrapLines(dst []string, s string, f text.Face, w float64) []string {
	n := len(dst)
	if dst = fitWords(dst, s, f, w, true); len(dst) == n {
		dst = append(dst, "")
	}
	return dst
}

// fitRunes returns the length in bytes of the longest prefix of s (at
// least one rune) that fits w pixels.
func fitRunes(s string, f text.Face, w float64) int {
	n := 0
	for i, r := range s {
		end := i + utf8.RuneLen(r)
		if n > 0 && text.Advance(s[:end], f) > w {
			break
		}
		n = end
	}
	return n
}

// objRow is one objective as the panel shows it, wrapped.
type objRow struct {
	col          color.RGBA
	desc, figure []string
}

// objectiveRows wraps the objectives of v to w pixels into g.objRows and
// returns them with the number of lines they take.
func (g *Game) objectiveRows(v *sim.View, w float64) ([]objRow, int) {
	f := g.fonts.small
	rows := g.objRows[:0]
	n := 0
	for _, o := range v.Objective {
		col, mark := colNotMet, g.tr.T("obj.not_met")
		switch {
		case o.Value == sim.Unmeasured:
			col, mark = colTextDim, g.tr.T("obj.in_review")
		case o.Met:
			col, mark = colMet, g.tr.T("obj.met")
		}
		figure := g.tr.F("obj.figure", objValue(o.Value, o.Target), objValue(o.Target, o.Target), mark)
		switch {
		case math.IsNaN(o.Value):
			col, figure = colTextDim, g.tr.F("obj.white_cell_scores", objValue(o.Target, o.Target))
		case g.noData(o):
			col, figure = colTextDim, g.tr.F("obj.no_data", objValue(o.Target, o.Target))
		}
		desc := g.tr.Pick(o.Description)
		if desc == "" {
			desc = o.ID
		}
		r := objRow{col: col}
		r.desc = wrapLines(nil, desc, f, w)
		r.figure = wrapLines(nil, figure, f, w)
		n += len(r.desc) + len(r.figure)
		rows = append(rows, r)
	}
	g.objRows = rows
	return rows, n
}

// logRow is one line of the event log panel: a line of an entry's
// wrapped text.
type logRow struct {
	s     string
	entry int // index into g.log
}

// logRows returns the last at most max lines of the event log, the
// newest entries' lines, wrapped to w pixels (continuation lines indented).
func (g *Game) logRows(max int, w float64) []logRow {
	g.logBuf = g.tailRows(g.logBuf[:0], len(g.log), func(i int) string {
		return g.shortClock(g.info.Clock(g.log[i].tick)) + "  " + g.log[i].text
	}, max, w)
	return g.logBuf
}

// chatRows returns the last at most max lines of the chat, wrapped like
// the event log's; entry indexes g.chatLog.
func (g *Game) chatRows(max int, w float64) []logRow {
	g.chatBuf = g.tailRows(g.chatBuf[:0], len(g.chatLog), func(i int) string {
		return g.shortClock(g.info.Clock(g.chatLog[i].tick)) + "  " + g.chatLog[i].text
	}, max, w)
	return g.chatBuf
}

// tailRows appends to rows the last at most max lines of n entries (entry
// i's text is line(i)), wrapped to w pixels, oldest first.
func (g *Game) tailRows(rows []logRow, n int, line func(i int) string, max int, w float64) []logRow {
	f := g.fonts.small
	for i := n - 1; i >= 0 && len(rows) < max; i-- {
		lines := wrapLines(g.lineBuf[:0], line(i), f, w)
		g.lineBuf = lines
		// Newest first here; reversed below.
		for k := len(lines) - 1; k >= 0 && len(rows) < max; k-- {
			s := lines[k]
			if k > 0 {
				s = "      " + s
			}
			rows = append(rows, logRow{s, i})
		}
	}
	for a, b := 0, len(rows)-1; a < b; a, b = a+1, b-1 {
		rows[a], rows[b] = rows[b], rows[a]
	}
	return rows
}
