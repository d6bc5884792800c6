package exercise_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

const testRecording = "../recording/testdata/v1-fin-rus.jsonl"

func openReplay(t *testing.T, team int) (*exercise.Replay, *recording.Recording) {
	t.Helper()
	r, err := exercise.OpenReplay(testRecording, team)
	if err != nil {
		t.Fatal(err)
	}
	return r, r.Recording()
}

func hashAt(t *testing.T, rec *recording.Recording, tick int32) uint64 {
	t.Helper()
	w, err := recording.Replay(rec, recording.Options{To: tick})
	if err != nil {
		t.Fatal(err)
	}
	if w.Tick() != tick {
		t.Fatalf("recording.Replay to %d reached %d", tick, w.Tick())
	}
	return w.Hash()
}

func TestReplayPlaysAndSeeks(t *testing.T) {
	r, rec := openReplay(t, sim.Instructor)
	if r.Duration() != rec.LastTick() || r.Duration() < 3000 {
		t.Fatalf("duration %d, recording's last tick %d", r.Duration(), rec.LastTick())
	}
	const a, b = 1800, 3000
	want := map[int32]uint64{a: hashAt(t, rec, a), b: hashAt(t, rec, b)}
	r.StepTo(a)
	if r.Tick() != a || r.Hash() != want[a] {
		t.Fatalf("played to %d: hash %x, recording.Replay %x", r.Tick(), r.Hash(), want[a])
	}
	r.StepTo(b)
	if r.Tick() != b || r.Hash() != want[b] {
		t.Fatalf("played to %d: hash %x, recording.Replay %x", r.Tick(), r.Hash(), want[b])
	}
	r.Seek(a) // backwards
	if r.Tick() != a || r.Hash() != want[a] {
		t.Fatalf("seek back to %d: tick %d hash %x, want %x", a, r.Tick(), r.Hash(), want[a])
	}
	r.Seek(b) // forwards
	if r.Tick() != b || r.Hash() != want[b] {
		t.Fatalf("seek forward to %d: tick %d hash %x, want %x", b, r.Tick(), r.Hash(), want[b])
	}
	r.Seek(a)
	r.StepTo(b) // play on after a seek
	if r.Hash() != want[b] {
		t.Fatalf("seek to %d then play to %d: hash %x, want %x", a, b, r.Hash(), want[b])
	}
	r.StepTo(r.Duration() + 100) // to the end, verified against every checkpoint
	end, err := recording.Verify(rec)
	if err != nil {
		t.Fatal(err)
	}
	if r.Tick() != r.Duration() || r.Hash() != hashAt(t, rec, r.Duration()) {
		t.Fatalf("at the end: tick %d (duration %d, Verify reaches %d)", r.Tick(), r.Duration(), end.Tick())
	}
	r.Seek(0)
	if r.Tick() != 0 {
		t.Fatalf("seek 0: tick %d", r.Tick())
	}
}

func TestReplayPlaybackControls(t *testing.T) {
	r, _ := openReplay(t, 0)
	r.Send(sim.Command{ID: 1, Kind: sim.CmdHold, Unit: 1})
	r.Send(sim.Command{ID: 2, Kind: sim.CmdSpeed, Speed: 100})
	r.Send(sim.Command{ID: 3, Kind: sim.CmdPause})
	_, evs, _ := r.Poll()
	got := map[uint32]sim.Event{}
	for _, e := range evs {
		got[e.CmdID] = e
	}
	if e := got[1]; e.Kind != sim.EvRejected || e.Text != exercise.ReadOnly {
		t.Errorf("hold: %+v, want rejected %q", e, exercise.ReadOnly)
	}
	if got[2].Kind != sim.EvAccepted || got[3].Kind != sim.EvAccepted {
		t.Errorf("speed, pause: %+v %+v, want accepted", got[2], got[3])
	}
	if n := r.Advance(1e9); n != 0 || r.Tick() != 0 {
		t.Fatalf("paused: advanced %d to tick %d", n, r.Tick())
	}
	r.Send(sim.Command{ID: 4, Kind: sim.CmdResume})
	if n := r.Advance(1e9); n != 100 || r.Tick() != 100 {
		t.Fatalf("at 100 ticks/s, 1 s advanced %d to tick %d", n, r.Tick())
	}
	if h, want := r.Hash(), hashAt(t, r.Recording(), 100); h != want {
		t.Fatalf("hash %x, want %x", h, want)
	}
}

