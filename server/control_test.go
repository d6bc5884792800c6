package server_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
	"github.com/paulmach/orb"
)

// TestControlFromTheLobby starts, pauses and speeds up a live exercise and
// a review session through POST /api/exercises/{id}/control, as the
// lobby's buttons do: only the instructor may, the exercise takes it (and
// records it, being live), and bad requests change nothing.
func TestControlFromTheLobby(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{InstructorToken: token, DataDir: dir, CheckpointEvery: 50})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 200, "paused": true}))
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
	if x := ts.listed(t, id); !x.Paused {
		t.Fatalf("bad requests changed the exercise: %+v", x)
	}
	if st := control(id, token, `{"paused": false, "speed": 600}`); st != http.StatusNoContent {
		t.Fatalf("start: %d", st)
	}
	// Taken before the answer: the status shows it at once.
	if x := ts.listed(t, id); x.Paused || x.Speed != 600 {
		t.Fatalf("after the start: %+v, want running at 600×", x)
	}
	eventually(t, "100 ticks", func() bool { return ts.listed(t, id).Tick >= 100 })
	if st := control(id, token, `{"paused": true}`); st != http.StatusNoContent {
		t.Fatalf("pause: %d", st)
	}
	if x := ts.listed(t, id); !x.Paused {
		t.Fatalf("after the pause: %+v, want paused", x)
	}
	// The lobby shows the exercise's Start button and its speed.
	_, page := ts.get(t, "/?token="+token, "")
	if !strings.Contains(string(page), `controlExercise('`+id+`', {paused: false})">Start`) || !strings.Contains(string(page), `value="600" selected`) {
		t.Error("the lobby lacks the paused exercise's Start button or its speed")
	}
	ts.StopExercise(id)
	rec := recordingOf(t, dir, id)
	verify(t, rec)
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
		x := ts.listed(t, rid)
		return x.Tick >= rec.LastTick() && x.Paused
	})
}

// TestCreatedWithItsSetUp creates exercises paused and at a speed, from the
// API and from Go, and checks that the answer and the list show the set-up
// at once: it is applied before the exercise is published.
func TestCreatedWithItsSetUp(t *testing.T) {
	ts := newServer(t, server.Config{})
	sc := testScenario(t)
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
		if x := ts.listed(t, got.ID); !x.Paused || x.Speed != 200 {
			t.Errorf("run %d: listed paused %v speed %d, want paused at 200", i, x.Paused, x.Speed)
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

// surgeSize is the persons per group of the test's surge: more than any
// flow of the scenario starts, so the surge's groups are known by size.
const surgeSize = 150

// traineeLog is what a trainee saw that it must not: ground truth's
// groups, the white cell's ad-hoc rows and their events.
type traineeLog struct {
	frames int
	leaks  []string
	err    error
}

// watchTrainee reads c until stop is closed, noting any leak.
func watchTrainee(c *conn, stop <-chan struct{}, log *traineeLog) {
	log.err = readUntil(c, stop, func(m wire.Message) {
		switch m := m.(type) {
		case *wire.Events:
			for _, e := range m.Events {
				if sim.IsAdHoc(e.Text) {
					log.leaks = append(log.leaks, fmt.Sprintf("event %s %s", e.Kind, e.Text))
				}
			}
		case *wire.Keyframe, *wire.Delta:
			log.frames++
			v := c.mirror.View()
			if len(v.Crossers) > 0 {
				log.leaks = append(log.leaks, fmt.Sprintf("tick %d: %d ground-truth groups", v.Tick, len(v.Crossers)))
			}
			for _, in := range v.Injects {
				if sim.IsAdHoc(in.ID) {
					log.leaks = append(log.leaks, fmt.Sprintf("tick %d: MSEL row %s", v.Tick, in.ID))
				}
			}
		}
	})
}

// TestAdHocSurgeAtTheWire is issue 13's done-when for ad-hoc injects: the
// white cell sends a surge of 5 groups at a lon/lat over a real websocket;
// only ground truth shows them (a trainee's frames never carry a group, and
// the surge's row and events are the white cell's); every control kind from
// a trainee or an observer is refused; the recording verifies; the review
// lists the surge as an ad-hoc row at its time.
func TestAdHocSurgeAtTheWire(t *testing.T) {
	sc := testScenario(t)
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 200, "seed": 5}))
	trainees := []*conn{join(t, ts, codes["MIG"], ""), join(t, ts, codes["PONAL"], ""), join(t, ts, codes["GNB"], "")}
	observer := join(t, ts, codes["observer"], "")
	ins := join(t, ts, token, id)

	// Every control kind from a trainee or an observer is refused at the wire.
	for k := sim.CmdPause; k <= sim.CmdAuto; k++ {
		for _, c := range []*conn{trainees[1], observer} {
			cid := uint32(1000 + int(k))
			c.send(&wire.Command{ID: cid, Kind: k, ToTeam: 0, Count: 5, Size: surgeSize, Text: "x", Target: ins.welcome.Teams[0].Base})
			a := c.ack(cid)
			want := sim.ReasonNotInstructor
			if c == observer {
				want = "observer" // the server's reason code
			}
			if a.Accepted || a.Reason != want {
				t.Errorf("%s from %s: ack %+v, want refused with %q", k, c.welcome.Role, a, want)
			}
		}
	}

	stop := make(chan struct{})
	logs := make([]traineeLog, len(trainees))
	var wg sync.WaitGroup
	for i, c := range trainees {
		wg.Add(1)
		go func() { defer wg.Done(); watchTrainee(c, stop, &logs[i]) }()
	}

	// Ureña, Venezuela, across the Táchira from Cúcuta.
	at := sc.Map.Proj.Forward(orb.Point{-72.43, 7.93})
	ins.send(&wire.Command{ID: 1, Kind: sim.CmdSurge, Target: at, Count: 5, Size: surgeSize, Vulnerable: 40})
	if a := ins.ack(1); !a.Accepted {
		t.Fatalf("surge refused: %s", a.Reason)
	}
	fired := int32(-1)
	var seen int
	deadline := time.Now().Add(30 * time.Second)
	for (fired < 0 || seen < 5) && time.Now().Before(deadline) {
		switch m := ins.read().(type) {
		case *wire.Events:
			for _, e := range m.Events {
				if e.Kind == sim.EvInject && e.Text == "adhoc-1" {
					fired = e.Tick
				}
			}
		case *wire.Keyframe, *wire.Delta:
			seen = 0
			for _, c := range ins.mirror.View().Crossers {
				if c.Size == surgeSize {
					seen++
				}
			}
		}
	}
	if fired < 0 || seen != 5 {
		t.Fatalf("ground truth: surge fired at %d, %d groups of %d shown; want 5", fired, seen, surgeSize)
	}
	// Let the exercise run on with the groups moving (a bound, not an assertion).
	for ins.mirror.View().Tick < fired+1200 && time.Now().Before(deadline) {
		ins.read()
	}
	close(stop)
	wg.Wait()
	for i, log := range logs {
		if log.frames < 10 {
			t.Fatalf("trainee %d: only %d frames (%v)", i, log.frames, log.err)
		}
		if len(log.leaks) > 0 {
			t.Errorf("trainee %d saw what only the white cell may: %v", i, log.leaks[:min(5, len(log.leaks))])
		}
	}
	for _, c := range trainees {
		if len(c.welcome.MSEL) != 0 {
			t.Errorf("trainee %d's Welcome carries the MSEL", c.welcome.Team)
		}
	}

	rec := verified(t, ts, dir, id)
	var surges int
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdSurge {
				surges++
				if c.Team != sim.Instructor || c.Count != 5 || c.Size != surgeSize || c.Vulnerable != 40 || (b.Tick != fired && b.Tick+1 != fired) {
					t.Errorf("recorded surge %+v at tick %d, fired at %d", c, b.Tick, fired)
				}
			}
		}
	}
	if surges != 1 {
		t.Errorf("%d surges recorded, want the white cell's one", surges)
	}
	r := reviewOf(t, rec)
	i := slices.IndexFunc(r.Injects, func(in aar.Inject) bool { return in.ID == "adhoc-1" })
	if i < 0 {
		t.Fatal("the review has no row for the surge")
	}
	if in := r.Injects[i]; !in.AdHoc || !in.Fired || in.FiredTick != fired || in.FiredAt == "" || in.Addressee != "white cell" {
		t.Errorf("the review's surge row: %+v, want ad hoc, fired at tick %d with its clock time", in, fired)
	}
	t.Logf("surge fired at tick %d (%s); trainees read %d, %d, %d frames", fired, r.Injects[i].FiredAt, logs[0].frames, logs[1].frames, logs[2].frames)
}

