package aar

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// HSEEP performance ratings, as exercise evaluation guides use them.
var ratings = map[string]string{
	"P": "Performed without challenges",
	"S": "Performed with some challenges",
	"M": "Performed with major challenges",
	"U": "Unable to be performed",
}

// injects fills the MSEL evaluation rows.
// The white cell's ad-hoc injects follow the scenario's, marked AdHoc.
func (r *Report) injects(c *collector, window int32) {
	for i, s := range slices.Concat(r.sc.Injects, c.adhoc) {
		in := Inject{ID: s.ID, Synopsis: s.Synopsis, Message: s.Message, Expected: s.Expected, Objective: s.Objective,
			Addressee: r.addressee(s.Addressee), Planned: r.planned(s), Rating: "—", AdHoc: i >= len(r.sc.Injects)}
		if in.AdHoc {
			in.Planned = "ad hoc, by the white cell"
		}
		at, fired := c.fired[s.ID]
		if !fired {
			in.RatingNote = "Not fired during the exercise."
			r.Injects = append(r.Injects, in)
			continue
		}
		in.Fired, in.FiredTick, in.FiredAt = true, at, r.clock(at)
		teams := r.addressees(s.Addressee)
		end := at + window
		first := int32(-1)
		for _, a := range c.actions {
			if a.tick < at || a.tick > end || !slices.Contains(teams, a.team) {
				continue
			}
			if first < 0 {
				first = a.tick
			}
			if len(in.Actions) == maxActionsShown {
				in.MoreActions++
				continue
			}
			in.Actions = append(in.Actions, Action{Tick: a.tick, Time: r.clock(a.tick), After: "+" + r.span(a.tick-at),
				Team: r.sc.Teams[a.team].ID, Text: r.describe(a.cmd), Outcome: a.outcome})
		}
		if first >= 0 {
			in.FirstResponse = r.span(first - at)
		}
		for _, ti := range teams {
			var d activity
			for _, a := range c.activity {
				if a.team == ti && a.tick >= at && a.tick <= end {
					d.detect += a.detect
					d.shared += a.shared
					d.intercepts += a.intercepts
					d.incidents += a.incidents
				}
			}
			in.Activity = append(in.Activity, r.sc.Teams[ti].ID+": "+d.String())
		}
		in.Rating, in.RatingNote = r.rate(s, teams, first >= 0)
		r.Injects = append(r.Injects, in)
	}
}

// rate drafts the HSEEP rating of the response to an inject from its
// linked objective and whether the trainees acted.
func (r *Report) rate(s sim.InjectSpec, teams []int, acted bool) (string, string) {
	if s.Addressee == sim.Instructor {
		return "—", "White-cell inject: no player action to rate."
	}
	human := false
	for _, t := range teams {
		human = human || r.sc.Auto&(1<<t) == 0
	}
	o := r.objectiveByID(s.Objective)
	if o == nil {
		if human && !acted {
			return "—", "No linked objective and no player command in the window: for the evaluator to rate."
		}
		return "—", "No linked objective: for the evaluator to rate."
	}
	res := fmt.Sprintf("Objective %s %s (%s, target %s).", o.ID, metText(o.Met), o.ValueText, o.TargetText)
	switch {
	case !human:
		res += " Addressees were computer-controlled."
	case !acted && o.Met:
		return "S", res + " No player command was recorded in the response window."
	case !acted:
		return "U", res + " No player command was recorded in the response window."
	}
	switch {
	case o.Met:
		return "P", res
	case near(o):
		return "S", res + " Close to target."
	}
	return "M", res
}

// near reports whether an objective that was not met came within 10 % of
// its target (or one incident).
func near(o *Objective) bool {
	switch o.Kind {
	case "max_incidents", "pursuit_incidents":
		return o.Value <= o.Target+1
	case "max_custody_hours", "max_checkpoint_wait":
		return o.Value <= o.Target*1.1
	}
	return o.Value >= o.Target*0.9
}

func metText(met bool) string {
	if met {
		return "met"
	}
	return "not met"
}

// addressees returns the team indexes an inject is addressed to.
func (r *Report) addressees(a int) []int {
	switch {
	case a >= 0:
		return []int{a}
	case a == sim.All:
		var all []int
		for i := range r.sc.Teams {
			all = append(all, i)
		}
		return all
	}
	return nil
}

func (r *Report) addressee(a int) string {
	switch {
	case a >= 0 && a < len(r.sc.Teams):
		return r.sc.Teams[a].ID
	case a == sim.All:
		return "all teams"
	}
	return "white cell"
}

// planned describes when an inject was due.
func (r *Report) planned(s sim.InjectSpec) string {
	switch s.Trigger {
	case sim.TriggerTime:
		return r.clock(s.At)
	case sim.TriggerDetections:
		return fmt.Sprintf("after %d groups detected", s.Threshold)
	case sim.TriggerCrossings:
		return fmt.Sprintf("after %d crossings", s.Threshold)
	case sim.TriggerIncidents:
		return fmt.Sprintf("after %s", plural(s.Threshold, "incident", "incidents"))
	case sim.TriggerApprehended:
		return fmt.Sprintf("after %d apprehensions", s.Threshold)
	case sim.TriggerManual:
		return "on the white cell's call"
	}
	return "?"
}

