package sim

import "github.com/paulmach/orb"

// Reasons a command is rejected (an EvRejected's Text, the wire's Ack
// reason). Each is a stable code, not a sentence: the engine holds no
// user text, and a reader shows the reason in its own language from the
// catalogs (i18n: key "reason." + code, Lang.Reason). A new reason needs
// its key in every catalog (i18n.TestReasonsInCatalogs). They are
// constant strings so a rejection allocates nothing.
const (
	ReasonNotInstructor = "not_instructor"
	ReasonNoUnit        = "no_unit"
	ReasonNotYourUnit   = "not_your_unit"
	ReasonUnitOut       = "unit_out" // the unit has been withdrawn from the exercise
	ReasonNoTrack       = "no_track"
	ReasonNotDrone      = "not_drone"
	ReasonAloft         = "aloft"
	ReasonGrounded      = "grounded"
	ReasonNoRoute       = "no_route"
	ReasonOffMap        = "off_map"
	ReasonNoAgreement   = "no_agreement"
	ReasonCommsCut      = "comms_cut"
	ReasonBadSpeed      = "bad_speed"
	ReasonNoInject      = "no_inject"
	ReasonFired         = "fired"
	ReasonBadTeam       = "bad_team"
	ReasonBadKind       = "bad_kind"
	ReasonNoFuel        = "no_fuel"
	ReasonNoCheckpoint  = "no_checkpoint"
	ReasonNotYourPort   = "not_your_port"
	ReasonBadLanes      = "bad_lanes"
	ReasonBadReferral   = "bad_referral"
)

func (w *World) reject(c *Command, reason string) {
	team := c.Team
	w.emit(Event{Kind: EvRejected, Team: team, CmdID: c.ID, Unit: c.Unit, Track: c.Track, Text: reason})
}

func (w *World) accept(c *Command) {
	w.emit(Event{Kind: EvAccepted, Team: c.Team, CmdID: c.ID, Unit: c.Unit, Track: c.Track})
}

// apply validates and applies one command. A bad command becomes an
// EvRejected event; it never fails the tick.
func (w *World) apply(c *Command) {
	if c.Team != Instructor && (c.Team < 0 || c.Team >= len(w.teams)) {
		w.reject(c, ReasonBadTeam)
		return
	}
	if c.Kind.Control() {
		if c.Team != Instructor {
			w.reject(c, ReasonNotInstructor)
			return
		}
		w.control(c)
		return
	}
	switch c.Kind {
	case CmdMove, CmdPatrol, CmdIntercept, CmdHold, CmdReturn, CmdLaunch, CmdRecall:
		if w.TeamCommsDown(c.Team) {
			w.reject(c, ReasonTeamCommsDown)
			return
		}
		w.order(c)
	case CmdShare:
		w.shareCommand(c)
	case CmdLanes, CmdReferral, CmdCrossing:
		w.portOrder(c)
	case CmdReadmit:
		w.readmit(c)
	case CmdPace, CmdAim, CmdTransfer:
		w.setOrder(c)
	case CmdClassify, CmdReport, CmdPursuit, CmdHandover, CmdAssistance, CmdProtest, CmdAnswer, CmdReadmission:
		w.coopCommand(c)
	default:
		w.reject(c, ReasonBadKind)
	}
}

func (w *World) control(c *Command) {
	switch c.Kind {
	case CmdPause:
		w.paused = true
	case CmdResume:
		w.paused = false
	case CmdSpeed:
		if c.Speed < 1 || c.Speed > 1000 {
			w.reject(c, ReasonBadSpeed)
			return
		}
		w.speed = c.Speed
	case CmdInject:
		switch i := w.injectIndex(c.Inject); {
		case i < 0:
			w.reject(c, ReasonNoInject)
		case w.injects[i].fired:
			w.reject(c, ReasonFired)
		case w.injects[i].skipped:
			w.reject(c, ReasonSkipped)
		default:
			w.accept(c)
			w.fire(i)
		}
		return
	case CmdSkip, CmdPostpone:
		w.mselCommand(c)
		return
	case CmdTeamCommsDown, CmdTeamCommsUp:
		w.teamCommsCommand(c)
		return
	default:
		if !w.adHocControl(c) {
			w.reject(c, ReasonBadKind)
		}
		return
	}
	w.accept(c)
	w.emit(Event{Kind: EvControl, Team: All, Text: c.Kind.String()})
}

func (w *World) injectIndex(id string) int {
	for i := range w.injects {
		if w.injects[i].spec.ID == id {
			return i
		}
	}
	return -1
}

func (w *World) inMap(p orb.Point) bool {
	return w.m.Bound.Contains(p)
}