// TestTakeOverAtTheWire: the white cell may command a team's unit only
// while no trainee of the team is connected and the team is off computer
// control; auto on and off are recorded, and the recording replays to the
// same hash twice.
func TestTakeOverAtTheWire(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 100, "seed": 2}))
	ins := join(t, ts, token, id)
	ponal := join(t, ts, codes["PONAL"], "")
	team := ponal.welcome.Team
	unit := int32(-1)
	for _, u := range ins.mirror.View().Units {
		if u.Team == team && u.Kind != sim.Drone {
			unit = u.ID
			break
		}
	}
	if unit < 0 {
		t.Fatal("PONAL has no ground unit")
	}
	next := uint32(0)
	send := func(c wire.Command) *wire.Ack {
		next++
		c.ID = next
		ins.send(&c)
		return ins.ack(next)
	}
	hold := wire.Command{Kind: sim.CmdHold, Unit: unit}
	if a := send(hold); a.Accepted || a.Reason != server.ReasonTeamManned {
		t.Errorf("hold while PONAL's trainee is connected: %+v", a)
	}
	ponal.c.Close()
	eventually(t, "the server takes PONAL's trainee's leaving", func() bool { return send(hold).Accepted })
	if a := send(wire.Command{Kind: sim.CmdAuto, ToTeam: team, On: true}); !a.Accepted {
		t.Fatalf("auto on: %+v", a)
	}
	if a := send(hold); a.Accepted || a.Reason != server.ReasonTeamAuto {
		t.Errorf("hold while PONAL is computer-controlled: %+v", a)
	}
	if a := send(wire.Command{Kind: sim.CmdAuto, ToTeam: team, On: false}); !a.Accepted {
		t.Fatalf("auto off: %+v", a)
	}
	if a := send(hold); !a.Accepted {
		t.Errorf("hold with PONAL unmanned and off auto: %+v", a)
	}
	ts.StopExercise(id)
	rec := recordingOf(t, dir, id)
	autos := 0
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdAuto && c.Team == sim.Instructor && c.ToTeam == team {
				autos++
			}
		}
	}
	if autos != 2 {
		t.Errorf("%d auto commands recorded, want 2", autos)
	}
	w1 := verify(t, rec)
	w2 := verify(t, rec)
	if w1.Hash() != w2.Hash() || w1.Tick() != w2.Tick() {
		t.Errorf("two replays end at %d/%x and %d/%x", w1.Tick(), w1.Hash(), w2.Tick(), w2.Hash())
	}
}

// chatExercise starts a recorded exercise of the test scenario for the chat
// tests: the server, the scenario, its first agreement, the exercise's id
// and join codes, and stop, which ends the exercise and reads its recording.
func chatExercise(t *testing.T) (ts *testServer, sc *sim.Scenario, ag sim.AgreementSpec, id string, codes map[string]string, stop func() *recording.Recording) {
	sc = testScenario(t)
	dir := t.TempDir()
	ts = newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	id, codes, _ = ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 50, "seed": 2}))
	return ts, sc, sc.Agreements[0], id, codes, func() *recording.Recording {
		ts.StopExercise(id)
		rec := recordingOf(t, dir, id)
		return rec
	}
}

