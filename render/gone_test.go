package render_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
)

// TestTrackListAndLogAgree plays grc-tur as GRC: Turkey shares a track
// with GRC, and the World retires the shared track silently after
// sim.TrackLifetime without a report. The track list and the log must tell
// the same story: while the track is listed the log says it was shared; once
// it has left the list the log says it was dropped and why.
func TestTrackListAndLogAgree(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	has := func(want string) bool {
		return slices.ContainsFunc(g.Log(), func(s string) bool { return strings.Contains(s, want) })
	}
	listed := func(id int32) bool {
		return slices.ContainsFunc(g.View().Tracks, func(tr sim.TrackView) bool { return tr.ID == id })
	}
	// The first track TUR shares with GRC: the exercise steps a minute at a
	// time until its share is logged.
	var id int32
	for tick := int32(60); id == 0; tick += 60 {
		if tick > 4*3600 {
			t.Fatalf("no share logged in four hours; log %q", g.Log())
		}
		ex.StepTo(tick)
		frame(t, g)
		for _, l := range g.Log() {
			if _, err := fmt.Sscanf(l, "T%d shared with GRC", &id); err == nil {
				break
			}
			id = 0
		}
	}
	shared := fmt.Sprintf("T%d shared with GRC", id)
	if !listed(id) {
		t.Fatalf("at tick %d: log %q but T%d is not listed", g.View().Tick, shared, id)
	}
	dropped := fmt.Sprintf("T%d dropped: no report for %d min", id, sim.TrackLifetime/60)
	if has(dropped) {
		t.Fatalf("T%d is listed but the log says %q", id, dropped)
	}
	// Past its lifetime without a report the list and the log drop it
	// together; every frame on the way they agree.
	for tick := g.View().Tick + 100; listed(id); tick += 100 {
		if tick > g.View().Tick+4*3600 {
			t.Fatalf("T%d still listed at tick %d; the scenario no longer drops it", id, g.View().Tick)
		}
		ex.StepTo(tick)
		frame(t, g)
		if listed(id) == has(dropped) {
			t.Fatalf("tick %d: T%d listed %v, log says dropped %v: %q", tick, id, listed(id), has(dropped), g.Log())
		}
	}
	if n := strings.Count(strings.Join(g.Log(), "\n"), dropped); n != 1 {
		t.Errorf("%q logged %d times, want once", dropped, n)
	}
}

// TestDroppedTrackNotLoggedOnASwitch: the white cell's Tab to another
// picture, or a replay's seek back, starts the comparison over instead of
// logging every track of the old picture as dropped.
func TestDroppedTrackNotLoggedOnASwitch(t *testing.T) {
	m := loadMap(t, "grc-tur")
	info := twoTeams(m)
	info.Team = sim.Instructor
	ex := &fakeExercise{info: info}
	g := newGame(t, ex, true)
	ex.show(&sim.View{Team: sim.Instructor, Tick: 100, Tracks: []sim.TrackView{{ID: 1, Team: 0}, {ID: 1, Team: 1}}})
	frame(t, g)
	ex.show(&sim.View{Team: 0, Tick: 110, Tracks: []sim.TrackView{{ID: 1, Team: 0}}})
	frame(t, g)
	ex.show(&sim.View{Team: 0, Tick: 50})
	frame(t, g)
	for _, l := range g.Log() {
		if strings.Contains(l, "dropped") {
			t.Errorf("logged %q on a switch or a seek back", l)
		}
	}
	// In ground truth, the line names the team whose picture lost it.
	ex.show(&sim.View{Team: sim.Instructor, Tick: 60, Tracks: []sim.TrackView{{ID: 1, Team: 0}, {ID: 1, Team: 1}}})
	frame(t, g)
	ex.show(&sim.View{Team: sim.Instructor, Tick: 70, Tracks: []sim.TrackView{{ID: 1, Team: 0}}})
	frame(t, g)
	want := fmt.Sprintf("%s's T1 dropped: no report for %d min", info.Teams[1].ID, sim.TrackLifetime/60)
	if got := g.Log(); len(got) == 0 || got[len(got)-1] != want {
		t.Errorf("log %q, want it to end with %q", got, want)
	}
}
