package server

import (
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/wire"
)

// phraseArgs returns a phrase's parameters as text.
func phraseArgs(args []wire.PhraseArg) []string {
	if len(args) == 0 {
		return nil
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a.Value
	}
	return out
}

// phraseText is a checked phrase's English wording (wire.Chat.Text).
func phraseText(m *wire.Chat) string {
	return i18n.Get(i18n.Default).Phrase(m.Phrase, phraseArgs(m.Args))
}
