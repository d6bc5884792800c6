// Package render is the Ebiten client of borderdrill: it draws a sim.View
// on the real border map (countries, border, rivers, lakes, towns,
// checkpoints, joint patrol zones, then units, sensors, tracks, ground
// truth for the instructor, event markers and a HUD) and turns the user's
// mouse and keys into sim.Commands. It never touches a sim.World: it talks
// to an exercise through client.Exercise, which a local in-process
// exercise and a server connection both satisfy.
//
// The device-free half (camera, input → commands, chat line) and the
// Exercise contract are package client; this package reads Ebiten's input
// into a client.Input and draws. Everything dynamic is batched into a few
// DrawTriangles calls per layer; the static map is triangulated once and
// cached to an offscreen image while the camera stands still.
package render

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"slices"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
)

// Options configure a Game.
type Options struct {
	Width, Height int // screen size in pixels; 0 takes 1280×800

	// Capture, when set, draws the first frame at or after a tick into an
	// image, hands it to Done and ends the game.
	Capture *Capture

	// Now is the wall clock used to interpolate motion between views; nil
	// takes time.Now.
	Now func() time.Time
	// NoInterpolation draws every entity at its position in the newest
	// view (tests, captures).
	NoInterpolation bool
	// HideHUD draws the map and the picture only.
	HideHUD bool
	// Fit is what the camera first shows, unless Look is set.
	Fit Fit
	// Look, when its Span is set, centres the first view on a point with
	// that many metres across.
	Look Look
	// NoCard starts without the start card (the briefing; O opens it).
	// A capture shows it only with Card.
	NoCard bool
	Card   bool
	// UIScale draws text, panels and the map this many times larger,
	// 1 to 2 (U cycles 1×, 1.25×, 1.5×, 2×); 0 takes 1.
	UIScale float64
	// HighContrast draws the map in white and greys under black lines and
	// the panels opaque black with white text (X toggles it, contrast.go);
	// OnContrast, if set, is told each time X changes it (the browser
	// client remembers it).
	HighContrast bool
	OnContrast   func(on bool)

	// Lang is the reader's language (a BCP 47 tag such as "fi"); every
	// text the client draws comes from i18n's catalogs in it. "" takes
	// English.
	Lang string

	// Context bounds what the game starts on its own: the exercise of a
	// "branch here" (a client.Runner) runs until it is done. nil takes
	// context.Background().
	Context context.Context
}

// Look is a view of the map: a planar centre and a width in metres.
type Look struct {
	Center orb.Point
	Span   float64 // metres
}

// Fit says what the camera is fitted to at the start.
type Fit uint8

// Fits. The zero Fit is FitAction: a trainee opens on the team's area of
// operations, not on a strip of the whole border.
const (
	// FitAction fits the first view's action: for a team its units, its
	// sensors with their range, its base and its agreements' joint zones
	// (its area of operations); for ground truth every unit, sensor,
	// checkpoint and joint zone.
	FitAction Fit = iota
	FitBorder     // the whole border
)

// Capture asks for one frame as an image.
type Capture struct {
	AfterTick int32                   // first tick whose frame is captured
	Done      func(*image.RGBA) error // receives the frame; its error ends the game with it
}

