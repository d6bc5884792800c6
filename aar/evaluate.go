package aar

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// injects fills the MSEL evaluation rows.
// The white cell's ad-hoc injects follow the scenario's, marked AdHoc.
func (r *Report) injects(c *collector, window int32) {
	for i, s := range slices.Concat(r.sc.Injects, c.adhoc) {
		in := Inject{ID: s.ID, Synopsis: s.Synopsis, Message: s.Message, Expected: s.Expected, Objective: s.Objective,
			Addressee: r.addressee(s.Addressee), Planned: r.planned(s), Rating: "—", AdHoc: i >= len(r.sc.Injects)}
		if in.AdHoc {
			in.Planned = r.l.T("aar.planned_adhoc")
		}
		at, fired := c.fired[s.ID]
		if !fired {
			in.RatingNote = r.l.T("aar.note_not_fired")
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
				Team: r.sc.Teams[a.team].ID, Text: r.describe(a.cmd), Outcome: a.outcome,
				Rejected: !a.ok && a.outcome != ""})
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
			in.Activity = append(in.Activity, r.sc.Teams[ti].ID+": "+r.activityText(d))
		}
		if s.Expected != "" {
			in.Observed = r.observe(c, teams, at, end)
		}
		in.Rating, in.RatingNote = r.rate(s, teams, first >= 0)
		r.Injects = append(r.Injects, in)
	}
}

// observe returns what teams performed between ticks at and end: the
// first accepted command of each kind per team (an answer by the answer
// given) and each team's first liaison line, in the order they came.
func (r *Report) observe(c *collector, teams []int, at, end int32) []Action {
	type key struct {
		team int
		kind sim.CommandKind
		ans  int
	}
	seen := map[key]bool{}
	var out []Action
	add := func(tick int32, team int, k key, text string) {
		if tick < at || tick > end || !slices.Contains(teams, team) || seen[k] {
			return
		}
		seen[k] = true
		out = append(out, Action{Tick: tick, Time: r.clock(tick), After: "+" + r.span(tick-at), Team: r.teamID(team), Text: text})
	}
	for _, a := range c.actions {
		if a.ok {
			k := key{a.team, a.cmd.Kind, 0}
			if a.cmd.Kind == sim.CmdAnswer {
				k.ans = a.cmd.Count
			}
			add(a.tick, a.team, k, r.describe(a.cmd))
		}
	}
	for _, ch := range c.chats {
		if ch.Channel == "liaison" && ch.Lost == "" {
			add(ch.Tick, ch.Team, key{ch.Team, 0, -1}, r.l.F("aar.liaison_line", ch.Agreement, r.chatText(ch)))
		}
	}
	slices.SortStableFunc(out, func(a, b Action) int { return int(a.Tick - b.Tick) })
	return out
}

