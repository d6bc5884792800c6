package aar_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
)

// TestReviewLanguage: `aar --lang fi` writes the review's headings, labels
// and tables in Finnish; the default stays English; the page says which
// language it is in.
func TestReviewLanguage(t *testing.T) {
	r := reviewGolden(t, aar.Options{})
	for _, tc := range []struct {
		lang      string
		want, not []string
	}{
		{"", []string{`<html lang="en"`, "2. Summary of results", "Exercise objectives", "crossed the border"}, []string{"Tulosten yhteenveto"}},
		{"fi", []string{`<html lang="fi"`, "1. Harjoituksen yleiskuva", "2. Tulosten yhteenveto", "3. Harjoituksen tavoitteet", "ylitti rajan", "Liite B. Harjoituksen aikajana", "Skenaario <b>"},
			[]string{"2. Summary of results", "Exercise overview", "Appendix B", "Exercise period"}},
		{"ar", []string{`<html lang="ar" dir="rtl"`, "2. ملخص النتائج"}, []string{"2. Summary of results"}},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(writeReview(t, r, aar.WriteOptions{Lang: tc.lang}), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(b)
			for _, s := range tc.want {
				if !strings.Contains(page, s) {
					t.Errorf("the page lacks %q", s)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(page, s) {
					t.Errorf("the page still says %q", s)
				}
			}
		})
	}
}
