//go:build !js

package main

import (
	"cmp"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/browsertest"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/server"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/device"
)

// lobbyTest sets up a browser test that starts in the lobby: the browser
// tests' server, an exercise on it (stopped when the test ends), the
// test's deadline and the browser's tab.
func lobbyTest(t *testing.T) (*servertest.Server, server.ExerciseInfo, time.Time, context.Context) {
	t.Helper()
	h := browserSetup(t)
	ex := testExercise(t, h, 20)
	t.Cleanup(func() { stopExercise(t, h, ex.ID) })
	return h, ex, time.Now().Add(2 * browserTimeout), browsertest.Tab(t)
}

// TestBrowserLanguages: a Russian and a Finnish participant joined to one
// exercise at once, each in their own tab of the browser, each read the
// client in their own language — the Russian one chose it in the lobby's
// join form (the lobby then in Russian), the Finnish one came by a link
// with lang=fi — and the browser remembers the language for the lobby.
func TestBrowserLanguages(t *testing.T) {
	h, ex, deadline, ru := lobbyTest(t)
	if err := chromedp.Do(ru,
		chromedp.Navigate(h.URL+"/?lang=ru"),
		chromedp.WaitVisible(chromedp.CSS(`form[action="/client/"] input[name=code]`)),
	); err != nil {
		t.Fatal(err)
	}
	lobby, _ := chromedp.Run(ru, chromedp.Text(chromedp.CSS("body")))
	if !strings.Contains(lobby, "Присоединиться к учению") {
		t.Errorf("the lobby at ?lang=ru is not in Russian: %.200q", lobby)
	}
	if err := chromedp.Do(ru,
		chromedp.SendKeys(chromedp.CSS(`form[action="/client/"] input[name=code]`), ex.Codes["GNB"]),
		chromedp.SendKeys(chromedp.CSS(`form[action="/client/"] input[name=name]`), "Ivan"),
		chromedp.Click(chromedp.CSS(`form[action="/client/"] button`)),
	); err != nil {
		t.Fatal(err)
	}

	fi, cancel := chromedp.NewContext(ru) // a second tab of the same browser
	defer cancel()
	if err := chromedp.Do(fi, chromedp.Navigate(h.URL+"/client/?code="+ex.Codes["PONAL"]+"&name=Aino&lang=fi")); err != nil {
		t.Fatal(err)
	}

	joined := func(s hookStatus) bool { return s.Joined && s.Frames >= 5 && len(s.Help) > 0 }
	for _, c := range []struct {
		name, lang, team string
		tab              context.Context
		want             []string // help lines the client shows in its language
		not              string   // and the English one it does not
	}{
		{name: "Russian", lang: "ru", team: "GNB", tab: ru, want: []string{"левый щелчок: выбрать подразделение", "Esc: сбросить маршрут"}, not: "left click"},
		{name: "Finnish", lang: "fi", team: "PONAL", tab: fi, want: []string{"vasen napsautus: valitse yksikkö", "Esc: tyhjennä reitti"}, not: "left click"},
	} {
		st := awaitStatus(t, c.tab, deadline, joined)
		help := strings.Join(st.Help, "\n")
		if st.Exercise != ex.ID || st.TeamID != c.team || st.Lang != c.lang {
			t.Errorf("%s: exercise %s, team %s, language %q; want %s, %s, %s", c.name, st.Exercise, st.TeamID, st.Lang, ex.ID, c.team, c.lang)
		}
		for _, w := range c.want {
			if !strings.Contains(help, w) {
				t.Errorf("%s client's help lacks %q:\n%s", c.name, w, help)
			}
		}
		if strings.Contains(help, c.not) {
			t.Errorf("%s client's help is in English:\n%s", c.name, help)
		}
	}
	// Both still in: the Russian tab kept drawing while the Finnish joined.
	if st := awaitStatus(t, ru, deadline, joined); st.Lang != "ru" || st.Err != "" {
		t.Errorf("the Russian client after the Finnish joined: %+v", st)
	}
	// The browser remembers the language its last client started in (the
	// two tabs share it), and the lobby opened without ?lang= takes it.
	remembered, _ := chromedp.Run(fi, chromedp.Evaluate[string](`localStorage.getItem("borderdrill.lang") || ""`))
	heading := map[string]string{"ru": "Присоединиться к учению", "fi": "Liity harjoitukseen"}[remembered]
	if heading == "" {
		t.Fatalf("the browser remembers %q, want ru or fi", remembered)
	}
	if err := chromedp.Do(fi, chromedp.Navigate(h.URL+"/")); err != nil {
		t.Fatal(err)
	}
	// The lobby's cookie says ru since the first visit: a remembered ru
	// needs no redirect, a remembered fi is put in the address.
	browsertest.Await(t, fi, deadline, `location.search + " " + (document.body ? document.body.innerText : "")`, func(s string) bool {
		return strings.Contains(s, heading) && (remembered == "ru" || strings.Contains(s, "lang="+remembered))
	})
}

