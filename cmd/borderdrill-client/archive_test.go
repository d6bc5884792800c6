//go:build !js

package main

import (
	"context"
	"image"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

func TestParseServerRecording(t *testing.T) {
	for _, tc := range []struct {
		raw, token    string
		remote, bad   bool
		base, id, tok string
	}{
		{raw: "rec.jsonl"},
		{raw: "/data/x.jsonl"},
		{raw: "http://h:8080/api/recordings/abc123", token: "T", remote: true, base: "http://h:8080", id: "abc123", tok: "T"},
		{raw: "https://drill.example.org/client/?replay=abc&code=TOK", remote: true, base: "https://drill.example.org", id: "abc", tok: "TOK"},
		{raw: "http://h:8080/client/?replay=abc&code=TOK", token: "FLAG", remote: true, base: "http://h:8080", id: "abc", tok: "FLAG"},
		{raw: "http://h:8080/api/recordings/abc", remote: true, bad: true}, // no token
		{raw: "http://h:8080/", token: "T", remote: true, bad: true},       // no recording
		{raw: "http://h:8080/api/recordings/a/b", token: "T", remote: true, bad: true},
	} {
		sr, remote, err := parseServerRecording(tc.raw, tc.token)
		if remote != tc.remote || (err != nil) != tc.bad {
			t.Errorf("%q: remote %v err %v; want remote %v, bad %v", tc.raw, remote, err, tc.remote, tc.bad)
			continue
		}
		if tc.remote && !tc.bad && (sr.archive.URL != tc.base || sr.id != tc.id || sr.archive.Token != tc.tok) {
			t.Errorf("%q: %+v", tc.raw, sr)
		}
	}
}

// recordingServer runs a server that records into a data directory, with
// one exercise played to at least tick min.
func recordingServer(t *testing.T, min int32) (*servertest.Server, server.ExerciseInfo) {
	t.Helper()
	h := servertest.Start(t, server.Config{InstructorToken: testToken, DataDir: t.TempDir(), CheckpointEvery: 25}, nil)
	info := testExercise(t, h, 1000)
	awaitRecording(t, h, info.ID, min)
	return h, info
}

// awaitRecording waits until the server's recording of exercise id has
// reached tick min.
func awaitRecording(t *testing.T, h *servertest.Server, id string, min int32) {
	t.Helper()
	a := &netclient.Archive{URL: h.URL, Token: testToken}
	deadline := time.Now().Add(20 * time.Second)
	for {
		list, err := a.Recordings(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		if i := slices.IndexFunc(list, func(r netclient.RecordingInfo) bool { return r.ID == id }); i >= 0 && list[i].Ticks >= min {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the recording of %s did not reach tick %d: %+v", id, min, list)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestServerReplayBranch replays a server's recording as the native client
// does and branches from it: a new exercise on the server, joined as the
// white cell, paused at the replay's tick, with its codes handed over.
func TestServerReplayBranch(t *testing.T) {
	h, info := recordingServer(t, 400)
	src, remote, err := parseServerRecording(h.URL+"/api/recordings/"+info.ID, testToken)
	if err != nil || !remote {
		t.Fatal(remote, err)
	}
	ctx := context.Background()
	sr, err := openServerReplay(ctx, src, "GNB")
	if err != nil {
		t.Fatal(err)
	}
	if sr.Duration() < 400 || sr.Info().Team != 2 {
		t.Fatalf("replay of %d ticks for team %d", sr.Duration(), sr.Info().Team)
	}
	sr.Seek(300)
	var got netclient.Branched
	sr.branched = func(br netclient.Branched) { got = br }
	next, err := sr.Branch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	be, ok := next.(branchedExercise)
	if !ok {
		t.Fatalf("branched into a %T", next)
	}
	defer be.Close()
	if got.ID == "" || got.ID == info.ID || got.Tick != 300 || got.Codes["GNB"] == "" || got.Codes["GNB"] == info.Codes["GNB"] {
		t.Fatalf("branched %+v", got)
	}
	if !strings.Contains(codesText(got), got.Codes["GNB"]) || !strings.Contains(be.BranchNote(), got.ID) {
		t.Errorf("the user is not told the branch's id and codes: %q / %q", codesText(got), be.BranchNote())
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, _, _ := be.Poll()
		if v != nil && v.Tick == 300 {
			if v.Team != sim.Instructor || !v.Paused || be.Welcome().Exercise != got.ID {
				t.Errorf("joined %s as team %d paused %v; want the white cell of the paused branch %s", be.Welcome().Exercise, v.Team, v.Paused, got.ID)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no view of the branch at tick 300 (last %v)", v)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServerReplayCapture runs the client on a server's recording URL and
// captures a frame; a wrong token is refused with the server's reason.
func TestServerReplayCapture(t *testing.T) {
	drilltest.NeedDisplay(t)
	h, info := recordingServer(t, 200)
	out := filepath.Join(t.TempDir(), "out.png")
	url := h.URL + "/api/recordings/" + info.ID
	if code, msg := runClient(t, "--replay", url, "--code", testToken, "--capture", out, "--capture-after", "150", "--width", "640", "--height", "400"); code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if size, colours := capture(t, out); colours < 10 || size != (image.Point{640, 400}) {
		t.Errorf("the capture is %v with %d colours: blank?", size, colours)
	}
	code, msg := runClient(t, "--replay", url, "--code", info.Codes["GNB"])
	if code != 1 || !strings.Contains(msg, "401") {
		t.Errorf("a trainee's code: exit %d, %q; want 1 and the server's 401", code, msg)
	}
}
