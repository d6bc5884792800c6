package client

import (
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"math"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// Screen distances, pixels.
const (
	PickRadius = 14.0 // how far from an icon a click still picks it
	dragSlop   = 4.0  // cursor travel before a press counts as a drag
	panStep    = 12.0 // arrow-key pan per frame
)

// Zoom steps, factors per step.
const (
	wheelZoom = 1.2
	keyZoom   = 1.5
)

// Speeds the instructor's keys 1, 2, 3, 4 select, ticks per wall-clock
// second (600: a 24-hour exercise in 2.4 minutes of replay).
var speedKeys = [...]int{1, 10, 60, 600}

// InjectsPerPage is how many rows the MSEL table shows at most (a digit
// acts on the row shown at its place).
const InjectsPerPage = 9

// Controller turns input into commands for one user (a team, or the
// instructor) and holds the client's UI state: the selection, the patrol
// route being placed, the open menus and the team whose view is shown.
// It is driven by one goroutine (the game's Update).
type Controller struct {
	Cam  *Camera
	Home orb.Bound // what F fits the camera to (the border)
	Free Rect      // the part of the screen panels leave free; zero: all

	Team    int              // the user's team, or sim.Instructor
	Teams   int              // number of teams in the exercise
	Injects []sim.InjectView // the MSEL (instructor)
	TeamIDs []string         // short ids by team index, for what orders say ("share T0 with TUR")
	// Countries are the teams' countries (ISO3) by team index: R asks a
	// partner of another country for readmission.
	Countries []string
	Lang      *i18n.Lang // the reader's language for notices and what orders say; nil: English
	// Rules warns before an order takes a unit where its team has no
	// authority; nil warns of nothing.
	Rules *Jurisdiction
	// Held is an order held back by a warning, sent when the user gives
	// it again (a right click at the same place, or Enter); nil when none.
	Held *Held

	// OwnClock lets a trainee pause and set the speed (local play, where
	// the user runs the clock alone); otherwise only the white cell does.
	OwnClock bool

	Units   []int32     // selected unit ids
	Track   int32       // selected track id, or -1
	Crosser int32       // selected crosser id (instructor), or -1
	Route   []orb.Point // waypoints placed with shift+right click, not yet sent
	Help    bool        // key bindings overlay shown
	Menu    bool        // inject menu shown (instructor)
	// Cooperation (coop.go): the selected track's actions, the requests
	// panel and the joint-commission view shown.
	Actions, Requests, Commission bool
	// Filter, Action, Scroll, Cursor and MenuRows are the MSEL table's
	// (msel.go): 0 every row, t+1 the rows of team t; what Enter or a
	// digit does; the first row shown; the row under the cursor (both
	// indexes into Rows); how many rows the render last showed.
	Filter      int
	Action      MenuAction
	Scroll      int
	Cursor      int
	MenuRows    int
	TickSeconds int  // simulated seconds per tick, for postponing
	AdHoc       bool // the white cell's ad-hoc menu is open (whitecell.go)
	Form        Form // the ad-hoc or observation form open (forms.go)
	// Role is the user's role on a server (an evaluator and a nation's
	// controller see ground truth as the white cell does, but may not do
	// what it does); 0 where there is none (local play, a replay).
	Role        wire.Role
	observation *wire.Observation // sent by the form, not yet taken
	autoOn      map[int]bool
	ViewTeam    int    // team whose view is shown; only the instructor changes it
	Fresh       *Fresh // which tracks are new (J jumps to them)

	// Box is the box-select rectangle being dragged (screen pixels), valid
	// while Boxing.
	Boxing bool
	Box    [4]float64 // x0, y0, x1, y1

	notices []string
	out     []sim.Command // this frame's commands
	nextID  uint32
	sent    [64]sent // recent commands by id, for rejection messages

	press    bool // left button went down on the map
	pressX   float64
	pressY   float64
	lastX    float64
	lastY    float64
	moved    bool
	boxing   bool
	shiftWas bool
}

type sent struct {
	id   uint32
	kind sim.CommandKind
	what string
}

// Held is an order held back because it would take a unit into another
// country without authority (an incident).
type Held struct {
	Text   string         // the warning, as told to the user
	At     orb.Point      // where the first unit would enter without authority
	Legs   [][2]orb.Point // the held orders' legs, for drawing
	Target orb.Point      // the order's point: a right click near it sends anyway
	cmds   []order
}

// order is a command with what it asks for and the legs it makes a unit
// go.
type order struct {
	cmd  sim.Command
	what string
	legs [][2]orb.Point
}

// Leg is one straight leg of a route being placed, and whether a unit
// would enter another country without authority on it.
type Leg struct {
	P, Q orb.Point
	Bad  bool
}

// holdRadius is how near to a held order's point a right click must be to
// send it anyway, pixels.
const holdRadius = 24.0

// NewController returns a controller for team (or sim.Instructor) in an
// exercise of teams teams, with cam fitted to home.
func NewController(cam *Camera, home orb.Bound, team, teams int, injects []sim.InjectView) *Controller {
	return &Controller{
		Cam: cam, Home: home, Team: team, Teams: teams, Injects: injects,
		Track: -1, Crosser: -1, ViewTeam: team, Fresh: NewFresh(1),
	}
}

// Instructor reports whether the user is the white cell.
func (c *Controller) Instructor() bool { return c.Team == sim.Instructor }

// Notices returns and clears the messages for the user produced since the
// last call (e.g. "select a unit first").
func (c *Controller) Notices() []string {
	n := c.notices
	c.notices = nil
	return n
}

// Describe returns what the command with the given id asked for, if it is
// among the recent ones ("move Alpha-1").
func (c *Controller) Describe(id uint32) (string, bool) {
	s := c.sent[id%uint32(len(c.sent))]
	if s.id == id && id != 0 {
		return s.what, true
	}
	return "", false
}

// Echoed reports whether the exercise answers the command with id with
// an event of its own when it is done (a share, an inject, pause, resume
// and speed), so that its acceptance need not be logged as well.
func (c *Controller) Echoed(id uint32) bool {
	s := c.sent[id%uint32(len(c.sent))]
	if s.id != id {
		return false
	}
	switch s.kind {
	case sim.CmdShare, sim.CmdInject, sim.CmdPause, sim.CmdResume, sim.CmdSpeed:
		return true
	}
	return false
}

// tr is the language the controller writes in.
func (c *Controller) tr() *i18n.Lang {
	if c.Lang == nil {
		return i18n.Get(i18n.Default)
	}
	return c.Lang
}

func (c *Controller) notice(format string, args ...any) {
	c.notices = append(c.notices, fmt.Sprintf(format, args...))
}

// Update reads one frame of input against the view on screen and returns
// the commands to send. Team is stamped by the exercise, not here; the
// commands carry the user's team only as a hint. v may be nil before the
// first view arrives.
func (c *Controller) Update(in Input, v *sim.View) []sim.Command {
	c.out = nil
	c.Fresh.Arrive(v)
	if c.Typing() {
		c.formFrame(in, v) // an open form takes the frame (forms.go)
		return c.out
	}
	c.camera(in)
	c.leftButton(in, v)

	// Right click: an order for the selected units.
	if in.Right.Pressed {
		if h := c.Held; h != nil && !in.Shift {
			c.Held = nil
			if x, y := c.Cam.ToScreen(h.Target); math.Hypot(x-in.X, y-in.Y) <= holdRadius {
				c.sendHeld(h)
				in.Right.Pressed = false
			}
		}
	}
	if in.Right.Pressed {
		p := c.Cam.ToWorld(in.X, in.Y)
		switch {
		case in.Shift:
			if len(c.ownSelected(v)) == 0 {
				c.noOwnUnits(v)
			} else {
				c.Route = append(c.Route, p)
			}
		default:
			c.order(v, in, p)
		}
	}

	// Releasing shift (or Enter) sends the route placed while it was held.
	if (c.shiftWas && !in.Shift) && len(c.Route) > 0 {
		c.sendRoute(v)
	}
	c.shiftWas = in.Shift

	for i, k := range in.Keys {
		c.key(k, in, v)
		if c.Typing() {
			// A form opened: it takes the frame's other keys, not the
			// character of the key that opened it.
			rest := Input{X: in.X, Y: in.Y, Keys: in.Keys[i+1:]}
			c.formFrame(rest, v)
			break
		}
	}
	return c.out
}

// emit numbers cmd, remembers what it asked for and queues it.
func (c *Controller) emit(cmd sim.Command, what string) {
	c.nextID++
	if c.nextID == 0 {
		c.nextID = 1
	}
	cmd.ID = c.nextID
	cmd.Team = c.Team
	c.sent[cmd.ID%uint32(len(c.sent))] = sent{cmd.ID, cmd.Kind, what}
	c.out = append(c.out, cmd)
}

func (c *Controller) camera(in Input) {
	if c.Menu {
		// The wheel and the arrows scroll the MSEL table.
		if in.Wheel != 0 {
			c.ScrollBy(-int(math.Copysign(math.Ceil(math.Abs(in.Wheel)), in.Wheel)))
		}
		return
	}
	if in.Wheel != 0 {
		c.Cam.ZoomAt(in.X, in.Y, math.Pow(wheelZoom, in.Wheel))
	}
	if in.held(KeyLeft) {
		c.Cam.Pan(panStep, 0)
	}
	if in.held(KeyRight) {
		c.Cam.Pan(-panStep, 0)
	}
	if in.held(KeyUp) {
		c.Cam.Pan(0, panStep)
	}
	if in.held(KeyDown) {
		c.Cam.Pan(0, -panStep)
	}
}

// leftButton handles selection (click), box selection (shift+drag) and
// panning (drag).
func (c *Controller) leftButton(in Input, v *sim.View) {
	if in.Left.Pressed {
		c.press, c.moved = true, false
		c.pressX, c.pressY = in.X, in.Y
		c.lastX, c.lastY = in.X, in.Y
		c.boxing = in.Shift
	}
	if !c.press {
		return
	}
	if !c.moved && math.Hypot(in.X-c.pressX, in.Y-c.pressY) > dragSlop {
		c.moved = true
	}
	if c.moved {
		if c.boxing {
			c.Boxing = true
			c.Box = [4]float64{c.pressX, c.pressY, in.X, in.Y}
		} else {
			c.Cam.Pan(in.X-c.lastX, in.Y-c.lastY)
		}
	}
	c.lastX, c.lastY = in.X, in.Y
	if in.Left.Released || !in.Left.Down {
		switch {
		case !c.moved:
			c.click(in, v)
		case c.boxing:
			c.boxSelect(v)
		}
		c.press, c.Boxing = false, false
	}
}

// click selects what is under the cursor: a unit, else a track, else a
// crosser; shift adds units to the selection. A click on empty ground
// clears the selection.
func (c *Controller) click(in Input, v *sim.View) {
	if v == nil {
		return
	}
	if u, ok := c.UnitAt(v, in.X, in.Y); ok {
		if in.Shift {
			for i, id := range c.Units {
				if id == u.ID {
					c.Units = append(c.Units[:i], c.Units[i+1:]...)
					return
				}
			}
			c.Units = append(c.Units, u.ID)
		} else {
			c.Units = append(c.Units[:0], u.ID)
		}
		c.Track, c.Crosser = -1, -1
		return
	}
	if t, ok := c.TrackAt(v, in.X, in.Y); ok {
		c.Units = c.Units[:0]
		c.Track, c.Crosser = t.ID, -1
		c.Fresh.Seen(t.ID)
		return
	}
	if g, ok := c.CrosserAt(v, in.X, in.Y); ok {
		c.Units = c.Units[:0]
		c.Crosser, c.Track = g.ID, -1
		return
	}
	if !in.Shift {
		c.Units = c.Units[:0]
		c.Track, c.Crosser = -1, -1
	}
}

func (c *Controller) boxSelect(v *sim.View) {
	if v == nil {
		return
	}
	x0, x1 := math.Min(c.Box[0], c.Box[2]), math.Max(c.Box[0], c.Box[2])
	y0, y1 := math.Min(c.Box[1], c.Box[3]), math.Max(c.Box[1], c.Box[3])
	c.Units = c.Units[:0]
	for _, u := range v.Units {
		if c.Team != sim.Instructor && u.Team != c.Team {
			continue
		}
		x, y := c.Cam.ToScreen(u.Pos)
		if x >= x0 && x <= x1 && y >= y0 && y <= y1 {
			c.Units = append(c.Units, u.ID)
		}
	}
	if len(c.Units) > 0 {
		c.Track, c.Crosser = -1, -1
	}
}

// order handles a right click at world point p: intercept the track under
// the cursor, or go there (grounded drones take off for it).
func (c *Controller) order(v *sim.View, in Input, p orb.Point) {
	units := c.ownSelected(v)
	if len(units) == 0 {
		c.noOwnUnits(v)
		return
	}
	if t, ok := c.TrackAt(v, in.X, in.Y); ok {
		for _, u := range units {
			c.emit(sim.Command{Kind: sim.CmdIntercept, Unit: u.ID, Track: t.ID},
				c.tr().F("ctl.intercept", t.ID, u.Name))
		}
		return
	}
	var os []order
	for _, u := range units {
		legs := [][2]orb.Point{{u.Pos, p}}
		if u.Kind == sim.Drone && !u.Aloft {
			os = append(os, order{sim.Command{Kind: sim.CmdLaunch, Unit: u.ID, Target: p}, c.tr().F("ctl.launch", u.Name), legs})
			continue
		}
		os = append(os, order{sim.Command{Kind: sim.CmdMove, Unit: u.ID, Target: p}, c.tr().F("ctl.move", u.Name), legs})
	}
	c.issue(v, os, p)
}

// routeLegs are the legs a unit at from flies or walks on route: to the
// first waypoint, along it, and (a patrol) back to its start.
func routeLegs(from orb.Point, route []orb.Point, loop bool) [][2]orb.Point {
	if len(route) == 0 {
		return nil
	}
	legs := [][2]orb.Point{{from, route[0]}}
	for i := 1; i < len(route); i++ {
		legs = append(legs, [2]orb.Point{route[i-1], route[i]})
	}
	if loop && len(route) > 2 {
		legs = append(legs, [2]orb.Point{route[len(route)-1], route[0]})
	}
	return legs
}

// issue sends orders, unless one of them takes its unit into another
// country without authority: then they are all held and the user warned.
func (c *Controller) issue(v *sim.View, os []order, target orb.Point) {
	for _, o := range os {
		for _, l := range o.legs {
			at, country, bad := c.Rules.Leaves(c.Team, l[0], l[1], v)
			if !bad {
				continue
			}
			h := &Held{At: at, Target: target, cmds: os}
			for _, o := range os {
				h.Legs = append(h.Legs, o.legs...)
			}
			name := c.Rules.CountryName(country)
			if name == "" {
				name = c.tr().T("ctl.another_country")
			}
			h.Text = c.tr().F("ctl.would_enter", o.what, name)
			c.Held = h
			c.notice("%s", h.Text)
			return
		}
	}
	for _, o := range os {
		c.emit(o.cmd, o.what)
	}
}

func (c *Controller) sendHeld(h *Held) {
	for _, o := range h.cmds {
		c.emit(o.cmd, c.tr().F("ctl.despite", o.what))
	}
}

// RouteLegs returns the legs of the route being placed, from the first
// selected unit of the user's, each marked when it enters another country
// without authority.
func (c *Controller) RouteLegs(v *sim.View) []Leg {
	units := c.ownSelected(v)
	if len(c.Route) == 0 || len(units) == 0 {
		return nil
	}
	var out []Leg
	for _, l := range routeLegs(units[0].Pos, c.Route, true) {
		_, _, bad := c.Rules.Leaves(c.Team, l[0], l[1], v)
		out = append(out, Leg{P: l[0], Q: l[1], Bad: bad})
	}
	return out
}

// sendRoute sends the placed waypoints as a patrol (a launch for grounded
// drones; a move when there is only one waypoint).
func (c *Controller) sendRoute(v *sim.View) {
	route := c.Route
	c.Route = nil
	units := c.ownSelected(v)
	if len(units) == 0 {
		c.noOwnUnits(v)
		return
	}
	var os []order
	for _, u := range units {
		r := append([]orb.Point(nil), route...)
		legs := routeLegs(u.Pos, r, len(r) > 1)
		switch {
		case u.Kind == sim.Drone && !u.Aloft:
			os = append(os, order{sim.Command{Kind: sim.CmdLaunch, Unit: u.ID, Route: r, Target: r[0]}, c.tr().F("ctl.launch", u.Name), legs})
		case len(r) == 1:
			os = append(os, order{sim.Command{Kind: sim.CmdMove, Unit: u.ID, Target: r[0]}, c.tr().F("ctl.move", u.Name), legs})
		default:
			os = append(os, order{sim.Command{Kind: sim.CmdPatrol, Unit: u.ID, Route: r}, c.tr().F("ctl.patrol", u.Name), legs})
		}
	}
	c.issue(v, os, route[len(route)-1])
}

func (c *Controller) key(k Key, in Input, v *sim.View) {
	if c.Menu && c.menuKey(k, v) {
		return
	}
	if c.AdHoc && c.adHocKey(k, v) {
		return
	}
	if c.coopKey(k, v) || c.ordersKey(k, in, v) {
		return
	}
	switch k {
	case KeyHelp:
		c.Help = !c.Help
	case KeyEscape:
		switch {
		case c.Held != nil:
			c.Held = nil
			c.notice("%s", c.tr().T("ctl.not_sent"))
		case c.Help:
			c.Help = false
		case len(c.Route) > 0:
			c.Route = nil
		default:
			c.Units = c.Units[:0]
			c.Track, c.Crosser = -1, -1
		}
	case KeyEnter:
		switch {
		case c.Held != nil:
			h := c.Held
			c.Held = nil
			c.sendHeld(h)
		case len(c.Route) > 0:
			c.sendRoute(v)
		}
	case KeyPlus:
		c.Cam.ZoomAt(in.X, in.Y, keyZoom)
	case KeyMinus:
		c.Cam.ZoomAt(in.X, in.Y, 1/keyZoom)
	case KeyF:
		c.Cam.FitInto(c.Home, c.Free, 0.04)
	case KeyC:
		c.centre(v)
	case KeyJ:
		c.nextNew(v)
	case KeyS:
		c.share(v)
	case KeyL:
		c.launch(v, in)
	case KeyK:
		c.unitOrder(v, sim.CmdRecall, "ctl.recall", func(u sim.UnitView) bool { return u.Kind == sim.Drone && u.Aloft }, "ctl.no_flying_drone")
	case KeyB:
		c.unitOrder(v, sim.CmdReturn, "ctl.return", nil, "")
	case KeyH:
		c.unitOrder(v, sim.CmdHold, "ctl.hold", nil, "")
	case KeySpace, Key1, Key2, Key3, Key4:
		if !c.WhiteCell() && !c.OwnClock {
			c.notice("%s", c.tr().T("ctl.white_time"))
			return
		}
		c.control(k, v)
	case KeyI:
		if c.Instructor() { // the white cell, an evaluator, a nation's controller
			c.control(k, v)
		}
	case KeyTab:
		if c.WhiteCell() { // the views are the white cell's
			c.control(k, v)
		}
	case KeyA:
		if c.WhiteCell() {
			c.AdHoc, c.Menu = true, false
		}
	}
}

// control handles the instructor's keys.
func (c *Controller) control(k Key, v *sim.View) {
	switch k {
	case KeySpace:
		if v != nil && v.Paused {
			c.emit(sim.Command{Kind: sim.CmdResume}, c.tr().T("ctl.resume"))
		} else {
			c.emit(sim.Command{Kind: sim.CmdPause}, c.tr().T("ctl.pause"))
		}
	case Key1, Key2, Key3, Key4:
		s := speedKeys[k.Digit()-1]
		c.emit(sim.Command{Kind: sim.CmdSpeed, Speed: s}, c.tr().F("ctl.speed", s))
	case KeyI:
		if len(c.Injects) == 0 {
			c.notice("%s", c.tr().T("ctl.no_injects"))
			return
		}
		c.Menu, c.Scroll, c.Cursor, c.Filter, c.Action = true, 0, 0, 0, MenuFire
	case KeyTab:
		// Cycle instructor (ground truth) → team 0 → team 1 → … → instructor.
		next := c.ViewTeam + 1
		if next >= c.Teams {
			next = sim.Instructor
		}
		c.ViewTeam = next
	}
}

func (c *Controller) fireInject(i int) {
	if i < 0 || i >= len(c.Injects) {
		return
	}
	in := c.Injects[i]
	c.emit(sim.Command{Kind: sim.CmdInject, Inject: in.ID}, c.tr().F("ctl.inject", in.ID))
	c.Menu = false
}

// share sends the selected track to every partner the user has an
// agreement with.
func (c *Controller) share(v *sim.View) {
	if c.Instructor() {
		c.notice("%s", c.tr().T("ctl.white_no_share"))
		return
	}
	t, ok := c.selectedTrack(v)
	if !ok {
		c.notice("%s", c.tr().T("ctl.select_track"))
		return
	}
	if t.Team != c.Team || t.From >= 0 {
		c.notice(c.tr().Format("ctl.not_yours"), t.ID)
		return
	}
	n := 0
	for _, p := range Partners(v, c.Team) {
		c.emit(sim.Command{Kind: sim.CmdShare, Track: t.ID, ToTeam: p}, c.tr().F("ctl.share", t.ID, c.teamID(p)))
		n++
	}
	if n == 0 {
		c.notice("%s", c.tr().T("ctl.no_agreement"))
	}
}

// teamID names a team index by its short id, or "team N".
func (c *Controller) teamID(team int) string {
	if team >= 0 && team < len(c.TeamIDs) && c.TeamIDs[team] != "" {
		return c.TeamIDs[team]
	}
	return c.tr().F("ctl.team_n", team)
}

// Partners returns the teams that team has an agreement with, as the
// view's comms list them, in order.
func Partners(v *sim.View, team int) []int {
	if v == nil {
		return nil
	}
	var out []int
	add := func(p int) {
		for _, q := range out {
			if q == p {
				return
			}
		}
		out = append(out, p)
	}
	for _, a := range v.Comms {
		switch team {
		case a.A:
			add(a.B)
		case a.B:
			add(a.A)
		}
	}
	return out
}

// launch sends the selected grounded drones to the route being placed, or
// to the point under the cursor.
func (c *Controller) launch(v *sim.View, in Input) {
	units := c.ownSelected(v)
	var os []order
	target := c.Cam.ToWorld(in.X, in.Y)
	for _, u := range units {
		if u.Kind != sim.Drone || u.Aloft {
			continue
		}
		cmd := sim.Command{Kind: sim.CmdLaunch, Unit: u.ID, Target: target}
		legs := [][2]orb.Point{{u.Pos, target}}
		if len(c.Route) > 0 {
			cmd.Route = append([]orb.Point(nil), c.Route...)
			cmd.Target = c.Route[0]
			legs = routeLegs(u.Pos, cmd.Route, len(cmd.Route) > 1)
		}
		os = append(os, order{cmd, c.tr().F("ctl.launch", u.Name), legs})
	}
	if len(os) > 0 {
		if len(c.Route) > 0 {
			target = c.Route[len(c.Route)-1]
		}
		c.Route = nil
		c.issue(v, os, target)
		return
	}
	if len(units) == 0 {
		c.noOwnUnits(v)
		return
	}
	c.notice("%s", c.tr().T("ctl.no_grounded_drone"))
}

func (c *Controller) unitOrder(v *sim.View, kind sim.CommandKind, verb string, ok func(sim.UnitView) bool, none string) { // verb and none are catalog keys
	units := c.ownSelected(v)
	if len(units) == 0 {
		c.noOwnUnits(v)
		return
	}
	n := 0
	for _, u := range units {
		if ok != nil && !ok(u) {
			continue
		}
		c.emit(sim.Command{Kind: kind, Unit: u.ID}, c.tr().F(verb, u.Name))
		n++
	}
	if n == 0 && none != "" {
		c.notice("%s", c.tr().T(none))
	}
}

// nextNew selects and centres the oldest new track (J); each one it
// shows stops being new, so J goes through them in turn.
func (c *Controller) nextNew(v *sim.View) {
	ts := c.Fresh.NewTracks(v)
	if len(ts) == 0 {
		c.notice("%s", c.tr().T("ctl.no_new_tracks"))
		return
	}
	c.SelectTrack(v, ts[0].ID)
}

// SelectTrack selects track id of v and centres the free part of the
// screen on it; it is no longer new. It reports whether v has it.
func (c *Controller) SelectTrack(v *sim.View, id int32) bool {
	if v == nil {
		return false
	}
	for _, t := range v.Tracks {
		if t.ID == id {
			c.Units = c.Units[:0]
			c.Track, c.Crosser = id, -1
			c.Fresh.Seen(id)
			c.CentreOn(t.Pos)
			return true
		}
	}
	return false
}

// SelectUnit selects unit id of v and centres the free part of the screen
// on it. It reports whether v has it.
func (c *Controller) SelectUnit(v *sim.View, id int32) bool {
	if v == nil {
		return false
	}
	for _, u := range v.Units {
		if u.ID == id {
			c.Units = append(c.Units[:0], id)
			c.Track, c.Crosser = -1, -1
			c.CentreOn(u.Pos)
			return true
		}
	}
	return false
}

// CentreOn puts world point p at the centre of the free part of the
// screen (the whole screen when Free is zero).
func (c *Controller) CentreOn(p orb.Point) {
	c.Cam.CenterOn(p)
	r := c.Free
	if r.X1-r.X0 < 1 || r.Y1-r.Y0 < 1 {
		return
	}
	c.Cam.Pan((r.X0+r.X1)/2-float64(c.Cam.W)/2, (r.Y0+r.Y1)/2-float64(c.Cam.H)/2)
}

func (c *Controller) centre(v *sim.View) {
	if v == nil {
		return
	}
	if u, ok := c.selectedUnit(v); ok {
		c.CentreOn(u.Pos)
		return
	}
	if t, ok := c.selectedTrack(v); ok {
		c.CentreOn(t.Pos)
	}
}

func (c *Controller) noOwnUnits(v *sim.View) {
	switch {
	case c.Instructor():
		c.notice("%s", c.tr().T("ctl.white_no_units"))
	case len(c.Units) > 0:
		c.notice("%s", c.tr().T("ctl.not_your_units"))
	default:
		c.notice("%s", c.tr().T("ctl.select_unit"))
	}
}

// ownSelected returns the selected units that the user may command.
func (c *Controller) ownSelected(v *sim.View) []sim.UnitView {
	if v == nil || c.Instructor() {
		return nil
	}
	var out []sim.UnitView
	for _, id := range c.Units {
		for _, u := range v.Units {
			if u.ID == id && u.Team == c.Team {
				out = append(out, u)
				break
			}
		}
	}
	return out
}

func (c *Controller) selectedUnit(v *sim.View) (sim.UnitView, bool) {
	if v == nil || len(c.Units) == 0 {
		return sim.UnitView{}, false
	}
	for _, u := range v.Units {
		if u.ID == c.Units[0] {
			return u, true
		}
	}
	return sim.UnitView{}, false
}

func (c *Controller) selectedTrack(v *sim.View) (sim.TrackView, bool) {
	if v == nil || c.Track < 0 {
		return sim.TrackView{}, false
	}
	for _, t := range v.Tracks {
		if t.ID == c.Track {
			return t, true
		}
	}
	return sim.TrackView{}, false
}

// UnitAt returns the unit nearest to screen point (x, y) within
// PickRadius.
func (c *Controller) UnitAt(v *sim.View, x, y float64) (sim.UnitView, bool) {
	return nearest(c, v.Units, func(u *sim.UnitView) orb.Point { return u.Pos }, x, y)
}

// TrackAt returns the track nearest to screen point (x, y) within
// PickRadius.
func (c *Controller) TrackAt(v *sim.View, x, y float64) (sim.TrackView, bool) {
	return nearest(c, v.Tracks, func(t *sim.TrackView) orb.Point { return t.Pos }, x, y)
}

// CrosserAt returns the crosser nearest to screen point (x, y) within
// PickRadius (instructor views only carry crossers).
func (c *Controller) CrosserAt(v *sim.View, x, y float64) (sim.CrosserView, bool) {
	return nearest(c, v.Crossers, func(g *sim.CrosserView) orb.Point { return g.Pos }, x, y)
}

// nearest returns the item whose position is nearest to screen point
// (x, y) within PickRadius.
func nearest[T any](c *Controller, items []T, pos func(*T) orb.Point, x, y float64) (T, bool) {
	best, bd := -1, PickRadius*PickRadius
	for i := range items {
		if d := c.dist2(pos(&items[i]), x, y); d <= bd {
			best, bd = i, d
		}
	}
	if best < 0 {
		var zero T
		return zero, false
	}
	return items[best], true
}

func (c *Controller) dist2(p orb.Point, x, y float64) float64 {
	sx, sy := c.Cam.ToScreen(p)
	return (sx-x)*(sx-x) + (sy-y)*(sy-y)
}
