package wire

import "github.com/borderdrill/borderdrill/sim"

// Change bits of a unit (UnitChange.Fields).
const (
	UnitPos uint16 = 1 << iota
	UnitTeam
	UnitKind
	UnitName
	UnitOrder
	UnitTarget
	UnitTrack
	UnitRoute
	UnitAloft
	UnitFuel
	UnitObserve
	UnitCustody
	UnitPace
)

// UnitChange is a unit added or changed.
type UnitChange = Change[sim.UnitView]

// units is a unit on the wire: its key is its ID; its fields in record
// order, each with its change bit.
var units = idEntity[sim.UnitView]("ID i key, Team i 2, Kind enum 4, Name str 8, Pos pos 1, Order enum 16, " +
	"Target pt 32, Track i 64, Route pts 128, Aloft bool 256, Fuel i 512, Observe q 1024, Custody i 2048, Pace i 4096")