func TestReplayViewTeam(t *testing.T) {
	r, _ := openReplay(t, 0) // a trainee's replay: any viewer may switch
	r.StepTo(3000)
	checkViewTeam(t, r, func() {})
}

func TestReplayBranch(t *testing.T) {
	r, _ := openReplay(t, 0)
	r.StepTo(2400)
	ex, err := r.Branch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l, ok := ex.(*exercise.Local)
	if !ok {
		t.Fatalf("Branch returned %T, want *exercise.Local", ex)
	}
	if l.Tick() != r.Tick() || l.Hash() != r.Hash() {
		t.Fatalf("branch at tick %d hash %x; replay at %d hash %x", l.Tick(), l.Hash(), r.Tick(), r.Hash())
	}
	v, _, _ := l.Poll()
	var unit int32 = -1
	for _, u := range v.Units {
		if u.Team == 0 {
			unit = u.ID
			break
		}
	}
	if unit < 0 {
		t.Fatal("no unit of team 0")
	}
	l.Send(sim.Command{ID: 7, Kind: sim.CmdHold, Unit: unit})
	l.StepTo(l.Tick() + 2)
	_, evs, _ := l.Poll()
	accepted := false
	for _, e := range evs {
		if e.CmdID == 7 {
			accepted = e.Kind == sim.EvAccepted
		}
	}
	if !accepted {
		t.Fatalf("the branch did not accept a command: %+v", evs)
	}
	if r.Tick() != 2400 {
		t.Fatalf("branching moved the replay to %d", r.Tick())
	}
}

