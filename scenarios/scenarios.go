// Package scenarios reads exercise scenarios: YAML files written by
// instructors (see docs/SCENARIOS.md), validated with FILE:LINE:COL errors
// and turned into a sim.Scenario on the real border geometry of package
// maps. It also holds the built-in scenarios, one per bundled border, and
// Summarize, the figures of a finished run.
package scenarios

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Default is the name of the built-in scenario used when none is given.
const Default = "fin-rus-winter-surge"

// Info describes a built-in scenario.
type Info struct {
	Name        string     `json:"name"`
	Border      string     `json:"border"` // map name, e.g. "fin-rus"
	Teams       []TeamInfo `json:"teams"`  // in team order
	Description string     `json:"description"`
}

// TeamInfo is one team of a built-in scenario: the id a player passes to
// choose it, its country and its name.
type TeamInfo struct {
	ID      string `json:"id"`      // e.g. "EU"
	Country string `json:"country"` // ISO3, e.g. "FIN"
	Name    string `json:"name"`
}

// Load reads and validates the scenario file at path. On failure the
// error is an ErrorList (each problem as FILE:LINE:COL: message) or, when
// the file cannot be read, an error starting with "scenarios:".
func Load(path string) (*sim.Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return parse(path, data, true)
}

// Parse validates scenario text and builds the scenario; name is the file
// name used in error positions and the default scenario name. On failure
// the error is an ErrorList.
func Parse(name string, data []byte) (*sim.Scenario, error) { return parse(name, data, false) }

// parse is Parse; files allows map_file (a file beside the scenario).
func parse(name string, data []byte, files bool) (*sim.Scenario, error) {
	d := &decoder{file: name}
	root := d.parse(data)
	if root == nil {
		return nil, d.errs
	}
	b := &builder{decoder: d, s: &sim.Scenario{}, files: files}
	b.build(root)
	if len(d.errs) > 0 {
		return nil, d.sorted()
	}
	return b.s, nil
}

// Automate puts every team of s under computer control (sim.Scenario.Auto),
// as a run without trainees needs: idle units then respond to their team's
// tracks on their own.
func Automate(s *sim.Scenario) {
	s.Auto = uint8(1<<min(len(s.Teams), 8) - 1)
}

// Builtin loads the built-in scenario with the given name.
func Builtin(name string) (*sim.Scenario, error) {
	data, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil || strings.ContainsAny(name, "/\\") {
		return nil, fmt.Errorf("scenarios: no built-in scenario %q%s; built-ins: %s", name, suggest(name, builtinNames()), strings.Join(builtinNames(), ", "))
	}
	return Parse("builtin/"+name+".yaml", data)
}

// Builtins describes the built-in scenarios, sorted by name.
func Builtins() []Info {
	var out []Info
	for _, name := range builtinNames() {
		data, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
		if err != nil {
			continue
		}
		out = append(out, readInfo(name, data))
	}
	return out
}

// Resolve loads a built-in scenario by name, or else the scenario file at
// the given path.
func Resolve(nameOrFile string) (*sim.Scenario, error) {
	if slices.Contains(builtinNames(), nameOrFile) {
		return Builtin(nameOrFile)
	}
	if _, err := os.Stat(nameOrFile); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("scenarios: %q is neither a built-in scenario%s nor a file; built-ins: %s",
				nameOrFile, suggest(nameOrFile, builtinNames()), strings.Join(builtinNames(), ", "))
		}
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	return Load(nameOrFile)
}

// builtinNames lists the built-in scenarios, sorted.
func builtinNames() []string {
	entries, err := builtinFS.ReadDir("builtin")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if n := e.Name(); strings.HasSuffix(n, ".yaml") {
			names = append(names, strings.TrimSuffix(n, ".yaml"))
		}
	}
	slices.Sort(names)
	return names
}

// readInfo reads the header of a scenario without building it.
func readInfo(name string, data []byte) Info {
	info := Info{Name: name}
	d := &decoder{file: path.Join("builtin", name+".yaml")}
	root := d.parse(data)
	top := d.object(root, "scenario", topKeys)
	if top == nil {
		return info
	}
	info.Description = strings.Join(strings.Fields(firstText(top.value("description"))), " ")
	info.Border = top.str("map", "")
	for _, n := range top.list("teams") {
		t := d.object(n, "team", teamKeys)
		id := t.str("id", "")
		info.Teams = append(info.Teams, TeamInfo{ID: id, Country: strings.ToUpper(t.str("country", "")), Name: t.str("name", id)})
	}
	return info
}
