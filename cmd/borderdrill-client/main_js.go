//go:build js && wasm

package main

import (
	"context"
	"errors"
	"github.com/borderdrill/borderdrill/i18n"
	"net/url"
	"strings"
	"syscall/js"

	"github.com/borderdrill/borderdrill/netclient"
	"github.com/borderdrill/borderdrill/render"
	"github.com/hajimehoshi/ebiten/v2"
)

// main is the browser client: served under /client/ by borderdrill serve
// and opened from the lobby as /client/?code=CODE&name=NAME (a team or the
// observers) or /client/?exercise=ID&code=TOKEN (the white cell). It joins
// the exercise of the server it was loaded from and runs the same game as
// the native client, full window. window.borderdrill is the automation
// hook (hook.go).
func main() {
	t := newTracker()
	perf := js.Global().Get("performance")
	t.now = func() float64 { return perf.Call("now").Float() }
	t.keepUnits = true
	installHook(t)
	t.mark("main")
	go fetchFonts(t)
	fetchCatalog(t, browserLang())

	// The page's own URL: its origin is the server, its query the join
	// (or, with replay=ID, the white cell's replay of a recording).
	loc := js.Global().Get("location")
	href := loc.Get("href").String()
	if src, remote, err := parseServerRecording(href, ""); remote && err == nil {
		replayMain(t, src)
		return
	}
	tr := i18n.Get(browserLang())
	opts, err := joinOptions(href, "", "", "")
	if err != nil {
		t.fail(err)
		if errors.Is(err, errNoCode) {
			showMessage(tr.T("web.no_code"), tr.T("web.no_code_text"))
		} else {
			showMessage(tr.T("web.cannot_join"), userMessage(tr, err))
		}
		select {} // keep the hook answering
	}
	setMessage(tr.T("web.joining"))
	cl, err := netclient.Dial(context.Background(), opts)
	if err != nil {
		t.fail(err)
		showMessage(tr.T("web.could_not_join"), userMessage(tr, err))
		select {}
	}
	t.mark("joined")
	t.attach(asReview(cl, opts), cl.Welcome().Exercise)
	info := cl.Info()
	info.Lang = tr.Code()
	play(t, clientStopped(cl), joinTitle(cl.Welcome(), info), tr.T("web.disconnected"))
	cl.Close()
	select {}
}

// play runs the game of the tracked exercise full window, titled title,
// until it ends (stopped: as for newGame); a game that fails says so
// under the heading ended.
func play(t *tracker, stopped func() error, title, ended string) {
	if err := <-fontsFetched; err != nil {
		t.fail(err)
		showMessage(i18n.Get(browserLang()).T("web.failed"), userMessage(i18n.Get(browserLang()), err))
		select {}
	}
	win := js.Global().Get("window")
	g, _, err := newTrackedGame(t, render.Options{Width: win.Get("innerWidth").Int(), Height: win.Get("innerHeight").Int(), Lang: browserLang(),
		HighContrast: browserContrast(), OnContrast: rememberContrast}, stopped)
	t.mark("game")
	if err != nil {
		t.fail(err)
		showMessage(i18n.Get(browserLang()).T("web.failed"), userMessage(i18n.Get(browserLang()), err))
		select {}
	}
	js.Global().Get("document").Set("title", title)
	ebiten.SetWindowTitle(title)
	clearMessage()
	if err := ebiten.RunGame(g); err != nil {
		t.fail(err)
		showMessage(ended, userMessage(i18n.Get(browserLang()), err))
	}
}

// replayMain plays one of the server's recordings back in the page: the
// same timeline, views and keys as the native --replay; N branches a new
// exercise on the server and joins it as the white cell.
func replayMain(t *tracker, src serverRecording) {
	tr := i18n.Get(browserLang())
	setMessage(tr.T("web.loading_recording"))
	team := ""
	if u, err := url.Parse(js.Global().Get("location").Get("href").String()); err == nil {
		team = u.Query().Get("team")
	}
	sr, err := openServerReplay(context.Background(), src, team)
	if err != nil {
		t.fail(err)
		showMessage(tr.T("web.cannot_open_recording"), userMessage(tr, err))
		select {}
	}
	go sr.Run(context.Background())
	t.attach(sr, "")
	play(t, nil, tr.F("title.replay", src.id, sr.Info().Scenario), tr.T("web.replay_stopped"))
	select {}
}

// fetchCatalog fetches the reader's message catalog from the server that
// served the page (i18n/ beside index.html, which make web puts there) and
// gives it to i18n: the wasm embeds English only. Without it the client
// reads in English, and says why in the browser's console and in the
// page's status (the browser tests fail on it).
func fetchCatalog(t *tracker, code string) {
	if code == i18n.Default || code == i18n.Pseudo {
		return
	}
	data, err := netclient.File(context.Background(), "i18n/"+code+".json", maxCatalog)
	if err == nil {
		err = i18n.Provide(code, data)
	}
	if err != nil {
		js.Global().Get("console").Call("warn", err.Error())
		t.fail(err)
		return
	}
	t.mark("catalog")
}

