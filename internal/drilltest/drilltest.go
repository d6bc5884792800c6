// Package drilltest records exercises to real files and reads the pictures
// borderdrill draws, for the tests of the packages that review, replay or
// show them. It is imported only from _test.go files.
package drilltest

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// CheckpointEvery is how often, in ticks, Record stores the state hash
// (as `borderdrill run --record` does).
const CheckpointEvery = 600

// Create starts a recording file at path of sc and seed (src and srcName:
// the scenario's YAML and its file name, when known).
func Create(t testing.TB, path string, sc *sim.Scenario, seed uint64, src []byte, srcName string) *recording.Writer {
	t.Helper()
	h := must[recording.Header](t)(recording.NewHeader(sc, seed, src, srcName))
	return must[*recording.Writer](t)(recording.Create(path, h))
}

// must returns a function that returns its value, or stops t on its error:
// must[T](t)(f()) for any f that returns a T and an error.
func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// Open opens the recording file at path.
func Open(t testing.TB, path string) *recording.Recording {
	t.Helper()
	return must[*recording.Recording](t)(recording.Open(path))
}

// Reopen closes wr and opens the recording it wrote.
func Reopen(t testing.TB, wr *recording.Writer) *recording.Recording {
	t.Helper()
	if err := wr.Close(); err != nil {
		t.Fatal(err)
	}
	return Open(t, wr.Path())
}

// Builtin loads the built-in scenario name.
func Builtin(t testing.TB, name string) *sim.Scenario {
	t.Helper()
	return must[*sim.Scenario](t)(scenarios.Builtin(name))
}

// NewWorld starts sc at seed.
func NewWorld(t testing.TB, sc *sim.Scenario, seed uint64) *sim.World {
	t.Helper()
	return must[*sim.World](t)(sim.New(sc, seed))
}

// headless starts the built-in scenario name at seed with every team
// computer-controlled, as `borderdrill run` does.
func headless(t testing.TB, name string, seed uint64) (*sim.Scenario, *sim.World) {
	t.Helper()
	sc := Builtin(t, name)
	scenarios.Automate(sc)
	return sc, NewWorld(t, sc, seed)
}

// Run runs ticks Steps of the built-in scenario name at seed headless,
// every team computer-controlled and no command sent, as `borderdrill run`
// does, and returns the World at its end.
func Run(t testing.TB, name string, seed uint64, ticks int32) *sim.World {
	t.Helper()
	_, w := headless(t, name, seed)
	for w.Tick() < ticks {
		w.Step(nil)
	}
	return w
}

// Record is Run recorded as `borderdrill run --record` does: a state hash
// every CheckpointEvery ticks and at the end. It returns the recording,
// reopened from its file in a temporary directory, and the live World at
// its end.
func Record(t testing.TB, name string, seed uint64, ticks int32) (*recording.Recording, *sim.World) {
	t.Helper()
	return RecordWith(t, name, seed, ticks, nil)
}

// RecordWith is Record with before, when not nil, called at each tick
// before its Step (to write chat lines into the recording).
func RecordWith(t testing.TB, name string, seed uint64, ticks int32, before func(tick int32, wr *recording.Writer)) (*recording.Recording, *sim.World) {
	t.Helper()
	sc, w := headless(t, name, seed)
	wr := Create(t, filepath.Join(t.TempDir(), name+".jsonl"), sc, seed, nil, "")
	for w.Tick() < ticks {
		if before != nil {
			before(w.Tick(), wr)
		}
		w.Step(nil)
		if w.Tick()%CheckpointEvery == 0 || w.Tick() == ticks {
			if err := wr.Checkpoint(w.Tick(), w.Hash()); err != nil {
				t.Fatal(err)
			}
		}
	}
	return Reopen(t, wr), w
}

// Golden compares got with the golden file at path, or with update writes
// got there (making its directory). It returns the file's content and
// whether it equals got; a file that cannot be read stops the test with
// regen, the command that writes it.
func Golden(t testing.TB, path string, got []byte, update bool, regen string) ([]byte, bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return got, true
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run %s)", err, regen)
	}
	return want, bytes.Equal(got, want)
}

// ReadPNG decodes the PNG file at path.
func ReadPNG(t testing.TB, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// Buffer is a bytes.Buffer that a server's log or a child process writes
// to while the test reads it.
type Buffer struct {
	mu sync.Mutex // guards b
	b  bytes.Buffer
}

// Write appends p.
func (s *Buffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

// String returns what was written so far.
func (s *Buffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// NeedDisplay skips t when there is no display to open a window on (the
// client's tests run under xvfb-run, as make test does).
func NeedDisplay(t testing.TB) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY: run under xvfb-run -a (make test does)")
	}
}

// Build builds the command pkg (an import path, or "." for the package
// under test) into dir and returns the binary's path, with env added to
// the build's environment (e.g. "CGO_ENABLED=0").
func Build(dir, pkg string, env ...string) (string, error) {
	bin := filepath.Join(dir, filepath.Base(strings.TrimSuffix(pkg, "/")))
	if pkg == "." {
		wd, err := os.Getwd()
		if err != nil {
			return "", err
		}
		bin = filepath.Join(dir, filepath.Base(wd))
	}
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, pkg)
	build.Env = append(os.Environ(), env...)
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin, nil
}

// BuildT is Build into a temporary directory of t, stopping t on failure.
func BuildT(t testing.TB, pkg string, env ...string) string {
	t.Helper()
	return must[string](t)(Build(t.TempDir(), pkg, env...))
}

// Map loads the border pair name.
func Map(t testing.TB, name string) *maps.Map {
	t.Helper()
	return must[*maps.Map](t)(maps.Load(name))
}

// ReadFile reads the file at path.
func ReadFile(t testing.TB, path string) []byte {
	t.Helper()
	return must[[]byte](t)(os.ReadFile(path))
}

// WriteFile writes data to the file at path.
func WriteFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}
