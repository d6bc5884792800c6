//go:build (linux || freebsd || netbsd || openbsd || dragonfly) && !android && !js

package cli

import (
	"bytes"
	"io"
	"log"
	"os"

	"github.com/jezek/xgb"
)

// Ebiten asks the X server for the monitor's size through xgb while it
// initialises (and again when the game starts); xgb logs two lines each
// time it finds no ~/.Xauthority (a virtual display, a container) and
// connects without one, as it should. Those lines are noise for the user;
// anything else xgb logs still goes to stderr. This package's init runs
// before Ebiten's (see the package comment; xgb is initialised before
// either).
func init() {
	xgb.Logger = log.New(quietXauth{os.Stderr}, "XGB: ", log.Lshortfile)
}

// quietXauth drops xgb's messages about a missing authority file.
type quietXauth struct{ w io.Writer }

func (q quietXauth) Write(p []byte) (int, error) {
	if bytes.Contains(p, []byte("authority info")) {
		return len(p), nil
	}
	return q.w.Write(p)
}
