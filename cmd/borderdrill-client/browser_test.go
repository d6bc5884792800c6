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
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// webEnv names a directory holding the built browser client (index.html,
// wasm_exec.js, client.wasm); make test sets it to web/ after make wasm.
// Without it the test builds the client once into a temporary directory.
const webEnv = "BORDERDRILL_WEB"

var web struct {
	once sync.Once
	dir  string // built here, removed by cleanupWeb
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
	start := time.Now()
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", filepath.Join(dir, "client.wasm"), ".")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if out, err := build.CombinedOutput(); err != nil {
		return dir, fmt.Errorf("building the client for js/wasm: %v\n%s", err, out)
	}
	for src, dst := range map[string]string{
		filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"): "wasm_exec.js",
		filepath.Join("..", "..", "web", "index.html"):                 "index.html",
	} {
		b, err := os.ReadFile(src)
		if err != nil {
			return dir, err
		}
		if err := os.WriteFile(filepath.Join(dir, dst), b, 0o644); err != nil {
			return dir, err
		}
	}
	fmt.Fprintf(os.Stderr, "browser test: built the js/wasm client in %v\n", time.Since(start).Round(time.Millisecond))
	return dir, nil
}

func cleanupWeb() {
	if web.dir != "" {
		os.RemoveAll(web.dir)
	}
}

// chromiumPath returns the Chromium to drive, or skips the test without
// one (but fails under CI, where it must run).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium, and CI is set: the browser test must run (scripts/deps.sh installs it)")
	}
	t.Skip("no chromium: the browser client is not tested (apt-get install chromium; under CI=true this fails)")
	return ""
}

// TestBrowser runs the real browser client — the Ebiten client built for
// js/wasm, served by the server from its web directory — in headless
// Chromium. A trainee joins from the lobby's form; the client must draw
// the map (checked on a screenshot), and commands sent through the
// automation hook must be accepted for the team's own unit and rejected for
// another team's. The white cell joins from the instructor's lobby link;
// without a code the page points to the lobby.
func TestBrowser(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: no browser")
	}
	chromium := chromiumPath(t)
	dir := browserWeb(t)
	h := testServer(t, dir)
	ex := testExercise(t, h, 20)

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
	other, err := netclient.Dial(t.Context(), netclient.Options{URL: h.URL, Code: ex.Codes["PONAL"], Name: "other"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	v, _, _ := other.Poll()
	if v == nil || len(v.Units) == 0 {
		t.Fatal("PONAL has no units in its first view")
	}
	otherUnit := v.Units[0].ID

	bctx := browser(t, chromium)
	deadline := time.Now().Add(60 * time.Second)

	// The lobby, as a trainee finds it: type the team's code and a name
	// into the join form and submit it.
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
	t.Logf("client.wasm fetched %.0f ms after navigation", fetched)
	// Frame rate in headless Chromium (software WebGL), for PERFORMANCE.md.
	t0, f0 := time.Now(), st.Frames
	time.Sleep(2 * time.Second)
	st2 := awaitStatus(t, bctx, deadline, func(hookStatus) bool { return true })
	t.Logf("%.1f frames per second drawn; %.1f views per second", float64(st2.Frames-f0)/time.Since(t0).Seconds(),
		float64(st2.Views-st.Views)/time.Since(t0).Seconds())
	loc, _ := chromedp.Run(bctx, chromedp.Location())
	if !strings.Contains(loc, "/client/?code="+ex.Codes["GNB"]) || !strings.Contains(loc, "name=Trainee+One") {
		t.Errorf("the join form led to %s", loc)
	}
	if title, _ := chromedp.Run(bctx, chromedp.Title()); !strings.Contains(title, ex.ID) || !strings.Contains(title, "(GNB)") {
		t.Errorf("page title %q: want the exercise and the team", title)
	}

	// The map is drawn: both countries' fills and the border line.
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
	idOther := sendHook(t, bctx, fmt.Sprintf(`{"kind": "hold", "unit": %d, "team": %d}`, otherUnit, v.Team))
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

	// The white cell opens the client from the instructor's lobby.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(h.URL+"/?token="+testToken),
		chromedp.Click(chromedp.CSS(`a[href^="/client/?exercise=`+ex.ID+`"]`)),
	); err != nil {
		t.Fatal(err)
	}
	st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Joined && s.Frames >= 5 })
	if title, _ := chromedp.Run(bctx, chromedp.Title()); st.TeamID != "WHITE" || st.Exercise != ex.ID || !strings.Contains(title, "White cell") {
		t.Errorf("white cell: status %+v, title %q", st, title)
	}

	// Without a code the page sends the user to the lobby.
	if err := chromedp.Do(bctx, chromedp.Navigate(h.URL+"/client/")); err != nil {
		t.Fatal(err)
	}
	st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Err != "" })
	text, _ := chromedp.Run(bctx, chromedp.Text(chromedp.ID("message")))
	if st.Joined || !strings.Contains(st.Err, "no join code") || !strings.Contains(text, "lobby") {
		t.Errorf("without a code: status %+v, message %q", st, text)
	}
}

