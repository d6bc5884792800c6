package main

import (
	"errors"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/recording"
)

func cmdAAR(args []string, stdout, stderr io.Writer) int {
	const use = "FILE --out DIR [--window 1h] [--sample 60] [--embed] [--baseline N] [--lang CODE]"
	fs := newFlags("aar", use, stderr)
	baseline := 0
	fs.Func("baseline", "also run the scenario `N` times (seeds 1 to N) with every team computer-controlled, in parallel on all cores, and set each objective's spread beside the exercise's result", baselineFlag(&baseline))
	out := fs.String("out", "", "directory to write the report into (index.html, PNG charts and maps, report.json)")
	window := fs.Duration("window", aar.DefaultWindow*time.Second, "simulated time after an inject in which the addressees' actions count as the response")
	sample := fs.Int("sample", aar.DefaultSampleEvery, "ticks between samples of the running totals for the charts")
	lang := fs.String("lang", i18n.Default, "language of the report: "+strings.Join(langCodes(), ", "))
	embed := fs.Bool("embed", false, "embed the images in index.html, so that the page alone is the whole report")
	files, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	if !i18n.Known(*lang) {
		fmt.Fprintf(stderr, "borderdrill aar: --lang %q: not a shipped language (have %s)\n", *lang, strings.Join(langCodes(), ", "))
		return exitUsage
	}
	if len(files) != 1 || *out == "" || *sample < 1 || *window <= 0 {
		fmt.Fprintf(stderr, "Usage: borderdrill aar %s\n", use)
		return exitUsage
	}
	rec, err := recording.Open(files[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	r, err := aar.Build(rec, aar.Options{SampleEvery: int32(*sample), Window: *window, Baseline: baseline, Progress: baselineProgress(stderr, baseline), Lang: *lang})
	var mm *recording.MismatchError
	if errors.As(err, &mm) {
		fmt.Fprintf(stderr, "borderdrill aar: %s does not replay: mismatch at tick %d: stored %016x, got %016x\n", files[0], mm.Tick, mm.Stored, mm.Got)
		return exitFail
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	if err := aar.Write(*out, r, aar.WriteOptions{Embed: *embed, Lang: *lang}); err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	fmt.Fprintf(stdout, "%s: %s, %s, %d of %d objectives met\n", filepath.Join(*out, aar.IndexFile), r.Scenario, r.Duration, r.Met(), len(r.Objectives))
	if r.Baseline != nil {
		if err := writeBaseline(stdout, r); err != nil {
			fmt.Fprintln(stderr, err)
			return exitFail
		}
	}
	return exitOK
}

// baselineFlag parses the number of baseline runs of --baseline and
// --aar-baseline into n: a whole number, 1 or more.
func baselineFlag(n *int) func(string) error {
	return func(s string) error {
		v, err := strconv.Atoi(s)
		if err != nil || v < 1 {
			return fmt.Errorf("want a number of runs, 1 or more")
		}
		*n = v
		return nil
	}
}

// baselineProgress returns what tells a terminal on stderr how many of the
// baseline's runs have finished, or nil when stderr is not a terminal.
func baselineProgress(stderr io.Writer, runs int) func(done int) {
	f, ok := stderr.(*os.File)
	if !ok || runs == 0 || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return func(done int) {
		fmt.Fprintf(f, "\rbaseline: %d of %d runs", done, runs)
		if done == runs {
			fmt.Fprintln(f)
		}
	}
}

// writeBaseline prints each objective's result beside its baseline spread
// as a table.
func writeBaseline(w io.Writer, r *aar.Report) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "\nbaseline: %d runs with every team computer-controlled, seeds 1-%d, %d ticks each\n", r.Baseline.Runs, r.Baseline.Runs, r.Baseline.Ticks)
	fmt.Fprintln(tw, "objective\tresult\tmet\tbaseline met\tmin\tq1\tmedian\tq3\tmax\tmean ± sd")
	for _, o := range r.Objectives {
		s := o.Baseline
		met := "no"
		if o.Met {
			met = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d/%d (%.0f %%)\t%s\t%s\t%s\t%s\t%s\t%s ± %s\n", o.ID, o.ValueText, met, s.Met, s.Runs, 100*s.MetFraction,
			s.MinText, s.Q1Text, s.MedianText, s.Q3Text, s.MaxText, s.MeanText, s.SDText)
	}
	return tw.Flush()
}

// langCodes lists the shipped languages' codes.
func langCodes() []string {
	var out []string
	for _, l := range i18n.Languages() {
		out = append(out, l.Code)
	}
	return out
}
