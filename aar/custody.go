package aar

import "github.com/borderdrill/borderdrill/sim"

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

// PortOrder is an order at a checkpoint and the checkpoint's mean wait
// over the hour before it and the hour after it (the vehicles inspected
// in each).
type PortOrder struct {
	Time           string
	Team           string
	Checkpoint     string
	Order          string // lanes, referral or crossing
	Value          int    // lanes open, percent referred, 1 open / 0 closed
	Accepted       bool
	BeforeS        float64 // seconds
	AfterS         float64 // seconds
	BeforeN        int     // vehicles inspected in the hour before
	AfterN         int     // and after
	tick, from, to int32
	at             [3]portMark // at from, tick and to
}

// portMark is a checkpoint's running totals at a tick.
type portMark struct {
	set  bool
	n    int
	wait float64 // seconds, summed
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
			from: max(0, a.tick+1-hour), to: a.tick + 1 + hour}
		if a.cmd.Kind == sim.CmdCrossing {
			o.Value = 0
			if a.cmd.On {
				o.Value = 1
			}
		}
		if i := a.cmd.Index; i >= 0 && i < len(c.sc.Checkpoints) {
			o.Checkpoint = c.sc.Checkpoints[i].Name
		}
		if o.from == 0 {
			o.at[0].set = true // nothing inspected before the start
		}
		c.cl.orders = append(c.cl.orders, o)
	}
}

// markPorts reads the checkpoints' totals at the ticks the orders need.
func (c *collector) markPorts(w *sim.World, final bool) {
	tick := w.Tick()
	var ports []sim.PortFigures
	for i := range c.cl.orders {
		o := &c.cl.orders[i]
		for k, at := range [3]int32{o.from, o.tick, o.to} {
			if o.at[k].set || (at != tick && !final) {
				continue
			}
			if ports == nil {
				ports = w.Ports()
			}
			for _, p := range ports {
				if p.Name == o.Checkpoint {
					o.at[k] = portMark{set: true, n: p.Inspected, wait: p.MeanWait * float64(p.Inspected)}
				}
			}
		}
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
		b, m, a := o.at[0], o.at[1], o.at[2]
		if o.BeforeN = m.n - b.n; o.BeforeN > 0 {
			o.BeforeS = (m.wait - b.wait) / float64(o.BeforeN)
		}
		if o.AfterN = a.n - m.n; o.AfterN > 0 {
			o.AfterS = (a.wait - m.wait) / float64(o.AfterN)
		}
		r.PortOrders = append(r.PortOrders, o)
	}
}
