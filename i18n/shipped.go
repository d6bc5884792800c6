package i18n

import (
	"encoding/json"
	"fmt"
)

// Shipped lists the languages borderdrill ships, English first: each has
// catalog/<Code>.json, whose header must say the same (loading fails on a
// difference, and the tests load every catalog). The browser client knows
// the languages from this list before it has fetched any catalog.
var Shipped = []Info{
	{Code: "en", Name: "English"},
	{Code: "ar", Name: "العربية", Draft: true, RTL: true},
	{Code: "el", Name: "Ελληνικά", Draft: true},
	{Code: "es", Name: "Español", Draft: true},
	{Code: "fi", Name: "Suomi", Draft: true},
	{Code: "fr", Name: "Français", Draft: true},
	{Code: "pl", Name: "Polski", Draft: true},
	{Code: "ru", Name: "Русский", Draft: true},
	{Code: "tr", Name: "Türkçe", Draft: true},
}

// parseFile reads the catalog file name, which must be the catalog of the
// shipped language in.
func parseFile(name string, in Info, data []byte) (file, error) {
	var f file
	if err := json.Unmarshal(data, &f); err != nil {
		return file{}, fmt.Errorf("i18n: %s: %w", name, err)
	}
	if got := (Info{Code: f.Language, Name: f.Name, Draft: f.Draft, RTL: f.RTL}); got != in {
		return file{}, fmt.Errorf("i18n: %s says %+v, Shipped says %+v", name, got, in)
	}
	if f.Messages == nil {
		return file{}, fmt.Errorf("i18n: %s has no messages", name)
	}
	return f, nil
}

// Provide gives the catalog of a shipped language that this build does not
// embed (the browser client fetches its reader's from the server). It must
// come before the language's first Get; until then, and if it never comes,
// the language reads as English.
func Provide(code string, data []byte) error { return load().provide(code, data) }

func (s *set) provide(code string, data []byte) error {
	l, ok := s.byCode[code]
	if !ok || code == Pseudo {
		return fmt.Errorf("i18n: %q is not a shipped language", code)
	}
	f, err := parseFile(code+".json", l.info, data)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if l.formats != nil {
		return fmt.Errorf("i18n: %s is already in use", code)
	}
	s.raw[code] = f.Messages
	return nil
}
