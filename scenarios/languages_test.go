package scenarios_test

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/scenarios"
)

// TestTranslatedTexts: a scenario that declares its languages carries each
// text in all of them, and each reader picks their own.
func TestTranslatedTexts(t *testing.T) {
	base := drilltest.ReadFile(t, "testdata/base.yaml")
	src := strings.Replace(string(base), "  - {id: i, at: 1h, message: hello, objective: o}",
		"  - id: i\n    at: 1h\n    objective: o\n    message: {en: Crowd at the fence, fi: Väkijoukko aidalla, ru: Толпа у ограждения}", 1)
	src = strings.Replace(src, "  - {id: o, kind: detect_within, target: 80%, window: 10m}",
		"  - {id: o, kind: detect_within, target: 80%, window: 10m, description: {en: Detect, fi: Havaitse, ru: Обнаружить}}", 1)
	src = "languages: [en, fi, ru]\n" + src
	s, err := scenarios.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	msg, desc := s.Injects[0].Message, s.Objectives[0].Description
	for _, tc := range []struct{ code, msg, desc string }{
		{"en", "Crowd at the fence", "Detect"},
		{"fi", "Väkijoukko aidalla", "Havaitse"},
		{"ru", "Толпа у ограждения", "Обнаружить"},
		{"tr", "Crowd at the fence", "Detect"},
	} {
		if got := i18n.Get(tc.code).Pick(msg); got != tc.msg {
			t.Errorf("%s reads the message as %q, want %q", tc.code, got, tc.msg)
		}
		if got := i18n.Get(tc.code).Pick(desc); got != tc.desc {
			t.Errorf("%s reads the objective as %q, want %q", tc.code, got, tc.desc)
		}
	}
}