// Game is the client: an ebiten.Game drawing one exercise.
type Game struct {
	ex   client.Exercise
	info client.Info
	opt  Options
	now  func() time.Time

	st       *staticMap
	relief   *relief // the hillshade of the scenario's elevation, or nil
	cam      *client.Camera
	ctl      *client.Controller
	b        *batch
	sprites  *sprites
	white    *ebiten.Image
	fonts    fonts
	tr       *i18n.Lang              // the reader's language: g.tr.T("key"), g.tr.F("key", args...)
	mirror   bool                    // the HUD is mirrored for a right-to-left reader (mirror.go)
	enums    map[fmt.Stringer]string // names of sim values in the reader's language (enum)
	bidi     bidiLine                // lays out drawText's right-to-left texts
	pieceBuf []textPiece             // their pieces, reused
	drawn    []hudText               // the HUD's texts of the last frame, for tests of the layout
	reader   inputReader

	// The static map cached for one camera.
	mapImg   *ebiten.Image
	mapCam   client.Camera
	mapValid bool
	lastCam  client.Camera // the camera at the previous frame
	still    int           // frames the camera has not moved
	clabels  []label
	towns    []label // the towns whose dots the cached map has, named each frame

	view      *sim.View
	viewTeam  int
	ip        interp
	maxFuel   map[int32]int32
	names     map[int32]string // unit names by id, from views
	log       []logLine
	toasts    []toast
	markers   []marker
	occupied  []rect // label boxes placed this frame
	mapChecks []sim.CheckpointView

	branching chan branchDone // a "branch here" under way
	chat      client.ChatBox  // the chat line being typed
	chatLog   []chatLine      // chat lines received, oldest first

	hits       []hit       // the HUD's clickable regions, as last drawn
	arrows     []edgeArrow // this frame's arrows at new tracks off screen
	rosterShut bool        // the roster is collapsed
	tracksShut bool        // the track list is collapsed
	logShut    bool        // the event log is collapsed
	legendShut bool        // the legend is collapsed
	card       bool        // the start card is shown
	cardRect   rect        // where it was last drawn
	confirm    string      // a destructive key waiting for its confirmation ("branch"), or ""
	confirmBy  time.Time   // when the wait ends
	chatSolo   bool        // the chat line is open where there is no chat (it says so)
	objEvent   map[string]bool
	earlier    []sim.InjectView   // injects fired to the team before its first view
	unitBuf    []sim.UnitView     // myUnits' result, reused
	objStart   map[string]float64 // objective values of a first view at tick 0

	frame    *ebiten.Image // capture target
	captured bool
	err      error
	frames   int

	status  string  // the top bar's right-hand text as last drawn (waiting.go)
	picture picture // the tracks of the previous view (gone.go)

	// The HUD's panels kept between frames (hudcache.go).
	hudGen    uint64 // bumped by every Step that changes what the HUD shows
	hudSeen   hudSeen
	hudCache  hudCache
	hudTexts  []hudText // drawHUD's texts, reused
	overTexts []hudText // drawOverlays' texts, reused

	// Wrapped panel text (wrap.go).
	objShut  bool // the objectives are collapsed
	chatShut bool // the chat lines are collapsed
	objRows  []objRow
	logBuf   []logRow
	chatBuf  []logRow
	lineBuf  []string

	// The places the scenario names (places.go).
	townOrder  []label // the towns, named first
	placeTexts []string
}

// New returns the client for an exercise.
func New(ex client.Exercise, opt Options) (*Game, error) {
	info := ex.Info()
	if info.Map == nil {
		return nil, errors.New("render: the exercise has no map")
	}
	if opt.Width <= 0 || opt.Height <= 0 {
		opt.Width, opt.Height = 1280, 800
	}
	g := &Game{
		ex: ex, info: info, opt: opt, now: opt.Now,
		viewTeam: info.Team,
		maxFuel:  map[int32]int32{},
		names:    map[int32]string{},
		objEvent: map[string]bool{},
		tr:       i18n.Get(opt.Lang),
	}
	g.info.Lang = g.tr.Code()
	g.mirror = g.tr.RTL()
	if g.now == nil {
		g.now = time.Now
	}
	var err error
	if g.fonts, err = loadFonts(g.tr.RTL() || infoHasRTL(info)); err != nil {
		return nil, err
	}
	g.applyContrast()
	g.st = newStaticMap(info.Map, g.tr.Code())
	g.relief = newRelief(info.Elevation, info.Map)
	g.cam = client.NewCamera(opt.Width, opt.Height, g.st.borderBox)
	g.ctl = client.NewController(g.cam, g.st.borderBox, info.Team, len(info.Teams), info.Injects)
	g.ctl.Fresh = client.NewFresh(info.TickSeconds)
	g.ctl.Lang = g.tr
	g.ctl.TickSeconds = info.TickSeconds
	g.ctl.Role = info.Role
	for _, t := range info.Teams {
		g.ctl.TeamIDs = append(g.ctl.TeamIDs, t.ID)
		g.ctl.Countries = append(g.ctl.Countries, t.Country)
	}
	if g.timeline() != nil {
		// Playback controls are the instructor's keys; any viewer may
		// switch views in a replay.
		g.ctl.Team = sim.Instructor
	}
	g.ctl.OwnClock = g.ownClock()
	g.ctl.Rules = client.NewJurisdiction(info)
	g.card = (opt.Capture == nil || opt.Card) && !opt.HideHUD && !opt.NoCard
	g.ctl.Free = g.freeRect()
	g.cam.FitInto(g.st.borderBox, g.ctl.Free, 0.04)
	if opt.Look.Span > 0 {
		g.look(opt.Look)
	}
	g.addPlaces()
	// A window too small to leave the map a free part opens with the
	// objectives collapsed, so that their panel does not cover the map's
	// middle (a click on their title opens them).
	g.objShut = g.ctl.Free.X1-g.ctl.Free.X0 < 1
	g.white = whitePixel()
	g.b = newBatch(g.white)
	g.sprites = newSprites(g.white)
	return g, nil
}

