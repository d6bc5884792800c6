package sim

import (
	"reflect"
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