// describe puts a command in words.
func (r *Report) describe(c sim.Command) string {
	unit := func() string {
		if c.Unit >= 0 && int(c.Unit) < len(r.sc.Units) {
			return r.sc.Units[c.Unit].Name
		}
		return fmt.Sprintf("unit %d", c.Unit)
	}
	team := func(i int) string {
		if i >= 0 && i < len(r.sc.Teams) {
			return r.sc.Teams[i].ID
		}
		return fmt.Sprintf("team %d", i)
	}
	switch c.Kind {
	case sim.CmdMove:
		return fmt.Sprintf("%s: move to %s", unit(), r.place(c.Target))
	case sim.CmdPatrol:
		return fmt.Sprintf("%s: patrol a %d-point route", unit(), len(c.Route))
	case sim.CmdIntercept:
		return fmt.Sprintf("%s: intercept track %d", unit(), c.Track)
	case sim.CmdHold:
		return unit() + ": hold"
	case sim.CmdReturn:
		return unit() + ": return to base"
	case sim.CmdLaunch:
		return unit() + ": launch"
	case sim.CmdRecall:
		return unit() + ": recall"
	case sim.CmdShare:
		return fmt.Sprintf("share track %d with %s", c.Track, team(c.ToTeam))
	}
	return c.Kind.String()
}

// place describes a point by the nearest town.
func (r *Report) place(p orb.Point) string {
	name, d := nearestTown(r.sc, p)
	if name == "" {
		return fmt.Sprintf("(%.0f, %.0f)", p[0], p[1])
	}
	if d < 1500 {
		return name
	}
	return fmt.Sprintf("%.0f km %s of %s", d/1000, bearing(r.town(name), p), name)
}

func (r *Report) town(name string) orb.Point {
	t, _ := r.sc.Map.Town(name)
	return t.Pos
}

// nearestTown returns the town nearest p and its distance in metres.
func nearestTown(sc *sim.Scenario, p orb.Point) (string, float64) {
	if sc.Map == nil {
		return "", 0
	}
	best, bd := "", math.Inf(1)
	for _, t := range sc.Map.Towns {
		if d := math.Hypot(t.Pos[0]-p[0], t.Pos[1]-p[1]); d < bd {
			best, bd = t.Name, d
		}
	}
	return best, bd
}

// bearing names the compass direction from a to b.
func bearing(a, b orb.Point) string {
	deg := math.Atan2(b[0]-a[0], b[1]-a[1]) * 180 / math.Pi
	dirs := []string{"N", "NE", "E", "SE", "S", "SW", "W", "NW"}
	return dirs[int(math.Mod(deg+360+22.5, 360)/45)]
}

