package netclient_test

import (
	"context"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// TestArchive lists, fetches and branches a real server's recording
// through Archive, joins the branch as the white cell, and checks that a
// wrong token gets the server's reason.
func TestArchive(t *testing.T) {
	h := servertest.Start(t, server.Config{InstructorToken: token, DataDir: t.TempDir(), CheckpointEvery: 25}, nil)
	info := h.Exercise(t, "col-ven-cucuta-bridges", 1000)
	// The deadline only guards against a hang: under -race on a busy
	// machine the branch's re-simulation takes tens of seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	a := &netclient.Archive{URL: h.URL, Token: token}
	var list []netclient.RecordingInfo
	for {
		var err error
		if list, err = a.Recordings(ctx); err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 && list[0].Ticks >= 400 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Pause it, so that the exercise does not compete with the branch's
	// re-simulation for the machine.
	paused := true
	if err := h.Server.ControlExercise(info.ID, server.Control{Paused: &paused}); err != nil {
		t.Fatal(err)
	}
	if list[0].ID != info.ID || !list[0].Live || list[0].Scenario != "col-ven-cucuta-bridges" {
		t.Fatalf("recordings %+v", list)
	}
	rec, err := a.Fetch(ctx, info.ID)
	if err != nil {
		t.Fatal(err)
	}
	at := rec.LastTick() / 2
	want, err := recording.Replay(rec, recording.Options{To: at})
	if err != nil {
		t.Fatalf("the fetched recording: %v", err)
	}
	br, err := a.Branch(ctx, info.ID, at, netclient.BranchOptions{Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	if br.Tick != at || br.ID == info.ID || br.Codes["GNB"] == "" || br.Codes["GNB"] == info.Codes["GNB"] {
		t.Fatalf("branched %+v", br)
	}
	c, err := a.Join(ctx, br.ID)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	v, _ := await(t, c, func(v *sim.View, _ []sim.Event) bool { return v.Tick == at })
	if v.Team != sim.Instructor || !v.Paused || c.Welcome().Exercise != br.ID {
		t.Errorf("joined %s as team %d, paused %v; want the white cell of paused %s", c.Welcome().Exercise, v.Team, v.Paused, br.ID)
	}
	// The white cell's view of the branch has the units where the
	// original World had them at that tick, and they had moved since the
	// start.
	truth := want.View(sim.Instructor)
	start, err := sim.New(want.Scenario(), want.Seed())
	if err != nil {
		t.Fatal(err)
	}
	initial := start.View(sim.Instructor)
	if len(v.Units) != len(truth.Units) {
		t.Fatalf("the branch shows %d units, the original had %d", len(v.Units), len(truth.Units))
	}
	moved := 0
	for i, u := range v.Units {
		tu := truth.Units[i]
		if u.ID != tu.ID || math.Hypot(u.Pos[0]-tu.Pos[0], u.Pos[1]-tu.Pos[1]) > 5 {
			t.Errorf("unit %d at %v in the branch, %d at %v in the original", u.ID, u.Pos, tu.ID, tu.Pos)
		}
		if math.Hypot(tu.Pos[0]-initial.Units[i].Pos[0], tu.Pos[1]-initial.Units[i].Pos[1]) > 50 {
			moved++
		}
	}
	if moved == 0 {
		t.Errorf("no unit moved by tick %d: the check proves nothing", at)
	}

	bad := &netclient.Archive{URL: h.URL, Token: info.Codes["GNB"]}
	if _, err := bad.Branch(ctx, info.ID, 1, netclient.BranchOptions{}); err == nil || !strings.Contains(err.Error(), "401") {
		t.Errorf("branch with a trainee's code: %v, want 401", err)
	}
	if _, err := a.Branch(ctx, info.ID, 1<<30, netclient.BranchOptions{}); err == nil || !strings.Contains(err.Error(), "outside the recording") {
		t.Errorf("branch past the end: %v", err)
	}
}