// TestChatRecorded: a live exercise keeps its chat in the recording, the
// liaison lines lost to a comms cut marked lost.
func TestChatRecorded(t *testing.T) {
	ts, sc, ag, id, codes, stop := chatExercise(t)
	ins := join(t, ts, token, id)
	a := join(t, ts, codes[sc.Teams[ag.A].ID], "")
	b := join(t, ts, codes[sc.Teams[ag.B].ID], "")
	a.send(&wire.Chat{Channel: wire.ChanTeam, Text: "team line"})
	a.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Text: "liaison line"})
	b.next(func(m wire.Message) bool { c, ok := m.(*wire.Chat); return ok && c.Text == "liaison line" })
	ins.send(&wire.Command{ID: 1, Kind: sim.CmdCommsCut, Index: 0})
	if k := ins.ack(1); !k.Accepted {
		t.Fatalf("comms cut: %+v", k)
	}
	a.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Text: "into the cut"})
	a.next(func(m wire.Message) bool {
		c, ok := m.(*wire.Chat)
		return ok && strings.HasPrefix(c.Text, "not delivered")
	})
	rec := stop()
	var got []string
	for _, c := range rec.Chats {
		got = append(got, fmt.Sprintf("%s/%d/%s/%s", c.Channel, c.Team, c.Text, c.Lost))
	}
	want := []string{
		fmt.Sprintf("team/%d/team line/", ag.A),
		fmt.Sprintf("liaison/%d/liaison line/", ag.A),
		fmt.Sprintf("liaison/%d/into the cut/comms cut", ag.A),
	}
	if !slices.Equal(got, want) {
		t.Errorf("recorded chat %q, want %q", got, want)
	}
	verify(t, rec)
}

