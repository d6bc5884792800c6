package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/recording"
)

func cmdAAR(args []string, stdout, stderr io.Writer) int {
	const use = "FILE --out DIR [--window 1h] [--sample 60] [--embed]"
	fs := newFlags("aar", use, stderr)
	out := fs.String("out", "", "directory to write the report into (index.html, PNG charts and maps, report.json)")
	window := fs.Duration("window", aar.DefaultWindow*time.Second, "simulated time after an inject in which the addressees' actions count as the response")
	sample := fs.Int("sample", aar.DefaultSampleEvery, "ticks between samples of the running totals for the charts")
	embed := fs.Bool("embed", false, "embed the images in index.html, so that the page alone is the whole report")
	files, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
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
	r, err := aar.Build(rec, aar.Options{SampleEvery: int32(*sample), Window: *window})
	var mm *recording.MismatchError
	if errors.As(err, &mm) {
		fmt.Fprintf(stderr, "borderdrill aar: %s does not replay: mismatch at tick %d: stored %016x, got %016x\n", files[0], mm.Tick, mm.Stored, mm.Got)
		return exitFail
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	if err := aar.Write(*out, r, aar.WriteOptions{Embed: *embed}); err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	fmt.Fprintf(stdout, "%s: %s, %s, %d of %d objectives met\n", filepath.Join(*out, aar.IndexFile), r.Scenario, r.Duration, countMet(r), len(r.Objectives))
	return exitOK
}

func countMet(r *aar.Report) int {
	n := 0
	for _, o := range r.Objectives {
		if o.Met {
			n++
		}
	}
	return n
}