// Camera returns the game's camera.
func (g *Game) Camera() *client.Camera { return g.cam }

// Controller returns the game's input controller (selection, menus).
func (g *Game) Controller() *client.Controller { return g.ctl }

// View returns the view on screen, or nil before the first.
func (g *Game) View() *sim.View { return g.view }

// Update polls the exercise, reads input and sends the commands it makes.
func (g *Game) Update() error {
	if g.err != nil {
		return g.err
	}
	if g.captured {
		return ebiten.Termination
	}
	g.Step(g.reader.read())
	return nil
}

// Step runs one frame's logic with the given input: poll the exercise,
// turn input into commands and send them. Update calls it with the
// devices' input; tests call it directly.
func (g *Game) Step(in client.Input) {
	now := g.now()
	raw := in // as the devices gave it, before the overlays take keys
	g.finishBranch(now)
	in = g.formInput(in) // an open form takes the keys first (whitecell.go)
	in = g.cardInput(in)
	in = g.chatInput(in, now)
	in = g.replayInput(in, now)
	in = g.hudInput(in)
	in = g.scaleInput(in, now)
	in = g.contrastInput(in, now)
	v, evs, changed := g.ex.Poll()
	if changed && v != nil {
		g.arrive(v, now)
	}
	for _, e := range evs {
		g.event(e, now)
	}
	for _, cmd := range g.ctl.Update(in, g.view) {
		g.send(cmd)
	}
	for _, n := range g.ctl.Notices() {
		var tick int32
		if g.view != nil {
			tick = g.view.Tick
		}
		g.toast(n, tick, now, colToastWarn)
	}
	if g.ctl.ViewTeam != g.viewTeam {
		g.viewTeam = g.ctl.ViewTeam
		g.ex.SetViewTeam(g.viewTeam)
		g.ip.reset = true
	}
	g.touch(&raw, changed, len(evs))
}

// ownClock reports whether the user runs the exercise's clock alone
// (local play, client.SoloClock).
func (g *Game) ownClock() bool {
	_, ok := g.unwrap().(client.SoloClock)
	return ok && g.timeline() == nil
}

// send hands a command to the exercise: a trainee's pause, resume and
// speed in local play go to its clock.
func (g *Game) send(cmd sim.Command) {
	switch cmd.Kind {
	case sim.CmdPause, sim.CmdResume, sim.CmdSpeed:
		if sc, ok := g.unwrap().(client.SoloClock); ok && !g.info.Instructor() && g.timeline() == nil {
			sc.ControlClock(cmd)
			return
		}
	}
	g.ex.Send(cmd)
}

