package aar_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/borderdrill/borderdrill/aar"
)

const chromium = "/usr/bin/chromium"

// pageStatus is what the test reads from the rendered report.
type pageStatus struct {
	Images   int      `json:"images"`
	Loaded   int      `json:"loaded"` // complete with a natural width
	MinWidth int      `json:"minWidth"`
	Rows     []string `json:"rows"` // objective ids of the objectives table
	Injects  int      `json:"injects"`
	Height   int      `json:"height"`
}

// TestBrowser opens the report in headless Chromium after copying its
// directory elsewhere: every picture must load, the objectives table must
// list the objectives, and the page must not be blank. It runs wherever
// Chromium is installed and always under CI.
func TestBrowser(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("no " + chromium + " (run scripts/deps.sh); required under CI")
		}
		t.Fatalf("CI needs %s: %v", chromium, err)
	}
	r := reviewGolden(t, aar.Options{})
	made := writeReview(t, r, aar.WriteOptions{})
	// The report must work from wherever its directory is copied to.
	dir := t.TempDir()
	entries, err := os.ReadDir(made)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(made, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.RemoveAll(made); err != nil {
		t.Fatal(err)
	}

	actx, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.WindowSize(1200, 900),
	)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate("file://"+filepath.Join(dir, aar.IndexFile))); err != nil {
		t.Fatal(err)
	}
	const probe = `JSON.stringify({
		images: document.images.length,
		loaded: Array.from(document.images).filter(i => i.complete && i.naturalWidth > 0).length,
		minWidth: Math.min(...Array.from(document.images).map(i => i.naturalWidth)),
		rows: Array.from(document.querySelectorAll("#objectives tbody tr td:first-child b")).map(b => b.textContent),
		injects: document.querySelectorAll("#injects tbody tr").length,
		height: document.documentElement.scrollHeight,
	})`
	var st pageStatus
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](probe))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal([]byte(s), &st); err != nil {
			t.Fatal(err)
		}
		if st.Loaded == st.Images || time.Now().After(deadline) {
			break
		}
	}
	t.Logf("page: %+v", st)
	if st.Images != 4 || st.Loaded != st.Images || st.MinWidth < 600 {
		t.Errorf("%d of %d images loaded (narrowest %d px); want all 4, at least 600 px wide", st.Loaded, st.Images, st.MinWidth)
	}
	var ids []string
	for _, o := range r.Objectives {
		ids = append(ids, o.ID)
	}
	if !slices.Equal(st.Rows, ids) {
		t.Errorf("objectives table lists %v, want %v", st.Rows, ids)
	}
	if st.Injects != len(r.Injects) || st.Height < 3000 {
		t.Errorf("%d inject rows (want %d), page %d px high", st.Injects, len(r.Injects), st.Height)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dy() < 3000 || colours(img) < 200 {
		t.Errorf("screenshot %v with %d colours; want a full, non-blank page", b, colours(img))
	}
	if os.Getenv("AAR_SCREENSHOT") != "" { // for a look by eye
		_ = os.WriteFile(os.Getenv("AAR_SCREENSHOT"), shot, 0o644)
	}
}