// commanded returns the command's unit and "" when its sender may give
// it an order, or nil and the reason it may not: there is no such unit
// (ReasonNoUnit), it is another team's (ReasonNotYourUnit; the instructor
// may order any team's unit), or it has been withdrawn (ReasonUnitOut).
// The team is checked before the withdrawal, so a trainee learns nothing
// of another team's units. Every command naming a unit to act goes
// through here.
func (w *World) commanded(c *Command) (*unit, string) {
	if c.Unit < 0 || int(c.Unit) >= len(w.units) {
		return nil, ReasonNoUnit
	}
	u := &w.units[c.Unit]
	switch {
	case c.Team != Instructor && u.team != c.Team:
		return nil, ReasonNotYourUnit
	case u.out:
		return nil, ReasonUnitOut
	}
	return u, ""
}

// ownUnit returns the command's unit when the sender may order it
// (commanded), or rejects the command and returns nil.
func (w *World) ownUnit(c *Command) *unit {
	u, why := w.commanded(c)
	if why != "" {
		w.reject(c, why)
	}
	return u
}

func (w *World) order(c *Command) {
	u := w.ownUnit(c)
	if u == nil {
		return
	}
	if u.escort > 0 && c.Kind != CmdReturn {
		w.reject(c, ReasonEscorting)
		return
	}
	switch c.Kind {
	case CmdMove:
		if !w.inMap(c.Target) {
			w.reject(c, ReasonOffMap)
			return
		}
		if u.kind == Drone && !u.aloft {
			w.reject(c, ReasonGrounded)
			return
		}
		u.order, u.target, u.track = OrderMove, c.Target, -1
	case CmdPatrol:
		if len(c.Route) == 0 {
			w.reject(c, ReasonNoRoute)
			return
		}
		for _, p := range c.Route {
			if !w.inMap(p) {
				w.reject(c, ReasonOffMap)
				return
			}
		}
		if u.kind == Drone && !u.aloft {
			w.reject(c, ReasonGrounded)
			return
		}
		u.route = append(u.route[:0], c.Route...)
		u.order, u.leg, u.target, u.track = OrderPatrol, 0, u.route[0], -1
	case CmdIntercept:
		t := w.trackByID(c.Track)
		if t == nil || int(t.team) != u.team {
			w.reject(c, ReasonNoTrack)
			return
		}
		if u.kind == Drone && !u.aloft {
			w.reject(c, ReasonGrounded)
			return
		}
		u.order, u.track, u.target = OrderIntercept, t.id, t.pos
	case CmdHold:
		u.order, u.target, u.track = OrderHold, u.pos, -1
	case CmdReturn:
		if u.escort > 0 {
			w.escortTo(u, w.baseSite(u.team)) // hand over at the base
			break
		}
		u.order, u.target, u.track = OrderReturn, w.teams[u.team].spec.Base, -1
	case CmdLaunch:
		if u.kind != Drone {
			w.reject(c, ReasonNotDrone)
			return
		}
		if u.aloft {
			w.reject(c, ReasonAloft)
			return
		}
		if u.fuel < u.endur/4 {
			w.reject(c, ReasonNoFuel)
			return
		}
		u.aloft = true
		switch {
		case len(c.Route) > 0:
			u.route = append(u.route[:0], c.Route...)
			u.order, u.leg, u.target = OrderPatrol, 0, u.route[0]
		case c.Target != (orb.Point{}) && w.inMap(c.Target):
			u.order, u.target = OrderMove, c.Target
		default:
			u.order, u.target = OrderHold, u.pos
		}
	case CmdRecall:
		if u.kind != Drone {
			w.reject(c, ReasonNotDrone)
			return
		}
		if !u.aloft {
			w.reject(c, ReasonGrounded)
			return
		}
		u.order, u.target, u.track = OrderReturn, w.teams[u.team].spec.Base, -1
	}
	w.accept(c)
}

// trackByID returns the live track with that id, or nil.
func (w *World) trackByID(id int32) *track {
	if id < 0 || int(id) >= len(w.tracks) || w.tracks[id].dead {
		return nil
	}
	return &w.tracks[id]
}

func (w *World) shareCommand(c *Command) {
	t := w.trackByID(c.Track)
	toTeam := c.ToTeam >= 0 && c.ToTeam < len(w.teams)
	a := -1
	if t != nil && toTeam {
		a = w.agreementBetween(int(t.team), c.ToTeam)
	}
	var reason string
	switch {
	case t == nil || (c.Team != Instructor && int(t.team) != c.Team):
		reason = ReasonNoTrack
	case !toTeam:
		reason = ReasonBadTeam
	case a < 0:
		reason = ReasonNoAgreement
	case w.agreements[a].cut:
		reason = ReasonCommsCut
	}
	if reason != "" {
		w.reject(c, reason)
		return
	}
	w.accept(c)
	w.sendShare(t, c.ToTeam, a)
}

func (w *World) agreementBetween(a, b int) int {
	for i := range w.agreements {
		s := &w.agreements[i].spec
		if (s.A == a && s.B == b) || (s.A == b && s.B == a) {
			return i
		}
	}
	return -1
}