// TestAgreementChangeAtTheWire: the white cell turns the colombia
// agreement's sharing (MIG–PONAL) off over a real websocket, then on again
// two simulated hours later.
// MIG's tracks reach PONAL's picture before the change, none new after it
// (once the shares on their way are in), and again once it is back on; a
// trainee's or an evaluator's change is refused and recorded nowhere; the
// recording verifies; the review lists both changes as ad-hoc rows with
// their clock times.
func TestAgreementChangeAtTheWire(t *testing.T) {
	sc := testScenario(t)
	ai := slices.IndexFunc(sc.Agreements, func(a sim.AgreementSpec) bool { return a.ID == "colombia" })
	if ai < 0 || sc.Agreements[ai].Share != sim.ShareAll {
		t.Fatalf("%s has no colombia agreement sharing all tracks", scenario)
	}
	mig := sc.Agreements[ai].A
	delay := sc.Agreements[ai].Delay
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 100})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 3}))
	ins := join(t, ts, x.Control, "")
	migConn := join(t, ts, x.Codes["MIG"], "")
	ev := join(t, ts, mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "evaluator"}), "")
	for _, c := range []struct {
		who  *conn
		want string
	}{{migConn, sim.ReasonNotInstructor}, {ev, server.ReasonEvaluator}} {
		c.who.send(&wire.Command{ID: 7, Kind: sim.CmdAgreement, Index: ai, Text: "share=none"})
		if a := c.who.ack(7); a.Accepted || a.Reason != c.want {
			t.Errorf("agreement change from the %s: %+v, want refused with %q", c.who.welcome.Role, a, c.want)
		}
	}
	pon := join(t, ts, x.Codes["PONAL"], "")

	// PONAL's reader notes the tick each of MIG's tracks first reached it.
	var mu sync.Mutex
	first := map[int32]int32{}
	var seen int32 // PONAL's latest tick
	stop := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- readUntil(pon, stop, func(m wire.Message) {
			switch m.(type) {
			case *wire.Keyframe, *wire.Delta:
				v := pon.mirror.View()
				mu.Lock()
				seen = v.Tick
				for _, tr := range v.Tracks {
					if _, ok := first[tr.ID]; !ok && tr.From == mig {
						first[tr.ID] = v.Tick
					}
				}
				mu.Unlock()
			}
		})
	}()
	arrived := func(from, to int32) int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, at := range first {
			if at > from && at <= to {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(120 * time.Second)
	change := func(id uint32, terms string, after func() bool) int32 {
		t.Helper()
		for !after() && time.Now().Before(deadline) {
			ins.read()
		}
		ins.send(&wire.Command{ID: id, Kind: sim.CmdAgreement, Index: ai, Text: terms})
		if a := ins.ack(id); !a.Accepted {
			t.Fatalf("%s: %+v", terms, a)
		}
		at := int32(-1)
		ins.next(func(m wire.Message) bool {
			if evs, ok := m.(*wire.Events); ok {
				for _, e := range evs.Events {
					if e.Kind == sim.EvInject && sim.IsAdHoc(e.Text) {
						at = e.Tick
					}
				}
			}
			return at >= 0
		})
		return at
	}
	// Off once MIG's tracks have reached PONAL; on again 2 h later.
	off := change(1, "share=none", func() bool { return arrived(0, 1<<30) >= 2 })
	// The shares on their way arrive within the delay; a frame may show
	// one up to a broadcast later (10 simulated minutes is ample).
	settled := off + delay + 600
	const quiet = 2 * 3600
	on := change(2, "share=all", func() bool { return ins.mirror.View().Tick >= settled+quiet })
	for ins.mirror.View().Tick < on+quiet && time.Now().Before(deadline) {
		ins.read()
	}
	eventually(t, "PONAL's reader catches up", func() bool { mu.Lock(); defer mu.Unlock(); return seen >= on+quiet })
	close(stop)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	before, during, after := arrived(0, off), arrived(settled, on), arrived(on, on+quiet)
	t.Logf("MIG's tracks new in PONAL's picture: %d before the change at %d, %d while off (from %d), %d in the 2 h after on at %d",
		before, off, during, settled, after, on)
	if before < 2 || after < 1 {
		t.Fatalf("too few shares to show anything: %d before, %d after", before, after)
	}
	if during != 0 {
		t.Errorf("%d of MIG's tracks reached PONAL while sharing was off", during)
	}

	rec := verified(t, ts, dir, x.ID)
	r := reviewOf(t, rec)
	var rows []string
	for _, in := range r.Injects {
		if in.AdHoc {
			rows = append(rows, fmt.Sprintf("%s %d %s %s", in.ID, in.FiredTick, in.FiredAt, in.Synopsis))
		}
	}
	want := []string{"adhoc-1 %d %s Agreement colombia: share=none", "adhoc-2 %d %s Agreement colombia: share=all"}
	if len(rows) != 2 {
		t.Fatalf("the review's ad-hoc rows: %q", rows)
	}
	for i, at := range []int32{off, on} {
		if w := fmt.Sprintf(want[i], at, clockOf(sc, at)); rows[i] != w {
			t.Errorf("the review's row %q, want %q", rows[i], w)
		}
	}
}

// clockOf is the clock time of tick in sc as the review writes it:
// hh:mm, with (D+n) past the first day.
func clockOf(sc *sim.Scenario, tick int32) string {
	s := sc.StartSecond + int(tick)*max(sc.TickSeconds, 1)
	out := fmt.Sprintf("%02d:%02d", s%86400/3600, s%3600/60)
	if s >= 86400 {
		out += fmt.Sprintf(" (D+%d)", s/86400)
	}
	return out
}

// TestLiaisonPhrases: a standard liaison phrase goes over the wire as its
// id and parameters. Two trainees of the two sides of an agreement, one
// reading Finnish and one Russian, each see it in their own language (the
// words client.ChatText gives the HUD), free chat as written; the
// recording keeps the phrase, which reads back the same in each language;
// a phrase the server does not know, or with a bad parameter, closes the
// sender's connection with the reason.
func TestLiaisonPhrases(t *testing.T) {
	ts, sc, ag, _, codes, stop := chatExercise(t)
	fi := join(t, ts, codes[sc.Teams[ag.A].ID], "")
	ru := join(t, ts, codes[sc.Teams[ag.B].ID], "")
	langs := map[*conn]*i18n.Lang{fi: i18n.Get("fi"), ru: i18n.Get("ru")}
	want := map[*conn]string{fi: "12 hengen ryhmä paikassa Cúcuta, suunta koilliseen", ru: "группа из 12 чел. у Cúcuta, направление — северо-восток"}

	args := []wire.PhraseArg{{Value: "12"}, {Value: "Cúcuta"}, {Value: "NE"}}
	fi.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "group_at", Args: args})
	fi.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Text: "hyvää iltaa"})
	for c, l := range langs {
		m := c.next(func(m wire.Message) bool { ch, ok := m.(*wire.Chat); return ok && ch.Phrase != "" }).(*wire.Chat)
		if m.Phrase != "group_at" || !slices.Equal(m.Args, args) || m.Text != "group of 12 at Cúcuta heading north-east" {
			t.Errorf("%s: the phrase arrived as %+v", l.Code(), m)
		}
		if got := client.ChatText(l, *m, nil); got != want[c] {
			t.Errorf("%s reads %q, want %q", l.Code(), got, want[c])
		}
		free := c.next(func(m wire.Message) bool {
			ch, ok := m.(*wire.Chat)
			return ok && ch.Phrase == "" && ch.From != "server"
		}).(*wire.Chat)
		if got := client.ChatText(l, *free, nil); got != "hyvää iltaa" {
			t.Errorf("%s reads the free line as %q", l.Code(), got)
		}
	}
	ru.send(&wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "handover_accepted"})
	m := fi.next(func(m wire.Message) bool { ch, ok := m.(*wire.Chat); return ok && ch.Phrase == "handover_accepted" }).(*wire.Chat)
	if got := client.ChatText(langs[fi], *m, nil); got != "luovutus hyväksytty" {
		t.Errorf("fi reads the hand-over as %q", got)
	}

	for _, tc := range []struct {
		name   string
		m      *wire.Chat
		reason string
	}{
		{"unknown", &wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "surrender"}, `wire: unknown phrase "surrender"`},
		{"count", &wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "request_pursuit"}, "wire: phrase request_pursuit takes 1 parameters, not 0"},
		{"direction", &wire.Chat{Channel: wire.ChanLiaison, Agreement: ag.ID, Phrase: "group_at",
			Args: []wire.PhraseArg{{Value: "3"}, {Value: "Ureña"}, {Value: "up"}}}, `wire: phrase group_at, parameter 3: "up" is not one of N, NE, E, SE, S, SW, W, NW`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := join(t, ts, codes[sc.Teams[ag.A].ID], "")
			c.send(tc.m)
			e, ce := c.closed()
			if e == nil || e.Reason != tc.reason || ce == nil || ce.Code != 1008 {
				t.Errorf("closed with %+v, %v; want 1008 %q", e, ce, tc.reason)
			}
		})
	}

	rec := stop()
	var got []string
	for _, c := range rec.Chats {
		if c.Phrase != "" {
			got = append(got, c.Phrase+" "+strings.Join(c.Args, "|")+" "+c.Text)
			w := wire.Chat{Phrase: c.Phrase}
			for _, a := range c.Args {
				w.Args = append(w.Args, wire.PhraseArg{Value: a})
			}
			if c.Phrase == "group_at" && client.ChatText(langs[ru], w, nil) != want[ru] {
				t.Errorf("the recorded phrase reads %q in Russian", client.ChatText(langs[ru], w, nil))
			}
		}
	}
	wantRec := []string{"group_at 12|Cúcuta|NE group of 12 at Cúcuta heading north-east", "handover_accepted  hand-over accepted"}
	if !slices.Equal(got, wantRec) {
		t.Errorf("recorded phrases %q, want %q", got, wantRec)
	}
}

// TestPhrasesInEveryCatalog: every standard liaison phrase and direction
// has its words in every shipped language, taking exactly its parameters.
func TestPhrasesInEveryCatalog(t *testing.T) {
	for _, info := range i18n.Languages() {
		l := i18n.Get(info.Code)
		for _, p := range wire.Phrases {
			args := make([]string, len(p.Params))
			for i := range args {
				args[i] = fmt.Sprintf("<%d>", i)
			}
			got := l.Phrase(p.ID, args)
			if got == "" || strings.Contains(got, "%!") {
				t.Errorf("%s: phrase %s reads %q", info.Code, p.ID, got)
			}
			for _, a := range args {
				if strings.Count(got, a) != 1 {
					t.Errorf("%s: phrase %s shows parameter %s %d times: %q", info.Code, p.ID, a, strings.Count(got, a), got)
				}
			}
		}
		for _, d := range wire.Directions {
			if !l.Has("phrase.dir." + d) {
				t.Errorf("%s: no words for direction %s", info.Code, d)
			}
		}
	}
}

