package sim

import "math"

// This file runs the ports of entry: Poisson arrivals in three streams,
// primary lanes per stream, secondary inspection in its own bays, opening
// hours, a daily profile and diversion from closed crossings. Time inside a
// tick is continuous (seconds since the start), so any arrival rate and
// any service time are exact: a tick only decides when the queue is looked
// at, not when anybody arrives or is served.

// Checkpoint defaults and the diversion share.
const (
	DefaultServiceSeconds    = 60  // MODEL.md: Q1 mean primary inspection of a car
	DefaultPedServiceSeconds = 30  // MODEL.md: Q2 mean primary inspection of a pedestrian
	DefaultFreightSeconds    = 300 // MODEL.md: Q3 mean primary inspection of a freight vehicle
	DefaultSecondSeconds     = 900 // MODEL.md: Q4 mean secondary inspection
	DefaultSecondBays        = 2   // MODEL.md: Q5 secondary inspection bays
	DivertIrregular          = 0.1 // MODEL.md: Q6 share of diverted traffic that crosses irregularly instead
)

// never is the time of an arrival that does not come: later than any
// exercise, and finite so that it hashes like any other time, seconds.
const never = 1e12

// Streams of traffic at a checkpoint.
const (
	StreamCar = iota
	StreamPedestrian
	StreamFreight
	nStreams
)

// stream is one queue and its lanes (or the secondary bays).
type stream struct {
	rate  float64 // arrivals per second now
	next  float64 // next arrival, seconds since the start
	queue []vehicle
	head  int
	lanes []float64 // time each installed lane is next free, seconds
	open  int       // lanes open
}

type vehicle struct {
	at         float64 // arrival in the queue, seconds since the start
	stream     uint8
	contraband bool
	falseID    bool
}

type checkpoint struct {
	spec     CheckpointSpec
	streams  [nStreams]stream
	second   stream  // secondary bays
	irregNxt float64 // next diverted traveller who crosses irregularly
	irregAt  float64 // rate of those, per second
	closed   bool    // closed by order
	refer    float64 // referral share now
	pCarrier float64 // referral probability of a carrier
	pClean   float64 // referral probability of anyone else
	vehicles int     // primary inspections (all streams)
	wait     float64 // sum of primary waits, seconds
	vhWait   float64 // sum of car and freight waits, seconds
	second2  int     // secondary inspections done
	irreg    int     // diverted travellers who crossed irregularly
	// tally is each primary stream's running totals for the review: they
	// split what vehicles and wait count by stream and never feed back
	// into the world.
	tally [nStreams]StreamFigures
}

func newCheckpoint(c CheckpointSpec) checkpoint {
	cp := checkpoint{spec: c, irregNxt: never}
	lanes := [nStreams]int{max(c.Lanes, 1), c.PedLanes, c.FreightLane}
	for s := range cp.streams {
		st := &cp.streams[s]
		st.lanes = make([]float64, lanes[s])
		st.open = lanes[s]
		st.next = never
		st.queue = make([]vehicle, 0, 64)
	}
	if c.OpenLanes > 0 && c.OpenLanes < lanes[StreamCar] {
		cp.streams[StreamCar].open = c.OpenLanes
	}
	bays := c.SecondBays
	if bays <= 0 {
		bays = DefaultSecondBays
	}
	cp.second.lanes = make([]float64, bays)
	cp.second.open = len(cp.second.lanes)
	cp.second.queue = make([]vehicle, 0, 16)
	cp.setRefer(c.Secondary)
	return cp
}

// setRefer sets the referral share and the probabilities of referring a
// carrier and anyone else that give the scenario's hit rate: with
// prevalence π, share q and hit rate h, a carrier is referred with
// min(1, h·q/π) and the rest make up q. h ≤ π is random referral.
func (cp *checkpoint) setRefer(q float64) {
	cp.refer = q
	pi := min(cp.spec.Contraband+cp.spec.FalseID, 1)
	cp.pCarrier, cp.pClean = q, q
	if pi <= 0 || pi >= 1 || cp.spec.HitRate <= pi {
		return
	}
	cp.pCarrier = min(1, cp.spec.HitRate*q/pi)
	cp.pClean = max(0, (q-pi*cp.pCarrier)/(1-pi))
}

// baseRate is the stream's arrivals per second at this hour of the day.
func (cp *checkpoint) baseRate(s, hour int) float64 {
	var r float64
	switch s {
	case StreamCar:
		r = cp.spec.PerHour
	case StreamPedestrian:
		r = cp.spec.Pedestrians
	case StreamFreight:
		r = cp.spec.Freight
	}
	if len(cp.spec.Profile) == 24 {
		r *= cp.spec.Profile[hour]
	}
	return r / 3600
}