// String lists what an activity counted, leaving out the zeros.
func (a activity) String() string {
	var parts []string
	for _, p := range []struct {
		n         int
		one, many string
	}{
		{a.detect, "group detected", "groups detected"},
		{a.shared, "track shared", "tracks shared"},
		{a.intercepts, "apprehension", "apprehensions"},
		{a.incidents, "incident", "incidents"},
	} {
		if p.n != 0 {
			parts = append(parts, plural(p.n, p.one, p.many))
		}
	}
	if len(parts) == 0 {
		return "no new detection, share, apprehension or incident"
	}
	return strings.Join(parts, ", ")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// plan drafts one improvement-plan row per objective not met.
func (r *Report) plan(c *collector) {
	for i, o := range r.Objectives {
		if o.Met {
			continue
		}
		spec := r.sc.Objectives[i]
		it := PlanItem{Objective: o.ID + ": " + o.Description, Due: "to be agreed", Responsible: r.responsible(spec.Team)}
		obs := fmt.Sprintf("Achieved %s against a target of %s.", o.ValueText, o.TargetText)
		var crossed, missed, late []orb.Point
		for _, g := range r.Groups {
			if g.Crossed < 0 {
				continue
			}
			crossed = append(crossed, g.CrossPos)
			switch {
			case g.Detected < 0:
				missed = append(missed, g.CrossPos)
			case spec.Window > 0 && g.Detected > g.Crossed+spec.Window:
				late = append(late, g.CrossPos)
			}
		}
		switch spec.Kind {
		case sim.ObjDetectWithin:
			it.Capability, it.Element = "Detection and surveillance", "Equipment, organisation"
			obs += fmt.Sprintf(" Of %d groups that crossed, %d were never detected and %d only after the %s window.",
				len(crossed), len(missed), len(late), r.span(spec.Window))
			where := ""
			if pts := append(missed, late...); len(pts) > 0 {
				where = " around " + r.place(centroid(pts))
				obs += " Most gaps were" + where + " (see the map)."
			}
			it.Recommendation = "Re-assess sensor coverage and patrol routes where groups crossed unseen" + where +
				"; pre-plan drone and mobile-sensor cover for sensor outages; cue patrols from community reports."
		case sim.ObjShareWithin:
			it.Capability, it.Element = "Information sharing", "Planning, organisation"
			if spec.Team >= 0 {
				t := r.Teams[spec.Team]
				obs += fmt.Sprintf(" %s delivered %d tracks to partners, mean delay %s.", t.ID, t.SharedOut, duration(t.MeanShareMin*60))
			}
			if ids := r.linked(o.ID); ids != "" {
				obs += " Linked injects: " + ids + "."
			}
			it.Recommendation = "Review the agreed sharing delay and the back-up channel with the partner; train operators to share new tracks at once and to log tracks during comms outages for delivery on restoration."
		case sim.ObjMaxIncidents:
			it.Capability, it.Element = "Jurisdiction and cross-border cooperation", "Training"
			var list []string
			for _, e := range c.timeline {
				if e.Kind == "incident" {
					list = append(list, r.clock(e.Tick)+" "+strings.TrimPrefix(e.Text, "Incident: "))
				}
			}
			if len(list) > 3 {
				list = append(list[:3], fmt.Sprintf("and %d more", len(list)-3))
			}
			if len(list) > 0 {
				obs += " Incursions: " + strings.Join(list, "; ") + "."
			}
			it.Recommendation = "Brief hot-pursuit limits and joint-zone boundaries before each shift; warn units approaching the line; review each incursion with the crews involved and the neighbour's liaison."
		case sim.ObjPursuitIncidents:
			it.Capability, it.Element = "Jurisdiction and cross-border cooperation", "Training"
			it.Recommendation = "Stop pursuits at the agreement's depth and time; ask the neighbour for a pursuit grant (request_pursuit) before going on, or hand the track over."
		case sim.ObjClassifyAccuracy:
			it.Capability, it.Element = "Situational awareness", "Training"
			it.Recommendation = "Confirm a track by a second sensor or a patrol before classifying it; review each misclassified track with the operators."
		case sim.ObjApprehendRate:
			it.Capability, it.Element = "Interdiction", "Organisation"
			s := r.Summary.Crossings
			obs += fmt.Sprintf(" %d groups apprehended and %d escaped of %d that set out.", s.Apprehended, s.Escaped, s.Attempted)
			it.Recommendation = "Shorten the detection-to-interception chain: keep reserves near the main crossing axes and assign every new track to a unit at once."
		case sim.ObjMaxCustodyHours:
			it.Capability, it.Element = "Custody and processing", "Organisation, equipment"
			if spec.Team >= 0 {
				t, ts := r.Teams[spec.Team], r.sc.Teams[spec.Team]
				obs += fmt.Sprintf(" %s processed %d groups; capacity %d persons at a time, %s per group.", t.ID, t.CustodyGroups, ts.CustodyCapacity, r.span(ts.ProcessTicks))
			}
			it.Recommendation = "Add processing capacity or a second processing site during surges, and plan transport from the line to the base."
		case sim.ObjMaxCheckpointWait:
			it.Capability, it.Element = "Checkpoint operations", "Organisation"
			obs += fmt.Sprintf(" %d vehicles inspected, mean wait %.0f s.", r.Summary.Checkpoint.Vehicles, r.Summary.Checkpoint.MeanWaitS)
			it.Recommendation = "Open more lanes at peak hours and review the secondary-inspection rate against the queue."
		case sim.ObjVulnerableCare:
			it.Capability, it.Element = "Protection of vulnerable persons", "Planning, training"
			obs += fmt.Sprintf(" %d groups with vulnerable persons set out.", r.Summary.Crossings.Vulnerable)
			it.Recommendation = "Triage groups at apprehension and fast-track vulnerable persons; pre-position medical and reception support for surges."
		default:
			it.Capability, it.Element = "—", "—"
			it.Recommendation = "For the evaluation team."
		}
		it.Observation = obs
		r.Plan = append(r.Plan, it)
	}
}

// responsible names the team that owns an objective's follow-up.
func (r *Report) responsible(team int) string {
	if team >= 0 && team < len(r.sc.Teams) {
		t := r.sc.Teams[team]
		return t.ID + " (" + t.Name + ")"
	}
	var ids []string
	for _, t := range r.sc.Teams {
		ids = append(ids, t.ID)
	}
	return "All teams (" + strings.Join(ids, ", ") + ")"
}

// linked lists the ids of the injects linked to an objective.
func (r *Report) linked(id string) string {
	var ids []string
	for _, in := range r.sc.Injects {
		if in.Objective == id {
			ids = append(ids, in.ID)
		}
	}
	return strings.Join(ids, ", ")
}

func centroid(pts []orb.Point) orb.Point {
	var c orb.Point
	for _, p := range pts {
		c[0] += p[0] / float64(len(pts))
		c[1] += p[1] / float64(len(pts))
	}
	return c
}
