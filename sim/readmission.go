package sim

import "strconv"

// Readmission under an agreement: a team asks its neighbour to take back
// the persons one of its units escorts, at a checkpoint. The unit takes
// them there and waits; the neighbour accepts or declines with a reason
// (a trainee, or the rule below when that team is computer-controlled).
// Accepted, the unit hands them over at the checkpoint (the custody
// chain's readmission, reception.go): an asylum claimant handed back is
// still a refoulement. Declined, expired or lost on a cut link, the unit
// goes on to its reception point.

// Readmission's command, request and event kinds (cooperation's range,
// 32–47).
const (
	// CmdReadmission asks ToTeam to take back the persons Unit escorts at
	// checkpoint Index (-1: the team's nearest open one), Text a note.
	CmdReadmission CommandKind = 41

	// ReqReadmission is a readmission request.
	ReqReadmission RequestKind = 6

	// EvReadmissionIn tells the team that accepted a readmission that the
	// persons were handed to it (Group the request's id, Unit the
	// escorting unit, Text the checkpoint, Message how many persons).
	EvReadmissionIn EventKind = 38
)

// Reasons a readmission request is refused.
const (
	ReasonNotFromThere    = "not_from_there"
	ReasonReadmitPending  = "readmit_pending"
	ReasonCheckpointShut  = "checkpoint_shut"
	ReasonNotYourCrossing = "not_your_crossing"
)

// Reasons the computer-controlled team's rule declines a readmission.
const (
	AutoClaimant    = "an asylum claimant is not readmitted"
	AutoReadmitHour = "outside the agreement's hours of readmission"
	AutoReadmitFull = "the agreement's readmission quota for the day is reached"
	AutoCheckShut   = "the checkpoint is closed"
)

// checkReadmission fills r from a readmission request c and returns why
// it is refused, or "".
func (w *World) checkReadmission(c *Command, r *request) string {
	u, why := w.commanded(c)
	if why != "" {
		return why
	}
	cr := w.custodyOf(u.id)
	switch {
	case u.escort == 0 || cr == nil:
		return ReasonNotEscorting
	case w.agreements[r.agreement].spec.NoReadmission:
		return ReasonNoReadmit
	case int(w.crossers[cr.group].origin) != w.teams[c.ToTeam].country:
		return ReasonNotFromThere
	case w.readmissionOf(u.id) != nil:
		return ReasonReadmitPending
	}
	k := c.Index
	day := w.Clock() % 86400
	if k < 0 {
		k = w.nearestCheck(u, day)
		if k < 0 {
			return ReasonNoCheckpoint
		}
	}
	if k >= len(w.checks) {
		return ReasonNoCheckpoint
	}
	if t := w.checks[k].spec.Team; t != c.Team && t != c.ToTeam {
		return ReasonNotYourCrossing
	}
	if !w.checks[k].opened(day) {
		return ReasonCheckpointShut
	}
	r.unit, r.crosser, r.size, r.check, r.pos = u.id, cr.group, u.escort, int32(k), w.checks[k].spec.Pos
	r.claim = cr.asylum
	return ""
}

// nearestCheck returns the team's open checkpoint nearest unit u at
// second of day day, or -1.
func (w *World) nearestCheck(u *unit, day int) int {
	k, bd := -1, 0.0
	for i := range w.checks {
		cp := &w.checks[i]
		if cp.spec.Team != u.team || !cp.opened(day) {
			continue
		}
		if d := dist(u.pos, cp.spec.Pos); k < 0 || d < bd {
			k, bd = i, d
		}
	}
	return k
}

// readmissionOf returns the readmission request of unit id that is not
// final, or nil.
func (w *World) readmissionOf(id int32) *request {
	for i := range w.coop.reqs {
		if r := &w.coop.reqs[i]; r.kind == ReqReadmission && r.unit == id && !r.state.Final() {
			return r
		}
	}
	return nil
}

// awaitReadmission takes the escort of readmission request r to its
// checkpoint, where it waits for the answer with its persons.
func (w *World) awaitReadmission(r *request) {
	u := &w.units[r.unit]
	u.order, u.target, u.track = OrderMove, r.pos, -1
}

