//go:build !js

package main

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// TestReviewSession joins a review session of a server's recording as the
// white cell and as a trainee: the white cell gets a timeline whose seek
// moves the trainee's picture too, and branches from it; the trainee gets
// none.
func TestReviewSession(t *testing.T) {
	h, info := recordingServer(t, 400)
	var rv server.ExerciseInfo
	servertest.API(t, "POST", h.URL+"/api/recordings/"+info.ID+"/review", testToken, `{}`, http.StatusCreated, &rv)
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

// TestChat types chat in the game of a PONAL trainee joined to a real
// server: a team line reaches PONAL only, a line on the trochas liaison
// channel (PONAL–GNB) reaches GNB and not MIG, GNB's answer shows in the
// game, and keys typed into the chat line do not reach the controls.
func TestChat(t *testing.T) {
	h := testServer(t, "")
	ex := testExercise(t, h, 20)
	pon, gnb, mig := h.Join(t, ex.Codes["PONAL"], "", "t"), h.Join(t, ex.Codes["GNB"], "", "t"), h.Join(t, ex.Codes["MIG"], "", "t")
	g, err := render.New(pon, render.Options{Width: 1000, Height: 700, NoCard: true})
	if err != nil {
		t.Fatal(err)
	}
	step := func(in client.Input) { g.Step(in) }
	for deadline := time.Now().Add(10 * time.Second); g.View() == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no view")
		}
		step(client.Input{})
	}
	// The liaison channel with GNB is trochas: Tab count from the team channel.
	tabs := 1 + slices.IndexFunc(g.View().Comms, func(c sim.CommsView) bool { return c.Agreement == "trochas" })
	if tabs == 0 {
		t.Fatalf("PONAL's comms %+v lack trochas", g.View().Comms)
	}
	say := func(tabs int, text string) {
		step(client.Input{Keys: []client.Key{client.KeyT}, Chars: []rune("t")})
		if !g.ChatOpen() {
			t.Fatal("T did not open the chat line")
		}
		keys := []client.Key{client.KeyHelp} // typed '?' is text while the line is open
		for range tabs {
			keys = append(keys, client.KeyTab)
		}
		step(client.Input{Keys: keys, Chars: []rune(text)})
		if g.Controller().Help {
			t.Error("a key typed into the chat line opened the help")
		}
		step(client.Input{Keys: []client.Key{client.KeyEnter}})
	}
	waitChat := func(c *netclient.Client, text string, d time.Duration) []wire.Chat {
		var got []wire.Chat
		for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
			got = append(got, c.Chats()...)
			if slices.ContainsFunc(got, func(m wire.Chat) bool { return m.Text == text }) {
				return got
			}
		}
		return got
	}

	say(0, "equipo: revisen la trocha 3?")
	say(tabs, "GNB, grupo cruzando hacia La Parada?")
	got := waitChat(gnb, "GNB, grupo cruzando hacia La Parada?", 5*time.Second)
	i := slices.IndexFunc(got, func(m wire.Chat) bool { return m.Text == "GNB, grupo cruzando hacia La Parada?" })
	if i < 0 || got[i].Channel != wire.ChanLiaison || got[i].Agreement != "trochas" || !strings.HasPrefix(got[i].From, "PONAL/") {
		t.Fatalf("GNB got %+v", got)
	}
	if slices.ContainsFunc(got, func(m wire.Chat) bool { return strings.HasPrefix(m.Text, "equipo") }) {
		t.Error("PONAL's team line reached GNB")
	}
	if m := waitChat(mig, "never", time.Second); len(m) != 0 { // GNB has had both lines: MIG would have too
		t.Errorf("MIG got %+v: neither line was for MIG", m)
	}

	if err := gnb.Chat(wire.ChanLiaison, "trochas", "recibido, enviamos patrulla"); err != nil {
		t.Fatal(err)
	}
	want := []string{"[team] PONAL/t: equipo: revisen la trocha 3?", "[trochas] PONAL/t: GNB, grupo cruzando hacia La Parada?", "[trochas] GNB/t: recibido, enviamos patrulla"}
	for deadline := time.Now().Add(5 * time.Second); !slices.Equal(g.ChatLog(), want); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the game's chat: %q, want %q", g.ChatLog(), want)
		}
		step(client.Input{})
	}
}
