package sim

import (
	"math"

	"github.com/paulmach/orb"
)

// Orders that set how a unit moves, where a fixed sensor looks and where an
// escort ends: a patrol's pace (a slower patrol keeps each place in view
// longer, docs/MODEL.md P11), a camera's or radar's sector turned to a new
// azimuth, and persons in custody taken to another of the team's reception
// points (or its base) than the nearest.

// Order kinds of issue 12's range (32–47), numbered here so that other
// additions never renumber them.
const (
	CmdPace     CommandKind = 44 // Unit moves at Count percent (PaceMin to 100) of its full speed
	CmdAim      CommandKind = 45 // fixed sensor Index (of the team's, with a sector) turns its sector to azimuth Count degrees
	CmdTransfer CommandKind = 46 // escorting Unit takes its persons to the team's reception point (or base) nearest Target with room
)

// PaceMin is the slowest pace an order may set, in percent of a unit's
// full speed.
const PaceMin = 10 // percent (MODEL.md: P11)

// Reasons these orders are rejected.
const (
	ReasonBadPace       = "bad_pace"
	ReasonNotYourSensor = "not_your_sensor"
	ReasonAllRound      = "all_round"
	ReasonBadAzimuth    = "bad_azimuth"
)

// ordersCommandName names this file's command kinds, "" for another.
func ordersCommandName(k CommandKind) string {
	switch k {
	case CmdPace:
		return "pace"
	case CmdAim:
		return "aim"
	case CmdTransfer:
		return "transfer"
	}
	return ""
}

// fullSpeed returns a unit's speed at full pace, in metres per tick, on a
// track and off it (a vehicle is slower off its patrol tracks).
func fullSpeed(u UnitSpec, ts float64) (on, off float64) {
	switch u.Kind {
	case Foot:
		on = or(u.Speed, FootSpeed*ts)
		return on, on
	case Vehicle:
		on = or(u.Speed, VehicleSpeed*ts)
		return on, on * VehicleOffTrack / VehicleSpeed
	}
	on = or(u.Speed, DroneSpeed*ts)
	return on, on
}

// Pace returns unit i's pace in percent of its full speed.
func (w *World) Pace(i int) int {
	u := &w.units[i]
	on, _ := fullSpeed(u.spec, w.ts)
	return int(math.Round(u.speed / on * 100))
}

// setOrder applies a pace, aim or transfer command.
func (w *World) setOrder(c *Command) {
	if w.TeamCommsDown(c.Team) {
		w.reject(c, ReasonTeamCommsDown)
		return
	}
	switch c.Kind {
	case CmdPace:
		u := w.ownUnit(c)
		if u == nil {
			return
		}
		if c.Count < PaceMin || c.Count > 100 {
			w.reject(c, ReasonBadPace)
			return
		}
		on, off := fullSpeed(u.spec, w.ts)
		f := float64(c.Count) / 100
		u.speed, u.offSpeed = on*f, off*f
	case CmdAim:
		if c.Index < 0 || c.Index >= len(w.sensors) {
			w.reject(c, ReasonNoSensor)
			return
		}
		s := &w.sensors[c.Index]
		switch {
		case c.Team != Instructor && s.team != c.Team:
			w.reject(c, ReasonNotYourSensor)
			return
		case s.cosHalf <= -1:
			w.reject(c, ReasonAllRound)
			return
		case c.Count < 0 || c.Count >= 360:
			w.reject(c, ReasonBadAzimuth)
			return
		}
		s.spec.Azimuth = float64(c.Count)
		az := s.spec.Azimuth * math.Pi / 180
		s.ax, s.ay = math.Sin(az), math.Cos(az)
	case CmdTransfer:
		u := w.ownUnit(c)
		if u == nil {
			return
		}
		if u.escort == 0 || w.custodyOf(u.id) == nil {
			w.reject(c, ReasonNotEscorting)
			return
		}
		if !w.inMap(c.Target) {
			w.reject(c, ReasonOffMap)
			return
		}
		w.escortTo(u, w.siteNear(u, c.Target))
	}
	w.accept(c)
}

// siteNear returns the site of u's team nearest p that has room for the
// persons u escorts (its base always has).
func (w *World) siteNear(u *unit, p orb.Point) int32 {
	best := w.baseSite(u.team)
	bd := dist(p, w.sites[best].spec.Pos)
	for i := range w.sc.Receptions {
		s := &w.sites[i]
		room := s.held + u.escort
		if int32(i) == u.drop {
			room -= u.escort // its own persons are counted there already
		}
		if s.spec.Team != u.team || room > int32(s.spec.Capacity) {
			continue
		}
		if d := dist(p, s.spec.Pos); d < bd {
			best, bd = int32(i), d
		}
	}
	return best
}
