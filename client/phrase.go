package client

import (
	"strings"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/wire"
)

// Phraser is implemented by a Chatter that sends standard liaison phrases
// (wire.Phrases) by id and parameters (netclient.Client).
type Phraser interface {
	Phrase(ch wire.Channel, agreement, id string, args []string) error
}

// ChatText is a received chat line's text in the reader's language: a
// standard liaison phrase from l's catalog, free chat as written (as is a
// phrase l does not know). place, when not nil, gives the name a place
// parameter is shown by to this reader (the map's name for a town the
// sender named in any language); without it places are shown as written.
func ChatText(l *i18n.Lang, m wire.Chat, place func(string) string) string {
	if m.Phrase == "" {
		return m.Text
	}
	args := make([]string, len(m.Args))
	for i, a := range m.Args {
		args[i] = a.Value
	}
	if t := l.Phrase(m.Phrase, wire.NamePlaces(m.Phrase, args, place)); t != "" {
		return t
	}
	return m.Text
}

// PhraseArgs splits the chat line typed for a phrase into its parameters:
// separated by commas, each trimmed; an empty line gives none.
func PhraseArgs(line string) []string {
	if strings.TrimSpace(line) == "" {
		return nil
	}
	args := strings.Split(line, ",")
	for i, a := range args {
		args[i] = strings.TrimSpace(a)
	}
	return args
}

// PhraseOf returns the phrase a ChatBox's Phrase picks: ok is false for
// free text (0).
func PhraseOf(pick int) (wire.PhraseSpec, bool) {
	if pick < 1 || pick > len(wire.Phrases) {
		return wire.PhraseSpec{}, false
	}
	return wire.Phrases[pick-1], true
}

// PhraseShape is a phrase in l's language with its parameters shown as
// "…", for the chat line while the user types them.
func PhraseShape(l *i18n.Lang, p wire.PhraseSpec) string {
	args := make([]string, len(p.Params))
	for i := range args {
		args[i] = "…"
	}
	return l.Phrase(p.ID, args)
}
