package aar

import (
	"io"

	"github.com/borderdrill/borderdrill/recording"
)

// Page writes the after-action review of rec to w as one HTML page with
// its charts and maps inside (WriteHTML): what the exercise server's
// report link answers, in the language of lang (a BCP 47 tag; "" is
// English). It has the shape of server.Config.Report.
func Page(w io.Writer, rec *recording.Recording, lang string) error {
	return writePage(w, rec, Options{}, lang)
}

// PageFunc returns a Page that builds the review with opt, for instance
// with a baseline (opt.Baseline runs, each time a page is asked for).
func PageFunc(opt Options) func(w io.Writer, rec *recording.Recording, lang string) error {
	return func(w io.Writer, rec *recording.Recording, lang string) error { return writePage(w, rec, opt, lang) }
}

// writePage builds the review of rec with opt and writes its page to w.
func writePage(w io.Writer, rec *recording.Recording, opt Options, lang string) error {
	opt.Lang = lang
	r, err := Build(rec, opt)
	if err != nil {
		return err
	}
	return WriteHTML(w, r, WriteOptions{Lang: lang})
}