// created is the API's answer to a new exercise, with its control code.
type created struct {
	ID      string            `json:"id"`
	Codes   map[string]string `json:"codes"`
	Control string            `json:"control"`
}

// createWithControl makes an exercise through the API and returns its id,
// codes and control code.
func createWithControl(t *testing.T, ts *testServer, body string) created {
	t.Helper()
	status, b := ts.post(t, "/api/exercises", token, running(t, body))
	if status != http.StatusCreated {
		t.Fatalf("POST /api/exercises: %d %s", status, b)
	}
	var r created
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	if r.Control == "" || len(r.Control) < 26 {
		t.Fatalf("the exercise has no control code of 128 bits: %q", r.Control)
	}
	return r
}

// issue asks the API for a code with auth (a token or a control code).
func issue(t *testing.T, ts *testServer, id, auth string, req server.CodeRequest) (int, server.Code) {
	t.Helper()
	status, b := ts.post(t, "/api/exercises/"+id+"/codes", auth, jsonBody(req))
	var c server.Code
	if status == http.StatusCreated {
		if err := json.Unmarshal(b, &c); err != nil {
			t.Fatal(err)
		}
	}
	return status, c
}

// mustIssue issues a code or fails.
func mustIssue(t *testing.T, ts *testServer, id, auth string, req server.CodeRequest) string {
	t.Helper()
	status, c := issue(t, ts, id, auth, req)
	if status != http.StatusCreated || c.Code == "" {
		t.Fatalf("issuing %+v: %d %+v", req, status, c)
	}
	return c.Code
}

// staffLog is what a trainee or an observer saw of the evaluators: any
// observation, or a text of one, is a leak.
type staffLog struct {
	frames int
	leaks  []string
	err    error
}

// watchForObservations reads c until stop, noting every observation or
// evaluator's text it receives in any message.
func watchForObservations(c *conn, stop <-chan struct{}, marker string, log *staffLog) {
	log.err = readUntil(c, stop, func(m wire.Message) {
		switch m := m.(type) {
		case *wire.Observation:
			log.leaks = append(log.leaks, fmt.Sprintf("observation %q", m.Text))
		case *wire.Chat:
			if strings.Contains(m.Text, marker) {
				log.leaks = append(log.leaks, "chat "+m.Text)
			}
		case *wire.Events:
			for _, e := range m.Events {
				if strings.Contains(e.Text+e.Message, marker) {
					log.leaks = append(log.leaks, "event "+e.Message)
				}
			}
		case *wire.Keyframe, *wire.Delta:
			log.frames++
		}
	})
}

