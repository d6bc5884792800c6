package i18n

import (
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestProvide builds the catalogs as the browser client does, with English
// alone embedded: a language reads as English until its catalog is given,
// then as itself; a catalog that is not the language's, or comes after the
// language is in use, is refused.
func TestProvide(t *testing.T) {
	read := func(code string) []byte {
		b, err := os.ReadFile("catalog/" + code + ".json")
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	s, err := loadSet(fstest.MapFS{"catalog/en.json": {Data: read("en")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.langs) != len(Shipped)+1 {
		t.Fatalf("%d languages known, want the %d shipped and the pseudo-locale", len(s.langs), len(Shipped))
	}
	const key = "hud.objectives"
	en := s.resolve(s.get("en")).T(key)
	if got := s.resolve(s.get("ru")).T(key); got != en {
		t.Errorf("ru before its catalog: %q, want English %q", got, en)
	}
	if err := s.provide("ru", read("ru")); err == nil || !strings.Contains(err.Error(), "already in use") {
		t.Errorf("ru given after use: %v, want refused", err)
	}
	if err := s.provide("fi", read("fr")); err == nil {
		t.Error("fr's catalog given as fi was accepted")
	}
	if err := s.provide("xx", read("fi")); err == nil {
		t.Error("a language that is not shipped was accepted")
	}
	if err := s.provide("fi", read("fi")); err != nil {
		t.Fatal(err)
	}
	fi := s.resolve(s.get("fi")).T(key)
	if want := s.raw["fi"][key]; fi != want || fi == en {
		t.Errorf("fi after its catalog: %q, want %q (not English %q)", fi, want, en)
	}
	if _, err := loadSet(fstest.MapFS{"catalog/fi.json": {Data: read("fi")}}); err == nil {
		t.Error("catalogs without English loaded")
	}
}

// TestPlainEnglish: English takes its formats as written, without the
// catalog; they must be what the catalog renders for every key, and a
// message with a catalog substitution (${…}) must take the catalog's way.
func TestPlainEnglish(t *testing.T) {
	s, err := loadSet(files)
	if err != nil {
		t.Fatal(err)
	}
	en := s.resolve(s.get(Default))
	if !s.enSet {
		// The fast path was taken; render every key through the catalog.
		if err := setAll(s.builder, en.tag, s.raw[Default]); err != nil {
			t.Fatal(err)
		}
	}
	r := &capture{}
	ctx := s.builder.Context(en.tag, r)
	for _, k := range s.keys {
		r.sb.Reset()
		if err := ctx.Execute(k); err != nil {
			t.Fatal(err)
		}
		if got, want := en.formats[k], r.sb.String(); got != want {
			t.Errorf("%s: %q as written, %q through the catalog", k, got, want)
		}
		if got, want := en.texts[k], strings.ReplaceAll(r.sb.String(), "%%", "%"); got != want {
			t.Errorf("%s: text %q, want %q", k, got, want)
		}
	}
	if _, _, ok := plainFormats(map[string]string{"a": "x ${n} y"}); ok {
		t.Error("a message with a substitution taken as written")
	}
	if s.resolve(s.get(Pseudo)).T("hud.objectives") == en.T("hud.objectives") {
		t.Error("the pseudo-locale reads as English")
	}
}
