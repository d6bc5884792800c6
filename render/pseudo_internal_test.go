package render

import (
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// localGame is a client of a local exercise of the built-in scenario
// name at seed 1, for team, drawn with opt.
func localGame(t *testing.T, name string, team int, opt Options) *Game {
	t.Helper()
	sc, err := scenarios.Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	l, err := exercise.NewLocal(sc, 1, team, 0)
	if err != nil {
		t.Fatal(err)
	}
	g, err := New(l, opt)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// hudFrame draws one frame of the built-in scenario at tick 600 for team 0
// in lang, with the help card open when help is set and the HUD mirrored
// as for a right-to-left reader when mirror is, and returns the texts the
// HUD drew.
func hudFrame(t *testing.T, lang string, help, mirror bool) ([]hudText, float64, float64) {
	t.Helper()
	const W, H = 1280, 800
	g := localGame(t, "fin-rus-winter-surge", 0, Options{Width: W, Height: H, Lang: lang, NoInterpolation: true, NoCard: true})
	g.Layout(W, H)
	g.mirror = mirror
	g.ctl.Free = g.freeRect()
	in := client.Input{X: -1, Y: -1}
	if help {
		in.Keys = []client.Key{client.KeyHelp}
	}
	g.Step(in)
	screen := ebiten.NewImage(W, H)
	defer screen.Deallocate()
	g.DrawFrame(screen)
	return append([]hudText(nil), g.drawn...), W, H
}

// TestPseudoLocaleLayout draws the HUD in the pseudo-locale (every text
// 40 % longer, accented and bracketed), laid out left to right and
// mirrored as for a right-to-left reader, and checks that no text runs off
// the screen, that the top bar's three texts do not run into each other,
// and that no text of the catalogs is cut short (scenario texts, such as
// long objectives, are shortened with "…" in every language).
func TestPseudoLocaleLayout(t *testing.T) {
	for _, c := range []struct{ help, mirror bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		help := c.help
		en, _, _ := hudFrame(t, i18n.Default, help, c.mirror)
		ps, W, H := hudFrame(t, i18n.Pseudo, help, c.mirror)
		if len(ps) < len(en) || len(ps) < 10 {
			t.Fatalf("help %v: %d texts in the pseudo-locale, %d in English", help, len(ps), len(en))
		}
		var bar []hudText
		clipped, pseudo := 0, 0
		for _, d := range ps {
			w := text.Advance(d.s, d.f)
			if d.x < 0 || d.x+w > W+0.5 || d.y < 0 || d.y > H {
				t.Errorf("help %v: %q at (%.0f, %.0f), %.0f px wide, runs off the %gx%g screen", help, d.s, d.x, d.y, w, W, H)
			}
			if d.y == 8 {
				bar = append(bar, d)
			}
			if strings.HasSuffix(d.s, "…") {
				clipped++
				if strings.Contains(d.s, "«") {
					t.Errorf("help %v: a catalog text is cut: %q", help, d.s)
				}
			}
			if strings.Contains(d.s, "«") || strings.Contains(d.s, "»") {
				pseudo++
			}
		}
		for i := range bar {
			for j := i + 1; j < len(bar); j++ {
				a, b := bar[i], bar[j]
				if a.x > b.x {
					a, b = b, a
				}
				if a.x+text.Advance(a.s, a.f) > b.x {
					t.Errorf("top bar: %q runs into %q", a.s, b.s)
				}
			}
		}
		if pseudo*2 < len(ps) {
			t.Errorf("help %v: only %d of %d texts are in the pseudo-locale", help, pseudo, len(ps))
		}
		t.Logf("help %v, mirrored %v: %d texts, %d in the pseudo-locale, %d shortened with …", help, c.mirror, len(ps), pseudo, clipped)
	}
}

// TestFitWordsAsShaped: lines made from the words' kept widths are the
// lines that measuring every longer prefix, shaped whole, makes — for
// every fourth text of every shipped language's catalog (the Arabic one
// shaped by the same faces), in a panel's width — and none is wider than
// it. (Shaping every prefix is slow: all texts in three widths took
// 210 s.)
func TestFitWordsAsShaped(t *testing.T) {
	fs, err := loadFonts(true)
	if err != nil {
		t.Fatal(err)
	}
	// The way wrapping measured before: every prefix shaped whole.
	shaped := func(s string, f text.Face, w float64) []string {
		var lines []string
		cur := ""
		for _, word := range strings.Fields(s) {
			next := word
			if cur != "" {
				next = cur + " " + word
			}
			if text.Advance(next, f) <= w || cur == "" {
				cur = next
				continue
			}
			lines = append(lines, cur)
			cur = word
		}
		if cur != "" {
			lines = append(lines, cur)
		}
		return lines
	}
	texts, lines := 0, 0
	for _, l := range i18n.Languages() {
		tr := i18n.Get(l.Code)
		for i, key := range i18n.Keys() {
			s := tr.Format(key)
			if i%4 != 0 {
				continue
			}
			if !strings.Contains(s, " ") {
				continue
			}
			texts++
			f, w := fs.small, 200.0
			got, want := fitWords(nil, s, f, w, false), shaped(s, f, w)
			lines += len(got)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("%s %s at %g px:\n got %q\nwant %q", l.Code, key, w, got, want)
			}
			for _, line := range got {
				if strings.Contains(line, " ") && text.Advance(line, f) > w {
					t.Errorf("%s %s: %q is wider than %g px", l.Code, key, line, w)
				}
			}
		}
	}
	if texts < 500 {
		t.Errorf("%d catalog texts with spaces, want the catalogs' hundreds", texts)
	}
	t.Logf("%d texts, %d lines", texts, lines)
}

// TestRejectionInReadersLanguage: a command the exercise refuses is
// logged and toasted with the reason in the reader's language — the
// engine's code (sim.ReasonNoUnit) looked up in the catalogs — for an
// English, a Finnish and an Arabic reader; the code itself is never shown.
func TestRejectionInReadersLanguage(t *testing.T) {
	for _, lang := range []string{"en", "fi", "ar"} {
		t.Run(lang, func(t *testing.T) {
			g := localGame(t, "fin-rus-winter-surge", 0, Options{Width: 640, Height: 400, Lang: lang, NoCard: true})
			g.Step(client.Input{X: -1, Y: -1})
			g.ex.Send(sim.Command{ID: 7, Kind: sim.CmdHold, Unit: 9999})
			want := i18n.Get(lang).Reason(sim.ReasonNoUnit)
			if want == sim.ReasonNoUnit || lang != i18n.Default && want == i18n.Get(i18n.Default).Reason(sim.ReasonNoUnit) {
				t.Fatalf("the %s catalog gives %q for %s", lang, want, sim.ReasonNoUnit)
			}
			lx := g.ex.(*exercise.Local)
			lx.StepTo(lx.Tick() + 2)
			g.Step(client.Input{X: -1, Y: -1})
			var line string
			for _, l := range g.log {
				if strings.Contains(l.text, want) {
					line = l.text
				}
				if strings.Contains(l.text, sim.ReasonNoUnit) {
					t.Errorf("the log shows the code: %q", l.text)
				}
			}
			if line == "" {
				t.Errorf("no log line says %q (%d lines)", want, len(g.log))
			}
		})
	}
}
