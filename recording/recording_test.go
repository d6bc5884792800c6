package recording_test

import (
	"bytes"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"flag"

	"fmt"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

func TestUpdateGolden(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite " + golden)
	}
	writeGolden(t, golden)
}

// TestGoldenV1 is the compatibility contract: the version-1 recording
// committed under testdata keeps replaying, with every stored hash
// verified, in every later build. If a deliberate engine change breaks it,
// regenerate it with -update and say so in the change.
func TestGoldenV1(t *testing.T) {
	rec, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	h := rec.Header
	if h.Format != recording.Format || h.Version != 1 {
		t.Errorf("header format %q version %d, want %q 1", h.Format, h.Version, recording.Format)
	}
	if h.Scenario != "fin-rus-winter-surge" || h.Map != "fin-rus" || h.Seed != goldenSeed || h.Auto != 6 || !strings.Contains(h.Source, "name: fin-rus-winter-surge") {
		t.Errorf("header %s/%s seed %d auto %d, source %d bytes", h.Scenario, h.Map, h.Seed, h.Auto, len(h.Source))
	}
	if rec.Truncated {
		t.Error("golden reads as truncated")
	}
	var paused int
	for _, b := range rec.Batches {
		if b.Tick == pauseTick {
			paused++
		}
	}
	if len(rec.Batches) < 10 || paused != 3 {
		t.Errorf("%d batches, %d at the pause tick; want at least 10 and 3", len(rec.Batches), paused)
	}
	w := verify(t, rec)
	if w.Tick() != goldenTicks || len(rec.Checkpoints) != goldenTicks/600 {
		t.Errorf("replayed to tick %d with %d checkpoints; want %d and %d", w.Tick(), len(rec.Checkpoints), goldenTicks, goldenTicks/600)
	}
	if last := rec.Checkpoints[len(rec.Checkpoints)-1]; w.Hash() != last.Hash {
		t.Errorf("final hash %016x, stored %016x", w.Hash(), last.Hash)
	}
	// The trainee's commands were applied, not just carried: the exercise
	// differs from the same scenario and seed with no commands.
	sc, _ := goldenScenario(t)
	idle, _ := sim.New(sc, goldenSeed)
	for idle.Tick() < goldenTicks {
		idle.Step(nil)
	}
	if idle.Hash() == w.Hash() {
		t.Error("the recorded commands made no difference to the state")
	}
}

// TestRecordMatchesLive checks that a fresh recording of the golden
// exercise replays to the same state the live run reached.
// TestPlacesReplay records a built-in whose scenario adds places to its map
// (grc-tur-evros-river: Soufli and Feres) without its YAML, as a server
// does: the header keeps the places and the recording verifies (before the
// header had them, replay loaded the map without them and its hashes
// differed from 01:40 on).
func TestPlacesReplay(t *testing.T) {
	rec, _ := drilltest.Record(t, "grc-tur-evros-river", 1, 3*3600)
	var names []string
	for _, p := range rec.Header.Places {
		names = append(names, p.Name)
	}
	if !slices.Equal(names, []string{"Soufli", "Feres"}) {
		t.Fatalf("recorded places %v, want Soufli and Feres", names)
	}
	if _, err := recording.Verify(rec); err != nil {
		t.Fatal(err)
	}
}

// TestElevationReplay: a run of a scenario file with elevation (tiles
// beside it) replays from its recording, with the same hashes, while the
// file is where it was recorded from.
func TestElevationReplay(t *testing.T) {
	dir := t.TempDir()
	file := drilltest.WriteRidge(t, dir, maps.SRTM3Posts)
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	wr := drilltest.Create(t, filepath.Join(dir, "r.jsonl"), sc, 3, drilltest.ReadFile(t, file), file)
	live := drilltest.NewWorld(t, sc, 3)
	for live.Tick() < 1800 {
		if err := wr.Append(live.Tick(), nil); err != nil {
			t.Fatal(err)
		}
		live.Step(nil)
		if live.Tick()%600 == 0 {
			if err := wr.Checkpoint(live.Tick(), live.Hash()); err != nil {
				t.Fatal(err)
			}
		}
	}
	w := verify(t, drilltest.Reopen(t, wr))
	if w.Hash() != live.Hash() || !w.SensorSees(0, sc.Sensors[0].Pos) {
		t.Errorf("replay hash %016x, live %016x", w.Hash(), live.Hash())
	}
	if w.SensorSees(0, sc.Map.Proj.Forward(orb.Point{drilltest.MastLon, drilltest.ValleyLat})) {
		t.Error("the replay's mast sees into the valley: the replay has no elevation")
	}
}

