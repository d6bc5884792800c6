package main_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// startServe runs `borderdrill serve` on addr with data dir and waits for
// its health check.
func startServe(t *testing.T, addr, data string) *exec.Cmd {
	t.Helper()
	cmd, _ := serve(t, http.DefaultClient, "http://"+addr,
		"--addr", addr, "--data", data, "--instructor-token", "crash-token", "--web", "", "--quiet")
	return cmd
}

// serve starts `borderdrill serve` with args and waits until base's health
// check answers through hc. It returns the process and its combined output.
func serve(t *testing.T, hc *http.Client, base string, args ...string) (*exec.Cmd, *drilltest.Buffer) {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve"}, args...)...)
	out := &drilltest.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	for range 100 {
		if r, err := hc.Get(base + "/healthz"); err == nil {
			r.Body.Close()
			return cmd, out
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not come up: %s", out.String())
	return nil, nil
}

func listExercises(t *testing.T, addr string) []server.ExerciseInfo {
	t.Helper()
	var xs []server.ExerciseInfo
	servertest.API(t, "GET", "http://"+addr+"/api/exercises", "crash-token", "", http.StatusOK, &xs)
	return xs
}

// TestCrashResume kills a serving process with SIGKILL in the middle of an
// exercise, starts it again on the same data directory, and checks that
// the exercise is back under the same id and codes, that its recording
// verifies hash for hash, and that every command the server accepted is in
// it.
func TestCrashResume(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	data := t.TempDir()
	first := startServe(t, addr, data)

	var created server.ExerciseInfo
	servertest.API(t, "POST", "http://"+addr+"/api/exercises", "crash-token", `{"scenario": "fin-rus-winter-surge", "speed": 60, "paused": false}`, http.StatusCreated, &created)
	if created.ID == "" {
		t.Fatal("no exercise created")
	}

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	c, err := netclient.Dial(ctx, netclient.Options{URL: "http://" + addr, Code: created.Codes["FIN"], Name: "crash"})
	if err != nil {
		t.Fatal(err)
	}
	// Order every Finnish unit to hold, and wait for the acknowledgements.
	var v *sim.View
	for v == nil || len(v.Units) == 0 {
		if ctx.Err() != nil {
			t.Fatal("no view")
		}
		time.Sleep(20 * time.Millisecond)
		v, _, _ = c.Poll()
	}
	sent := map[uint32]int32{} // command id -> unit
	for _, u := range v.Units {
		sent[c.SendCommand(sim.Command{Kind: sim.CmdHold, Unit: u.ID})] = u.ID
	}
	accepted := map[uint32]bool{}
	for len(accepted) < len(sent) {
		if ctx.Err() != nil {
			t.Fatalf("%d of %d commands acknowledged", len(accepted), len(sent))
		}
		time.Sleep(20 * time.Millisecond)
		_, evs, _ := c.Poll()
		for _, e := range evs {
			if _, ok := sent[e.CmdID]; ok && e.Kind == sim.EvAccepted {
				accepted[e.CmdID] = true
			}
		}
	}
	// Let the exercise run past a few checkpoints, then kill the server.
	var before int32
	for before < 300 {
		time.Sleep(100 * time.Millisecond)
		before = listExercises(t, addr)[0].Tick
	}
	first.Process.Signal(syscall.SIGKILL)
	first.Wait()

	startServe(t, addr, data)
	xs := listExercises(t, addr)
	if len(xs) != 1 || xs[0].ID != created.ID {
		t.Fatalf("after restart the exercises are %+v, want %s", xs, created.ID)
	}
	for team, code := range created.Codes {
		if xs[0].Codes[team] != code {
			t.Errorf("join code of %s changed across the restart", team)
		}
	}
	if back := xs[0].Tick; back < before-60 {
		t.Errorf("resumed at tick %d, killed at %d: more than a checkpoint interval lost", back, before)
	}

	rec, err := recording.Open(filepath.Join(data, created.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatalf("the recording does not verify after the crash: %v", err)
	}
	if len(rec.Checkpoints) < 3 {
		t.Errorf("%d checkpoints recorded, want several", len(rec.Checkpoints))
	}
	// The server numbers commands itself; a trainee's hold is known by
	// its team, kind and unit.
	found := map[int32]bool{}
	for _, b := range rec.Batches {
		for _, cmd := range b.Cmds {
			if cmd.Team == 0 && cmd.Kind == sim.CmdHold {
				found[cmd.Unit] = true
			}
		}
	}
	for id := range accepted {
		if !found[sent[id]] {
			t.Errorf("accepted hold of unit %d is missing from the recording", sent[id])
		}
	}
	// An exercise the instructor stops is not brought back by a restart;
	// its recording stays.
	servertest.API(t, "DELETE", "http://"+addr+"/api/exercises/"+created.ID, "crash-token", "", http.StatusNoContent, nil)
	if _, err := os.Stat(filepath.Join(data, created.ID+".codes.json")); !os.IsNotExist(err) {
		t.Errorf("codes file of a stopped exercise still there (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(data, created.ID+".jsonl")); err != nil {
		t.Errorf("recording of a stopped exercise: %v", err)
	}
	fmt.Fprintf(testWriter{t}, "killed at tick %d, resumed at %d, %d commands kept\n", before, xs[0].Tick, len(found))
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(b []byte) (int, error) { w.t.Log(string(b)); return len(b), nil }