// TestEvaluatorAtTheWire is issue 13's done-when for the evaluator: the
// white cell joins with the exercise's own control code, issues an
// evaluator's code from the API, the evaluator joins with it (ground truth
// and the MSEL) and sends three observations over three simulated hours;
// the white cell receives them, the recording keeps them, the review
// lists them in its evaluation rows beside the draft rating, and no
// trainee or observer ever receives one.
func TestEvaluatorAtTheWire(t *testing.T) {
	const hours = 3
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 600})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 4}))
	if status, _ := issue(t, ts, x.ID, x.Codes["MIG"], server.CodeRequest{Role: "evaluator"}); status != http.StatusUnauthorized {
		t.Errorf("a trainee's code issued a code: %d", status)
	}
	evalCode := mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "evaluator", Label: "Eva"})

	ins := join(t, ts, x.Control, "")
	if ins.welcome.Role != wire.RoleInstructor || ins.welcome.Team != sim.Instructor || len(ins.welcome.MSEL) == 0 {
		t.Fatalf("the control code joined as %s of team %d with %d MSEL rows", ins.welcome.Role, ins.welcome.Team, len(ins.welcome.MSEL))
	}
	ev := join(t, ts, evalCode, "")
	if ev.welcome.Role != wire.RoleEvaluator || ev.welcome.Team != sim.Instructor || len(ev.welcome.MSEL) != len(ins.welcome.MSEL) {
		t.Fatalf("the evaluator joined as %s of team %d with %d MSEL rows", ev.welcome.Role, ev.welcome.Team, len(ev.welcome.MSEL))
	}
	watchers := []*conn{join(t, ts, x.Codes["MIG"], ""), join(t, ts, x.Codes["PONAL"], ""), join(t, ts, x.Codes["GNB"], ""),
		join(t, ts, x.Codes["observer"], "")}
	const marker = "EVAL-NOTE"
	stop := make(chan struct{})
	logs := make([]staffLog, len(watchers))
	var wg sync.WaitGroup
	for i, c := range watchers {
		wg.Add(1)
		go func() { defer wg.Done(); watchForObservations(c, stop, marker, &logs[i]) }()
	}
	defer func() {
		select {
		case <-stop:
		default:
			close(stop)
		}
	}()

	obs := []wire.Observation{
		{ID: 1, Subject: wire.SubjectInject, Ref: "C1", Rating: wire.RatingS, Text: marker + " lanes opened late"},
		{ID: 2, Subject: wire.SubjectObjective, Ref: "share", Rating: wire.RatingM, Text: marker + " tracks passed by radio only"},
		{ID: 3, Subject: wire.SubjectTeam, Ref: "GNB", Rating: wire.RatingP, Text: marker + " far bank covered"},
	}
	// Refused: a bad reference, and observations from anyone but an evaluator.
	ev.send(&wire.Observation{ID: 9, Subject: wire.SubjectObjective, Ref: "nonesuch", Rating: wire.RatingP, Text: marker})
	if a := ev.ack(9); a.Accepted || a.Reason != server.ReasonNoObjective {
		t.Errorf("observation of an unknown objective: %+v", a)
	}
	ins.send(&wire.Observation{ID: 10, Subject: wire.SubjectTeam, Ref: "GNB", Rating: wire.RatingP, Text: marker})
	if a := ins.ack(10); a.Accepted || a.Reason != server.ReasonNotEvaluator {
		t.Errorf("observation from the white cell: %+v", a)
	}
	got := map[string]*wire.Observation{}
	tickSeconds := int32(ins.welcome.TickSeconds)
	deadline := time.Now().Add(3 * time.Minute)
	for h := range hours {
		for ev.mirror.View().Tick < int32(h*3600+1800)/tickSeconds && time.Now().Before(deadline) {
			ev.read()
			if m := ins.read(); m.Type() == wire.TypeObservation {
				t.Fatalf("the white cell received an observation before one was sent: %+v", m)
			}
		}
		o := obs[h]
		ev.send(&o)
		if a := ev.ack(o.ID); !a.Accepted {
			t.Fatalf("observation %d refused: %s", o.ID, a.Reason)
		}
		m := ins.next(func(m wire.Message) bool { r, ok := m.(*wire.Observation); return ok && r.Ref == o.Ref })
		got[o.Ref] = m.(*wire.Observation)
	}
	for ins.mirror.View().Tick < hours*3600/tickSeconds && time.Now().Before(deadline) {
		ins.read()
		ev.read()
	}
	if tick := ins.mirror.View().Tick; tick < hours*3600/tickSeconds {
		t.Fatalf("the exercise reached only tick %d in 3 minutes", tick)
	}
	close(stop)
	wg.Wait()
	for i, o := range obs {
		r := got[o.Ref]
		if r.Text != o.Text || r.Rating != o.Rating || r.Subject != o.Subject || r.From != "EVAL/tester" ||
			r.Tick < int32(i*3600+1800)/tickSeconds {
			t.Errorf("the white cell received %+v for %+v", r, o)
		}
	}
	for i, log := range logs {
		if log.frames < 50 {
			t.Fatalf("watcher %d (%s): only %d frames (%v)", i, watchers[i].welcome.Role, log.frames, log.err)
		}
		if len(log.leaks) > 0 {
			t.Errorf("%s of team %d received the evaluator's: %v", watchers[i].welcome.Role, watchers[i].welcome.Team, log.leaks[:min(5, len(log.leaks))])
		}
	}

	ts.StopExercise(x.ID)
	rec := recordingOf(t, dir, x.ID)
	verify(t, rec)
	if len(rec.Observations) != 3 {
		t.Fatalf("%d observations recorded, want 3: %+v", len(rec.Observations), rec.Observations)
	}
	r := reviewOf(t, rec)
	if len(r.Observations) != 3 {
		t.Errorf("the review lists %d observations, want 3", len(r.Observations))
	}
	i := slices.IndexFunc(r.Injects, func(in aar.Inject) bool { return in.ID == "C1" })
	if i < 0 || len(r.Injects[i].Observations) != 1 {
		t.Fatalf("the review's C1 row has no observation: %+v", r.Injects)
	}
	row := r.Injects[i]
	if o := row.Observations[0]; o.Rating != "S" || o.Text != obs[0].Text || o.Time == "" || row.Rating == "" {
		t.Errorf("C1's evaluation row: draft %q, observation %+v", row.Rating, o)
	}
	var page strings.Builder
	if err := aar.Page(&page, rec, ""); err != nil {
		t.Fatal(err)
	}
	for _, o := range obs {
		if !strings.Contains(page.String(), o.Text) {
			t.Errorf("the review page does not show %q", o.Text)
		}
	}
}

