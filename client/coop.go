package client

import (
	"slices"

	"github.com/borderdrill/borderdrill/sim"
)

// Cooperation with neighbours from the keyboard: A (for a team; the
// white cell's A is its ad-hoc menu) opens the selected track's actions (1–4 classify as migrants, smugglers, vulnerable or a
// false alarm, which closes it; 5 report it to every partner; 6 hand it
// over to the partner; 7 ask the partner for pursuit by the selected
// units; 8 ask the partner for assistance at the track), Q the requests panel (the white cell's lists every request and
// answer of every team), V the joint-commission view of incidents, G
// grants and D declines the request waiting longest for the team's
// answer, R asks the neighbour to take back the persons the selected
// units escort (readmission, at the team's nearest open checkpoint).

// KeyV opens the joint-commission view: the protests between the team and
// its partners (every one for the white cell), each with its steps and
// their times, under the commission the scenario names.
const KeyV Key = 65

// CoopReportConfidence is the confidence, in percent, of a report sent
// from the track's actions.
const CoopReportConfidence = 70

// coopKey handles a key of the cooperation actions; it reports whether it
// took the key.
func (c *Controller) coopKey(k Key, v *sim.View) bool {
	if c.Actions {
		c.Actions = false
		if d := k.Digit(); d >= 1 && d <= 8 {
			c.trackAction(d, v)
		}
		return true
	}
	switch k {
	case KeyA:
		if c.Instructor() {
			return false // the white cell's ad-hoc menu (whitecell.go)
		}
		if _, ok := c.selectedTrack(v); !ok {
			c.notice("%s", c.tr().T("ctl.select_track"))
			return true
		}
		c.Actions = true
	case KeyQ:
		c.Requests, c.Commission = !c.Requests, false
	case KeyV:
		c.Commission, c.Requests = !c.Commission, false
	case KeyG, KeyD:
		c.answerOldest(k == KeyG, v)
	case KeyR:
		if c.Instructor() {
			return false
		}
		c.readmission(v)
	default:
		return false
	}
	return true
}

// trackAction carries out action d of the selected track's actions.
func (c *Controller) trackAction(d int, v *sim.View) {
	t, ok := c.selectedTrack(v)
	if !ok || t.Team != c.Team {
		c.notice("%s", c.tr().T("ctl.select_track"))
		return
	}
	partners := Partners(v, c.Team)
	if d >= 5 && len(partners) == 0 {
		c.notice("%s", c.tr().T("ctl.no_agreement"))
		return
	}
	sent := func(cmd sim.Command) {
		c.emit(cmd, c.tr().F("ctl.coop_order", cmd.Kind.String(), t.ID))
	}
	switch d {
	case 1, 2, 3, 4:
		class := []sim.Class{sim.ClassMigrants, sim.ClassSmugglers, sim.ClassVulnerable, sim.ClassFalseAlarm}[d-1]
		sent(sim.Command{Kind: sim.CmdClassify, Track: t.ID, Index: int(class), On: class == sim.ClassFalseAlarm})
	case 5:
		for _, p := range partners {
			sent(sim.Command{Kind: sim.CmdReport, Track: t.ID, ToTeam: p, Index: int(ReportTypeOf(t.Class)), Count: CoopReportConfidence})
		}
	case 6:
		sent(sim.Command{Kind: sim.CmdHandover, Track: t.ID, ToTeam: partners[0]})
	case 7:
		units := c.ownSelected(v)
		if len(units) == 0 {
			c.noOwnUnits(v)
			return
		}
		for _, u := range units {
			sent(sim.Command{Kind: sim.CmdPursuit, Unit: u.ID, Track: t.ID, ToTeam: partners[0]})
		}
	case 8:
		sent(sim.Command{Kind: sim.CmdAssistance, Target: t.Pos, ToTeam: partners[0], Text: c.tr().F("ctl.assist_need", t.ID)})
	}
}

// readmission asks the partner of another country to take back the
// persons each selected unit of the team's escorts, at the team's nearest
// open checkpoint.
func (c *Controller) readmission(v *sim.View) {
	units := c.ownSelected(v)
	if len(units) == 0 {
		c.noOwnUnits(v)
		return
	}
	to := -1
	for _, p := range Partners(v, c.Team) {
		if p < len(c.Countries) && c.Team < len(c.Countries) && c.Countries[p] != c.Countries[c.Team] {
			to = p
			break
		}
	}
	if to < 0 {
		c.notice("%s", c.tr().T("ctl.no_neighbour"))
		return
	}
	n := 0
	for _, u := range units {
		if u.Custody == 0 {
			continue
		}
		c.emit(sim.Command{Kind: sim.CmdReadmission, Unit: u.ID, ToTeam: to, Index: -1}, c.tr().F("ctl.readmission", u.Name, c.teamID(to)))
		n++
	}
	if n == 0 {
		c.notice("%s", c.tr().T("ctl.no_custody"))
	}
}