// opened reports whether the crossing is open at second of day sec.
func (cp *checkpoint) opened(sec int) bool {
	if !cp.spec.Open || cp.closed {
		return false
	}
	return withinHours(sec, cp.spec.OpenFrom, cp.spec.OpenTo)
}

// accepts reports whether the crossing takes stream s at second of day sec.
func (cp *checkpoint) accepts(s, sec int) bool {
	if !cp.opened(sec) || len(cp.streams[s].lanes) == 0 || cp.streams[s].open == 0 {
		return false
	}
	return s == StreamFreight || !cp.spec.FreightOnly
}

// divertTo returns the open crossing nearest checkpoint i that takes
// stream s, or -1.
func (w *World) divertTo(i, s, sec int) int {
	best, bd := -1, math.Inf(1)
	for j := range w.checks {
		if j == i || !w.checks[j].accepts(s, sec) {
			continue
		}
		if d := dist(w.checks[i].spec.Pos, w.checks[j].spec.Pos); d < bd {
			best, bd = j, d
		}
	}
	return best
}

// portRates sets every stream's arrival rate for the hour: a crossing's
// own traffic if it takes the stream, plus (1 − DivertIrregular) of the
// traffic of closed crossings whose nearest open alternative it is. Rates
// that change restart their Poisson clock at t0, which is exact because
// the exponential gap has no memory.
func (w *World) portRates(t0 float64) {
	sec := w.Clock() % 86400
	hour := sec / 3600
	for i := range w.checks {
		cp := &w.checks[i]
		cp.irregAt = 0
		for s := range cp.streams {
			cp.streams[s].rate = 0
		}
	}
	for i := range w.checks {
		cp := &w.checks[i]
		for s := range nStreams {
			r := cp.baseRate(s, hour)
			if r <= 0 {
				continue
			}
			if cp.accepts(s, sec) {
				cp.streams[s].rate += r
				continue
			}
			cp.irregAt += r * DivertIrregular
			if j := w.divertTo(i, s, sec); j >= 0 {
				w.checks[j].streams[s].rate += r * (1 - DivertIrregular)
			}
		}
	}
	for i := range w.checks {
		cp := &w.checks[i]
		for s := range cp.streams {
			cp.streams[s].next = w.restart(cp.streams[s].rate, t0)
		}
		cp.irregNxt = w.restart(cp.irregAt, t0)
	}
}

// restart draws the next arrival of a Poisson process of rate r (per
// second) from t0.
func (w *World) restart(r, t0 float64) float64 {
	if r <= 0 {
		return never
	}
	return t0 + w.prng.ExpFloat64()/r
}

// checkpointTick runs one tick of every checkpoint: arrivals, primary
// lanes, secondary bays.
func (w *World) checkpointTick() {
	if len(w.checks) == 0 {
		return
	}
	t0 := float64(w.tick) * w.ts
	t1 := t0 + w.ts
	if hour := w.Clock() / 3600; hour != w.portHour || w.portDirty {
		w.portHour, w.portDirty = hour, false
		w.portRates(t0)
	}
	for i := range w.checks {
		cp := &w.checks[i]
		for s := range nStreams {
			st := &cp.streams[s]
			for st.next < t1 {
				w.queueAt(cp, s, st.next)
				st.next += w.prng.ExpFloat64() / st.rate
			}
		}
		for cp.irregNxt < t1 {
			cp.irreg++
			w.portIrregular++
			cp.irregNxt += w.prng.ExpFloat64() / cp.irregAt
		}
		for s := range nStreams {
			w.primary(cp, s, t1)
		}
		w.secondary(cp, t1)
	}
}

// queueAt puts one arrival of stream s in checkpoint cp's queue at time at.
func (w *World) queueAt(cp *checkpoint, s int, at float64) {
	st := &cp.streams[s]
	cp.tally[s].Arrived++
	st.queue = append(st.queue, vehicle{at: at, stream: uint8(s),
		contraband: w.prng.Float64() < cp.spec.Contraband,
		falseID:    w.prng.Float64() < cp.spec.FalseID})
}

