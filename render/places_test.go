package render_test

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// townInk is the colour of town names on the map (docs/CLIENT.md).
var townInk = color.RGBA{0x3a, 0x3a, 0x3a, 0xff}

// TestNamedPlacesLabelled: a GRC trainee of a grc-tur exercise on a server
// (the map loaded without the scenario's places, which the Welcome
// carries) looks at the Evros from Feres to Edirne, 160 km across:
// Soufli and Feres are labelled in bold, and so is Edirne, which the
// opening brief names; a unit standing at Feres keeps its own label and
// the town's gives way.
func TestNamedPlacesLabelled(t *testing.T) {
	m := loadMap(t, "grc-tur")
	soufli := m.Proj.Forward(orb.Point{26.302, 41.192})
	feres := m.Proj.Forward(orb.Point{26.172, 40.895})
	info := twoTeams(m)
	info.Places = []client.Place{{Name: "Soufli", Pos: soufli}, {Name: "Feres", Pos: feres}}
	brief := sim.InjectView{ID: "E1", Message: "Several hundred people in Edirne heading for Pazarkule.", Addressee: sim.All, Fired: true}
	edirne := m.Proj.Forward(orb.Point{26.57, 41.67})
	look := render.Look{Center: orb.Point{(soufli[0] + edirne[0]) / 2, (feres[1] + edirne[1]) / 2}, Span: 160_000}
	shot := func(units []sim.UnitView) (*image.RGBA, *render.Game) {
		ex := &fakeExercise{info: info}
		ex.show(&sim.View{Team: 0, Tick: 100, Injects: []sim.InjectView{brief}, Units: units})
		g, err := render.New(ex, render.Options{Width: testW, Height: testH, NoInterpolation: true, NoCard: true, HideHUD: true, Look: look})
		if err != nil {
			t.Fatal(err)
		}
		g.Layout(testW, testH)
		frame(t, g)
		return frame(t, g), g // the second frame draws the map with the towns the view named
	}
	// labelInk counts town-coloured pixels where a town's name stands:
	// right of its dot, or left of it where the right is taken (Feres:
	// by the Kipoi–Ipsala checkpoint's name).
	labelInk := func(img *image.RGBA, g *render.Game, p orb.Point) int {
		x, y := g.Camera().ToScreen(p)
		n := 0
		for py := int(y) - 9; py < int(y)+9; py++ {
			for px := int(x) - 75; px < int(x)+75; px++ {
				if close3(img.RGBAAt(px, py), townInk) {
					n++
				}
			}
		}
		return n
	}
	img, g := shot(nil)
	for _, c := range []struct {
		name string
		at   orb.Point
	}{{"Soufli", soufli}, {"Feres", feres}, {"Edirne", edirne}} {
		if x, y := g.Camera().ToScreen(c.at); x < 0 || y < 0 || x > testW || y > testH {
			t.Fatalf("%s is off screen at %.0f,%.0f", c.name, x, y)
		}
		if n := labelInk(img, g, c.at); n < 40 {
			t.Errorf("%s: %d town-coloured pixels beside it, want its name (40 or more)", c.name, n)
		}
	}
	// A unit at Feres: its name wins, the town's is not drawn over it.
	unit := sim.UnitView{ID: 1, Team: 0, Kind: sim.Vehicle, Name: "Feres river patrol", Pos: feres, Track: -1}
	img2, g2 := shot([]sim.UnitView{unit})
	x, y := g2.Camera().ToScreen(feres)
	if !nearTeamInk(img2, x, y) {
		t.Error("the unit's name is not drawn beside it")
	}
	right := 0
	for py := int(y) - 9; py < int(y)+9; py++ {
		for px := int(x) + 5; px < int(x)+120; px++ {
			if close3(img2.RGBAAt(px, py), townInk) {
				right++
			}
		}
	}
	if right > 10 {
		t.Errorf("with a unit at Feres, %d town-coloured pixels among the unit's name: the labels collide", right)
	}
}

