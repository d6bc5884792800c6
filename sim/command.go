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
	}
	return "unknown"
}

// Control reports whether the kind is exercise control, reserved to the
// instructor.
func (k CommandKind) Control() bool {
	return k >= CmdPause && k <= CmdInject
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
}
