// Package cli is borderdrill-client's command line: its flags, and what
// must happen before Ebiten starts. Ebiten opens the display while its
// packages initialise, and panics without one; this package imports
// nothing but the standard library, so that (Go initialises the packages
// of a program in dependency order, the lexically first ready one first)
// its init runs before Ebiten's: --help prints the usage and exits 0, and a
// start without a display says so and exits 1, neither with a stack
// trace. (On X11 systems it also imports xgb, which Ebiten's package
// depends on too, to quiet its logging.)
package cli

import (
	"flag"
	"fmt"
	"io"
)

// DefaultScenario is the scenario played without --scenario (it is
// scenarios.Default; a test in the command checks they agree).
const DefaultScenario = "fin-rus-winter-surge"

// Config is the parsed command line.
type Config struct {
	Scenario     string
	Team         string
	Seed         uint64
	Speed        int
	Capture      string
	CaptureAfter int
	Card         bool
	Width        int
	Height       int
	Join         string
	Code         string
	Exercise     string
	Name         string
	Replay       string
	Record       string
	Fit          string
	Look         string
	Lang         string
	UIScale      float64
	HighContrast bool
}

// Define declares the flags on fs, filling c.
func Define(fs *flag.FlagSet, c *Config) {
	fs.StringVar(&c.Scenario, "scenario", DefaultScenario, "built-in scenario name, border name (its built-in scenario) or scenario file")
	fs.StringVar(&c.Team, "team", "", "team id (e.g. FIN) or index to play, or \"instructor\" for the white cell; default: the first team")
	fs.Uint64Var(&c.Seed, "seed", 1, "random seed of the exercise")
	fs.IntVar(&c.Speed, "speed", 10, "ticks per wall-clock second (0 starts paused)")
	fs.StringVar(&c.Capture, "capture", "", "write the frame at --capture-after as PNG to this file and exit")
	fs.IntVar(&c.CaptureAfter, "capture-after", 600, "tick to capture at")
	fs.BoolVar(&c.Card, "card", false, "with --capture: show the start card (the briefing) in the frame")
	fs.IntVar(&c.Width, "width", 1280, "window width, pixels")
	fs.IntVar(&c.Height, "height", 800, "window height, pixels")
	fs.StringVar(&c.Fit, "fit", "action", "what the camera shows first: action (your team's area of operations: its units, sensors and joint zones; all of them for the white cell) or border (the whole border)")
	fs.StringVar(&c.Look, "look", "", "first view as LON,LAT,KM: centred on lon/lat (degrees) with KM across; overrides --fit")
	fs.Float64Var(&c.UIScale, "ui-scale", 1, "draw text, panels and the map this many times larger, 1 to 2 (the U key cycles 1, 1.25, 1.5, 2)")
	fs.BoolVar(&c.HighContrast, "high-contrast", false, "draw the map in white and greys under black lines and the panels black with white text (the X key toggles it)")
	fs.StringVar(&c.Lang, "lang", "", "language of the client's text: en, fr, es, ru, pl, fi, el, tr or ar (default: $LANG's, else English)")
	fs.StringVar(&c.Join, "join", "", "join an exercise on the server at URL (http://host:port, or a lobby /client/?code=… link)")
	fs.StringVar(&c.Code, "code", "", "with --join: a team's or the observers' join code, or the instructor token (with --exercise)")
	fs.StringVar(&c.Exercise, "exercise", "", "with --join: the exercise id, to join as the white cell with the instructor token")
	fs.StringVar(&c.Name, "name", "", "with --join: your name as the others see it in chat")
	fs.StringVar(&c.Record, "record", "", "record the local exercise into this file (replay, verify and review it afterwards); with --replay FILE, the branch N starts")
	fs.StringVar(&c.Replay, "replay", "", "view a recording: a file, or a server's http://host:port/api/recordings/ID with --code TOKEN (with --team; default the white cell's ground truth)")
}

// Synopsis prints the command's usage lines.
func Synopsis(w io.Writer) {
	fmt.Fprintln(w, "usage: borderdrill-client [--scenario NAME|FILE] [--team ID|instructor] [--seed N] [--speed 10]")
	fmt.Fprintln(w, "                          [--capture FILE.png --capture-after TICKS [--card]] [--width 1280 --height 800]")
	fmt.Fprintln(w, "                          [--fit action|border] [--look LON,LAT,KM] [--record FILE] [--lang CODE]")
	fmt.Fprintln(w, "       borderdrill-client --join URL --code CODE [--name NAME] [--exercise ID]")
	fmt.Fprintln(w, "       borderdrill-client --replay FILE|URL [--code TOKEN] [--team ID]")
}

// Usage prints the synopsis and the flags, and where to find the
// scenarios.
func Usage(w io.Writer) {
	Synopsis(w)
	fmt.Fprintln(w, "The client needs a display; on a machine without one run it under xvfb-run -a.")
	fmt.Fprintln(w, "`borderdrill scenarios` lists the built-in scenarios. Flags:")
	var c Config
	fs := flag.NewFlagSet("borderdrill-client", flag.ContinueOnError)
	fs.SetOutput(w)
	Define(fs, &c)
	fs.PrintDefaults()
}

// wantsHelp reports whether args ask for the usage.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--help", "-?":
			return true
		}
	}
	return false
}
