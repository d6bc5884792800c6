package wire

import "github.com/borderdrill/borderdrill/sim"

// comms is the state of an agreement's link on the wire; a Delta replaces
// the list whole.
var comms = newRecord(
	strField(0, func(c *sim.CommsView) *string { return &c.Agreement }),
	intField(0, func(c *sim.CommsView) *int { return &c.A }),
	intField(0, func(c *sim.CommsView) *int { return &c.B }),
	boolField(0, func(c *sim.CommsView) *bool { return &c.Cut }),
	boolField(0, func(c *sim.CommsView) *bool { return &c.Degraded }),
)

var commsSection = listSection(SecComms, comms,
	func(v *sim.View) *[]sim.CommsView { return &v.Comms },
	func(d *Delta) *[]sim.CommsView { return &d.Comms })
