package wire

import "github.com/borderdrill/borderdrill/sim"

// crossers is a crossing group on the wire: its key is its ID.
var crossers = idEntity[sim.CrosserView]("ID i key, Kind enum 2, Size i 4, Vulnerable bool 8, Pos pos 1, " +
	"State enum 16, Detected bool 32")

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