func TestRecordMatchesLive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.jsonl")
	sc, src := goldenScenario(t)
	wr := drilltest.Create(t, path, sc, goldenSeed, src, goldenSource)
	live, _ := sim.New(sc, goldenSeed)
	drive(t, live, wr, 2400)
	rec := drilltest.Reopen(t, wr)
	w := verify(t, rec)
	if w.Tick() != live.Tick() || w.Hash() != live.Hash() {
		t.Errorf("replay at tick %d hash %016x; live at %d hash %016x", w.Tick(), w.Hash(), live.Tick(), live.Hash())
	}
}

// TestCorruption changes one input and expects verification to fail at
// the first checkpoint after the change.
func TestCorruption(t *testing.T) {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := recording.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	// firstAfter returns the first checkpoint after the batch where old
	// first occurs: the Step of a batch recorded at tick T reaches T+1.
	firstAfter := func(old string) int32 {
		i := bytes.Index(data, []byte(old))
		if i < 0 {
			return -1
		}
		start := bytes.LastIndexByte(data[:i], '\n') + 1
		one, err := recording.Parse(append(bytes.Clone(data[:bytes.IndexByte(data, '\n')+1]), data[start:i+bytes.IndexByte(data[i:], '\n')+1]...))
		if err != nil || len(one.Batches) != 1 {
			t.Fatalf("reading the line of %s: %v", old, err)
		}
		for _, c := range rec.Checkpoints {
			if c.Tick > one.Batches[0].Tick {
				return c.Tick
			}
		}
		return -1
	}
	tests := []struct {
		name     string
		old, new string
		want     int32
	}{
		{"seed", `"seed":"7"`, `"seed":"8"`, 600},
		{"intercept unit", `"kind":"intercept","unit":`, `"kind":"intercept","unit":1`, firstAfter(`"kind":"intercept","unit":`)},
		{"move target", `"kind":"move","unit":1,"target":[-`, `"kind":"move","unit":1,"target":[-1`, 600},
	}
	// A share whose track is corrupted: the first one the exercise applied
	// (a share refused, over a cut link say, changes nothing either way).
	for _, m := range regexp.MustCompile(`"kind":"share","track":[0-9]+,`).FindAll(data, -1) {
		old := string(m)
		bad, err := recording.Parse(bytes.Replace(data, m, []byte(`"kind":"share","track":99999,`), 1))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := recording.Verify(bad); err != nil {
			tests = append(tests, struct {
				name     string
				old, new string
				want     int32
			}{"shared track", old, `"kind":"share","track":99999,`, firstAfter(old)})
			break
		}
	}
	if len(tests) != 4 {
		t.Fatal("no share in the golden recording whose track changes the exercise")
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !bytes.Contains(data, []byte(tc.old)) {
				t.Fatalf("golden has no %s", tc.old)
			}
			bad := bytes.Replace(data, []byte(tc.old), []byte(tc.new), 1)
			rec, err := recording.Parse(bad)
			if err != nil {
				t.Fatal(err)
			}
			_, err = recording.Verify(rec)
			var mm *recording.MismatchError
			if !errors.As(err, &mm) {
				t.Fatalf("verify: %v; want a mismatch", err)
			}
			if mm.Tick != tc.want {
				t.Errorf("mismatch at tick %d, want %d (%v)", mm.Tick, tc.want, err)
			}
			if !strings.Contains(err.Error(), "mismatch at tick") {
				t.Errorf("error %q does not name the tick", err)
			}
		})
	}
}

func TestTruncatedLastLine(t *testing.T) {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	// Cut the file in the middle of its 15th line.
	const n = 14
	cut := len(bytes.Join(lines[:n], nil)) + len(lines[n])/2
	tests := []struct {
		name  string
		data  []byte
		trunc bool
	}{
		{"cut mid-line", data[:cut], true},
		{"zero-filled tail", append(bytes.Clone(data[:cut-len(lines[n])/2]), 0, 0, 0, 0), true},
		{"no final newline", data[:len(data)-1], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := recording.Parse(tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if rec.Truncated != tc.trunc {
				t.Errorf("Truncated = %v, want %v", rec.Truncated, tc.trunc)
			}
			if _, err := recording.Verify(rec); err != nil {
				t.Error(err)
			}
		})
	}
	// A bad line in the middle is an error, not a truncation.
	bad := bytes.Replace(data, lines[5], []byte("{\"type\":\"step\",\"tick\":\n"), 1)
	if _, err := recording.Parse(bad); err == nil || !strings.Contains(err.Error(), "line 6") {
		t.Errorf("a bad 6th line: %v; want an error naming line 6", err)
	}
}

