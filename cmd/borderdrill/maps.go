package main

import (
	"fmt"
	"io"
	"os"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/scenarios"
)

// mapPair is one line of `borderdrill maps --json`.
type mapPair struct {
	Name      string       `json:"name"`
	Countries []mapCountry `json:"countries"`
	BorderKM  float64      `json:"border_km"`
	Bundled   string       `json:"bundled,omitempty"`
}

// mapCountry is one country of a mapPair.
type mapCountry struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func cmdMaps(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("maps", "[--json]", stderr)
	asJSON := fs.Bool("json", false, "print a JSON array of {name, countries: [{code, name}], border_km, bundled}")
	if code := parseFlagsOnly(fs, args, stderr); code >= 0 {
		return code
	}
	pairs := maps.Pairs()
	if *asJSON {
		out := make([]mapPair, len(pairs))
		for i, p := range pairs {
			out[i] = mapPair{Name: p.Name, BorderKM: p.BorderKM, Bundled: p.Bundled,
				Countries: []mapCountry{{p.A, p.NameA}, {p.B, p.NameB}}}
		}
		return writeJSON(stdout, stderr, out)
	}
	for _, p := range pairs {
		note := ""
		if p.Bundled != "" {
			note = "  (bundled as " + p.Bundled + ", with checkpoints)"
		}
		fmt.Fprintf(stdout, "%s  %9.1f km  %s / %s%s\n", p.Name, p.BorderKM, p.NameA, p.NameB, note)
	}
	fmt.Fprintf(stdout, "%d pairs; a scenario's map: takes either order (nor-swe or swe-nor)\n", len(pairs))
	return exitOK
}

func cmdNewScenario(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("new-scenario", "PAIR [-o FILE]", stderr)
	out := fs.String("o", "", "write the scenario to FILE instead of standard output")
	// Accept the flag after the pair too: new-scenario nor-swe -o x.yaml.
	var pair string
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		pair, args = args[0], args[1:]
	}
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if pair == "" && fs.NArg() > 0 {
		pair = fs.Arg(0)
	} else if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "borderdrill new-scenario: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	if pair == "" {
		fmt.Fprintln(stderr, "borderdrill new-scenario: name a border pair, e.g. nor-swe (see borderdrill maps)")
		return exitUsage
	}
	src, err := scenarios.Starter(pair)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitFail
	}
	if *out == "" {
		_, err = stdout.Write(src)
	} else {
		err = os.WriteFile(*out, src, 0o644)
		if err == nil {
			fmt.Fprintf(stdout, "%s: starter scenario for %s; check it with borderdrill validate %s\n", *out, pair, *out)
		}
	}
	if err != nil {
		fmt.Fprintln(stderr, "borderdrill new-scenario:", err)
		return exitFail
	}
	return exitOK
}
