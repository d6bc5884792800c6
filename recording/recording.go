// Package recording is borderdrill's exercise recording: one self-contained,
// versioned, append-only file per exercise holding the scenario (its YAML
// source and the engine's own copy), the seed, every batch of commands
// passed to sim.World.Step and a state-hash checkpoint every few hundred
// ticks. Replay re-simulates a recording and checks every stored hash:
// same scenario, seed and commands give the same hash, which is what
// crash recovery, seeking and the after-action review rely on.
//
// The format is JSON lines, documented in docs/RECORDING.md.
package recording

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Version is the format version this build writes and the newest it reads.
const Version = 1

// Format names the file format in the header line.
const Format = "borderdrill-recording"

// DefaultCheckpointEvery is the number of ticks between state-hash
// checkpoints that writers are expected to record.
const DefaultCheckpointEvery = 600 // ticks

// syncEvery is the longest a written record waits for an fsync.
const syncEvery = time.Second

// Record types, the "type" field of each line.
const (
	typeHeader = "header"
	typeStep   = "step"
	typeHash   = "hash"
)

// Header is the first line of a recording: everything needed to rebuild
// the World at tick 0, plus metadata.
type Header struct {
	Format  string `json:"format"`  // always Format
	Version int    `json:"version"` // format version, 1
	// Scenario is the scenario's name; Map the name of its border map.
	Scenario string `json:"scenario"`
	Map      string `json:"map"`
	// Source is the scenario's YAML text when the recorder had it (a
	// scenario file, an uploaded scenario); SourceName is the file name it
	// was parsed under. Replay parses Source first.
	Source     string `json:"source,omitempty"`
	SourceName string `json:"source_name,omitempty"`
	// ScenarioData is the sim.Scenario the World was made from, as JSON
	// with the map left out (rebuilt from Map). Replay uses it when there
	// is no Source, so every recording is replayable without the built-in
	// scenarios of the build that made it.
	ScenarioData json.RawMessage `json:"scenario_data,omitempty"`
	// Places are the named places the scenario added to the map
	// (`places:`), in order; with ScenarioData, replay adds them to the
	// map it loads by name.
	Places []Place `json:"places,omitempty"`
	Seed   uint64  `json:"seed,string"`
	// Auto is sim.Scenario.Auto: bit i set when team i was computer
	// controlled. It is not part of the YAML, so it is kept here.
	Auto            uint8    `json:"auto"`
	Teams           []string `json:"teams"`        // team ids, in index order
	TickSeconds     int      `json:"tick_seconds"` // simulated seconds per tick
	StartSecond     int      `json:"start_second"` // clock at tick 0, seconds after midnight
	CheckpointEvery int32    `json:"checkpoint_every"`
	// Build and Created are metadata only; replay ignores them.
	Build   string    `json:"build"`
	Created time.Time `json:"created"`
	// BranchOf, on the recording of an exercise branched from another
	// ("branch here"), names where it was branched; metadata only (its
	// records up to that tick are copies of the other's, so it replays on
	// its own).
	BranchOf *Origin `json:"branch_of,omitempty"`
}

// Place is one named place a scenario added to its map.
type Place struct {
	Name   string     `json:"name"`
	LonLat [2]float64 `json:"lonlat"` // degrees
}

// Origin is the recording and tick an exercise was branched from.
type Origin struct {
	Recording string `json:"recording"` // the other recording's name (a served exercise's id)
	Tick      int32  `json:"tick"`
}

// NewHeader describes an exercise about to start: the scenario (with
// its Auto mask already set), the seed and, when known, the scenario's
// YAML source and the file name it was read from.
func NewHeader(sc *sim.Scenario, seed uint64, source []byte, sourceName string) (Header, error) {
	h := Header{
		Format:          Format,
		Version:         Version,
		Scenario:        sc.Name,
		Source:          string(source),
		SourceName:      sourceName,
		Seed:            seed,
		Auto:            sc.Auto,
		TickSeconds:     max(sc.TickSeconds, 1),
		StartSecond:     sc.StartSecond,
		CheckpointEvery: DefaultCheckpointEvery,
		Build:           Build(),
		Created:         time.Now().UTC().Truncate(time.Second),
	}
	if sc.Map != nil {
		h.Map = sc.Map.Name
		for _, t := range sc.Map.Added {
			h.Places = append(h.Places, Place{Name: t.Name, LonLat: [2]float64(t.LonLat)})
		}
	}
	for _, t := range sc.Teams {
		h.Teams = append(h.Teams, t.ID)
	}
	c := *sc
	c.Map = nil
	data, err := json.Marshal(&c)
	if err != nil {
		return Header{}, fmt.Errorf("recording: encoding scenario %s: %w", sc.Name, err)
	}
	h.ScenarioData = data
	return h, nil
}

// Build describes the running binary: module version, Go version and VCS
// revision when the build recorded them.
func Build() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "borderdrill (unknown build)"
	}
	s := "borderdrill " + bi.Main.Version + " " + bi.GoVersion
	var rev, dirty string
	for _, kv := range bi.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		s += " rev " + rev[:min(12, len(rev))] + dirty
	}
	return s
}

// Batch is the commands passed to one World.Step, called when the World
// was at Tick.
type Batch struct {
	Tick int32
	Cmds []sim.Command
	Seq  int // position among the recording's records, from 0
}

// Checkpoint is the World's state hash once it reached Tick.
type Checkpoint struct {
	Tick int32
	Hash uint64
	Seq  int // position among the recording's records, from 0
}

