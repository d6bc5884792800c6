package scenarios

import "github.com/borderdrill/borderdrill/sim"

// This file reads border crossing points.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var checkpointKeys = []string{"name", "team", "status", "lanes", "per_hour", "service", "secondary", "secondary_service", "contraband", "false_id", "find_rate"}

// statusNames are a checkpoint's statuses as scenario files spell them.
var statusNames = []string{"open", "closed", "freight"}

func (b *builder) readCheckpoints(top *object) {
	names := map[string]int{}
	for _, o := range b.objects(top, "checkpoints", "checkpoint", "name", checkpointKeys) {
		team, _ := b.team(o, "team", true, false)
		c := sim.CheckpointSpec{
			Team:        max(team, 0),
			Lanes:       o.integer("lanes", 2, 1, 1000),
			PerHour:     o.number("per_hour", 30, 0, 100000),
			ServiceTick: b.ticks(o.duration("service", 120)),
			Secondary:   o.share("secondary", 0.05),
			SecondTicks: b.ticks(o.duration("secondary_service", 1200)),
			Contraband:  o.share("contraband", 0.01),
			FalseID:     o.share("false_id", 0.005),
			FindRate:    o.share("find_rate", 0.7),
		}
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
