package server

import (
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// A degraded link slows liaison chat as it slows reports and requests:
// a line over it is held for the link's lag (sim.World.LinkLag) and
// delivered, with the tick it was sent, in the step that lag ends — or
// lost if the link is cut by then. The recording keeps the line at the
// tick it was delivered (or lost).

// heldChat is a liaison line on its way over a degraded link.
type heldChat struct {
	due    int32 // tick it is delivered
	sender *client
	line   *wire.Chat
	a      sim.AgreementSpec
}

// holdChat holds line, from c over agreement ai, when the agreement's
// link is degraded, and reports whether it did; the sender's reserved
// answer is released, as for a line delivered at once.
func (x *exercise) holdChat(c *client, line *wire.Chat, ai int) bool {
	lag := x.w.LinkLag(ai)
	if lag == 0 {
		return false
	}
	x.held = append(x.held, heldChat{due: line.Tick + lag, sender: c, line: line, a: x.sc.Agreements[ai]})
	c.release()
	return true
}

// deliverHeld delivers the held lines whose time has come, in the order
// they were sent.
func (x *exercise) deliverHeld() {
	if len(x.held) == 0 {
		return
	}
	now := x.w.Tick()
	kept := x.held[:0]
	for _, h := range x.held {
		if h.due > now {
			kept = append(kept, h)
			continue
		}
		lost := ""
		if x.commsCut(h.a.ID) {
			lost = "comms cut"
		}
		if cr, ok := x.rec.(chatRecorder); ok {
			cr.Chat(recording.Chat{Tick: now, Channel: h.line.Channel.String(), Team: h.sender.team, Agreement: h.a.ID,
				From: h.line.From, Text: h.line.Text, Lost: lost})
		}
		if lost != "" {
			continue
		}
		b := wire.Encode(h.line)
		for _, y := range x.clients {
			if staff(y.role) || (y.role == wire.RoleTrainee && (y.team == h.a.A || y.team == h.a.B)) {
				y.enqueue(b)
			}
		}
	}
	clear(x.held[len(kept):])
	x.held = kept
}