// maxCatalog bounds the size of one catalog fetched from the server.
const maxCatalog = 2 << 20 // bytes

// fontsFetched receives fetchFonts's result once.
var fontsFetched = make(chan error, 1)

// fetchFonts fetches the client's fonts from the server that served the
// page (fonts/ beside index.html, which make web puts there), all at once
// and while the client joins, and gives them to render. The wasm does not
// carry them: that keeps about 190 KB (gzipped) out of every download.
func fetchFonts(t *tracker) {
	type got struct {
		name string
		data []byte
		err  error
	}
	ch := make(chan got, len(render.FontFiles))
	for _, name := range render.FontFiles {
		go func() {
			data, err := netclient.File(context.Background(), "fonts/"+name, maxFont)
			ch <- got{name, data, err}
		}()
	}
	files := map[string][]byte{}
	var errs []error
	for range render.FontFiles {
		g := <-ch
		files[g.name] = g.data
		errs = append(errs, g.err)
	}
	render.ProvideFonts(files)
	t.mark("fonts")
	fontsFetched <- errors.Join(errs...)
}

// maxFont bounds the size of one font file fetched from the server.
const maxFont = 4 << 20 // bytes

// The page's message box (index.html has it as #message; one is made if
// not).
func messageBox() js.Value {
	doc := js.Global().Get("document")
	m := doc.Call("getElementById", "message")
	if m.Truthy() {
		return m
	}
	m = doc.Call("createElement", "div")
	m.Set("id", "message")
	st := m.Get("style")
	for k, v := range map[string]string{"position": "fixed", "top": "2em", "left": "2em", "maxWidth": "40em",
		"padding": "1em 1.5em", "background": "#14181f", "color": "#f2f2f2", "font": "16px sans-serif", "zIndex": "10"} { // i18n: not user text (CSS)
		st.Set(k, v)
	}
	doc.Get("body").Call("appendChild", m)
	return m
}

// setMessage shows one line of progress.
func setMessage(text string) {
	m := messageBox()
	m.Set("textContent", text)
	m.Get("style").Set("display", "block")
}

// showMessage shows a title, a text and a link to the lobby.
func showMessage(title, text string) {
	doc := js.Global().Get("document")
	m := messageBox()
	m.Set("textContent", "")
	h := doc.Call("createElement", "h2")
	h.Set("textContent", title)
	p := doc.Call("createElement", "p")
	p.Set("textContent", text)
	a := doc.Call("createElement", "a")
	a.Set("href", "/")
	a.Set("textContent", "Go to the lobby")
	a.Get("style").Set("color", "#8cc4ff")
	m.Call("append", h, p, a)
	m.Get("style").Set("display", "block")
}

func clearMessage() {
	messageBox().Get("style").Set("display", "none")
}

// contrastKey is where the browser remembers the high-contrast mode.
const contrastKey = "borderdrill.contrast"

// browserContrast reports whether the page's reader asked for the
// high-contrast mode: the page's ?contrast=1 (or 0; then remembered), else
// the remembered choice (X in the client), else the browser's
// prefers-contrast: more.
func browserContrast() bool {
	if u, err := url.Parse(js.Global().Get("location").Get("href").String()); err == nil {
		if v := u.Query().Get("contrast"); v == "1" || v == "0" {
			rememberContrast(v == "1")
			return v == "1"
		}
	}
	if store := js.Global().Get("localStorage"); store.Truthy() {
		if v := store.Call("getItem", contrastKey); v.Truthy() {
			return v.String() == "1"
		}
	}
	mm := js.Global().Get("matchMedia")
	return mm.Truthy() && js.Global().Call("matchMedia", "(prefers-contrast: more)").Get("matches").Bool()
}

// rememberContrast keeps the reader's contrast mode in the browser.
func rememberContrast(on bool) {
	v := "0"
	if on {
		v = "1"
	}
	if store := js.Global().Get("localStorage"); store.Truthy() {
		store.Call("setItem", contrastKey, v)
	}
}

// langKey is where the browser remembers the reader's language.
const langKey = "borderdrill.lang"

// browserLang is the language the page's reader chose: the page's ?lang=
// (the join form's choice, then remembered in localStorage), else the
// remembered one, else the browser's own (navigator.languages).
func browserLang() string {
	store := js.Global().Get("localStorage")
	if u, err := url.Parse(js.Global().Get("location").Get("href").String()); err == nil {
		if l := u.Query().Get("lang"); l != "" && i18n.Known(l) {
			if store.Truthy() {
				store.Call("setItem", langKey, l)
			}
			return l
		}
	}
	if store.Truthy() {
		if l := store.Call("getItem", langKey); l.Truthy() && i18n.Known(l.String()) {
			return l.String()
		}
	}
	nav := js.Global().Get("navigator")
	if ls := nav.Get("languages"); ls.Truthy() && ls.Length() > 0 {
		var all []string
		for i := range ls.Length() {
			all = append(all, ls.Index(i).String())
		}
		return i18n.Get(strings.Join(all, ",")).Code()
	}
	return i18n.Default
}
