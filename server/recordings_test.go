package server_test

import (
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestReviewAtTheWire runs a debrief of a recorded exercise: only the
// instructor starts one; the teams join with new codes and each sees its
// own picture of the exercise as it was; nobody commands units; only the
// white cell pauses, resumes, sets the speed and seeks (a trainee's seek
// closes the connection); a seek brings everyone the recorded state of
// that tick; the playback stops at the end; nothing of it survives a
// restart.
func TestReviewAtTheWire(t *testing.T) {
	r := startRecorded(t, 1000, 800, 300, 700)
	ts, dir, id, codes, pon := r.ts, r.dir, r.id, r.codes, r.pon
	u := pon.mirror.View().Units[0]
	if !ts.StopExercise(id) {
		t.Fatal("not running")
	}
	rec := recordingOf(t, dir, id)

	for _, tok := range []string{"", codes["PONAL"], codes["observer"]} {
		if st, _ := ts.post(t, "/api/recordings/"+id+"/review", tok, `{}`); st != http.StatusUnauthorized {
			t.Errorf("review with %q: %d, want 401", tok, st)
		}
	}
	if st, _ := ts.post(t, "/api/recordings/"+id+"/review", token, `{"speed": 5000}`); st != http.StatusBadRequest {
		t.Errorf("review at 5000×: %d, want 400", st)
	}
	if st, _ := ts.post(t, "/api/recordings/nosuch/review", token, `{}`); st != http.StatusNotFound {
		t.Errorf("review of no recording: %d, want 404", st)
	}
	st, b := ts.post(t, "/api/recordings/"+id+"/review", token, `{}`)
	if st != http.StatusCreated {
		t.Fatalf("review: %d %s", st, b)
	}
	var rv struct {
		ID     string             `json:"id"`
		Codes  map[string]string  `json:"codes"`
		Review *server.ReviewInfo `json:"review"`
	}
	if err := json.Unmarshal(b, &rv); err != nil {
		t.Fatal(err)
	}
	if rv.Review == nil || rv.Review.Recording != id || rv.Review.Duration != rec.LastTick() || rv.Codes["PONAL"] == codes["PONAL"] {
		t.Fatalf("review answer %s", b)
	}

	// The teams join with the new codes: each its own picture, paused at 0.
	tp := join(t, ts, rv.Codes["PONAL"], "")
	tg := join(t, ts, rv.Codes["GNB"], "")
	ins := join(t, ts, token, rv.ID)
	if w := tp.welcome; !w.Review || w.Recording != id || w.Duration != rec.LastTick() || w.Exercise != rv.ID {
		t.Fatalf("welcome %+v", w)
	}
	if v := tp.mirror.View(); v.Tick != 0 || !v.Paused || v.Team != teamPONAL {
		t.Fatalf("PONAL's first view: tick %d paused %v team %d", v.Tick, v.Paused, v.Team)
	}
	for _, x := range tp.mirror.View().Units {
		if x.Team != teamPONAL {
			t.Errorf("a %d unit in PONAL's picture", x.Team)
		}
	}

	// Nobody commands; the white cell drives the playback.
	tp.send(&wire.Command{ID: 5, Kind: sim.CmdHold, Unit: u.ID})
	if a := tp.ack(5); a.Accepted || a.Reason != server.ReasonReview {
		t.Errorf("a trainee's order in a review: %+v", a)
	}
	tp.send(&wire.Command{ID: 6, Kind: sim.CmdResume})
	if a := tp.ack(6); a.Accepted {
		t.Errorf("a trainee resumed the review: %+v", a)
	}
	ins.send(&wire.Command{ID: 7, Kind: sim.CmdInject, Inject: "C5"})
	if a := ins.ack(7); a.Accepted {
		t.Errorf("an inject in a review: %+v", a)
	}
	ins.send(&wire.Command{ID: 8, Kind: sim.CmdSpeed, Speed: 200})
	ins.send(&wire.Command{ID: 9, Kind: sim.CmdResume})
	if a, b := ins.ack(8), ins.ack(9); !a.Accepted || !b.Accepted {
		t.Fatalf("the white cell's speed and resume: %+v %+v", a, b)
	}
	tp.next(func(wire.Message) bool { v := tp.mirror.View(); return v.Tick >= 100 && !v.Paused && v.Speed == 200 })

	// A seek brings everyone the recorded state of the tick.
	ins.send(&wire.Command{ID: 10, Kind: sim.CmdPause})
	ins.ack(10)
	const at = 400
	ins.send(&wire.Seek{Tick: at})
	for _, c := range []*conn{tp, tg} {
		c.next(func(m wire.Message) bool {
			_, key := m.(*wire.Keyframe)
			return key && c.mirror.View().Tick == at
		})
	}
	want, err := recording.Replay(rec, recording.Options{To: at})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*conn{tp, tg} {
		got, truth := c.mirror.View(), want.View(c.welcome.Team)
		if len(got.Units) != len(truth.Units) || len(got.Tracks) != len(truth.Tracks) || !got.Paused {
			t.Fatalf("team %d at %d: %d units %d tracks (paused %v); recorded %d units %d tracks", c.welcome.Team, at,
				len(got.Units), len(got.Tracks), got.Paused, len(truth.Units), len(truth.Tracks))
		}
		for i := range got.Units {
			if math.Hypot(got.Units[i].Pos[0]-truth.Units[i].Pos[0], got.Units[i].Pos[1]-truth.Units[i].Pos[1]) > 2 {
				t.Errorf("team %d at %d: unit %d at %v, recorded at %v", c.welcome.Team, at, got.Units[i].ID, got.Units[i].Pos, truth.Units[i].Pos)
			}
		}
	}

	// The white cell reveals the ground truth to everyone, then hides it.
	ins.send(&wire.Reveal{On: true})
	truth := want.View(sim.Instructor)
	for _, c := range []*conn{tp, tg} {
		c.next(func(m wire.Message) bool {
			_, key := m.(*wire.Keyframe)
			return key && c.mirror.View().Team == sim.Instructor
		})
		if got := c.mirror.View(); len(got.Crossers) != len(truth.Crossers) || len(got.Units) != len(truth.Units) {
			t.Errorf("team %d revealed: %d crossers %d units; the truth has %d, %d", c.welcome.Team, len(got.Crossers), len(got.Units), len(truth.Crossers), len(truth.Units))
		}
	}
	late := join(t, ts, rv.Codes["MIG"], "")
	if v := late.mirror.View(); v.Team != sim.Instructor {
		t.Errorf("a team joining while revealed sees team %d's view", v.Team)
	}
	ins.send(&wire.Reveal{On: false})
	for _, c := range []*conn{tp, tg, late} {
		c.next(func(m wire.Message) bool {
			_, key := m.(*wire.Keyframe)
			return key && c.mirror.View().Team == c.welcome.Team
		})
		if n := len(c.mirror.View().Crossers); n != 0 {
			t.Errorf("team %d sees %d crossers after the reveal ended", c.welcome.Team, n)
		}
	}
	late.send(&wire.Reveal{On: true})
	if werr, ce := late.closed(); ce == nil || ce.Code != 1008 || werr == nil {
		t.Errorf("a trainee's reveal: error %v, close %v; want 1008", werr, ce)
	}

	// Played to the end, it stops there.
	ins.send(&wire.Command{ID: 11, Kind: sim.CmdSpeed, Speed: 1000})
	ins.send(&wire.Command{ID: 12, Kind: sim.CmdResume})
	tg.next(func(wire.Message) bool { v := tg.mirror.View(); return v.Tick == rec.LastTick() && v.Paused })

	// A trainee's seek closes that connection only.
	tp.send(&wire.Seek{Tick: 1})
	if werr, ce := tp.closed(); ce == nil || ce.Code != 1008 || werr == nil {
		t.Errorf("a trainee's seek: error %v, close %v; want 1008", werr, ce)
	}
	ins.send(&wire.Seek{Tick: 10})
	tg.next(func(wire.Message) bool { return tg.mirror.View().Tick == 10 })

	// Not kept for a restart.
	if _, err := os.Stat(filepath.Join(dir, rv.ID+".codes.json")); err == nil {
		t.Error("the review session has a codes file")
	}
	if _, err := os.Stat(filepath.Join(dir, rv.ID+".jsonl")); err == nil {
		t.Error("the review session was recorded")
	}
}

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
	orig := recordingOf(t, dir, id)
	verify(t, orig)
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

	rec := recordingOf(t, dir, br.ID)
	if o := rec.Header.BranchOf; o == nil || o.Recording != id || o.Tick != at {
		t.Errorf("the branch's recording names its origin as %+v", o)
	}
	i := slices.IndexFunc(rec.Checkpoints, func(c recording.Checkpoint) bool { return c.Tick == at })
	if i < 0 || rec.Checkpoints[i].Hash != atBranch.Hash() {
		t.Errorf("the branch's recording has no checkpoint at %d with the original's hash %016x", at, atBranch.Hash())
	}
	end := verify(t, rec)
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
	ts, id, codes := withExercise(t, cfg, 500)
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
	rec := recordingOf(t, dir, info.ID)
	verify(t, rec)
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
		x, ok := s.Info(id)
		return ok && x.Tick >= tick
	})
}