// awaitMarks waits for the replay's timeline marks. The deadline guards
// against a hang only: the pass over the recording is slow under -race on a
// busy machine.
func awaitMarks(t *testing.T, r *exercise.Replay) []sim.Event {
	t.Helper()
	for deadline := time.Now().Add(60 * time.Second); ; {
		if ms := r.Marks(); ms != nil {
			return ms
		}
		if time.Now().After(deadline) {
			t.Fatal("no timeline marks after 60 s")
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestReplayMarks checks the timeline marks of the committed recording:
// the white cell's M5 inject at the tick it was fired, every mark of a
// marked kind, in tick order, and as many as a pass over the recording
// finds.
func TestReplayMarks(t *testing.T) {
	r, rec := openReplay(t, 0)
	marks := awaitMarks(t, r)
	m5 := false
	for i, m := range marks {
		if !client.MarkKind(m.Kind) {
			t.Errorf("mark %d is a %s event", i, m.Kind)
		}
		if i > 0 && m.Tick < marks[i-1].Tick {
			t.Errorf("mark %d at tick %d after one at %d", i, m.Tick, marks[i-1].Tick)
		}
		m5 = m5 || (m.Kind == sim.EvInject && m.Text == "M5" && m.Tick == 1800)
	}
	if !m5 {
		t.Errorf("no mark of inject M5 at tick 1800 among %d marks", len(marks))
	}
	n := 0
	if _, err := recording.Replay(rec, recording.Options{OnStep: func(_ *sim.World, evs []sim.Event) {
		for _, e := range evs {
			if client.MarkKind(e.Kind) {
				n++
			}
		}
	}}); err != nil {
		t.Fatal(err)
	}
	if n != len(marks) {
		t.Errorf("%d marks, a pass over the recording finds %d", len(marks), n)
	}
}

// TestSeekEvents checks that after a seek the replay hands on the events
// the viewed team saw just before the tick, and none after it.
func TestSeekEvents(t *testing.T) {
	r, _ := openReplay(t, 0)
	r.Poll()
	for _, to := range []int32{3000, 600} {
		r.Seek(to)
		_, evs, _ := r.Poll()
		if len(evs) == 0 || len(evs) > exercise.SeekEvents {
			t.Fatalf("seek to %d: %d events handed on, want 1..%d", to, len(evs), exercise.SeekEvents)
		}
		for i, e := range evs {
			if e.Tick > to || !e.VisibleTo(0) || (i > 0 && e.Tick < evs[i-1].Tick) {
				t.Errorf("seek to %d: event %d %+v (after the tick, not FIN's, or out of order)", to, i, e)
			}
		}
		if last := evs[len(evs)-1].Tick; last < to-600 {
			t.Errorf("seek to %d: the latest event handed on is from tick %d", to, last)
		}
	}
}

// TestSeekFromSnapshots seeks once the background pass has kept its
// snapshots: each seek starts from one of them and must reach the hash of
// a re-simulation from tick 0.
func TestSeekFromSnapshots(t *testing.T) {
	r, rec := openReplay(t, sim.Instructor)
	<-r.MarksFound()
	if n := r.Snapshots(); n != 4 { // 7200 ticks: every 1800
		t.Fatalf("%d snapshots, want 4", n)
	}
	for _, to := range []int32{7000, 100, 1801, 2500, 3600, 4300, 1800} {
		if err := r.SeekErr(to); err != nil {
			t.Fatal(err)
		}
		if got, want := r.Hash(), hashAt(t, rec, to); got != want {
			t.Fatalf("seek to %d: hash %016x, a re-simulation from tick 0 gives %016x", to, got, want)
		}
	}
	// The replay plays on from a seek exactly as the recording goes.
	r.StepTo(5000)
	if got, want := r.Hash(), hashAt(t, rec, 5000); got != want {
		t.Fatalf("played from 1800 to 5000: hash %016x, want %016x", got, want)
	}
}

// TestBranchRecorded branches a replay with RecordBranchTo set, plays the
// branch on with a command of its own, and never finishes the recording
// (as when the program ends): the file still verifies, starts with the
// replayed exercise, names its origin and holds the branch's command.
func TestBranchRecorded(t *testing.T) {
	r, rec := openReplay(t, 0)
	path := filepath.Join(t.TempDir(), "branch.jsonl")
	r.RecordBranchTo(path)
	if err := r.SeekErr(3000); err != nil {
		t.Fatal(err)
	}
	ex, err := r.Branch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	l := ex.(*exercise.Local)
	sc, _ := rec.Scenario()
	l.Send(sim.Command{ID: 1, Kind: sim.CmdHold, Unit: unitNamed(t, sc, "Partio 31")})
	l.StepTo(3700)
	got, err := recording.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if o := got.Header.BranchOf; o == nil || o.Tick != 3000 || o.Recording != filepath.Base(testRecording) {
		t.Errorf("branch_of %+v", o)
	}
	w, err := recording.Verify(got)
	if err != nil {
		t.Fatalf("the branch's recording does not verify: %v", err)
	}
	if w.Tick() < 3600 {
		t.Errorf("the branch's recording replays to %d only", w.Tick())
	}
	holds := 0
	for _, b := range got.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdHold && b.Tick >= 3000 && c.Team == 0 {
				holds++
			}
		}
	}
	if holds != 1 {
		t.Errorf("%d of the branch's holds recorded, want 1", holds)
	}
}

func unitNamed(t *testing.T, sc *sim.Scenario, name string) int32 {
	t.Helper()
	for i, u := range sc.Units {
		if u.Name == name {
			return int32(i)
		}
	}
	t.Fatalf("no unit %q", name)
	return -1
}