// rate drafts the HSEEP rating of the response to an inject from its
// linked objective and whether the trainees acted.
func (r *Report) rate(s sim.InjectSpec, teams []int, acted bool) (string, string) {
	if s.Addressee == sim.Instructor {
		return "—", r.l.T("aar.note_white_cell")
	}
	human := false
	for _, t := range teams {
		human = human || r.sc.Auto&(1<<t) == 0
	}
	o := r.objectiveByID(s.Objective)
	if o == nil {
		if human && !acted {
			return "—", r.l.T("aar.note_no_objective_no_cmd")
		}
		return "—", r.l.T("aar.note_no_objective")
	}
	res := r.l.F("aar.note_objective", o.ID, r.metText(o.Met), o.ValueText, o.TargetText)
	switch {
	case !human:
		res += r.l.T("aar.note_auto")
	case !acted && o.Met:
		return "S", res + r.l.T("aar.note_no_cmd")
	case !acted:
		return "U", res + r.l.T("aar.note_no_cmd")
	}
	switch {
	case o.Met:
		return "P", res
	case near(o):
		return "S", res + r.l.T("aar.note_close")
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

func (r *Report) metText(met bool) string {
	if met {
		return r.l.T("aar.met")
	}
	return r.l.T("aar.not_met")
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
		return r.l.T("aar.all_teams")
	}
	return r.l.T("aar.white_cell")
}

// planned describes when an inject was due.
func (r *Report) planned(s sim.InjectSpec) string {
	switch s.Trigger {
	case sim.TriggerTime:
		return r.clock(s.At)
	case sim.TriggerDetections:
		return r.l.F("aar.after_detected", s.Threshold)
	case sim.TriggerCrossings:
		return r.l.F("aar.after_crossings", s.Threshold)
	case sim.TriggerIncidents:
		return r.l.F("aar.after", r.plural(s.Threshold, "aar.n_incident"))
	case sim.TriggerApprehended:
		return r.l.F("aar.after_apprehensions", s.Threshold)
	case sim.TriggerManual:
		return r.l.T("aar.on_call")
	}
	return "?"
}

// describe puts a command in words.
func (r *Report) describe(c sim.Command) string {
	unit := func() string {
		if c.Unit >= 0 && int(c.Unit) < len(r.sc.Units) {
			return r.sc.Units[c.Unit].Name
		}
		return r.l.F("aar.unit_n", c.Unit)
	}
	team := func(i int) string {
		if i >= 0 && i < len(r.sc.Teams) {
			return r.sc.Teams[i].ID
		}
		return r.l.F("aar.team_n", i)
	}
	switch c.Kind {
	case sim.CmdMove:
		return r.l.F("aar.cmd_move", unit(), r.place(c.Target))
	case sim.CmdPatrol:
		return r.l.F("aar.cmd_patrol", unit(), len(c.Route))
	case sim.CmdIntercept:
		return r.l.F("aar.cmd_intercept", unit(), c.Track)
	case sim.CmdHold:
		return r.l.F("aar.cmd_hold", unit())
	case sim.CmdReturn:
		return r.l.F("aar.cmd_return", unit())
	case sim.CmdLaunch:
		return r.l.F("aar.cmd_launch", unit())
	case sim.CmdRecall:
		return r.l.F("aar.cmd_recall", unit())
	case sim.CmdShare:
		return r.l.F("aar.cmd_share", c.Track, team(c.ToTeam))
	case sim.CmdClassify:
		if c.On {
			return r.l.F("aar.cmd_classify_close", c.Track, sim.Class(c.Index).String())
		}
		return r.l.F("aar.cmd_classify", c.Track, sim.Class(c.Index).String())
	case sim.CmdReport:
		return r.l.F("aar.cmd_report", c.Track, team(c.ToTeam), sim.ReportType(c.Index).String(), c.Count)
	case sim.CmdPursuit:
		return r.l.F("aar.cmd_pursuit", unit(), c.Track, team(c.ToTeam))
	case sim.CmdHandover:
		return r.l.F("aar.cmd_handover", c.Track, team(c.ToTeam))
	case sim.CmdAssistance:
		return r.l.F("aar.cmd_assistance", team(c.ToTeam), r.place(c.Target), c.Text)
	case sim.CmdProtest:
		return r.l.F("aar.cmd_protest", team(c.ToTeam), unit(), c.Text)
	case sim.CmdPace:
		return r.l.F("aar.cmd_pace", unit(), c.Count)
	case sim.CmdAim:
		name := r.l.F("aar.unit_n", c.Index)
		if c.Index >= 0 && c.Index < len(r.sc.Sensors) {
			name = r.sc.Sensors[c.Index].Name
		}
		return r.l.F("aar.cmd_aim", name, c.Count)
	case sim.CmdTransfer:
		return r.l.F("aar.cmd_transfer", unit(), r.place(c.Target))
	case sim.CmdReadmission:
		return r.l.F("aar.cmd_readmission", unit(), team(c.ToTeam))
	case sim.CmdAnswer:
		if c.Text != "" {
			return r.l.F("aar.cmd_answer_reason", c.Index, sim.Answer(c.Count).String(), c.Text)
		}
		return r.l.F("aar.cmd_answer", c.Index, sim.Answer(c.Count).String())
	}
	return c.Kind.String()
}

// place describes a point by the nearest town, named in the reader's
// language as the map names it.
func (r *Report) place(p orb.Point) string {
	t, d := nearestTown(r.sc, p)
	if t == nil {
		return fmt.Sprintf("(%.0f, %.0f)", p[0], p[1])
	}
	name := r.l.PlaceName(t.Name, t.Label)
	if d < 1500 {
		return name
	}
	return r.l.F("aar.km_of", d/1000, r.l.T("aar.dir_"+strings.ToLower(bearing(t.Pos, p))), name)
}

// chatText is a recorded chat line's text in the reader's language: a
// standard liaison phrase from the catalog, a town it names by the
// reader's name for it (as the client shows it); free chat as written.
func (r *Report) chatText(ch recording.Chat) string {
	if ch.Phrase == "" {
		return ch.Text
	}
	var place func(string) string
	if r.sc.Map != nil {
		place = func(s string) string { return r.l.WrittenPlace(s, r.sc.Map.TownNames()) }
	}
	if t := r.l.Phrase(ch.Phrase, wire.NamePlaces(ch.Phrase, ch.Args, place)); t != "" {
		return t
	}
	return ch.Text
}

// nearestTown returns the town nearest p (nil for none) and its distance
// in metres.
func nearestTown(sc *sim.Scenario, p orb.Point) (*maps.Town, float64) {
	if sc.Map == nil {
		return nil, 0
	}
	var best *maps.Town
	bd := math.Inf(1)
	for i := range sc.Map.Towns {
		t := &sc.Map.Towns[i]
		if d := math.Hypot(t.Pos[0]-p[0], t.Pos[1]-p[1]); d < bd {
			best, bd = t, d
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

// activityText lists what an activity counted, leaving out the zeros.
func (r *Report) activityText(a activity) string {
	var parts []string
	for _, p := range []struct {
		n   int
		key string
	}{
		{a.detect, "aar.n_detected"},
		{a.shared, "aar.n_shared"},
		{a.intercepts, "aar.n_apprehension"},
		{a.incidents, "aar.n_incident"},
	} {
		if p.n != 0 {
			parts = append(parts, r.plural(p.n, p.key))
		}
	}
	if len(parts) == 0 {
		return r.l.T("aar.no_activity")
	}
	return strings.Join(parts, ", ")
}

// plural is a count in words: key+"_1" for one, key (with %d) for more.
func (r *Report) plural(n int, key string) string {
	if n == 1 {
		return r.l.T(key + "_1")
	}
	return r.l.F(key, n)
}

// plan drafts one improvement-plan row per objective not met.
func (r *Report) plan(c *collector) {
	for i, o := range r.Objectives {
		if o.Met {
			continue
		}
		spec := r.sc.Objectives[i]
		it := PlanItem{Objective: o.ID + ": " + r.l.Pick(o.Description), Due: r.l.T("aar.to_be_agreed"), Responsible: r.responsible(spec.Team)}
		obs := r.l.F("aar.obs_achieved", o.ValueText, o.TargetText)
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
			it.Capability, it.Element = r.l.T("aar.cap_detection"), r.l.T("aar.el_equipment_org")
			obs += r.l.F("aar.obs_detect", len(crossed), len(missed), len(late), r.span(spec.Window))
			where := ""
			if pts := append(missed, late...); len(pts) > 0 {
				where = r.l.F("aar.obs_around", r.place(centroid(pts)))
				obs += r.l.F("aar.obs_gaps", where)
			}
			it.Recommendation = r.l.F("aar.rec_detect", where)
		case sim.ObjShareWithin:
			it.Capability, it.Element = r.l.T("aar.cap_sharing"), r.l.T("aar.el_planning_org")
			if spec.Team >= 0 {
				t := r.Teams[spec.Team]
				obs += r.l.F("aar.obs_share", t.ID, t.SharedOut, duration(r.l, t.MeanShareMin*60))
			}
			if ids := r.linked(o.ID); ids != "" {
				obs += r.l.F("aar.obs_linked", ids)
			}
			it.Recommendation = r.l.T("aar.rec_share")
		case sim.ObjMaxIncidents:
			it.Capability, it.Element = r.l.T("aar.cap_jurisdiction"), r.l.T("aar.el_training")
			var list []string
			for _, e := range c.timeline {
				if e.Kind == "incident" {
					list = append(list, r.clock(e.Tick)+" "+strings.TrimPrefix(e.Text, "Incident: "))
				}
			}
			if len(list) > 3 {
				list = append(list[:3], r.l.F("aar.and_more", len(list)-3))
			}
			if len(list) > 0 {
				obs += r.l.F("aar.obs_incursions", strings.Join(list, "; "))
			}
			it.Recommendation = r.l.T("aar.rec_incidents")
		case sim.ObjPursuitIncidents:
			it.Capability, it.Element = r.l.T("aar.cap_jurisdiction"), r.l.T("aar.el_training")
			it.Recommendation = r.l.T("aar.rec_pursuit")
		case sim.ObjClassifyAccuracy:
			it.Capability, it.Element = r.l.T("aar.cap_awareness"), r.l.T("aar.el_training")
			it.Recommendation = r.l.T("aar.rec_classify")
		case sim.ObjApprehendRate:
			it.Capability, it.Element = r.l.T("aar.cap_interdiction"), r.l.T("aar.el_organisation")
			s := r.Summary.Crossings
			obs += r.l.F("aar.obs_apprehend", s.Apprehended, s.Escaped, s.Attempted)
			it.Recommendation = r.l.T("aar.rec_apprehend")
		case sim.ObjMaxCustodyHours:
			it.Capability, it.Element = r.l.T("aar.cap_custody"), r.l.T("aar.el_org_equipment")
			if spec.Team >= 0 {
				t, ts := r.Teams[spec.Team], r.sc.Teams[spec.Team]
				obs += r.l.F("aar.obs_custody", t.ID, t.CustodyGroups, ts.CustodyCapacity, r.span(ts.ProcessTicks))
			}
			it.Recommendation = r.l.T("aar.rec_custody")
		case sim.ObjMaxCheckpointWait:
			it.Capability, it.Element = r.l.T("aar.cap_checkpoint"), r.l.T("aar.el_organisation")
			obs += r.l.F("aar.obs_checkpoint", r.Summary.Checkpoint.Vehicles, r.Summary.Checkpoint.MeanWaitS)
			it.Recommendation = r.l.T("aar.rec_checkpoint")
		case sim.ObjVulnerableCare:
			it.Capability, it.Element = r.l.T("aar.cap_vulnerable"), r.l.T("aar.el_planning_training")
			obs += r.l.F("aar.obs_vulnerable", r.Summary.Crossings.Vulnerable)
			it.Recommendation = r.l.T("aar.rec_vulnerable")
		default:
			it.Capability, it.Element = "—", "—"
			it.Recommendation = r.l.T("aar.rec_default")
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
	return r.l.F("aar.all_teams_list", strings.Join(ids, ", "))
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
