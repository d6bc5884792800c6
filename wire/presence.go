package wire

import "github.com/paulmach/orb"

// TypePresence is the type of a Presence (numbered here, outside the
// iota list, so that messages added at once by others keep their numbers).
const TypePresence Type = 14

// Presence says how many trainees of each team are connected. The server
// sends it after the Welcome (before the first Keyframe) and to everyone
// whenever a trainee joins or leaves, so that the clients of an exercise
// created paused can show "waiting for teams (1/3)".
type Presence struct {
	Teams []TeamPresence // one per team of the Welcome, in index order
}

// TeamPresence is one team's connected trainees.
type TeamPresence struct {
	Trainees int // trainees connected now
}

var teamPresences = recordOf[TeamPresence]("Trainees i")

var presences = recordOf[Presence]("Teams list", teamPresences.layout)

// Type implements Message.
func (*Presence) Type() Type { return TypePresence }

// Connected returns how many teams have at least one trainee connected.
func (p *Presence) Connected() int {
	n := 0
	for _, t := range p.Teams {
		if t.Trainees > 0 {
			n++
		}
	}
	return n
}

// Place is a named place of the scenario, carried by the Welcome.
type Place struct {
	Name string
	Pos  orb.Point // planar, rounded to metres
	// Label is the names to show by reader's language, composed as
	// i18n.Compose composes a scenario's text; "" to show Name.
	Label string
}

var places = recordOf[Place]("Name str, Pos pt, Label str")
