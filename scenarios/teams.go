package scenarios

import (
	"strings"

	"github.com/borderdrill/borderdrill/sim"
)

// This file reads teams: who takes part, their countries and bases.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var teamKeys = []string{"id", "name", "country", "base", "custody_capacity", "processing", "auto"}

func (b *builder) readTeams(top *object) {
	b.teams = map[string]int{}
	if !top.has("teams") {
		top.errorf("teams", "missing \"teams\"; a joint exercise needs 2 to %d teams", sim.MaxTeams)
		return
	}
	for _, o := range b.objects(top, "teams", "team", "id", teamKeys) {
		id, ok := b.name(o, "id", b.teams, "team id")
		o.require("country")
		t := sim.TeamSpec{
			ID:              id,
			Name:            o.str("name", id),
			CustodyCapacity: o.integer("custody_capacity", defaultCustodyCap, 1, 100000),
			ProcessTicks:    b.ticks(o.duration("processing", defaultProcessingSec)),
		}
		t.Country = o.str("country", "")
		country := -1
		if b.m != nil && o.has("country") {
			country = b.m.CountryIndex(t.Country)
			if country != 0 && country != 1 {
				iso := b.borderISO()
				o.errorf("country", "country: %q is not a country of the %s border%s; allowed: %s", t.Country, b.m.Name, suggest(t.Country, iso), strings.Join(iso, ", "))
				country = -1
			} else {
				t.Country = b.m.Countries[country].ISO3
			}
		}
		if o.require("base") {
			if p, ok := b.place(o, "base"); ok {
				t.Base = p
				b.checkSide(o, "base", p, country, -1)
			}
		}
		if o.boolean("auto", false) && len(b.s.Teams) < 8 {
			b.s.Auto |= 1 << len(b.s.Teams)
		}
		if ok {
			b.teams[id] = len(b.s.Teams)
		}
		b.s.Teams = append(b.s.Teams, t)
		b.teamCountry = append(b.teamCountry, country)
	}
	if n := len(b.s.Teams); n < 2 || n > sim.MaxTeams {
		top.errorf("teams", "teams: %d declared; a joint exercise needs 2 to %d teams", n, sim.MaxTeams)
	}
}
