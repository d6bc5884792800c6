// Command borderdrill is the headless borderdrill tool: it lists and
// validates scenarios and runs exercises without a display. It never links
// the Ebiten client, so it builds with CGO_ENABLED=0 and runs on servers.
//
// Usage:
//
//	borderdrill scenarios [--json]
//	borderdrill maps [--json]
//	borderdrill new-scenario PAIR [-o FILE]
//	borderdrill validate FILE...
//	borderdrill run --scenario NAME|FILE [--seed N] [--duration 12h] [--json] [--record FILE]
//	borderdrill serve [flags]
//	borderdrill loadtest [flags]
//	borderdrill replay (--verify | --summary [--json]) FILE
//	borderdrill aar FILE --out DIR [--baseline N]
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// Exit codes.
const (
	exitOK    = 0
	exitFail  = 1 // invalid scenario or failed run
	exitUsage = 2 // bad command line
)

// progressEvery is how many ticks pass between progress bar updates.
const progressEvery = 600 // ticks

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// command is one subcommand.
type command struct {
	name    string
	args    string
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands in usage order.
func commands() []command {
	return []command{
		{"scenarios", "[--json]", "list the built-in scenarios", cmdScenarios},
		{"maps", "[--json]", "list the border pairs a scenario's map: can name", cmdMaps},
		{"new-scenario", "PAIR [-o FILE]", "write a starter scenario for any border pair", cmdNewScenario},
		{"validate", "FILE...", "check scenario files and report every error as FILE:LINE:COL", cmdValidate},
		{"run", "--scenario NAME|FILE [--seed N] [--duration D] [--json] [--record FILE]", "run an exercise headless with no commands and print its summary", cmdRun},
		{"serve", "[--addr 127.0.0.1:8080] [--data DIR] [--scenario NAME|FILE] [flags]", "run the exercise server (lobby, websockets, recordings)",
			func(args []string, _, _ io.Writer) int { return serveMain(args) }},
		{"loadtest", "--url URL (--code CODE | --token T --scenario NAME) --clients N --duration D", "load-test a running server with many websocket clients",
			func(args []string, _, _ io.Writer) int { return loadtestMain(args) }},
		{"replay", "(--verify | --summary [--json]) FILE", "re-simulate a recording, check its state hashes, print its summary", cmdReplay},
		{"aar", "FILE --out DIR [--baseline N]", "write the after-action review of a recording as an HTML report (with a computer-only baseline over N seeds)", cmdAAR},
	}
}

// run dispatches to a subcommand and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "borderdrill: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

// usage prints the list of subcommands.
func usage(w io.Writer) {
	fmt.Fprintln(w, "borderdrill — headless tools for borderdrill exercises")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  borderdrill %s %s\n        %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'borderdrill COMMAND -h' for a command's flags.")
}

// newFlags returns a FlagSet for a subcommand that reports to stderr.
func newFlags(name, args string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: borderdrill %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args and returns the exit code to use if parsing
// ended the command (-1 to continue).
func parseFlags(fs *flag.FlagSet, args []string) int {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	return -1
}

// parseFlagsOnly is parseFlags for a command that takes no argument
// besides its flags: an argument left over is a usage error.
func parseFlagsOnly(fs *flag.FlagSet, args []string, stderr io.Writer) int {
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "borderdrill %s: unexpected argument %q\n", fs.Name(), fs.Arg(0))
		return exitUsage
	}
	return -1
}

func cmdScenarios(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("scenarios", "[--json]", stderr)
	asJSON := fs.Bool("json", false, "print a JSON array of {name, border, teams: [{id, country, name}], description}")
	if code := parseFlagsOnly(fs, args, stderr); code >= 0 {
		return code
	}
	list := scenarios.Builtins()
	if *asJSON {
		return writeJSON(stdout, stderr, list)
	}
	for _, in := range list {
		def := ""
		if in.Name == scenarios.Default {
			def = " (default)"
		}
		fmt.Fprintf(stdout, "%s%s  border %s  %s\n", in.Name, def, in.Border, in.Description)
		for _, t := range in.Teams {
			fmt.Fprintf(stdout, "    team %-6s %s  %s\n", t.ID, t.Country, t.Name)
		}
	}
	return exitOK
}

