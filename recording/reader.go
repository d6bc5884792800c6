package recording

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sync"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Recording is a recording read back: the header, the command batches and
// the checkpoints, each in file order (Seq orders them together).
type Recording struct {
	Path        string
	Header      Header
	Batches     []Batch
	Checkpoints []Checkpoint
	Chats       []Chat // the chat lines, in order
	// Observations are the evaluators' observations, in order.
	Observations []Observation
	// Truncated reports that the last line was cut short (the writer
	// crashed in the middle of it) and was left out.
	Truncated bool

	valid   int64 // bytes of complete records, header included
	needsNL bool  // the last complete record has no newline yet

	once sync.Once // builds base
	base *sim.Scenario
	err  error
}

// Open reads the recording at path. A last line cut short by a crash is
// left out (Truncated); any other malformed line is an error naming it.
// Unknown fields and record types are ignored, so that newer writers can
// add to the format.
func Open(path string) (*Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("recording: %w", err)
	}
	r, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("recording: %s: %w", path, err)
	}
	r.Path = path
	return r, nil
}

// Parse reads a recording from its bytes; see Open.
func Parse(data []byte) (*Recording, error) {
	r := &Recording{}
	var off int64
	for line := 1; len(data) > 0; line++ {
		end := bytes.IndexByte(data, '\n')
		last := end < 0
		text := data
		if !last {
			text = data[:end]
		}
		err := r.parseLine(line, text)
		if err != nil {
			if last && line > 1 {
				r.Truncated = true
				break
			}
			return nil, err
		}
		if last {
			r.needsNL = true
			off += int64(len(text))
			break
		}
		off += int64(end + 1)
		data = data[end+1:]
	}
	if r.Header.Format == "" {
		return nil, fmt.Errorf("no header")
	}
	r.valid = off
	return r, nil
}

func (r *Recording) parseLine(line int, text []byte) error {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(text, &head); err != nil {
		return fmt.Errorf("line %d: %w", line, err)
	}
	if line == 1 {
		if head.Type != typeHeader {
			return fmt.Errorf("line 1: not a borderdrill recording (no header)")
		}
		var h headerLine
		if err := json.Unmarshal(text, &h); err != nil {
			return fmt.Errorf("line 1: header: %w", err)
		}
		if h.Format != Format {
			return fmt.Errorf("line 1: format %q, want %q", h.Format, Format)
		}
		if h.Version < 1 || h.Version > Version {
			return fmt.Errorf("line 1: format version %d; this build reads versions 1 to %d", h.Version, Version)
		}
		r.Header = h.Header
		return nil
	}
	seq := len(r.Batches) + len(r.Checkpoints)
	switch head.Type {
	case typeStep:
		var s stepLine
		if err := json.Unmarshal(text, &s); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		b := Batch{Tick: s.Tick, Seq: seq, Cmds: make([]sim.Command, len(s.Cmds))}
		for i := range s.Cmds {
			c, err := decodeCommand(&s.Cmds[i])
			if err != nil {
				return fmt.Errorf("line %d: %w", line, err)
			}
			b.Cmds[i] = c
		}
		r.Batches = append(r.Batches, b)
	case typeHash:
		var h hashLine
		if err := json.Unmarshal(text, &h); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		v, err := parseHash(h.Hash)
		if err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		r.Checkpoints = append(r.Checkpoints, Checkpoint{Tick: h.Tick, Hash: v, Seq: seq})
	case typeChat:
		var c Chat
		if err := json.Unmarshal(text, &c); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		r.Chats = append(r.Chats, c)
	case typeObservation:
		var o Observation
		if err := json.Unmarshal(text, &o); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
		r.Observations = append(r.Observations, o)
	}
	return nil
}

// LastTick returns the latest tick the recording names: its last
// checkpoint or batch. A replay to the end reaches it, or the tick after
// it when the last batch advanced the World.
func (r *Recording) LastTick() int32 {
	var t int32
	if n := len(r.Batches); n > 0 {
		t = r.Batches[n-1].Tick
	}
	if n := len(r.Checkpoints); n > 0 {
		t = max(t, r.Checkpoints[n-1].Tick)
	}
	return t
}

// Scenario rebuilds the scenario the recording was made with: from its
// YAML source when the header has it, else from the engine's copy
// (ScenarioData), else from the built-in scenario of that name. The Auto
// mask is the header's. The scenario is built once per Recording (a seek
// replays again and again) and the copies returned share it, so they must
// not be changed.
func (r *Recording) Scenario() (*sim.Scenario, error) {
	r.once.Do(func() { r.base, r.err = r.build() })
	if r.err != nil {
		return nil, r.err
	}
	sc := *r.base
	sc.Auto = r.Header.Auto
	return &sc, nil
}

func (r *Recording) build() (*sim.Scenario, error) {
	h := &r.Header
	var sc *sim.Scenario
	switch {
	case h.Source != "":
		name := h.SourceName
		if name == "" {
			name = h.Scenario + ".yaml"
		}
		s, err := scenarios.Parse(name, []byte(h.Source))
		if err != nil {
			// A scenario that names files beside it (map_file,
			// elevation) loads only from disk: from its own file, when
			// that is still there and unchanged.
			if data, rerr := os.ReadFile(name); rerr == nil && bytes.Equal(data, []byte(h.Source)) {
				s, err = scenarios.Load(name)
			}
		}
		if err != nil {
			return nil, fmt.Errorf("recording: the recorded scenario source: %w", err)
		}
		sc = s
	case len(h.ScenarioData) > 0:
		sc = new(sim.Scenario)
		if err := json.Unmarshal(h.ScenarioData, sc); err != nil {
			return nil, fmt.Errorf("recording: the recorded scenario data: %w", err)
		}
		m, err := maps.Load(h.Map)
		if err != nil {
			return nil, fmt.Errorf("recording: %w", err)
		}
		if len(h.Places) > 0 {
			names, pts := make([]string, len(h.Places)), make([]orb.Point, len(h.Places))
			for i, p := range h.Places {
				names[i], pts[i] = p.Name, orb.Point(p.LonLat)
			}
			if m, err = m.WithTowns(names, pts); err != nil {
				return nil, fmt.Errorf("recording: the recorded places: %w", err)
			}
		}
		sc.Map = m
	default:
		s, err := scenarios.Builtin(h.Scenario)
		if err != nil {
			return nil, fmt.Errorf("recording: no scenario in the recording and %w", err)
		}
		sc = s
	}
	return sc, nil
}