// cardInput handles the start card: O opens it; Enter, Esc and O close
// it, and any other key closes it and does what it does (the seek keys of
// a replay, say: nothing is selected yet that an order could move).
func (g *Game) cardInput(in client.Input) client.Input {
	if g.opt.HideHUD || g.chat.Open {
		return in
	}
	if !g.card {
		for i, k := range in.Keys {
			if k == client.KeyO {
				g.card = true
				in.Keys = append(in.Keys[:i:i], in.Keys[i+1:]...)
				break
			}
		}
		if !g.card {
			return in
		}
		in.Keys, in.Chars = nil, nil
		return in
	}
	keys := in.Keys[:0:0]
	for _, k := range in.Keys {
		g.card = false
		switch k {
		case client.KeyEnter, client.KeyEscape, client.KeyO:
		default:
			keys = append(keys, k)
		}
	}
	if len(in.Keys) > 0 {
		in.Keys, in.Chars = keys, nil
	}
	return in
}

// CardShown reports whether the start card is shown.
func (g *Game) CardShown() bool { return g.card }

// arrive takes a new view.
func (g *Game) arrive(v *sim.View, now time.Time) {
	if g.view != nil && v.Team != g.view.Team {
		g.ip.reset = true
	}
	if g.view == nil && g.opt.Fit != FitBorder && g.opt.Look.Span <= 0 {
		if b, ok := actionBound(v, g.info); ok {
			g.cam.FitInto(b, g.ctl.Free, 0.04)
		}
	}
	if g.view == nil && v.Team >= 0 {
		g.catchUp(v)
	}
	if g.view == nil && v.Tick == 0 {
		g.objStart = map[string]float64{}
		for _, o := range v.Objective {
			g.objStart[o.ID] = o.Value
		}
	}
	g.logGone(v)
	if g.view == nil || v.Team != g.view.Team || len(v.Injects) != len(g.view.Injects) {
		g.nameTowns(v) // the texts that may name places changed
	}
	g.view = v
	g.ip.arrive(v, now)
	for _, u := range v.Units {
		g.names[u.ID] = u.Name
		if u.Kind == sim.Drone && u.Fuel > g.maxFuel[u.ID] {
			g.maxFuel[u.ID] = u.Fuel
		}
	}
}

// catchUp puts the injects fired to the team before the client's first
// view (a trainee joining late, a replay or capture that starts later) in
// the event log, oldest first, so that the opening brief and every
// message since are there; the start card lists them too.
func (g *Game) catchUp(v *sim.View) {
	var fired []sim.InjectView
	for _, in := range v.Injects {
		if in.Fired && in.FiredAt < v.Tick {
			fired = append(fired, in)
		}
	}
	slices.SortStableFunc(fired, func(a, b sim.InjectView) int { return int(a.FiredAt - b.FiredAt) })
	for _, in := range fired {
		s := g.tr.Pick(in.Synopsis)
		if in.Message != "" {
			s = g.tr.Pick(in.Message)
		}
		g.logf(in.FiredAt, colMessage, g.tr.Format("log.earlier"), s)
		g.earlier = append(g.earlier, in)
	}
}

// caughtUp reports whether event e is an inject catchUp already logged.
func (g *Game) caughtUp(e sim.Event) bool {
	for _, in := range g.earlier {
		if in.FiredAt == e.Tick && (in.ID == e.Text || (in.Message != "" && in.Message == e.Message)) {
			return true
		}
	}
	return false
}

// noData reports whether objective o has had no data yet: its value is
// still that of the first view at tick 0 (or zero, for a client that came
// later) and no event has said it changed.
func (g *Game) noData(o sim.ObjectiveStatus) bool {
	if g.objEvent[o.ID] {
		return false
	}
	if v0, ok := g.objStart[o.ID]; ok {
		return o.Value == v0
	}
	return o.Value == 0
}