func cmdValidate(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("validate", "FILE...", stderr)
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "borderdrill validate: name at least one scenario file")
		return exitUsage
	}
	code := exitOK
	for _, file := range fs.Args() {
		if _, err := scenarios.Load(file); err != nil {
			fmt.Fprintln(stdout, err)
			code = exitFail
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", file)
	}
	return code
}

func cmdRun(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("run", "--scenario NAME|FILE [flags]", stderr)
	name := fs.String("scenario", scenarios.Default, "built-in scenario name or scenario file")
	seed := fs.Uint64("seed", 1, "random seed; the same seed gives the same run")
	durFlag := fs.String("duration", "", "simulated time to run, e.g. 2h or 90m (default: the scenario's duration)")
	asJSON := fs.Bool("json", false, "print the summary as JSON")
	record := fs.String("record", "", "write a recording of the run to FILE")
	if code := parseFlagsOnly(fs, args, stderr); code >= 0 {
		return code
	}
	sc, err := scenarios.Resolve(*name)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	ticks := sc.Duration
	if *durFlag != "" {
		d, err := time.ParseDuration(*durFlag)
		if err != nil || d <= 0 {
			fmt.Fprintf(stderr, "borderdrill run: --duration %q: want a positive duration such as 12h or 90m\n", *durFlag)
			return exitUsage
		}
		ticks = int32(d / (time.Duration(max(sc.TickSeconds, 1)) * time.Second))
		if ticks < 1 {
			fmt.Fprintf(stderr, "borderdrill run: --duration %s is shorter than one tick (%ds)\n", *durFlag, sc.TickSeconds)
			return exitUsage
		}
	}
	scenarios.Automate(sc) // nobody commands the teams in a headless run
	var rec server.Recorder
	if *record != "" {
		r, closeRec, err := openRecording(*record, *name, sc, *seed)
		if err != nil {
			fmt.Fprintf(stderr, "borderdrill run: --record %s: %v\n", *record, err)
			return exitFail
		}
		defer closeRec()
		rec = r
	}
	w, err := sim.New(sc, *seed)
	if err != nil {
		fmt.Fprintf(stderr, "borderdrill run: %v\n", err)
		return exitFail
	}
	bar := newProgress(stderr, ticks, sc.Name)
	// The one record-then-step path (recording.Stepper), as the server and
	// local play take: a failed write stops the run with nothing applied
	// that is not recorded.
	st := recording.Stepper{World: w, Log: rec, Every: server.DefaultCheckpointEvery}
	for t := int32(1); t <= ticks; t++ {
		if _, err := st.Step(nil); err != nil {
			fmt.Fprintf(stderr, "borderdrill run: --record: %v\n", err)
			return exitFail
		}
		if bar != nil && (t%progressEvery == 0 || t == ticks) {
			_ = bar.Set64(int64(t))
		}
	}
	if err := st.Finish(); err != nil {
		fmt.Fprintf(stderr, "borderdrill run: --record: %v\n", err)
		return exitFail
	}
	if bar != nil {
		_ = bar.Finish()
		fmt.Fprintln(stderr)
	}
	return writeSummary("run", w, *asJSON, stdout, stderr)
}

// writeSummary prints the run summary of w, as JSON or as text, for the
// command cmd and returns the exit code.
func writeSummary(cmd string, w *sim.World, asJSON bool, stdout, stderr io.Writer) int {
	sum := scenarios.Summarize(w)
	if asJSON {
		return writeJSON(stdout, stderr, sum)
	}
	if err := sum.WriteText(stdout); err != nil {
		fmt.Fprintf(stderr, "borderdrill %s: %v\n", cmd, err)
		return exitFail
	}
	return exitOK
}

// newProgress returns a progress bar on stderr when stderr is a terminal,
// or nil.
func newProgress(stderr io.Writer, ticks int32, name string) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions64(int64(ticks),
		progressbar.OptionSetWriter(f),
		progressbar.OptionSetDescription(name),
		progressbar.OptionShowCount(),
		progressbar.OptionSetItsString("ticks"),
		progressbar.OptionShowIts(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetPredictTime(true),
	)
}

// writeJSON prints v as indented JSON.
func writeJSON(stdout, stderr io.Writer, v any) int {
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		fmt.Fprintf(stderr, "borderdrill: %v\n", err)
		return exitFail
	}
	return exitOK
}