// traveller sends a traveller of a flow to the checkpoint nearest the
// flow's crossing point, or where that one diverts passenger cars.
func (w *World) traveller(f *FlowSpec) {
	best, bd := -1, math.Inf(1)
	for i := range w.checks {
		if d := dist(w.checks[i].spec.Pos, f.CrossAt); d < bd {
			best, bd = i, d
		}
	}
	if best < 0 {
		return
	}
	sec := w.Clock() % 86400
	if !w.checks[best].accepts(StreamCar, sec) {
		if w.prng.Float64() < DivertIrregular {
			w.checks[best].irreg++
			w.portIrregular++
			return
		}
		if best = w.divertTo(best, StreamCar, sec); best < 0 {
			return
		}
	}
	w.queueAt(&w.checks[best], StreamCar, float64(w.tick)*w.ts)
}

// nextLane returns the open lane free first.
func nextLane(st *stream) int {
	l := 0
	for k := 1; k < st.open; k++ {
		if st.lanes[k] < st.lanes[l] {
			l = k
		}
	}
	return l
}

// meanService is the mean primary inspection of stream s, seconds.
func (w *World) meanService(cp *checkpoint, s int) float64 {
	switch s {
	case StreamPedestrian:
		return or(float64(cp.spec.PedTicks)*w.ts, DefaultPedServiceSeconds)
	case StreamFreight:
		return or(float64(cp.spec.FreightTick)*w.ts, DefaultFreightSeconds)
	}
	return or(float64(cp.spec.ServiceTick)*w.ts, DefaultServiceSeconds)
}

// serveNext starts the inspection of the queue's head on the lane free
// first, if that happens before t1, for an exponential time of mean
// seconds: it returns the arrival, when its inspection starts and ends.
func (w *World) serveNext(st *stream, mean, t1 float64) (v vehicle, start, end float64, ok bool) {
	if st.head == len(st.queue) {
		return v, 0, 0, false
	}
	l := nextLane(st)
	v = st.queue[st.head]
	start = max(st.lanes[l], v.at)
	if start >= t1 {
		return v, 0, 0, false
	}
	st.head++
	end = start + w.prng.ExpFloat64()*mean
	st.lanes[l] = end
	return v, start, end, true
}

// primary serves stream s's queue first come first served on its open
// lanes up to t1; inspection times are exponential. A referred arrival
// joins the secondary queue when its primary inspection ends.
func (w *World) primary(cp *checkpoint, s int, t1 float64) {
	st := &cp.streams[s]
	if st.open == 0 {
		return
	}
	mean := w.meanService(cp, s)
	for {
		v, start, end, ok := w.serveNext(st, mean, t1)
		if !ok {
			break
		}
		w.recordWait(cp, s, start-v.at)
		p := cp.pClean
		if v.contraband || v.falseID {
			p = cp.pCarrier
		}
		if w.prng.Float64() < p {
			v.at = end
			cp.second.queue = append(cp.second.queue, v)
			continue
		}
		if v.contraband {
			w.stats.ContrabandMissed++
		}
		if v.falseID {
			w.stats.FalseIDMissed++
		}
	}
	compact(st)
}

// recordWait counts one primary wait of wait seconds.
func (w *World) recordWait(cp *checkpoint, s int, wait float64) {
	cp.vehicles++
	cp.wait += wait
	cp.tally[s].Inspected++
	cp.tally[s].Waited += wait
	ticks := int64(wait/w.ts + 0.5)
	t := &w.teams[cp.spec.Team]
	t.checkVehicles++
	t.checkWait += ticks
	w.stats.CheckVehicles++
	w.stats.CheckWaitTicks += ticks
	if s != StreamPedestrian {
		cp.vhWait += wait
		w.tradeCost += wait / 3600 * cp.spec.WaitCost
	}
}

// secondary serves the secondary queue on the bays up to t1.
func (w *World) secondary(cp *checkpoint, t1 float64) {
	st := &cp.second
	mean := or(float64(cp.spec.SecondTicks)*w.ts, DefaultSecondSeconds)
	for {
		v, _, _, ok := w.serveNext(st, mean, t1)
		if !ok {
			break
		}
		cp.second2++
		if v.contraband {
			w.search(cp, "contraband", &w.stats.ContrabandFound, &w.stats.ContrabandMissed)
		}
		if v.falseID {
			w.search(cp, "false identity", &w.stats.FalseIDFound, &w.stats.FalseIDMissed)
		}
	}
	compact(st)
}

// compact drops served arrivals from the front of a long queue.
func compact(st *stream) {
	if st.head > 256 && st.head*2 > len(st.queue) {
		k := copy(st.queue, st.queue[st.head:])
		st.queue, st.head = st.queue[:k], 0
	}
}