// escortsFor returns the unit of readmission request r while it still
// escorts the request's persons, or nil.
func (w *World) escortsFor(r *request) *unit {
	u := &w.units[r.unit]
	if u.out || u.escort == 0 {
		return nil
	}
	if cr := w.custodyOf(u.id); cr == nil || cr.group != r.crosser {
		return nil
	}
	return u
}

// grantReadmission sends the escort of an accepted readmission to hand
// its persons over at the request's checkpoint.
func (w *World) grantReadmission(r *request) {
	u := w.escortsFor(r)
	if u == nil {
		return
	}
	if u.drop >= 0 {
		w.sites[u.drop].held -= u.escort
	}
	u.drop = -1 - r.check
	u.dropAt = r.pos
	u.order, u.target = OrderEscort, u.dropAt
}

// readmissionEnded sends the escort of a readmission request that ended
// without an acceptance on to its reception point.
func (w *World) readmissionEnded(r *request) {
	if r.kind != ReqReadmission || r.state == ReqGranted {
		return
	}
	if u := w.escortsFor(r); u != nil && u.order != OrderEscort && u.drop >= 0 {
		w.escortTo(u, u.drop)
	}
}

// readmissionIn tells the team that accepted the readmission of group
// that n persons were handed to it at checkpoint k by unit u.
func (w *World) readmissionIn(u *unit, group int32, k int, n int32) {
	for i := range w.coop.reqs {
		r := &w.coop.reqs[i]
		if r.kind != ReqReadmission || r.state != ReqGranted || r.unit != u.id || r.crosser != group || r.until != 0 {
			continue
		}
		r.until = w.tick
		w.emit(Event{Kind: EvReadmissionIn, Team: r.to, Group: r.id, Unit: u.id, Pos: u.pos, Text: w.checks[k].spec.Name,
			Message: strconv.Itoa(int(n)) + " persons"})
		return
	}
}

// readmissionRule is how a computer-controlled team answers a
// readmission: it declines an asylum claimant, a request outside the
// agreement's hours of readmission, one over the day's quota of persons,
// or one at a checkpoint closed now; it accepts the others.
func (w *World) readmissionRule(r *request) {
	a := &w.agreements[r.agreement].spec
	day := w.Clock() % 86400
	cr := w.custodyOf(r.unit)
	switch {
	case r.claim || (cr != nil && cr.group == r.crosser && cr.asylum):
		w.answer(r, AnsDecline, AutoClaimant, -1)
	case !withinHours(day, a.ReadmitFrom, a.ReadmitTo):
		w.answer(r, AnsDecline, AutoReadmitHour, -1)
	case a.ReadmitPerDay > 0 && w.readmittedToday(r)+int(r.size) > a.ReadmitPerDay:
		w.answer(r, AnsDecline, AutoReadmitFull, -1)
	case !w.checks[r.check].opened(day):
		w.answer(r, AnsDecline, AutoCheckShut, -1)
	default:
		w.answer(r, AnsGrant, "", -1)
	}
}

// readmittedToday counts the persons whose readmission was accepted under
// r's agreement since the clock's last midnight.
func (w *World) readmittedToday(r *request) int {
	midnight := w.Clock() - w.Clock()%86400
	n := 0
	for i := range w.coop.reqs {
		q := &w.coop.reqs[i]
		if q.kind == ReqReadmission && q.state == ReqGranted && q.agreement == r.agreement &&
			w.sc.StartSecond+int(q.answered)*int(w.ts) >= midnight {
			n += int(q.size)
		}
	}
	return n
}

// withinHours reports whether second of day sec falls in [from, to) (a
// span past midnight when to is before from; the whole day when equal).
func withinHours(sec, from, to int) bool {
	switch {
	case from == to:
		return true
	case from < to:
		return sec >= from && sec < to
	}
	return sec >= from || sec < to
}

// readmissionGist is what the neighbour reads of readmission request r.
func (w *World) readmissionGist(r *request) string {
	s := "readmission of " + strconv.Itoa(int(r.size)) + " persons at " + w.checks[r.check].spec.Name
	if r.claim {
		s += " (asylum claimed)"
	}
	if r.text != "" {
		s += ": " + r.text
	}
	return s
}
