package sim

import "github.com/paulmach/orb"

// View is what one team (or the instructor) may see at a tick: its own
// units and sensors, its own tracks and those shared with it. Only the
// instructor's View carries crossers (ground truth) and every team's assets.
type View struct {
	Tick    int32
	Team    int // team index, or Instructor
	Clock   int // simulated seconds since midnight of day one
	Night   bool
	Weather Weather
	Paused  bool
	Speed   int // ticks per wall-clock second

	Units     []UnitView
	Sensors   []SensorView
	Tracks    []TrackView
	Crossers  []CrosserView // instructor only
	Barriers  []BarrierView
	Checks    []CheckpointView
	Comms     []CommsView // agreements the team is party to (all for the instructor)
	Objective []ObjectiveStatus
	Injects   []InjectView // instructor: the whole MSEL; teams: fired injects addressed to them
	Stats     Stats
	Requests  []RequestView // reports and requests the team is party to (all for the instructor)
}

// UnitView is a unit as its team sees it.
type UnitView struct {
	ID      int32
	Team    int
	Kind    UnitKind
	Name    string
	Pos     orb.Point
	Order   Order
	Target  orb.Point // current destination
	Track   int32     // intercepted track id, or -1
	Route   []orb.Point
	Aloft   bool  // drones: flying
	Fuel    int32 // drones: ticks of endurance left
	Observe float64
	Custody int // persons held by the unit (being escorted)
	Pace    int // percent of its full speed (CmdPace)
}

// Order is a unit's current order.
type Order uint8

// Orders.
const (
	OrderHold Order = iota
	OrderMove
	OrderPatrol
	OrderIntercept
	OrderReturn
	OrderEscort // taking persons in custody to a reception point, base or checkpoint
)

// String names the order.
func (o Order) String() string {
	switch o {
	case OrderHold:
		return "hold"
	case OrderMove:
		return "move"
	case OrderPatrol:
		return "patrol"
	case OrderIntercept:
		return "intercept"
	case OrderReturn:
		return "return"
	case OrderEscort:
		return "escort"
	}
	return "unknown"
}

// SensorView is a fixed sensor as its team sees it.
type SensorView struct {
	ID    int32
	Team  int
	Kind  SensorKind
	Name  string
	Pos   orb.Point
	Range float64
	Down  bool
	// Azimuth and Sector are the degrees clockwise from grid north the
	// sensor looks to and the width of what it sees; Sector 0: all round.
	Azimuth, Sector float64
}

// TrackSource says where a track came from.
type TrackSource uint8

// Track sources.
const (
	SrcSensor TrackSource = iota
	SrcPatrol
	SrcShared
	SrcCommunity
	SrcFence
)

// String names the source.
func (s TrackSource) String() string {
	switch s {
	case SrcSensor:
		return "sensor"
	case SrcPatrol:
		return "patrol"
	case SrcShared:
		return "shared"
	case SrcCommunity:
		return "community"
	case SrcFence:
		return "fence"
	}
	return "unknown"
}

// TrackView is a track in a team's picture: an estimate, never ground truth.
type TrackView struct {
	ID       int32
	Team     int // whose picture it is in
	Pos      orb.Point
	Err      float64 // metres, radius of position error
	Age      int32   // ticks since last update
	Source   TrackSource
	From     int   // for shared tracks, the team that shared it; else -1
	Size     int   // estimated persons, 0 when unknown
	SharedTo bool  // the owner has shared it with a partner
	Custody  bool  // the group is in custody
	Class    Class // the classification in this picture
	ClassBy  int   // the team whose classification it is (the owner, or a partner that reported it); -1 for none
	HandedTo int   // the team the track was handed over to; -1 for none
}

// CrosserView is a crossing group in ground truth (instructor only).
type CrosserView struct {
	ID         int32
	Kind       CrosserKind
	Size       int
	Vulnerable bool
	Pos        orb.Point
	State      CrosserState
	Detected   bool
}

// CrosserState is where a group is in its journey.
type CrosserState uint8

// Crosser states.
const (
	Approaching CrosserState = iota // not yet across
	Crossed                         // across, heading for the destination
	Escaped                         // reached the destination unseen or unstopped
	Apprehended                     // in custody
	Hiding                          // waiting out a patrol
	Perished                        // every person of the group died
)

// String names the state.
func (s CrosserState) String() string {
	switch s {
	case Approaching:
		return "approaching"
	case Crossed:
		return "crossed"
	case Escaped:
		return "escaped"
	case Apprehended:
		return "apprehended"
	case Hiding:
		return "hiding"
	case Perished:
		return "perished"
	}
	return "unknown"
}

// BarrierView is a fence section.
type BarrierView struct {
	Name string
	Line orb.LineString
	Cuts int
}

// CheckpointView is a checkpoint's live state.
type CheckpointView struct {
	Name     string
	Team     int
	Pos      orb.Point
	Open     bool
	Queue    int     // vehicles waiting
	MeanWait float64 // seconds, so far
	// Lanes and Installed are the passenger-car lanes open and installed
	// (CmdLanes sets the first): for the operating team and the white
	// cell, 0 for others.
	Lanes, Installed int
}

// CommsView is the state of an agreement's link.
type CommsView struct {
	Agreement string
	A, B      int
	Cut       bool
	Degraded  bool
	// Commission is the joint commission the scenario names for the
	// agreement's protests ("" for none).
	Commission string
}

// ObjectiveStatus is an objective's live value.
type ObjectiveStatus struct {
	ID          string
	Description string
	Value       float64 // Unmeasured in a team's View when the team cannot know it live
	Target      float64
	Met         bool
}

// InjectView is an inject as the viewer may see it.
type InjectView struct {
	ID        string
	Synopsis  string
	Message   string
	Expected  string
	Addressee int
	At        int32 // scheduled tick, -1 for a trigger
	Fired     bool
	FiredAt   int32
	Status    RowStatus // the instructor's live MSEL (msel.go); RowFired in a team's view
}
