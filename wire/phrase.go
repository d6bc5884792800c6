package wire

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"
)

// A standard liaison phrase travels in a Chat as its id (Chat.Phrase) and
// its parameters (Chat.Args), so that every reader sees it in their own
// language; the server fills Text with the English wording for readers
// and tools that know no catalog. Free chat (Phrase "") is shown as
// written.

// ParamKind is the kind of a phrase parameter.
type ParamKind uint8

// Phrase parameter kinds.
const (
	ParamCount ParamKind = iota + 1 // a whole number of persons or vehicles, 1–9999
	ParamPlace                      // a place name as written, 1–64 printable characters (a client may show a town it knows by its reader's name for it)
	ParamDir                        // a compass direction: N, NE, E, SE, S, SW, W or NW
	ParamTrack                      // a track id, 1–999999
)

// PhraseSpec is one standard liaison phrase: its id (the wire's
// Chat.Phrase, and the catalog key "phrase."+ID) and its parameters.
type PhraseSpec struct {
	ID     string
	Params []ParamKind
}

// Phrases are the standard liaison phrases, in the order a client offers
// them. Ids are never renumbered or reused; new ones go at the end.
var Phrases = []PhraseSpec{
	{"group_at", []ParamKind{ParamCount, ParamPlace, ParamDir}},
	{"request_pursuit", []ParamKind{ParamTrack}},
	{"pursuit_granted", []ParamKind{ParamTrack}},
	{"pursuit_declined", []ParamKind{ParamTrack}},
	{"request_handover", []ParamKind{ParamTrack}},
	{"handover_accepted", nil},
	{"track_lost", []ParamKind{ParamTrack}},
	{"received", nil},
	{"say_again", nil},
}

// Directions are the values a ParamDir parameter takes.
var Directions = []string{"N", "NE", "E", "SE", "S", "SW", "W", "NW"}

// PhraseArg is one parameter of a phrase, as text (a count and a track
// in decimal digits, a direction as in Directions).
type PhraseArg struct {
	Value string
}

var phraseArgs = recordOf[PhraseArg]("Value str")

// maxPlaceBytes bounds a ParamPlace parameter, in bytes.
const maxPlaceBytes = 64

// Phrase returns the spec of the phrase with the given id.
func Phrase(id string) (PhraseSpec, bool) {
	i := slices.IndexFunc(Phrases, func(p PhraseSpec) bool { return p.ID == id })
	if i < 0 {
		return PhraseSpec{}, false
	}
	return Phrases[i], true
}

// NamePlaces returns the phrase id's arguments with each place parameter
// replaced by place(its text), for a reader who names places otherwise;
// args itself when place is nil or the phrase has no place parameter.
func NamePlaces(id string, args []string, place func(string) string) []string {
	p, _ := Phrase(id)
	if place == nil || !slices.Contains(p.Params, ParamPlace) {
		return args
	}
	out := slices.Clone(args)
	for i, k := range p.Params {
		if k == ParamPlace && i < len(out) {
			out[i] = place(out[i])
		}
	}
	return out
}

// CheckPhrase reports whether a Chat's phrase is one of Phrases with
// parameters of the right number and kinds.
func CheckPhrase(id string, args []PhraseArg) error {
	p, ok := Phrase(id)
	if !ok {
		return fmt.Errorf("wire: unknown phrase %q", id)
	}
	if len(args) != len(p.Params) {
		return fmt.Errorf("wire: phrase %s takes %d parameters, not %d", id, len(p.Params), len(args))
	}
	for i, k := range p.Params {
		if err := k.check(args[i].Value); err != nil {
			return fmt.Errorf("wire: phrase %s, parameter %d: %w", id, i+1, err)
		}
	}
	return nil
}

// check reports whether v is a valid parameter of kind k.
func (k ParamKind) check(v string) error {
	switch k {
	case ParamCount, ParamTrack:
		hi := 9999
		if k == ParamTrack {
			hi = 999999
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > hi || strconv.Itoa(n) != v {
			return fmt.Errorf("%q is not a whole number from 1 to %d", v, hi)
		}
	case ParamPlace:
		if v == "" || len(v) > maxPlaceBytes || !utf8.ValidString(v) {
			return fmt.Errorf("a place is 1 to %d bytes of UTF-8", maxPlaceBytes)
		}
		for _, r := range v {
			if !unicode.IsPrint(r) {
				return errors.New("a place holds printable characters only")
			}
		}
	case ParamDir:
		if !slices.Contains(Directions, v) {
			return fmt.Errorf("%q is not one of N, NE, E, SE, S, SW, W, NW", v)
		}
	default:
		return fmt.Errorf("unknown parameter kind %d", k)
	}
	return nil
}
