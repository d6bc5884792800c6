package i18n

import (
	"iter"
	"strings"
)

// A scenario's text may come in several languages (message: {en: …, fi: …}).
// It travels through the model and the wire as one string: the first
// language's text, then for each other language a record separator
// (U+001E), its code, a unit separator (U+001F) and its text. A reader
// that knows nothing of this shows the first text and the separators,
// which no scenario text contains.
const (
	recordSep = "\x1e"
	unitSep   = "\x1f"
)

// Compose joins the texts of one message, first in the order given by
// codes (the first is the one shown to a reader whose language is not
// among them); codes without a text are left out.
func Compose(texts map[string]string, codes []string) string {
	var sb strings.Builder
	first := true
	for _, c := range codes {
		t, ok := texts[c]
		if !ok {
			continue
		}
		if !first {
			sb.WriteString(recordSep)
			sb.WriteString(c)
			sb.WriteString(unitSep)
		}
		sb.WriteString(t)
		first = false
	}
	return sb.String()
}

// Pick returns the text of s in the language of code: s itself when it
// holds one language, its first text when it has none in code. It does
// not allocate.
func Pick(s, code string) string {
	i := strings.Index(s, recordSep)
	if i < 0 {
		return s
	}
	first := s[:i]
	rest := s[i+len(recordSep):]
	for rest != "" {
		rec := rest
		if j := strings.Index(rest, recordSep); j >= 0 {
			rec, rest = rest[:j], rest[j+len(recordSep):]
		} else {
			rest = ""
		}
		c, t, ok := strings.Cut(rec, unitSep)
		if ok && c == code {
			return t
		}
	}
	return first
}

// Pick returns the text of s (a scenario's text, see Compose) in l's
// language.
func (l *Lang) Pick(s string) string { return Pick(s, l.info.Code) }

// PlaceName returns the name a place is shown by to a reader of code:
// from label, the place's names by language as a scenario gives them
// (places: name: {en: …, fi: …}, local: …, composed with the local name
// first, see Compose), the reader's language, else the local name, else
// the first given; name itself when the place has no label. The client's
// map and the review's map name towns by it.
func PlaceName(name, label, code string) string {
	if label == "" {
		return name
	}
	return Pick(label, code)
}

// PlaceName returns the name a place is shown by to l's reader (see
// PlaceName).
func (l *Lang) PlaceName(name, label string) string { return PlaceName(name, label, l.info.Code) }

// Among reports whether text is one of the texts of s (see Compose), by
// case-insensitive comparison: a place name as a participant of any
// language may write it.
func Among(s, text string) bool {
	for i := 0; ; i++ {
		rec, rest, more := strings.Cut(s, recordSep)
		if i > 0 { // a record: its code, then its text
			_, rec, _ = strings.Cut(rec, unitSep)
		}
		if strings.EqualFold(rec, text) {
			return true
		}
		if !more {
			return false
		}
		s = rest
	}
}

// WrittenPlace returns the name a place written by a participant (in a
// liaison phrase) is shown by to l's reader: among places (each a name
// and its label, as PlaceName takes them), the first whose name or one of
// whose label's texts is written, case aside, by PlaceName; written
// itself when none is.
func (l *Lang) WrittenPlace(written string, places iter.Seq2[string, string]) string {
	for name, label := range places {
		if strings.EqualFold(name, written) || label != "" && Among(label, written) {
			return l.PlaceName(name, label)
		}
	}
	return written
}
