//go:build !js

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/color"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// asClient is the environment variable that makes the test binary run the
// client's main instead of the tests (on the main thread, as Ebiten
// wants), so the tests run the real client without building it.
const asClient = "BORDERDRILL_CLIENT_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(asClient) == "1" {
		os.Exit(run(os.Args[1:], os.Stderr))
	}
	code := m.Run()
	cleanupBrowser()
	os.Exit(code)
}

// runClient runs the client with args in a child process and returns its
// exit status and output.
func runClient(t *testing.T, args ...string) (int, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), asClient+"=1")
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatalf("client %v: %v", args, err)
	}
	return 0, string(out)
}

const testToken = "client-test-token-0123456789abcdef"

// testServer runs an exercise server.
func testServer(t *testing.T, web string) *servertest.Server {
	t.Helper()
	return servertest.Start(t, server.Config{InstructorToken: testToken, WebDir: web}, nil)
}

// testExercise starts a col-ven exercise on a test server through the API,
// as the white cell does from the lobby.
func testExercise(t *testing.T, h *servertest.Server, speed int) server.ExerciseInfo {
	t.Helper()
	body := fmt.Sprintf(`{"scenario": "col-ven-cucuta-bridges", "seed": 3, "speed": %d, "paused": false}`, speed)
	var info server.ExerciseInfo
	servertest.API(t, "POST", h.URL+"/api/exercises", testToken, body, http.StatusCreated, &info)
	if info.Codes["GNB"] == "" {
		t.Fatalf("POST /api/exercises: %+v, without GNB's code", info)
	}
	return info
}

func TestJoinOptions(t *testing.T) {
	for _, tc := range []struct {
		raw, code, exercise, name string
		want                      netclient.Options
		bad                       bool
	}{
		{raw: "http://127.0.0.1:8080", code: "abc", want: netclient.Options{URL: "http://127.0.0.1:8080", Code: "abc"}},
		{raw: "http://127.0.0.1:8080/", code: "abc", name: "Ana", want: netclient.Options{URL: "http://127.0.0.1:8080", Code: "abc", Name: "Ana"}},
		{raw: "127.0.0.1:8080", code: "abc", want: netclient.Options{URL: "http://127.0.0.1:8080", Code: "abc"}},
		{raw: "localhost:8080", code: "abc", want: netclient.Options{URL: "http://localhost:8080", Code: "abc"}},
		{raw: "https://drill.example.org", code: "tok", exercise: "e1", want: netclient.Options{URL: "https://drill.example.org", Code: "tok", Exercise: "e1"}},
		{raw: "ws://h:1/ws", code: "abc", want: netclient.Options{URL: "ws://h:1/ws", Code: "abc"}},
		// A lobby link carries the join.
		{raw: "http://h:8080/client/?code=xyz&name=Bo", want: netclient.Options{URL: "http://h:8080", Code: "xyz", Name: "Bo"}},
		{raw: "http://h:8080/client/?exercise=e2&code=tok#x", want: netclient.Options{URL: "http://h:8080", Code: "tok", Exercise: "e2"}},
		// Flags win over the link.
		{raw: "http://h:8080/client/?code=xyz&name=Bo", code: "abc", name: "Cy", want: netclient.Options{URL: "http://h:8080", Code: "abc", Name: "Cy"}},
		{raw: "http://h:8080", bad: true},              // no code
		{raw: "http://h:8080/client/", bad: true},      // no code
		{raw: "ftp://h:21", code: "abc", bad: true},    // not a server URL
		{raw: "", code: "abc", bad: true},              // nothing
		{raw: "http://[::1", code: "abc", bad: true},   // malformed
		{raw: "file:///etc/x", code: "abc", bad: true}, // no host
	} {
		got, err := joinOptions(tc.raw, tc.code, tc.exercise, tc.name)
		if tc.bad {
			if err == nil {
				t.Errorf("joinOptions(%q, %q): %+v, want an error", tc.raw, tc.code, got)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("joinOptions(%q, %q, %q, %q) = %+v, %v; want %+v", tc.raw, tc.code, tc.exercise, tc.name, got, err, tc.want)
		}
	}
}

func TestParseJoin(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{[]string{"--join", "http://h:1", "--code", "c", "--name", "n"}, true},
		{[]string{"--join", "http://h:1", "--code", "tok", "--exercise", "e", "--capture", "x.png", "--fit", "action"}, true},
		{[]string{"--code", "c"}, false},                                   // --code without --join
		{[]string{"--exercise", "e"}, false},                               // same
		{[]string{"--join", "http://h:1", "--scenario", "fin-rus"}, false}, // the server's exercise decides
		{[]string{"--join", "http://h:1", "--team", "FIN"}, false},
		{[]string{"--join", "http://h:1", "--speed", "60"}, false},
	} {
		if _, err := parse(tc.args, new(bytes.Buffer)); (err == nil) != tc.ok {
			t.Errorf("parse(%q): err %v, want ok %v", tc.args, err, tc.ok)
		}
	}
}

