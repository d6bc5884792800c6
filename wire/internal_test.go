package wire

import (
	"testing"

	"github.com/borderdrill/borderdrill/sim"
)

// TestMinSizes checks the least encoded sizes the decoder bounds list
// lengths with: too large, and a valid message would be refused.
func TestMinSizes(t *testing.T) {
	size := func(f func(e *enc)) int {
		var e enc
		f(&e)
		return len(e.b)
	}
	cases := []struct {
		name string
		min  int
		got  int
	}{
		{"unit", minUnit, size(func(e *enc) { e.i(0); encUnit(e, &sim.UnitView{}) })},
		{"sensor", minSensor, size(func(e *enc) { encSensor(e, &sim.SensorView{}) })},
		{"track", minTrack, size(func(e *enc) { e.i(0); e.i(0); encTrack(e, &sim.TrackView{}) })},
		{"crosser", minCrosser, size(func(e *enc) { e.i(0); encCrosser(e, &sim.CrosserView{}) })},
		{"barrier", minBarrier, size(func(e *enc) { encBarriers(e, make([]sim.BarrierView, 1)) }) - 1},
		{"check", minCheck, size(func(e *enc) { encChecks(e, make([]sim.CheckpointView, 1)) }) - 1},
		{"comms", minComms, size(func(e *enc) { encComms(e, make([]sim.CommsView, 1)) }) - 1},
		{"objective", minObjective, size(func(e *enc) { encObjectives(e, make([]sim.ObjectiveStatus, 1)) }) - 1},
		{"inject", minInject, size(func(e *enc) { encInjects(e, make([]sim.InjectView, 1)) }) - 1},
		{"team stats", minTeamStats,
			size(func(e *enc) { encStats(e, &sim.Stats{Teams: make([]sim.TeamStats, 1)}) }) -
				size(func(e *enc) { encStats(e, &sim.Stats{}) })},
	}
	for _, c := range cases {
		if c.min != c.got {
			t.Errorf("%s: min %d, a zero element encodes in %d bytes", c.name, c.min, c.got)
		}
	}
}
