//go:build !js

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/internal/browsertest"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
)

// webEnv names a directory holding the built browser client (index.html,
// wasm_exec.js, client.wasm); make test sets it to web/ after make wasm.
// Without it the test builds the client once into a temporary directory.
const webEnv = "BORDERDRILL_WEB"

var web struct {
	once sync.Once
	dir  string // built here, removed by cleanupBrowser
	err  error
}

// browserWeb returns the directory of the browser client.
func browserWeb(t *testing.T) string {
	t.Helper()
	if d := os.Getenv(webEnv); d != "" {
		for _, f := range []string{"index.html", "wasm_exec.js", "client.wasm"} {
			if _, err := os.Stat(filepath.Join(d, f)); err != nil {
				t.Fatalf("$%s=%s: %v (make wasm builds it)", webEnv, d, err)
			}
		}
		return d
	}
	web.once.Do(func() {
		web.dir, web.err = buildWeb()
	})
	if web.err != nil {
		t.Fatal(web.err)
	}
	return web.dir
}

// buildWeb builds the browser client as make wasm does, with the
// committed web/index.html, into a new temporary directory.
func buildWeb() (string, error) {
	dir, err := os.MkdirTemp("", "borderdrill-web-")
	if err != nil {
		return "", err
	}
	if err := browsertest.BuildWasm(".", dir); err != nil {
		return dir, err
	}
	page, err := os.ReadFile(filepath.Join("..", "..", "web", "index.html"))
	if err != nil {
		return dir, err
	}
	return dir, os.WriteFile(filepath.Join(dir, "index.html"), page, 0o644)
}

// shared is the browser tests' one server: it serves the client, records
// its exercises, and stays up from one test to the next, so that the
// browser's cache of client.wasm (and of its compiled code) carries over.
var shared struct {
	once sync.Once
	srv  *servertest.Server
	data string // its data directory
	err  error
}

// browserSetup skips a browser test under -short (but not under CI),
// starts Chromium in the background, and returns the browser tests'
// server, starting it on first use.
func browserSetup(t *testing.T) *servertest.Server {
	t.Helper()
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: no browser")
	}
	browsertest.Start(t) // comes up while the test sets up its exercise
	dir := browserWeb(t)
	shared.once.Do(func() {
		if shared.data, shared.err = os.MkdirTemp("", "borderdrill-browser-data-"); shared.err != nil {
			return
		}
		shared.srv = servertest.Open(server.Config{InstructorToken: testToken, WebDir: dir, DataDir: shared.data, CheckpointEvery: 25}, nil)
	})
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.srv
}

// cleanupBrowser stops what the browser tests share: their server,
// Chromium and the client built for them.
func cleanupBrowser() {
	if shared.srv != nil {
		shared.srv.Close()
		os.RemoveAll(shared.data)
	}
	browsertest.Close()
	if web.dir != "" {
		os.RemoveAll(web.dir)
	}
}

// browserTimeout bounds each browser subtest.
const browserTimeout = 60 * time.Second

