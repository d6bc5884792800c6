package sim

import (
	"reflect"
	"slices"
	"testing"
)

// TestCoopHashCoversState is TestHashCoversState for the cooperation
// state, which joins the hash once a cooperation command is applied: each
// of its fields, changed on a clone of a World that has used it, changes
// the hash.
func TestCoopHashCoversState(t *testing.T) {
	w := stepped(t, 7, 600)
	w.coop.used = true
	coop, ok := reflect.TypeFor[World]().FieldByName("coop")
	if !ok {
		t.Fatal("the World has no coop field")
	}
	used := map[string]bool{}
	var all []leaf
	leaves(t, reflect.ValueOf(w).Elem().FieldByIndex(coop.Index), "", []step{{field: coop.Index[0], elem: -1}}, used, &all)
	if len(all) < 30 {
		t.Fatalf("only %d pieces of cooperation state found", len(all))
	}
	eachChangesHash(t, w, all)
}

// liveOwn returns a live track of team's own (not shared, not in custody)
// updated this tick, stepping w until there is one.
func liveOwn(t *testing.T, w *World, team int) *track {
	t.Helper()
	for range 20000 {
		for _, id := range w.live {
			tr := &w.tracks[id]
			if int(tr.team) == team && tr.source != SrcShared && !tr.custody && tr.updated == w.tick && tr.crosser >= 0 {
				return tr
			}
		}
		w.Step(nil)
	}
	t.Fatalf("team %d made no track", team)
	return nil
}

// viewTrack returns track id in team's view.
func viewTrack(w *World, team int, id int32) (TrackView, bool) {
	for _, tv := range w.View(team).Tracks {
		if tv.ID == id {
			return tv, true
		}
	}
	return TrackView{}, false
}

// TestHandoverInBothPictures: a hand-over FIN grants RUS over their link
// (120 ticks) shows in both pictures at once — FIN's track and RUS's copy
// handed to RUS — while a third team's picture shows neither; the request
// keeps its timing.
func TestHandoverInBothPictures(t *testing.T) {
	w := stepped(t, 3, 0)
	tr := liveOwn(t, w, 0)
	made := w.tick // commands apply before the tick advances
	evs := w.Step([]Command{{ID: 1, Team: 0, Kind: CmdHandover, Track: tr.id, ToTeam: 1}})
	if evs[0].Kind != EvAccepted {
		t.Fatalf("hand-over: %+v", evs[0])
	}
	var copyID int32 = -1
	for copyID < 0 && w.tick < made+200 {
		for _, e := range w.Step(nil) {
			if e.Kind == EvRequest && e.Team == 1 {
				copyID = e.Track
				if w.tick != made+120 {
					t.Errorf("the request arrived at %d, want %d", w.tick, made+120)
				}
			}
		}
	}
	if copyID < 0 {
		t.Fatal("the request never arrived")
	}
	answered := w.tick
	evs = w.Step([]Command{{ID: 2, Team: 1, Kind: CmdAnswer, Index: 1, Count: int(AnsGrant)}})
	if evs[0].Kind != EvAccepted {
		t.Fatalf("grant: %+v", evs[0])
	}
	mine, ok1 := viewTrack(w, 0, tr.id)
	theirs, ok2 := viewTrack(w, 1, copyID)
	if !ok1 || !ok2 || mine.HandedTo != 1 || theirs.HandedTo != 1 {
		t.Errorf("FIN's track %+v (%v), RUS's copy %+v (%v): want both handed to RUS", mine, ok1, theirs, ok2)
	}
	for _, tv := range w.View(2).Tracks {
		if tv.HandedTo >= 0 {
			t.Errorf("the third team's track %d shows a hand-over", tv.ID)
		}
	}
	if len(w.View(2).Requests) != 0 {
		t.Error("the third team lists the request")
	}
	r := w.Requests()[0]
	if r.State != ReqGranted || r.Made != made || r.Answered != answered || r.Due != made+120+int32(AnswerWithin/w.ts) {
		t.Errorf("request %+v: want granted, made at %d, answered at %d", r, made, answered)
	}
}

// TestCloseFalseAlarm: a track classified a false alarm and closed leaves
// its team's picture; the group it was of makes a new track when seen
// again.
func TestCloseFalseAlarm(t *testing.T) {
	w := stepped(t, 5, 0)
	tr := liveOwn(t, w, 0)
	id, group := tr.id, tr.crosser
	evs := w.Step([]Command{{ID: 1, Team: 0, Kind: CmdClassify, Track: id, Index: int(ClassFalseAlarm), On: true}})
	if evs[0].Kind != EvAccepted {
		t.Fatalf("close: %+v", evs[0])
	}
	if _, ok := viewTrack(w, 0, id); ok {
		t.Error("the closed track is still in the picture")
	}
	if w.seen.at(group, 0).track == id {
		t.Error("the group still points at the closed track")
	}
	evs = w.Step([]Command{{ID: 2, Team: 0, Kind: CmdReport, Track: id, ToTeam: 1, Index: int(ReportOther)}})
	if evs[0].Kind != EvRejected || evs[0].Text != ReasonNoTrack {
		t.Errorf("a report of the closed track: %+v", evs[0])
	}
}