// ReportTypeOf is the report type the track's actions send for a class:
// risk to life for vulnerable persons, cross-border crime for smugglers,
// otherwise an unauthorised crossing.
func ReportTypeOf(c sim.Class) sim.ReportType {
	switch c {
	case sim.ClassVulnerable:
		return sim.ReportRiskToLife
	case sim.ClassSmugglers:
		return sim.ReportCrime
	}
	return sim.ReportCrossing
}

// Waiting returns the requests waiting for team's answer, the nearest
// deadline first: those addressed to it and pending, and the protests it
// made that are under investigation (it resolves them). An acknowledged
// protest waits for either party.
func Waiting(v *sim.View, team int) []sim.RequestView {
	if v == nil {
		return nil
	}
	var out []sim.RequestView
	for _, r := range v.Requests {
		switch {
		case r.State == sim.ReqPending && r.To == team,
			r.State == sim.ReqAcknowledged && (r.To == team || r.From == team),
			r.State == sim.ReqInvestigating && r.From == team:
			out = append(out, r)
		}
	}
	slices.SortStableFunc(out, func(a, b sim.RequestView) int { return int(a.Due - b.Due) })
	return out
}

// answerOldest grants (or declines, with the catalog's reason) the request
// first in Waiting: a pending request is granted or declined (a protest
// acknowledged or declined), an acknowledged protest investigated, one
// under investigation resolved or disputed. Granting assistance sends the
// first selected unit of the team's.
func (c *Controller) answerOldest(grant bool, v *sim.View) {
	if c.Instructor() {
		return
	}
	w := Waiting(v, c.Team)
	if len(w) == 0 {
		c.notice("%s", c.tr().T("ctl.no_pending"))
		return
	}
	r := w[0]
	cmd := sim.Command{Kind: sim.CmdAnswer, Index: int(r.ID)}
	var ans sim.Answer
	switch {
	case r.State == sim.ReqAcknowledged:
		ans = sim.AnsInvestigate
	case r.State == sim.ReqInvestigating && grant:
		ans = sim.AnsResolve
	case r.State == sim.ReqInvestigating:
		ans = sim.AnsDispute
	case r.Kind == sim.ReqProtest && grant:
		ans = sim.AnsAcknowledge
	case grant:
		ans = sim.AnsGrant
	default:
		ans = sim.AnsDecline
	}
	if ans == sim.AnsDecline || ans == sim.AnsDispute {
		cmd.Text = c.tr().T("ctl.decline_reason")
	}
	if r.Kind == sim.ReqAssistance && ans == sim.AnsGrant {
		units := c.ownSelected(v)
		if len(units) == 0 {
			c.notice("%s", c.tr().T("ctl.need_unit"))
			return
		}
		cmd.Unit = units[0].ID
	}
	cmd.Count = int(ans)
	c.emit(cmd, c.tr().F("ctl.coop_answer", ans.String(), r.ID))
}

// Incident is a protest as the joint-commission view shows it: the
// commission it is heard by, and the tick of each of its steps (-1 for a
// step not reached).
type Incident struct {
	sim.RequestView
	Commission string // the agreement's commission ("" for none named)
	Resolved   int32  // tick resolved, or disputed (State says which), -1
}

// Incidents returns the protests in v (a team's own, or every one for the
// white cell), the newest first, each with the commission of the
// agreement between its parties.
func Incidents(v *sim.View) []Incident {
	if v == nil {
		return nil
	}
	var out []Incident
	for i := len(v.Requests) - 1; i >= 0; i-- {
		r := v.Requests[i]
		if r.Kind != sim.ReqProtest {
			continue
		}
		in := Incident{RequestView: r, Resolved: -1}
		if r.State == sim.ReqResolved || r.State == sim.ReqDisputed {
			in.Resolved = r.Answered
		}
		for _, cv := range v.Comms {
			if (cv.A == r.From && cv.B == r.To) || (cv.A == r.To && cv.B == r.From) {
				in.Commission = cv.Commission
			}
		}
		out = append(out, in)
	}
	return out
}

// TeamCommsCommand is the white cell's command that takes team's internal
// comms down for seconds (0: until restored), or restores them (down
// false): the hook for the ad-hoc menu (PROTOCOL.md commands 39, 40).
func TeamCommsCommand(team int, down bool, seconds, tickSeconds int) sim.Command {
	if !down {
		return sim.Command{Kind: sim.CmdTeamCommsUp, ToTeam: team}
	}
	return sim.Command{Kind: sim.CmdTeamCommsDown, ToTeam: team, For: int32(seconds / max(tickSeconds, 1))}
}
