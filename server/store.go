package server

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// With a data directory (Config.DataDir) the server keeps two files per
// exercise: ID.jsonl, its recording (package recording: every accepted
// command before it is applied, and state hashes), and ID.codes.json
// (mode 0600), its join codes, while the exercise is to be resumed after
// a restart. Stopping an exercise removes its codes file and keeps the
// recording, for replay, review and branching.

const (
	recordingExt = ".jsonl"
	codesExt     = ".codes.json"
)

// validID matches the recording names the server serves and branches
// from: exercise ids and file names without a directory or a dot.
var validID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$`)

// savedCodes is the content of ID.codes.json.
type savedCodes struct {
	ID       string            `json:"id"`
	Scenario string            `json:"scenario"`
	Seed     uint64            `json:"seed,string"`
	Codes    map[string]string `json:"codes"`
	Access   []Code            `json:"access,omitempty"` // every code, issued and revoked ones included
}

// useDataDir fills in the Config hooks left nil that keep exercises in
// cfg.DataDir.
func useDataDir(cfg *Config, log func(msg string, args ...any)) {
	dir := cfg.DataDir
	if dir == "" {
		return
	}
	if cfg.NewRecorder == nil {
		cfg.NewRecorder = func(id string, sc *sim.Scenario, seed uint64) (Recorder, error) {
			h, err := recording.NewHeader(sc, seed, nil, "")
			if err != nil {
				return nil, err
			}
			return recording.Create(filepath.Join(dir, id+recordingExt), h)
		}
	}
	if cfg.Created == nil {
		cfg.Created = func(in ExerciseInfo) error {
			b, err := json.MarshalIndent(savedCodes{ID: in.ID, Scenario: in.Scenario, Seed: in.Seed, Codes: in.Codes, Access: in.Access}, "", "  ")
			if err != nil {
				return err
			}
			path := filepath.Join(dir, in.ID+codesExt)
			tmp := path + ".tmp"
			if err := os.WriteFile(tmp, b, 0o600); err != nil {
				return err
			}
			return os.Rename(tmp, path)
		}
	}
	if cfg.CodesChanged == nil {
		cfg.CodesChanged = cfg.Created
	}
	if cfg.Stopped == nil {
		cfg.Stopped = func(id string) {
			if err := os.Remove(filepath.Join(dir, id+codesExt)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				log("forgetting a stopped exercise", "id", id, "err", err)
			}
		}
	}
}

// dataFiles lists the files of the data directory whose names end in ext.
func (s *Server) dataFiles(ext string) ([]string, error) {
	return filepath.Glob(filepath.Join(s.cfg.DataDir, "*"+ext))
}

// ResumeAll brings back every exercise of the data directory that has a
// codes file: it replays each recording to its last tick (checking every
// hash) and goes on appending to it, under the same id and join codes. An
// exercise that cannot be resumed is left out and named in the error;
// the others run.
func (s *Server) ResumeAll() ([]ExerciseInfo, error) {
	dir := s.cfg.DataDir
	if dir == "" {
		return nil, nil
	}
	paths, err := s.dataFiles(codesExt)
	if err != nil {
		return nil, err
	}
	var out []ExerciseInfo
	var errs []error
	for _, p := range paths {
		info, err := s.resumeFrom(dir, p)
		if err != nil {
			errs = append(errs, err)
			s.log.Error("exercise not resumed", "codes", p, "err", err)
			continue
		}
		out = append(out, info)
	}
	return out, errors.Join(errs...)
}

func (s *Server) resumeFrom(dir, codesPath string) (ExerciseInfo, error) {
	id := strings.TrimSuffix(filepath.Base(codesPath), codesExt)
	b, err := os.ReadFile(codesPath)
	if err != nil {
		return ExerciseInfo{}, err
	}
	var saved savedCodes
	if err := json.Unmarshal(b, &saved); err != nil {
		return ExerciseInfo{}, fmt.Errorf("%s: %w", codesPath, err)
	}
	path := filepath.Join(dir, id+recordingExt)
	w, wr, err := recording.Resume(path)
	if err != nil {
		return ExerciseInfo{}, fmt.Errorf("exercise %s: %w", id, err)
	}
	var origin *recording.Origin
	if sum, err := recording.Peek(path); err == nil {
		origin = sum.Header.BranchOf
	}
	info, err := s.ResumeExercise(Resumed{ID: id, Scenario: w.Scenario(), World: w, Seed: w.Seed(), Codes: saved.Codes, Access: saved.Access, Recorder: wr, BranchOf: origin})
	if err != nil {
		wr.Close()
		return ExerciseInfo{}, err
	}
	return info, nil
}

// RecordingInfo describes a recording of the data directory, as GET
// /api/recordings lists it.
type RecordingInfo = recording.Listing

// ErrNoData is returned for recording requests when the server has no
// data directory.
var ErrNoData = errors.New("server: no data directory (start the server with --data DIR to record exercises)")

// ErrNoRecording is returned for a recording the data directory does not
// hold.
var ErrNoRecording = errors.New("server: no such recording")

// Recordings describes the recordings of the data directory, newest
// first. A file that is not a readable recording is left out.
func (s *Server) Recordings() ([]RecordingInfo, error) {
	if s.cfg.DataDir == "" {
		return nil, ErrNoData
	}
	paths, err := s.dataFiles(recordingExt)
	if err != nil {
		return nil, err
	}
	out := []RecordingInfo{}
	for _, p := range paths {
		id := strings.TrimSuffix(filepath.Base(p), recordingExt)
		if !validID.MatchString(id) {
			continue
		}
		in, err := s.recordingInfo(id)
		if err != nil {
			s.log.Warn("unreadable recording", "path", p, "err", err)
			continue
		}
		out = append(out, in)
	}
	slices.SortStableFunc(out, func(a, b RecordingInfo) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	return out, nil
}

// recordingInfo describes the recording id from its first and last
// records (recording.Peek), without reading it all.
func (s *Server) recordingInfo(id string) (RecordingInfo, error) {
	p, err := s.RecordingPath(id)
	if err != nil {
		return RecordingInfo{}, err
	}
	sum, err := recording.Peek(p)
	if err != nil {
		return RecordingInfo{}, err
	}
	h := sum.Header
	ts := max(h.TickSeconds, 1)
	return RecordingInfo{
		ID: id, Scenario: h.Scenario, Map: h.Map, Teams: h.Teams, Seed: h.Seed, Created: h.Created,
		Ticks: sum.LastTick, Seconds: int(sum.LastTick) * ts, TickSeconds: ts, Bytes: sum.Size,
		Live: s.exercise(id) != nil, BranchOf: h.BranchOf,
	}, nil
}

// RecordingPath returns the file of the recording id, for serving it.
func (s *Server) RecordingPath(id string) (string, error) {
	if s.cfg.DataDir == "" {
		return "", ErrNoData
	}
	if !validID.MatchString(id) {
		return "", ErrNoRecording
	}
	p := filepath.Join(s.cfg.DataDir, id+recordingExt)
	if st, err := os.Stat(p); err != nil || !st.Mode().IsRegular() {
		return "", ErrNoRecording
	}
	return p, nil
}

// openRecording reads the recording id.
func (s *Server) openRecording(id string) (*recording.Recording, error) {
	p, err := s.RecordingPath(id)
	if err != nil {
		return nil, err
	}
	rec, err := recording.Open(p)
	if err != nil {
		return nil, fmt.Errorf("recording %s: %w", id, err)
	}
	return rec, nil
}

// BranchError is a branch request that cannot be met as asked (a tick
// past the end of the recording); the API answers it with 400.
type BranchError struct{ msg string }

func (e *BranchError) Error() string { return e.msg }

// Branch starts a new exercise from tick of the recording id ("branch
// here"): the World re-simulated to that tick (every stored hash
// checked), fresh join codes, and a recording of its own that starts with
// the other's records up to tick (recording.Branch), so that the branch
// replays, resumes and is reviewed on its own. The recording may be of a
// running exercise. opt.Speed and opt.Paused apply as the instructor's
// first commands; opt.Seed is ignored (the seed is the recording's).
func (s *Server) Branch(id string, tick int32, opt ExerciseOptions) (ExerciseInfo, error) {
	if s.cfg.DataDir == "" {
		return ExerciseInfo{}, ErrNoData
	}
	src, err := s.openRecording(id)
	if err != nil {
		return ExerciseInfo{}, err
	}
	last := src.LastTick()
	if tick < 0 || tick > last {
		return ExerciseInfo{}, &BranchError{fmt.Sprintf("tick %d is outside the recording %s (ticks 0 to %d)", tick, id, last)}
	}
	var w *sim.World
	if tick == 0 {
		sc, err := src.Scenario()
		if err != nil {
			return ExerciseInfo{}, err
		}
		w, err = sim.New(sc, src.Header.Seed)
		if err != nil {
			return ExerciseInfo{}, err
		}
	} else if w, err = recording.Replay(src, recording.Options{To: tick}); err != nil {
		return ExerciseInfo{}, fmt.Errorf("server: recording %s: %w", id, err)
	}
	origin := recording.Origin{Recording: id, Tick: tick}
	info, err := s.begin(w.Scenario(), w, src.Header.Seed, opt, &origin, func(newID string) (Recorder, error) {
		return recording.Branch(filepath.Join(s.cfg.DataDir, newID+recordingExt), src, origin, w)
	})
	if err != nil {
		return ExerciseInfo{}, err
	}
	s.log.Info("exercise branched", "id", info.ID, "from", id, "tick", tick)
	return info, nil
}
