package scenarios

import "github.com/borderdrill/borderdrill/sim"

// This file reads border crossing points.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var checkpointKeys = []string{"name", "team", "status", "opens", "closes", "lanes", "open_lanes", "per_hour", "service",
	"pedestrians", "pedestrian_lanes", "pedestrian_service", "freight", "freight_lanes", "freight_service", "profile",
	"secondary", "secondary_bays", "secondary_service", "contraband", "false_id", "hit_rate", "find_rate", "wait_cost"}

// statusNames are a checkpoint's statuses as scenario files spell them.
var statusNames = []string{"open", "closed", "freight"}

func (b *builder) readCheckpoints(top *object) {
	names := map[string]int{}
	for _, o := range b.objects(top, "checkpoints", "checkpoint", "name", checkpointKeys) {
		team, _ := b.team(o, "team", true, false)
		c := sim.CheckpointSpec{
			Team:        max(team, 0),
			Lanes:       o.integer("lanes", 2, 1, 1000),
			PerHour:     o.number("per_hour", 30, 0, maxPerHour),
			ServiceTick: b.ticks(o.duration("service", 120)),
			Pedestrians: o.number("pedestrians", 0, 0, maxPerHour),
			PedLanes:    o.integer("pedestrian_lanes", 2, 0, 1000),
			PedTicks:    b.ticks(o.duration("pedestrian_service", sim.DefaultPedServiceSeconds)),
			Freight:     o.number("freight", 0, 0, maxPerHour),
			FreightLane: o.integer("freight_lanes", 2, 0, 1000),
			FreightTick: b.ticks(o.duration("freight_service", sim.DefaultFreightSeconds)),
			OpenFrom:    o.clock("opens", 0),
			OpenTo:      o.clock("closes", 0),
			Secondary:   o.share("secondary", 0.05),
			SecondBays:  o.integer("secondary_bays", sim.DefaultSecondBays, 1, 1000),
			SecondTicks: b.ticks(o.duration("secondary_service", 1200)),
			Contraband:  o.share("contraband", 0.01),
			FalseID:     o.share("false_id", 0.005),
			HitRate:     o.share("hit_rate", 0),
			FindRate:    o.share("find_rate", 0.7),
			WaitCost:    o.number("wait_cost", 0, 0, 1e9),
		}
		c.OpenLanes = o.integer("open_lanes", c.Lanes, 1, 1000)
		if c.OpenLanes > c.Lanes {
			o.errorf("open_lanes", "open_lanes: %d is more than the %d lanes installed", c.OpenLanes, c.Lanes)
			c.OpenLanes = c.Lanes
		}
		if o.has("opens") != o.has("closes") {
			o.errorf("opens", "opens and closes: give both or neither")
		}
		c.Profile = b.profile(o)
		if !o.require("name") || b.m == nil {
			b.s.Checkpoints = append(b.s.Checkpoints, c)
			continue
		}
		name := o.str("name", "")
		cp, found := b.m.Checkpoint(name)
		if !found {
			o.errorf("name", "name: %q is not a checkpoint of the %s map%s", name, b.m.Name, unknownPlace(b.m, "checkpoint", name))
		} else if _, dup := names[cp.Name]; dup {
			o.errorf("name", "name: checkpoint %q is listed twice", cp.Name)
		} else {
			names[cp.Name] = len(b.s.Checkpoints)
		}
		c.Name, c.Pos, c.Open, c.FreightOnly = cp.Name, cp.Pos, cp.Open, cp.FreightOnly
		switch o.enum("status", "checkpoint status", "", statusNames) {
		case "open":
			c.Open, c.FreightOnly = true, false
		case "closed":
			c.Open, c.FreightOnly = false, false
		case "freight":
			c.Open, c.FreightOnly = true, true
		}
		b.s.Checkpoints = append(b.s.Checkpoints, c)
	}
}

// maxPerHour is the most arrivals per hour a stream may have.
const maxPerHour = 1e6

// profile reads a checkpoint's 24 hourly multipliers, or nil.
func (b *builder) profile(o *object) []float64 {
	if !o.has("profile") {
		return nil
	}
	vals := o.list("profile")
	if len(vals) != 24 {
		o.errorf("profile", "profile: want 24 hourly multipliers (hour 0 first); got %d", len(vals))
		return nil
	}
	p := make([]float64, 24)
	for i, n := range vals {
		v, ok := o.d.number(n)
		if !ok || v < 0 {
			o.d.errorf(n, "profile: hour %d: want a multiplier of 0 or more", i)
			return nil
		}
		p[i] = v
	}
	return p
}