// fakeExercise is a client.Exercise that hands out one view and a list of
// events, and records what is sent.
type fakeExercise struct {
	info client.Info
	view *sim.View
	evs  []sim.Event
	sent []sim.Command
}

func (f *fakeExercise) Info() client.Info { return f.info }
func (f *fakeExercise) Poll() (*sim.View, []sim.Event, bool) {
	evs := f.evs
	f.evs = nil
	return f.view, evs, f.view != nil
}
func (f *fakeExercise) Send(c sim.Command) { f.sent = append(f.sent, c) }
func (f *fakeExercise) SetViewTeam(int)    {}

func TestHook(t *testing.T) {
	f := &fakeExercise{info: client.Info{Scenario: "s", Team: 1, Teams: []client.Team{{ID: "A"}, {ID: "B"}}}}
	tr := newTracker()
	tr.keepUnits = true
	tr.attach(f, "ex1")
	var st hookStatus
	status := func() {
		t.Helper()
		st = hookStatus{}
		if err := json.Unmarshal([]byte(tr.statusJSON()), &st); err != nil {
			t.Fatal(err)
		}
	}
	status()
	if st.Joined || st.Team != 1 || st.TeamID != "B" || st.Exercise != "ex1" || st.Scenario != "s" {
		t.Errorf("status before the first view: %+v", st)
	}

	id1, err := tr.sendJSON(`{"kind": "hold", "unit": 7, "team": 0}`)
	if err != nil {
		t.Fatal(err)
	}
	id2, err := tr.sendJSON(`{"kind": "move", "unit": 3, "target": [10, -20]}`)
	if err != nil {
		t.Fatal(err)
	}
	if id1 <= hookIDBase || id2 != id1+1 {
		t.Errorf("hook ids %d, %d: want consecutive above %d", id1, id2, hookIDBase)
	}
	want := []sim.Command{{ID: id1, Kind: sim.CmdHold, Unit: 7}, {ID: id2, Kind: sim.CmdMove, Unit: 3, Target: [2]float64{10, -20}}}
	if len(f.sent) != 2 || f.sent[0].ID != want[0].ID || f.sent[0].Kind != want[0].Kind || f.sent[0].Unit != 7 || f.sent[0].Team != 0 ||
		f.sent[1].Kind != sim.CmdMove || f.sent[1].Target != want[1].Target {
		t.Errorf("sent %+v, want %+v", f.sent, want)
	}
	for _, bad := range []string{`{"kind": "fly"}`, `{"kind": 4}`, `nope`, `{}`} {
		if _, err := tr.sendJSON(bad); err == nil {
			t.Errorf("sendJSON(%s): no error", bad)
		}
	}

	f.view = &sim.View{Tick: 42, Units: []sim.UnitView{{ID: 7, Team: 1, Name: "P-1", Pos: [2]float64{1, 2}}}}
	f.evs = []sim.Event{
		{Kind: sim.EvAccepted, CmdID: id1},
		{Kind: sim.EvIncident, Text: "not an ack"},
		{Kind: sim.EvRejected, CmdID: id2, Text: sim.ReasonNotYourUnit},
	}
	tr.Poll()
	tr.drew()
	status()
	if !st.Joined || st.Tick != 42 || st.Views != 1 || st.Frames != 1 || len(st.Units) != 1 || st.Units[0].ID != 7 || st.Units[0].Pos != [2]float64{1, 2} {
		t.Errorf("status after a view: %+v", st)
	}
	if len(st.Acks) != 2 || st.Acks[0] != (hookAck{ID: id1, Accepted: true}) || st.Acks[1] != (hookAck{ID: id2, Reason: sim.ReasonNotYourUnit}) {
		t.Errorf("acks %+v", st.Acks)
	}
	if client.Observer != wire.Observer {
		t.Errorf("client.Observer %d, wire.Observer %d", client.Observer, wire.Observer)
	}
	obs := newTracker()
	obs.attach(&fakeExercise{info: client.Info{Team: wire.Observer}}, "ex1")
	if !strings.Contains(obs.statusJSON(), `"teamId":"OBS"`) {
		t.Errorf("observer status %s", obs.statusJSON())
	}
	for i := range 2 * maxAcks {
		f.evs = []sim.Event{{Kind: sim.EvAccepted, CmdID: uint32(i)}}
		tr.Poll()
	}
	status()
	if len(st.Acks) != maxAcks || st.Acks[maxAcks-1].ID != 2*maxAcks-1 {
		t.Errorf("acks kept: %d, last %+v", len(st.Acks), st.Acks[len(st.Acks)-1])
	}
}

