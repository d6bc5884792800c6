package aar

import (
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
)

// This file gathers the review's custody chain, risk to life and the
// checkpoint orders with the waits before and after them. Its texts are
// data for report.json and the page's tables (kinds and names), not
// narrative.

// CustodyChain is one apprehended group's way through custody: who took
// it, where it was handed over, when it was processed, and what became
// of an asylum claim. Times are clock times, empty when it did not
// happen within the recording.
type CustodyChain struct {
	Group        int32
	Team         string // apprehending team
	Caught       string
	HandedOver   string
	HandedTo     string // reception point or base
	Processed    string
	Asylum       bool // the group claimed asylum
	Refouled     bool // returned across the line as claimants
	Readmitted   bool // handed back to the neighbour at a checkpoint
	Rescued      bool // reached in distress
	Humanitarian bool // rescued across the line under an agreement

	caught, handed, processed int32 // ticks, -1
}

// LifeEvent is a group's distress, rescue or deaths.
type LifeEvent struct {
	Time   string
	Kind   string // distress, rescue, death
	Group  int32
	Deaths int    // persons, for a death
	Cause  string // drowned, cold, heat; humanitarian for a rescue across the line
}

// PortOrder is an order at a checkpoint and the checkpoint's mean
// primary wait of the travellers who arrived in the hour before it, in
// the hour after it, and in the same hour had the order not been given
// (the counterfactual: the exercise as it stood, same seed, run on
// without the order). A lanes order is measured on the cars, whose lanes
// it opens or closes; a referral or crossing order on every stream.
type PortOrder struct {
	Time       string
	Team       string
	Checkpoint string
	Order      string // lanes, referral or crossing
	Value      int    // lanes open, percent referred, 1 open / 0 closed
	Accepted   bool
	Stream     string  // the travellers the waits are of: cars, or all
	BeforeS    float64 // mean wait of those who arrived in the hour before, seconds
	AfterS     float64 // in the hour after, seconds
	WithoutS   float64 // in the hour after without the order, seconds
	BeforeN    int     // travellers who arrived in the hour before and were inspected
	AfterN     int     // in the hour after, inspected by the end of the recording
	WithoutN   int     // in the counterfactual hour after, inspected within WithoutHorizon

	tick, from, to int32
	idx            int         // checkpoint index, -1 when unknown
	streams        []int       // sim.StreamCar, ...
	with           arrivals    // this exercise
	without        arrivals    // the counterfactual, run when the order comes
	withoutDone    bool        // the counterfactual ran
	cmd            sim.Command // the order, left out of the counterfactual
}

// WithoutHorizon is how long after its hour the counterfactual of an
// order runs on for the travellers who arrived in that hour to be
// inspected, seconds of simulated time.
const WithoutHorizon = 3 * 3600

// arrivals follows the travellers of an order's streams who arrive at a
// checkpoint between three moments (an hour before the order, the order,
// an hour after) until they have been inspected. Each stream is served
// first come first served, so the first k arrivals are the first k
// inspected: at each moment it notes k, the arrivals so far, and reads
// the summed wait of the first k once k have been inspected.
type arrivals struct {
	k    [3][]int     // arrivals so far at each moment, per stream; nil until the moment
	wait [3][]float64 // summed wait of the first k, per stream
	done [3][]bool
	prev []sim.StreamFigures // totals at the previous look, per stream
}

// look reads the streams' totals at tick: at moment m (0, 1 or 2, or -1
// for none) it notes the arrivals so far; it fills the summed waits of
// the moments whose travellers have now been inspected, interpolating
// inside the tick.
func (a *arrivals) look(w *sim.World, idx int, streams []int, m int) {
	if a.prev == nil {
		a.prev = make([]sim.StreamFigures, len(streams))
	}
	for j, s := range streams {
		f := w.PortStream(idx, s)
		if m >= 0 && a.k[m] == nil {
			a.k[m], a.wait[m], a.done[m] = make([]int, len(streams)), make([]float64, len(streams)), make([]bool, len(streams))
		}
		if m >= 0 {
			a.k[m][j] = f.Arrived
		}
		p := a.prev[j]
		for mm := range a.k {
			if a.k[mm] == nil || a.done[mm][j] || f.Inspected < a.k[mm][j] {
				continue
			}
			k := a.k[mm][j]
			a.wait[mm][j], a.done[mm][j] = f.Waited, true
			if n := f.Inspected - p.Inspected; n > 0 && k < f.Inspected {
				a.wait[mm][j] = p.Waited + (f.Waited-p.Waited)*float64(k-p.Inspected)/float64(n)
			}
		}
		a.prev[j] = f
	}
}

