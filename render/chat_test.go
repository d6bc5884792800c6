package render_test

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/internal/servertest"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/wire"
)

// TestChatPanel draws the chat panel of a trainee joined to a real server:
// nothing before the first line, the liaison channel's green lines once GNB
// writes on it, and the line being typed.
func TestChatPanel(t *testing.T) {
	srv := servertest.Start(t, server.Config{InstructorToken: "chat-test-token-0123456789abcdef"}, nil)
	ex := srv.Exercise(t, "col-ven-cucuta-bridges", 10)
	pon, gnb := srv.Join(t, ex.Codes["PONAL"], "", "Ana"), srv.Join(t, ex.Codes["GNB"], "", "Ana")
	g := newGame(t, pon, true)
	for deadline := time.Now().Add(10 * time.Second); g.View() == nil; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("no view")
		}
		g.Step(client.Input{X: -1, Y: -1})
	}
	// The panel's place, top left under the bar.
	area := image.Rect(8, 38, 500, 130)
	green := color.RGBA{0x9f, 0xe3, 0xa0, 0xff}
	count := func(img *image.RGBA, c color.RGBA) int {
		n := 0
		for y := area.Min.Y; y < area.Max.Y; y++ {
			for x := area.Min.X; x < area.Max.X; x++ {
				if close3(img.RGBAAt(x, y), c) {
					n++
				}
			}
		}
		return n
	}
	if n := count(frame(t, g), green); n != 0 {
		t.Errorf("%d chat-green pixels before any chat", n)
	}
	if err := gnb.Chat(wire.ChanLiaison, "trochas", "recibido, enviamos patrulla a la trocha 3"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); len(g.ChatLog()) == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the line did not arrive")
		}
		g.Step(client.Input{X: -1, Y: -1})
	}
	img := frame(t, g)
	if n := count(img, green); n < 15 { // Noto Sans's thin strokes: ~25 fully green pixels for the line
		t.Errorf("%d chat-green pixels with GNB's line in the panel, want its text", n)
	}
	// Typing opens a darker input line under the lines.
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyT}, Chars: []rune("t")})
	g.Step(client.Input{X: -1, Y: -1, Chars: []rune("vamos")})
	typing := frame(t, g)
	if !g.ChatOpen() {
		t.Fatal("the chat line closed")
	}
	if out := os.Getenv("BORDERDRILL_CHAT_SHOT"); out != "" {
		f, _ := os.Create(out)
		png.Encode(f, typing)
		f.Close()
	}
	// The panel's dark ground right of the side column, which it covers
	// alone, grows by the input line.
	dark := func(img *image.RGBA) int {
		n := 0
		for y := 38; y < 220; y++ {
			for x := 250; x < 500; x++ {
				if c := img.RGBAAt(x, y); c.R < 0x40 && c.G < 0x40 && c.B < 0x48 {
					n++
				}
			}
		}
		return n
	}
	if a, b := dark(img), dark(typing); b < a+250*30 {
		t.Errorf("the panel did not grow with the input line: %d then %d panel pixels", a, b)
	}
}

// TestPhrasePicker: a Spanish-reading PONAL trainee picks a standard
// liaison phrase in the chat box (Down), types its parameters separated by
// commas and sends it on the liaison channel (Tab); its own log and that
// of a French-reading GNB trainee, joined to the same real server, show it
// each in their language.
func TestPhrasePicker(t *testing.T) {
	games, steps, _ := chatGames(t, "col-ven-cucuta-bridges", map[string]string{"es": "PONAL", "fr": "GNB"})
	es := games["es"]
	es.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyT}, Chars: []rune("t")})
	es.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyTab, client.KeyDown}}) // the liaison channel; the first phrase
	es.Step(client.Input{X: -1, Y: -1, Chars: []rune("12, Cúcuta, NE")})
	es.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyEnter}})
	want := map[string]string{"es": "grupo de 12 en Cúcuta rumbo noreste", "fr": "groupe de 12 à Cúcuta, cap nord-est"}
	for lang, g := range games {
		steps(func() bool { return len(g.ChatLog()) > 0 }, lang+": the phrase did not arrive")
		if got := g.ChatLog()[0]; !strings.HasSuffix(got, want[lang]) {
			t.Errorf("%s shows %q, want it to end %q", lang, got, want[lang])
		}
	}
}

// TestPhrasePlaceInReadersLanguage: a Greek trainee of grc-tur sends
// "group of 12 at Σουφλί" over the liaison channel of a real server; the
// Turkish trainee's log names the town Sofulu (the scenario's name for
// it in Turkish), the Greek's Σουφλί, while a place no map or scenario
// names stays as written.
func TestPhrasePlaceInReadersLanguage(t *testing.T) {
	games, steps, clients := chatGames(t, "grc-tur-evros-river", map[string]string{"el": "GRC", "tr": "TUR"})
	for _, place := range []string{"Σουφλί", "the old mill"} {
		if err := clients["el"].Phrase(wire.ChanLiaison, "grc-tur", "group_at", []string{"12", place, "NE"}); err != nil {
			t.Fatal(err)
		}
	}
	want := map[string][]string{
		"el": {"ομάδα 12 ατόμων στο Σουφλί", "ομάδα 12 ατόμων στο the old mill"},
		"tr": {"Sofulu konumunda 12 kişilik grup", "the old mill konumunda 12 kişilik grup"},
	}
	for lang, g := range games {
		steps(func() bool { return len(g.ChatLog()) >= 2 }, lang+": the phrases did not arrive")
		for i, w := range want[lang] {
			if got := g.ChatLog()[i]; !strings.Contains(got, w) {
				t.Errorf("%s shows %q, want it to hold %q", lang, got, w)
			}
		}
	}
}

// chatGames starts a real server with an exercise of scenario, joins one
// trainee per language (lang: team id) and builds each a Game reading that
// language; steps steps every game until until holds (what: the failure).
func chatGames(t *testing.T, scenario string, teams map[string]string) (games map[string]*render.Game, steps func(until func() bool, what string), clients map[string]client.Phraser) {
	srv := servertest.Start(t, server.Config{InstructorToken: "chat-test-token-0123456789abcdef"}, nil)
	ex := srv.Exercise(t, scenario, 10)
	games, clients = map[string]*render.Game{}, map[string]client.Phraser{}
	for lang, team := range teams {
		c := srv.Join(t, ex.Codes[team], "", "trainee-"+lang)
		g, err := render.New(c, render.Options{Width: testW, Height: testH, NoInterpolation: true, NoCard: true, Fit: render.FitBorder, Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		g.Layout(testW, testH)
		games[lang], clients[lang] = g, c
	}
	steps = func(until func() bool, what string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); !until(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatal(what)
			}
			for _, g := range games {
				g.Step(client.Input{X: -1, Y: -1})
			}
		}
	}
	steps(func() bool {
		for _, g := range games {
			if g.View() == nil {
				return false
			}
		}
		return true
	}, "no view")
	return games, steps, clients
}
