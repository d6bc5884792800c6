package client_test

import (
	"reflect"
	"testing"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// TestTrackActions: A opens the selected track's actions; a digit gives
// the order (classify, close a false alarm, report to the partner, hand
// over, ask for pursuit by the selected unit) and closes them; the white
// cell has none.
func TestTrackActions(t *testing.T) {
	v := testView(0)
	for _, c := range []struct {
		name  string
		digit client.Key
		unit  bool // Alpha selected with the track
		want  []sim.Command
	}{
		{"migrants", client.Key1, false, []sim.Command{{Team: 0, Kind: sim.CmdClassify, Track: 7, Index: int(sim.ClassMigrants)}}},
		{"false alarm", client.Key4, false, []sim.Command{{Team: 0, Kind: sim.CmdClassify, Track: 7, Index: int(sim.ClassFalseAlarm), On: true}}},
		{"report", client.Key5, false, []sim.Command{{Team: 0, Kind: sim.CmdReport, Track: 7, ToTeam: 1, Index: int(sim.ReportCrossing), Count: client.CoopReportConfidence}}},
		{"handover", client.Key6, false, []sim.Command{{Team: 0, Kind: sim.CmdHandover, Track: 7, ToTeam: 1}}},
		{"pursuit", client.Key7, true, []sim.Command{{Team: 0, Kind: sim.CmdPursuit, Unit: 1, Track: 7, ToTeam: 1}}},
		{"pursuit without a unit", client.Key7, false, nil},
		{"assistance", client.Key8, false, []sim.Command{{Team: 0, Kind: sim.CmdAssistance, Target: orb.Point{0, 3000}, ToTeam: 1, Text: "assistance with the group of our track T7"}}},
		{"not an action", client.Key9, false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctl := newController(0)
			if !ctl.SelectTrack(v, 7) {
				t.Fatal("cannot select track 7")
			}
			if c.unit {
				ctl.Units = []int32{1}
			}
			if cmds := key(ctl, v, client.KeyA); len(cmds) != 0 || !ctl.Actions {
				t.Fatalf("A: %v, actions shown %v", cmds, ctl.Actions)
			}
			got := strip(key(ctl, v, c.digit))
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
			if ctl.Actions {
				t.Error("the actions stay open after the digit")
			}
		})
	}
	white := newController(sim.Instructor)
	white.SelectTrack(testView(sim.Instructor), 7)
	if key(white, testView(sim.Instructor), client.KeyA); white.Actions {
		t.Error("the white cell opened a track's actions")
	}
}

// TestAnswerKeys: G and D answer the request waiting longest for the
// team: granted, declined with the catalog's reason, a protest
// acknowledged; granting assistance needs a selected unit of the team's.
func TestAnswerKeys(t *testing.T) {
	v := testView(0)
	v.Requests = []sim.RequestView{
		{ID: 4, Kind: sim.ReqHandover, State: sim.ReqPending, From: 1, To: 0, Due: 900},
		{ID: 2, Kind: sim.ReqProtest, State: sim.ReqPending, From: 1, To: 0, Due: 500},
		{ID: 3, Kind: sim.ReqAssistance, State: sim.ReqPending, From: 1, To: 0, Due: 700},
		{ID: 1, Kind: sim.ReqPursuit, State: sim.ReqPending, From: 0, To: 1, Due: 100}, // ours: the partner answers
	}
	if w := client.Waiting(v, 0); len(w) != 3 || w[0].ID != 2 || w[1].ID != 3 || w[2].ID != 4 {
		t.Fatalf("waiting %+v, want 2, 3, 4", w)
	}
	c := newController(0)
	if got := strip(key(c, v, client.KeyG)); !reflect.DeepEqual(got, []sim.Command{{Team: 0, Kind: sim.CmdAnswer, Index: 2, Count: int(sim.AnsAcknowledge)}}) {
		t.Errorf("G on a protest: %+v", got)
	}
	v.Requests = v.Requests[2:]
	if got := key(c, v, client.KeyG); len(got) != 0 {
		t.Errorf("G on assistance with no unit selected: %+v", got)
	}
	c.Units = []int32{1}
	if got := strip(key(c, v, client.KeyG)); !reflect.DeepEqual(got, []sim.Command{{Team: 0, Kind: sim.CmdAnswer, Index: 3, Count: int(sim.AnsGrant), Unit: 1}}) {
		t.Errorf("G on assistance with Alpha selected: %+v", got)
	}
	got := strip(key(c, v, client.KeyD))
	if len(got) != 1 || got[0].Count != int(sim.AnsDecline) || got[0].Index != 3 || got[0].Text == "" {
		t.Errorf("D: %+v, want request 3 declined with a reason", got)
	}
	if key(c, v, client.KeyQ); !c.Requests {
		t.Error("Q did not open the requests panel")
	}
}

