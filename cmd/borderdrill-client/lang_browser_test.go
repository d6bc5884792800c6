package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/browsertest"
	"github.com/chromedp/chromedp"
)

// TestBrowserLanguages: a Russian and a Finnish participant joined to one
// exercise at once, each in their own tab of the browser, each read the
// client in their own language — the Russian one chose it in the lobby's
// join form (the lobby then in Russian), the Finnish one came by a link
// with lang=fi — and the browser remembers the language for the lobby.
func TestBrowserLanguages(t *testing.T) {
	h := browserSetup(t)
	ex := testExercise(t, h, 20)
	t.Cleanup(func() { stopExercise(t, h, ex.ID) })
	deadline := time.Now().Add(2 * browserTimeout)

	ru := browsertest.Tab(t)
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
