package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// barriers is a fence section on the wire; a Delta replaces the list whole.
var barriers = newRecord(
	strField(0, func(b *sim.BarrierView) *string { return &b.Name }),
	pointsField(0, func(b *sim.BarrierView) *orb.LineString { return &b.Line }),
	intField(0, func(b *sim.BarrierView) *int { return &b.Cuts }),
)

var barrierSection = listSection(SecBarriers, barriers,
	func(v *sim.View) *[]sim.BarrierView { return &v.Barriers },
	func(d *Delta) *[]sim.BarrierView { return &d.Barriers })