// TestPlacesKeptAcrossContrast: the Welcome's places (Soufli, which the
// grc-tur map lacks) are still labelled after X switches the contrast
// mode, and after X switches it back, while injects that name towns of
// the map's own (Edirne, Kırklareli) fire after each switch.
func TestPlacesKeptAcrossContrast(t *testing.T) {
	m := loadMap(t, "grc-tur")
	soufli := m.Proj.Forward(orb.Point{26.302, 41.192})
	info := twoTeams(m)
	info.Places = []client.Place{{Name: "Soufli", Pos: soufli}}
	ex := &fakeExercise{info: info}
	ex.show(&sim.View{Team: 0, Tick: 100})
	g, err := render.New(ex, render.Options{Width: testW, Height: testH, NoInterpolation: true, NoCard: true,
		Look: render.Look{Center: soufli, Span: 120_000}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if g.HighContrast() {
			g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyX}})
		}
	}()
	g.Layout(testW, testH)
	injects := []sim.InjectView{
		{ID: "E1", Message: "A group seen near Edirne.", Addressee: sim.All, Fired: true},
		{ID: "E2", Message: "A second group near Kırklareli.", Addressee: sim.All, Fired: true},
	}
	for i, mode := range []string{"everyday", "high contrast", "everyday again"} {
		if i > 0 {
			g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyX}})
		}
		ex.show(&sim.View{Team: 0, Tick: 101 + int32(i), Injects: injects[:i]})
		frame(t, g)
		frame(t, g)
		if names := g.TownNames(); !slices.Contains(names, "Soufli") {
			t.Errorf("%s: towns drawn %q, want Soufli among them", mode, names)
		}
	}
}

// nearTeamInk reports whether bluish name pixels stand right of (x, y).
func nearTeamInk(img *image.RGBA, x, y float64) bool {
	n := 0
	for py := int(y) - 9; py < int(y)+9; py++ {
		for px := int(x) + 8; px < int(x)+120; px++ {
			c := img.RGBAAt(px, py)
			if c.B > 0x80 && c.R < 0x40 && c.G < 0x70 {
				n++
			}
		}
	}
	return n >= 20
}

var incidentRed = color.RGBA{0xe0, 0x00, 0x1b, 0xff}

// TestRouteIntoTheNeighbourIsDrawnInTheWarningColour: a patrol route
// whose leg enters Turkey outside any joint zone is drawn red while it is
// placed; sent, it is held with a warning, and Enter sends it anyway.
func TestRouteIntoTheNeighbourIsDrawnInTheWarningColour(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	v := g.View()
	info := ex.Info()
	m := info.Map
	grc, tur := m.CountryIndex("GRC"), m.CountryIndex("TUR")
	rules := client.NewJurisdiction(info)
	// A GRC ground unit and a point 3 km inside Turkey straight east of it,
	// where no joint zone allows it.
	var u sim.UnitView
	var in, out orb.Point
	found := false
	for _, c := range v.Units {
		if c.Team != 0 || c.Kind == sim.Drone || m.CountryAt(c.Pos) != grc {
			continue
		}
		for dx := 500.0; dx < 60_000; dx += 500 {
			p := orb.Point{c.Pos[0] + dx, c.Pos[1]}
			if m.CountryAt(p) == tur {
				q := orb.Point{p[0] + 3000, p[1]}
				w := orb.Point{c.Pos[0] + dx/3, c.Pos[1]} // a first waypoint on the Greek side
				_, _, bad := rules.Leaves(0, w, q, v)
				_, _, bad0 := rules.Leaves(0, c.Pos, w, v)
				if m.CountryAt(q) == tur && m.CountryAt(w) == grc && bad && !bad0 {
					u, in, out, found = c, w, q, true
				}
				break
			}
		}
		if found {
			break
		}
	}
	if !found {
		t.Fatal("no GRC unit with Turkey straight east of it")
	}
	ctl := g.Controller()
	ctl.SelectUnit(v, u.ID)
	cam := g.Camera()
	span := math.Hypot(out[0]-u.Pos[0], out[1]-u.Pos[1])
	cam.Scale = 400 / span // the route about 400 px long
	ctl.CentreOn(orb.Point{(u.Pos[0] + out[0]) / 2, u.Pos[1]})

	shift := func(p orb.Point) {
		x, y := cam.ToScreen(p)
		g.Step(client.Input{X: x, Y: y, Shift: true, Right: client.Button{Down: true, Pressed: true}})
		g.Step(client.Input{X: x, Y: y, Shift: true})
	}
	shift(in)
	shift(out)
	img := draw(g)
	// Red along the leg in Turkey's direction, not along the first leg.
	red := func(p, q orb.Point) int {
		n := 0
		x0, y0 := cam.ToScreen(p)
		x1, y1 := cam.ToScreen(q)
		for i := 1; i < 20; i++ {
			f := float64(i) / 20
			if near(img, x0+(x1-x0)*f, y0+(y1-y0)*f, 1, incidentRed) {
				n++
			}
		}
		return n
	}
	if n := red(in, out); n < 15 {
		t.Errorf("the leg into Turkey is red at %d of 19 points, want it drawn in the warning colour", n)
	}
	if n := red(u.Pos, in); n > 2 {
		t.Errorf("the leg on the Greek side is red at %d of 19 points, want it not", n)
	}

	// Releasing shift sends nothing: the order is held and warned about.
	g.Step(client.Input{X: -1, Y: -1})
	if len(ex.sent) != 0 || ctl.Held == nil {
		t.Fatalf("after the route: sent %+v, held %v; want nothing sent and the order held", ex.sent, ctl.Held)
	}
	// Enter sends it anyway.
	g.Step(client.Input{X: -1, Y: -1, Keys: []client.Key{client.KeyEnter}})
	if len(ex.sent) != 1 || ex.sent[0].Kind != sim.CmdPatrol || ex.sent[0].Unit != u.ID {
		t.Errorf("after Enter: sent %+v, want the patrol of %s", ex.sent, u.Name)
	}
}

