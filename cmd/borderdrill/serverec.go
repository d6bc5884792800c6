package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// Served exercises keep two files in the data directory: ID.jsonl, the
// recording (every accepted command before it is applied, and state
// hashes), and ID.codes.json (mode 0600), the join codes, so that a
// restarted server resumes each exercise under the same id and codes.

// savedExercise is the content of ID.codes.json.
type savedExercise struct {
	ID       string            `json:"id"`
	Scenario string            `json:"scenario"`
	Seed     uint64            `json:"seed,string"`
	Codes    map[string]string `json:"codes"`
}

// recorderFor returns the server's NewRecorder for data directory dir.
func recorderFor(dir string) func(id string, sc *sim.Scenario, seed uint64) (server.Recorder, error) {
	return func(id string, sc *sim.Scenario, seed uint64) (server.Recorder, error) {
		h, err := recording.NewHeader(sc, seed, nil, "")
		if err != nil {
			return nil, err
		}
		return recording.Create(filepath.Join(dir, id+".jsonl"), h)
	}
}

// saveCodesTo returns the server's Created hook for data directory dir.
func saveCodesTo(dir string) func(server.ExerciseInfo) error {
	return func(in server.ExerciseInfo) error {
		b, err := json.MarshalIndent(savedExercise{ID: in.ID, Scenario: in.Scenario, Seed: in.Seed, Codes: in.Codes}, "", "  ")
		if err != nil {
			return err
		}
		path := filepath.Join(dir, in.ID+".codes.json")
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, b, 0o600); err != nil {
			return err
		}
		return os.Rename(tmp, path)
	}
}

// forgetStoppedIn returns the server's Stopped hook for data directory dir:
// an exercise the instructor stopped loses its codes file, so a restart
// does not bring it back; its recording stays for replay and review.
func forgetStoppedIn(dir string, log func(id string, err error)) func(id string) {
	return func(id string) {
		if err := os.Remove(filepath.Join(dir, id+".codes.json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
			log(id, err)
		}
	}
}

// resumeAll brings back every exercise recorded in dir, replaying each
// recording to its last tick and appending to it from there.
func resumeAll(srv *server.Server, dir string) ([]server.ExerciseInfo, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.codes.json"))
	if err != nil {
		return nil, err
	}
	var out []server.ExerciseInfo
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return out, err
		}
		var se savedExercise
		if err := json.Unmarshal(b, &se); err != nil {
			return out, fmt.Errorf("%s: %w", p, err)
		}
		id := strings.TrimSuffix(filepath.Base(p), ".codes.json")
		w, wr, err := recording.Resume(filepath.Join(dir, id+".jsonl"))
		if err != nil {
			return out, fmt.Errorf("exercise %s: %w", id, err)
		}
		info, err := srv.ResumeExercise(server.Resumed{ID: id, Scenario: w.Scenario(), World: w, Seed: w.Seed(), Codes: se.Codes, Recorder: wr})
		if err != nil {
			wr.Close()
			return out, err
		}
		out = append(out, info)
	}
	return out, nil
}
