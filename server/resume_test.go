package server_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestResumePaused records an exercise that the instructor paused, stops
// the server, resumes the recording in a new server and checks that the
// exercise comes back paused, at the same tick, speed, id and codes, and
// stays there; and that only StopExercise, not a shutdown, calls the
// Stopped hook.
func TestResumePaused(t *testing.T) {
	dir := t.TempDir()
	var stopped []string
	cfg := server.Config{
		InstructorToken: token,
		CheckpointEvery: 50,
		NewRecorder: func(id string, sc *sim.Scenario, seed uint64) (server.Recorder, error) {
			h, err := recording.NewHeader(sc, seed, nil, "")
			if err != nil {
				return nil, err
			}
			return recording.Create(filepath.Join(dir, id+".jsonl"), h)
		},
		Stopped: func(id string) { stopped = append(stopped, id) },
	}
	ts := newServer(t, cfg)
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 500}))
	info := server.ExerciseInfo{ID: id, Codes: codes}
	ins := join(t, ts, token, id)
	ins.next(func(wire.Message) bool { return ins.mirror.View().Tick >= 120 })
	ins.send(&wire.Command{ID: 1, Kind: sim.CmdPause})
	ins.ack(1)
	ins.next(func(wire.Message) bool { return ins.mirror.View().Paused })
	pausedAt := ts.Exercises()[0].Tick
	ts.Close() // shutdown, not StopExercise: the Stopped hook stays silent
	if len(stopped) != 0 {
		t.Errorf("Stopped told of %v at shutdown", stopped)
	}

	w, wr, err := recording.Resume(filepath.Join(dir, info.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if !w.Paused() || w.Tick() != pausedAt {
		t.Fatalf("replayed World: paused %v at tick %d, want paused at %d", w.Paused(), w.Tick(), pausedAt)
	}
	clock := &manualClock{}
	cfg2 := cfg
	cfg2.NewTicker = clock.NewTicker
	s2 := server.New(cfg2)
	defer s2.Close()
	back, err := s2.ResumeExercise(server.Resumed{ID: info.ID, Scenario: w.Scenario(), World: w, Seed: w.Seed(), Codes: info.Codes, Recorder: wr})
	if err != nil {
		t.Fatal(err)
	}
	if back.ID != info.ID || !back.Paused || back.Tick != pausedAt || back.Speed != 500 {
		t.Fatalf("resumed %s paused %v at tick %d speed %d, want %s paused at %d speed 500", back.ID, back.Paused, back.Tick, back.Speed, info.ID, pausedAt)
	}
	for team, code := range info.Codes {
		if back.Codes[team] != code {
			t.Errorf("code of %s changed", team)
		}
	}
	// It has no clock to step it: a control call (which returns once the
	// exercise's loop has taken it) shows no step ticker.
	speed := 500
	if err := s2.ControlExercise(info.ID, server.Control{Speed: &speed}); err != nil {
		t.Fatal(err)
	}
	if n := len(clock.live(time.Second / 500)); n != 0 {
		t.Errorf("the resumed, paused exercise has %d step tickers", n)
	}
	if !s2.StopExercise(info.ID) || len(stopped) != 1 || stopped[0] != info.ID {
		t.Errorf("Stopped told of %v, want [%s]", stopped, info.ID)
	}
	rec, err := recording.Open(filepath.Join(dir, info.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatalf("the recording does not verify: %v", err)
	}
}

// TestResumeAllSkipsBroken resumes a data directory in which one
// exercise's recording was damaged: the other comes back, and the error
// names the damaged one.
func TestResumeAllSkipsBroken(t *testing.T) {
	dir := t.TempDir()
	cfg := server.Config{InstructorToken: token, DataDir: dir, CheckpointEvery: 50}
	ts := newServer(t, cfg)
	good, _, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 500}))
	bad, _, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 500}))
	waitTick(t, ts.Server, good, 60)
	waitTick(t, ts.Server, bad, 60)
	ts.Close()
	if err := os.WriteFile(filepath.Join(dir, bad+".jsonl"), []byte("not a recording\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s2 := server.New(cfg)
	defer s2.Close()
	back, err := s2.ResumeAll()
	if err == nil || !strings.Contains(err.Error(), bad) {
		t.Errorf("ResumeAll error %v, want one naming %s", err, bad)
	}
	if len(back) != 1 || back[0].ID != good {
		t.Fatalf("resumed %+v, want only %s", back, good)
	}
	waitTick(t, s2, good, back[0].Tick+20) // it runs on
}

// waitTick waits until the exercise id has reached tick.
func waitTick(t *testing.T, s *server.Server, id string, tick int32) {
	t.Helper()
	eventually(t, "exercise "+id+" at tick "+strconv.Itoa(int(tick)), func() bool {
		return slices.ContainsFunc(s.Exercises(), func(x server.ExerciseInfo) bool { return x.ID == id && x.Tick >= tick })
	})
}
