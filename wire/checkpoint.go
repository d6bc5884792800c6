package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// checkpoints is a checkpoint's live state on the wire; a Delta replaces
// the list whole.
var checkpoints = newRecord(
	strField(0, func(c *sim.CheckpointView) *string { return &c.Name }),
	intField(0, func(c *sim.CheckpointView) *int { return &c.Team }),
	pointField(0, func(c *sim.CheckpointView) *orb.Point { return &c.Pos }),
	boolField(0, func(c *sim.CheckpointView) *bool { return &c.Open }),
	intField(0, func(c *sim.CheckpointView) *int { return &c.Queue }),
	f64Field(0, func(c *sim.CheckpointView) *float64 { return &c.MeanWait }),
)

var checkpointSection = listSection(SecChecks, checkpoints,
	func(v *sim.View) *[]sim.CheckpointView { return &v.Checks },
	func(d *Delta) *[]sim.CheckpointView { return &d.Checks })
