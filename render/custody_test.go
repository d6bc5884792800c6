package render_test

import (
	"slices"
	"testing"

	"github.com/borderdrill/borderdrill/sim"
)

// TestSelectedUnitShowsEscort: a unit whose view carries persons in its
// custody says "escorting N persons" in the selection panel, and its
// order reads escort; a unit escorting no one says nothing of it.
func TestSelectedUnitShowsEscort(t *testing.T) {
	m := loadMap(t, "grc-tur")
	ex := &fakeExercise{info: twoTeams(m)}
	p := m.Proj.Forward([2]float64{26.3, 41.2})
	v := &sim.View{Team: 0, Units: []sim.UnitView{
		{ID: 1, Team: 0, Kind: sim.Vehicle, Name: "GRC-V1", Pos: p, Order: sim.OrderEscort, Track: -1, Custody: 6},
		{ID: 2, Team: 0, Kind: sim.Foot, Name: "GRC-F1", Pos: p, Order: sim.OrderHold, Track: -1},
	}}
	ex.show(v)
	g := newGame(t, ex, true)
	frame(t, g)
	for _, tc := range []struct {
		id   int32
		want bool
	}{{1, true}, {2, false}} {
		if !g.Controller().SelectUnit(g.View(), tc.id) {
			t.Fatalf("cannot select unit %d", tc.id)
		}
		frame(t, g)
		lines := g.SelectionLines()
		if got := slices.Contains(lines, "escorting 6 persons"); got != tc.want {
			t.Errorf("unit %d: selection %q; escorting line shown %v, want %v", tc.id, lines, got, tc.want)
		}
		if tc.want && !slices.Contains(lines, "order: escort") {
			t.Errorf("unit %d: selection %q has no \"order: escort\"", tc.id, lines)
		}
	}
}
