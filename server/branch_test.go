package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestBranchAtTheWire plays an exercise with a data directory, lists and
// downloads its recording, and branches a new exercise from a tick of it
// through the API: only the instructor may, the new exercise has fresh
// codes that admit only to it, it starts paused at that tick in the state
// the original had there, it goes its own way without touching the
// original, its recording verifies on its own, and a restarted server
// resumes it.
func TestBranchAtTheWire(t *testing.T) {
	r := startRecorded(t, 500, 500, 0, 300)
	ts, dir, id, codes, seed, pon := r.ts, r.dir, r.id, r.codes, r.seed, r.pon
	cfg := server.Config{InstructorToken: token, DataDir: dir, CheckpointEvery: 50}

	// Only the instructor lists, downloads and branches.
	for _, tok := range []string{"", codes["PONAL"], codes["observer"], token + "x"} {
		if st, _ := ts.get(t, "/api/recordings", tok); st != http.StatusUnauthorized {
			t.Errorf("GET /api/recordings with %q: %d, want 401", tok, st)
		}
		if st, _ := ts.get(t, "/api/recordings/"+id, tok); st != http.StatusUnauthorized {
			t.Errorf("GET /api/recordings/%s with %q: %d, want 401", id, tok, st)
		}
		if st, _ := ts.post(t, "/api/recordings/"+id+"/branch", tok, `{"tick": 100}`); st != http.StatusUnauthorized {
			t.Errorf("branch with %q: %d, want 401", tok, st)
		}
	}
	st, b := ts.get(t, "/api/recordings", token)
	if st != http.StatusOK {
		t.Fatalf("GET /api/recordings: %d %s", st, b)
	}
	var list []server.RecordingInfo
	if err := json.Unmarshal(b, &list); err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].ID != id || !list[0].Live || list[0].Seed != seed || list[0].Ticks < 250 || list[0].Scenario != scenario {
		t.Fatalf("recordings: %+v, want the live %s with ≥ 250 ticks", list, id)
	}
	st, b = ts.get(t, "/api/recordings/"+id, token)
	if st != http.StatusOK {
		t.Fatalf("GET /api/recordings/%s: %d", id, st)
	}
	got, err := recording.Parse(b)
	if err != nil {
		t.Fatalf("the downloaded recording: %v", err)
	}
	if got.Header.Seed != seed || got.Header.Scenario != scenario {
		t.Errorf("downloaded header: %+v", got.Header)
	}

	// The instructor's lobby lists the recording with its replay link and
	// branch form; the public lobby does not.
	_, page := ts.get(t, "/?token="+token, "")
	for _, want := range []string{`id="recordings"`, `/client/?replay=` + id + `&amp;code=` + token, `/api/recordings/` + id, `branchRecording(event`} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the instructor's lobby lacks %q", want)
		}
	}
	_, page = ts.get(t, "/", "")
	if strings.Contains(string(page), "recordings") || strings.Contains(string(page), "replay=") {
		t.Error("the public lobby shows the recordings")
	}

	// Bad branch requests get a reason and change nothing.
	for _, bad := range []struct {
		path, body string
		status     int
	}{
		{"/api/recordings/" + id + "/branch", `{"tick": 999999}`, http.StatusBadRequest},
		{"/api/recordings/" + id + "/branch", `{"tick": -1}`, http.StatusBadRequest},
		{"/api/recordings/" + id + "/branch", `{"tick": "noon"}`, http.StatusBadRequest},
		{"/api/recordings/" + id + "/branch", `{"tick": 10, "speed": 5000}`, http.StatusBadRequest},
		{"/api/recordings/nosuch/branch", `{"tick": 10}`, http.StatusNotFound},
		{"/api/recordings/..%2f" + id + "/branch", `{"tick": 10}`, http.StatusNotFound},
	} {
		if st, b := ts.post(t, bad.path, token, bad.body); st != bad.status {
			t.Errorf("POST %s %s: %d %s, want %d", bad.path, bad.body, st, b, bad.status)
		}
	}
	if n := len(ts.Exercises()); n != 1 {
		t.Fatalf("%d exercises after bad branch requests, want 1", n)
	}

	const at = 200
	st, b = ts.post(t, "/api/recordings/"+id+"/branch", token, `{"tick": 200}`)
	if st != http.StatusCreated {
		t.Fatalf("branch: %d %s", st, b)
	}
	var br netclient.Branched
	if err := json.Unmarshal(b, &br); err != nil {
		t.Fatal(err)
	}
	if br.ID == id || br.Tick != at || br.Seed != seed || br.BranchOf == nil || br.BranchOf.Recording != id || br.BranchOf.Tick != at {
		t.Fatalf("branch answer %+v", br)
	}
	for role, c := range br.Codes {
		for _, old := range codes {
			if c == old {
				t.Errorf("the branch's %s code is one of the original's", role)
			}
		}
	}
	if len(br.Codes) != len(codes) {
		t.Errorf("branch codes for %d roles, the original %d", len(br.Codes), len(codes))
	}

	// The original's codes do not open the branch; the branch's open only
	// the branch, paused at the tick it was branched at.
	c := dial(t, ts)
	c.send(&wire.Hello{Version: wire.Version, Code: codes["PONAL"], Exercise: br.ID})
	if werr, _ := c.closed(); werr == nil {
		t.Error("the original's code admitted to the branch")
	}
	bp := join(t, ts, br.Codes["PONAL"], "")
	if bp.welcome.Exercise != br.ID {
		t.Fatalf("the branch's code joined exercise %s, want %s", bp.welcome.Exercise, br.ID)
	}
	if v := bp.mirror.View(); v.Tick != at || !v.Paused {
		t.Errorf("the branch starts at tick %d paused %v, want paused at %d", v.Tick, v.Paused, at)
	}
	bu := bp.mirror.View().Units[0]
	ou := pon.mirror.View().Units[0]
	if bu.ID != ou.ID {
		t.Fatalf("unit ids differ: %d %d", bu.ID, ou.ID)
	}

	// The branch goes its own way: its instructor resumes it, its trainee
	// holds the unit the original moved.
	bi := join(t, ts, token, br.ID)
	bi.send(&wire.Command{ID: 1, Kind: sim.CmdResume})
	if a := bi.ack(1); !a.Accepted {
		t.Fatalf("resume the branch: %+v", a)
	}
	bp.send(&wire.Command{ID: 7, Kind: sim.CmdHold, Unit: bu.ID})
	if a := bp.ack(7); !a.Accepted {
		t.Fatalf("hold in the branch: %+v", a)
	}
	bp.next(func(wire.Message) bool { return bp.mirror.View().Tick >= at+200 })

	if !ts.StopExercise(id) {
		t.Fatal("original not running")
	}
	orig, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recording.Verify(orig); err != nil {
		t.Fatalf("the original's recording: %v", err)
	}
	for _, b := range orig.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdHold {
				t.Errorf("the branch's hold is in the original's recording at tick %d", b.Tick)
			}
		}
	}
	// Its after-action review, for the instructor only (from the lobby,
	// with the lobby's cookie).
	if st, _ := ts.get(t, "/api/recordings/"+id+"/aar", codes["GNB"]); st != http.StatusUnauthorized {
		t.Errorf("review with a trainee's code: %d, want 401", st)
	}
	req, _ := http.NewRequest("GET", ts.url+"/api/recordings/"+id+"/aar", nil)
	req.AddCookie(&http.Cookie{Name: "borderdrill_token", Value: token})
	st, page = do(t, req)
	for _, want := range []string{"<html", scenario, id + ".jsonl", "data:image/png;base64,", "Improvement plan"} {
		if st != http.StatusOK || !strings.Contains(string(page), want) {
			t.Errorf("review: %d, lacks %q", st, want)
		}
	}
	if strings.Contains(string(page), dir) {
		t.Error("the review shows the server's data directory")
	}
	// From a lobby read in Finnish (its link carries lang=fi), in Finnish.
	req, _ = http.NewRequest("GET", ts.url+"/api/recordings/"+id+"/aar?lang=fi", nil)
	req.AddCookie(&http.Cookie{Name: "borderdrill_token", Value: token})
	if st, page = do(t, req); st != http.StatusOK || !strings.Contains(string(page), "Kehittämissuunnitelma") || !strings.Contains(string(page), `lang="fi"`) {
		t.Errorf("review in Finnish: %d, no Finnish heading", st)
	}
	atBranch, err := recording.Replay(orig, recording.Options{To: at})
	if err != nil {
		t.Fatal(err)
	}

	// A restart resumes the branch (it was not stopped), with its codes.
	ts.Close()
	s2 := server.New(cfg)
	defer s2.Close()
	resumed, err := s2.ResumeAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(resumed) != 1 || resumed[0].ID != br.ID || resumed[0].Codes["PONAL"] != br.Codes["PONAL"] || resumed[0].Tick < at+200 ||
		resumed[0].BranchOf == nil || *resumed[0].BranchOf != *br.BranchOf {
		t.Fatalf("resumed %+v, want the branch %s at ≥ tick %d", resumed, br.ID, at+200)
	}
	s2.Close()

	rec, err := recording.Open(filepath.Join(dir, br.ID+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	if o := rec.Header.BranchOf; o == nil || o.Recording != id || o.Tick != at {
		t.Errorf("the branch's recording names its origin as %+v", o)
	}
	i := slices.IndexFunc(rec.Checkpoints, func(c recording.Checkpoint) bool { return c.Tick == at })
	if i < 0 || rec.Checkpoints[i].Hash != atBranch.Hash() {
		t.Errorf("the branch's recording has no checkpoint at %d with the original's hash %016x", at, atBranch.Hash())
	}
	end, err := recording.Verify(rec)
	if err != nil {
		t.Fatalf("the branch's recording: %v", err)
	}
	if end.Tick() < at+200 {
		t.Errorf("the branch's recording ends at %d", end.Tick())
	}
	holds := 0
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdHold && c.Team == teamPONAL {
				holds++
			}
		}
	}
	if holds != 1 {
		t.Errorf("the branch's recording holds %d of its trainee's holds, want 1", holds)
	}
	if st, err := os.Stat(filepath.Join(dir, br.ID+".codes.json")); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("the branch's codes file: %v %v", st, err)
	}
}

// TestRecordingsWithoutData checks the answers of a server that records
// nothing.
func TestRecordingsWithoutData(t *testing.T) {
	ts := newServer(t, server.Config{})
	if st, b := ts.get(t, "/api/recordings", token); st != http.StatusNotFound {
		t.Errorf("GET /api/recordings without --data: %d %s, want 404", st, b)
	}
	if st, b := ts.post(t, "/api/recordings/abc/branch", token, `{"tick": 1}`); st != http.StatusNotFound {
		t.Errorf("branch without --data: %d %s, want 404", st, b)
	}
}
