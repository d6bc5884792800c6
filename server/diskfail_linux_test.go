package server_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// breakFile makes the process's descriptor of the file at path refuse
// writes, as a failing disk would: it is replaced by a read-only one.
func breakFile(t *testing.T, path string) {
	t.Helper()
	ro, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range fds {
		if target, err := os.Readlink("/proc/self/fd/" + e.Name()); err == nil && target == path {
			var fd int
			for _, r := range e.Name() {
				fd = fd*10 + int(r-'0')
			}
			if err := syscall.Dup2(int(ro.Fd()), fd); err != nil {
				t.Fatal(err)
			}
			return
		}
	}
	t.Fatalf("%s is not open", path)
}

// TestRecordingFailureHalts breaks the disk under a running, recorded
// exercise: the next command is not applied and its sender is told why,
// the exercise halts, the white cell gets an event saying why, and the
// recording holds every command that was applied, so a restart resumes it.
func TestRecordingFailureHalts(t *testing.T) {
	dir := t.TempDir()
	cfg := server.Config{DataDir: dir, CheckpointEvery: 50}
	ts, id, codes := withExercise(t, cfg, 100)
	pon := join(t, ts, codes["PONAL"], "")
	ins := join(t, ts, token, id)
	u := pon.mirror.View().Units[0]
	pon.send(&wire.Command{ID: 1, Kind: sim.CmdHold, Unit: u.ID})
	if a := pon.ack(1); !a.Accepted {
		t.Fatalf("hold: %+v", a)
	}

	breakFile(t, filepath.Join(dir, id+".jsonl"))
	pon.send(&wire.Command{ID: 2, Kind: sim.CmdMove, Unit: u.ID, Target: u.Pos})
	if a := pon.ack(2); a.Accepted || !strings.Contains(a.Reason, "not recorded") {
		t.Fatalf("a command that cannot be recorded: %+v, want rejected as not recorded", a)
	}
	told := false
	ins.next(func(m wire.Message) bool {
		if evs, ok := m.(*wire.Events); ok {
			for _, e := range evs.Events {
				told = told || (e.Kind == sim.EvControl && strings.Contains(e.Text, "recording failed"))
			}
		}
		return told
	})
	if !ins.mirror.View().Paused { // the frame of that broadcast came first
		t.Error("the halted exercise is not shown paused")
	}
	if halted := ts.listed(t, id); halted.Halted == "" || !halted.Paused {
		t.Errorf("the exercise is listed as %+v, want halted and paused", halted)
	}
	pon.send(&wire.Command{ID: 3, Kind: sim.CmdHold, Unit: u.ID})
	if a := pon.ack(3); a.Accepted {
		t.Errorf("a command while halted: %+v, want rejected", a)
	}
	ts.Close()

	rec := recordingOf(t, dir, id)
	verify(t, rec)
	kinds := map[sim.CommandKind]int{}
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Team == teamPONAL {
				kinds[c.Kind]++
			}
		}
	}
	if kinds[sim.CmdHold] != 1 || kinds[sim.CmdMove] != 0 {
		t.Errorf("recorded %v, want the one accepted hold and nothing else", kinds)
	}
	s2 := server.New(cfg)
	defer s2.Close()
	back, err := s2.ResumeAll()
	if err != nil || len(back) != 1 || back[0].ID != id {
		t.Fatalf("resumed %+v, %v", back, err)
	}
}