// TestBrowser runs the real browser client — the Ebiten client built for
// js/wasm, served by the server from its web directory — in headless
// Chromium. A trainee joins from the lobby's form; the client must draw
// the map (checked on a screenshot), and commands sent through the
// automation hook must be accepted for the team's own unit and rejected for
// another team's. The white cell joins from the instructor's lobby link;
// without a code the page points to the lobby. The pages take the one tab
// of the browser tests' Chromium in turn.
func TestBrowser(t *testing.T) {
	h := browserSetup(t)
	ex := testExercise(t, h, 20)
	t.Cleanup(func() { stopExercise(t, h, ex.ID) })

	// The files come with the types browsers need.
	for path, want := range map[string]string{"client.wasm": "application/wasm", "wasm_exec.js": "javascript", "": "text/html"} {
		resp, err := http.Get(h.URL + "/client/" + path)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || !strings.Contains(ct, want) {
			t.Errorf("/client/%s: %s, Content-Type %q; want 200 and %q", path, resp.Status, ct, want)
		}
	}

	// Another team's unit, as that team sees it.
	v, _, _ := h.Join(t, ex.Codes["PONAL"], "", "other").Poll()
	if v == nil || len(v.Units) == 0 {
		t.Fatal("PONAL has no units in its first view")
	}
	otherUnit, otherTeam := v.Units[0].ID, v.Team

	t.Run("trainee", func(t *testing.T) {
		bctx := browsertest.Tab(t)
		deadline := time.Now().Add(browserTimeout)

		// The lobby, as a trainee finds it: type the team's code and a
		// name into the join form and submit it.
		if err := chromedp.Do(bctx,
			chromedp.Navigate(h.URL+"/"),
			chromedp.SendKeys(chromedp.CSS(`form[action="/client/"] input[name=code]`), ex.Codes["GNB"]),
			chromedp.SendKeys(chromedp.CSS(`form[action="/client/"] input[name=name]`), "Trainee One"),
			chromedp.Click(chromedp.CSS(`form[action="/client/"] button`)),
		); err != nil {
			t.Fatal(err)
		}
		const frames = 20
		st := awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Joined && s.Frames >= frames })
		t.Logf("joined: exercise %s, team %s, tick %d, %d views, %d frames, first frame %.0f ms after navigation",
			st.Exercise, st.TeamID, st.Tick, st.Views, st.Frames, st.FirstFrameMs)
		if st.Exercise != ex.ID || st.TeamID != "GNB" || len(st.Units) == 0 || st.FirstFrameMs <= 0 {
			t.Errorf("status %+v: want GNB in exercise %s with units and a first-frame time", st, ex.ID)
		}
		for _, u := range st.Units {
			if u.Team != st.Team {
				t.Errorf("unit %+v of another team in GNB's view", u)
			}
		}
		fetched, _ := chromedp.Run(bctx, chromedp.Evaluate[float64](`(performance.getEntriesByName(new URL("client.wasm", location.href).href)[0] || {responseEnd: -1}).responseEnd`))
		t.Logf("client.wasm fetched %.0f ms after navigation; then %+v", fetched, st.Marks)
		// Frame rate in headless Chromium (software WebGL), for
		// PERFORMANCE.md: over the next 5 frames.
		t0 := time.Now()
		st2 := awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Frames >= st.Frames+5 })
		t.Logf("%.1f frames per second drawn; %.1f views per second", float64(st2.Frames-st.Frames)/time.Since(t0).Seconds(),
			float64(st2.Views-st.Views)/time.Since(t0).Seconds())
		loc, _ := chromedp.Run(bctx, chromedp.Location())
		if !strings.Contains(loc, "/client/?code="+ex.Codes["GNB"]) || !strings.Contains(loc, "name=Trainee+One") {
			t.Errorf("the join form led to %s", loc)
		}
		if title, _ := chromedp.Run(bctx, chromedp.Title()); !strings.Contains(title, ex.ID) || !strings.Contains(title, "(GNB)") {
			t.Errorf("page title %q: want the exercise and the team", title)
		}

		// The map is drawn: both countries' fills and the border line,
		// once the start card (the briefing) is put away as a user does.
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("canvas"))); err != nil {
			t.Fatal(err)
		}
		pressKey(t, bctx, deadline, "Escape", "Escape", 27)
		shot, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(shot))
		if err != nil {
			t.Fatal(err)
		}
		if out := os.Getenv("BORDERDRILL_BROWSER_SHOT"); out != "" {
			os.WriteFile(out, shot, 0o644)
		}
		b := img.Bounds()
		total := b.Dx() * b.Dy()
		a, bb, border := countNear(img, colCountryA, 6), countNear(img, colCountryB, 6), countNear(img, colBorder, 24)
		t.Logf("screenshot %dx%d: country A %.1f%%, country B %.1f%%, border %d px", b.Dx(), b.Dy(),
			100*float64(a)/float64(total), 100*float64(bb)/float64(total), border)
		if b.Dx() < 1000 || 100*a < 3*total || 100*bb < 3*total || border < 200 {
			t.Errorf("screenshot %v: %d country-A, %d country-B and %d border pixels of %d; want the map drawn full window", b, a, bb, border, total)
		}

		// Commands through the hook take the client's own path: the server
		// stamps GNB on them whatever they say.
		own := st.Units[0].ID
		idOwn := sendHook(t, bctx, fmt.Sprintf(`{"kind": "hold", "unit": %d}`, own))
		idOther := sendHook(t, bctx, fmt.Sprintf(`{"kind": "hold", "unit": %d, "team": %d}`, otherUnit, otherTeam))
		if msg, _ := chromedp.Run(bctx, chromedp.Evaluate[string](`String(borderdrill.send('{"kind": "fly"}'))`)); !strings.Contains(msg, "unknown command kind") {
			t.Errorf("send of a bad command: %q", msg)
		}
		st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return ackOf(s, idOwn) != nil && ackOf(s, idOther) != nil })
		if a := ackOf(st, idOwn); !a.Accepted {
			t.Errorf("hold of own unit %d: %+v, want accepted", own, *a)
		}
		if a := ackOf(st, idOther); a.Accepted || a.Reason != sim.ReasonNotYourUnit {
			t.Errorf("hold of PONAL's unit %d: %+v, want rejected: %s", otherUnit, *a, sim.ReasonNotYourUnit)
		}

		// Q opens the requests panel, V the joint-commission view (in its
		// place), V again closes it.
		tr := i18n.Get(st.Lang)
		overlay := func(first string) {
			t.Helper()
			awaitStatus(t, bctx, deadline, func(s hookStatus) bool {
				return (first == "" && len(s.Overlay) == 0) || (len(s.Overlay) > 0 && s.Overlay[0] == first)
			})
		}
		pressKey(t, bctx, deadline, "q", "KeyQ", 81)
		overlay(tr.F("coop.requests", 0))
		pressKey(t, bctx, deadline, "v", "KeyV", 86)
		overlay(tr.F("coop.commission", 0))
		pressKey(t, bctx, deadline, "v", "KeyV", 86)
		overlay("")
	})

	t.Run("white cell", func(t *testing.T) {
		bctx := browsertest.Tab(t)
		// The white cell opens the client from the instructor's lobby.
		if err := chromedp.Do(bctx,
			chromedp.Navigate(h.URL+"/?token="+testToken),
			chromedp.Click(chromedp.CSS(`a[href^="/client/?exercise=`+ex.ID+`"]`)),
		); err != nil {
			t.Fatal(err)
		}
		st := awaitStatus(t, bctx, time.Now().Add(browserTimeout), func(s hookStatus) bool { return s.Joined && s.Frames >= 5 })
		if title, _ := chromedp.Run(bctx, chromedp.Title()); st.TeamID != "WHITE" || st.Exercise != ex.ID || !strings.Contains(title, "White cell") {
			t.Errorf("white cell: status %+v, title %q", st, title)
		}
	})

	t.Run("no code", func(t *testing.T) {
		bctx := browsertest.Tab(t)
		// Without a code the page sends the user to the lobby.
		if err := chromedp.Do(bctx, chromedp.Navigate(h.URL+"/client/")); err != nil {
			t.Fatal(err)
		}
		st := awaitStatus(t, bctx, time.Now().Add(browserTimeout), func(s hookStatus) bool { return s.Err != "" })
		text, _ := chromedp.Run(bctx, chromedp.Text(chromedp.ID("message")))
		if st.Joined || !strings.Contains(st.Err, "no join code") || !strings.Contains(text, "lobby") {
			t.Errorf("without a code: status %+v, message %q", st, text)
		}
	})
}

