package scenarios_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/scenarios"
)

// FuzzParse feeds arbitrary text to Parse: it must return a scenario or
// positioned errors, never panic.
func FuzzParse(f *testing.F) {
	for _, c := range badCases {
		f.Add(applyCase(f, c))
	}
	base, err := os.ReadFile("testdata/base.yaml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(base)
	f.Add([]byte(conversion))
	files, _ := filepath.Glob("builtin/*.yaml")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := scenarios.Parse("fuzz.yaml", data)
		if err == nil {
			if s == nil || s.Map == nil || len(s.Teams) < 2 {
				t.Fatalf("no error but an incomplete scenario: %+v", s)
			}
			return
		}
		if s != nil {
			t.Fatalf("a scenario along with an error")
		}
		for _, line := range strings.Split(err.Error(), "\n") {
			if !strings.HasPrefix(line, "fuzz.yaml:") {
				t.Fatalf("error line without a position: %q", line)
			}
		}
	})
}
