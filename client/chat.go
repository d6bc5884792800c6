package client

import (
	"unicode"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// Chatter is implemented by an Exercise that carries chat between the
// participants (a server connection, netclient.Client): the team channel,
// and the liaison channel of each agreement, which the server cuts while
// the agreement's comms are cut.
type Chatter interface {
	Chat(ch wire.Channel, agreement, text string) error
	Chats() []wire.Chat // the lines received since the last call
}

// ChatTarget is where a chat line goes.
type ChatTarget struct {
	Channel    wire.Channel
	Agreement  string // the agreement of a liaison or commission channel
	Commission string // the joint commission's name (a commission channel)
}

// ChatTargets lists where a user may write: the team channel, then the
// liaison channel of each agreement in the view's comms (the agreements
// the team is party to; all of them for the white cell), then the joint
// commission's channel of each of them that names one.
func ChatTargets(v *sim.View) []ChatTarget {
	ts := []ChatTarget{{Channel: wire.ChanTeam}}
	if v != nil {
		for _, c := range v.Comms {
			ts = append(ts, ChatTarget{Channel: wire.ChanLiaison, Agreement: c.Agreement})
		}
		for _, c := range v.Comms {
			if c.Commission != "" {
				ts = append(ts, ChatTarget{Channel: wire.ChanCommission, Agreement: c.Agreement, Commission: c.Commission})
			}
		}
	}
	return ts
}

// MaxChatRunes is the longest line the chat box takes.
const MaxChatRunes = 300

// ChatBox is the chat line being typed. While it is open it takes every
// key: typed characters, Backspace, Tab (next channel), Enter (send) and
// Esc (close).
type ChatBox struct {
	Open   bool
	Text   []rune
	Target int // index into the targets
	// Phrase picks a standard liaison phrase (Up and Down cycle it): 0 is
	// free text, i is wire.Phrases[i-1], whose parameters are then typed
	// separated by commas (PhraseArgs). It stays picked for the next line.
	Phrase int
}

// Update handles one frame of input while the box is open. It returns the
// line to send and its target when Enter was pressed on a non-empty line
// (the box then closes).
func (b *ChatBox) Update(in Input, targets []ChatTarget) (ChatTarget, string, bool) {
	if !b.Open {
		return ChatTarget{}, "", false
	}
	b.Target = min(max(b.Target, 0), max(len(targets)-1, 0))
	for _, r := range in.Chars {
		if unicode.IsPrint(r) && len(b.Text) < MaxChatRunes {
			b.Text = append(b.Text, r)
		}
	}
	for _, k := range in.Keys {
		switch k {
		case KeyBackspace:
			if n := len(b.Text); n > 0 {
				b.Text = b.Text[:n-1]
			}
		case KeyTab:
			if len(targets) > 0 {
				b.Target = (b.Target + 1) % len(targets)
			}
		case KeyDown:
			b.Phrase = (b.Phrase + 1) % (len(wire.Phrases) + 1)
		case KeyUp:
			b.Phrase = (b.Phrase + len(wire.Phrases)) % (len(wire.Phrases) + 1)
		case KeyEscape:
			b.Open, b.Text = false, b.Text[:0]
			return ChatTarget{}, "", false
		case KeyEnter:
			text := string(b.Text)
			b.Open, b.Text = false, b.Text[:0]
			if p, ok := PhraseOf(b.Phrase); ok && text == "" && len(p.Params) == 0 {
				text = p.ID // a phrase without parameters is sent as it is
			}
			if text == "" || len(targets) == 0 {
				return ChatTarget{}, "", false
			}
			return targets[b.Target], text, true
		}
	}
	return ChatTarget{}, "", false
}