// TestResume cuts the golden recording after its 3600 checkpoint (with
// half a record after it, as a crash mid-write leaves it), resumes it and
// drives the exercise on: the file must verify and end in the golden's
// final state.
func TestResume(t *testing.T) {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	i := bytes.Index(data, []byte(`{"type":"hash","tick":3600,`))
	if i < 0 {
		t.Fatal("golden has no checkpoint at 3600")
	}
	end := i + bytes.IndexByte(data[i:], '\n') + 1
	next := bytes.IndexByte(data[end:], '\n')
	path := filepath.Join(t.TempDir(), "crashed.jsonl")
	if err := os.WriteFile(path, data[:end+next/2], 0o644); err != nil {
		t.Fatal(err)
	}
	w, wr, err := recording.Resume(path)
	if err != nil {
		t.Fatal(err)
	}
	if w.Tick() != 3600 {
		t.Fatalf("resumed at tick %d, want 3600", w.Tick())
	}
	drive(t, w, wr, goldenTicks)
	rec := drilltest.Reopen(t, wr)
	if rec.Truncated {
		t.Error("the resumed file still has the cut line")
	}
	got := verify(t, rec)
	orig, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := orig.Checkpoints[len(orig.Checkpoints)-1]
	if got.Tick() != want.Tick || got.Hash() != want.Hash {
		t.Errorf("resumed exercise ended at tick %d hash %016x; the original at %d hash %016x", got.Tick(), got.Hash(), want.Tick, want.Hash)
	}
	if len(rec.Batches) != len(orig.Batches) || len(rec.Checkpoints) != len(orig.Checkpoints) {
		t.Errorf("resumed file has %d batches, %d checkpoints; the original %d, %d", len(rec.Batches), len(rec.Checkpoints), len(orig.Batches), len(orig.Checkpoints))
	}
}