// awaitStatus polls the page's hook until cond holds for its status, or
// fails the test after the deadline.
func awaitStatus(t *testing.T, ctx context.Context, deadline time.Time, cond func(hookStatus) bool) hookStatus {
	t.Helper()
	var st hookStatus
	browsertest.Await(t, ctx, deadline, `window.borderdrill ? window.borderdrill.status() : ""`, func(s string) bool {
		if s == "" {
			return false
		}
		st = hookStatus{}
		if err := json.Unmarshal([]byte(s), &st); err != nil {
			t.Fatalf("status %q: %v", s, err)
		}
		return cond(st)
	})
	return st
}

// sendHook sends a command through the page's hook and returns its id.
func sendHook(t *testing.T, ctx context.Context, cmd string) uint32 {
	t.Helper()
	js, _ := json.Marshal(cmd)
	r, err := chromedp.Run(ctx, chromedp.Evaluate[any](`borderdrill.send(`+string(js)+`)`))
	if err != nil {
		t.Fatal(err)
	}
	id, ok := r.(float64)
	if !ok || id <= 0 {
		t.Fatal(errors.New(fmt.Sprint("send(", cmd, ") = ", r)))
	}
	return uint32(id)
}

func ackOf(s hookStatus, id uint32) *hookAck {
	for i := range s.Acks {
		if s.Acks[i].ID == id {
			return &s.Acks[i]
		}
	}
	return nil
}

