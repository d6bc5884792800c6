//go:build !js

package netclient_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/borderdrill/borderdrill/internal/browsertest"
	"github.com/borderdrill/borderdrill/netclient/internal/pagestatus"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
)

const testPage = `<!doctype html>
<html><head><meta charset="utf-8"><title>netclient in the browser</title>
<script src="wasm_exec.js"></script>
<script>
const go = new Go();
WebAssembly.instantiateStreaming(fetch("client.wasm"), go.importObject).then(r => go.run(r.instance));
</script></head><body></body></html>
`

// TestBrowser builds netclient for js/wasm, serves it from the server's
// /client/ and runs it in headless Chromium: it must join over the
// browser's WebSocket, follow the view stream and get a command accepted.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: no browser")
	}
	browsertest.Start(t) // comes up while the page builds
	web := t.TempDir()
	if err := browsertest.BuildWasm("./testdata/wasm", web); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(web, "index.html"), []byte(testPage), 0o644); err != nil {
		t.Fatal(err)
	}

	f := setupWeb(t, 20, web)
	ctx := browsertest.Tab(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(f.url+"/client/?code="+f.codes["GNB"])); err != nil {
		t.Fatal(err)
	}
	st := waitStatus(t, ctx, func(st pagestatus.Status) bool { return st.Frames >= 20 && (st.Accepted || st.Rejected != "") })
	t.Logf("browser: %+v", st)
	if st.Team != teamGNB || st.Map != "col-ven" || st.Units == 0 || st.Crossers != 0 || !st.Accepted {
		t.Errorf("page status %+v: want GNB's view of col-ven with units, no crossers, the move accepted", st)
	}
	if _, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err != nil {
		t.Error(errors.Join(errors.New("screenshot"), err))
	}

	// A border pair that is not bundled: the browser build has no world
	// data, so the page fetches the map from the server (GET /api/maps/).
	src, err := scenarios.Starter("nor-swe")
	if err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("nor-swe.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	info, err := f.NewExercise(sc, server.ExerciseOptions{Seed: 3, Speed: 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(f.url+"/client/?code="+info.Codes["SWE"])); err != nil {
		t.Fatal(err)
	}
	st = waitStatus(t, ctx, func(st pagestatus.Status) bool { return st.Map != "" && st.Frames >= 5 })
	if st.Map != "nor-swe" || st.Team != 1 || st.Units == 0 {
		t.Errorf("page status %+v: want SWE's view of nor-swe with units", st)
	}
}

// waitStatus polls the page's status until done accepts it, failing the
// test on a page error or after a minute.
func waitStatus(t *testing.T, ctx context.Context, done func(pagestatus.Status) bool) pagestatus.Status {
	t.Helper()
	var st pagestatus.Status
	browsertest.Await(t, ctx, time.Now().Add(60*time.Second), `window.bdStatus || ""`, func(s string) bool {
		if s == "" {
			return false
		}
		st = pagestatus.Status{}
		if err := json.Unmarshal([]byte(s), &st); err != nil {
			t.Fatal(err)
		}
		if st.Err != "" {
			t.Fatalf("the page failed: %s", st.Err)
		}
		return done(st)
	})
	return st
}