// mean returns the mean wait, seconds, and the number of the travellers
// who arrived between moments m and m+1 and have been inspected (all of
// them when the later moment's are done; else those inspected so far).
func (a *arrivals) mean(m int) (float64, int) {
	if a.k[m] == nil || a.k[m+1] == nil {
		return 0, 0
	}
	var sum float64
	n := 0
	for j := range a.k[m] {
		k1, w1 := a.k[m+1][j], a.wait[m+1][j]
		if !a.done[m+1][j] {
			k1, w1 = a.prev[j].Inspected, a.prev[j].Waited
		}
		if k1 > a.k[m][j] {
			n += k1 - a.k[m][j]
			sum += w1 - a.wait[m][j]
		}
	}
	if n == 0 {
		return 0, 0
	}
	return sum / float64(n), n
}

// custodyLog is what the collector gathers for this file.
type custodyLog struct {
	chains map[int32]int // group -> index in list
	list   []CustodyChain
	life   []lifeAt
	orders []PortOrder
}

type lifeAt struct {
	tick int32
	ev   LifeEvent
}

// initPorts lists the trainees' checkpoint orders and the ticks their
// waits are read at.
func (c *collector) initPorts(hour int32) {
	for _, a := range c.actions {
		switch a.cmd.Kind {
		case sim.CmdLanes, sim.CmdReferral, sim.CmdCrossing:
		default:
			continue
		}
		o := PortOrder{Team: c.sc.Teams[a.team].ID, Order: a.cmd.Kind.String(), Value: a.cmd.Count, tick: a.tick + 1,
			from: max(0, a.tick+1-hour), to: a.tick + 1 + hour, idx: -1, cmd: a.cmd, Stream: "all",
			streams: []int{sim.StreamCar, sim.StreamPedestrian, sim.StreamFreight}}
		if a.cmd.Kind == sim.CmdLanes {
			o.Stream, o.streams = "cars", []int{sim.StreamCar}
		}
		if a.cmd.Kind == sim.CmdCrossing {
			o.Value = 0
			if a.cmd.On {
				o.Value = 1
			}
		}
		if i := a.cmd.Index; i >= 0 && i < len(c.sc.Checkpoints) {
			o.Checkpoint, o.idx = c.sc.Checkpoints[i].Name, i
		}
		c.cl.orders = append(c.cl.orders, o)
	}
}

// markPorts follows the travellers around each order after a tick (and
// at tick 0); just before an order is applied it runs the
// counterfactual. At the end of the recording (final), a moment not
// reached is taken at the last tick: the hour after an order cut short.
func (c *collector) markPorts(w *sim.World, final bool) {
	tick := w.Tick()
	for i := range c.cl.orders {
		o := &c.cl.orders[i]
		if o.idx < 0 || tick < o.from {
			continue
		}
		m := -1
		for k, at := range [3]int32{o.from, o.tick, o.to} {
			if at == tick || final && o.with.k[k] == nil && m < 0 {
				m = k
			}
		}
		o.with.look(w, o.idx, o.streams, m)
		if tick == o.tick-1 && !o.withoutDone {
			o.withoutDone = true
			o.counterfactual(w.Clone(), c.batches, o.to+WithoutHorizon/int32(max(c.sc.TickSeconds, 1)))
		}
	}
}

