package render

import (
	"errors"

	"github.com/borderdrill/borderdrill/client"
)

// sendChat sends a line typed in the chat box: free text as written, or,
// when the box had a standard liaison phrase picked (pick, see
// client.ChatBox.Phrase), that phrase with the line's comma-separated
// parameters.
func (g *Game) sendChat(c client.Chatter, to client.ChatTarget, pick int, line string) error {
	p, ok := client.PhraseOf(pick)
	if !ok {
		return c.Chat(to.Channel, to.Agreement, line)
	}
	ph, ok := c.(client.Phraser)
	if !ok {
		return errors.New(g.tr.T("chat.local"))
	}
	var args []string
	if len(p.Params) > 0 {
		args = client.PhraseArgs(line)
	}
	return ph.Phrase(to.Channel, to.Agreement, p.ID, args)
}

// chatTyped is the chat box's line as shown: the text typed, after the
// picked phrase's shape when there is one.
func (g *Game) chatTyped() string {
	typed := string(g.chat.Text)
	p, ok := client.PhraseOf(g.chat.Phrase)
	if !ok {
		return typed
	}
	return g.tr.F("chat.phrase_params", client.PhraseShape(g.tr, p), typed)
}
