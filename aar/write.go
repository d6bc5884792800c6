package aar

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"html/template"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

//go:embed report.html.tmpl
var reportHTML string

// maxTimeline is the number of timeline entries the HTML lists.
const maxTimeline = 200

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(a, b int) string {
		if b == 0 {
			return ""
		}
		return fmt.Sprintf("%.0f %%", 100*float64(a)/float64(b))
	},
	// word is a value the data spells as a code (a request's state, a
	// timeline entry's kind) in the reader's language: the catalog's
	// prefix+value, or the value itself when the catalog has none.
	"word": func(l *i18n.Lang, prefix, value string) string {
		if k := prefix + value; l.Has(k) {
			return l.T(k)
		}
		return value
	},
	"join": func(s []string) string { return strings.Join(s, ", ") },
	"add":  func(a, b int) int { return a + b },
	"pctf": func(f float64) string { return fmt.Sprintf("%.0f %%", 100*f) },
	// markup formats a catalog message that carries markup (<b>, <span>:
	// the catalogs are embedded, not user input) with its arguments'
	// text escaped.
	"markup": func(l *i18n.Lang, key string, args ...any) template.HTML {
		for i, a := range args {
			if s, ok := a.(string); ok {
				args[i] = template.HTMLEscapeString(s)
			}
		}
		return template.HTML(l.F(key, args...))
	},
}).Parse(reportHTML))

// WriteOptions tune Write.
type WriteOptions struct {
	// Embed puts the images into index.html as data URLs, so that the
	// page alone is the whole report; the PNG files are written anyway.
	Embed bool
	// Now is the generation time printed in the footer; zero is now.
	Now time.Time
	// Lang is the reader's language (a BCP 47 tag such as "fi"); "" is
	// the report's own (Report.Lang, Options.Lang at Build).
	Lang string
}

// Names of the files Write writes in the report directory; the maps are
// map-1.png, map-2.png and so on.
const (
	IndexFile     = "index.html"
	JSONFile      = "report.json"
	MSELFile      = "msel.md" // the MSEL analysis as Markdown (WriteMSEL)
	crossingsFile = "crossings.png"
	hourlyFile    = "hourly.png"
	teamsFile     = "teams.png"
	mapPrefix     = "map-"
)

// images are the sources of the report's pictures.
type images struct {
	Crossings, Hourly, Teams template.URL // relative file names or data URLs
	Maps                     []mapFigure
}

type mapFigure struct {
	Src    template.URL
	Near   string
	Counts MapCounts
}

// page is what the template reads.
type page struct {
	*Report
	Img           images
	MetCount      int
	Narrative     []string
	SampleText    string
	BinText       string
	TimelineShown []Entry
	TimelineMore  int
	Generated     string
	Marks         []template.HTML // per objective, its baseline spread mark
	L             *i18n.Lang      // the reader's language
}

// Write writes the report into dir: index.html, the charts and maps as
// PNG files beside it, and report.json with every figure. The directory
// can be copied anywhere: the page refers to its pictures by relative
// name (or embeds them) and loads nothing from the network.
func Write(dir string, r *Report, opt WriteOptions) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	put := func(name string, data []byte) (template.URL, error) {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return "", fmt.Errorf("aar: %w", err)
		}
		if opt.Embed {
			return dataURL(data), nil
		}
		return template.URL(name), nil
	}
	var html bytes.Buffer
	if err := r.render(&html, opt, put); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, IndexFile), html.Bytes(), 0o644); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	if err := os.WriteFile(filepath.Join(dir, JSONFile), append(js, '\n'), 0o644); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	var md bytes.Buffer
	if err := WriteMSEL(&md, r, opt.Lang); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, MSELFile), md.Bytes(), 0o644); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	return nil
}

// WriteHTML writes the report's page to w with its pictures inside, as
// Write's index.html with Embed, and writes no file: the page alone is the
// whole report, as a server answers it.
func WriteHTML(w io.Writer, r *Report, opt WriteOptions) error {
	var html bytes.Buffer
	err := r.render(&html, opt, func(_ string, data []byte) (template.URL, error) { return dataURL(data), nil })
	if err != nil {
		return err
	}
	if _, err := w.Write(html.Bytes()); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	return nil
}

// dataURL is a PNG picture as a data URL.
func dataURL(png []byte) template.URL {
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
}

