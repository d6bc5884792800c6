package aar

import (
	"fmt"
	"io"
	"strings"

	"github.com/borderdrill/borderdrill/i18n"
)

// WriteMSEL writes the review's MSEL analysis as Markdown, in the
// reader's language: each row's expected action beside the action
// observed in response, with team and clock time, or "none observed".
func WriteMSEL(out io.Writer, r *Report, lang string) error {
	l := i18n.Get(lang)
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", l.F("aar.msel_md_title", r.Scenario))
	fmt.Fprintf(&b, "| %s | %s | %s | %s |\n|---|---|---|---|\n", l.T("aar.msel_md_row"), l.T("aar.msel_md_fired"),
		l.T("aar.msel_md_expected"), l.T("aar.msel_md_observed"))
	cell := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	for _, in := range r.Injects {
		if in.Expected == "" {
			continue
		}
		fired, obs := "—", "—"
		if in.Fired {
			fired = in.FiredAt
			obs = l.T("aar.none_observed")
			if len(in.Observed) > 0 {
				var parts []string
				for _, a := range in.Observed {
					parts = append(parts, a.Time+" ("+a.After+") **"+a.Team+"** "+a.Text)
				}
				obs = strings.Join(parts, "<br>")
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", cell(in.ID), fired, cell(l.Pick(in.Expected)), cell(obs))
	}
	_, err := io.WriteString(out, b.String())
	return err
}
