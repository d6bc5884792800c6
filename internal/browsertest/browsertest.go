//go:build !js

// Package browsertest drives headless Chromium for the tests that check a
// page in a real browser: the browser client (cmd/borderdrill-client),
// netclient built for js/wasm, and the after-action report. One Chromium
// serves a whole test binary: Start brings it up in the background while
// the test sets up its server, the tests (and subtests) take its one Tab
// in turn, so that every page after the first loads into a renderer that
// has the client's code compiled, and TestMain calls Close.
package browsertest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Window is the browser window's size in pixels.
const (
	WindowWidth  = 1280
	WindowHeight = 800
)

// PollEvery is how often Await evaluates its expression.
const PollEvery = 50 * time.Millisecond

var chrome struct {
	once   sync.Once
	up     chan struct{} // closed once the browser has started (or failed to)
	ctx    context.Context
	cancel func()
	err    error
	inUse  atomic.Bool // a test has the tab
}

// Path returns the Chromium to drive, or skips the test when there is
// none (and fails it when the environment variable CI is set: there the
// browser tests must run; scripts/deps.sh installs Chromium).
func Path(t testing.TB) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/chromium", "chromium", "chromium-browser"} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("browsertest: no chromium, and CI is set: the browser tests must run (scripts/deps.sh installs it)")
	}
	t.Skip("browsertest: no chromium, the page is not tested (apt-get install chromium; under CI=true this fails)")
	return ""
}

// Start starts the test binary's Chromium in the background, unless it
// is already running, and returns at once. It skips the test without
// Chromium (see Path).
func Start(t testing.TB) {
	t.Helper()
	path := Path(t)
	chrome.once.Do(func() {
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
			chromedp.ExecPath(path),
			chromedp.Headless, chromedp.NoSandbox, chromedp.NoFirstRun, chromedp.DisableGPU,
			chromedp.WindowSize(WindowWidth, WindowHeight),
			// Software WebGL, so that the client draws without a GPU.
			chromedp.Flag("use-angle", "swiftshader"),
			chromedp.Flag("enable-unsafe-swiftshader", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-dev-shm-usage", true),
			// Tabs side by side all run at full speed.
			chromedp.Flag("disable-background-timer-throttling", true),
			chromedp.Flag("disable-backgrounding-occluded-windows", true),
			chromedp.Flag("disable-renderer-backgrounding", true),
		)
		ctx, cancelCtx := chromedp.NewContext(actx)
		chrome.ctx, chrome.up = ctx, make(chan struct{})
		chrome.cancel = func() {
			cancelCtx()
			cancelAlloc()
		}
		go func() {
			defer close(chrome.up)
			if err := chromedp.Do(ctx); err != nil {
				chrome.err = fmt.Errorf("browsertest: starting %s: %w", path, err)
			}
		}()
	})
}

// Tab returns the test binary's one tab of its Chromium (starting it if
// need be). The tests use it in turn, never in parallel: each page loads
// into the renderer that loaded the one before, which has client.wasm
// compiled already. When the test ends the tab goes to about:blank, which
// stops its page.
func Tab(t testing.TB) context.Context {
	t.Helper()
	Start(t)
	<-chrome.up
	if chrome.err != nil {
		t.Fatal(chrome.err)
	}
	if !chrome.inUse.CompareAndSwap(false, true) {
		t.Fatal("browsertest: the tab is in use by another test; browser tests may not run in parallel")
	}
	t.Cleanup(func() {
		chromedp.Do(chrome.ctx, chromedp.Navigate("about:blank"))
		chrome.inUse.Store(false)
	})
	return chrome.ctx
}

// Close stops the test binary's Chromium, if it was started. Call it from
// TestMain after the tests have run.
func Close() {
	if chrome.cancel != nil {
		chrome.cancel()
	}
}

// Await evaluates the JavaScript expression expr (which yields a string)
// in the tab every PollEvery until done accepts its value, and returns
// that value. Errors of the evaluation (while a page navigates) are
// retried. After the deadline it fails the test with the last value and
// error.
func Await(t testing.TB, ctx context.Context, deadline time.Time, expr string, done func(string) bool) string {
	t.Helper()
	var last string
	var lastErr error
	for {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
		if err == nil && done(s) {
			return s
		}
		if err == nil {
			last = s
		} else {
			lastErr = err
		}
		if time.Now().After(deadline) {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.getElementById("message") || {}).textContent || ""`))
			t.Fatalf("browsertest: timed out waiting; last value %s, last error %v, page message %q", last, lastErr, msg)
		}
		select {
		case <-ctx.Done():
			t.Fatal(ctx.Err())
		case <-time.After(PollEvery):
		}
	}
}

// BuildWasm builds the Go package in dir (a directory or a package
// pattern, relative to the test's working directory) for js/wasm into
// out/client.wasm, next to Go's wasm_exec.js.
func BuildWasm(pkg, out string) error {
	start := time.Now()
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", filepath.Join(out, "client.wasm"), pkg)
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if b, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("browsertest: building %s for js/wasm: %v\n%s", pkg, err, b)
	}
	js, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return errors.Join(errors.New("browsertest: Go's wasm_exec.js"), err)
	}
	if err := os.WriteFile(filepath.Join(out, "wasm_exec.js"), js, 0o644); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "browsertest: built %s for js/wasm in %v\n", pkg, time.Since(start).Round(time.Millisecond))
	return nil
}
