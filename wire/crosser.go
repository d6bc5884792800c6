package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Change bits of a crosser (CrosserChange.Fields).
const (
	CrosserPos uint16 = 1 << iota
	CrosserKind
	CrosserSize
	CrosserVulnerable
	CrosserState
	CrosserDetected
)

// CrosserChange is a crossing group added or changed (ground truth, in the
// instructor's stream only).
type CrosserChange = Change[sim.CrosserView]

// crossers is a crossing group on the wire: its key is its ID.
var crossers = idEntity(newRecord(
	enumField(CrosserKind, func(c *sim.CrosserView) *sim.CrosserKind { return &c.Kind }, 0, 0),
	intField(CrosserSize, func(c *sim.CrosserView) *int { return &c.Size }),
	boolField(CrosserVulnerable, func(c *sim.CrosserView) *bool { return &c.Vulnerable }),
	posField(CrosserPos, func(c *sim.CrosserView) *orb.Point { return &c.Pos }),
	enumField(CrosserState, func(c *sim.CrosserView) *sim.CrosserState { return &c.State }, 0, 0),
	boolField(CrosserDetected, func(c *sim.CrosserView) *bool { return &c.Detected }),
), func(c *sim.CrosserView) *int32 { return &c.ID })