// linkWorld is the fixture with FIN–RUS's link (120 ticks) dropping or
// queueing on a cut, with a backup of perHour messages taking 30 ticks.
func linkWorld(t *testing.T, mode CutMode, perHour int) *World {
	t.Helper()
	sc := fixture(t)
	sc.Agreements[0].OnCut, sc.Agreements[0].BackupPerHour, sc.Agreements[0].BackupDelay = mode, perHour, 30
	w, err := New(sc, 9)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// stepCollect steps w n ticks with cmds in the first and returns the
// events of kind, in order.
func stepCollect(w *World, n int, kind EventKind, cmds ...Command) []Event {
	var out []Event
	for i := range n {
		var c []Command
		if i == 0 {
			c = cmds
		}
		for _, e := range w.Step(c) {
			if e.Kind == kind || e.Kind == EvRejected {
				out = append(out, e)
			}
		}
	}
	return out
}

// reportCmd is FIN's report of track tr to RUS, numbered by its
// confidence.
func reportCmd(id uint32, tr int32) Command {
	return Command{ID: id, Team: 0, Kind: CmdReport, Track: tr, ToTeam: 1, Index: int(ReportOther), Count: int(id)}
}

// TestLinkCut is issue 12's done-when for links: under on_cut: queue every
// report on its way or sent during a cut is delivered, in the order sent,
// in the tick the link returns; under drop those on their way are lost and
// none is sent during the cut; the backup means carries at most its
// capacity in a clock hour, through the cut.
func TestLinkCut(t *testing.T) {
	cut := Command{ID: 100, Team: Instructor, Kind: CmdCommsCut, Index: 0}
	restore := Command{ID: 101, Team: Instructor, Kind: CmdCommsRestore, Index: 0}
	t.Run("queue", func(t *testing.T) {
		w := linkWorld(t, CutQueue, 0)
		tr := liveOwn(t, w, 0).id
		stepCollect(w, 10, EvReport, reportCmd(1, tr)) // on its way when the link is cut
		if evs := stepCollect(w, 1, EvReport, cut, reportCmd(2, tr), reportCmd(3, tr), reportCmd(4, tr)); len(evs) != 0 {
			t.Fatalf("during the cut: %+v", evs)
		}
		if evs := stepCollect(w, 400, EvReport); len(evs) != 0 {
			t.Fatalf("%d reports arrived over a cut link", len(evs))
		}
		back := w.tick + 1
		evs := stepCollect(w, 1, EvReport, restore)
		var got []int32
		for _, e := range evs {
			if e.Kind != EvReport || e.Team != 1 || e.Tick != back {
				t.Errorf("event %+v, want reports to RUS at tick %d", e, back)
			}
			got = append(got, e.Group)
		}
		if !slices.Equal(got, []int32{1, 2, 3, 4}) {
			t.Errorf("delivered requests %v when the link returned, want 1 2 3 4 in order", got)
		}
	})

	t.Run("drop", func(t *testing.T) {
		w := linkWorld(t, CutDrop, 0)
		tr := liveOwn(t, w, 0).id
		stepCollect(w, 10, EvReport, reportCmd(1, tr), reportCmd(2, tr))
		lost := stepCollect(w, 1, EvLost, cut)
		if len(lost) != 2 || lost[0].Group != 1 || lost[1].Group != 2 || lost[0].Team != 0 {
			t.Errorf("lost events %+v, want requests 1 and 2 to FIN", lost)
		}
		if evs := stepCollect(w, 1, EvReport, reportCmd(3, tr)); len(evs) != 1 || evs[0].Text != ReasonCommsCut {
			t.Errorf("a report during the cut: %+v, want refused with %q", evs, ReasonCommsCut)
		}
		if evs := stepCollect(w, 400, EvReport, restore); len(evs) != 0 {
			t.Errorf("after the cut: %+v, want nothing delivered", evs)
		}
		for _, r := range w.Requests() {
			if r.State != ReqLost {
				t.Errorf("request %d %s, want lost", r.ID, r.State)
			}
		}
	})

	t.Run("backup", func(t *testing.T) {
		w := linkWorld(t, CutDrop, 2)
		tr := liveOwn(t, w, 0).id
		for w.Clock()%3600 > 3000 { // room for the test within the clock hour
			w.Step(nil)
		}
		stepCollect(w, 1, EvReport, cut)
		sent := w.tick
		evs := stepCollect(w, 60, EvReport, reportCmd(1, tr), reportCmd(2, tr), reportCmd(3, tr))
		var arrived []int32
		var refused []string
		for _, e := range evs {
			switch e.Kind {
			case EvReport:
				arrived = append(arrived, e.Group)
				if e.Tick != sent+30 {
					t.Errorf("request %d arrived at %d, want %d (the backup's delay)", e.Group, e.Tick, sent+30)
				}
			case EvRejected:
				refused = append(refused, e.Text)
			}
		}
		if !slices.Equal(arrived, []int32{1, 2}) || !slices.Equal(refused, []string{ReasonBackupFull}) {
			t.Errorf("arrived %v, refused %q: want 1 and 2 by the backup, the third refused", arrived, refused)
		}
		for _, r := range w.Requests() {
			if !r.Backup {
				t.Errorf("request %d not marked as sent by the backup", r.ID)
			}
		}
		for w.Clock()%3600 != 0 {
			w.Step(nil)
		}
		if evs := stepCollect(w, 40, EvReport, reportCmd(4, tr)); len(evs) != 1 || evs[0].Kind != EvReport {
			t.Errorf("in the next clock hour: %+v, want the report by the backup", evs)
		}
	})
}

// TestCoopObjectives: handover_within counts a hand-over granted in time
// and, once its window is over, one left unanswered; report_within counts
// a report delivered.
func TestCoopObjectives(t *testing.T) {
	sc := fixture(t)
	sc.Objectives = append(sc.Objectives,
		ObjectiveSpec{ID: "ho", Kind: ObjHandoverWithin, Team: 0, Target: 1, Window: 300},
		ObjectiveSpec{ID: "rep", Kind: ObjReportWithin, Team: 0, Target: 1, Window: 1 << 30})
	w, err := New(sc, 2)
	if err != nil {
		t.Fatal(err)
	}
	status := func(id string) ObjectiveStatus {
		for _, o := range w.Objectives() {
			if o.ID == id {
				return o
			}
		}
		t.Fatalf("no objective %s", id)
		return ObjectiveStatus{}
	}
	tr := liveOwn(t, w, 0).id
	stepCollect(w, 121, EvRequest, Command{ID: 1, Team: 0, Kind: CmdHandover, Track: tr, ToTeam: 1}, reportCmd(2, tr))
	stepCollect(w, 1, EvAnswer, Command{ID: 3, Team: 1, Kind: CmdAnswer, Index: 1, Count: int(AnsGrant)})
	if o := status("ho"); o.Value != 1 || !o.Met {
		t.Errorf("one hand-over granted in time: %+v", o)
	}
	if o := status("rep"); o.Value != 1 || !o.Met {
		t.Errorf("one report delivered: %+v", o)
	}
	stepCollect(w, 301, EvRequest, Command{ID: 4, Team: 0, Kind: CmdHandover, Track: liveOwn(t, w, 0).id, ToTeam: 1})
	if o := status("ho"); o.Value != 0.5 || o.Met {
		t.Errorf("one granted, one unanswered past its window: %+v", o)
	}
	if v := w.View(0); !slices.ContainsFunc(v.Objective, func(o ObjectiveStatus) bool { return o.ID == "ho" && o.Value == 0.5 }) {
		t.Error("FIN does not follow its hand-over objective live")
	}
}

// TestPursuitIncidentsObjective: an incident of a unit intercepting a
// track deeper than the agreement's hot pursuit allows counts for
// pursuit_incidents; one of a unit that simply moved across counts for
// max_incidents only. The team follows the value live.
func TestPursuitIncidentsObjective(t *testing.T) {
	for _, tc := range []struct {
		name    string
		pursuit bool
		want    float64
	}{{"move across", false, 0}, {"pursuit too deep", true, 1}} {
		t.Run(tc.name, func(t *testing.T) {
			sc := fixture(t)
			sc.Flows, sc.Injects = nil, nil
			sc.Objectives = []ObjectiveSpec{{ID: "pur", Kind: ObjPursuitIncidents, Team: 0, Target: 0}}
			w, err := New(sc, 1)
			if err != nil {
				t.Fatal(err)
			}
			m := w.m
			far := ll(m, 28.9, 61.25)
			target := borderPoint(t, w, far, m.CountryIndex("RUS"), 4000)
			u := &w.units[0]
			u.pos = borderPoint(t, w, far, w.teams[0].country, 300)
			cmd := Command{ID: 1, Team: 0, Kind: CmdMove, Unit: 0, Target: target}
			if tc.pursuit {
				cmd = Command{ID: 1, Team: 0, Kind: CmdIntercept, Unit: 0, Track: w.newTrack(0, -1, target, 50, SrcSensor, -1).id}
			}
			w.Step([]Command{cmd})
			for range 3000 {
				w.Step(nil)
			}
			if w.teams[0].incidents != 1 {
				t.Fatalf("%d incidents, want 1", w.teams[0].incidents)
			}
			o := w.Objectives()[0]
			if o.Value != tc.want || o.Met != (tc.want == 0) {
				t.Errorf("pursuit_incidents %+v, want %v", o, tc.want)
			}
			if v := w.View(0).Objective[0]; v.Value != tc.want {
				t.Errorf("FIN sees %v, want %v live", v.Value, tc.want)
			}
		})
	}
}

// TestClassifyAccuracyObjective: of two tracks FIN classified, the false
// alarm called a false alarm is right and the real group called one is
// wrong: 50%, not met at 70%. The white cell sees the value; FIN,
// whose picture cannot tell it, sees it unmeasured; a partner's
// classification of FIN's track does not count for FIN.
func TestClassifyAccuracyObjective(t *testing.T) {
	sc := fixture(t)
	sc.Objectives = []ObjectiveSpec{{ID: "cls", Kind: ObjClassifyAccuracy, Team: 0, Target: 0.7}}
	w, err := New(sc, 4)
	if err != nil {
		t.Fatal(err)
	}
	real := liveOwn(t, w, 0)
	ghost := w.newTrack(0, -1, real.pos, 10, SrcSensor, -1)
	if o := w.Objectives()[0]; o.Met {
		t.Errorf("nothing classified yet: %+v, want not met", o)
	}
	evs := w.Step([]Command{
		{ID: 1, Team: 0, Kind: CmdClassify, Track: ghost.id, Index: int(ClassFalseAlarm)},
		{ID: 2, Team: 0, Kind: CmdClassify, Track: real.id, Index: int(ClassFalseAlarm)},
	})
	for _, e := range evs[:2] {
		if e.Kind != EvAccepted {
			t.Fatalf("classify: %+v", e)
		}
	}
	if o := w.Objectives()[0]; o.Value != 0.5 || o.Met {
		t.Errorf("one right, one wrong: %+v, want 0.5 and not met", o)
	}
	if v := w.View(Instructor).Objective[0]; v.Value != 0.5 {
		t.Errorf("the white cell sees %v", v.Value)
	}
	if v := w.View(0).Objective[0]; v.Value != Unmeasured {
		t.Errorf("FIN sees %v, want unmeasured", v.Value)
	}
	// The group's true class, set on FIN's track by someone else, counts
	// nothing for FIN.
	w.tc(real.id).by = 1
	if o := w.Objectives()[0]; o.Value != 1 {
		t.Errorf("with the wrong class no longer FIN's: %+v, want 1", o)
	}
}

// TestTeamCommsOutageInject: an MSEL row takes FIN's internal comms down
// for 100 ticks: FIN's orders are refused, RUS's go through, FIN hears
// of it (the white cell too, RUS not), and 100 ticks later its comms are
// back and its orders accepted again.
func TestTeamCommsOutageInject(t *testing.T) {
	sc := fixture(t)
	sc.Injects = append(sc.Injects, InjectSpec{ID: "radio", Kind: InjectTeamCommsDown, Team: 0, For: 100, Trigger: TriggerTime, At: 5,
		Addressee: 0})
	w, err := New(sc, 3)
	if err != nil {
		t.Fatal(err)
	}
	var down []Event
	for range 6 {
		for _, e := range w.Step(nil) {
			if e.Kind == EvTeamComms {
				down = append(down, e)
			}
		}
	}
	if len(down) != 1 || down[0].Team != 0 || down[0].Text != "down" || !down[0].VisibleTo(Instructor) || down[0].VisibleTo(1) {
		t.Fatalf("events %+v, want FIN's comms down, to FIN and the white cell", down)
	}
	fin, rus := w.units[0].id, int32(-1)
	for i := range w.units {
		if w.units[i].team == 1 {
			rus = w.units[i].id
		}
	}
	evs := w.Step([]Command{{ID: 1, Team: 0, Kind: CmdHold, Unit: fin}, {ID: 2, Team: 1, Kind: CmdHold, Unit: rus}})
	if evs[0].Kind != EvRejected || evs[0].Text != ReasonTeamCommsDown || evs[1].Kind != EvAccepted {
		t.Errorf("orders during the outage: %+v, %+v", evs[0], evs[1])
	}
	up := stepCollect(w, 100, EvTeamComms)
	if len(up) != 1 || up[0].Text != "up" || up[0].Tick != down[0].Tick+100 {
		t.Errorf("events %+v, want FIN's comms back at %d", up, down[0].Tick+100)
	}
	if evs := w.Step([]Command{{ID: 3, Team: 0, Kind: CmdHold, Unit: fin}}); evs[0].Kind != EvAccepted {
		t.Errorf("an order after the outage: %+v", evs[0])
	}
}
