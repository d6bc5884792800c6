package render_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// sentLocal is a local exercise that remembers what the client sent.
type sentLocal struct {
	*exercise.Local
	sent []sim.Command
}

func (s *sentLocal) Send(c sim.Command) { s.sent = append(s.sent, c); s.Local.Send(c) }

func localGame(t testing.TB, scenario string, team, speed int, opt render.Options) (*render.Game, *sentLocal) {
	t.Helper()
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	l, err := exercise.NewLocal(sc, 1, team, speed)
	if err != nil {
		t.Fatal(err)
	}
	ex := &sentLocal{Local: l}
	if opt.Width == 0 {
		opt.Width, opt.Height = testW, testH
	}
	opt.NoInterpolation = true
	g, err := render.New(ex, opt)
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(opt.Width, opt.Height)
	g.Step(client.Input{X: -1, Y: -1})
	return g, ex
}

// type presses the keys of s (as the devices give them: a key and its
// character) one frame each.
func typeText(g *render.Game, s string) {
	keys := map[rune]client.Key{'h': client.KeyH, 'l': client.KeyL, 's': client.KeyS, 'b': client.KeyB, 'k': client.KeyK, 'c': client.KeyC, 'f': client.KeyF, 'i': client.KeyI, 'n': client.KeyN, 'j': client.KeyJ, 'o': client.KeyO, 't': client.KeyT, 'r': client.KeyR, ' ': client.KeySpace}
	for _, r := range s {
		in := client.Input{X: -1, Y: -1, Chars: []rune{r}}
		if k, ok := keys[r]; ok {
			in.Keys = []client.Key{k}
		}
		g.Step(in)
	}
}

// TestChatInLocalPlayGivesNoOrders: T opens the chat line in local play
// too; it says chat needs a joined exercise and takes every key, so
// "hello" holds and launches nothing.
func TestChatInLocalPlayGivesNoOrders(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	v := g.View()
	if v == nil || len(v.Units) == 0 {
		t.Fatal("no view with units")
	}
	if !g.Controller().SelectUnit(v, v.Units[0].ID) {
		t.Fatal("cannot select the first unit")
	}
	typeText(g, "t")
	if !g.ChatOpen() {
		t.Fatal("T did not open the chat line in local play")
	}
	typeText(g, "hello")
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyEnter}})
	if g.ChatOpen() {
		t.Error("Enter did not close the chat line")
	}
	if len(ex.sent) != 0 {
		t.Errorf("typing \"hello\" into the chat line sent %d commands: %+v", len(ex.sent), ex.sent)
	}
	if !slices.ContainsFunc(g.Toasts(), func(s string) bool { return strings.Contains(s, "joined exercise") }) {
		t.Errorf("toasts %q: want one saying chat needs a joined exercise", g.Toasts())
	}
	// Closed, the keys are orders again: h holds the selected unit.
	typeText(g, "h")
	if len(ex.sent) != 1 || ex.sent[0].Kind != sim.CmdHold {
		t.Errorf("h after the chat closed sent %+v, want one hold", ex.sent)
	}
}

// TestSpacePausesALocalExercise: a trainee playing alone pauses with
// Space and sets the speed with 1–4.
func TestSpacePausesALocalExercise(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 10, render.Options{NoCard: true})
	if v := g.View(); v == nil || v.Paused {
		t.Fatal("the local exercise should start running")
	}
	step := func(k client.Key) *sim.View {
		g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{k}})
		ex.Advance(200 * time.Millisecond)
		g.Step(client.Input{X: -1, Y: -1})
		return g.View()
	}
	if v := step(client.KeySpace); !v.Paused {
		t.Fatal("Space did not pause the local exercise")
	}
	if v := step(client.Key3); v.Speed != 60 {
		t.Errorf("3 set speed %d, want 60", v.Speed)
	}
	if v := step(client.KeySpace); v.Paused {
		t.Error("a second Space did not resume")
	}
	if !slices.ContainsFunc(g.Log(), func(s string) bool { return s == "exercise: speed 60×" }) {
		t.Errorf("log %q: want \"exercise: speed 60×\"", g.Log())
	}
}

// TestJoinedTraineeIsToldTheWhiteCellControlsTime: without a clock of its
// own a trainee's Space sends nothing and says why.
func TestJoinedTraineeIsToldTheWhiteCellControlsTime(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &fakeExercise{info: twoTeams(m)}
	ex.show(&sim.View{Team: 0, Speed: 10})
	g := newGame(t, ex, true)
	frame(t, g)
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeySpace}})
	if len(ex.sent) != 0 {
		t.Errorf("a joined trainee's Space sent %+v", ex.sent)
	}
	if !slices.ContainsFunc(g.Toasts(), func(s string) bool { return strings.Contains(s, "white cell controls time") }) {
		t.Errorf("toasts %q: want \"the white cell controls time …\"", g.Toasts())
	}
}

