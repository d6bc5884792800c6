// Package i18n holds borderdrill's message catalogs: every user-visible
// string of the client, the lobby and the review, in English and in the
// shipped translations, looked up by key in the reader's language.
//
// The catalogs are JSON files in catalog/ (one per language, "draft": true
// until a native speaker has reviewed it), embedded in native programs; the
// browser client embeds English only and fetches its reader's catalog from
// the server at start (Provide), which keeps every other language out of
// each download. Shipped lists the languages either way. They are loaded
// into a golang.org/x/text/message/catalog Builder, which selects a
// message for a language tag and falls back to English; each Lang then
// keeps its resolved formats in a map, so that T costs one map lookup and
// F one fmt.Sprintf — a frame of the HUD allocates no more than it did
// with literal strings. Formats are Go fmt formats; a translation may
// reorder its arguments with explicit indexes (%[2]s … %[1]d).
//
// The package imports no Ebiten and no server code: render, the client,
// the lobby and the review all use it.
//
// Adding a string: give it a dotted key ("hud.objectives"), put the
// English in catalog/en.json and a draft in every other catalog (a test
// fails on a catalog that lacks a key, or whose verbs differ from
// English's), and draw l.T("hud.objectives") or l.F("log.crossed", n).
// In render the reader's Lang is g.tr.
package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message/catalog"
)

// Default is the language of a reader who asked for none or for one that
// is not shipped.
const Default = "en"

// Pseudo is the pseudo-locale: English with accented letters, lengthened
// by at least 40 % and bracketed, for checking that no text is clipped and
// no string escaped the catalogs.
const Pseudo = "en-XA"

// file is one catalog file as written under catalog/.
type file struct {
	Language string            `json:"language"` // BCP 47 tag
	Name     string            `json:"name"`     // the language's own name for itself
	Draft    bool              `json:"draft"`    // drafted, not yet reviewed by a native speaker
	RTL      bool              `json:"rtl"`      // written right to left
	Messages map[string]string `json:"messages"` // key → Go fmt format
}

// Info describes a shipped language.
type Info struct {
	Code  string // BCP 47 tag, e.g. "fi"
	Name  string // its own name, e.g. "Suomi"
	Draft bool   // drafted translation, not yet reviewed
	RTL   bool   // written right to left
}

// Lang is one language's view of the catalogs. It is immutable and safe
// for concurrent use.
type Lang struct {
	info    Info
	tag     language.Tag
	once    sync.Once         // resolves formats and texts on the first Get
	formats map[string]string // key → format, English where the language lacks one
	texts   map[string]string // key → the format with "%%" as "%", for T
}

// set is every shipped language, loaded once.
type set struct {
	langs   []*Lang // English first, then by code; the pseudo-locale last
	byCode  map[string]*Lang
	matcher language.Matcher
	mu      sync.Mutex // guards builder
	builder *catalog.Builder
	enSet   bool     // English is in builder (as every other language's fallback)
	keys    []string // the English keys, sorted
	raw     map[string]map[string]string
	err     error
}

var load = sync.OnceValue(func() *set {
	s, err := loadSet(files)
	if err != nil {
		// The catalogs are embedded and tested: a broken one is a
		// build defect, not bad input.
		panic(err)
	}
	return s
})