func TestReplayTo(t *testing.T) {
	rec, err := recording.Open(golden)
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []int32{1, pauseTick, 3600, 5000} {
		w, err := recording.Replay(rec, recording.Options{To: to})
		if err != nil {
			t.Fatal(err)
		}
		if w.Tick() != to {
			t.Errorf("Replay To %d stopped at %d", to, w.Tick())
		}
		for _, c := range rec.Checkpoints {
			if c.Tick == to && c.Hash != w.Hash() {
				t.Errorf("at tick %d hash %016x, stored %016x", to, w.Hash(), c.Hash)
			}
		}
		if to == pauseTick && w.Paused() {
			t.Error("Replay stopped after the pause command recorded at its tick")
		}
	}
	var steps int
	var fired bool
	_, err = recording.Replay(rec, recording.Options{OnStep: func(w *sim.World, evs []sim.Event) {
		steps++
		for _, e := range evs {
			fired = fired || (e.Kind == sim.EvInject && e.Text == "M5")
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if steps != goldenTicks+2 || !fired { // two paused Steps do not advance
		t.Errorf("OnStep called %d times (want %d), M5 fired %v", steps, goldenTicks+2, fired)
	}
}

// TestBuiltinNoSource records a built-in by name, as run --record does:
// with no YAML the engine's copy of the scenario makes it replayable.
func TestBuiltinNoSource(t *testing.T) {
	rec, w := drilltest.Record(t, "col-ven-cucuta-bridges", 3, 1800)
	sc := w.Scenario()
	if rec.Header.Source != "" || len(rec.Header.ScenarioData) == 0 || rec.Header.Auto != sc.Auto || len(rec.Batches) != 0 {
		t.Errorf("header source %d bytes, data %d bytes, auto %d; %d batches", len(rec.Header.Source), len(rec.Header.ScenarioData), rec.Header.Auto, len(rec.Batches))
	}
	got := verify(t, rec)
	if got.Tick() != 1800 || got.Hash() != w.Hash() {
		t.Errorf("replay at %d hash %016x; live %d %016x", got.Tick(), got.Hash(), w.Tick(), w.Hash())
	}
	// A wrong Auto mask changes the exercise.
	rec.Header.Auto = 0
	if _, err := recording.Verify(rec); err == nil {
		t.Error("replay with another Auto mask verified")
	}
}

// TestCommandRoundTrip writes every field of a command, and the values
// JSON numbers cannot hold, and reads them back bit for bit.
func TestCommandRoundTrip(t *testing.T) {
	cmds := []sim.Command{
		{ID: 1, Team: 0, Kind: sim.CmdMove, Unit: 3, Target: orb.Point{1234.5678901234567, -0.0}},
		{ID: 2, Team: 1, Kind: sim.CmdPatrol, Unit: 0, Route: []orb.Point{{1, 2}, {3e-300, 4e300}}},
		{ID: 3, Team: 2, Kind: sim.CmdShare, Track: 9, ToTeam: 1},
		{ID: 4, Team: sim.Instructor, Kind: sim.CmdInject, Inject: "M<5>&\"x\""},
		{ID: 5, Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 60},
		{ID: 6, Team: 0, Kind: sim.CmdMove, Target: orb.Point{math.NaN(), math.Inf(-1)}},
		{ID: 7, Team: 0, Kind: sim.CommandKind(200)},
		{ID: 8, Team: 0, Kind: sim.CmdLaunch, Unit: 2, Route: []orb.Point{}},
	}
	path := filepath.Join(t.TempDir(), "c.jsonl")
	sc, err := scenarios.Builtin("fin-rus-winter-surge")
	if err != nil {
		t.Fatal(err)
	}
	wr := drilltest.Create(t, path, sc, 1, nil, "")
	if err := wr.Append(5, cmds); err != nil {
		t.Fatal(err)
	}
	if err := wr.Append(6, nil); err != nil {
		t.Fatal(err)
	}
	if err := wr.Append(4, cmds[:1]); err == nil {
		t.Error("a batch at an earlier tick was accepted")
	}
	rec := drilltest.Reopen(t, wr)
	if len(rec.Batches) != 1 || rec.Batches[0].Tick != 5 {
		t.Fatalf("batches %+v; want one at tick 5", rec.Batches)
	}
	got := rec.Batches[0].Cmds
	for i := range cmds {
		a, b := cmds[i], got[i]
		if math.Float64bits(a.Target[0]) != math.Float64bits(b.Target[0]) || math.Float64bits(a.Target[1]) != math.Float64bits(b.Target[1]) {
			t.Errorf("command %d target %v, read back %v", i, a.Target, b.Target)
		}
		a.Target, b.Target = orb.Point{}, orb.Point{}
		if !reflect.DeepEqual(a, b) {
			t.Errorf("command %d\nwrote %+v\nread  %+v", i, a, b)
		}
	}
}

func TestOpenErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "no header"},
		{"not a recording", "{\"type\":\"step\",\"tick\":1}\n", "not a borderdrill recording"},
		{"newer version", "{\"type\":\"header\",\"format\":\"borderdrill-recording\",\"version\":2}\n", "version 2"},
		{"truncated header", "{\"type\":\"header\",\"format\":\"borderdrill-rec", "line 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := recording.Parse([]byte(tc.data))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse: %v; want an error containing %q", err, tc.want)
			}
		})
	}
	// Unknown fields and record types are ignored.
	ok := "{\"type\":\"header\",\"format\":\"borderdrill-recording\",\"version\":1,\"scenario\":\"x\",\"future\":1}\n" +
		"{\"type\":\"annotation\",\"text\":\"hello\"}\n{\"type\":\"hash\",\"tick\":1,\"hash\":\"00000000000000ff\",\"extra\":[]}\n"
	rec, err := recording.Parse([]byte(ok))
	if err != nil || len(rec.Checkpoints) != 1 || rec.Checkpoints[0].Hash != 0xff {
		t.Errorf("forward-compatible file: %v, %+v", err, rec)
	}
}

func FuzzParse(f *testing.F) {
	data, err := os.ReadFile(golden)
	if err != nil {
		f.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	head := lines[0]
	for _, l := range lines[1:min(len(lines), 20)] {
		f.Add(l)
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		rec, err := recording.Parse(append(bytes.Clone(head), line...))
		if err == nil && rec.Header.Version != 1 {
			t.Errorf("version %d", rec.Header.Version)
		}
	})
}

