// Package wire defines the messages between the exercise server and its
// clients and their compact binary encoding.
//
// Every websocket message carries exactly one wire message: a type byte
// followed by the body. Integers are varints (signed ones zigzag-encoded),
// positions and distances in metres are rounded to whole metres (int32),
// other floats are 8-byte IEEE 754 little-endian, strings and lists are
// prefixed by their length. A connection opens with Hello from the client and
// Welcome from the server; then the server streams Keyframe, Delta, Events,
// Ack, Chat and Presence, and the client sends Command and Chat. The package
// imports only sim and the standard library so that it compiles to js/wasm.
package wire

import (
	"fmt"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Version is the protocol version. A server refuses a Hello of another
// version.
const Version = 6

// Observer is the team index of an observer: a neutral viewer that sees the
// clock, the comms, the objectives and the statistics, but no unit, sensor,
// track or crosser.
const Observer = -3

// Type identifies a message; it is the first byte of every encoded message.
type Type uint8

// Message types.
const (
	TypeHello    Type = iota + 1 // client → server, first message
	TypeWelcome                  // server → client, answer to Hello
	TypeKeyframe                 // server → client, a full view
	TypeDelta                    // server → client, changes since a keyframe or delta
	TypeEvents                   // server → client, team-visible events
	TypeCommand                  // client → server, an order
	TypeAck                      // server → client, a command accepted or rejected
	TypeChat                     // both ways, a chat line
	TypeError                    // server → client, the reason before the server closes
	TypeWatch                    // client → server, the instructor switches the view shown
	TypeSeek                     // client → server, the instructor moves a review session
	TypeReveal                   // client → server, the instructor shows a review's ground truth to all
)

// String names the message type.
func (t Type) String() string {
	switch t {
	case TypeHello:
		return "hello"
	case TypeWelcome:
		return "welcome"
	case TypeKeyframe:
		return "keyframe"
	case TypeDelta:
		return "delta"
	case TypeEvents:
		return "events"
	case TypeCommand:
		return "command"
	case TypeAck:
		return "ack"
	case TypeChat:
		return "chat"
	case TypeError:
		return "error"
	case TypeWatch:
		return "watch"
	case TypeSeek:
		return "seek"
	case TypeReveal:
		return "reveal"
	case TypeObservation:
		return "observation"
	case TypePresence:
		return "presence"
	}
	return "unknown"
}

// Message is one of the message structs of this package: *Hello, *Welcome,
// *Keyframe, *Delta, *Events, *Command, *Ack, *Chat, *Error, *Watch, *Seek,
// *Reveal, *Observation or *Presence.
type Message interface {
	Type() Type
}

// Role is what a participant may do in an exercise.
type Role uint8

// Roles.
const (
	RoleTrainee    Role = iota + 1 // a member of one team: sees and commands that team
	RoleInstructor                 // the white cell: sees ground truth, controls the exercise
	RoleObserver                   // a neutral viewer (see Observer)
)

// String names the role.
func (r Role) String() string {
	switch r {
	case RoleTrainee:
		return "trainee"
	case RoleInstructor:
		return "instructor"
	case RoleObserver:
		return "observer"
	case RoleEvaluator:
		return "evaluator"
	case RoleController:
		return "controller"
	}
	return "unknown"
}

// Hello is the client's first message.
type Hello struct {
	Version uint16
	// Code is a join code (trainee or observer), or the instructor token.
	Code string
	// Exercise is the exercise id; required with the instructor token,
	// optional with a join code (which names its exercise).
	Exercise string
	// Name is the participant's display name for chat; optional.
	Name string
}

var hellos = recordOf[Hello]("Version u, Code str, Exercise str, Name str")

// TeamInfo names a team of the exercise.
type TeamInfo struct {
	ID      string
	Name    string
	Country string    // ISO3
	Base    orb.Point // planar, rounded to metres
}

var teamInfos = recordOf[TeamInfo]("ID str, Name str, Country str, Base pt")

var zones = recordOf[sim.Zone]("Name str, Center pt, Radius q")

// Welcome is the server's answer to a valid Hello. A Keyframe follows.
type Welcome struct {
	Version     uint16
	Exercise    string
	Team        int // team index, sim.Instructor or Observer
	Role        Role
	Scenario    string
	Map         string
	TickSeconds int // simulated seconds per tick
	StartSecond int // simulated time of day at tick 0, seconds after midnight
	Teams       []TeamInfo
	Zones       []sim.Zone // joint patrol zones of all agreements; positions rounded
	// MSEL is the master scenario events list; sent to the instructor,
	// the evaluators and the controllers only.
	MSEL []sim.InjectView
	// Review is set for a review session: the recording Recording played
	// back to everyone (ticks 0 to Duration), its playback and position
	// in the white cell's hands (pause, resume, speed, Seek); nobody
	// commands units.
	Review    bool
	Recording string
	Duration  int32
	// Places are the scenario's own named places (its places: key), which
	// the map the client loads by name lacks; the client labels them.
	Places []Place
}

var welcomes = recordOf[Welcome](fmt.Sprintf("Version u, Exercise str, Team i, Role enum:%d:%d, Scenario str, Map str, ", RoleTrainee, RoleController)+
	"TickSeconds i, StartSecond i, Teams list, Zones list, MSEL list, Review bool, "+
	"Recording str if Review, Duration i if Review, Places list", teamInfos.layout, zones.layout, injects.layout, places.layout)

// Keyframe is a full view. Positions and distances are rounded to metres.
type Keyframe struct {
	Frame
	View sim.View
}

// Channel is a chat channel.
type Channel uint8

// Chat channels.
const (
	// ChanTeam reaches the sender's team (and the instructor).
	ChanTeam Channel = iota + 1
	// ChanLiaison reaches both teams of an agreement (and the instructor);
	// it is cut while the agreement's comms are cut.
	ChanLiaison
	// ChanCommission is the joint commission an agreement names: it
	// reaches both teams of the agreement (and the instructor, evaluators
	// and controllers), and is cut and slowed with the agreement's link
	// as the liaison channel is.
	ChanCommission
)

// String names the channel.
func (c Channel) String() string {
	switch c {
	case ChanTeam:
		return "team"
	case ChanLiaison:
		return "liaison"
	case ChanCommission:
		return "commission"
	}
	return "unknown"
}

// Events are the team-visible events of the ticks since the previous Events.
type Events struct {
	Tick   int32 // the latest tick
	Events []sim.Event
}

// Command is an order from a client. It has no team: the server stamps the
// team of the sender's session (see Sim).
type Command struct {
	ID     uint32 // the client's id, echoed in the Ack
	Kind   sim.CommandKind
	Unit   int32
	Track  int32
	ToTeam int
	Target orb.Point // rounded to metres
	Route  []orb.Point
	Speed  int
	Inject string
	// The white cell's ad-hoc injects and control (see sim.Command).
	Text       string
	Index      int
	Count      int
	Size       int
	Vulnerable int
	For        int32
	On         bool
}

var commands = recordOf[Command](fmt.Sprintf("ID u, Kind enum:%d:%d, Unit i, Track i, ToTeam i, Target pt, "+
	"Route pts, Speed i, Inject str, Text str, Index i, Count i, Size i, Vulnerable i, For i, On bool", sim.CmdMove, sim.CmdAgreement))

// Sim returns the command as the simulation takes it, issued by team.
func (c *Command) Sim(team int) sim.Command {
	return sim.Command{
		ID:     c.ID,
		Team:   team,
		Kind:   c.Kind,
		Unit:   c.Unit,
		Track:  c.Track,
		ToTeam: c.ToTeam,
		Target: c.Target,
		Route:  c.Route,
		Speed:  c.Speed,
		Inject: c.Inject,

		Text:       c.Text,
		Index:      c.Index,
		Count:      c.Count,
		Size:       c.Size,
		Vulnerable: c.Vulnerable,
		For:        c.For,
		On:         c.On,
	}
}

// CommandOf returns the Command that asks for c (its Team is not sent).
func CommandOf(c *sim.Command) *Command {
	return &Command{ID: c.ID, Kind: c.Kind, Unit: c.Unit, Track: c.Track, ToTeam: c.ToTeam, Target: c.Target,
		Route: c.Route, Speed: c.Speed, Inject: c.Inject, Text: c.Text, Index: c.Index, Count: c.Count,
		Size: c.Size, Vulnerable: c.Vulnerable, For: c.For, On: c.On}
}

// Ack answers a Command: accepted (applied by the simulation) or rejected
// with a reason.
type Ack struct {
	ID       uint32
	Accepted bool
	Reason   string
}

var acks = recordOf[Ack]("ID u, Accepted bool, Reason str")

// Chat is a chat line. From a client only Channel, Agreement (for the
// liaison channel), Text, Phrase and Args are read; the server fills From
// and Tick, and for a phrase Text (its English wording).
type Chat struct {
	Channel   Channel
	Agreement string // liaison and commission channels: the agreement id
	From      string // "TEAM/name"
	Tick      int32
	Text      string
	// Phrase, when not "", is a standard liaison phrase's id (Phrases)
	// and Args its parameters: each reader shows it in their language.
	Phrase string
	Args   []PhraseArg
}

var chats = recordOf[Chat](fmt.Sprintf("Channel enum:%d:%d, Agreement str, From str, Tick i, Text str, Phrase str, Args list", ChanTeam, ChanCommission), phraseArgs.layout)

// MaxChat is the longest chat text a server accepts, in bytes.
const MaxChat = 1000

// Error is sent by the server just before it closes a connection. Code is
// the websocket close code (e.g. 1008 policy violation, 1009 too big).
type Error struct {
	Code   uint16
	Reason string
}

var errorMessages = recordOf[Error]("Code u, Reason str")

// Watch asks for the views of another team (sim.Instructor for ground
// truth). Only the instructor may switch; the server answers with a
// Keyframe of the new view stream.
type Watch struct {
	Team int
}

var watches = recordOf[Watch]("Team i")

// Type implements Message.
func (*Watch) Type() Type { return TypeWatch }

// Seek moves a review session to a tick; only the instructor may. The
// server re-simulates the recording to it and sends everyone a Keyframe.
type Seek struct {
	Tick int32
}

var seeks = recordOf[Seek]("Tick i")

// Type implements Message.
func (*Seek) Type() Type { return TypeSeek }

// Reveal shows every participant of a review session the ground truth
// (On), or their own picture again; only the instructor may. The server
// answers each with a Keyframe of the view they now follow.
type Reveal struct {
	On bool
}

var reveals = recordOf[Reveal]("On bool")

// Type implements Message.
func (*Reveal) Type() Type { return TypeReveal }

// Type implements Message.
func (*Hello) Type() Type { return TypeHello }

// Type implements Message.
func (*Welcome) Type() Type { return TypeWelcome }

// Type implements Message.
func (*Keyframe) Type() Type { return TypeKeyframe }

// Type implements Message.
func (*Delta) Type() Type { return TypeDelta }

// Type implements Message.
func (*Events) Type() Type { return TypeEvents }

// Type implements Message.
func (*Command) Type() Type { return TypeCommand }

// Type implements Message.
func (*Ack) Type() Type { return TypeAck }

// Type implements Message.
func (*Chat) Type() Type { return TypeChat }

// Type implements Message.
func (*Error) Type() Type { return TypeError }
