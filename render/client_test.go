package render_test

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
)

// TestClientCapture builds borderdrill-client and has it capture a frame
// of the default scenario, on the display the tests run on.
func TestClientCapture(t *testing.T) {
	drilltest.NeedDisplay(t)
	dir := t.TempDir()
	bin := drilltest.BuildT(t, "github.com/borderdrill/borderdrill/cmd/borderdrill-client")
	shot := filepath.Join(dir, "frame.png")
	run := exec.Command(bin, "--team", "instructor", "--capture", shot, "--capture-after", "1200", "--width", "800", "--height", "500")
	if out, err := run.CombinedOutput(); err != nil {
		t.Fatalf("borderdrill-client --capture: %v\n%s", err, out)
	}
	img := drilltest.ReadPNG(t, shot)
	if b := img.Bounds(); b.Dx() != 800 || b.Dy() != 500 {
		t.Errorf("capture is %v, want 800×500", b)
	}
	// A real frame: the border's magenta and the HUD's dark bar are there.
	var border, dark int
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			if r > 0x90 && g < 0x40 && bl > 0x50 && bl < 0x90 { // the border, maybe under the night shade
				border++
			}
			if y < 25 && r < 0x30 && g < 0x30 && bl < 0x30 {
				dark++
			}
		}
	}
	if border < 100 || dark < 800*15 {
		t.Errorf("capture has %d border-coloured and %d dark top-bar pixels; want the map and the HUD", border, dark)
	}

	// A join without a code exits 2 with a message (joining and replay are
	// tested in cmd/borderdrill-client).
	for _, args := range [][]string{{"--join", "http://127.0.0.1:1"}} {
		cmd := exec.Command(bin, args...)
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 {
			t.Errorf("%v: err %v, want exit status 2; output %s", args, err, out)
		}
	}
}
