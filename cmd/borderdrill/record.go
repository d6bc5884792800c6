package main

import (
	"os"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// openRecording creates the recording of a headless run at path: the
// scenario (its YAML source when it was read from a file), the seed and the
// Auto mask, then every Step's commands and periodic state hashes, in the
// shape server.Recorder receives them; the returned func closes it.
func openRecording(path, nameOrFile string, sc *sim.Scenario, seed uint64) (server.Recorder, func() error, error) {
	src, srcName := scenarioSource(nameOrFile)
	h, err := recording.NewHeader(sc, seed, src, srcName)
	if err != nil {
		return nil, nil, err
	}
	w, err := recording.Create(path, h)
	if err != nil {
		return nil, nil, err
	}
	return w, w.Close, nil
}

// scenarioSource returns the YAML text of a scenario named on the command
// line and the name it was parsed under, or nil for a built-in (the
// recording then keeps the engine's copy of the scenario instead).
func scenarioSource(nameOrFile string) ([]byte, string) {
	for _, in := range scenarios.Builtins() {
		if in.Name == nameOrFile {
			return nil, ""
		}
	}
	data, err := os.ReadFile(nameOrFile)
	if err != nil {
		return nil, ""
	}
	return data, nameOrFile
}
