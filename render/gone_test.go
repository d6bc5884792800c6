package render_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
)

// TestTrackListAndLogAgree plays grc-tur as GRC: Turkey shares T1 at about
// tick 970, and the World retires the shared track silently after
// sim.TrackLifetime without a report. The track list and the log must tell
// the same story: while T1 is listed the log says it was shared; once the
// list has fallen to 0 the log says T1 was dropped and why.
func TestTrackListAndLogAgree(t *testing.T) {
	g, ex := localGame(t, "grc-tur-evros-river", 0, 0, render.Options{NoCard: true})
	has := func(want string) bool {
		return slices.ContainsFunc(g.Log(), func(s string) bool { return strings.Contains(s, want) })
	}
	ex.StepTo(1100)
	frame(t, g)
	listed := func(id int32) bool {
		return slices.ContainsFunc(g.View().Tracks, func(tr sim.TrackView) bool { return tr.ID == id })
	}
	if !has("T1 shared with GRC") || !listed(1) {
		t.Fatalf("at tick %d: tracks %d, log %q; want T1 shared with GRC and listed", g.View().Tick, len(g.View().Tracks), g.Log())
	}
	dropped := fmt.Sprintf("T1 dropped: no report for %d min", sim.TrackLifetime/60)
	if has(dropped) {
		t.Fatalf("T1 is listed but the log says %q", dropped)
	}
	// Past its lifetime without a report (1800 s after the share).
	for tick := int32(1200); tick <= 3200; tick += 100 {
		ex.StepTo(tick)
		frame(t, g)
		if listed(1) == has(dropped) {
			t.Fatalf("tick %d: T1 listed %v, log says dropped %v: %q", tick, listed(1), has(dropped), g.Log())
		}
	}
	if listed(1) {
		t.Fatalf("T1 still listed at tick %d; the scenario no longer drops it", g.View().Tick)
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
