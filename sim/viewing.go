package sim

import "github.com/paulmach/orb"

// View returns what team (or Instructor) may see now.
func (w *World) View(team int) View {
	var v View
	w.ViewInto(team, &v)
	return v
}

// ViewInto fills v with what team (or Instructor) may see now, reusing v's
// slices. A team sees its own units and sensors, its own tracks and those
// shared with it, never ground truth; the instructor sees everything.
func (w *World) ViewInto(team int, v *View) {
	gt := team == Instructor
	v.Tick, v.Team, v.Clock, v.Night, v.Weather = w.tick, team, w.Clock(), w.Night(), w.weather
	v.Paused, v.Speed = w.paused, w.speed

	v.Units = v.Units[:0]
	for i := range w.units {
		u := &w.units[i]
		if u.out || (!gt && u.team != team) {
			continue
		}
		uv := UnitView{ID: u.id, Team: u.team, Kind: u.kind, Name: u.spec.Name, Pos: u.pos, Order: u.order,
			Target: u.target, Track: u.track, Aloft: u.aloft, Fuel: u.fuel, Observe: u.observe, Custody: int(u.escort), Pace: w.Pace(i)}
		if u.order == OrderPatrol {
			uv.Route = u.route
		}
		v.Units = append(v.Units, uv)
	}
	v.Sensors = v.Sensors[:0]
	for i := range w.sensors {
		s := &w.sensors[i]
		if !gt && s.team != team {
			continue
		}
		sv := SensorView{ID: s.id, Team: s.team, Kind: s.spec.Kind, Name: s.spec.Name,
			Pos: s.spec.Pos, Range: s.rng, Down: s.down}
		if s.cosHalf > -1 {
			sv.Azimuth, sv.Sector = s.spec.Azimuth, s.spec.Sector
		}
		v.Sensors = append(v.Sensors, sv)
	}
	v.Tracks = v.Tracks[:0]
	for _, id := range w.live {
		t := &w.tracks[id]
		if !gt && int(t.team) != team {
			continue
		}
		v.Tracks = append(v.Tracks, TrackView{ID: t.id, Team: int(t.team), Pos: t.pos, Err: t.err, Age: w.tick - t.updated,
			Source: t.source, From: int(t.from), Size: int(t.size), SharedTo: t.shared != 0, Custody: t.custody})
		w.coopTrackView(&v.Tracks[len(v.Tracks)-1])
	}
	v.Crossers = v.Crossers[:0]
	if gt {
		for _, id := range w.active {
			c := &w.crossers[id]
			if c.state == Apprehended || c.state == Escaped || c.state == Perished {
				continue
			}
			v.Crossers = append(v.Crossers, CrosserView{ID: c.id, Kind: c.kind, Size: int(c.size), Vulnerable: c.vulnerable,
				Pos: c.pos, State: c.state, Detected: c.detected >= 0})
		}
	}
	v.Barriers = v.Barriers[:0]
	for i := range w.barriers {
		b := &w.barriers[i]
		bv := BarrierView{Name: b.spec.Name, Line: b.line}
		if gt {
			// Ground truth: a cut that raised no alarm is known to no
			// team, so no team sees a count (the alarms reach the team
			// alerted as EvFenceCut events).
			bv.Cuts = b.cuts
		}
		v.Barriers = append(v.Barriers, bv)
	}
	v.Checks = v.Checks[:0]
	for i := range w.checks {
		cp := &w.checks[i]
		cv := CheckpointView{Name: cp.spec.Name, Team: cp.spec.Team, Pos: cp.spec.Pos, Open: cp.opened(w.Clock() % 86400)}
		if gt || cp.spec.Team == team {
			cv.Queue = cp.waiting()
			cv.Lanes, cv.Installed = cp.streams[StreamCar].open, len(cp.streams[StreamCar].lanes)
			if cp.vehicles > 0 {
				cv.MeanWait = cp.wait / float64(cp.vehicles)
			}
		}
		v.Checks = append(v.Checks, cv)
	}
	v.Comms = v.Comms[:0]
	for i := range w.agreements {
		a := &w.agreements[i]
		if gt || a.spec.A == team || a.spec.B == team {
			v.Comms = append(v.Comms, CommsView{Agreement: a.spec.ID, A: a.spec.A, B: a.spec.B, Cut: a.cut, Degraded: a.degraded,
				Commission: a.spec.Commission})
		}
	}
	v.Objective = v.Objective[:0]
	for i := range w.sc.Objectives {
		o := &w.sc.Objectives[i]
		switch {
		case gt || o.Known(team):
			v.Objective = append(v.Objective, w.objectives[i])
		case o.Team < 0 || o.Team == team:
			// Measured against ground truth: the team sees the objective
			// and its target, not its live value.
			v.Objective = append(v.Objective, ObjectiveStatus{ID: o.ID, Description: o.Description, Value: Unmeasured, Target: o.Target})
		}
	}
	v.Injects = v.Injects[:0]
	for i := range w.injects {
		in := &w.injects[i]
		s := &in.spec
		if !gt && (!in.fired || (s.Addressee != All && s.Addressee != team)) {
			continue
		}
		iv := InjectView{ID: s.ID, Message: s.Message, Addressee: s.Addressee, At: -1, Fired: in.fired, FiredAt: in.firedAt}
		if gt {
			iv.Synopsis, iv.Expected, iv.Status = s.Synopsis, s.Expected, in.status()
			if s.Trigger == TriggerTime {
				iv.At = in.at()
			}
		} else {
			iv.Status = RowFired
		}
		v.Injects = append(v.Injects, iv)
	}
	teams := v.Stats.Teams[:0]
	if gt {
		v.Stats = w.stats
		if v.Stats.CheckVehicles > 0 {
			v.Stats.CheckMeanWait = float64(v.Stats.CheckWaitTicks) * w.ts / float64(v.Stats.CheckVehicles)
		}
		if v.Stats.CustodyGroups > 0 {
			v.Stats.CustodyMeanHours = float64(v.Stats.CustodyTicks) * w.ts / 3600 / float64(v.Stats.CustodyGroups)
		}
		v.Stats.TradeCost = w.tradeCost
		for i := range w.teams {
			teams = append(teams, w.teamStats(i))
		}
	} else {
		// A team learns its own figures, not the ground truth totals, nor
		// the ones counted against ground truth: how many real groups its
		// tracks were and how long they had been across.
		v.Stats = Stats{Incidents: w.teams[team].incidents}
		ts := w.teamStats(team)
		ts.Detections, ts.MeanDetectTicks = 0, 0
		teams = append(teams, ts)
	}
	v.Stats.Teams = teams
	w.requestsInto(team, v)
}

// UnitPos returns a unit's position (for tools and tests).
func (w *World) UnitPos(id int32) orb.Point { return w.units[id].pos }

// Unmeasured is the Value of an objective in a team's View when the team
// cannot know it live: it is measured against ground truth (groups that
// crossed unseen, say), so its value would tell the team what it did not
// see. Clients show it as "—"; the white cell, the observers and the
// review see the value.
const Unmeasured = -1.0

// Known reports whether team can follow the objective's value live from
// its own records: an objective measured for that team alone whose value
// counts only the team's own incidents, custody or checkpoint waits.
func (o *ObjectiveSpec) Known(team int) bool {
	if o.Team < 0 || o.Team != team {
		return false
	}
	switch o.Kind {
	case ObjMaxIncidents, ObjMaxCustodyHours, ObjMaxCheckpointWait, ObjHandoverWithin, ObjReportWithin, ObjResolveWithin, ObjAsylumRegistered,
		ObjPursuitIncidents:
		return true
	}
	return false
}
