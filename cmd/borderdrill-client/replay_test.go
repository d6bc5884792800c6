//go:build !js

package main

import (
	"bytes"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
)

// TestReplayCapture runs the client on a recording and captures a frame
// (needs a display: xvfb-run).
func TestReplayCapture(t *testing.T) {
	drilltest.NeedDisplay(t)
	out := filepath.Join(t.TempDir(), "out.png")
	// In a child process: Ebiten runs one game per process, and the other
	// tests of this package make games of their own.
	if code, msg := runClient(t, "--replay", "../../recording/testdata/v1-fin-rus.jsonl", "--capture", out,
		"--capture-after", "1800", "--width", "640", "--height", "400"); code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	size, colours := capture(t, out)
	if colours < 10 || size != (image.Point{640, 400}) {
		t.Fatalf("capture %v with %d colours: blank?", size, colours)
	}
}

func TestReplayBadFile(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"--replay", filepath.Join(t.TempDir(), "missing.jsonl")}, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr.String())
	}
}

// TestRecordLocal records a local exercise of a scenario file and checks
// that the recording holds the file's text, verifies and ends where the
// capture was taken (needs a display: xvfb-run).
func TestRecordLocal(t *testing.T) {
	drilltest.NeedDisplay(t)
	dir := t.TempDir()
	rec := filepath.Join(dir, "local.jsonl")
	src := "../../scenarios/builtin/grc-tur-evros-river.yaml"
	// In a child process: Ebiten runs one game per process.
	code, msg := runClient(t, "--scenario", src, "--team", "instructor", "--record", rec, "--capture", filepath.Join(dir, "f.png"),
		"--capture-after", "900", "--width", "640", "--height", "400")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if !strings.Contains(msg, "recorded "+rec+" to tick 900") {
		t.Errorf("the client did not say it recorded: %q", msg)
	}
	r, err := recording.Open(rec)
	if err != nil {
		t.Fatal(err)
	}
	yaml, _ := os.ReadFile(src)
	if r.Header.Source != string(yaml) || r.Header.SourceName != src {
		t.Errorf("the recording does not hold the scenario file (source %d bytes, name %q)", len(r.Header.Source), r.Header.SourceName)
	}
	w, err := recording.Verify(r)
	if err != nil {
		t.Fatal(err)
	}
	if w.Tick() != 900 || r.LastTick() != 900 {
		t.Errorf("the recording replays to tick %d (last %d), want 900", w.Tick(), r.LastTick())
	}
	var stderr bytes.Buffer
	if code := run([]string{"--replay", "http://127.0.0.1:1/api/recordings/x", "--code", "t", "--record", filepath.Join(dir, "x.jsonl")}, &stderr); code != exitUsage {
		t.Errorf("--record with a server's recording: exit %d, want %d", code, exitUsage)
	}
}

// capture reads a captured frame and returns its size and how many
// colours a grid of its pixels holds (a blank frame has one or two).
func capture(t *testing.T, path string) (image.Point, int) {
	t.Helper()
	img := drilltest.ReadPNG(t, path)
	colours := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 5 {
		for x := b.Min.X; x < b.Max.X; x += 5 {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
		}
	}
	return b.Size(), len(colours)
}
