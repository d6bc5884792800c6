//go:build !js

package cli

import (
	"fmt"
	"os"
	"runtime"
)

func init() {
	if wantsHelp(os.Args[1:]) {
		Usage(os.Stdout)
		os.Exit(0)
	}
	if NeedsDisplay() && os.Getenv("DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "borderdrill-client: no display (DISPLAY is not set): run it in a desktop session, or under a virtual display: xvfb-run -a borderdrill-client …")
		os.Exit(1)
	}
}

// NeedsDisplay reports whether the client needs an X display on this
// system (Linux and the BSDs).
func NeedsDisplay() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "netbsd", "openbsd", "dragonfly":
		return true
	}
	return false
}
