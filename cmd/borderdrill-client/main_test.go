package main

import (
	"io"
	"testing"

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
