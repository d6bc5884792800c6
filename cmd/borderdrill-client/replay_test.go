package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

// TestReplayCapture runs the client on a recording and captures a frame
// (needs a display: xvfb-run).
func TestReplayCapture(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no DISPLAY (run under xvfb-run -a)")
	}
	out := filepath.Join(t.TempDir(), "out.png")
	var stderr bytes.Buffer
	if code := run([]string{"--replay", "../../recording/testdata/v1-fin-rus.jsonl", "--capture", out,
		"--capture-after", "1800", "--width", "640", "--height", "400"}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	colours := map[[4]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			r, g, bl, a := img.At(x, y).RGBA()
			colours[[4]uint32{r, g, bl, a}] = true
		}
	}
	if len(colours) < 10 || b.Size() != (image.Point{640, 400}) {
		t.Fatalf("capture %v with %d colours: blank?", b.Size(), len(colours))
	}
}

func TestReplayBadFile(t *testing.T) {
	var stderr bytes.Buffer
	if code := run([]string{"--replay", filepath.Join(t.TempDir(), "missing.jsonl")}, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, stderr.String())
	}
}
