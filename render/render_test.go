package render_test

import (
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// fakeExercise hands out one fixed view.
type fakeExercise struct {
	info  client.Info
	view  *sim.View
	fresh bool
	sent  []sim.Command
	team  int
}

func (f *fakeExercise) Info() client.Info { return f.info }
func (f *fakeExercise) Poll() (*sim.View, []sim.Event, bool) {
	ch := f.fresh
	f.fresh = false
	return f.view, nil, ch
}
func (f *fakeExercise) Send(c sim.Command)   { f.sent = append(f.sent, c) }
func (f *fakeExercise) SetViewTeam(team int) { f.team = team }

func (f *fakeExercise) show(v *sim.View) { f.view, f.fresh = v, true }

// Palette the tests look for; these are the documented colours of the
// client (docs/CLIENT.md).
var (
	borderColour  = color.RGBA{0xd0, 0x10, 0x6f, 0xff}
	countryA      = color.RGBA{0xf1, 0xe4, 0xb8, 0xff}
	countryB      = color.RGBA{0xcf, 0xe3, 0xc1, 0xff}
	team0Colour   = color.RGBA{0x00, 0x72, 0xb2, 0xff} // Okabe–Ito blue
	team1Colour   = color.RGBA{0x00, 0x9e, 0x73, 0xff} // Okabe–Ito bluish green
	ownTrack      = color.RGBA{0xff, 0x8f, 0x00, 0xff}
	crosserColour = color.RGBA{0xff, 0x3b, 0x14, 0xff}
)

const testW, testH = 960, 720

func loadMap(t testing.TB, name string) *maps.Map {
	t.Helper()
	m, err := maps.Load(name)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func twoTeams(m *maps.Map) client.Info {
	return client.Info{
		Scenario: "test", Map: m, Team: 0, TickSeconds: 1,
		Teams: []client.Team{
			{ID: m.Countries[0].ISO3, Name: m.Countries[0].Name, Country: m.Countries[0].ISO3},
			{ID: m.Countries[1].ISO3, Name: m.Countries[1].Name, Country: m.Countries[1].ISO3},
		},
	}
}

// frame draws one frame of g and returns its pixels.
func frame(t testing.TB, g *render.Game) *image.RGBA {
	t.Helper()
	g.Step(client.Input{X: -1, Y: -1})
	return draw(g)
}

// draw draws g as it stands, without a step.
func draw(g *render.Game) *image.RGBA {
	img := ebiten.NewImage(testW, testH)
	defer img.Deallocate()
	g.DrawFrame(img)
	out := image.NewRGBA(image.Rect(0, 0, testW, testH))
	img.ReadPixels(out.Pix)
	return out
}

func newGame(t testing.TB, ex client.Exercise, hud bool) *render.Game {
	t.Helper()
	g, err := render.New(ex, render.Options{Width: testW, Height: testH, HideHUD: !hud, NoInterpolation: true, NoCard: true, Fit: render.FitBorder})
	if err != nil {
		t.Fatal(err)
	}
	g.Layout(testW, testH)
	return g
}

func close3(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return math.Abs(float64(x)-float64(y)) <= 3 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

func at(img *image.RGBA, x, y float64) color.RGBA {
	return img.RGBAAt(int(math.Floor(x)), int(math.Floor(y)))
}

// near reports whether colour c is within r pixels of (x, y).
func near(img *image.RGBA, x, y float64, r int, c color.RGBA) bool {
	for dy := -r; dy <= r; dy++ {
		for dx := -r; dx <= r; dx++ {
			if close3(img.RGBAAt(int(x)+dx, int(y)+dy), c) {
				return true
			}
		}
	}
	return false
}

func TestBorderAndCountries(t *testing.T) {
	for _, name := range []string{"pol-blr", "fin-rus", "usa-mex"} {
		t.Run(name, func(t *testing.T) {
			m := loadMap(t, name)
			g := newGame(t, &fakeExercise{info: twoTeams(m)}, false)
			img := frame(t, g)
			cam := g.Camera()

			// The border: its colour on (or within a pixel of) the
			// projected vertices.
			line := m.Border[0]
			checked, missed := 0, 0
			for i := 0; i < len(line); i += max(len(line)/12, 1) {
				x, y := cam.ToScreen(line[i])
				if x < 2 || y < 2 || x > testW-3 || y > testH-3 {
					continue
				}
				checked++
				if !near(img, x, y, 1, borderColour) {
					missed++
					t.Logf("border vertex %d at (%.0f, %.0f): %v", i, x, y, at(img, x, y))
				}
			}
			// Town names are drawn over the border; a few may hide it.
			if checked < 8 || missed > checked/4 {
				t.Errorf("border colour found at %d of %d sampled vertices", checked-missed, checked)
			}

			// Each side's fill 20 km inside the border, away from rivers,
			// lakes, patrol tracks and towns.
			found := [2]int{}
			for i := 1; i < len(line); i += max(len(line)/40, 1) {
				a, b := line[i-1], line[i]
				dx, dy := b[0]-a[0], b[1]-a[1]
				l := math.Hypot(dx, dy)
				if l == 0 {
					continue
				}
				mid := orb.Point{(a[0] + b[0]) / 2, (a[1] + b[1]) / 2}
				for _, side := range []float64{1, -1} {
					p := orb.Point{mid[0] - dy/l*20_000*side, mid[1] + dx/l*20_000*side}
					c := m.CountryAt(p)
					if c != 0 && c != 1 || !clearGround(m, p) {
						continue
					}
					x, y := cam.ToScreen(p)
					if x < 0 || y < 0 || x >= testW || y >= testH {
						continue
					}
					want := []color.RGBA{countryA, countryB}[c]
					// Within 3 px: a country's name (Noto Sans, wider than the
					// Go font it replaced) may cross the sampled pixel.
					if got := at(img, x, y); !near(img, x, y, 3, want) {
						t.Errorf("%s 20 km from the border at (%.0f, %.0f): %v, want the fill %v", m.Countries[c].Name, x, y, got, want)
						continue
					}
					found[c]++
				}
			}
			if found[0] < 3 || found[1] < 3 {
				t.Errorf("checked fills at %d points in %s and %d in %s; want at least 3 each",
					found[0], m.Countries[0].Name, found[1], m.Countries[1].Name)
			}
		})
	}
}

// clearGround reports whether nothing but the country fill is drawn at p
// (at the test's scale: some kilometres from rivers, lakes, tracks, towns).
func clearGround(m *maps.Map, p orb.Point) bool {
	if m.RiverDistance(p) < 8000 || m.BorderDistance(p) < 10_000 {
		return false
	}
	for _, l := range m.Lakes {
		if planar.PolygonContains(l.Shape, p) || planar.DistanceFrom(l.Shape, p) < 8000 {
			return false
		}
	}
	for _, tr := range m.Tracks {
		for _, ln := range tr.Lines {
			if planar.DistanceFrom(ln, p) < 8000 {
				return false
			}
		}
	}
	for _, tw := range m.Towns {
		if math.Abs(tw.Pos[0]-p[0]) < 150_000 && math.Abs(tw.Pos[1]-p[1]) < 30_000 {
			return false // its dot or name
		}
	}
	return true
}

func TestUnitsInTeamColour(t *testing.T) {
	m := loadMap(t, "pol-blr")
	ex := &fakeExercise{info: twoTeams(m)}
	g := newGame(t, ex, false)
	cam := g.Camera()
	// Three units of each team, of each kind, well apart on screen.
	v := &sim.View{Team: sim.Instructor}
	var pts []orb.Point
	for i := 0; i < 6; i++ {
		p := cam.ToWorld(150+float64(i)*120, 200+float64(i%2)*300)
		pts = append(pts, p)
		v.Units = append(v.Units, sim.UnitView{ID: int32(i), Team: i % 2, Kind: sim.UnitKind(i / 2), Name: fmt.Sprint("U", i), Pos: p, Track: -1, Aloft: true})
	}
	ex.show(v)
	img := frame(t, g)
	for i, p := range pts {
		x, y := cam.ToScreen(p)
		want := []color.RGBA{team0Colour, team1Colour}[i%2]
		// The icon's centre carries a white mark; sample beside it.
		if got := at(img, x+4, y+3); !close3(got, want) {
			t.Errorf("%s unit %d of team %d at (%.0f, %.0f): %v, want %v", sim.UnitKind(i/2), i, i%2, x+4, y+3, got, want)
		}
	}
}

// TestTracksAndGroundTruth builds a World from the default scenario, runs
// it until a team has tracks, and checks the team's picture shows its
// tracks and no ground truth while the instructor's shows the groups.
func TestTracksAndGroundTruth(t *testing.T) {
	s, err := scenarios.Resolve(scenarios.Default)
	if err != nil {
		t.Fatal(err)
	}
	w, err := sim.New(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	const team = 0
	var v sim.View
	for w.Tick() < 6*3600 {
		w.Step(nil)
		if w.Tick()%60 != 0 {
			continue
		}
		w.ViewInto(team, &v)
		if hasOwnTrack(&v) && undetected(w) >= 0 {
			break
		}
	}
	if !hasOwnTrack(&v) {
		t.Fatal("no own track for team 0 in six hours")
	}
	truth := w.View(sim.Instructor)
	gi := undetected(w)
	if gi < 0 {
		t.Fatal("no undetected group to check")
	}
	if len(v.Crossers) != 0 {
		t.Fatalf("team view carries %d crossers", len(v.Crossers))
	}

	var tr sim.TrackView
	for i, x := range v.Tracks {
		if x.From < 0 && !x.Custody {
			// Fresh, so drawn at full strength (stale tracks fade).
			v.Tracks[i].Age = 0
			tr = v.Tracks[i]
			break
		}
	}
	group := truth.Crossers[gi]

	info := client.Info{Scenario: s.Name, Map: s.Map, Team: team, TickSeconds: 1}
	for _, t := range s.Teams {
		info.Teams = append(info.Teams, client.Team{ID: t.ID, Name: t.Name, Country: t.Country, Base: t.Base})
	}

	// The team's picture, centred on its track at 20 m per pixel.
	ex := &fakeExercise{info: info}
	g := newGame(t, ex, false)
	cam := g.Camera()
	cam.CenterOn(tr.Pos)
	cam.Scale = 1 / 20.0
	vt := v
	vt.Night = false // no night shade over the colours
	ex.show(&vt)
	img := frame(t, g)
	x, y := cam.ToScreen(tr.Pos)
	if got := at(img, x, y); !close3(got, ownTrack) {
		t.Errorf("own track T%d at (%.0f, %.0f): %v, want %v", tr.ID, x, y, got, ownTrack)
	}

	// Around the undetected group, nothing of it in the team's picture.
	cam.CenterOn(group.Pos)
	img = frame(t, g)
	gx, gy := cam.ToScreen(group.Pos)
	if near(img, gx, gy, 6, crosserColour) {
		t.Errorf("undetected group %d is drawn in team %d's picture at (%.0f, %.0f)", group.ID, team, gx, gy)
	}

	// The instructor's view draws it where it is.
	info.Team = sim.Instructor
	ex2 := &fakeExercise{info: info}
	g2 := newGame(t, ex2, false)
	cam2 := g2.Camera()
	cam2.CenterOn(group.Pos)
	cam2.Scale = 1 / 20.0
	truth.Night = false
	ex2.show(&truth)
	img = frame(t, g2)
	gx, gy = cam2.ToScreen(group.Pos)
	if !near(img, gx, gy, 2, crosserColour) {
		t.Errorf("instructor view: group %d (%s) is not drawn at (%.0f, %.0f): %v there", group.ID, group.State, gx, gy, at(img, gx, gy))
	}
}

func hasOwnTrack(v *sim.View) bool {
	for _, t := range v.Tracks {
		if t.From < 0 && !t.Custody {
			return true
		}
	}
	return false
}

// undetected returns the index of a moving group nobody has detected, in
// the instructor's view, or -1.
func undetected(w *sim.World) int {
	v := w.View(sim.Instructor)
	for i, c := range v.Crossers {
		if !c.Detected && (c.State == sim.Approaching || c.State == sim.Crossed) {
			return i
		}
	}
	return -1
}

func TestHUDShowsClockAndPanels(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &fakeExercise{info: twoTeams(m)}
	ex.show(&sim.View{Team: 0, Clock: 3600 * 22, Speed: 10,
		Objective: []sim.ObjectiveStatus{{ID: "a", Description: "detect", Value: 0.5, Target: 0.8}}})
	g := newGame(t, ex, true)
	img := frame(t, g)
	// The top bar is the dark panel colour with light text in it.
	dark, light := 0, 0
	for x := 0; x < testW; x++ {
		for y := 0; y < 28; y++ {
			c := img.RGBAAt(x, y)
			switch {
			case c.R < 0x40 && c.G < 0x40 && c.B < 0x40:
				dark++
			case c.R > 0xd0 && c.G > 0xd0 && c.B > 0xd0:
				light++
			}
		}
	}
	if dark < testW*20 || light < 200 {
		t.Errorf("top bar: %d dark and %d light pixels; want a dark bar with text", dark, light)
	}
}

func TestRejectedCommandIsToastedAndLogged(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &eventExercise{fakeExercise: fakeExercise{info: twoTeams(m)}}
	ex.show(&sim.View{Team: 0})
	g := newGame(t, ex, true)
	before := frame(t, g)
	ex.events = []sim.Event{{Kind: sim.EvRejected, Team: 0, CmdID: 99, Text: sim.ReasonNoUnit}}
	after := frame(t, g)
	// A toast is a red panel at the foot of the map's free part, in its
	// middle (off the middle of the map).
	free := g.Controller().Free
	mid, foot := int((free.X0+free.X1)/2), int(free.Y1)
	red := func(img *image.RGBA) int {
		n := 0
		for y := foot - 40; y < foot; y++ {
			for x := mid - 100; x < mid+100; x++ {
				c := img.RGBAAt(x, y)
				if c.R > 0x70 && c.G < 0x30 && c.B < 0x30 {
					n++
				}
			}
		}
		return n
	}
	if red(before) > 0 || red(after) < 500 {
		t.Errorf("toast pixels before %d, after %d; want none, then a red toast", red(before), red(after))
	}
}

// eventExercise hands out events once.
type eventExercise struct {
	fakeExercise
	events []sim.Event
}

func (e *eventExercise) Poll() (*sim.View, []sim.Event, bool) {
	v, _, ch := e.fakeExercise.Poll()
	evs := e.events
	e.events = nil
	return v, evs, ch
}

func TestSendsCommandsOfTheController(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &fakeExercise{info: twoTeams(m)}
	g := newGame(t, ex, false)
	cam := g.Camera()
	p := cam.ToWorld(400, 300)
	ex.show(&sim.View{Team: 0, Units: []sim.UnitView{{ID: 5, Team: 0, Kind: sim.Foot, Name: "A", Pos: p, Track: -1}}})
	g.Step(client.Input{X: 400, Y: 300, Left: client.Button{Down: true, Pressed: true}})
	g.Step(client.Input{X: 400, Y: 300, Left: client.Button{Released: true}})
	g.Step(client.Input{X: 500, Y: 300, Right: client.Button{Down: true, Pressed: true}})
	if len(ex.sent) != 1 || ex.sent[0].Kind != sim.CmdMove || ex.sent[0].Unit != 5 {
		t.Fatalf("sent %+v, want one move of unit 5", ex.sent)
	}
	want := cam.ToWorld(500, 300)
	if d := math.Hypot(ex.sent[0].Target[0]-want[0], ex.sent[0].Target[1]-want[1]); d > 1e-6 {
		t.Errorf("move target %v, want %v", ex.sent[0].Target, want)
	}
}

func TestInterpolation(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &fakeExercise{info: twoTeams(m)}
	now := time.Unix(1000, 0)
	g, err := render.New(ex, render.Options{Width: testW, Height: testH, HideHUD: true, Fit: render.FitBorder, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	cam := g.Camera()
	cam.Scale = 0.1 // 400 px is 4 km, a move to be drawn smoothly
	a, b := cam.ToWorld(300, 360), cam.ToWorld(700, 360)
	unit := func(p orb.Point) *sim.View {
		return &sim.View{Team: 0, Units: []sim.UnitView{{ID: 1, Team: 0, Kind: sim.Vehicle, Name: "V", Pos: p, Track: -1}}}
	}
	ex.show(unit(a))
	frame(t, g)
	now = now.Add(time.Second)
	ex.show(unit(b)) // a second later the unit is 400 px on
	frame(t, g)
	now = now.Add(500 * time.Millisecond) // half way to the next view
	img := frame(t, g)
	if got := at(img, 500, 356); !close3(got, team0Colour) {
		t.Errorf("half way between views the unit is not at x=500: %v there", got)
	}
	if got := at(img, 700, 356); close3(got, team0Colour) {
		t.Error("half way between views the unit is already drawn at its new position")
	}
}

// TestTeamMarks: beside its colour every team's unit carries its own mark
// at the icon's lower left (a disc, a triangle, a hollow square, a cross, …):
// in a capture, the white of the marks of four teams' units forms four
// different patterns, and the same pattern for two units of one team.
func TestTeamMarks(t *testing.T) {
	m := loadMap(t, "pol-blr")
	info := twoTeams(m)
	info.Teams = append(info.Teams, client.Team{ID: "EU", Name: "EU"}, client.Team{ID: "UN", Name: "UN"})
	ex := &fakeExercise{info: info}
	g := newGame(t, ex, false)
	cam := g.Camera()
	v := &sim.View{Team: sim.Instructor}
	var pts []orb.Point
	for i := 0; i < 8; i++ {
		p := cam.ToWorld(80+float64(i/4)*90, 150+float64(i%4)*110) // off the map's grey, clear of lines
		pts = append(pts, p)
		v.Units = append(v.Units, sim.UnitView{ID: int32(i), Team: i % 4, Kind: sim.Foot, Name: fmt.Sprint("U", i), Pos: p, Track: -1})
	}
	ex.show(v)
	img := frame(t, g)
	// The mark's white, on a 13×13 pixel patch centred 10 px left of and
	// below the icon's centre.
	patch := func(p orb.Point) (bits []bool, white int) {
		x, y := cam.ToScreen(p)
		for dy := 4; dy <= 16; dy++ {
			for dx := -16; dx <= -4; dx++ {
				c := img.RGBAAt(int(x)+dx, int(y)+dy)
				w := c.R > 0xe0 && c.G > 0xe0 && c.B > 0xe0
				bits = append(bits, w)
				if w {
					white++
				}
			}
		}
		return bits, white
	}
	differ := func(a, b []bool) int {
		n := 0
		for i := range a {
			if a[i] != b[i] {
				n++
			}
		}
		return n
	}
	var marks [][]bool
	for i, p := range pts[:4] {
		bits, white := patch(p)
		if white < 6 {
			t.Errorf("team %d's unit: %d white pixels where its mark goes", i, white)
		}
		marks = append(marks, bits)
	}
	for i := range marks {
		for j := i + 1; j < len(marks); j++ {
			if d := differ(marks[i], marks[j]); d < 10 {
				t.Errorf("teams %d and %d have marks %d pixels apart, want different shapes", i, j, d)
			}
		}
		if again, _ := patch(pts[i+4]); differ(marks[i], again) > 2 {
			t.Errorf("two units of team %d carry different marks (%d pixels apart)", i, differ(marks[i], again))
		}
	}
	if out := os.Getenv("BORDERDRILL_MARKS_SHOT"); out != "" {
		f, _ := os.Create(out)
		png.Encode(f, img)
		f.Close()
	}
}