// TestBrowserReplay opens one of a server's recordings from the
// instructor's lobby in the browser client: it plays back with its
// timeline; the End key seeks to the end; N branches a new exercise on the
// server, which the page joins as the white cell, paused at that tick. The
// lobby's branch form makes another branch, and its Debrief button a review
// session whose timeline the white cell's page drives. The pages take the
// one tab of the browser tests' Chromium in turn.
func TestBrowserReplay(t *testing.T) {
	h := browserSetup(t)
	ex := testExercise(t, h, 1000)
	awaitRecording(t, h, ex.ID, 900)
	// Stop the original, so that its recording no longer grows.
	stopExercise(t, h, ex.ID)
	// findExercise returns the server's exercise that match accepts.
	findExercise := func(match func(server.ExerciseInfo) bool) *server.ExerciseInfo {
		for _, x := range h.Exercises() {
			if match(x) {
				return &x
			}
		}
		return nil
	}

	t.Run("replay and branch", func(t *testing.T) {
		bctx := browsertest.Tab(t)
		deadline := time.Now().Add(browserTimeout)
		if err := chromedp.Do(bctx,
			chromedp.Navigate(h.URL+"/?token="+testToken),
			chromedp.Click(chromedp.CSS(`#recordings a[href^="/client/?replay=`+ex.ID+`"]`)),
		); err != nil {
			t.Fatal(err)
		}
		st := awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Joined && s.Frames >= 5 })
		if !st.Replay || st.Duration < 900 || st.TeamID != "WHITE" {
			t.Fatalf("replay status %+v: want the white cell's replay of ≥ 900 ticks", st)
		}
		if title, _ := chromedp.Run(bctx, chromedp.Title()); !strings.Contains(title, "replay "+ex.ID) {
			t.Errorf("page title %q", title)
		}
		end := st.Duration
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("canvas"))); err != nil {
			t.Fatal(err)
		}
		pressKey(t, bctx, deadline, "Escape", "Escape", 27) // puts the start card away
		pressKey(t, bctx, deadline, "End", "End", 35)
		awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Tick == end })

		pressKey(t, bctx, deadline, "n", "KeyN", 78) // asks first
		pressKey(t, bctx, deadline, "n", "KeyN", 78)
		st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return !s.Replay && s.Exercise != "" })
		if st.Exercise == ex.ID || st.TeamID != "WHITE" {
			t.Fatalf("after N: status %+v, want the white cell of a new exercise", st)
		}
		branch := findExercise(func(x server.ExerciseInfo) bool { return x.ID == st.Exercise })
		if branch == nil || branch.BranchOf == nil || branch.BranchOf.Recording != ex.ID || branch.BranchOf.Tick != end || !branch.Paused || branch.Tick != end {
			t.Fatalf("the server's exercises %+v: want %s, paused at %d, branched from %s", h.Exercises(), st.Exercise, end, ex.ID)
		}
		awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Tick == end })
	})

	t.Run("lobby branch form", func(t *testing.T) {
		bctx := browsertest.Tab(t)
		deadline := time.Now().Add(browserTimeout)
		// Five simulated minutes into the recording.
		sel := `#recordings form[onsubmit*="` + ex.ID + `"]`
		if err := chromedp.Do(bctx,
			chromedp.Navigate(h.URL+"/?token="+testToken),
			chromedp.SetValue(chromedp.CSS(sel+` input[name=at]`), "0:05"),
			chromedp.Click(chromedp.CSS(sel+` button`)),
		); err != nil {
			t.Fatal(err)
		}
		fromForm := awaitExercise(t, deadline, "the lobby's branch form made no exercise at tick 300", func() *server.ExerciseInfo {
			return findExercise(func(x server.ExerciseInfo) bool {
				return x.BranchOf != nil && x.BranchOf.Tick == 300 && x.BranchOf.Recording == ex.ID
			})
		})
		if !fromForm.Paused || fromForm.Tick != 300 {
			t.Errorf("the lobby's branch: %+v, want paused at tick 300", fromForm)
		}
		awaitLobbyShows(t, bctx, deadline, fromForm.ID) // the page reloads itself
	})

	t.Run("debrief", func(t *testing.T) {
		bctx := browsertest.Tab(t)
		deadline := time.Now().Add(browserTimeout)
		// A debrief from the lobby: the white cell's page has the
		// timeline, and End moves the review (and every team's picture)
		// to the end.
		if err := chromedp.Do(bctx,
			chromedp.Navigate(h.URL+"/?token="+testToken),
			chromedp.Click(chromedp.CSS(`#recordings button[onclick="reviewRecording('`+ex.ID+`')"]`)),
		); err != nil {
			t.Fatal(err)
		}
		review := awaitExercise(t, deadline, "the Debrief button made no review session", func() *server.ExerciseInfo {
			return findExercise(func(x server.ExerciseInfo) bool { return x.Review != nil && x.Review.Recording == ex.ID })
		})
		awaitLobbyShows(t, bctx, deadline, review.ID) // the page reloads itself
		if err := chromedp.Do(bctx,
			chromedp.Navigate(h.URL+"/?token="+testToken),
			chromedp.Click(chromedp.CSS(`a[href^="/client/?exercise=`+review.ID+`"]`)),
		); err != nil {
			t.Fatal(err)
		}
		st := awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Joined && s.Exercise == review.ID && s.Frames >= 5 })
		if !st.Replay || st.Duration != review.Review.Duration || st.TeamID != "WHITE" {
			t.Fatalf("the white cell's debrief page: %+v", st)
		}
		if title, _ := chromedp.Run(bctx, chromedp.Title()); !strings.Contains(title, "debrief "+review.ID+" of "+ex.ID) {
			t.Errorf("debrief page title %q", title)
		}
		if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("canvas"))); err != nil {
			t.Fatal(err)
		}
		pressKey(t, bctx, deadline, "Escape", "Escape", 27) // puts the start card away
		pressKey(t, bctx, deadline, "End", "End", 35)
		awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Tick == review.Review.Duration })
	})
}