// TestLobbyOnAPhone: the lobby on a phone (an iPhone 12 Pro, 390×844 CSS
// pixels, touch) scrolls only up and down; the join form's fields, the
// language picker, the high-contrast choice and the join button fit the
// width and are 44 px tall or more, and work by touch. The contrast and
// the language chosen there are remembered across reloads of the lobby,
// and the client joined from it starts in both and, reloaded without them
// in its address, keeps them.
func TestLobbyOnAPhone(t *testing.T) {
	h, ex, deadline, tab := lobbyTest(t)
	t.Cleanup(func() { chromedp.Do(tab, chromedp.EmulateReset()) })
	run := func(actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(tab, actions...); err != nil {
			t.Fatal(err)
		}
	}
	// A fresh browser: nothing remembered.
	run(chromedp.Navigate(h.URL + "/?lang=en"))
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(tab, chromedp.Evaluate[any](js)); err != nil {
			t.Fatal(err)
		}
	}
	eval(`localStorage.clear()`)
	run(chromedp.Emulate(device.IPhone12Pro), chromedp.Navigate(h.URL+"/?lang=en"),
		chromedp.WaitVisible(chromedp.CSS(`#join button`)))

	const join = `#join input[name=code], #join input[name=name], #join select, #join .check, #join button`
	type box struct {
		Sel                 string
		X, Y, W, H          float64
		ScrollW, ViewW, Top float64
	}
	layout := func() []box {
		t.Helper()
		var bs []box
		js := `JSON.stringify([...document.querySelectorAll("` + join + `")].map(e => { const r = e.getBoundingClientRect();
			return {Sel: e.tagName + (e.name ? "[" + e.name + "]" : e.className ? "." + e.className : ""), X: r.left, Y: r.top, W: r.width, H: r.height,
				ScrollW: document.documentElement.scrollWidth, ViewW: window.innerWidth, Top: r.top + scrollY}; }))`
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](js))
		if err == nil {
			err = json.Unmarshal([]byte(s), &bs)
		}
		if err != nil || len(bs) != 5 {
			t.Fatalf("the join form's controls: %v, %v", bs, err)
		}
		return bs
	}
	bs := layout()
	if bs[0].ViewW != 390 {
		t.Fatalf("the page is %.0f CSS pixels wide, want the phone's 390", bs[0].ViewW)
	}
	if bs[0].ScrollW > bs[0].ViewW {
		t.Errorf("the lobby is %.0f px wide on a %.0f px phone: it scrolls sideways", bs[0].ScrollW, bs[0].ViewW)
	}
	for _, b := range bs {
		if b.H < 44 || b.W < 44 {
			t.Errorf("%s is %.0f×%.0f px: a tap target must be 44 px or more", b.Sel, b.W, b.H)
		}
		if b.X < 0 || b.X+b.W > b.ViewW {
			t.Errorf("%s spans x %.0f to %.0f, outside the %.0f px screen", b.Sel, b.X, b.X+b.W, b.ViewW)
		}
	}
	// tap touches the middle of the element sel, as a finger does.
	tap := func(sel string) {
		t.Helper()
		run(chromedp.ScrollIntoView(chromedp.CSS(sel)))
		var p struct{ X, Y float64 }
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](`JSON.stringify((r => ({X: r.left + r.width / 2, Y: r.top + r.height / 2}))(document.querySelector("`+sel+`").getBoundingClientRect()))`))
		if err == nil {
			err = json.Unmarshal([]byte(s), &p)
		}
		if err != nil {
			t.Fatal(err)
		}
		touch := func(typ input.DispatchTouchEventType, pts []*input.TouchPoint) chromedp.Action[chromedp.Void] {
			return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				_, err := cdp.Call(ctx, tg, input.DispatchTouchEvent, input.DispatchTouchEventParams{Type: typ, TouchPoints: pts})
				return err
			})
		}
		run(touch(input.DispatchTouchEventTypeTouchStart, []*input.TouchPoint{{X: p.X, Y: p.Y}}), touch(input.DispatchTouchEventTypeTouchEnd, []*input.TouchPoint{}))
	}
	state := func() string {
		t.Helper()
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](`[document.documentElement.lang, document.getElementById("contrast").checked,
			document.documentElement.classList.contains("hc"), getComputedStyle(document.body).backgroundColor, localStorage.getItem("borderdrill.contrast")].join(" ")`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := state(); s != "en false false rgb(246, 247, 249) " {
		t.Fatalf("the lobby at first: %q, want English, everyday contrast, nothing remembered", s)
	}
	tap(`#join .check`) // the label: the whole row is the target
	if s := state(); s != "en true true rgb(255, 255, 255) 1" {
		t.Errorf("after tapping high contrast: %q, want it ticked, the page in high contrast and remembered", s)
	}
	// The language picker changes the page's language (a phone's picker
	// is the system's own, so its choice is set as the picker reports it:
	// the value, then input and change events).
	run(chromedp.SetValue(chromedp.CSS(`#join select`), "fi"))
	browsertest.Await(t, tab, deadline, `document.documentElement.lang + " " + document.readyState`, func(s string) bool { return s == "fi complete" })
	for _, url := range []string{"", "/"} { // the reload the picker made, then the lobby without ?lang=
		if url != "" {
			run(chromedp.Navigate(h.URL + url))
			browsertest.Await(t, tab, deadline, `location.search + " " + document.documentElement.lang + " " + document.readyState`,
				func(s string) bool { return strings.HasSuffix(s, "fi complete") })
		}
		if s := state(); s != "fi true true rgb(255, 255, 255) 1" {
			t.Errorf("the lobby at %s: %q, want Finnish and high contrast, remembered", cmp.Or(url, "?lang=fi"), s)
		}
		if body, _ := chromedp.Run(tab, chromedp.Text(chromedp.CSS("body"))); !strings.Contains(body, "Liity harjoitukseen") || !strings.Contains(body, "Suuri kontrasti") {
			t.Errorf("the lobby is not in Finnish: %.200q", body)
		}
	}
	if bs := layout(); bs[0].ScrollW > bs[0].ViewW {
		t.Errorf("in Finnish the lobby is %.0f px wide on a %.0f px phone", bs[0].ScrollW, bs[0].ViewW)
	}
	run(chromedp.SendKeys(chromedp.CSS(`#join input[name=code]`), ex.Codes["GNB"]),
		chromedp.SendKeys(chromedp.CSS(`#join input[name=name]`), "Aino"))
	tap(`#join button`)
	browsertest.Await(t, tab, deadline, `location.pathname + location.search`, func(s string) bool { return strings.HasPrefix(s, "/client/") })

	// The client on a desktop, to spare the software renderer a phone's
	// 3× pixels: it starts in Finnish and high contrast, and reloaded
	// without either in its address it keeps both.
	run(chromedp.EmulateReset())
	for _, addr := range []string{"", "/client/?code=" + ex.Codes["GNB"] + "&name=Aino"} {
		if addr != "" {
			run(chromedp.Navigate(h.URL + addr))
		} else {
			run(chromedp.Reload())
		}
		st := awaitStatus(t, tab, deadline, func(s hookStatus) bool { return s.Joined && s.Frames >= 3 })
		href, _ := chromedp.Run(tab, chromedp.Evaluate[string](`location.search`))
		if st.Lang != "fi" || !st.Contrast || st.TeamID != "GNB" {
			t.Errorf("the client at %s: language %q, high contrast %v, team %s; want fi, true, GNB", href, st.Lang, st.Contrast, st.TeamID)
		}
	}
}
