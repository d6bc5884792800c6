package sim

// Custody defaults.
const (
	DefaultCustodyCapacity = 20   // persons processed at once (MODEL.md: U5)
	DefaultProcessSeconds  = 2700 // seconds to process one person (MODEL.md: U4)
)

// custodyTick ends the processing batches that are done, drops the groups
// no longer in custody and starts new batches, vulnerable groups first, as
// each team's capacity allows.
func (w *World) custodyTick() {
	if len(w.custody) == 0 {
		return
	}
	n := 0
	for i := range w.custody {
		r := &w.custody[i]
		if r.done >= 0 && r.done <= w.tick {
			w.processed(r)
		}
		if r.persons == 0 && !r.gone {
			w.released(r)
		}
		if r.persons == 0 {
			continue
		}
		w.custody[n] = *r
		n++
	}
	w.custody = w.custody[:n]
	for ti := range w.teams {
		w.startProcessing(ti, true)
		w.startProcessing(ti, false)
	}
}

// processed ends r's current batch: its persons leave custody, their
// claims registered.
func (w *World) processed(r *custodyRec) {
	held := int64(w.tick - r.since)
	t := &w.teams[r.team]
	t.personTicks += held * int64(r.batch)
	t.persons += int(r.batch)
	w.stats.CustodyPersons += int(r.batch)
	w.stats.CustodyPersonTicks += held * int64(r.batch)
	w.stats.CustodyMaxTicks = max(w.stats.CustodyMaxTicks, held)
	if r.asylum {
		w.stats.AsylumRegistered += int(r.batch)
		t.asylumRegistered += int(r.batch)
	}
	r.persons -= r.batch
	w.sites[r.site].held -= r.batch
	r.batch, r.done = 0, -1
}

// released counts a group whose last persons were processed (or
// transferred to hospital).
func (w *World) released(r *custodyRec) {
	t := &w.teams[r.team]
	t.custodyGroups++
	t.custodyTicks += int64(w.tick - r.since)
	w.stats.CustodyGroups++
	w.stats.CustodyTicks += int64(w.tick - r.since)
	if r.vulnerab && w.vulnWindow > 0 && w.tick-r.since <= w.vulnWindow {
		w.vulnOK++
	}
	if r.vulnerab {
		w.vulnDone++
	}
	w.emit(Event{Kind: EvProcessed, Team: r.team, Group: r.group})
}

// startProcessing starts batches of team ti's screened groups, in order,
// as whole families while persons fit in the team's capacity (a first
// family always starts when no one is in processing).
func (w *World) startProcessing(ti int, vulnerable bool) {
	t := &w.teams[ti]
	capacity := int32(t.spec.CustodyCapacity)
	if capacity <= 0 {
		capacity = DefaultCustodyCapacity
	}
	proc := t.spec.ProcessTicks
	if proc <= 0 {
		proc = int32(DefaultProcessSeconds / w.ts)
	}
	var busy int32
	for _, r := range w.custody {
		if r.team == ti && r.done >= 0 {
			busy += r.batch
		}
	}
	for i := range w.custody {
		r := &w.custody[i]
		if r.team != ti || r.done >= 0 || r.site < 0 || r.ready > w.tick || r.vulnerab != vulnerable {
			continue
		}
		fam := int32(1)
		if r.vulnerab {
			fam = FamilySize
		}
		take := min(r.persons, (capacity-busy)/fam*fam)
		if take == 0 && busy == 0 {
			take = min(r.persons, fam)
		}
		if take == 0 {
			return
		}
		r.batch, r.done = take, w.tick+proc
		busy += take
	}
}
