package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/borderdrill/borderdrill/recording"
)

func cmdReplay(args []string, stdout, stderr io.Writer) int {
	const use = "(--verify | --summary [--json]) FILE"
	fs := newFlags("replay", use, stderr)
	verify := fs.Bool("verify", false, "re-simulate and check every stored state hash (the default)")
	summary := fs.Bool("summary", false, "print the run summary at the end of the recording (hashes are checked too)")
	asJSON := fs.Bool("json", false, "with --summary: print it as JSON, as run --json does")
	files, code := parseInterleaved(fs, args)
	if code >= 0 {
		return code
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "Usage: borderdrill replay %s\n", use)
		return exitUsage
	}
	if *asJSON && !*summary {
		fmt.Fprintln(stderr, "borderdrill replay: --json goes with --summary")
		return exitUsage
	}
	rec, err := recording.Open(files[0])
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	if rec.Truncated {
		fmt.Fprintf(stderr, "borderdrill replay: %s: the last line was cut short (crash while writing) and is ignored\n", files[0])
	}
	w, err := recording.Verify(rec)
	var mm *recording.MismatchError
	if errors.As(err, &mm) {
		out := stdout
		if *summary {
			out = stderr
		}
		fmt.Fprintf(out, "mismatch at tick %d: stored %016x, got %016x\n", mm.Tick, mm.Stored, mm.Got)
		return exitFail
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	if !*summary || *verify {
		out := stdout
		if *summary {
			out = stderr
		}
		fmt.Fprintf(out, "ok: %d ticks, %d checkpoints verified\n", w.Tick(), len(rec.Checkpoints))
	}
	if !*summary {
		return exitOK
	}
	return writeSummary("replay", w, *asJSON, stdout, stderr)
}

// parseInterleaved parses flags that may come before or after the
// positional arguments and returns the positional ones, or the exit code
// to use if parsing ended the command (-1 to continue).
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if code := parseFlags(fs, args); code >= 0 {
			return nil, code
		}
		if fs.NArg() == 0 {
			return pos, -1
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}
