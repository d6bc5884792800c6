package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/cmd/borderdrill-client/internal/cli"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
)

// buildClient builds borderdrill-client into a temporary directory.
func buildClient(t *testing.T) string {
	t.Helper()
	return drilltest.BuildT(t, ".")
}

// withoutEnv returns the environment without the named variables.
func withoutEnv(names ...string) []string {
	var out []string
	for _, kv := range os.Environ() {
		keep := true
		for _, n := range names {
			if strings.HasPrefix(kv, n+"=") {
				keep = false
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// TestHelpWithoutDisplay: --help prints the usage and exits 0 on a machine
// without a display, and a start without one says so and exits 1 —
// neither with Ebiten's panic.
func TestHelpWithoutDisplay(t *testing.T) {
	bin := buildClient(t)
	for _, tc := range []struct {
		args []string
		code int
		out  string // in stdout
		err  string // in stderr
	}{
		{[]string{"--help"}, 0, "usage: borderdrill-client", ""},
		{[]string{"-h"}, 0, "--scenario", ""},
		{[]string{"--team", "FIN", "--help"}, 0, "xvfb-run", ""},
		{nil, 1, "", "no display"},
	} {
		t.Run(strings.Join(append([]string{"args"}, tc.args...), " "), func(t *testing.T) {
			cmd := exec.Command(bin, tc.args...)
			cmd.Env = withoutEnv("DISPLAY", "WAYLAND_DISPLAY")
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			code := 0
			if ee, ok := err.(*exec.ExitError); ok {
				code = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code || !strings.Contains(stdout.String(), tc.out) || !strings.Contains(stderr.String(), tc.err) {
				t.Errorf("exit %d, want %d\nstdout: %s\nstderr: %s", code, tc.code, stdout.String(), stderr.String())
			}
			if strings.Contains(stderr.String(), "panic") || strings.Contains(stderr.String(), "goroutine") {
				t.Errorf("a stack trace:\n%s", stderr.String())
			}
		})
	}
}

// TestNoXAuthorityNoise: on an X display without an authority file (a bare
// Xvfb, a container) the client prints nothing about it.
func TestNoXAuthorityNoise(t *testing.T) {
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Skip("no Xvfb")
	}
	bin := buildClient(t)
	n := 90 + os.Getpid()%100
	display := fmt.Sprintf(":%d", n)
	x := exec.Command(xvfb, display, "-screen", "0", "800x600x24", "-nolisten", "tcp")
	if err := x.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { x.Process.Kill(); x.Wait() })
	sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("Xvfb %s did not start", display)
		}
	}
	home := t.TempDir() // no .Xauthority there
	cmd := exec.Command(bin, "--capture", filepath.Join(home, "f.png"), "--capture-after", "10", "--width", "400", "--height", "300")
	cmd.Env = append(withoutEnv("DISPLAY", "XAUTHORITY", "HOME"), "DISPLAY="+display, "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("capture: %v\n%s", err, out)
	}
	if bytes.Contains(out, []byte("XGB")) || bytes.Contains(out, []byte("authority")) {
		t.Errorf("the client printed X authority noise:\n%s", out)
	}
}

// TestDefaultScenario: the command line's default is the scenarios
// package's.
func TestDefaultScenario(t *testing.T) {
	if cli.DefaultScenario != scenarios.Default {
		t.Errorf("cli.DefaultScenario %q, scenarios.Default %q", cli.DefaultScenario, scenarios.Default)
	}
}
