package server_test

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// TestControlFromTheLobby starts, pauses and speeds up a live exercise and
// a review session through POST /api/exercises/{id}/control, as the
// lobby's buttons do: only the instructor may, the exercise takes it (and
// records it, being live), and bad requests change nothing.
func TestControlFromTheLobby(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{InstructorToken: token, DataDir: dir, CheckpointEvery: 50})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 200, "paused": true}))
	info := func(id string) server.ExerciseInfo {
		for _, x := range ts.Exercises() {
			if x.ID == id {
				return x
			}
		}
		t.Fatalf("no exercise %s", id)
		return server.ExerciseInfo{}
	}
	control := func(id, tok, body string) int {
		st, _ := ts.post(t, "/api/exercises/"+id+"/control", tok, body)
		return st
	}
	for _, tok := range []string{"", codes["PONAL"], codes["observer"]} {
		if st := control(id, tok, `{"paused": false}`); st != http.StatusUnauthorized {
			t.Errorf("control with %q: %d, want 401", tok, st)
		}
	}
	if st := control("nosuch", token, `{"paused": false}`); st != http.StatusNotFound {
		t.Errorf("control of no exercise: %d", st)
	}
	for _, bad := range []string{`{"speed": 5000}`, `{"speed": 0}`, `{"speed": -1}`, `{}`, `{"pause": true}`, `nonsense`} {
		st, b := ts.post(t, "/api/exercises/"+id+"/control", token, bad)
		var e struct{ Error string }
		if json.Unmarshal(b, &e); st != http.StatusBadRequest || e.Error == "" {
			t.Errorf("control %s: %d %s, want 400 with a reason", bad, st, b)
		}
	}
	if x := info(id); !x.Paused {
		t.Fatalf("bad requests changed the exercise: %+v", x)
	}
	if st := control(id, token, `{"paused": false, "speed": 600}`); st != http.StatusNoContent {
		t.Fatalf("start: %d", st)
	}
	// Taken before the answer: the status shows it at once.
	if x := info(id); x.Paused || x.Speed != 600 {
		t.Fatalf("after the start: %+v, want running at 600×", x)
	}
	eventually(t, "100 ticks", func() bool { return info(id).Tick >= 100 })
	if st := control(id, token, `{"paused": true}`); st != http.StatusNoContent {
		t.Fatalf("pause: %d", st)
	}
	if x := info(id); !x.Paused {
		t.Fatalf("after the pause: %+v, want paused", x)
	}
	// The lobby shows the exercise's Start button and its speed.
	_, page := ts.get(t, "/?token="+token, "")
	if !strings.Contains(string(page), `controlExercise('`+id+`', {paused: false})">Start`) || !strings.Contains(string(page), `value="600" selected`) {
		t.Error("the lobby lacks the paused exercise's Start button or its speed")
	}
	ts.StopExercise(id)
	rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatal(err)
	}
	kinds := map[sim.CommandKind]int{}
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Team == sim.Instructor {
				kinds[c.Kind]++
			}
		}
	}
	if kinds[sim.CmdResume] != 1 || kinds[sim.CmdPause] != 2 || kinds[sim.CmdSpeed] != 2 {
		t.Errorf("the white cell's recorded commands %v; want the set-up's speed and pause, then the lobby's speed, resume and pause", kinds)
	}

	// A review session's playback, likewise.
	st, b := ts.post(t, "/api/recordings/"+id+"/review", token, `{}`)
	if st != http.StatusCreated {
		t.Fatalf("review: %d %s", st, b)
	}
	var created struct{ ID string }
	if err := json.Unmarshal(b, &created); err != nil {
		t.Fatal(err)
	}
	rid := created.ID
	if st := control(rid, token, `{"paused": false, "speed": 1000}`); st != http.StatusNoContent {
		t.Fatalf("start the review: %d", st)
	}
	eventually(t, "the review to play to its end and stop", func() bool {
		x := info(rid)
		return x.Tick >= rec.LastTick() && x.Paused
	})
}

// TestCreatedWithItsSetUp creates exercises paused and at a speed, from the
// API and from Go, and checks that the answer and the list show the set-up
// at once: it is applied before the exercise is published.
func TestCreatedWithItsSetUp(t *testing.T) {
	ts := newServer(t, server.Config{})
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		st, b := ts.post(t, "/api/exercises", token, jsonBody(map[string]any{"scenario": scenario, "speed": 200, "paused": true}))
		var got struct {
			ID     string
			Paused bool
			Speed  int
			Tick   int32
		}
		if err := json.Unmarshal(b, &got); err != nil || st != http.StatusCreated {
			t.Fatalf("create: %d %s", st, b)
		}
		if !got.Paused || got.Speed != 200 || got.Tick != 0 {
			t.Errorf("run %d: the API answered paused %v speed %d tick %d, want paused at 200 at tick 0", i, got.Paused, got.Speed, got.Tick)
		}
		for _, x := range ts.Exercises() {
			if x.ID == got.ID && (!x.Paused || x.Speed != 200) {
				t.Errorf("run %d: listed paused %v speed %d, want paused at 200", i, x.Paused, x.Speed)
			}
		}
		info, err := ts.NewExercise(sc, server.ExerciseOptions{Speed: 300, Paused: true})
		if err != nil {
			t.Fatal(err)
		}
		if !info.Paused || info.Speed != 300 {
			t.Errorf("run %d: NewExercise answered paused %v speed %d, want paused at 300", i, info.Paused, info.Speed)
		}
	}
}
