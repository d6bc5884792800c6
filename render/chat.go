package render

import (
	"image/color"
	"math"
	"time"
	"unicode/utf8"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/paulmach/orb"
)

// The chat panel, top left under the bar: the latest lines of the team,
// liaison and joint-commission channels and, while typing, the line being
// written. The joint-commission view (V) shows its channel's lines too.
const (
	chatKept  = 100 // lines kept
	chatShown = 6   // lines shown
	chatW     = 520 // panel width, pixels
)

var (
	colChatTeam       = rgb(0x8cc4ff)
	colChatLiaison    = rgb(0x9fe3a0)
	colChatCommission = rgb(0xe8c27a)
)

// chatLine is a chat line as shown.
type chatLine struct {
	tick       int32
	text       string
	col        color.RGBA
	commission bool // a joint commission's line
}

// chatter returns the exercise's chat, or nil when it has none (local
// play, a replay) or the user is an observer, whom the server does not let
// write.
func (g *Game) chatter() client.Chatter {
	c, ok := g.unwrap().(client.Chatter)
	if !ok || g.info.Team == wire.Observer {
		return nil
	}
	return c
}

// ChatLog returns the chat lines received so far, oldest first, as shown.
func (g *Game) ChatLog() []string {
	out := make([]string, len(g.chatLog))
	for i, l := range g.chatLog {
		out[i] = l.text
	}
	return out
}

// ChatOpen reports whether the chat line is open for typing.
func (g *Game) ChatOpen() bool { return g.chat.Open }

// chatInput takes the received chat lines and, while the chat line is
// open, every key of the frame; T opens it. It returns the input the
// controller still gets.
func (g *Game) chatInput(in client.Input, now time.Time) client.Input {
	c := g.chatter()
	if c != nil {
		for _, m := range c.Chats() {
			g.addChat(m)
		}
	}
	g.chatSolo = c == nil
	if !g.chat.Open {
		for i, k := range in.Keys {
			if k == client.KeyT {
				g.chat.Open = true
				in.Keys = append(in.Keys[:i:i], in.Keys[i+1:]...)
				in.Chars = nil // the 't' that opened it
				break
			}
		}
		if !g.chat.Open {
			return in
		}
	}
	pick := g.chat.Phrase // the phrase of the line Enter sends, if any
	to, line, send := g.chat.Update(in, client.ChatTargets(g.view))
	if send && c == nil {
		var tick int32
		if g.view != nil {
			tick = g.view.Tick
		}
		g.toast(g.tr.F("chat.not_sent", g.noChatReason()), tick, now, colToastWarn)
	} else if send && g.evaluator() != nil {
		g.observe(line, now)
	} else if send {
		if err := g.sendChat(c, to, pick, line); err != nil {
			var tick int32
			if g.view != nil {
				tick = g.view.Tick
			}
			g.toast(g.tr.F("chat.failed", err.Error()), tick, now, colToast)
		}
	}
	in.Keys, in.Chars = nil, nil
	return in
}

// noChatReason says why the user has no chat.
func (g *Game) noChatReason() string {
	switch {
	case g.info.Team == wire.Observer:
		return g.tr.T("chat.observer")
	case g.timeline() != nil:
		return g.tr.T("chat.replay")
	}
	return g.tr.T("chat.local")
}

// addChat keeps a received line.
func (g *Game) addChat(m wire.Chat) {
	ch, col := g.tr.T("chat.team"), colChatTeam
	switch m.Channel {
	case wire.ChanLiaison:
		ch, col = m.Agreement, colChatLiaison
	case wire.ChanCommission:
		ch, col = g.tr.F("chat.commission", m.Agreement), colChatCommission
	}
	if m.From == "server" {
		col = colWarn
	}
	if len(g.chatLog) >= chatKept {
		g.chatLog = append(g.chatLog[:0], g.chatLog[1:]...)
	}
	g.chatLog = append(g.chatLog, chatLine{tick: m.Tick, text: g.tr.F("chat.line", ch, m.From, client.ChatText(g.tr, m, g.placeName)), col: col,
		commission: m.Channel == wire.ChanCommission})
}

// chatTargetName names where the chat line goes.
func (g *Game) chatTargetName(t client.ChatTarget) string {
	switch t.Channel {
	case wire.ChanLiaison:
		return g.tr.F("chat.liaison", t.Agreement)
	case wire.ChanCommission:
		return g.tr.F("chat.commission_to", g.tr.Pick(t.Commission))
	}
	return g.tr.T("chat.team")
}

// chatPanel draws the chat panel when there is something to show, and
// returns the y of its bottom edge (0 when not drawn).
func (g *Game) chatPanel(b *batch, texts []hudText) ([]hudText, float64) {
	if (g.chatter() == nil && !g.chat.Open) || (len(g.chatLog) == 0 && !g.chat.Open) {
		return texts, 0
	}
	f := g.fonts
	w := math.Min(chatW, float64(g.cam.W)-hudColW-40)
	lines := g.chatRows(chatShown, w-20) // wrapped, not cut (wrap.go)
	n := len(lines)
	if g.chatShut {
		n = 0
	}
	rows := n + 1
	if g.chat.Open {
		rows += 2
		if _, ok := g.chatter().(client.Phraser); ok && !g.chatSolo {
			rows++ // the phrase picker's hint
		}
	}
	var reason []string
	if g.chatSolo {
		reason = wrapLines(g.lineBuf[:0], g.noChatReason(), f.small, w-20) // wrapped, not cut (wrap.go)
		g.lineBuf = reason
		rows += len(reason)
	}
	x, y := 8.0, hudBarH+8
	h := float64(rows)*17 + 12
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{fold(g.chatShut) + " " + g.tr.T("chat.title"), f.bold, x + 10, y + 6, colText})
	g.addHit(x, y, x+w, y+h, hitNone, 0, orb.Point{})
	g.addHit(x, y, x+w, y+22, hitChatToggle, 0, orb.Point{})
	ty := y + 6 + 17
	for _, l := range lines[len(lines)-n:] {
		texts = append(texts, hudText{l.s, f.small, x + 10, ty, g.chatLog[l.entry].col})
		ty += 17
	}
	if g.chat.Open {
		ts := client.ChatTargets(g.view)
		to := ts[min(g.chat.Target, len(ts)-1)]
		line := g.tr.F("chat.to", g.chatTargetName(to), g.chatTyped())
		// Show the end of a long line, with the caret.
		for len(line) > 0 && text.Advance(line+"▌", f.body) > w-24 {
			_, size := utf8.DecodeRuneInString(line)
			line = line[size:]
		}
		b.rect(x+6, ty-1, x+w-6, ty+18, rgba(0x000000, 0x80))
		texts = append(texts, hudText{line + "▌", f.body, x + 10, ty, colText})
		ty += 19
		if g.chatSolo {
			for _, l := range reason {
				texts = append(texts, hudText{l, f.small, x + 10, ty, colWarn})
				ty += 17
			}
			texts = append(texts, hudText{g.tr.T("chat.solo_hint"), f.small, x + 10, ty, colTextDim})
		} else {
			texts = append(texts, hudText{g.tr.T("chat.hint"), f.small, x + 10, ty, colTextDim})
			if _, ok := g.chatter().(client.Phraser); ok {
				ty += 17
				texts = append(texts, hudText{g.tr.T("chat.phrase_hint"), f.small, x + 10, ty, colTextDim})
			}
		}
	}
	return texts, y + h
}