// search looks for what a vehicle in secondary inspection carries: found
// at the checkpoint's find rate, else missed.
func (w *World) search(cp *checkpoint, what string, found, missed *int) {
	if w.prng.Float64() < cp.spec.FindRate {
		*found++
		w.emit(Event{Kind: EvCheckpointFind, Team: cp.spec.Team, Pos: cp.spec.Pos, Text: what})
	} else {
		*missed++
	}
}

// waiting is the number of arrivals queued for primary inspection.
func (cp *checkpoint) waiting() int {
	n := 0
	for s := range cp.streams {
		n += len(cp.streams[s].queue) - cp.streams[s].head
	}
	return n
}

// PortFigures are one checkpoint's figures so far, for tests and the
// review.
type PortFigures struct {
	Name       string
	Open       bool    // open now (status, order and opening hours)
	Arrived    int     // arrivals queued, all streams
	Inspected  int     // primary inspections, all streams
	MeanWait   float64 // mean primary wait, seconds
	Waiting    int     // queued for primary inspection now
	Secondary  int     // secondary inspections done
	InSecond   int     // queued for or in secondary now
	OpenLanes  [nStreams]int
	Irregular  int     // diverted travellers who crossed irregularly instead
	WaitHours  float64 // vehicle-hours waited by cars and freight
	TradeCost  float64 // WaitHours × the checkpoint's wait cost
	ReferShare float64 // referral share now
}

// Ports returns every checkpoint's figures, in scenario order.
func (w *World) Ports() []PortFigures {
	out := make([]PortFigures, len(w.checks))
	sec := w.Clock() % 86400
	for i := range w.checks {
		cp := &w.checks[i]
		f := PortFigures{Name: cp.spec.Name, Open: cp.opened(sec), Inspected: cp.vehicles, Waiting: cp.waiting(),
			Secondary: cp.second2, InSecond: len(cp.second.queue) - cp.second.head, Irregular: cp.irreg,
			WaitHours: cp.vhWait / 3600, TradeCost: cp.vhWait / 3600 * cp.spec.WaitCost, ReferShare: cp.refer}
		f.Arrived = f.Inspected + f.Waiting
		if cp.vehicles > 0 {
			f.MeanWait = cp.wait / float64(cp.vehicles)
		}
		for s := range cp.streams {
			f.OpenLanes[s] = cp.streams[s].open
		}
		out[i] = f
	}
	return out
}

// StreamFigures are the running totals of one stream of a checkpoint.
// Each stream is served first come first served, so its first n arrivals
// are its first n inspected: the mean wait of the vehicles that arrived
// between two moments follows from these totals (the review's figure
// around an order).
type StreamFigures struct {
	Arrived   int     // arrivals queued so far
	Inspected int     // primary inspections begun so far
	Waited    float64 // their primary waits summed, seconds
}

// PortStream returns the running totals of stream s (StreamCar,
// StreamPedestrian or StreamFreight) at checkpoint i, in scenario order.
func (w *World) PortStream(i, s int) StreamFigures { return w.checks[i].tally[s] }

// TradeCost is the cost of all vehicle-hours waited at checkpoints so far,
// in the scenario's unit of money.
func (w *World) TradeCost() float64 { return w.tradeCost }

// portOrder applies a trainee's order at a checkpoint: lanes, referral
// share, or closing and reopening the crossing. Only the team operating
// the checkpoint (or the white cell) may give it.
func (w *World) portOrder(c *Command) {
	if c.Index < 0 || c.Index >= len(w.checks) {
		w.reject(c, ReasonNoCheckpoint)
		return
	}
	cp := &w.checks[c.Index]
	if c.Team != Instructor && c.Team != cp.spec.Team {
		w.reject(c, ReasonNotYourPort)
		return
	}
	switch c.Kind {
	case CmdLanes:
		st := &cp.streams[StreamCar]
		if c.Count < 1 || c.Count > len(st.lanes) {
			w.reject(c, ReasonBadLanes)
			return
		}
		t := float64(w.tick) * w.ts
		for l := st.open; l < c.Count; l++ {
			st.lanes[l] = max(st.lanes[l], t) // a lane opened now is free from now
		}
		st.open = c.Count
	case CmdReferral:
		if c.Count < 0 || c.Count > 100 {
			w.reject(c, ReasonBadReferral)
			return
		}
		cp.setRefer(float64(c.Count) / 100)
	case CmdCrossing:
		cp.closed = !c.On
	}
	w.portDirty = true
	w.accept(c)
}
