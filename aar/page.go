package aar

import (
	"io"

	"github.com/borderdrill/borderdrill/recording"
)

// Page writes the after-action review of rec to w as one HTML page with
// its charts and maps inside (WriteHTML): what the exercise server's
// report link answers. It has the shape of server.Config.Report.
func Page(w io.Writer, rec *recording.Recording) error {
	return writePage(w, rec, Options{})
}

// PageFunc returns a Page that builds the review with opt, for instance
// with a baseline (opt.Baseline runs, each time a page is asked for).
func PageFunc(opt Options) func(w io.Writer, rec *recording.Recording) error {
	return func(w io.Writer, rec *recording.Recording) error { return writePage(w, rec, opt) }
}

// writePage builds the review of rec with opt and writes its page to w.
func writePage(w io.Writer, rec *recording.Recording, opt Options) error {
	r, err := Build(rec, opt)
	if err != nil {
		return err
	}
	return WriteHTML(w, r, WriteOptions{})
}