// TestStartCardListsTheTeamsUnits: the start card, shown at the start,
// names the teams with their countries and lists the team's units, each
// with its icon in the team's colour.
func TestStartCardListsTheTeamsUnits(t *testing.T) {
	g, _ := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{})
	if !g.CardShown() {
		t.Fatal("no start card at the start")
	}
	img := frame(t, g)
	lines, x0, y0, x1, y1, ok := g.Card()
	if !ok || x1-x0 < 300 || y1-y0 < 200 {
		t.Fatalf("start card at %v,%v–%v,%v (%v)", x0, y0, x1, y1, ok)
	}
	text := strings.Join(lines, "\n")
	var mine []sim.UnitView
	for _, u := range g.View().Units {
		if u.Team == 0 {
			mine = append(mine, u)
		}
	}
	if len(mine) == 0 {
		t.Fatal("team 0 has no units")
	}
	for _, u := range mine {
		if !strings.Contains(text, u.Name) {
			t.Errorf("the card does not list %s:\n%s", u.Name, text)
		}
	}
	if !strings.Contains(text, "GRC = ") || !strings.Contains(text, "(Greece, GRC) — your team") || !strings.Contains(text, "TUR = ") {
		t.Errorf("the card does not spell the teams out:\n%s", text)
	}
	// The icons: team 0's colour inside the card, about one icon per unit.
	n := 0
	for y := int(y0); y < int(y1); y++ {
		for x := int(x0); x < int(x1); x++ {
			if close3(img.RGBAAt(x, y), team0Colour) {
				n++
			}
		}
	}
	if n < 40*len(mine) {
		t.Errorf("%d team-coloured pixels in the card, want at least %d (an icon for each of %d units)", n, 40*len(mine), len(mine))
	}
	// Esc closes it, O opens it again.
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyEscape}})
	if g.CardShown() {
		t.Error("Esc did not close the start card")
	}
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyO}})
	if !g.CardShown() {
		t.Error("O did not open the start card again")
	}
}

// TestHelpShowsEachRoleItsKeys: the help card gives a trainee the unit
// orders and not the MSEL, the white cell the MSEL and not the orders, and
// a trainee playing alone the clock keys.
func TestHelpShowsEachRoleItsKeys(t *testing.T) {
	has := func(lines []string, prefix string) bool {
		return slices.ContainsFunc(lines, func(s string) bool { return strings.HasPrefix(s, prefix) })
	}
	solo, _ := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	white, _ := localGame(t, "grc-tur-evros-river", sim.Instructor, 0, render.Options{NoCard: true})
	m := loadMap(t, "grc-tur")
	joined := newGame(t, &fakeExercise{info: twoTeams(m)}, true)
	for _, tc := range []struct {
		name      string
		g         *render.Game
		want, not []string
	}{
		{"trainee alone", solo, []string{"S:", "shift + right clicks:", "Space  ·  1 2 3 4:"}, []string{"I, 1–9:", "Tab:"}},
		{"joined trainee", joined, []string{"S:", "J:"}, []string{"I, 1–9:", "Space  ·  1 2 3 4:", "Space:"}},
		{"white cell", white, []string{"I, 1–9:", "Tab:", "Space:"}, []string{"S:", "shift + right clicks:"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines := tc.g.HelpLines()
			for _, w := range tc.want {
				if !has(lines, w) {
					t.Errorf("no %q in %q", w, lines)
				}
			}
			for _, n := range tc.not {
				if has(lines, n) {
					t.Errorf("%q shown to the %s", n, tc.name)
				}
			}
		})
	}
}

// TestLateJoinerSeesEarlierMessages: a trainee whose first view comes
// after injects were fired to the team finds them in the event log and on
// the start card, once each.
func TestLateJoinerSeesEarlierMessages(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &eventExercise{fakeExercise: fakeExercise{info: twoTeams(m)}}
	ex.show(&sim.View{Team: 0, Tick: 7200, Injects: []sim.InjectView{
		{ID: "BRIEF", Message: "Groups gather at Edirne", Addressee: -1, Fired: true, FiredAt: 0},
		{ID: "FOG", Message: "Fog on the river", Addressee: 0, Fired: true, FiredAt: 3600},
	}})
	// The exercise also hands over the inject events it kept.
	ex.events = []sim.Event{{Kind: sim.EvMessage, Tick: 3600, Team: 0, Text: "FOG", Message: "Fog on the river"}}
	g, err := render.New(ex, render.Options{Width: testW, Height: testH, NoInterpolation: true})
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(testW, testH)
	frame(t, g)
	want := []string{"earlier message: Groups gather at Edirne", "earlier message: Fog on the river"}
	if got := g.Log(); !slices.Equal(got, want) {
		t.Errorf("log %q, want %q", got, want)
	}
	lines, _, _, _, _, _ := g.Card()
	card := strings.Join(lines, "\n")
	for _, s := range []string{"Messages before you joined", "Groups gather at Edirne", "Fog on the river"} {
		if !strings.Contains(card, s) {
			t.Errorf("the start card lacks %q:\n%s", s, card)
		}
	}
}
