//go:build !js

package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
)

// TestReviewSession joins a review session of a server's recording as the
// white cell and as a trainee: the white cell gets a timeline whose seek
// moves the trainee's picture too, and branches from it; the trainee gets
// none.
func TestReviewSession(t *testing.T) {
	h, info := recordingServer(t, 400)
	req, _ := http.NewRequest("POST", h.URL+"/api/recordings/"+info.ID+"/review", strings.NewReader(`{}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var rv struct {
		ID    string            `json:"id"`
		Codes map[string]string `json:"codes"`
	}
	err = json.NewDecoder(resp.Body).Decode(&rv)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST review: %s %v", resp.Status, err)
	}
	ins := asReview(h.Join(t, testToken, rv.ID, ""), netclient.Options{URL: h.URL, Code: testToken, Exercise: rv.ID})
	trainee := h.Join(t, rv.Codes["GNB"], "", "")
	if _, ok := asReview(trainee, netclient.Options{}).(client.Timeline); ok {
		t.Error("a trainee got the review's timeline")
	}
	tl, ok := ins.(client.Timeline)
	if !ok {
		t.Fatalf("the white cell's review is a %T, without a timeline", ins)
	}
	if tl.Duration() < 400 {
		t.Fatalf("review of %d ticks", tl.Duration())
	}
	// The marks come from the recording, fetched in the background.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		marks := ins.(client.Marker).Marks()
		if len(marks) > 0 {
			if !client.MarkKind(marks[0].Kind) {
				t.Errorf("mark %+v", marks[0])
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no timeline marks for the debrief")
		}
	}
	tl.Seek(300)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		v, _, _ := trainee.Poll()
		if v != nil && v.Tick == 300 && tl.Tick() == 300 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after the seek to 300 the trainee is at %v, the white cell at %d", v, tl.Tick())
		}
	}
	// R: the trainee sees the ground truth, then its own picture again.
	rvl := ins.(client.Revealer)
	g, err := render.New(ins, render.Options{Width: 800, Height: 600, NoCard: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, on := range []bool{true, false} {
		g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyR}}) // the white cell's key
		want := 2                                                           // GNB
		if on {
			want = sim.Instructor
		}
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			if v, _, _ := trainee.Poll(); v != nil && v.Team == want && rvl.Revealed() == on {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("reveal %v: the trainee never saw team %d's view", on, want)
			}
		}
	}
	next, err := ins.(client.Brancher).Branch(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	be := next.(branchedExercise)
	defer be.Close()
	if be.br.Tick != 300 || be.br.BranchOf.Recording != info.ID {
		t.Errorf("branched %+v", be.br)
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if v, _, _ := be.Poll(); v != nil && v.Tick == 300 && v.Paused && v.Team == sim.Instructor {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no paused white-cell view of the branch at 300")
		}
	}
}
