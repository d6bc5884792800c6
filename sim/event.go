package sim

import "github.com/paulmach/orb"

// EventKind is what happened.
type EventKind uint8

// Event kinds.
const (
	EvAccepted        EventKind = iota + 1 // a command was applied (CmdID)
	EvRejected                             // a command was refused; Text says why
	EvCrossing                             // a group crossed the border (ground truth)
	EvDetection                            // a team made a new track (Track)
	EvShared                               // a track reached a partner (Track in Team's picture)
	EvApprehension                         // Unit apprehended Group
	EvEscape                               // Group reached its destination
	EvIncident                             // Unit entered the neighbour's territory without authority
	EvFenceCut                             // a barrier was cut (Pos)
	EvInject                               // an inject fired (Text = id, Message)
	EvMessage                              // a message to Team
	EvProcessed                            // custody processing of Group finished
	EvDroneLow                             // a drone turned back for endurance
	EvCheckpointFind                       // contraband or false identity found at a checkpoint
	EvCommunityReport                      // residents reported a sighting (Track)
	EvObjective                            // an objective changed state (Text = id)
	EvControl                              // pause, resume or speed change
)

// String names the event kind.
func (k EventKind) String() string {
	switch k {
	case EvAccepted:
		return "accepted"
	case EvRejected:
		return "rejected"
	case EvCrossing:
		return "crossing"
	case EvDetection:
		return "detection"
	case EvShared:
		return "shared"
	case EvApprehension:
		return "apprehension"
	case EvEscape:
		return "escape"
	case EvIncident:
		return "incident"
	case EvFenceCut:
		return "fence_cut"
	case EvInject:
		return "inject"
	case EvMessage:
		return "message"
	case EvProcessed:
		return "processed"
	case EvDroneLow:
		return "drone_low"
	case EvCheckpointFind:
		return "checkpoint_find"
	case EvCommunityReport:
		return "community_report"
	case EvObjective:
		return "objective"
	case EvControl:
		return "control"
	case EvHandover:
		return "handover"
	case EvAsylumClaim:
		return "asylum_claim"
	case EvRefoulement:
		return "refoulement"
	case EvReadmitted:
		return "readmitted"
	case EvDistress:
		return "distress"
	case EvDeath:
		return "death"
	case EvRescue:
		return "rescue"
	case EvScatter:
		return "scatter"
	}
	if s := coopEventName(k); s != "" {
		return s
	}
	return "unknown"
}

// Event is something that happened during a tick. Team is the team it is
// addressed to, or Instructor when only the white cell may see it; All for
// every team.
type Event struct {
	Tick    int32
	Kind    EventKind
	Team    int // addressee team index, Instructor, or All
	CmdID   uint32
	Unit    int32
	Track   int32
	Group   int32
	Pos     orb.Point
	Text    string // reason, inject id or objective id
	Message string // inject message
}

// All addresses an event to every team.
const All = -2

// VisibleTo reports whether team (or Instructor) may see the event.
func (e Event) VisibleTo(team int) bool {
	return team == Instructor || e.Team == All || e.Team == team
}
