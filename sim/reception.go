package sim

import "math"

// The custody chain: the unit that apprehends a group escorts it, at the
// pace its capacity allows, to the nearest of its team's reception points
// with room (or to its base), hands it over and goes back to its task.
// Processing (custody.go) starts once the group is screened.

// Escort defaults (docs/MODEL.md, U rows).
const (
	DefaultFootCapacity    = 12 // persons a foot patrol escorts (MODEL.md: U1)
	DefaultVehicleCapacity = 8  // persons a patrol vehicle carries (MODEL.md: U2)
	FamilySize             = 3  // persons per family in a group with vulnerable persons (MODEL.md: U3)
)

// Events and commands of the custody chain and of risk to life. Their
// numbers are fixed here (48–55) so that other additions never renumber
// them.
const (
	CmdReadmit CommandKind = 48 // Unit hands the persons it escorts back to the neighbour at the nearest open checkpoint

	EvHandover    EventKind = 48 // Unit handed Group over at a reception point or base (Text = where)
	EvAsylumClaim EventKind = 49 // Group, apprehended by Unit, claims asylum
	EvRefoulement EventKind = 50 // Unit returned an asylum claimant (Group) across the line
	EvReadmitted  EventKind = 51 // Group was handed back to the neighbour at a checkpoint (Text = checkpoint)
	EvDistress    EventKind = 52 // Group is in distress (ground truth; to a team once it detects the group, Track)
	EvDeath       EventKind = 53 // persons of Group died (Text = cause, Unit = how many)
	EvRescue      EventKind = 54 // Unit reached Group in distress (Text "humanitarian" across the line)
)

// Reasons of the custody chain.
const (
	ReasonEscorting    = "escorting"
	ReasonNotEscorting = "not_escorting"
	ReasonNoReadmit    = "no_readmit"
)

// site is where persons in custody are taken: a reception point or, after
// them, one team's base (no limit, no screening).
type site struct {
	spec ReceptionSpec
	held int32 // persons held or on their way
}

// newSites lists the scenario's reception points and then every team's
// base.
func newSites(s *Scenario) []site {
	var out []site
	for _, r := range s.Receptions {
		out = append(out, site{spec: r})
	}
	for i, t := range s.Teams {
		out = append(out, site{spec: ReceptionSpec{Name: t.ID + " base", Team: i, Pos: t.Base}})
	}
	return out
}

// baseSite returns the index of team ti's base among the sites.
func (w *World) baseSite(ti int) int32 { return int32(len(w.sc.Receptions) + ti) }

// capacityOf returns how many persons a unit of this spec escorts.
func capacityOf(u UnitSpec) int32 {
	switch {
	case u.Capacity > 0:
		return int32(u.Capacity)
	case u.Kind == Foot:
		return DefaultFootCapacity
	case u.Kind == Vehicle:
		return DefaultVehicleCapacity
	}
	return 0
}

// siteFor picks where unit u takes n persons: the nearest of its team's
// reception points with room, else its base.
func (w *World) siteFor(u *unit, n int32) int32 {
	best, bd := w.baseSite(u.team), math.Inf(1)
	for i := range w.sc.Receptions {
		s := &w.sites[i]
		if s.spec.Team != u.team || s.held+n > int32(s.spec.Capacity) {
			continue
		}
		if d := dist(u.pos, s.spec.Pos); d < bd {
			best, bd = int32(i), d
		}
	}
	return best
}

// escort puts the group just apprehended in unit u's charge and sends it
// to a site.
func (w *World) escort(u *unit, r *custodyRec) {
	u.escort = r.persons
	u.track = -1
	w.escortTo(u, w.siteFor(u, r.persons))
}

// escortTo sends an escorting unit to site si, moving its persons' place.
func (w *World) escortTo(u *unit, si int32) {
	if u.drop >= 0 {
		w.sites[u.drop].held -= u.escort
	}
	u.drop = si
	w.sites[si].held += u.escort
	u.dropAt = w.sites[si].spec.Pos
	u.order, u.target = OrderEscort, u.dropAt
}