// TestOrderKeys: P steps the selected unit's pace down (100, 50, 25, then
// full again); W turns the team's sector sensor nearest the cursor to
// face it (not another team's, nor one that sees all round); E sends a
// selected unit that escorts persons to the reception point nearest the
// cursor, and none that escorts no one.
func TestOrderKeys(t *testing.T) {
	v := testView(0)
	v.Sensors = []sim.SensorView{
		{ID: 0, Team: 0, Name: "mast", Pos: orb.Point{3000, 0}, Azimuth: 90, Sector: 120},
		{ID: 1, Team: 0, Name: "radar", Pos: orb.Point{100, 100}},
		{ID: 2, Team: 1, Name: "theirs", Pos: orb.Point{0, 500}, Sector: 90},
	}
	c := newController(0)
	c.Units = []int32{1}
	for _, step := range []struct{ pace, want int }{{100, 50}, {50, 25}, {25, 100}} {
		v.Units[0].Pace = step.pace
		got := strip(key(c, v, client.KeyP))
		if want := []sim.Command{{Team: 0, Kind: sim.CmdPace, Unit: 1, Count: step.want}}; !reflect.DeepEqual(got, want) {
			t.Errorf("P at pace %d: %+v, want %+v", step.pace, got, want)
		}
	}
	// The cursor is at (0, 0): west of the mast.
	if got := strip(key(c, v, client.KeyW)); !reflect.DeepEqual(got, []sim.Command{{Team: 0, Kind: sim.CmdAim, Index: 0, Count: 270}}) {
		t.Errorf("W: %+v, want the mast turned to 270", got)
	}
	if got := key(c, v, client.KeyE); len(got) != 0 {
		t.Errorf("E with a unit that escorts no one: %+v", got)
	}
	v.Units[0].Custody = 4
	if got := strip(key(c, v, client.KeyE)); !reflect.DeepEqual(got, []sim.Command{{Team: 0, Kind: sim.CmdTransfer, Unit: 1, Target: orb.Point{0, 0}}}) {
		t.Errorf("E: %+v, want a transfer to the cursor", got)
	}
	if got := strip(key(c, v, client.KeyY)); !reflect.DeepEqual(got, []sim.Command{{Team: 0, Kind: sim.CmdReadmit, Unit: 1}}) {
		t.Errorf("Y: %+v, want Alpha's persons handed back", got)
	}
	if got := key(newController(sim.Instructor), testView(sim.Instructor), client.KeyP); len(got) != 0 {
		t.Errorf("the white cell's P gave %+v", got)
	}
}

// TestCheckpointKeys: M opens every car lane of the team's checkpoint
// nearest the cursor, and with all open sets one; Z closes an open
// crossing and opens a closed one; another team's checkpoint is never
// ordered.
func TestCheckpointKeys(t *testing.T) {
	v := testView(0)
	v.Checks = []sim.CheckpointView{
		{Name: "theirs", Team: 1, Pos: orb.Point{0, 10}, Open: true},
		{Name: "ours", Team: 0, Pos: orb.Point{0, 2000}, Open: true, Lanes: 2, Installed: 6},
	}
	c := newController(0)
	for _, step := range []struct {
		k    client.Key
		set  func(*sim.CheckpointView)
		want sim.Command
	}{
		{client.KeyM, func(*sim.CheckpointView) {}, sim.Command{Team: 0, Kind: sim.CmdLanes, Index: 1, Count: 6}},
		{client.KeyM, func(cp *sim.CheckpointView) { cp.Lanes = 6 }, sim.Command{Team: 0, Kind: sim.CmdLanes, Index: 1, Count: 1}},
		{client.KeyZ, func(*sim.CheckpointView) {}, sim.Command{Team: 0, Kind: sim.CmdCrossing, Index: 1, On: false}},
		{client.KeyZ, func(cp *sim.CheckpointView) { cp.Open = false }, sim.Command{Team: 0, Kind: sim.CmdCrossing, Index: 1, On: true}},
	} {
		step.set(&v.Checks[1])
		if got := strip(key(c, v, step.k)); !reflect.DeepEqual(got, []sim.Command{step.want}) {
			t.Errorf("got %+v, want %+v", got, step.want)
		}
	}
	v.Checks = v.Checks[:1]
	if got := key(c, v, client.KeyM); len(got) != 0 {
		t.Errorf("M with no checkpoint of the team's: %+v", got)
	}
}

// TestReadmissionKey: R asks the partner of another country to take back
// the persons each selected unit of the team's escorts, at the nearest
// open checkpoint; a unit escorting no one, a partner of the same
// country and the white cell send nothing.
func TestReadmissionKey(t *testing.T) {
	for _, c := range []struct {
		name      string
		custody   int
		countries []string
		want      []sim.Command
	}{
		{"escorting", 4, []string{"FIN", "RUS"}, []sim.Command{{Team: 0, Kind: sim.CmdReadmission, Unit: 1, ToTeam: 1, Index: -1}}},
		{"escorting no one", 0, []string{"FIN", "RUS"}, nil},
		{"a partner of the same country", 4, []string{"FIN", "FIN"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			v := testView(0)
			v.Units[0].Custody = c.custody
			ctl := newController(0)
			ctl.Countries = c.countries
			ctl.Units = []int32{1}
			if got := strip(key(ctl, v, client.KeyR)); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got %+v, want %+v", got, c.want)
			}
		})
	}
	white := newController(sim.Instructor)
	white.Countries = []string{"FIN", "RUS"}
	if got := key(white, testView(sim.Instructor), client.KeyR); len(got) != 0 {
		t.Errorf("the white cell's R sent %+v", got)
	}
}
