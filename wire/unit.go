package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

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
)

// UnitChange is a unit added or changed.
type UnitChange = Change[sim.UnitView]

// units is a unit on the wire: its key is its ID; its fields in record
// order, each with its change bit.
var units = idEntity(newRecord(
	intField(UnitTeam, func(u *sim.UnitView) *int { return &u.Team }),
	enumField(UnitKind, func(u *sim.UnitView) *sim.UnitKind { return &u.Kind }, 0, 0),
	strField(UnitName, func(u *sim.UnitView) *string { return &u.Name }),
	posField(UnitPos, func(u *sim.UnitView) *orb.Point { return &u.Pos }),
	enumField(UnitOrder, func(u *sim.UnitView) *sim.Order { return &u.Order }, 0, 0),
	pointField(UnitTarget, func(u *sim.UnitView) *orb.Point { return &u.Target }),
	i32Field(UnitTrack, func(u *sim.UnitView) *int32 { return &u.Track }),
	pointsField(UnitRoute, func(u *sim.UnitView) *[]orb.Point { return &u.Route }),
	boolField(UnitAloft, func(u *sim.UnitView) *bool { return &u.Aloft }),
	i32Field(UnitFuel, func(u *sim.UnitView) *int32 { return &u.Fuel }),
	metresField(UnitObserve, func(u *sim.UnitView) *float64 { return &u.Observe }),
	intField(UnitCustody, func(u *sim.UnitView) *int { return &u.Custody }),
), func(u *sim.UnitView) *int32 { return &u.ID })
