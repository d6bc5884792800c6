package scenarios

import "github.com/borderdrill/borderdrill/sim"

// This file reads reception points: where units hand over the persons
// they escort, short of their team's base.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var receptionKeys = []string{"name", "team", "at", "capacity", "screening", "medical"}

// Reception defaults.
const (
	defaultReceptionCap  = 100     // persons
	defaultScreeningSec  = 20 * 60 // seconds of medical screening of a group
	maxReceptionCapacity = 100000  // persons
)

func (b *builder) readReceptions(top *object) {
	b.teamObjects(top, "receptions", "reception", receptionKeys, func(o *object, name string, team int) {
		o.require("at")
		r := sim.ReceptionSpec{
			Name:     name,
			Team:     max(team, 0),
			Capacity: o.integer("capacity", defaultReceptionCap, 1, maxReceptionCapacity),
			Screen:   b.ticks(o.duration("screening", defaultScreeningSec)),
			Medical:  o.share("medical", 0),
		}
		if o.has("at") {
			if p, ok := b.place(o, "at"); ok {
				r.Pos = p
				b.checkSide(o, "at", p, b.countryOf(team), team)
			}
		}
		b.s.Receptions = append(b.s.Receptions, r)
	})
}
