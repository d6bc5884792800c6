package sim

// Custody defaults.
const (
	DefaultCustodyCapacity = 20   // persons processed at once
	DefaultProcessSeconds  = 3600 // seconds to process one group
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
