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
			w.emit(Event{Kind: EvObjective, Team: o.Team, Text: o.ID})
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
		var sum int64
		var n int
		for ti := range w.teams {
			if o.Team >= 0 && ti != o.Team {
				continue
			}
			sum += w.teams[ti].custodyTicks
			n += w.teams[ti].custodyGroups
		}
		for _, r := range w.custody {
			if o.Team < 0 || r.team == o.Team {
				sum += int64(w.tick - r.since)
				n++
			}
		}
		if n == 0 {
			return 0, true
		}
		v := float64(sum) * w.ts / 3600 / float64(n)
		return v, v <= o.Target
	case ObjMaxCheckpointWait:
		var sum int64
		var n int
		for ti := range w.teams {
			if o.Team >= 0 && ti != o.Team {
				continue
			}
			sum += w.teams[ti].checkWait
			n += w.teams[ti].checkVehicles
		}
		if n == 0 {
			return 0, true
		}
		v := float64(sum) * w.ts / 60 / float64(n)
		return v, v <= o.Target
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
	}
	return 0, false
}