// browser starts headless Chromium (software WebGL) for the test and
// returns its context; it is closed when the test ends.
func browser(t *testing.T, chromium string) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.DisableGPU,
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	bctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
	})
	return bctx
}

// awaitStatus polls the hook until cond holds or the deadline passes.
func awaitStatus(t *testing.T, ctx context.Context, deadline time.Time, cond func(hookStatus) bool) hookStatus {
	t.Helper()
	var st hookStatus
	var last error
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.borderdrill ? window.borderdrill.status() : ""`))
		switch {
		case err != nil:
			last = err // e.g. while the page navigates
		case s != "":
			st = hookStatus{}
			if err := json.Unmarshal([]byte(s), &st); err != nil {
				t.Fatalf("status %q: %v", s, err)
			}
			if cond(st) {
				return st
			}
		}
		if time.Now().After(deadline) {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("message") || {}).textContent || ""`))
			t.Fatalf("timed out; status %+v, last error %v, page message %q", st, last, msg)
		}
		time.Sleep(100 * time.Millisecond)
	}
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
// server, which the page joins as the white cell, paused at that tick.
func TestBrowserReplay(t *testing.T) {
	if testing.Short() && os.Getenv("CI") == "" {
		t.Skip("-short: no browser")
	}
	chromium := chromiumPath(t)
	dir := browserWeb(t)
	srv := server.New(server.Config{InstructorToken: testToken, WebDir: dir, DataDir: t.TempDir(), CheckpointEvery: 25})
	h := httptest.NewServer(srv.Handler())
	defer func() {
		srv.Close()
		h.Close()
	}()
	ex := testExercise(t, h, 1000)
	a := &netclient.Archive{URL: h.URL, Token: testToken}
	for deadline := time.Now().Add(20 * time.Second); ; {
		list, err := a.Recordings(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(list) == 1 && list[0].Ticks >= 900 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("recordings %+v", list)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Stop the original, so that its recording no longer grows.
	req, _ := http.NewRequest("DELETE", h.URL+"/api/exercises/"+ex.ID, nil)
	req.Header.Set("Authorization", "Bearer "+testToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("stopping the exercise: %v %v", resp, err)
	}

	bctx := browser(t, chromium)
	deadline := time.Now().Add(60 * time.Second)

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
	pressKey(t, bctx, "End", "End", 35)
	st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Tick == end })

	pressKey(t, bctx, "n", "KeyN", 78) // asks first
	pressKey(t, bctx, "n", "KeyN", 78)
	st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return !s.Replay && s.Exercise != "" })
	if st.Exercise == ex.ID || st.TeamID != "WHITE" {
		t.Fatalf("after N: status %+v, want the white cell of a new exercise", st)
	}
	var branch *server.ExerciseInfo
	for _, x := range srv.Exercises() {
		if x.ID == st.Exercise {
			branch = &x
		}
	}
	if branch == nil || branch.BranchOf == nil || branch.BranchOf.Recording != ex.ID || branch.BranchOf.Tick != end || !branch.Paused || branch.Tick != end {
		t.Fatalf("the server's exercises %+v: want %s, paused at %d, branched from %s", srv.Exercises(), st.Exercise, end, ex.ID)
	}
	st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Tick == end })

	// The lobby's branch form: five simulated minutes into the recording.
	sel := `#recordings form[onsubmit*="` + ex.ID + `"]`
	if err := chromedp.Do(bctx,
		chromedp.Navigate(h.URL+"/?token="+testToken),
		chromedp.SetValue(chromedp.CSS(sel+` input[name=at]`), "0:05"),
		chromedp.Click(chromedp.CSS(sel+` button`)),
	); err != nil {
		t.Fatal(err)
	}
	for {
		var fromForm *server.ExerciseInfo
		for _, x := range srv.Exercises() {
			if x.BranchOf != nil && x.BranchOf.Tick == 300 && x.BranchOf.Recording == ex.ID {
				fromForm = &x
			}
		}
		if fromForm != nil {
			if !fromForm.Paused || fromForm.Tick != 300 {
				t.Errorf("the lobby's branch: %+v, want paused at tick 300", fromForm)
			}
			awaitLobbyShows(t, bctx, deadline, fromForm.ID) // the page reloads itself
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the lobby's branch form made no exercise at tick 300: %+v", srv.Exercises())
		}
		time.Sleep(100 * time.Millisecond)
	}

	// A debrief from the lobby: the white cell's page has the timeline,
	// and End moves the review (and every team's picture) to the end.
	if err := chromedp.Do(bctx,
		chromedp.Navigate(h.URL+"/?token="+testToken),
		chromedp.Click(chromedp.CSS(`#recordings button[onclick="reviewRecording('`+ex.ID+`')"]`)),
	); err != nil {
		t.Fatal(err)
	}
	var review *server.ExerciseInfo
	for review == nil {
		for _, x := range srv.Exercises() {
			if x.Review != nil && x.Review.Recording == ex.ID {
				review = &x
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the Debrief button made no review session: %+v", srv.Exercises())
		}
		time.Sleep(100 * time.Millisecond)
	}
	awaitLobbyShows(t, bctx, deadline, review.ID) // the page reloads itself
	if err := chromedp.Do(bctx,
		chromedp.Navigate(h.URL+"/?token="+testToken),
		chromedp.Click(chromedp.CSS(`a[href^="/client/?exercise=`+review.ID+`"]`)),
	); err != nil {
		t.Fatal(err)
	}
	st = awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Joined && s.Exercise == review.ID && s.Frames >= 5 })
	if !st.Replay || st.Duration != review.Review.Duration || st.TeamID != "WHITE" {
		t.Fatalf("the white cell's debrief page: %+v", st)
	}
	if title, _ := chromedp.Run(bctx, chromedp.Title()); !strings.Contains(title, "debrief "+review.ID+" of "+ex.ID) {
		t.Errorf("debrief page title %q", title)
	}
	if err := chromedp.Do(bctx, chromedp.Click(chromedp.CSS("canvas"))); err != nil {
		t.Fatal(err)
	}
	pressKey(t, bctx, "End", "End", 35)
	awaitStatus(t, bctx, deadline, func(s hookStatus) bool { return s.Tick == review.Review.Duration })
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

// pressKey holds a key down for a few frames, as a user does, so that the
// game's once-a-frame input reading sees it.
func pressKey(t *testing.T, ctx context.Context, key, code string, vk int64) {
	t.Helper()
	send := func(typ input.DispatchKeyEventType) chromedp.Action[chromedp.Void] {
		return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, input.DispatchKeyEventParams{
				Type: typ, Key: key, Code: code, WindowsVirtualKeyCode: vk, NativeVirtualKeyCode: vk,
			})
			return err
		})
	}
	if err := chromedp.Do(ctx, send(input.DispatchKeyEventTypeRawKeyDown), chromedp.Sleep(150*time.Millisecond), send(input.DispatchKeyEventTypeKeyUp)); err != nil {
		t.Fatal(err)
	}
}
