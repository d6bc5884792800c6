package server_test

import (
	"encoding/json"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"testing"

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
	rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}

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
