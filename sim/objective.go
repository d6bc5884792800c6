package sim

// evalObjectives recomputes every objective's value and raises an event
// when one changes between met and not met.
func (w *World) evalObjectives() {
	for i, o := range w.sc.Objectives {
		v, met := w.objective(&o)
		st := &w.objectives[i]
		changed := w.tick > 0 && st.Met != met
		*st = ObjectiveStatus{ID: o.ID, Description: o.Description, Value: v, Target: o.Target, Met: met}
		if changed {
			// Only to a team that may follow the value (ObjectiveSpec.Known);
			// else the change would tell it what it did not see.
			to := Instructor
			if o.Known(o.Team) {
				to = o.Team
			}
			w.emit(Event{Kind: EvObjective, Team: to, Text: o.ID})
		}
	}
}

// involves reports whether group c concerns team ti: it set out from or
// headed into the team's country. ti == All takes every group.
func (w *World) involves(c *crosser, ti int) bool {
	if ti < 0 {
		return true
	}
	k := int8(w.teams[ti].country)
	return c.origin == k || c.into == k
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// tally counts the cases of a share objective: n that count, ok that went
// well.
type tally struct{ ok, n int }

// add counts a case that went well in time (in), or whose time is up
// (due).
func (t *tally) add(in, due bool) {
	if in {
		t.ok++
	}
	if in || due {
		t.n++
	}
}

// reached returns the share that went well and whether it reaches target.
func (t tally) reached(target float64) (float64, bool) {
	v := ratio(t.ok, t.n)
	return v, t.n > 0 && v >= target
}

// mean is a mean of ticks over cases, for an objective that keeps it
// under a target.
type mean struct {
	sum int64 // ticks
	n   int
}

// under returns the mean in units of unit seconds, with ts seconds a tick,
// and whether it is at most target; no cases meet it.
func (m mean) under(target, ts, unit float64) (float64, bool) {
	if m.n == 0 {
		return 0, true
	}
	v := float64(m.sum) * ts / unit / float64(m.n)
	return v, v <= target
}

// teamMean sums a figure and its count over the teams an objective for
// team index of (All for every team) measures.
func (w *World) teamMean(of int, figure func(t *team) (int64, int)) mean {
	var m mean
	for ti := range w.teams {
		if of >= 0 && ti != of {
			continue
		}
		sum, n := figure(&w.teams[ti])
		m.sum += sum
		m.n += n
	}
	return m
}

// objective returns the value of o and whether it is met.
func (w *World) objective(o *ObjectiveSpec) (float64, bool) {
	switch o.Kind {
	case ObjDetectWithin:
		var t tally
		for i := range w.crossers {
			c := &w.crossers[i]
			if c.crossed < 0 || !w.involves(c, o.Team) {
				continue
			}
			seen := c.detected
			if o.Team >= 0 {
				seen = w.seen.at(c.id, o.Team).first
			}
			t.add(seen >= 0 && seen <= c.crossed+o.Window, w.tick-c.crossed >= o.Window)
		}
		return t.reached(o.Target)
	case ObjShareWithin:
		var c tally
		for i := range w.tracks {
			t := &w.tracks[i]
			if t.source == SrcShared || t.crosser < 0 || (o.Team >= 0 && int(t.team) != o.Team) || w.teams[t.team].partners == 0 {
				continue
			}
			c.add(t.deliver >= 0 && t.deliver-t.created <= o.Window, w.tick-t.created >= o.Window)
		}
		return c.reached(o.Target)
	case ObjMaxIncidents:
		v := w.stats.Incidents
		if o.Team >= 0 {
			v = w.teams[o.Team].incidents
		}
		return float64(v), float64(v) <= o.Target
	case ObjApprehendRate:
		var t tally
		for i := range w.crossers {
			c := &w.crossers[i]
			if (c.crossed < 0 && c.caught < 0) || !w.involves(c, o.Team) {
				continue
			}
			t.add(c.caught >= 0 && (o.Team < 0 || int(c.caughtBy) == o.Team), true)
		}
		return t.reached(o.Target)
	case ObjMaxCustodyHours:
		// Per person: those processed, and those still held so far.
		m := w.teamMean(o.Team, func(t *team) (int64, int) { return t.personTicks, t.persons })
		for _, r := range w.custody {
			if o.Team < 0 || r.team == o.Team {
				m.sum += int64(w.tick-r.since) * int64(r.persons)
				m.n += int(r.persons)
			}
		}
		return m.under(o.Target, w.ts, 3600) // hours
	case ObjMaxCheckpointWait:
		m := w.teamMean(o.Team, func(t *team) (int64, int) { return t.checkWait, t.checkVehicles })
		return m.under(o.Target, w.ts, 60) // minutes
	case ObjVulnerableCare:
		ok, n := 0, 0
		for _, r := range w.custody {
			if r.vulnerab && (o.Team < 0 || r.team == o.Team) && w.tick-r.since > o.Window {
				n++
			}
		}
		ok, n = ok+w.vulnOK, n+w.vulnDone
		if n == 0 {
			return 1, true // none has waited past the window yet
		}
		v := ratio(ok, n)
		return v, v >= o.Target
	case ObjHandoverWithin, ObjReportWithin, ObjResolveWithin, ObjPursuitIncidents, ObjClassifyAccuracy:
		return w.coopObjective(o)
	case ObjRescueWithin, ObjDeathsMax, ObjAsylumRegistered, ObjTradeCostMax:
		return w.riskObjective(o)
	}
	return 0, false
}
