package scenarios

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// maxErrors is how many errors one file reports before giving up.
const maxErrors = 20

// Error is one problem in a scenario file, at a line and column (both
// 1-based; 0 when the problem has no place in the file, such as an
// unreadable file).
type Error struct {
	File string
	Line int
	Col  int
	Msg  string // what is wrong; what is allowed
}

// Error formats the problem as FILE:LINE:COL: message, the form editors and
// compilers use, so that an instructor can jump to it.
func (e *Error) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
}

// ErrorList is every problem found in one scenario file, in file order of
// discovery (at most 20, the last one saying that more were left out).
// Load and Parse return an ErrorList as their error, so callers can range
// over the problems with errors.As; its message is one Error per line.
type ErrorList []*Error

// Error joins the problems, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the problems as errors, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// sorted returns the decoder's errors in file order, keeping a final "too
// many errors" last.
func (d *decoder) sorted() ErrorList {
	l := slices.Clone(d.errs)
	n := len(l)
	if n > maxErrors {
		n = maxErrors
	}
	slices.SortStableFunc(l[:n], func(a, b *Error) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Col, b.Col))
	})
	return l
}