// TestPlaceNamesInTheReadersLanguage: the grc-tur built-in names Soufli,
// which the map lacks, and Alexandroupoli and Edirne, which it has, in
// Greek and Turkish, and the esp-mar built-in names Tangier in Arabic:
// each reader's map labels them in their language, a reader of another
// language by the local name, and the label is drawn beside the town.
func TestPlaceNamesInTheReadersLanguage(t *testing.T) {
	for _, tc := range []struct {
		scenario, lang string
		at             orb.Point // lon/lat to look at
		want           []string
	}{
		{"grc-tur-evros-river", "el", orb.Point{26.2, 41.2}, []string{"Σουφλί", "Αλεξανδρούπολη", "Αδριανούπολη"}},
		{"grc-tur-evros-river", "tr", orb.Point{26.2, 41.2}, []string{"Sofulu", "Dedeağaç", "Edirne"}},
		{"grc-tur-evros-river", "en", orb.Point{26.2, 41.2}, []string{"Soufli", "Alexandroupoli", "Edirne"}},
		{"grc-tur-evros-river", "fr", orb.Point{26.2, 41.2}, []string{"Σουφλί", "Αλεξανδρούπολη", "Edirne"}},
		{"esp-mar-melilla-fence", "ar", orb.Point{-5.6, 35.6}, []string{"طنجة", "سبتة"}},
		{"esp-mar-melilla-fence", "es", orb.Point{-5.6, 35.6}, []string{"Tánger", "Ceuta"}},
		{"esp-mar-melilla-fence", "pl", orb.Point{-5.6, 35.6}, []string{"طنجة", "Ceuta"}},
	} {
		t.Run(tc.scenario+"/"+tc.lang, func(t *testing.T) {
			sc, err := scenarios.Builtin(tc.scenario)
			if err != nil {
				t.Fatal(err)
			}
			look := render.Look{Center: sc.Map.Proj.Forward(tc.at), Span: 140_000}
			g, _ := localGame(t, tc.scenario, 0, 0, render.Options{Lang: tc.lang, Look: look, NoCard: true, HideHUD: true})
			img := draw(g)
			names := g.TownNames()
			for _, w := range tc.want {
				if !slices.Contains(names, w) {
					t.Errorf("towns drawn %q, want %q among them", names, w)
				}
			}
			// The first is drawn: town ink beside its dot.
			name := tc.want[0]
			for _, tw := range sc.Map.Towns {
				if i18n.Pick(cmp.Or(tw.Label, tw.Name), tc.lang) != name {
					continue
				}
				x, y := g.Camera().ToScreen(tw.Pos)
				n := 0
				for py := int(y) - 9; py < int(y)+9; py++ {
					for px := int(x) - 110; px < int(x)+110; px++ {
						if close3(img.RGBAAt(px, py), townInk) {
							n++
						}
					}
				}
				if n < 30 {
					t.Errorf("%s: %d town-coloured pixels beside it, want its name drawn (30 or more)", name, n)
				}
			}
		})
	}
}