// TestRolesRefuseControl: a trainee's code and an evaluator's code sending
// every control command kind are refused at the wire, the evaluator's every
// kind at all, and the ground truth the white cell then receives is the
// one before; a nation's controller fires the injects addressed to its
// teams and nothing else.
func TestRolesRefuseControl(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 100, "seed": 6, "paused": true}))
	evalCode := mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "evaluator"})
	colCode := mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "controller", Nation: "COL"})
	if status, _ := issue(t, ts, x.ID, token, server.CodeRequest{Role: "controller", Nation: "PER"}); status != http.StatusBadRequest {
		t.Errorf("a controller of a nation with no team: %d", status)
	}
	ins := join(t, ts, x.Control, "")
	before := snapshot(t, ins.mirror.View())
	trainee := join(t, ts, x.Codes["PONAL"], "")
	ev := join(t, ts, evalCode, "")
	ctl := join(t, ts, colCode, "")
	if ctl.welcome.Role != wire.RoleController || len(ctl.welcome.MSEL) == 0 {
		t.Fatalf("the controller joined as %s with %d MSEL rows", ctl.welcome.Role, len(ctl.welcome.MSEL))
	}
	unit := before.Units[0]
	kinds := []sim.CommandKind{}
	for k := sim.CmdMove; k < 255; k++ {
		if k.String() != "unknown" {
			kinds = append(kinds, k) // every kind the protocol has, the other issues' ones too
		}
	}
	if !slices.Contains(kinds, sim.CmdSkip) || !slices.Contains(kinds, sim.CmdPostpone) {
		t.Fatalf("kinds %v", kinds)
	}
	id := uint32(0)
	for _, k := range kinds {
		cmd := wire.Command{Kind: k, Unit: unit.ID, Inject: "C5", Speed: 5, ToTeam: 0, Count: 1, Size: 1, Text: "x",
			Target: unit.Pos, Route: []orb.Point{unit.Pos}, On: true}
		for _, c := range []*conn{trainee, ev, ctl} {
			if c == trainee && !k.Control() {
				continue // a trainee's unit orders are the World's to check
			}
			if c == ctl && (k == sim.CmdInject || k == sim.CmdSkip || k == sim.CmdPostpone || k == sim.CmdAgreement) {
				continue // below
			}
			id++
			cmd.ID = id
			c.send(&cmd)
			a := c.ack(id)
			want := map[*conn]string{trainee: sim.ReasonNotInstructor, ev: server.ReasonEvaluator, ctl: server.ReasonController}[c]
			if a.Accepted || a.Reason != want {
				t.Errorf("%s from the %s: %+v, want refused with %q", k, c.welcome.Role, a, want)
			}
		}
	}
	// The white cell's ground truth is as it was: a fresh keyframe.
	ins.send(&wire.Watch{Team: sim.Instructor})
	ins.next(func(m wire.Message) bool { _, ok := m.(*wire.Keyframe); return ok })
	if after := snapshot(t, ins.mirror.View()); !reflect.DeepEqual(after, before) {
		t.Errorf("ground truth changed after refused commands: tick %d → %d", before.Tick, after.Tick)
	}
	// The controller of Colombia: C5 is addressed to PONAL (Colombian),
	// C1 to all teams; a controller of Venezuela may not fire C5.
	venCode := mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "controller", Nation: "VEN"})
	ven := join(t, ts, venCode, "")
	// Each controller's MSEL lists only the rows addressed to its nation's teams.
	for _, c := range []*conn{ctl, ven} {
		var ids []string
		for _, in := range c.welcome.MSEL {
			ids = append(ids, in.ID)
			if in.Addressee < 0 || c.welcome.Teams[in.Addressee].Country != map[*conn]string{ctl: "COL", ven: "VEN"}[c] {
				t.Errorf("the %s controller's MSEL lists %s, addressed to %d", map[*conn]string{ctl: "COL", ven: "VEN"}[c], in.ID, in.Addressee)
			}
		}
		if slices.Contains(ids, "C5") != (c == ctl) {
			t.Errorf("controller MSEL %v: C5 (to PONAL) belongs to Colombia's alone", ids)
		}
	}
	for _, c := range []struct {
		who    *conn
		inject string
		want   string
	}{{ven, "C5", server.ReasonController}, {ctl, "C1", server.ReasonController}, {ctl, "nonesuch", sim.ReasonNoInject}, {ctl, "C5", ""}} {
		id++
		c.who.send(&wire.Command{ID: id, Kind: sim.CmdInject, Inject: c.inject})
		a := c.who.ack(id)
		if a.Accepted != (c.want == "") || a.Reason != c.want {
			t.Errorf("inject %s from the controller of %d: %+v, want %q", c.inject, c.who.welcome.Team, a, c.want)
		}
	}
	// Agreement changes: bridges is MIG–GNB, colombia MIG–PONAL; a
	// controller changes only the agreements a team of the nation is party to.
	for _, c := range []struct {
		who   *conn
		index int
		terms string
		want  string
	}{{ven, 2, "delay_s=120", server.ReasonControllerTerms}, {ctl, 2, "delay_s=120", ""}, {ven, 0, "share=all", ""}, {ven, 9, "share=all", sim.ReasonNoAgreeIdx}} {
		id++
		c.who.send(&wire.Command{ID: id, Kind: sim.CmdAgreement, Index: c.index, Text: c.terms})
		a := c.who.ack(id)
		if a.Accepted != (c.want == "") || a.Reason != c.want {
			t.Errorf("agreement %d change from the controller of %d: %+v, want %q", c.index, c.who.welcome.Team, a, c.want)
		}
	}
	ts.StopExercise(x.ID)
	rec := recordingOf(t, dir, x.ID)
	var recorded []string
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			recorded = append(recorded, c.Kind.String()+"/"+c.Inject+c.Text)
		}
	}
	if want := []string{"speed/", "pause/", "inject/C5", "agreement/delay_s=120", "agreement/share=all", "agreement/share=all"}; !slices.Equal(recorded, want) {
		t.Errorf("recorded commands %v, want only the set-up and the controllers' inject and agreement changes (the one of no agreement the World refuses) %v", recorded, want)
	}
}