// TestJoin runs the native client against a real server: a team, the
// observers and the white cell join and capture a frame; bad joins fail
// with a message.
func TestJoin(t *testing.T) {
	drilltest.NeedDisplay(t)
	h := testServer(t, "")
	info := testExercise(t, h, 50)
	dir := t.TempDir()
	for _, tc := range []struct {
		who  string
		args []string
		says string // in the output
	}{
		{"GNB", []string{"--code", info.Codes["GNB"], "--name", "tester"}, "exercise " + info.ID + " — Guardia Nacional Bolivariana, Táchira (GNB)"},
		{"observer", []string{"--code", info.Codes["observer"]}, "exercise " + info.ID + " — Observer"},
		{"white cell", []string{"--exercise", info.ID, "--code", testToken}, "exercise " + info.ID + " — White cell"},
		{"lobby link", []string{"--join", h.URL + "/client/?code=" + info.Codes["PONAL"] + "&name=link"}, "(PONAL)"},
	} {
		t.Run(tc.who, func(t *testing.T) {
			shot := filepath.Join(dir, strings.ReplaceAll(tc.who, " ", "-")+".png")
			args := append([]string{"--join", h.URL}, tc.args...)
			if tc.who == "lobby link" {
				args = tc.args
			}
			args = append(args, "--capture", shot, "--capture-after", "20", "--width", "640", "--height", "400")
			status, out := runClient(t, args...)
			if status != 0 {
				t.Fatalf("exit status %d; output:\n%s", status, out)
			}
			if !strings.Contains(out, "borderdrill-client: joined col-ven-cucuta-bridges — ") || !strings.Contains(out, tc.says) {
				t.Errorf("output %q: want it to say %q", out, tc.says)
			}
			img := drilltest.ReadPNG(t, shot)
			if b := img.Bounds(); b.Dx() != 640 || b.Dy() != 400 {
				t.Errorf("capture is %v, want 640×400", b)
			}
			if n := countNear(img, colBorder, 40); n < 50 {
				t.Errorf("capture has %d border-coloured pixels; want the map", n)
			}
		})
	}

	for _, tc := range []struct {
		args   []string
		status int
		says   string
	}{
		{[]string{"--join", h.URL, "--code", "not-a-code"}, 1, "refused"},
		{[]string{"--join", h.URL, "--exercise", info.ID, "--code", "wrong-token"}, 1, "refused"},
		{[]string{"--join", h.URL}, 2, "--code"},
		{[]string{"--code", info.Codes["GNB"]}, 2, "only with --join"},
		{[]string{"--join", "http://127.0.0.1:1", "--code", "x"}, 1, "borderdrill-client: netclient"},
	} {
		status, out := runClient(t, tc.args...)
		if status != tc.status || !strings.Contains(out, tc.says) {
			t.Errorf("%q: exit status %d, output %q; want %d saying %q", tc.args, status, out, tc.status, tc.says)
		}
	}
}

// The palette of render/style.go that the tests look for.
var (
	colCountryA = color.RGBA{0xf1, 0xe4, 0xb8, 0xff} // first border country: pale yellow
	colCountryB = color.RGBA{0xcf, 0xe3, 0xc1, 0xff} // second: pale green
	colBorder   = color.RGBA{0xd0, 0x10, 0x6f, 0xff} // the border: magenta
)

// countNear counts the pixels within tol of c in each channel.
func countNear(img image.Image, c color.RGBA, tol int) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if abs(int(r>>8)-int(c.R)) <= tol && abs(int(g>>8)-int(c.G)) <= tol && abs(int(bl>>8)-int(c.B)) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// TestJoinEnds: when the white cell stops the exercise, the client leaves
// with a message.
func TestJoinEnds(t *testing.T) {
	drilltest.NeedDisplay(t)
	h := testServer(t, "")
	info := testExercise(t, h, 20)
	cmd := exec.Command(os.Args[0], "--join", h.URL, "--code", info.Codes["MIG"], "--width", "400", "--height", "300")
	cmd.Env = append(os.Environ(), asClient+"=1")
	var out drilltest.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for !strings.Contains(out.String(), "joined") {
		select {
		case err := <-done:
			t.Fatalf("the client ended before stopping: %v\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	time.Sleep(300 * time.Millisecond) // drawing
	stopExercise(t, h, info.ID)
	select {
	case err := <-done:
		ee, ok := err.(*exec.ExitError)
		if !ok || ee.ExitCode() != 1 || !strings.Contains(out.String(), "left the exercise") {
			t.Errorf("client ended with %v; output %q: want status 1, left the exercise", err, out.String())
		}
	case <-time.After(10 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("the client did not end after the exercise stopped; output %q", out.String())
	}
}

func TestUserMessage(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("%w: %s", netclient.ErrRefused, "no exercise has that join code"), "The server refused: no exercise has that join code"},
		{fmt.Errorf("netclient: %w", errors.New("dial tcp 127.0.0.1:1: connection refused")), "Dial tcp 127.0.0.1:1: connection refused"},
		{errors.New("netclient: server closed: the exercise ended"), "Server closed: the exercise ended"},
	} {
		if got := userMessage(i18n.Get(i18n.Default), tc.err); got != tc.want || strings.Contains(got, "netclient") {
			t.Errorf("userMessage(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
