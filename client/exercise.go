package client

import (
	"github.com/borderdrill/borderdrill/i18n"
	"strings"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// Exercise is everything the client needs from a running exercise: static
// facts once, then views and events in, commands out. A local in-process
// exercise (exercise.Local) and a connection to an exercise server both
// satisfy it; package render draws through it and never sees a
// sim.World. Its methods are called from the game's Update goroutine
// only, but an implementation may run the exercise on goroutines of its
// own. The optional capabilities an Exercise may have are the other
// interfaces of this package (Runner, Timeline, Brancher, Chatter, …).
type Exercise interface {
	// Info returns the facts that do not change during the exercise.
	Info() Info
	// Poll returns the latest view for the team being shown and the events
	// visible to it since the last Poll, oldest first. changed is false
	// when no new view arrived (v is then the same as last time). v and the
	// events stay valid until the next Poll; v is nil before the first view.
	Poll() (v *sim.View, events []sim.Event, changed bool)
	// Send queues a command for the next tick. The implementation stamps it
	// with the user's team; the Team the client puts in it is ignored.
	Send(cmd sim.Command)
	// SetViewTeam asks for the views of another team (sim.Instructor for
	// ground truth). Only the instructor may switch; for a trainee it does
	// nothing.
	SetViewTeam(team int)
}

// Info is what does not change during an exercise.
type Info struct {
	Lang     string           // the reader's language for the roles' names (TeamName); "" is English
	Scenario string           // scenario name
	Map      *maps.Map        // the border map
	Teams    []Team           // by team index
	Zones    []sim.Zone       // joint patrol zones of all agreements
	Injects  []sim.InjectView // the MSEL; only the instructor's Info has it
	Brief    string           // the situation, a paragraph (the scenario's description); may be empty
	Places   []Place          // the scenario's own named places; may be empty (places.go)
	// Elevation is the scenario's terrain, whose relief the client
	// shades; nil without one, and for a server's exercise (the tiles
	// stay with the scenario file).
	Elevation *maps.Elevation

	// Agreements are the agreements of the exercise with their parties
	// and joint zones, for the client's jurisdiction warnings; nil when
	// the exercise does not say (a server's), and the client then takes
	// Zones for every agreement of the view's comms.
	Agreements []sim.AgreementSpec
	Team       int // the user's team index, or sim.Instructor
	// Role is the user's role on a server (wire.RoleEvaluator and
	// wire.RoleController see ground truth as the white cell does); 0
	// without a server.
	Role wire.Role

	TickSeconds int // simulated seconds per tick
	StartSecond int // simulated time of day at tick 0, seconds after midnight
}

// Team is one team of the exercise as the client shows it.
type Team struct {
	ID      string    // short id, e.g. "FIN"
	Name    string    // display name
	Country string    // ISO3 of the country the team works in
	Base    orb.Point // planar, metres
}

// Observer is the team index of a neutral observer of a server's exercise
// (wire.Observer): it sees no team's units and commands nothing.
const Observer = -3

// Instructor reports whether the user is the white cell.
func (i Info) Instructor() bool { return i.Team == sim.Instructor }

// TeamName returns the display name of a team index, "White cell" for
// sim.Instructor, "Observer" for Observer.
func (i Info) TeamName(team int) string {
	tr := i18n.Get(i.Lang)
	return i.teamText(team, tr.T("team.white_cell"), tr.T("team.observer"), func(t Team) string {
		if t.Name != "" {
			return t.Name
		}
		return t.ID
	})
}

// TeamID returns the short id of a team index, "WHITE" for sim.Instructor,
// "OBS" for Observer.
func (i Info) TeamID(team int) string {
	return i.teamText(team, "WHITE", "OBS", func(t Team) string { return t.ID })
}

// teamText names a team index: instructor or observer for those roles,
// of(the team) for a team, "?" for anything else.
func (i Info) teamText(team int, instructor, observer string, of func(Team) string) string {
	switch {
	case team == sim.Instructor:
		return instructor
	case team == Observer:
		return observer
	case team >= 0 && team < len(i.Teams):
		return of(i.Teams[team])
	}
	return "?"
}

// Clock returns the simulated seconds since midnight of day one at tick.
func (i Info) Clock(tick int32) int {
	return i.StartSecond + int(tick)*max(i.TickSeconds, 1)
}

// InfoFromScenario fills an Info from a scenario, for team (or
// sim.Instructor). Injects are included only for the instructor.
func InfoFromScenario(s *sim.Scenario, team int) Info {
	in := Info{Scenario: s.Name, Map: s.Map, Team: team, TickSeconds: max(s.TickSeconds, 1), StartSecond: s.StartSecond,
		Brief: strings.TrimSpace(s.Description), Elevation: s.Elevation}
	for _, t := range s.Teams {
		in.Teams = append(in.Teams, Team{ID: t.ID, Name: t.Name, Country: t.Country, Base: t.Base})
	}
	for _, a := range s.Agreements {
		in.Zones = append(in.Zones, a.JointZones...)
		in.Agreements = append(in.Agreements, sim.AgreementSpec{ID: a.ID, A: a.A, B: a.B, JointZones: a.JointZones})
	}
	if team == sim.Instructor {
		for _, j := range s.Injects {
			at := j.At
			if j.Trigger != sim.TriggerTime {
				at = -1
			}
			in.Injects = append(in.Injects, sim.InjectView{
				ID: j.ID, Synopsis: j.Synopsis, Message: j.Message, Expected: j.Expected,
				Addressee: j.Addressee, At: at,
			})
		}
	}
	return in
}