var update = flag.Bool("update", false, "rewrite testdata/v1-fin-rus.jsonl")

// golden is the committed version-1 recording: fin-rus-winter-surge from
// its YAML file, seed 7, two simulated hours, FIN played by the trainee of
// drive, RUS and EU computer-controlled, with a pause, an instructor inject
// and a speed change in the middle.
const (
	golden       = "testdata/v1-fin-rus.jsonl"
	goldenSource = "../scenarios/builtin/fin-rus-winter-surge.yaml"
	goldenSeed   = 7
	goldenTicks  = 7200
	pauseTick    = 1800 // the instructor pauses, fires M5, sets speed 10, resumes
)

// goldenScenario loads the scenario of the golden recording with its
// Auto mask.
func goldenScenario(t testing.TB) (*sim.Scenario, []byte) {
	t.Helper()
	src, err := os.ReadFile(goldenSource)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse(goldenSource, src)
	if err != nil {
		t.Fatal(err)
	}
	sc.Auto = 1<<1 | 1<<2 // RUS and EU
	return sc, src
}

// unitID returns the id of the unit called name.
func unitID(t testing.TB, sc *sim.Scenario, name string) int32 {
	for i, u := range sc.Units {
		if u.Name == name {
			return int32(i)
		}
	}
	t.Fatalf("no unit %q", name)
	return -1
}

// script returns the batches a FIN trainee and the white cell send at the
// World's current tick. It depends only on the World's state, so that a
// resumed exercise goes on exactly as the original did.
func script(t testing.TB, w *sim.World) [][]sim.Command {
	sc := w.Scenario()
	tick := w.Tick()
	id := func(k int) uint32 { return uint32(tick)*16 + uint32(k) }
	const fin, rus = 0, 1
	switch tick {
	case 0:
		return [][]sim.Command{{
			{ID: id(0), Team: fin, Kind: sim.CmdMove, Unit: unitID(t, sc, "Nuijamaa foot 1"), Target: sc.Units[unitID(t, sc, "Partio 31")].Route[0]},
		}}
	case pauseTick:
		return [][]sim.Command{
			{{ID: id(0), Team: sim.Instructor, Kind: sim.CmdPause}},
			{{ID: id(1), Team: sim.Instructor, Kind: sim.CmdInject, Inject: "M5"}, {ID: id(2), Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 10}},
			{{ID: id(3), Team: sim.Instructor, Kind: sim.CmdResume}},
		}
	case 2400:
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdRecall, Unit: unitID(t, sc, "Haukka 1")}}}
	case 3000: // a trainee mistake: ordering the neighbour's unit
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdHold, Unit: unitID(t, sc, "Zastava Torfyanovka foot")}}}
	case 4200:
		u := sc.Units[unitID(t, sc, "Haukka 1")]
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdLaunch, Unit: unitID(t, sc, "Haukka 1"), Route: u.Route}}}
	case 3600: // a trainee mistake: a patrol walks 300 m into Russia
		patrol := unitID(t, sc, "Vaalimaa foot 1")
		at := w.UnitPos(patrol)
		q, _, _ := sc.Map.NearestOnBorder(at)
		d := math.Hypot(q[0]-at[0], q[1]-at[1])
		over := orb.Point{q[0] + (q[0]-at[0])/d*300, q[1] + (q[1]-at[1])/d*300}
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdMove, Unit: patrol, Target: over}}}
	case 5000:
		u := sc.Units[unitID(t, sc, "Partio 32")]
		return [][]sim.Command{{{ID: id(0), Team: fin, Kind: sim.CmdPatrol, Unit: unitID(t, sc, "Partio 32"), Route: []orb.Point{u.Route[1], u.Route[0]}}}}
	}
	if tick%120 != 0 {
		return nil
	}
	// Every two minutes: intercept the freshest unassigned track with the
	// nearest free ground unit, and share it with Russia.
	v := w.View(fin)
	var best *sim.TrackView
	for i := range v.Tracks {
		tr := &v.Tracks[i]
		if tr.Custody || tr.Age > 120 || tr.From >= 0 {
			continue
		}
		taken := false
		for _, u := range v.Units {
			taken = taken || (u.Order == sim.OrderIntercept && u.Track == tr.ID)
		}
		if !taken && (best == nil || tr.ID > best.ID) {
			best = tr
		}
	}
	if best == nil {
		return nil
	}
	var cmds []sim.Command
	unit, d := int32(-1), math.Inf(1)
	for _, u := range v.Units {
		if u.Kind == sim.Drone || u.Order == sim.OrderIntercept {
			continue
		}
		if dd := math.Hypot(u.Pos[0]-best.Pos[0], u.Pos[1]-best.Pos[1]); dd < d {
			unit, d = u.ID, dd
		}
	}
	if unit >= 0 {
		cmds = append(cmds, sim.Command{ID: id(0), Team: fin, Kind: sim.CmdIntercept, Unit: unit, Track: best.ID})
	}
	cmds = append(cmds, sim.Command{ID: id(1), Team: fin, Kind: sim.CmdShare, Track: best.ID, ToTeam: rus})
	return [][]sim.Command{cmds}
}