// look fits the free part of the screen to l.
func (g *Game) look(l Look) {
	r := g.ctl.Free
	if r.X1-r.X0 < 1 {
		r = client.Rect{X1: float64(g.cam.W), Y1: float64(g.cam.H)}
	}
	h := l.Span / 2 * (r.Y1 - r.Y0) / (r.X1 - r.X0)
	g.cam.FitInto(orb.Bound{
		Min: orb.Point{l.Center[0] - l.Span/2, l.Center[1] - h},
		Max: orb.Point{l.Center[0] + l.Span/2, l.Center[1] + h},
	}, r, 0)
}

// freeRect is the part of the screen the HUD's panels leave free: below
// the top bar, left of the objectives column, above the event log.
func (g *Game) freeRect() client.Rect {
	W, H := float64(g.cam.W), float64(g.cam.H)
	if g.opt.HideHUD || W < 2*hudColW+sideW || H < 3*hudLogH {
		return client.Rect{}
	}
	r := client.Rect{X0: sideW + 16, Y0: hudBarH + 4, X1: W - hudColW - 16, Y1: H - hudLogH - (g.bottomH() - hudStripH)}
	if g.mirrored() {
		return mirrorRect(r, W)
	}
	return r
}

// actionBound returns the bound of what a view shows: for a team its own
// units and their routes, its sensors with their range, its base and the
// joint zones of its agreements; for ground truth every unit, sensor,
// checkpoint in use and joint zone.
func actionBound(v *sim.View, info client.Info) (orb.Bound, bool) {
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	add := func(p orb.Point, r float64) {
		b = b.Union(orb.Bound{Min: orb.Point{p[0] - r, p[1] - r}, Max: orb.Point{p[0] + r, p[1] + r}})
	}
	team := v.Team
	mine := func(t int) bool { return team < 0 || t == team }
	for _, u := range v.Units {
		if !mine(u.Team) {
			continue
		}
		add(u.Pos, 0)
		for _, q := range u.Route {
			add(q, 0)
		}
	}
	for _, s := range v.Sensors {
		if mine(s.Team) {
			add(s.Pos, s.Range)
		}
	}
	if b.Min[0] > b.Max[0] && team >= 0 {
		return b, false // nothing of the team's yet
	}
	if team < 0 {
		for _, c := range v.Checks {
			add(c.Pos, 0)
		}
		for _, z := range info.Zones {
			add(z.Center, z.Radius)
		}
	} else {
		if team < len(info.Teams) && (info.Teams[team].Base != orb.Point{}) {
			add(info.Teams[team].Base, 0)
		}
		for _, a := range info.Agreements {
			if a.Partner(team) < 0 {
				continue
			}
			for _, z := range a.JointZones {
				add(z.Center, z.Radius)
			}
		}
	}
	if b.Min[0] > b.Max[0] {
		return b, false
	}
	// At least 20 km across, so a lone unit is seen in its setting.
	const least = 20_000.0 // metres
	c := b.Center()
	add(c, least/2)
	return b, true
}

// Layout keeps one screen pixel per device-independent pixel; a capture
// has the size it asked for.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	w, h := int(float64(outsideWidth)/g.uiScale()), int(float64(outsideHeight)/g.uiScale())
	if g.opt.Capture != nil || w <= 0 || h <= 0 {
		w, h = g.opt.Width, g.opt.Height
	}
	if w != g.cam.W || h != g.cam.H {
		g.cam.Resize(w, h)
		g.ctl.Free = g.freeRect()
	}
	return w, h
}

// Draw draws the frame; when a capture is due it also hands the frame
// over.
func (g *Game) Draw(screen *ebiten.Image) {
	g.frames++
	c := g.opt.Capture
	if c == nil || g.captured || g.view == nil || g.view.Tick < c.AfterTick {
		g.DrawFrame(screen)
		return
	}
	b := screen.Bounds()
	if g.frame == nil || g.frame.Bounds() != b {
		g.frame = offscreen(b.Dx(), b.Dy())
	}
	g.DrawFrame(g.frame)
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	g.frame.ReadPixels(img.Pix)
	screen.DrawImage(g.frame, nil)
	g.captured = true
	if err := c.Done(img); err != nil {
		g.err = fmt.Errorf("render: capture: %w", err)
	}
}

