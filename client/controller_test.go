package client_test

import (
	"reflect"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// A 1000×800 screen at 1 px per 10 m, centred on the origin: screen
// (500, 400) is world (0, 0), and screen (x, y) is world
// ((x-500)*10, (400-y)*10).
func testCamera() *client.Camera {
	return &client.Camera{X: 0, Y: 0, Scale: 0.1, W: 1000, H: 800}
}

// testView has two teams: team 0 owns a foot patrol at (0, 0) and a
// grounded drone at (1000, 0); team 1 owns a vehicle at (-2000, 0); team
// 0 has its own track 7 at (0, 3000) and track 8 shared by team 1 at
// (2000, 3000), under an agreement with team 1.
func testView(team int) *sim.View {
	return &sim.View{
		Team: team,
		Units: []sim.UnitView{
			{ID: 1, Team: 0, Kind: sim.Foot, Name: "Alpha", Pos: orb.Point{0, 0}, Track: -1},
			{ID: 2, Team: 0, Kind: sim.Drone, Name: "Hawk", Pos: orb.Point{1000, 0}, Track: -1},
			{ID: 3, Team: 1, Kind: sim.Vehicle, Name: "Bravo", Pos: orb.Point{-2000, 0}, Track: -1},
		},
		Tracks: []sim.TrackView{
			{ID: 7, Team: 0, Pos: orb.Point{0, 3000}, From: -1},
			{ID: 8, Team: 0, Pos: orb.Point{2000, 3000}, From: 1, Source: sim.SrcShared},
		},
		Comms: []sim.CommsView{{Agreement: "a-b", A: 0, B: 1}},
	}
}

func newController(team int) *client.Controller {
	injects := []sim.InjectView{{ID: "M1"}, {ID: "M2"}, {ID: "SURGE"}}
	return client.NewController(testCamera(), orb.Bound{Max: orb.Point{1000, 1000}}, team, 2, injects)
}

// click is a left press and release at (x, y), over two frames.
func click(c *client.Controller, v *sim.View, x, y float64, shift bool) []sim.Command {
	cmds := c.Update(client.Input{X: x, Y: y, Shift: shift, Left: client.Button{Down: true, Pressed: true}}, v)
	return append(cmds, c.Update(client.Input{X: x, Y: y, Shift: shift, Left: client.Button{Released: true}}, v)...)
}

func rightClick(c *client.Controller, v *sim.View, x, y float64, shift bool) []sim.Command {
	return c.Update(client.Input{X: x, Y: y, Shift: shift, Right: client.Button{Down: true, Pressed: true}}, v)
}

func key(c *client.Controller, v *sim.View, k client.Key) []sim.Command {
	return c.Update(client.Input{X: 500, Y: 400, Keys: []client.Key{k}}, v)
}

// strip clears the ids so commands compare by content.
func strip(cmds []sim.Command) []sim.Command {
	out := append([]sim.Command(nil), cmds...)
	for i := range out {
		out[i].ID = 0
	}
	return out
}

func TestSelect(t *testing.T) {
	v := testView(0)
	c := newController(0)
	click(c, v, 502, 401, false) // near Alpha
	if !reflect.DeepEqual(c.Units, []int32{1}) {
		t.Fatalf("after a click on Alpha, selected %v", c.Units)
	}
	click(c, v, 600, 400, true) // shift+click on Hawk adds it
	if !reflect.DeepEqual(c.Units, []int32{1, 2}) {
		t.Fatalf("after shift+click on Hawk, selected %v", c.Units)
	}
	click(c, v, 500, 100, false) // track 7
	if c.Track != 7 || len(c.Units) != 0 {
		t.Fatalf("after a click on track 7: track %d, units %v", c.Track, c.Units)
	}
	click(c, v, 900, 700, false) // empty ground
	if c.Track != -1 || len(c.Units) != 0 {
		t.Fatalf("after a click on empty ground: track %d, units %v", c.Track, c.Units)
	}
}

func TestBoxSelectTakesOnlyOwnUnits(t *testing.T) {
	v := testView(0)
	c := newController(0)
	// Shift+drag from (250, 350) to (650, 450): around Alpha, Hawk and Bravo.
	c.Update(client.Input{X: 250, Y: 350, Shift: true, Left: client.Button{Down: true, Pressed: true}}, v)
	c.Update(client.Input{X: 450, Y: 420, Shift: true, Left: client.Button{Down: true}}, v)
	if !c.Boxing {
		t.Fatal("a shift+drag does not show the selection box")
	}
	c.Update(client.Input{X: 650, Y: 450, Shift: true, Left: client.Button{Released: true}}, v)
	if !reflect.DeepEqual(c.Units, []int32{1, 2}) {
		t.Errorf("box selected %v, want own units [1 2] (not team 1's Bravo)", c.Units)
	}
}

func TestDragPans(t *testing.T) {
	v := testView(0)
	c := newController(0)
	c.Update(client.Input{X: 300, Y: 300, Left: client.Button{Down: true, Pressed: true}}, v)
	c.Update(client.Input{X: 340, Y: 280, Left: client.Button{Down: true}}, v)
	c.Update(client.Input{X: 340, Y: 280, Left: client.Button{Released: true}}, v)
	if c.Cam.X != -400 || c.Cam.Y != -200 {
		t.Errorf("a drag of (40, -20) px moved the centre to (%v, %v), want (-400, -200)", c.Cam.X, c.Cam.Y)
	}
	if len(c.Units) != 0 {
		t.Errorf("a drag selected %v", c.Units)
	}
}

func TestOrders(t *testing.T) {
	for _, tc := range []struct {
		name    string
		select_ [2]float64 // where to click to select
		do      func(c *client.Controller, v *sim.View) []sim.Command
		want    []sim.Command
	}{
		{
			name: "right click on empty ground moves the unit there", select_: [2]float64{500, 400},
			do:   func(c *client.Controller, v *sim.View) []sim.Command { return rightClick(c, v, 700, 200, false) },
			want: []sim.Command{{Team: 0, Kind: sim.CmdMove, Unit: 1, Target: orb.Point{2000, 2000}}},
		},
		{
			name: "right click on a track intercepts it", select_: [2]float64{500, 400},
			do:   func(c *client.Controller, v *sim.View) []sim.Command { return rightClick(c, v, 503, 102, false) },
			want: []sim.Command{{Team: 0, Kind: sim.CmdIntercept, Unit: 1, Track: 7}},
		},
		{
			name: "right click with a grounded drone launches it there", select_: [2]float64{600, 400},
			do:   func(c *client.Controller, v *sim.View) []sim.Command { return rightClick(c, v, 500, 300, false) },
			want: []sim.Command{{Team: 0, Kind: sim.CmdLaunch, Unit: 2, Target: orb.Point{0, 1000}}},
		},
		{
			name: "shift+right clicks make a patrol route, sent when shift is released", select_: [2]float64{500, 400},
			do: func(c *client.Controller, v *sim.View) []sim.Command {
				var out []sim.Command
				out = append(out, rightClick(c, v, 600, 400, true)...)
				out = append(out, c.Update(client.Input{Shift: true}, v)...)
				out = append(out, rightClick(c, v, 600, 300, true)...)
				out = append(out, rightClick(c, v, 500, 300, true)...)
				if len(out) != 0 {
					return out // nothing may go before shift is released
				}
				return c.Update(client.Input{}, v)
			},
			want: []sim.Command{{Team: 0, Kind: sim.CmdPatrol, Unit: 1, Route: []orb.Point{{1000, 0}, {1000, 1000}, {0, 1000}}}},
		},
		{
			name: "Enter sends the route too", select_: [2]float64{500, 400},
			do: func(c *client.Controller, v *sim.View) []sim.Command {
				rightClick(c, v, 600, 400, true)
				rightClick(c, v, 600, 300, true)
				return c.Update(client.Input{Shift: true, Keys: []client.Key{client.KeyEnter}}, v)
			},
			want: []sim.Command{{Team: 0, Kind: sim.CmdPatrol, Unit: 1, Route: []orb.Point{{1000, 0}, {1000, 1000}}}},
		},
		{
			name: "H holds, B returns", select_: [2]float64{500, 400},
			do: func(c *client.Controller, v *sim.View) []sim.Command {
				return append(key(c, v, client.KeyH), key(c, v, client.KeyB)...)
			},
			want: []sim.Command{{Team: 0, Kind: sim.CmdHold, Unit: 1}, {Team: 0, Kind: sim.CmdReturn, Unit: 1}},
		},
		{
			name: "L launches the selected drone to the cursor", select_: [2]float64{600, 400},
			do: func(c *client.Controller, v *sim.View) []sim.Command {
				return c.Update(client.Input{X: 700, Y: 400, Keys: []client.Key{client.KeyL}}, v)
			},
			want: []sim.Command{{Team: 0, Kind: sim.CmdLaunch, Unit: 2, Target: orb.Point{2000, 0}}},
		},
		{
			name: "S shares the selected own track with the partner", select_: [2]float64{500, 100},
			do:   func(c *client.Controller, v *sim.View) []sim.Command { return key(c, v, client.KeyS) },
			want: []sim.Command{{Team: 0, Kind: sim.CmdShare, Track: 7, ToTeam: 1}},
		},
		{
			name: "S on a track shared by the partner sends nothing", select_: [2]float64{700, 100},
			do:   func(c *client.Controller, v *sim.View) []sim.Command { return key(c, v, client.KeyS) },
			want: nil,
		},
		{
			name: "right click with the partner's unit selected sends nothing", select_: [2]float64{300, 400},
			do:   func(c *client.Controller, v *sim.View) []sim.Command { return rightClick(c, v, 700, 200, false) },
			want: nil,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := testView(0)
			c := newController(0)
			click(c, v, tc.select_[0], tc.select_[1], false)
			got := strip(tc.do(c, v))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestLaunchAndRecallNeedTheRightDrone(t *testing.T) {
	v := testView(0)
	c := newController(0)
	click(c, v, 600, 400, false) // Hawk, on the ground
	if cmds := key(c, v, client.KeyK); len(cmds) != 0 {
		t.Errorf("K on a grounded drone sent %+v", cmds)
	}
	if n := c.Notices(); len(n) == 0 {
		t.Error("K on a grounded drone gave no notice")
	}
	v.Units[1].Aloft = true
	if got := strip(key(c, v, client.KeyK)); !reflect.DeepEqual(got, []sim.Command{{Team: 0, Kind: sim.CmdRecall, Unit: 2}}) {
		t.Errorf("K on a flying drone sent %+v", got)
	}
}

func TestInstructorControl(t *testing.T) {
	for _, tc := range []struct {
		name   string
		paused bool
		keys   []client.Key
		want   []sim.Command
	}{
		{"space pauses", false, []client.Key{client.KeySpace}, []sim.Command{{Team: sim.Instructor, Kind: sim.CmdPause}}},
		{"space resumes when paused", true, []client.Key{client.KeySpace}, []sim.Command{{Team: sim.Instructor, Kind: sim.CmdResume}}},
		{"1 2 3 4 set the speed", false, []client.Key{client.Key1, client.Key2, client.Key3, client.Key4}, []sim.Command{
			{Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 1},
			{Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 10},
			{Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 60},
			{Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 600},
		}},
		{"I then 3 fires the third inject", false, []client.Key{client.KeyI, client.Key3}, []sim.Command{{Team: sim.Instructor, Kind: sim.CmdInject, Inject: "SURGE"}}},
		{"I then Esc fires nothing", false, []client.Key{client.KeyI, client.KeyEscape, client.Key2}, []sim.Command{{Team: sim.Instructor, Kind: sim.CmdSpeed, Speed: 10}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := testView(sim.Instructor)
			v.Paused = tc.paused
			c := newController(sim.Instructor)
			got := strip(c.Update(client.Input{Keys: tc.keys}, v))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

func TestInstructorTabCyclesViews(t *testing.T) {
	v := testView(sim.Instructor)
	c := newController(sim.Instructor)
	var seen []int
	for i := 0; i < 4; i++ {
		if cmds := key(c, v, client.KeyTab); len(cmds) != 0 {
			t.Fatalf("Tab sent %+v", cmds)
		}
		seen = append(seen, c.ViewTeam)
	}
	if want := []int{0, 1, sim.Instructor, 0}; !reflect.DeepEqual(seen, want) {
		t.Errorf("Tab cycled the view through %v, want %v", seen, want)
	}
}

func TestTraineeHasNoExerciseControl(t *testing.T) {
	v := testView(0)
	c := newController(0)
	for _, k := range []client.Key{client.KeySpace, client.Key1, client.Key2, client.Key3, client.Key4, client.KeyI, client.Key1, client.KeyTab} {
		if cmds := key(c, v, k); len(cmds) != 0 {
			t.Errorf("a trainee's key %v sent %+v", k, cmds)
		}
	}
	if c.Menu || c.ViewTeam != 0 {
		t.Errorf("a trainee opened the inject menu (%v) or switched the view (%d)", c.Menu, c.ViewTeam)
	}
}

func TestInstructorDoesNotCommandUnits(t *testing.T) {
	v := testView(sim.Instructor)
	c := newController(sim.Instructor)
	click(c, v, 500, 400, false)
	if !reflect.DeepEqual(c.Units, []int32{1}) {
		t.Fatalf("the instructor cannot select a unit to inspect: %v", c.Units)
	}
	if cmds := rightClick(c, v, 700, 200, false); len(cmds) != 0 {
		t.Errorf("the instructor's right click sent %+v", cmds)
	}
	if len(c.Notices()) == 0 {
		t.Error("no notice says why nothing was sent")
	}
}

func TestCommandIDsAndDescriptions(t *testing.T) {
	v := testView(0)
	c := newController(0)
	click(c, v, 500, 400, false)
	a := rightClick(c, v, 700, 200, false)
	b := key(c, v, client.KeyH)
	if len(a) != 1 || len(b) != 1 || a[0].ID == 0 || a[0].ID == b[0].ID {
		t.Fatalf("commands %+v and %+v lack distinct ids", a, b)
	}
	if d, ok := c.Describe(a[0].ID); !ok || d != "move Alpha" {
		t.Errorf("Describe(%d) = %q, %v; want \"move Alpha\"", a[0].ID, d, ok)
	}
}

func TestWheelZoomsAtTheCursor(t *testing.T) {
	v := testView(0)
	c := newController(0)
	before := c.Cam.ToWorld(200, 600)
	c.Update(client.Input{X: 200, Y: 600, Wheel: 2}, v)
	after := c.Cam.ToWorld(200, 600)
	if c.Cam.Scale <= 0.1 {
		t.Errorf("wheel up did not zoom in: scale %v", c.Cam.Scale)
	}
	if !near(before[0], after[0], 1e-6) || !near(before[1], after[1], 1e-6) {
		t.Errorf("the point under the cursor moved from %v to %v", before, after)
	}
}

func TestFreshByAge(t *testing.T) {
	f := client.NewFresh(1)
	f.Arrive(&sim.View{Team: 0, Tick: 0, Tracks: []sim.TrackView{{ID: 1}}})
	v := &sim.View{Team: 0, Tick: 100, Tracks: []sim.TrackView{{ID: 1}, {ID: 5}, {ID: 3}, {ID: 4}}}
	f.Arrive(v)
	v2 := &sim.View{Team: 0, Tick: 200, Tracks: append(v.Tracks, sim.TrackView{ID: 2})}
	f.Arrive(v2)
	ids := func(ts []sim.TrackView) []int32 {
		var out []int32
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	if got := ids(f.ByAge(v2, 3)); !reflect.DeepEqual(got, []int32{2, 5, 4}) {
		t.Errorf("ByAge(3) = %v, want [2 5 4] (newest first, then by id)", got)
	}
	if got := ids(f.ByAge(v2, 10)); !reflect.DeepEqual(got, []int32{2, 5, 4, 3, 1}) {
		t.Errorf("ByAge(10) = %v, want [2 5 4 3 1]", got)
	}
	if f.New(1, 200) || !f.New(2, 200) || f.CountNew(v2) != 4 {
		t.Errorf("new: T1 %v (first view: not new), T2 %v, count %d; want false, true, 4", f.New(1, 200), f.New(2, 200), f.CountNew(v2))
	}
	f.Seen(2)
	if got := ids(f.NewTracks(v2)); !reflect.DeepEqual(got, []int32{3, 4, 5}) {
		t.Errorf("NewTracks after T2 is seen = %v, want [3 4 5] (oldest first)", got)
	}
}

// frame is one frame of input at the centre of the screen: keys, then
// typed characters.
func frame(c *client.Controller, v *sim.View, chars string, keys ...client.Key) []sim.Command {
	return c.Update(client.Input{X: 500, Y: 400, Keys: keys, Chars: []rune(chars)}, v)
}

// TestStaffSeeNoWhiteCellKeys: an evaluator and a nation's controller see
// ground truth as the white cell does, but the clock, the views and the
// ad-hoc menu are not theirs: those keys send and open nothing. Both open
// the MSEL table; a controller skips a row of it, an evaluator writes an
// observation of it in the form.
func TestStaffSeeNoWhiteCellKeys(t *testing.T) {
	for _, role := range []wire.Role{wire.RoleEvaluator, wire.RoleController} {
		t.Run(role.String(), func(t *testing.T) {
			c := newController(sim.Instructor)
			c.Role = role
			v := testView(sim.Instructor)
			for _, k := range []client.Key{client.KeySpace, client.Key1, client.Key2, client.KeyTab, client.KeyA} {
				if cmds := key(c, v, k); len(cmds) != 0 || c.AdHoc || c.ViewTeam != sim.Instructor {
					t.Errorf("key %d: sent %+v, ad-hoc menu %v, view %d", k, cmds, c.AdHoc, c.ViewTeam)
				}
			}
			if c.WhiteCell() {
				t.Error("staff counted as the white cell")
			}
			key(c, v, client.KeyI)
			if !c.Menu {
				t.Fatal("I did not open the MSEL table")
			}
			if role == wire.RoleController {
				key(c, v, client.KeyS)
				if cmds := strip(key(c, v, client.KeyEnter)); len(cmds) != 1 || cmds[0].Kind != sim.CmdSkip || cmds[0].Inject != "M1" {
					t.Errorf("S, Enter: %+v, want M1 skipped", cmds)
				}
				return
			}
			key(c, v, client.KeyS) // not an evaluator's: no skip mode
			key(c, v, client.KeyDown)
			if cmds := key(c, v, client.KeyEnter); len(cmds) != 0 || c.Form.Kind != client.FormObserve {
				t.Fatalf("Enter on M2: sent %+v, form %d", cmds, c.Form.Kind)
			}
			frame(c, v, "patrols late")
			frame(c, v, "", client.KeyUp, client.KeyRight) // the rating: S
			if cmds := frame(c, v, "", client.KeyEnter); len(cmds) != 0 {
				t.Errorf("the observation sent commands %+v", cmds)
			}
			o, ok := c.TakeObservation()
			want := wire.Observation{Subject: wire.SubjectInject, Ref: "M2", Rating: wire.RatingS, Text: "patrols late"}
			if !ok || o != want {
				t.Errorf("observation %+v %v, want %+v", o, ok, want)
			}
			if c.Typing() {
				t.Error("the form stayed open")
			}
		})
	}
}

// TestAdHocForms fills each of the white cell's ad-hoc forms with keys,
// typed text and a click, and checks the command it sends.
func TestAdHocForms(t *testing.T) {
	v := testView(sim.Instructor)
	v.Sensors = []sim.SensorView{{ID: 4, Name: "Mast", Pos: orb.Point{1000, 1000}}}
	type step struct {
		chars string
		keys  []client.Key
		click bool // a left click at (600, 300): world (1000, 1000)
	}
	k := func(ks ...client.Key) step { return step{keys: ks} }
	cases := []struct {
		name  string
		steps []step
		want  sim.Command
	}{
		{"message to team 0", []step{k(client.KeyA, client.Key2), {chars: "Report positions"}, k(client.KeyUp, client.KeyRight, client.KeyEnter)},
			sim.Command{Kind: sim.CmdMessage, ToTeam: 0, Text: "Report positions"}},
		{"surge of 12 groups of 9, 30% vulnerable, heading north", []step{k(client.KeyA, client.Key1, client.KeyBackspace), {chars: "12"},
			k(client.KeyDown, client.KeyRight, client.KeyDown, client.KeyRight, client.KeyDown, client.KeyRight, client.KeyEnter), {click: true}},
			sim.Command{Kind: sim.CmdSurge, Target: orb.Point{1000, 1000}, Count: 12, Size: 9, Vulnerable: 30, Route: []orb.Point{{1000, 6000}}}},
		{"sensor out for 45 min", []step{k(client.KeyA, client.Key3, client.KeyDown, client.KeyLeft, client.KeyEnter), {click: true}},
			sim.Command{Kind: sim.CmdSensorDown, Index: 4, For: 2700}},
		{"comms degraded for 75 min", []step{k(client.KeyA, client.Key4, client.KeyDown, client.KeyRight, client.KeyDown, client.KeyRight, client.KeyEnter)},
			sim.Command{Kind: sim.CmdCommsDegrade, Index: 0, For: 4500}},
		{"fog until changed", []step{k(client.KeyA, client.Key5, client.KeyRight, client.KeyDown), k(client.KeyBackspace, client.KeyBackspace, client.KeyEnter)},
			sim.Command{Kind: sim.CmdWeather, Index: int(sim.Fog)}},
		{"sharing off, hot pursuit forbidden", []step{k(client.KeyA, client.Key6, client.KeyDown, client.KeyRight, client.KeyDown, client.KeyDown, client.KeyDown), {chars: "0"}, k(client.KeyEnter)},
			sim.Command{Kind: sim.CmdAgreement, Index: 0, Text: "share=none pursuit_depth_km=0"}},
		{"team 1's internal comms out for an hour", []step{k(client.KeyA, client.Key4, client.KeyRight, client.KeyRight, client.KeyEnter)},
			sim.Command{Kind: sim.CmdTeamCommsDown, ToTeam: 1, For: 3600}},
		{"team 0's internal comms restored", []step{k(client.KeyA, client.Key4, client.KeyRight, client.KeyDown, client.KeyRight, client.KeyRight, client.KeyEnter)},
			sim.Command{Kind: sim.CmdTeamCommsUp, ToTeam: 0}},
		{"a drone V9 for team 0", []step{k(client.KeyA, client.Key7, client.KeyDown, client.KeyRight, client.KeyDown), {chars: "V9"}, k(client.KeyEnter), {click: true}},
			sim.Command{Kind: sim.CmdAddUnit, ToTeam: 0, Index: int(sim.Drone), Target: orb.Point{1000, 1000}, Text: "V9"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newController(sim.Instructor)
			c.TickSeconds = 1
			var got []sim.Command
			for _, s := range tc.steps {
				if s.click {
					got = append(got, click(c, v, 600, 300, false)...)
					continue
				}
				got = append(got, frame(c, v, s.chars, s.keys...)...)
			}
			want := tc.want
			want.Team = sim.Instructor
			if got = strip(got); len(got) != 1 || !reflect.DeepEqual(got[0], want) {
				t.Errorf("sent %+v, want %+v", got, want)
			}
			if c.Typing() {
				t.Error("the form stayed open")
			}
		})
	}
	// A withdrawal: a click on Bravo at (-2000, 0); nothing at all without
	// a unit under the click.
	c := newController(sim.Instructor)
	frame(c, v, "", client.KeyA, client.Key8)
	if got := click(c, v, 700, 100, false); len(got) != 0 || !c.Typing() {
		t.Errorf("a click on no unit: %+v, form open %v", got, c.Typing())
	}
	if got := strip(click(c, v, 300, 400, false)); len(got) != 1 || got[0].Kind != sim.CmdRemoveUnit || got[0].Unit != 3 {
		t.Errorf("a click on Bravo: %+v", got)
	}
	// A team's internal comms are not degraded: nothing is sent, the form
	// stays open.
	frame(c, v, "", client.KeyA, client.Key4, client.KeyRight, client.KeyDown, client.KeyRight)
	if got := frame(c, v, "", client.KeyEnter); len(got) != 0 || !c.Typing() {
		t.Errorf("a team's comms degraded: sent %+v, form open %v", got, c.Typing())
	}
	frame(c, v, "", client.KeyEscape)
	// An agreement change that changes nothing is not sent.
	frame(c, v, "", client.KeyA, client.Key6)
	if got := frame(c, v, "", client.KeyEnter); len(got) != 0 || !c.Typing() {
		t.Errorf("no terms: sent %+v, form open %v", got, c.Typing())
	}
	frame(c, v, "", client.KeyEscape)
	if c.Typing() {
		t.Error("Esc did not close the form")
	}
}

// TestMoveAcrossTheBorderIsHeld: a move into the neighbour's territory is
// held with a warning; the same right click again sends it; one inside a
// joint zone of the team's agreement goes at once.
func TestMoveAcrossTheBorderIsHeld(t *testing.T) {
	m := drilltest.Map(t, "grc-tur")
	grc, tur := m.CountryIndex("GRC"), m.CountryIndex("TUR")
	// A Greek point with Turkey 2 km or so to its east.
	var home, abroad orb.Point
	for _, line := range m.Border {
		for _, p := range line {
			a, b := orb.Point{p[0] - 3000, p[1]}, orb.Point{p[0] + 3000, p[1]}
			if m.CountryAt(a) == grc && m.CountryAt(b) == tur {
				home, abroad = a, b
			}
		}
	}
	if home == (orb.Point{}) {
		t.Fatal("no east-west crossing of the border")
	}
	// A joint zone over the border crossing and the whole Turkish part of
	// the leg.
	zone := sim.Zone{Name: "joint", Center: orb.Point{(home[0] + abroad[0]) / 2, home[1]}, Radius: 3500}
	info := client.Info{Map: m, Team: 0, Teams: []client.Team{{ID: "GRC", Country: "GRC"}, {ID: "TUR", Country: "TUR"}}}
	v := &sim.View{Team: 0, Units: []sim.UnitView{{ID: 1, Team: 0, Kind: sim.Foot, Name: "Alpha", Pos: home, Track: -1}}}

	cam := &client.Camera{X: home[0], Y: home[1], Scale: 0.05, W: 1000, H: 800}
	c := client.NewController(cam, orb.Bound{}, 0, 2, nil)
	c.Rules = client.NewJurisdiction(info)
	c.Units = []int32{1}
	x, y := cam.ToScreen(abroad)
	if cmds := c.Update(client.Input{X: x, Y: y, Right: client.Button{Down: true, Pressed: true}}, v); len(cmds) != 0 || c.Held == nil {
		t.Fatalf("a move into Turkey: sent %+v, held %v; want it held", cmds, c.Held)
	}
	cmds := c.Update(client.Input{X: x + 3, Y: y, Right: client.Button{Down: true, Pressed: true}}, v)
	if len(cmds) != 1 || cmds[0].Kind != sim.CmdMove || c.Held != nil {
		t.Fatalf("the same right click again: sent %+v, held %v; want the move sent", cmds, c.Held)
	}

	// With an agreement whose joint zone covers the leg abroad, it goes at
	// once.
	info.Agreements = []sim.AgreementSpec{{ID: "grc-tur", A: 0, B: 1, JointZones: []sim.Zone{zone}}}
	c.Rules = client.NewJurisdiction(info)
	if cmds := c.Update(client.Input{X: x, Y: y, Right: client.Button{Down: true, Pressed: true}}, v); len(cmds) != 1 || c.Held != nil {
		t.Errorf("a move into the joint zone: sent %+v, held %v; want it sent", cmds, c.Held)
	}
}
