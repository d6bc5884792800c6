package scenarios

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/goccy/go-yaml/ast"
)

// This file reads community reports.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var communityKeys = []string{"team", "radius_km", "per_hour", "delay", "error_m"}

func (b *builder) readCommunity(top *object) {
	for _, e := range b.entries(top, "community", "community", "team") {
		o := b.object(e.node, e.what+" reporting", communityKeys)
		if o == nil {
			continue
		}
		team, _ := b.team(o, "team", true, false)
		c := sim.CommunitySpec{
			Team:    max(team, 0),
			Radius:  o.number("radius_km", 3, 0, 1000) * 1000,
			PerHour: o.number("per_hour", 0.3, 0, 1),
			ErrorM:  o.number("error_m", 500, 0, 100000),
		}
		lo, hi := 600, 2400 // seconds
		if n := o.value("delay"); n != nil {
			if _, isList := n.(*ast.SequenceNode); isList {
				vals := o.list("delay")
				if len(vals) != 2 {
					o.errorf("delay", "delay: want [min, max], e.g. [10m, 40m]")
				} else {
					var sec [2]int
					for i, v := range vals {
						s, err := parseDuration(b.resolve(v))
						if err != "" {
							b.errorf(v, "%s: delay: %s", o.what, err)
						}
						sec[i] = s
					}
					lo, hi = sec[0], sec[1]
					if lo > hi {
						o.errorf("delay", "delay: min is larger than max")
						hi = lo
					}
				}
			} else {
				lo = o.duration("delay", lo)
				hi = lo
			}
		}
		c.DelayMin, c.DelayMax = b.ticks(lo), b.ticks(hi)
		b.s.Community = append(b.s.Community, c)
	}
}
