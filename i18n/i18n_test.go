package i18n_test

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/borderdrill/borderdrill/i18n"
)

// shipped is what issue 14 asks for: English plus eight drafted languages.
var shipped = []string{"en", "fr", "es", "ru", "pl", "fi", "el", "tr", "ar"}

func TestShippedLanguages(t *testing.T) {
	var codes []string
	for _, l := range i18n.Languages() {
		codes = append(codes, l.Code)
		if l.Name == "" {
			t.Errorf("%s: no name", l.Code)
		}
		if l.Draft != (l.Code != i18n.Default) {
			t.Errorf("%s: draft %v; every translation stays a draft until reviewed, English is not", l.Code, l.Draft)
		}
		if l.RTL != (l.Code == "ar") {
			t.Errorf("%s: rtl %v", l.Code, l.RTL)
		}
	}
	if codes[0] != i18n.Default {
		t.Errorf("first language %s, want English", codes[0])
	}
	for _, c := range shipped {
		if !slices.Contains(codes, c) {
			t.Errorf("%s not shipped (have %v)", c, codes)
		}
	}
}

// TestEveryLanguageHasEveryKey: a shipped catalog translates every English
// key itself, and nothing that English lacks.
func TestEveryLanguageHasEveryKey(t *testing.T) {
	keys := i18n.Keys()
	if len(keys) < 50 {
		t.Fatalf("%d keys in the English catalog", len(keys))
	}
	for _, c := range shipped {
		t.Run(c, func(t *testing.T) {
			if m := i18n.Missing(c); len(m) > 0 {
				t.Errorf("%d keys missing, e.g. %v", len(m), m[:min(len(m), 5)])
			}
			for _, k := range keys {
				if s, _ := i18n.Raw(c, k); strings.TrimSpace(s) == "" {
					t.Errorf("%s: empty", k)
				}
			}
		})
	}
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs returns the fmt verbs of a format by argument, ignoring explicit
// indexes' reordering: "%[2]s %[1]d" and "%d %s" both give [d s].
func verbs(f string) []string {
	var out []string
	next := 1
	byArg := map[int]string{}
	for _, m := range verb.FindAllString(f, -1) {
		if strings.HasSuffix(m, "%") {
			continue
		}
		arg := next
		if i := strings.IndexByte(m, '['); i >= 0 {
			fmt.Sscanf(m[i+1:], "%d", &arg)
			m = m[:i] + m[strings.IndexByte(m, ']')+1:]
		}
		byArg[arg] = m[len(m)-1:]
		next = arg + 1
	}
	for i := 1; i <= len(byArg); i++ {
		out = append(out, byArg[i])
	}
	return out
}

// TestVerbsMatch: a translation takes the same arguments as English, of
// the same kinds, whatever order it puts them in.
func TestVerbsMatch(t *testing.T) {
	for _, c := range shipped[1:] {
		for _, k := range i18n.Keys() {
			en, _ := i18n.Raw("en", k)
			tr, _ := i18n.Raw(c, k)
			if a, b := verbs(en), verbs(tr); !slices.Equal(a, b) {
				t.Errorf("%s %s: verbs %v, English %v (%q)", c, k, b, a, tr)
			}
		}
	}
}

func TestGet(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", "en"}, {"fi", "fi"}, {"fr-CA", "fr"}, {"ru-RU,ru;q=0.9,en;q=0.5", "ru"},
		{"de-DE,de;q=0.9", "en"}, {"xx-garbage!!", "en"}, {"ar-MA", "ar"}, {i18n.Pseudo, i18n.Pseudo},
	} {
		t.Run(tc.in, func(t *testing.T) {
			if got := i18n.Get(tc.in).Code(); got != tc.want {
				t.Errorf("Get(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	fi := i18n.Get("fi")
	if got, want := fi.F("log.crossed", 7), "ryhmä 7 ylitti rajan"; got != want {
		t.Errorf("fi F = %q, want %q", got, want)
	}
	if got := i18n.Get("ru").T("hud.objectives"); got != "Цели" {
		t.Errorf("ru T = %q", got)
	}
	if got := fi.T("no.such.key"); got != "no.such.key" {
		t.Errorf("unknown key gives %q, want the key itself", got)
	}
	if fi.Has("no.such.key") || !fi.Has("hud.objectives") {
		t.Error("Has is wrong")
	}
}

// TestPseudoLocale: every pseudo message is at least 40 % longer than its
// English one, keeps its verbs and shows its brackets.
func TestPseudoLocale(t *testing.T) {
	ps := i18n.Get(i18n.Pseudo)
	en := i18n.Get("en")
	for _, k := range i18n.Keys() {
		e, _ := i18n.Raw("en", k)
		p, ok := i18n.Raw(i18n.Pseudo, k)
		if !ok {
			t.Fatalf("%s: no pseudo message", k)
		}
		if n, m := utf8.RuneCountInString(e), utf8.RuneCountInString(p); m*10 < n*14 {
			t.Errorf("%s: pseudo %d runes, English %d", k, m, n)
		}
		if !slices.Equal(verbs(e), verbs(p)) {
			t.Errorf("%s: pseudo %q loses verbs of %q", k, p, e)
		}
		if !strings.HasPrefix(ps.T(k), "«") || ps.T(k) == en.T(k) {
			t.Errorf("%s: pseudo %q", k, ps.T(k))
		}
	}
	if slices.ContainsFunc(i18n.Languages(), func(l i18n.Info) bool { return l.Code == i18n.Pseudo }) {
		t.Error("the pseudo-locale is listed among the languages")
	}
}

// TestNoAllocations: T does not allocate, F allocates no more than the
// fmt.Sprintf it replaces.
func TestNoAllocations(t *testing.T) {
	l := i18n.Get("pl")
	var sink string
	if n := testing.AllocsPerRun(100, func() { sink = l.T("hud.objectives") }); n != 0 {
		t.Errorf("T: %v allocations", n)
	}
	want := testing.AllocsPerRun(100, func() { sink = fmt.Sprintf("PAUZA  ·  takt %d", 12345) })
	if n := testing.AllocsPerRun(100, func() { sink = l.F("hud.paused", 12345) }); n > want {
		t.Errorf("F: %v allocations, fmt.Sprintf %v", n, want)
	}
	_ = sink
}

func BenchmarkT(b *testing.B) {
	l := i18n.Get("fi")
	b.ReportAllocs()
	for b.Loop() {
		_ = l.T("hud.objectives")
	}
}

func BenchmarkF(b *testing.B) {
	l := i18n.Get("fi")
	b.ReportAllocs()
	for b.Loop() {
		_ = l.F("hud.speed", 60, 12345)
	}
}

func TestComposeAndPick(t *testing.T) {
	s := i18n.Compose(map[string]string{"en": "Crowd at the fence", "fi": "Väkijoukko aidalla", "ru": "Толпа у ограждения"}, []string{"en", "fi", "ru", "ar"})
	for _, tc := range []struct{ code, want string }{
		{"en", "Crowd at the fence"}, {"fi", "Väkijoukko aidalla"}, {"ru", "Толпа у ограждения"}, {"ar", "Crowd at the fence"}, {"tr", "Crowd at the fence"},
	} {
		if got := i18n.Get(tc.code).Pick(s); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.code, got, tc.want)
		}
	}
	if got := i18n.Pick("plain text", "fi"); got != "plain text" {
		t.Errorf("plain text picked as %q", got)
	}
	if n := testing.AllocsPerRun(100, func() { _ = i18n.Pick(s, "ru") }); n != 0 {
		t.Errorf("Pick: %v allocations", n)
	}
}

// TestPlaceName: a place is named in the reader's language where its
// scenario gives it, else by its local name (which the scenario's
// composition puts first), else by the first name given; a place without
// names by language by its own name.
func TestPlaceName(t *testing.T) {
	local := i18n.Compose(map[string]string{"": "Выборг", "en": "Vyborg", "fi": "Viipuri"}, []string{"", "en", "fi"})
	plain := i18n.Compose(map[string]string{"en": "Tangier", "es": "Tánger"}, []string{"en", "es"})
	for _, tc := range []struct {
		name, label, code, want string
	}{
		{"Vyborg", local, "fi", "Viipuri"},
		{"Vyborg", local, "en", "Vyborg"},
		{"Vyborg", local, "ar", "Выборг"},
		{"Tangier", plain, "es", "Tánger"},
		{"Tangier", plain, "fr", "Tangier"},
		{"Lappeenranta", "", "ru", "Lappeenranta"},
	} {
		t.Run(tc.name+"/"+tc.code, func(t *testing.T) {
			if got := i18n.Get(tc.code).PlaceName(tc.name, tc.label); got != tc.want {
				t.Errorf("%q, want %q", got, tc.want)
			}
		})
	}
}

// TestAmong: a place name written in any of a text's languages, in any
// case, is among its texts; a part of one, or another name, is not.
func TestAmong(t *testing.T) {
	local := i18n.Compose(map[string]string{"": "Выборг", "en": "Vyborg", "fi": "Viipuri"}, []string{"", "en", "fi"})
	for _, tc := range []struct {
		s, text string
		want    bool
	}{
		{local, "Выборг", true},
		{local, "vyborg", true},
		{local, "VIIPURI", true},
		{local, "Viipur", false},
		{local, "en", false},
		{local, "Lappeenranta", false},
		{"Soufli", "soufli", true},
		{"Soufli", "Feres", false},
	} {
		if got := i18n.Among(tc.s, tc.text); got != tc.want {
			t.Errorf("Among(%q, %q) = %v, want %v", tc.s, tc.text, got, tc.want)
		}
	}
}