// DrawFrame draws the whole client (map, picture, HUD) onto dst, which
// should be the camera's size.
func (g *Game) DrawFrame(dst *ebiten.Image) {
	now := g.now()
	g.applyContrast()
	g.drawMap(dst) // opaque: covers the whole frame
	g.occupied = g.occupied[:0]
	g.hits, g.arrows = g.hits[:0], g.arrows[:0]
	if g.view != nil {
		a := 1.0
		if !g.opt.NoInterpolation {
			a = g.ip.alpha(now)
		}
		g.drawPicture(dst, g.view, a)
	}
	if !g.opt.HideHUD {
		g.drawHUD(dst, now)
		g.drawTimeline(dst)
	}
}

// interp moves entities smoothly from where they were drawn when a view
// arrived to where that view puts them, over the time views take to come.
type interp struct {
	t0       time.Time
	last     time.Time
	dur      time.Duration
	reset    bool
	units    []lerp
	tracks   []lerp
	crossers []lerp
	at       map[int32]orb.Point
}

// lerp is one entity's motion, aligned with its slice in the view.
type lerp struct {
	id       int32
	from, to orb.Point
}

// Interpolation limits.
const (
	minViewGap = 10 * time.Millisecond
	maxViewGap = 1500 * time.Millisecond
	maxJump    = 20_000.0 // metres; a longer move is drawn at once
)

func (ip *interp) alpha(now time.Time) float64 {
	if ip.dur <= 0 {
		return 1
	}
	a := float64(now.Sub(ip.t0)) / float64(ip.dur)
	return math.Min(math.Max(a, 0), 1)
}

func (ip *interp) arrive(v *sim.View, now time.Time) {
	a := ip.alpha(now)
	gap := now.Sub(ip.last)
	if ip.last.IsZero() {
		gap = 0
	}
	ip.last = now
	ip.t0 = now
	ip.dur = min(max(gap, minViewGap), maxViewGap)
	if ip.at == nil {
		ip.at = map[int32]orb.Point{}
	}
	reset := ip.reset
	ip.reset = false
	ip.units = remap(ip.units, len(v.Units), func(i int) (int32, orb.Point) { return v.Units[i].ID, v.Units[i].Pos }, a, ip.at, reset)
	ip.tracks = remap(ip.tracks, len(v.Tracks), func(i int) (int32, orb.Point) { return v.Tracks[i].ID, v.Tracks[i].Pos }, a, ip.at, reset)
	ip.crossers = remap(ip.crossers, len(v.Crossers), func(i int) (int32, orb.Point) { return v.Crossers[i].ID, v.Crossers[i].Pos }, a, ip.at, reset)
}

// remap rebuilds one kind's motions for a new view: each entity starts
// from where it was drawn a moment ago (at fraction a of its old motion).
func remap(old []lerp, n int, get func(int) (int32, orb.Point), a float64, at map[int32]orb.Point, reset bool) []lerp {
	clear(at)
	if !reset {
		for _, l := range old {
			at[l.id] = lerpPoint(l.from, l.to, a)
		}
	}
	out := old[:0]
	for i := 0; i < n; i++ {
		id, p := get(i)
		from, ok := at[id]
		if !ok || math.Hypot(p[0]-from[0], p[1]-from[1]) > maxJump {
			from = p
		}
		out = append(out, lerp{id: id, from: from, to: p})
	}
	return out
}

// pos returns entity i's position at fraction a, falling back to p when
// the motions do not line up with the view.
func pos(ls []lerp, i int, id int32, p orb.Point, a float64) orb.Point {
	if i < len(ls) && ls[i].id == id {
		return lerpPoint(ls[i].from, ls[i].to, a)
	}
	return p
}

func lerpPoint(p, q orb.Point, a float64) orb.Point {
	return orb.Point{p[0] + (q[0]-p[0])*a, p[1] + (q[1]-p[1])*a}
}