// stopExercise stops an exercise through the API, as the lobby's Stop
// button does.
func stopExercise(t *testing.T, h *servertest.Server, id string) {
	t.Helper()
	servertest.API(t, "DELETE", h.URL+"/api/exercises/"+id, testToken, "", http.StatusNoContent, nil)
}

// awaitExercise waits until find finds an exercise on the server, or
// fails with msg after the deadline.
func awaitExercise(t *testing.T, deadline time.Time, msg string, find func() *server.ExerciseInfo) *server.ExerciseInfo {
	t.Helper()
	for {
		if x := find(); x != nil {
			return x
		}
		if time.Now().After(deadline) {
			t.Fatal(msg)
		}
		time.Sleep(browsertest.PollEvery)
	}
}

// awaitLobbyShows waits until the lobby page, which reloads itself after
// a button's request, lists the exercise id, so that the next navigation
// does not cut the reload short.
func awaitLobbyShows(t *testing.T, ctx context.Context, deadline time.Time, id string) {
	t.Helper()
	for {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && document.body.innerText.includes(`+"`"+id+"`"+`)`)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lobby never listed %s", id)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// pressKey holds a key down until the page has drawn two more frames, as
// a user does, so that the game's once-a-frame input reading sees it.
func pressKey(t *testing.T, ctx context.Context, deadline time.Time, key, code string, vk int64) {
	t.Helper()
	send := func(typ input.DispatchKeyEventType) {
		err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk,
			})
			return err
		}))
		if err != nil {
			t.Fatal(err)
		}
	}
	before := awaitStatus(t, ctx, deadline, func(hookStatus) bool { return true })
	send(input.DispatchKeyEventTypeRawKeyDown)
	awaitStatus(t, ctx, deadline, func(s hookStatus) bool { return s.Frames >= before.Frames+2 })
	send(input.DispatchKeyEventTypeKeyUp)
}
