package scenarios

import (
	"fmt"

	"github.com/borderdrill/borderdrill/sim"
)

// This file reads units: foot patrols, vehicles and drones.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var unitKeys = []string{"name", "team", "kind", "at", "route", "patrol", "speed_kmh", "endurance", "observe_km",
	"altitude_m", "fov_deg", "capacity"}

func (b *builder) readUnits(top *object) {
	b.teamObjects(top, "units", "unit", unitKeys, func(o *object, name string, team int) {
		o.require("kind")
		u := sim.UnitSpec{
			Name:     name,
			Team:     max(team, 0),
			Kind:     spelled(o, "kind", "unit kind", sim.Foot),
			Speed:    b.speed(o.number("speed_kmh", 0, 0, 1000)),
			Observe:  o.number("observe_km", 0, 0, 1000) * 1000,
			Capacity: o.integer("capacity", 0, 1, 1000),
		}
		if o.has("capacity") && u.Kind == sim.Drone {
			o.errorf("capacity", "capacity: a drone escorts no one; this unit is %s", u.Kind)
		}
		if o.has("endurance") {
			if u.Kind != sim.Drone {
				o.errorf("endurance", "endurance: only drones have an endurance; this unit is %s", u.Kind)
			}
			u.Endurance = b.ticks(o.duration("endurance", 0))
		}
		for _, k := range []string{"altitude_m", "fov_deg"} {
			if o.has(k) && u.Kind != sim.Drone {
				o.errorf(k, "%s: only a drone's camera has one; this unit is %s", k, u.Kind)
			}
		}
		u.Altitude = o.number("altitude_m", 0, 0, 5000)
		u.FOV = o.number("fov_deg", 0, 0, 179)
		if u.Kind == sim.Drone && o.has("observe_km") {
			o.errorf("observe_km", "observe_km: a drone sees the footprint of its camera; set altitude_m and fov_deg")
		}
		switch {
		case o.has("at"):
			if p, ok := b.place(o, "at"); ok {
				u.Pos = p
				b.checkSide(o, "at", p, b.countryOf(team), team)
			}
		case team >= 0:
			u.Pos = b.s.Teams[team].Base
		}
		if o.has("route") && o.has("patrol") {
			o.errorf("patrol", "give route or patrol, not both")
		}
		routeOK := true
		for i, n := range o.list("route") {
			what := fmt.Sprintf("%s: route point %d", o.what, i+1)
			p, ok := b.placeNode(n, what)
			if ok {
				ok = b.checkSideNode(n, what, p, b.countryOf(team), team)
			}
			routeOK = routeOK && ok
			u.Route = append(u.Route, p)
		}
		if len(o.list("route")) == 1 {
			o.errorf("route", "route: a patrol route needs at least two points; leave it out to hold at the start")
		}
		if o.has("patrol") && !o.has("route") {
			u.Route, routeOK = b.patrol(o, team)
		}
		if routeOK && len(u.Route) > 1 {
			key := "route"
			if !o.has("route") {
				key = "patrol"
			}
			b.checkLegs(o, key, u.Pos, u.Route, team)
			if u.Kind == sim.Drone && team >= 0 {
				b.checkReturn(o, key, u.Route, team)
			}
		}
		b.s.Units = append(b.s.Units, u)
	})
}