// render draws the charts and maps, hands each picture to put (which
// stores it under its file name and returns its source for the page) and
// writes the page to w.
func (r *Report) render(w io.Writer, opt WriteOptions, put func(name string, data []byte) (template.URL, error)) error {
	lang := opt.Lang
	if lang == "" {
		lang = r.Lang
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	pg := &page{Report: r, Generated: now.Format(stampLayout), L: i18n.Get(lang)}
	charts := []struct {
		name string
		make func() ([]byte, error)
		src  *template.URL
	}{
		{crossingsFile, r.crossingsChart, &pg.Img.Crossings},
		{hourlyFile, r.hourlyChart, &pg.Img.Hourly},
		{teamsFile, r.teamsChart, &pg.Img.Teams},
	}
	for _, c := range charts {
		data, err := c.make()
		if err != nil {
			return fmt.Errorf("aar: %s: %w", c.name, err)
		}
		if *c.src, err = put(c.name, data); err != nil {
			return err
		}
	}
	for i, v := range r.mapViews() {
		if err := r.drawMap(&v); err != nil {
			return fmt.Errorf("aar: map: %w", err)
		}
		src, err := put(fmt.Sprintf("%s%d.png", mapPrefix, i+1), v.Picture)
		if err != nil {
			return err
		}
		pg.Img.Maps = append(pg.Img.Maps, mapFigure{Src: src, Near: v.Near, Counts: v.Counts})
	}
	pg.MetCount = r.Met()
	pg.Narrative = r.narrative(pg.MetCount)
	for i := range r.Objectives {
		pg.Marks = append(pg.Marks, r.spreadMark(i))
	}
	pg.SampleText = r.span(DefaultSampleEvery)
	if len(r.Samples) > 2 {
		pg.SampleText = r.span(r.Samples[1].Tick - r.Samples[0].Tick)
	}
	per, _ := r.bins()
	pg.BinText = duration(pg.L, per*3600)
	pg.TimelineShown = r.Timeline[:min(len(r.Timeline), maxTimeline)]
	pg.TimelineMore = len(r.Timeline) - len(pg.TimelineShown)
	if err := reportTmpl.Execute(w, pg); err != nil {
		return fmt.Errorf("aar: %w", err)
	}
	return nil
}

// stampLayout writes the page's dates the same way in every language.
const stampLayout = "2006-01-02 15:04 MST"

// Minutes is a mean time in minutes over n groups or tracks, in the
// reader's words, or a dash for none.
func (pg *page) Minutes(m float64, n int) string {
	if n == 0 {
		return "—"
	}
	return duration(pg.L, m*60)
}

// Wait is a mean wait in seconds with how many it is over, or a dash for
// none.
func (pg *page) Wait(sec float64, n int) string {
	switch {
	case n == 0:
		return "—"
	case sec < 3600:
		return pg.L.F("aar.u_s_n", sec, n)
	}
	return pg.L.F("aar.u_wait_n", duration(pg.L, sec), n)
}

// Met counts the objectives the exercise met.
func (r *Report) Met() int {
	n := 0
	for _, o := range r.Objectives {
		if o.Met {
			n++
		}
	}
	return n
}

// narrative writes the summary paragraphs.
func (r *Report) narrative(met int) []string {
	c := r.Summary.Crossings
	pct := func(a, b int) string {
		if b == 0 {
			return "0 %"
		}
		return fmt.Sprintf("%.0f %%", 100*float64(a)/float64(b))
	}
	out := []string{r.l.F("aar.n_overview",
		r.Duration, r.Start, r.End, c.Attempted, c.Persons, c.Vulnerable, c.Crossed, c.Detected, pct(c.Detected, c.Attempted), c.Apprehended, pct(c.Apprehended, c.Attempted), c.Escaped)}
	var good, bad []string
	for _, o := range r.Objectives {
		s := r.l.F("aar.n_objective", strings.TrimSuffix(r.l.Pick(o.Description), "."), o.ValueText, o.TargetText)
		if o.Met {
			good = append(good, s)
		} else {
			bad = append(bad, s)
		}
	}
	p := r.l.F("aar.n_met", met, len(r.Objectives))
	if len(good) > 0 {
		p += r.l.F("aar.n_strengths", strings.Join(good, "; "))
	}
	if len(bad) > 0 {
		p += r.l.F("aar.n_improve", strings.Join(bad, "; "))
	}
	out = append(out, p)
	if b := r.baselineText(); b != "" {
		out = append(out, b)
	}
	var human, auto []string
	for _, t := range r.Teams {
		if t.Auto {
			auto = append(auto, t.ID)
		} else {
			human = append(human, t.ID)
		}
	}
	switch {
	case len(human) == 0:
		out = append(out, r.l.T("aar.n_all_auto"))
	case len(auto) == 0:
		out = append(out, r.l.F("aar.n_all_human", r.Commands.Total, r.Commands.Rejected))
	default:
		key := "aar.n_some_human"
		if len(auto) == 1 {
			key = "aar.n_some_human_1"
		}
		out = append(out, r.l.F(key, strings.Join(human, ", "), r.Commands.Total, r.Commands.Rejected, strings.Join(auto, ", ")))
	}
	var notFired []string
	for _, in := range r.Injects {
		if !in.Fired {
			notFired = append(notFired, in.ID)
		}
	}
	if len(notFired) > 0 {
		out = append(out, r.l.F("aar.n_not_fired", strings.Join(notFired, ", ")))
	}
	return out
}