// counterfactual runs w, the exercise just before the order, on to tick
// end without the order (the other commands as recorded) and follows the
// travellers of the hour after it.
func (o *PortOrder) counterfactual(w *sim.World, batches []recording.Batch, end int32) {
	o.without.look(w, o.idx, o.streams, -1)
	skipped := false
	bi := 0
	for w.Tick() < end {
		var cmds []sim.Command
		for ; bi < len(batches) && batches[bi].Tick <= w.Tick(); bi++ {
			if batches[bi].Tick < w.Tick() {
				continue
			}
			for _, cmd := range batches[bi].Cmds {
				if !skipped && cmd.Team == o.cmd.Team && cmd.ID == o.cmd.ID && cmd.Kind == o.cmd.Kind {
					skipped = true
					continue
				}
				cmds = append(cmds, cmd)
			}
		}
		w.Step(cmds)
		if w.Paused() {
			return // paused for the rest of the recording
		}
		m := -1
		switch w.Tick() {
		case o.tick:
			m = 1
		case o.to:
			m = 2
		}
		o.without.look(w, o.idx, o.streams, m)
	}
}

// custodyEvent follows a group through custody and risk to life.
func (c *collector) custodyEvent(e sim.Event) {
	chain := func() *CustodyChain {
		if c.cl.chains == nil {
			c.cl.chains = map[int32]int{}
		}
		i, ok := c.cl.chains[e.Group]
		if !ok {
			i = len(c.cl.list)
			c.cl.chains[e.Group] = i
			c.cl.list = append(c.cl.list, CustodyChain{Group: e.Group, caught: -1, handed: -1, processed: -1})
		}
		return &c.cl.list[i]
	}
	life := func(kind string, deaths int, cause string) {
		c.cl.life = append(c.cl.life, lifeAt{e.Tick, LifeEvent{Kind: kind, Group: e.Group, Deaths: deaths, Cause: cause}})
	}
	switch e.Kind {
	case sim.EvApprehension:
		ch := chain()
		ch.Team = c.sc.Teams[e.Team].ID
		ch.caught = e.Tick
	case sim.EvHandover:
		ch := chain()
		ch.handed, ch.HandedTo = e.Tick, e.Text
	case sim.EvProcessed:
		chain().processed = e.Tick
	case sim.EvAsylumClaim:
		chain().Asylum = true
	case sim.EvRefoulement:
		chain().Refouled = true
	case sim.EvReadmitted:
		chain().Readmitted = true
	case sim.EvRescue:
		ch := chain()
		ch.Rescued, ch.Humanitarian = true, e.Text != ""
		life("rescue", 0, e.Text)
	case sim.EvDistress:
		if e.Team == sim.Instructor {
			life("distress", 0, "")
		}
	case sim.EvDeath:
		life("death", int(e.Unit), e.Text)
	}
}

// custody fills the report's custody chains, risk to life and checkpoint
// orders.
func (r *Report) custody(c *collector) {
	clock := func(t int32) string {
		if t < 0 {
			return ""
		}
		return r.clock(t)
	}
	for _, ch := range c.cl.list {
		if ch.Team == "" {
			continue // an event of a group caught before the recording's start
		}
		ch.Caught, ch.HandedOver, ch.Processed = clock(ch.caught), clock(ch.handed), clock(ch.processed)
		r.Custody = append(r.Custody, ch)
	}
	for _, l := range c.cl.life {
		l.ev.Time = r.clock(l.tick)
		r.Life = append(r.Life, l.ev)
	}
	for i := range c.actions {
		a := &c.actions[i]
		for j := range c.cl.orders {
			o := &c.cl.orders[j]
			if o.tick == a.tick+1 && o.Order == a.cmd.Kind.String() && o.Team == c.sc.Teams[a.team].ID {
				o.Accepted = a.ok
			}
		}
	}
	for _, o := range c.cl.orders {
		o.Time = r.clock(o.tick)
		o.BeforeS, o.BeforeN = o.with.mean(0)
		o.AfterS, o.AfterN = o.with.mean(1)
		o.WithoutS, o.WithoutN = o.without.mean(1)
		r.PortOrders = append(r.PortOrders, o)
	}
}
