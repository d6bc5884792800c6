package exercise_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// Local is what the client draws through.
var _ client.Exercise = (*exercise.Local)(nil)

func scenario(t testing.TB) *sim.Scenario {
	t.Helper()
	s, err := scenarios.Resolve(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func newLocal(t testing.TB, team, speed int) *exercise.Local {
	t.Helper()
	l, err := exercise.NewLocal(scenario(t), 7, team, speed)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestNewLocalRejectsBadArguments(t *testing.T) {
	s := scenario(t)
	for _, tc := range []struct {
		name        string
		team, speed int
	}{
		{"team out of range", len(s.Teams), 1},
		{"negative team that is not the instructor", -5, 1},
		{"negative speed", 0, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := exercise.NewLocal(s, 1, tc.team, tc.speed); err == nil {
				t.Error("no error")
			}
		})
	}
	if _, err := exercise.NewLocal(nil, 1, 0, 1); err == nil {
		t.Error("nil scenario: no error")
	}
}

func TestAdvanceRunsAtTheExerciseSpeed(t *testing.T) {
	l := newLocal(t, 0, 10)
	if n := l.Advance(time.Second); n != 10 {
		t.Errorf("1 s at 10 ticks/s stepped %d ticks", n)
	}
	if n := l.Advance(50 * time.Millisecond); n != 0 {
		t.Errorf("50 ms at 10 ticks/s stepped %d ticks, want 0 (not yet due)", n)
	}
	if n := l.Advance(50 * time.Millisecond); n != 1 {
		t.Errorf("another 50 ms stepped %d ticks, want 1", n)
	}
	if n := l.Advance(time.Hour); n != exercise.MaxCatchUp {
		t.Errorf("an hour's stall stepped %d ticks, want the cap %d", n, exercise.MaxCatchUp)
	}
	if n := l.Advance(50 * time.Millisecond); n != 0 {
		t.Errorf("after the cap the backlog was kept: %d ticks", n)
	}
	v, _, changed := l.Poll()
	if !changed || v.Tick != 11+exercise.MaxCatchUp || v.Speed != 10 {
		t.Errorf("view: changed %v, tick %d, speed %d; want tick %d at speed 10", changed, v.Tick, v.Speed, 11+exercise.MaxCatchUp)
	}
	if _, _, changed := l.Poll(); changed {
		t.Error("a second Poll without a step reports a new view")
	}
}

func TestCommandsAreStampedWithTheUsersTeam(t *testing.T) {
	l := newLocal(t, 0, 10)
	l.Poll()
	// A trainee's client claims to be the instructor and asks for a pause.
	l.Send(sim.Command{ID: 42, Team: sim.Instructor, Kind: sim.CmdPause})
	l.Advance(100 * time.Millisecond)
	v, evs, _ := l.Poll()
	if v.Paused {
		t.Fatal("a trainee paused the exercise")
	}
	var rejected bool
	for _, e := range evs {
		if e.Kind == sim.EvRejected && e.CmdID == 42 {
			rejected = true
			if e.Text != sim.ReasonNotInstructor {
				t.Errorf("rejected with %q, want %q", e.Text, sim.ReasonNotInstructor)
			}
		}
	}
	if !rejected {
		t.Errorf("no rejection of the trainee's pause among %d events", len(evs))
	}
}

func TestInstructorPausesAndResumes(t *testing.T) {
	l := newLocal(t, sim.Instructor, 0) // starts paused
	l.Advance(time.Second)
	v, _, _ := l.Poll()
	if !v.Paused || v.Tick != 0 {
		t.Fatalf("speed 0 should start paused at tick 0: paused %v tick %d", v.Paused, v.Tick)
	}
	if n := l.Advance(10 * time.Second); n != 0 {
		t.Errorf("a paused exercise stepped %d ticks", n)
	}
	l.Send(sim.Command{Kind: sim.CmdResume})
	l.Send(sim.Command{Kind: sim.CmdSpeed, Speed: 60})
	l.Advance(0) // the commands go in even though no tick is due
	l.Advance(time.Second)
	v, _, _ = l.Poll()
	if v.Paused || v.Speed != 60 || v.Tick < 59 || v.Tick > 61 {
		t.Errorf("after resume at 60×, 1 s: paused %v speed %d tick %d", v.Paused, v.Speed, v.Tick)
	}
	l.Send(sim.Command{Kind: sim.CmdPause})
	l.Advance(time.Second)
	tick := l.Tick()
	l.Advance(time.Second)
	if l.Tick() != tick {
		t.Errorf("paused exercise went on from tick %d to %d", tick, l.Tick())
	}
}

func TestViewTeam(t *testing.T) {
	l := newLocal(t, sim.Instructor, 10)
	l.StepTo(7200) // groups are out by then
	checkViewTeam(t, l, func() { l.Advance(0) })

	trainee := newLocal(t, 0, 10)
	trainee.SetViewTeam(sim.Instructor)
	trainee.Advance(0)
	if v, _, _ := trainee.Poll(); v.Team != 0 {
		t.Errorf("a trainee switched to the view of team %d", v.Team)
	}
}

// checkViewTeam checks that ex, showing ground truth, shows team 1's own
// picture (no crossers, only its units) once switched to it and settle
// has run.
func checkViewTeam(t *testing.T, ex client.Exercise, settle func()) {
	t.Helper()
	ex.SetViewTeam(sim.Instructor)
	settle()
	v, _, _ := ex.Poll()
	if v.Team != sim.Instructor || len(v.Crossers) == 0 {
		t.Fatalf("ground truth: team %d, %d crossers", v.Team, len(v.Crossers))
	}
	ex.SetViewTeam(1)
	settle()
	v, _, changed := ex.Poll()
	if !changed || v.Team != 1 || len(v.Crossers) != 0 {
		t.Fatalf("after switching to team 1: changed %v, team %d, %d crossers", changed, v.Team, len(v.Crossers))
	}
	for _, u := range v.Units {
		if u.Team != 1 {
			t.Errorf("team 1's view shows %s of team %d", u.Name, u.Team)
		}
	}
}

// recordedLocal starts the instructor's local exercise of the test
// scenario (seed 7, 100 ticks a second) recording into a new file, a
// checkpoint every 100 ticks; it returns the file's writer and path.
func recordedLocal(t *testing.T, sc *sim.Scenario) (*exercise.Local, *recording.Writer, string) {
	t.Helper()
	l, err := exercise.NewLocal(sc, 7, sim.Instructor, 100)
	if err != nil {
		t.Fatal(err)
	}
	h, err := recording.NewHeader(sc, 7, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "local.jsonl")
	wr, err := recording.Create(path, h)
	if err != nil {
		t.Fatal(err)
	}
	l.Record(wr, 100)
	return l, wr, path
}

func TestEventsAreThoseTheTeamMaySee(t *testing.T) {
	for _, team := range []int{sim.Instructor, 0, 1} {
		l := newLocal(t, team, 10)
		l.StepTo(7200)
		_, evs, _ := l.Poll()
		if len(evs) == 0 {
			t.Fatalf("team %d: no events in two hours", team)
		}
		crossings := 0
		for _, e := range evs {
			if !e.VisibleTo(team) {
				t.Errorf("team %d got %v addressed to %d", team, e.Kind, e.Team)
			}
			if e.Kind == sim.EvCrossing {
				crossings++
			}
		}
		if _, evs2, _ := l.Poll(); len(evs2) != 0 {
			t.Errorf("team %d: events delivered twice", team)
		}
		t.Logf("team %d: %d events, %d crossings", team, len(evs), crossings)
	}
}

// Same scenario, seed and commands at the same ticks give the same state,
// however the wall clock slices the run; the Local's log replays it.
func TestDeterministicForACommandSequence(t *testing.T) {
	run := func(slices []time.Duration) (*exercise.Local, uint64) {
		l := newLocal(t, sim.Instructor, 60)
		for i, d := range slices {
			if i == 3 {
				l.Send(sim.Command{Kind: sim.CmdInject, Inject: scenario(t).Injects[0].ID})
			}
			l.Advance(d)
		}
		return l, l.Hash()
	}
	a, ha := run([]time.Duration{time.Second, time.Second, time.Second, time.Second, time.Second})
	b, hb := run([]time.Duration{time.Second, time.Second, time.Second, time.Second, 500 * time.Millisecond, 500 * time.Millisecond})
	if a.Tick() != b.Tick() || ha != hb {
		t.Errorf("run a: tick %d hash %x; run b: tick %d hash %x", a.Tick(), ha, b.Tick(), hb)
	}
	// Replay the log on a fresh World.
	w, err := sim.New(scenario(t), 7)
	if err != nil {
		t.Fatal(err)
	}
	log := a.Log()
	if len(log) < 2 {
		t.Fatalf("log has %d entries, want the set-up speed and the inject", len(log))
	}
	i := 0
	for w.Tick() < a.Tick() {
		var cmds []sim.Command
		for i < len(log) && log[i].Tick == w.Tick() {
			cmds = append(cmds, log[i].Cmd)
			i++
		}
		w.Step(cmds)
	}
	if w.Hash() != ha {
		t.Errorf("replaying the log gives hash %x, the run %x", w.Hash(), ha)
	}
}

// The game loop polls and sends while Run steps the world; run with -race.
func TestRunIsSafeForTheRenderLoop(t *testing.T) {
	l := newLocal(t, sim.Instructor, 1000)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.Run(ctx)
	}()
	// Until the views have moved on by a few hundred ticks (a third of a
	// second at this speed on an idle machine); the deadline guards against
	// a hang only.
	const enough = 300
	deadline := time.Now().Add(30 * time.Second)
	var last int32 = -1
	for last < enough && time.Now().Before(deadline) {
		v, _, changed := l.Poll()
		if changed {
			if v.Tick < last {
				t.Errorf("view went back from tick %d to %d", last, v.Tick)
			}
			last = v.Tick
			// Read the whole view, as drawing does.
			n := 0
			for _, u := range v.Units {
				n += len(u.Route)
			}
			_ = n
		}
		l.Send(sim.Command{Kind: sim.CmdSpeed, Speed: 1000})
		time.Sleep(time.Millisecond)
	}
	cancel()
	wg.Wait()
	if last < enough {
		t.Errorf("no progress: last tick %d after 30 s, want %d", last, enough)
	}
}

// TestLocalRecords records a local exercise played by the instructor
// (commands while running, a pause and a resume) into a real recording
// file, and checks that the file verifies and replays to the Local's
// final state.
func TestLocalRecords(t *testing.T) {
	sc := scenario(t)
	l, wr, path := recordedLocal(t, sc)
	l.StepTo(250)
	l.Send(sim.Command{ID: 1, Kind: sim.CmdSpeed, Speed: 20})
	l.Send(sim.Command{ID: 2, Kind: sim.CmdInject, Inject: sc.Injects[0].ID})
	l.StepTo(400)
	l.Send(sim.Command{ID: 3, Kind: sim.CmdPause})
	l.Advance(time.Second)
	l.Send(sim.Command{ID: 4, Kind: sim.CmdResume})
	l.Advance(time.Second)
	l.Advance(time.Second) // 20 ticks a second
	if err := l.FinishRecording(); err != nil {
		t.Fatal(err)
	}
	if err := wr.Close(); err != nil {
		t.Fatal(err)
	}
	rec, err := recording.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := recording.Verify(rec)
	if err != nil {
		t.Fatalf("the local recording does not verify: %v", err)
	}
	if w.Tick() != l.Tick() || w.Hash() != l.Hash() || w.Tick() < 420 {
		t.Errorf("the recording replays to tick %d hash %016x; the Local is at %d %016x", w.Tick(), w.Hash(), l.Tick(), l.Hash())
	}
	if len(rec.Checkpoints) < 5 {
		t.Errorf("%d checkpoints, want one every 100 ticks and one at the end", len(rec.Checkpoints))
	}
	kinds := map[sim.CommandKind]int{}
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			kinds[c.Kind]++
		}
	}
	if kinds[sim.CmdInject] != 1 || kinds[sim.CmdPause] != 1 || kinds[sim.CmdResume] < 1 || kinds[sim.CmdSpeed] < 1 {
		t.Errorf("recorded commands %v", kinds)
	}
}

func TestTraineeRunsTheClockOfALocalExercise(t *testing.T) {
	l := newLocal(t, 0, 10)
	l.Poll()
	var _ client.SoloClock = l
	l.ControlClock(sim.Command{ID: 7, Kind: sim.CmdPause})
	l.ControlClock(sim.Command{ID: 8, Kind: sim.CmdHold, Unit: 0}) // not a clock command: ignored
	l.Advance(100 * time.Millisecond)
	v, _, _ := l.Poll()
	if !v.Paused {
		t.Fatal("ControlClock's pause did not pause the local exercise")
	}
	l.ControlClock(sim.Command{ID: 9, Kind: sim.CmdResume})
	l.ControlClock(sim.Command{ID: 10, Kind: sim.CmdSpeed, Speed: 60})
	l.Advance(100 * time.Millisecond)
	if v, _, _ = l.Poll(); v.Paused || v.Speed != 60 {
		t.Errorf("after resume and speed 60: paused %v, speed %d", v.Paused, v.Speed)
	}
}
