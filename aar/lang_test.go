package aar_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/i18n"
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

// TestReviewNarrativeLanguage: a review built in a language (`aar --lang`)
// writes its generated texts — the narrative, the draft ratings' notes, the
// improvement plan, the timeline and the title — in that language, in every
// shipped language: none of them is the English one.
func TestReviewNarrativeLanguage(t *testing.T) {
	words := regexp.MustCompile(`\p{L}{2,}`) // a clock time ("03:00 (D+1)") is no text
	en := reviewGolden(t, aar.Options{})
	texts := func(r *aar.Report) []string {
		out := []string{r.Title}
		for _, p := range r.Plan {
			out = append(out, p.Observation, p.Recommendation, p.Capability, p.Due)
		}
		for _, in := range r.Injects {
			out = append(out, in.RatingNote, in.Planned)
		}
		for _, e := range r.Timeline {
			if e.Kind == "inject" || e.Kind == "objective" || e.Kind == "control" {
				out = append(out, e.Text)
			}
		}
		return out
	}
	want := texts(en)
	if len(en.Plan) == 0 || len(en.Timeline) == 0 {
		t.Fatalf("the golden review has %d plan rows and %d timeline entries; the test needs both", len(en.Plan), len(en.Timeline))
	}
	for _, l := range i18n.Languages() {
		if l.Code == i18n.Default {
			continue
		}
		t.Run(l.Code, func(t *testing.T) {
			r := reviewGolden(t, aar.Options{Lang: l.Code})
			if r.Lang != l.Code {
				t.Errorf("Report.Lang %q, want %q", r.Lang, l.Code)
			}
			got := texts(r)
			if len(got) != len(want) {
				t.Fatalf("%d texts, English has %d", len(got), len(want))
			}
			for i := range got {
				if words.MatchString(got[i]) && got[i] == want[i] {
					t.Errorf("text %d is still English: %q", i, got[i])
				}
			}
			b, err := os.ReadFile(filepath.Join(writeReview(t, r, aar.WriteOptions{}), "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{"objectives were met", "Trainees played", "Every team was computer-controlled"} {
				if strings.Contains(string(b), s) {
					t.Errorf("the page says %q", s)
				}
			}
			if !strings.Contains(string(b), `lang="`+l.Code+`"`) {
				t.Errorf("the page is not marked lang=%q (WriteOptions.Lang \"\" takes the report's)", l.Code)
			}
		})
	}
}
