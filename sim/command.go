package sim

import "github.com/paulmach/orb"

// Instructor is the team index of the white cell: it sees ground truth and
// controls the exercise.
const Instructor = -1

// CommandKind is what a command asks for.
type CommandKind uint8

// Command kinds. Unit orders come from a team for its own units; exercise
// control (pause, resume, speed, inject, switch view) only from the
// instructor.
const (
	CmdMove      CommandKind = iota + 1 // Unit goes to Target
	CmdPatrol                           // Unit patrols Route in a loop
	CmdIntercept                        // Unit intercepts Track
	CmdHold                             // Unit stops where it is
	CmdReturn                           // Unit returns to its team's base
	CmdLaunch                           // drone Unit takes off (then patrols Route or goes to Target)
	CmdRecall                           // drone Unit returns and lands
	CmdShare                            // share Track with team ToTeam under their agreement
	CmdPause                            // instructor: pause the exercise
	CmdResume                           // instructor: resume
	CmdSpeed                            // instructor: Speed ticks per wall-clock second
	CmdInject                           // instructor: fire Inject now
	// Ad-hoc injects and exercise control from the white cell (control.go).
	CmdMessage      // instructor: message Text to team ToTeam (or All)
	CmdSurge        // instructor: Count groups of Size persons gather at Target and cross
	CmdSensorDown   // instructor: sensor Index out of service (for For ticks; 0 = until restored)
	CmdSensorUp     // instructor: sensor Index back in service
	CmdCommsCut     // instructor: agreement Index's comms cut (for For ticks)
	CmdCommsDegrade // instructor: agreement Index's comms degraded (for For ticks)
	CmdCommsRestore // instructor: agreement Index's comms restored
	CmdWeather      // instructor: weather Index (for For ticks)
	CmdAddUnit      // instructor: a unit of kind Index named Text for team ToTeam at Target
	CmdRemoveUnit   // instructor: Unit withdrawn from the exercise
	CmdAuto         // instructor: computer control of team ToTeam On or off
	// Orders at a checkpoint (ports.go), from the team that operates it.
	CmdLanes    // checkpoint Index opens Count passenger-car lanes (1 to those installed)
	CmdReferral // checkpoint Index refers Count percent of primary inspections to secondary
	CmdCrossing // checkpoint Index opens (On) or closes the crossing
)

// String names the command kind as the wire spells it.
func (k CommandKind) String() string {
	switch k {
	case CmdMove:
		return "move"
	case CmdPatrol:
		return "patrol"
	case CmdIntercept:
		return "intercept"
	case CmdHold:
		return "hold"
	case CmdReturn:
		return "return"
	case CmdLaunch:
		return "launch"
	case CmdRecall:
		return "recall"
	case CmdShare:
		return "share"
	case CmdPause:
		return "pause"
	case CmdResume:
		return "resume"
	case CmdSpeed:
		return "speed"
	case CmdInject:
		return "inject"
	case CmdMessage:
		return "message"
	case CmdSurge:
		return "surge"
	case CmdSensorDown:
		return "sensor_down"
	case CmdSensorUp:
		return "sensor_up"
	case CmdCommsCut:
		return "comms_cut"
	case CmdCommsDegrade:
		return "comms_degrade"
	case CmdCommsRestore:
		return "comms_restore"
	case CmdWeather:
		return "weather"
	case CmdAddUnit:
		return "add_unit"
	case CmdRemoveUnit:
		return "remove_unit"
	case CmdAuto:
		return "auto"
	case CmdLanes:
		return "lanes"
	case CmdReferral:
		return "referral"
	case CmdCrossing:
		return "crossing"
	case CmdSkip:
		return "skip"
	case CmdPostpone:
		return "postpone"
	case CmdAgreement:
		return "agreement"
	case CmdReadmit:
		return "readmit"
	}
	if s := coopCommandName(k); s != "" {
		return s
	}
	if s := ordersCommandName(k); s != "" {
		return s
	}
	return "unknown"
}

// Control reports whether the kind is exercise control, reserved to the
// instructor.
func (k CommandKind) Control() bool {
	return k >= CmdPause && k <= CmdAuto || k.mselControl() || k == CmdAgreement || k == CmdTeamCommsDown || k == CmdTeamCommsUp
}

// Command is one order. Team is set by whoever authenticated the sender (the
// server, or the local runner), never taken from the client's word.
type Command struct {
	ID     uint32 // sender's id, echoed in the acknowledgement event
	Team   int    // issuing team index, or Instructor
	Kind   CommandKind
	Unit   int32       // unit id
	Track  int32       // track id
	ToTeam int         // share: receiving team index
	Target orb.Point   // move, launch
	Route  []orb.Point // patrol, launch
	Speed  int         // ticks per wall-clock second
	Inject string      // inject id
	// Ad-hoc injects (control.go).
	Text       string // message text; a new unit's name
	Index      int    // sensor, agreement, weather or unit kind, by kind
	Count      int    // surge: groups
	Size       int    // surge: persons per group
	Vulnerable int    // surge: percent of groups with vulnerable persons, 0 to 100
	For        int32  // ticks an outage, cut or weather lasts; 0 = until changed
	On         bool   // auto: computer control on (true) or off
}
