package main

import (
	"io"
	"testing"

	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/borderdrill/borderdrill/cmd/borderdrill-client/internal/cli"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// These tests link Ebiten (through render), so they need a display: run
// them under xvfb-run, as make test does.

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		ok   bool
	}{
		{"defaults", nil, true},
		{"all flags", []string{"--scenario", "fin-rus", "--team", "instructor", "--seed", "3", "--speed", "0",
			"--capture", "x.png", "--capture-after", "60", "--width", "800", "--height", "600", "--fit", "action", "--look", "28,60,50"}, true},
		{"negative speed", []string{"--speed", "-1"}, false},
		{"tiny window", []string{"--width", "10"}, false},
		{"bad fit", []string{"--fit", "everything"}, false},
		{"stray argument", []string{"extra"}, false},
		{"language", []string{"--lang", "fi"}, true},
		{"unknown language", []string{"--lang", "klingon"}, false},
		{"UI scale", []string{"--ui-scale", "1.5"}, true},
		{"UI scale too large", []string{"--ui-scale", "3"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parse(tc.args, io.Discard)
			if (err == nil) != tc.ok {
				t.Errorf("parse(%q): err %v, want ok %v", tc.args, err, tc.ok)
			}
		})
	}
}

func TestTeamIndex(t *testing.T) {
	s, err := resolve("fin-rus") // a border name stands for its built-in scenario
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{
		{"", 0, true},
		{"instructor", sim.Instructor, true},
		{"WHITE", sim.Instructor, true},
		{s.Teams[1].ID, 1, true},
		{"2", 2, true},
		{"NOPE", 0, false},
	} {
		got, err := teamIndex(s, tc.in)
		if (err == nil) != tc.ok || (tc.ok && got != tc.want) {
			t.Errorf("teamIndex(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

func TestParseLook(t *testing.T) {
	if p, km, err := parseLook("-98.25, 26.1, 80"); err != nil || p[0] != -98.25 || p[1] != 26.1 || km != 80 {
		t.Errorf("parseLook: %v %v %v", p, km, err)
	}
	for _, bad := range []string{"1,2", "a,b,c", "200,0,10", "0,0,0"} {
		if _, _, err := parseLook(bad); err == nil {
			t.Errorf("parseLook(%q): no error", bad)
		}
	}
}

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
