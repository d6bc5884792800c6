package sim

// Custody and checkpoint defaults.
const (
	DefaultCustodyCapacity = 20   // persons processed at once
	DefaultProcessSeconds  = 3600 // seconds to process one group
	DefaultServiceSeconds  = 60   // seconds per primary inspection
	DefaultSecondSeconds   = 900  // seconds per secondary inspection
)

// custodyTick starts processing waiting groups, vulnerable ones first, as
// capacity allows, and releases those whose processing is done.
func (w *World) custodyTick() {
	if len(w.custody) == 0 {
		return
	}
	n := 0
	for _, r := range w.custody {
		if r.done >= 0 && r.done <= w.tick {
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
			continue
		}
		w.custody[n] = r
		n++
	}
	w.custody = w.custody[:n]
	for ti := range w.teams {
		w.startProcessing(ti, true)
		w.startProcessing(ti, false)
	}
}

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
			busy += r.persons
		}
	}
	for i := range w.custody {
		r := &w.custody[i]
		if r.team != ti || r.done >= 0 || r.vulnerab != vulnerable {
			continue
		}
		if busy > 0 && busy+r.persons > capacity {
			return
		}
		r.done = w.tick + proc
		busy += r.persons
	}
}

// arrive queues one vehicle at a checkpoint.
func (w *World) arrive(cp *checkpoint) {
	cp.queue = append(cp.queue, vehicle{arrived: w.tick,
		contraband: w.rng.Float64() < cp.spec.Contraband,
		falseID:    w.rng.Float64() < cp.spec.FalseID})
}

// checkpointTick runs arrivals and inspections at every open checkpoint.
func (w *World) checkpointTick() {
	for i := range w.checks {
		cp := &w.checks[i]
		if !cp.spec.Open {
			continue
		}
		for cp.next <= w.tick {
			w.arrive(cp)
			cp.next += w.arrival(cp.spec.PerHour * w.ts / 3600)
		}
		for l := range cp.lanes {
			if cp.lanes[l] > w.tick || cp.head == len(cp.queue) {
				continue
			}
			v := cp.queue[cp.head]
			cp.head++
			cp.lanes[l] = w.tick + w.inspect(cp, v)
		}
		if cp.head > 256 && cp.head*2 > len(cp.queue) {
			k := copy(cp.queue, cp.queue[cp.head:])
			cp.queue, cp.head = cp.queue[:k], 0
		}
	}
}

// inspect records one vehicle's wait and inspection and returns the ticks
// the lane is busy.
func (w *World) inspect(cp *checkpoint, v vehicle) int32 {
	wait := int64(w.tick - v.arrived)
	cp.vehicles++
	cp.wait += wait
	t := &w.teams[cp.spec.Team]
	t.checkVehicles++
	t.checkWait += wait
	w.stats.CheckVehicles++
	w.stats.CheckWaitTicks += wait
	service := cp.spec.ServiceTick
	if service <= 0 {
		service = int32(DefaultServiceSeconds / w.ts)
	}
	if w.rng.Float64() >= cp.spec.Secondary {
		if v.contraband {
			w.stats.ContrabandMissed++
		}
		if v.falseID {
			w.stats.FalseIDMissed++
		}
		return service
	}
	second := cp.spec.SecondTicks
	if second <= 0 {
		second = int32(DefaultSecondSeconds / w.ts)
	}
	if v.contraband {
		w.search(cp, "contraband", &w.stats.ContrabandFound, &w.stats.ContrabandMissed)
	}
	if v.falseID {
		w.search(cp, "false identity", &w.stats.FalseIDFound, &w.stats.FalseIDMissed)
	}
	return service + second
}

// search looks for what a vehicle in secondary inspection carries: found
// at the checkpoint's find rate, else missed.
func (w *World) search(cp *checkpoint, what string, found, missed *int) {
	if w.rng.Float64() < cp.spec.FindRate {
		*found++
		w.emit(Event{Kind: EvCheckpointFind, Team: cp.spec.Team, Pos: cp.spec.Pos, Text: what})
	} else {
		*missed++
	}
}