// drive runs w to tick end as the server would with script's commands:
// each batch is recorded before its Step, a checkpoint after every Step
// that reaches a multiple of recording.DefaultCheckpointEvery, and one at
// the end.
func drive(t testing.TB, w *sim.World, rec *recording.Writer, end int32) {
	t.Helper()
	last := int32(-1)
	checkpoint := func() {
		if tk := w.Tick(); tk != last {
			if err := rec.Checkpoint(tk, w.Hash()); err != nil {
				t.Fatal(err)
			}
			last = tk
		}
	}
	for w.Tick() < end {
		before := w.Tick()
		batches := script(t, w)
		if len(batches) == 0 {
			batches = [][]sim.Command{nil}
		}
		for _, b := range batches {
			if err := rec.Append(w.Tick(), b); err != nil {
				t.Fatal(err)
			}
			w.Step(b)
		}
		if w.Tick() != before && w.Tick()%recording.DefaultCheckpointEvery == 0 {
			checkpoint()
		}
	}
	checkpoint()
}

// writeGolden makes the golden recording at path.
func writeGolden(t testing.TB, path string) {
	sc, src := goldenScenario(t)
	rec := drilltest.Create(t, path, sc, goldenSeed, src, goldenSource)
	w, err := sim.New(sc, goldenSeed)
	if err != nil {
		t.Fatal(err)
	}
	drive(t, w, rec, goldenTicks)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
}

// verify replays rec, checking every stored hash, and returns the World
// it reached.
func verify(t testing.TB, rec *recording.Recording) *sim.World {
	t.Helper()
	w, err := recording.Verify(rec)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestPeek checks Peek against Open on the committed recording, on copies
// cut short at several places (a record cut in the middle, and just the
// header), and on a file whose records are longer than the window Peek
// reads.
func TestPeek(t *testing.T) {
	data, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	header := strings.IndexByte(string(data), '\n') + 1
	mid := header + (len(data)-header)/2
	long := string(data[:header]) + `{"type":"step","tick":5,"cmds":[{"team":0,"kind":"hold","unit":1}],"pad":"` + strings.Repeat("x", 100<<10) + "\"}\n"
	var many strings.Builder
	many.Write(data[:header])
	for i := 1; i <= 3000; i++ {
		fmt.Fprintf(&many, `{"type":"step","tick":%d,"cmds":[{"team":0,"kind":"hold","unit":1}]}`+"\n", i)
	}
	cases := map[string][]byte{
		"many":        []byte(many.String()),
		"whole":       data,
		"cut":         data[:header+(len(data)-header)*2/3],
		"cut-at-line": data[:mid+strings.IndexByte(string(data[mid:]), '\n')+1],
		"header":      data[:header],
		"long":        []byte(long),
	}
	for name, b := range cases {
		p := filepath.Join(dir, name+".jsonl")
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		want, err := recording.Open(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := recording.Peek(p)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got.LastTick != want.LastTick() || got.Size != int64(len(b)) || got.Header.Seed != want.Header.Seed || got.Header.Scenario != want.Header.Scenario {
			t.Errorf("%s: Peek %d ticks, %d bytes, seed %d; Open %d ticks, %d bytes, seed %d", name,
				got.LastTick, got.Size, got.Header.Seed, want.LastTick(), len(b), want.Header.Seed)
		}
	}
	if _, err := recording.Peek(filepath.Join(dir, "missing.jsonl")); err == nil {
		t.Error("Peek of a missing file")
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte("hello\n"), 0o644)
	if _, err := recording.Peek(bad); err == nil {
		t.Error("Peek of a file that is not a recording")
	}
}