func loadSet(fsys fs.FS) (*set, error) {
	b := catalog.NewBuilder(catalog.Fallback(language.English))
	var parsed []file
	for _, in := range Shipped {
		name := "catalog/" + in.Code + ".json"
		data, err := fs.ReadFile(fsys, name)
		if errors.Is(err, fs.ErrNotExist) && in.Code != Default {
			// Not embedded in this build: Provide gives it.
			parsed = append(parsed, file{Language: in.Code, Name: in.Name, Draft: in.Draft, RTL: in.RTL})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		f, err := parseFile(name, in, data)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	en := slices.IndexFunc(parsed, func(f file) bool { return f.Language == Default })
	if en < 0 {
		return nil, fmt.Errorf("i18n: no %s catalog", Default)
	}
	parsed = append(parsed, pseudoFile())
	slices.SortFunc(parsed, func(a, b file) int {
		switch {
		case a.Language == b.Language:
			return 0
		case a.Language == Default || b.Language == Pseudo:
			return -1
		case b.Language == Default || a.Language == Pseudo:
			return 1
		}
		return strings.Compare(a.Language, b.Language)
	})
	s := &set{byCode: map[string]*Lang{}, raw: map[string]map[string]string{}, builder: b}
	var tags []language.Tag
	for _, f := range parsed {
		tag, err := language.Parse(f.Language)
		if err != nil {
			return nil, fmt.Errorf("i18n: %s: %w", f.Language, err)
		}
		if f.Messages != nil {
			s.raw[f.Language] = f.Messages
		}
		tags = append(tags, tag)
	}
	for k := range parsed[0].Messages {
		s.keys = append(s.keys, k)
	}
	slices.Sort(s.keys)
	for i, f := range parsed {
		l := &Lang{info: Info{Code: f.Language, Name: f.Name, Draft: f.Draft, RTL: f.RTL}, tag: tags[i]}
		s.langs = append(s.langs, l)
		s.byCode[f.Language] = l
	}
	s.matcher = language.NewMatcher(tags[:len(tags)-1]) // never match the pseudo-locale by accident
	return s, nil
}

// resolve fills l's formats from the catalog, once: a client resolves only
// the language it shows (ten languages at start-up cost a browser client
// seconds). English, whose messages have no catalog substitutions (${…}),
// takes its formats as written (plainFormats): the catalog is built only
// when another language is first resolved, with English as its fallback.
func (s *set) resolve(l *Lang) *Lang {
	l.once.Do(func() {
		raw := s.rawOf(l.info.Code)
		if l.info.Code == Default {
			if f, t, ok := plainFormats(raw); ok {
				l.formats, l.texts = f, t
				return
			}
		}
		if raw == nil {
			// A catalog this build does not embed and nobody provided:
			// the language reads as English.
			en := s.resolve(s.byCode[Default])
			s.mu.Lock()
			defer s.mu.Unlock()
			l.formats, l.texts = en.formats, en.texts
			return
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if !s.enSet {
			if err := setAll(s.builder, s.byCode[Default].tag, s.raw[Default]); err != nil {
				panic(err) // the embedded catalogs are tested
			}
			s.enSet = true
		}
		if l.info.Code != Default {
			if err := setAll(s.builder, l.tag, raw); err != nil {
				panic(err) // the embedded catalogs are tested
			}
		}
		l.formats = make(map[string]string, len(s.keys))
		l.texts = make(map[string]string, len(s.keys))
		r := &capture{}
		ctx := s.builder.Context(l.tag, r)
		for _, k := range s.keys {
			r.sb.Reset()
			if err := ctx.Execute(k); err != nil {
				// Every key of every catalog is executed by the tests.
				panic(fmt.Errorf("i18n: %s: %s: %w", l.info.Code, k, err))
			}
			l.formats[k] = r.sb.String()
			l.texts[k] = strings.ReplaceAll(l.formats[k], "%%", "%")
		}
	})
	return l
}

// rawOf returns the messages the catalog of code writes itself (nil for a
// language this build does not embed and nobody provided); the
// pseudo-locale's are derived from English when first asked for.
func (s *set) rawOf(code string) map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if code == Pseudo && s.raw[Pseudo] == nil {
		s.raw[Pseudo] = pseudoMessages(s.raw[Default])
	}
	return s.raw[code]
}

// plainFormats returns the formats and texts of msgs as the catalog would
// render them, when none has a catalog substitution (${…}): then each is
// its own format. ok is false when one has.
func plainFormats(msgs map[string]string) (formats, texts map[string]string, ok bool) {
	if msgs == nil {
		return nil, nil, false
	}
	texts = make(map[string]string, len(msgs))
	for k, m := range msgs {
		if strings.Contains(m, "${") {
			return nil, nil, false
		}
		texts[k] = strings.ReplaceAll(m, "%%", "%")
	}
	return msgs, texts, true
}

// setAll puts one language's messages into the catalog.
func setAll(b *catalog.Builder, tag language.Tag, msgs map[string]string) error {
	for k, m := range msgs {
		if err := b.SetString(tag, k, m); err != nil {
			return fmt.Errorf("i18n: %s: %s: %w", tag, k, err)
		}
	}
	return nil
}

// capture is a catmsg.Renderer that keeps the selected message's text.
type capture struct{ sb strings.Builder }

func (c *capture) Render(s string)     { c.sb.WriteString(s) }
func (c *capture) Arg(int) interface{} { return nil }

// Get returns the shipped language that best serves code (a BCP 47 tag
// such as "fi", "fr-CA" or an Accept-Language header value); English when
// code is empty or nothing matches. Pseudo selects the pseudo-locale.
func Get(code string) *Lang {
	s := load()
	return s.resolve(s.get(code))
}

// get is Get without resolving the language's formats.
func (s *set) get(code string) *Lang {
	code = strings.TrimSpace(code)
	if l, ok := s.byCode[code]; ok {
		return l
	}
	if code == "" {
		return s.byCode[Default]
	}
	tags, _, err := language.ParseAcceptLanguage(code)
	if err != nil || len(tags) == 0 {
		return s.byCode[Default]
	}
	_, i, conf := s.matcher.Match(tags...)
	if conf == language.No {
		return s.byCode[Default]
	}
	return s.langs[i]
}

// Known reports whether code names a shipped language exactly (or the
// pseudo-locale).
func Known(code string) bool {
	_, ok := load().byCode[code]
	return ok
}

// Languages lists the shipped languages, English first; the pseudo-locale
// is not among them.
func Languages() []Info {
	s := load()
	out := make([]Info, 0, len(s.langs)-1)
	for _, l := range s.langs {
		if l.info.Code != Pseudo {
			out = append(out, l.info)
		}
	}
	return out
}

// Keys returns every key of the English catalog, sorted.
func Keys() []string { return slices.Clone(load().keys) }

// Missing returns the keys of the English catalog that the catalog of
// code does not translate itself (English stands in for them), sorted.
func Missing(code string) []string {
	s := load()
	raw := s.rawOf(code)
	var out []string
	for _, k := range s.keys {
		if _, ok := raw[k]; !ok {
			out = append(out, k)
		}
	}
	return out
}

// Raw returns the format of key as the catalog of code writes it, and
// whether it has one (no English fallback).
func Raw(code, key string) (string, bool) {
	f, ok := load().rawOf(code)[key]
	return f, ok
}

// Info returns what the catalog says of l's language.
func (l *Lang) Info() Info { return l.info }

// Code returns l's BCP 47 tag, e.g. "fi".
func (l *Lang) Code() string { return l.info.Code }

// RTL reports whether l is written right to left.
func (l *Lang) RTL() bool { return l.info.RTL }

// Tag returns l's language tag.
func (l *Lang) Tag() language.Tag { return l.tag }

// Has reports whether key is in the catalogs.
func (l *Lang) Has(key string) bool {
	_, ok := l.formats[key]
	return ok
}

// T returns the message of key, which takes no arguments ("%%" in the
// catalog is returned as "%"). It does not allocate. An unknown key is
// returned as it is, so that it shows on the screen and in tests.
func (l *Lang) T(key string) string {
	if t, ok := l.texts[key]; ok {
		return t
	}
	return key
}

// ReasonPrefix begins the catalog key of a rejection reason: the engine,
// the server and the network client refuse a command with a stable code
// (sim.ReasonNoUnit is "no_unit"), and its text is the message of
// ReasonPrefix + code.
const ReasonPrefix = "reason."

// Reason returns the text of a rejection reason code in l's language. A
// reason that is no code — a free text such as "not applied: disk full"
// — is returned as written.
func (l *Lang) Reason(code string) string {
	if t, ok := l.texts[ReasonPrefix+code]; ok {
		return t
	}
	return code
}

// Format returns the fmt format of key, for printf-style helpers that
// format it themselves; an unknown key is returned as it is.
func (l *Lang) Format(key string) string {
	if f, ok := l.formats[key]; ok {
		return f
	}
	return key
}

// F formats the message of key with args, as fmt.Sprintf formats its
// format (one allocation for the result, as fmt.Sprintf).
func (l *Lang) F(key string, args ...any) string {
	f, ok := l.formats[key]
	if !ok {
		f = key
	}
	return fmt.Sprintf(f, args...)
}