// escortSpeed is how far an escorting unit moves in a tick: its own pace
// with no more persons than it carries, walking pace (slower with
// vulnerable persons) otherwise, and never faster on foot.
func (w *World) escortSpeed(u *unit, speed float64) float64 {
	r := w.custodyOf(u.id)
	if r == nil || (u.kind == Vehicle && u.escort <= u.capacity) {
		return speed
	}
	walk := MigrantSpeed * w.ts
	if r.vulnerab {
		walk *= VulnerableSlow
	}
	return min(speed, walk)
}

// custodyOf returns the custody record of the group unit id escorts.
func (w *World) custodyOf(id int32) *custodyRec {
	for i := range w.custody {
		if w.custody[i].unit == id {
			return &w.custody[i]
		}
	}
	return nil
}

// handover ends unit u's escort where it has arrived: at a site, where
// screening starts, or at a checkpoint, where the persons go back to the
// neighbour.
func (w *World) handover(u *unit) {
	r := w.custodyOf(u.id)
	u.escort = 0
	if u.order == OrderEscort {
		u.order = OrderHold
		if len(u.route) > 0 {
			u.order, u.target = OrderPatrol, u.route[u.leg]
		}
	}
	if r == nil {
		return
	}
	r.unit = -1
	if u.drop < 0 {
		w.readmitted(u, r, int(-1-u.drop))
		u.drop = -1
		return
	}
	s := &w.sites[u.drop]
	r.site, u.drop = u.drop, -1
	r.ready = w.tick + s.spec.Screen
	if s.spec.Medical > 0 {
		var m int32
		for range r.persons {
			if w.rng.Float64() < s.spec.Medical {
				m++
			}
		}
		r.persons -= m
		s.held -= m
		w.stats.MedicalTransfers += int(m)
	}
	w.emit(Event{Kind: EvHandover, Team: u.team, Unit: u.id, Group: r.group, Pos: u.pos, Text: s.spec.Name})
}

// readmitted hands a group back to the neighbour at checkpoint k: a group
// that claimed asylum is refouled, an incident every team hears of.
func (w *World) readmitted(u *unit, r *custodyRec, k int) {
	n := r.persons
	r.persons = 0
	r.gone = true
	w.readmissionIn(u, r.group, k, n)
	if r.asylum {
		w.stats.Refoulements++
		w.teams[u.team].refoulements++
		w.emit(Event{Kind: EvRefoulement, Team: All, Unit: u.id, Group: r.group, Pos: u.pos, Text: w.checks[k].spec.Name})
		return
	}
	w.stats.Readmitted += int(n)
	w.emit(Event{Kind: EvReadmitted, Team: u.team, Unit: u.id, Group: r.group, Pos: u.pos, Text: w.checks[k].spec.Name})
}

// readmit orders an escorting unit to hand its persons back to the
// neighbour at its team's nearest open checkpoint, under an agreement with
// the team of the country the group came from.
func (w *World) readmit(c *Command) {
	u := w.ownUnit(c)
	if u == nil {
		return
	}
	r := w.custodyOf(u.id)
	if u.escort == 0 || r == nil {
		w.reject(c, ReasonNotEscorting)
		return
	}
	from := int(w.crossers[r.group].origin)
	ok := false
	for ti := range w.teams {
		if ai := w.agreementBetween(u.team, ti); w.teams[ti].country == from && ti != u.team && ai >= 0 && !w.agreements[ai].spec.NoReadmission {
			ok = true
		}
	}
	if !ok {
		w.reject(c, ReasonNoReadmit)
		return
	}
	k, bd := -1, math.Inf(1)
	day := w.Clock() % 86400
	for i := range w.checks {
		cp := &w.checks[i]
		if cp.spec.Team != u.team || !cp.opened(day) {
			continue
		}
		if d := dist(u.pos, cp.spec.Pos); d < bd {
			k, bd = i, d
		}
	}
	if k < 0 {
		w.reject(c, ReasonNoCheckpoint)
		return
	}
	if u.drop >= 0 {
		w.sites[u.drop].held -= u.escort
	}
	u.drop = int32(-1 - k)
	u.dropAt = w.checks[k].spec.Pos
	u.order, u.target = OrderEscort, u.dropAt
	w.accept(c)
}

// dropEscort hands a withdrawn unit's persons to its base at once.
func (w *World) dropEscort(u *unit) {
	if u.escort == 0 {
		return
	}
	w.escortTo(u, w.baseSite(u.team))
	u.pos = u.dropAt
	w.handover(u)
	u.order = OrderHold
}