// headerLine is the header as written.
type headerLine struct {
	Type string `json:"type"`
	Header
}

// stepLine is one batch as written.
type stepLine struct {
	Type string    `json:"type"`
	Tick int32     `json:"tick"`
	Cmds []command `json:"cmds"`
}

// hashLine is one checkpoint as written.
type hashLine struct {
	Type string `json:"type"`
	Tick int32  `json:"tick"`
	Hash string `json:"hash"` // 16 hex digits
}

// command is a sim.Command as written: the kind by name, so that a
// renumbering of the kinds cannot change what an old recording means;
// zero fields are left out.
type command struct {
	ID     uint32   `json:"id,omitempty"`
	Team   int      `json:"team"`
	Kind   string   `json:"kind"`
	Unit   int32    `json:"unit,omitempty"`
	Track  int32    `json:"track,omitempty"`
	ToTeam int      `json:"to_team,omitempty"`
	Target *point   `json:"target,omitempty"`
	Route  *[]point `json:"route,omitempty"` // nil and empty routes stay apart
	Speed  int      `json:"speed,omitempty"`
	Inject string   `json:"inject,omitempty"`
	// The white cell's ad-hoc injects and control.
	Text       string `json:"text,omitempty"`
	Index      int    `json:"index,omitempty"`
	Count      int    `json:"count,omitempty"`
	Size       int    `json:"size,omitempty"`
	Vulnerable int    `json:"vulnerable,omitempty"`
	For        int32  `json:"for,omitempty"`
	On         bool   `json:"on,omitempty"`
}

// point is an orb.Point written as [x, y]; non-finite coordinates (which
// JSON numbers cannot hold) are written as the strings "NaN", "+Inf",
// "-Inf", so every command round-trips bit for bit.
type point [2]num

// num is a float64 that round-trips through JSON exactly.
type num float64

// MarshalJSON writes the shortest decimal that parses back to the same
// float64, or a string for NaN and infinities.
func (n num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.AppendQuote(nil, strconv.FormatFloat(f, 'g', -1, 64)), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (n *num) UnmarshalJSON(b []byte) error {
	s := string(b)
	if len(b) > 0 && b[0] == '"' {
		var err error
		if s, err = strconv.Unquote(s); err != nil {
			return err
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return fmt.Errorf("recording: bad number %s", b)
	}
	*n = num(f)
	return nil
}

func toPoint(p orb.Point) point  { return point{num(p[0]), num(p[1])} }
func (p point) orb() orb.Point   { return orb.Point{float64(p[0]), float64(p[1])} }
func isZero(p orb.Point) bool    { return math.Float64bits(p[0]) == 0 && math.Float64bits(p[1]) == 0 }
func hashString(h uint64) string { return fmt.Sprintf("%016x", h) }
func parseHash(s string) (uint64, error) {
	if len(s) != 16 {
		return 0, fmt.Errorf("recording: bad hash %q", s)
	}
	return strconv.ParseUint(s, 16, 64)
}

// kindNames maps the wire names of command kinds back to kinds.
var kindNames = func() map[string]sim.CommandKind {
	m := map[string]sim.CommandKind{}
	for k := 1; k < 256; k++ {
		if s := sim.CommandKind(k).String(); s != "unknown" {
			m[s] = sim.CommandKind(k)
		}
	}
	return m
}()

func encodeCommand(c *sim.Command) command {
	e := command{ID: c.ID, Team: c.Team, Kind: c.Kind.String(), Unit: c.Unit, Track: c.Track,
		ToTeam: c.ToTeam, Speed: c.Speed, Inject: c.Inject, Text: c.Text, Index: c.Index, Count: c.Count,
		Size: c.Size, Vulnerable: c.Vulnerable, For: c.For, On: c.On}
	if e.Kind == "unknown" {
		e.Kind = "#" + strconv.Itoa(int(c.Kind)) // kept as a number: the engine rejects it, replay must too
	}
	if !isZero(c.Target) {
		t := toPoint(c.Target)
		e.Target = &t
	}
	if c.Route != nil {
		r := make([]point, len(c.Route))
		for i, p := range c.Route {
			r[i] = toPoint(p)
		}
		e.Route = &r
	}
	return e
}

func decodeCommand(e *command) (sim.Command, error) {
	c := sim.Command{ID: e.ID, Team: e.Team, Unit: e.Unit, Track: e.Track, ToTeam: e.ToTeam, Speed: e.Speed, Inject: e.Inject,
		Text: e.Text, Index: e.Index, Count: e.Count, Size: e.Size, Vulnerable: e.Vulnerable, For: e.For, On: e.On}
	if k, ok := kindNames[e.Kind]; ok {
		c.Kind = k
	} else if n, err := strconv.ParseUint(e.Kind[min(1, len(e.Kind)):], 10, 8); err == nil && len(e.Kind) > 1 && e.Kind[0] == '#' {
		c.Kind = sim.CommandKind(n)
	} else {
		return c, fmt.Errorf("recording: unknown command kind %q", e.Kind)
	}
	if e.Target != nil {
		c.Target = e.Target.orb()
	}
	if e.Route != nil {
		c.Route = make([]orb.Point, len(*e.Route))
		for i, p := range *e.Route {
			c.Route[i] = p.orb()
		}
	}
	return c, nil
}

// marshalLine encodes v as one line, newline included, without escaping
// HTML characters.
func marshalLine(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