// TestRevokedCode: a revoked code's connection is closed with the reason,
// the code can neither join nor rejoin, a new code for the same team can;
// the codes file keeps the revocation for a restart.
func TestRevokedCode(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 10, "seed": 7}))
	other := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 10, "seed": 8}))
	if status, _ := issue(t, ts, x.ID, other.Control, server.CodeRequest{Role: "evaluator"}); status != http.StatusUnauthorized {
		t.Errorf("another exercise's control code issued a code: %d", status)
	}
	if status, _ := issue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "trainee", Team: "XYZ"}); status != http.StatusBadRequest {
		t.Errorf("a trainee code for no team: %d", status)
	}
	evalCode := mustIssue(t, ts, x.ID, x.Control, server.CodeRequest{Role: "evaluator", Label: "Eva"})
	ev := join(t, ts, evalCode, "")
	mig := join(t, ts, x.Codes["MIG"], "")

	revoke := func(code string) {
		req, _ := http.NewRequest("DELETE", ts.url+"/api/exercises/"+x.ID+"/codes/"+code, nil)
		req.Header.Set("Authorization", "Bearer "+x.Control)
		if status, b := do(t, req); status != http.StatusNoContent {
			t.Fatalf("revoking: %d %s", status, b)
		}
	}
	revoke(evalCode)
	revoke(x.Codes["MIG"])
	for _, c := range []*conn{ev, mig} {
		werr, ce := c.closed()
		if werr == nil || werr.Reason != server.ReasonRevoked || ce.Code != websocket.ClosePolicyViolation {
			t.Errorf("the %s's connection closed with %+v, %v; want 1008 %q", c.welcome.Role, werr, ce, server.ReasonRevoked)
		}
	}
	for _, code := range []string{evalCode, x.Codes["MIG"]} {
		c := dial(t, ts)
		c.send(&wire.Hello{Version: wire.Version, Code: code})
		if werr, ce := c.closed(); werr == nil || ce.Code != websocket.ClosePolicyViolation || !strings.Contains(werr.Reason, "unknown join code") {
			t.Errorf("rejoining with a revoked code: %+v, %v", werr, ce)
		}
	}
	newMIG := mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "trainee", Team: "MIG"})
	if c := join(t, ts, newMIG, ""); c.welcome.Role != wire.RoleTrainee || c.welcome.Team != 0 {
		t.Errorf("the new MIG code joined as %s of team %d", c.welcome.Role, c.welcome.Team)
	}
	status, b := ts.get(t, "/api/exercises/"+x.ID+"/codes", x.Control)
	var codes []server.Code
	if status != http.StatusOK || json.Unmarshal(b, &codes) != nil {
		t.Fatalf("listing codes: %d %s", status, b)
	}
	roles := map[string]int{}
	revoked := 0
	for _, c := range codes {
		roles[c.Role]++
		if c.Revoked {
			revoked++
		}
	}
	if roles["instructor"] != 1 || roles["trainee"] != 4 || roles["evaluator"] != 1 || roles["observer"] != 1 || revoked != 2 {
		t.Errorf("codes listed: %+v", codes)
	}
	saved, err := os.ReadFile(filepath.Join(dir, x.ID+".codes.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(saved), `"revoked": true`) || !strings.Contains(string(saved), newMIG) {
		t.Errorf("the codes file does not keep the revocation and the new code:\n%s", saved)
	}
	// The white cell's lobby lists the codes, the label, and a revoke
	// button for the live ones.
	req, _ := http.NewRequest("GET", ts.url+"/?lang=en", nil)
	req.AddCookie(&http.Cookie{Name: "borderdrill_token", Value: token})
	if st, page := do(t, req); st != http.StatusOK || !strings.Contains(string(page), newMIG) || !strings.Contains(string(page), "Eva") ||
		strings.Count(string(page), "revokeCode('"+x.ID+"'") != 5 { // live: control, PONAL, GNB, the observer, the new MIG
		t.Errorf("the lobby's codes: %d, %d revoke buttons", st, strings.Count(string(page), "revokeCode('"+x.ID+"'"))
	}

	// After a restart, the revoked codes still cannot join; the others can.
	ts.Close()
	ts2 := newServer(t, server.Config{DataDir: dir})
	if _, err := ts2.ResumeAll(); err != nil {
		t.Fatal(err)
	}
	c := dial(t, ts2)
	c.send(&wire.Hello{Version: wire.Version, Code: evalCode})
	if werr, ce := c.closed(); werr == nil || ce.Code != websocket.ClosePolicyViolation {
		t.Errorf("a revoked code joined after a restart: %+v, %v", werr, ce)
	}
	if c := join(t, ts2, newMIG, ""); c.welcome.Team != 0 {
		t.Errorf("the new MIG code joined team %d after a restart", c.welcome.Team)
	}
	if c := join(t, ts2, x.Control, ""); c.welcome.Role != wire.RoleInstructor {
		t.Errorf("the control code joined as %s after a restart", c.welcome.Role)
	}
}

// snapshot is a deep copy of v, through the wire's keyframe.
func snapshot(t *testing.T, v *sim.View) *sim.View {
	t.Helper()
	m, err := wire.Decode(wire.Encode(&wire.Keyframe{View: *v}))
	if err != nil {
		t.Fatal(err)
	}
	return &m.(*wire.Keyframe).View
}

// TestMSELAtTheWire: the white cell skips one row and postpones another
// over a real websocket; its view and the evaluator's show the live
// states, a trainee's view lists no row that has not fired, and the
// recording replays (replay --verify) to the same table.
func TestMSELAtTheWire(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir})
	x := createWithControl(t, ts, jsonBody(map[string]any{"scenario": scenario, "speed": 100, "seed": 9, "paused": true}))
	ins := join(t, ts, x.Control, "")
	ev := join(t, ts, mustIssue(t, ts, x.ID, token, server.CodeRequest{Role: "evaluator"}), "")
	ponal := join(t, ts, x.Codes["PONAL"], "")
	hour := int32(3600 / ins.welcome.TickSeconds)
	for i, cmd := range []wire.Command{
		{Kind: sim.CmdSkip, Inject: "C3"},
		{Kind: sim.CmdPostpone, Inject: "C2", For: hour},
		{Kind: sim.CmdPostpone, Inject: "C4", For: hour},
	} {
		cmd.ID = uint32(i + 1)
		ins.send(&cmd)
		a := ins.ack(cmd.ID)
		if want := i < 2; a.Accepted != want {
			t.Errorf("%s %s: %+v", cmd.Kind, cmd.Inject, a)
		}
	}
	c2 := slices.IndexFunc(ins.welcome.MSEL, func(in sim.InjectView) bool { return in.ID == "C2" })
	want := map[string]sim.RowStatus{"C2": sim.RowPostponed, "C3": sim.RowSkipped, "C4": sim.RowPending, "C5": sim.RowPending}
	table := func(v *sim.View) map[string]sim.RowStatus {
		out := map[string]sim.RowStatus{}
		for _, in := range v.Injects {
			if _, ok := want[in.ID]; ok {
				out[in.ID] = in.Status
			}
			if in.ID == "C2" && in.At != ins.welcome.MSEL[c2].At+hour {
				t.Errorf("C2 due at %d, want %d", in.At, ins.welcome.MSEL[c2].At+hour)
			}
		}
		return out
	}
	for _, c := range []*conn{ins, ev} {
		c.next(func(m wire.Message) bool {
			_, ok := m.(*wire.Delta)
			return ok && reflect.DeepEqual(table(c.mirror.View()), want)
		})
	}
	ponal.next(func(m wire.Message) bool { _, ok := m.(*wire.Delta); return ok })
	for _, in := range ponal.mirror.View().Injects {
		if in.Status != sim.RowFired || !in.Fired {
			t.Errorf("a trainee's view lists row %s %s", in.ID, in.Status)
		}
	}
	ts.StopExercise(x.ID)
	rec := recordingOf(t, dir, x.ID)
	w := verify(t, rec)
	var v sim.View
	w.ViewInto(sim.Instructor, &v)
	if got := table(&v); !reflect.DeepEqual(got, want) {
		t.Errorf("the replayed MSEL: %v, want %v", got, want)
	}
	r := reviewOf(t, rec)
	for _, in := range r.Injects {
		if s, ok := want[in.ID]; ok && in.Status != s.String() {
			t.Errorf("the review's row %s: %s, want %s", in.ID, in.Status, s)
		}
	}
}
