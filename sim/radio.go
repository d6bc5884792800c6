package sim

import "strconv"

// A team's internal comms — the radio net between its operations room
// and its units, and its own chat — can fail: an inject
// (team_comms_outage) or the white cell's ad-hoc command. While they are
// down the team's units take no orders (they carry on with the last one)
// and the team's chat channel is silent (the server refuses its lines);
// reports and requests to partners still go over the agreements' links.

// Team comms command kinds (issue 12's range 32–47).
const (
	CmdTeamCommsDown CommandKind = 39 // instructor: team ToTeam's internal comms fail (for For ticks; 0 until restored)
	CmdTeamCommsUp   CommandKind = 40 // instructor: team ToTeam's internal comms are restored
)

// EvTeamComms tells a team and the white cell that the team's internal
// comms failed (Text "down", Message how long) or came back ("up").
const EvTeamComms EventKind = 37

// ReasonTeamCommsDown is why an order is refused while the team's
// internal comms are down.
const ReasonTeamCommsDown = "team_comms_down"

// DegradedLag is the time, in seconds, a degraded link adds to every
// message over it besides twice the agreement's delay.
const DegradedLag = 120

// LinkLag returns the ticks agreement ai's degraded link adds to a report,
// a request or a liaison chat line over it: twice the agreement's delay
// and DegradedLag; 0 while the link is not degraded.
func (w *World) LinkLag(ai int) int32 {
	if ai < 0 || ai >= len(w.agreements) || !w.agreements[ai].degraded {
		return 0
	}
	return w.agreements[ai].spec.Delay*2 + int32(DegradedLag/w.ts)
}

// radioOut is whether a team's internal comms are down, and until when.
type radioOut struct {
	down  bool
	until int32 // tick they come back; 0 until restored
}

// TeamCommsDown reports whether team's internal comms are down now.
func (w *World) TeamCommsDown(team int) bool {
	return team >= 0 && team < len(w.coop.radio) && w.coop.radio[team].down
}

// teamCommsDown takes team's internal comms down until tick until (0:
// until restored).
func (w *World) teamCommsDown(team int, until int32) {
	w.coop.used = true
	for len(w.coop.radio) < len(w.teams) {
		w.coop.radio = append(w.coop.radio, radioOut{})
	}
	w.coop.radio[team] = radioOut{down: true, until: until}
	msg := "until restored"
	if until > 0 {
		msg = "for " + strconv.Itoa(int(float64(until-w.tick)*w.ts/60)) + " min"
	}
	w.emit(Event{Kind: EvTeamComms, Team: team, Text: "down", Message: msg})
}

// teamCommsUp restores team's internal comms.
func (w *World) teamCommsUp(team int) {
	if !w.TeamCommsDown(team) {
		return
	}
	w.coop.radio[team] = radioOut{}
	w.emit(Event{Kind: EvTeamComms, Team: team, Text: "up"})
}

// radioTick restores the internal comms whose outage has run its time.
func (w *World) radioTick() {
	for i, r := range w.coop.radio {
		if r.down && r.until > 0 && w.tick >= r.until {
			w.teamCommsUp(i)
		}
	}
}

// teamCommsCommand applies the white cell's team comms command: an
// ad-hoc inject that takes the team's comms down, or a restore recorded
// as an ad-hoc row.
func (w *World) teamCommsCommand(c *Command) {
	switch {
	case c.ToTeam < 0 || c.ToTeam >= len(w.teams):
		w.reject(c, ReasonBadTeam)
		return
	case c.For < 0:
		w.reject(c, ReasonBadDuration)
		return
	}
	name := w.teamName(c.ToTeam)
	if c.Kind == CmdTeamCommsUp {
		w.adHoc(c, InjectSpec{Kind: InjectMessage, Addressee: Instructor, Synopsis: "Internal comms of " + name + " restored"})
		w.teamCommsUp(c.ToTeam)
		return
	}
	w.adHoc(c, InjectSpec{Kind: InjectTeamCommsDown, Addressee: Instructor, Team: c.ToTeam, For: c.For,
		Synopsis: "Internal comms of " + name + " down" + w.forText(c.For)})
}
