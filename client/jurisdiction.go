package client

import (
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// Jurisdiction warns before an order takes a unit where its team has no
// authority: into another country outside the joint zones of the team's
// agreements (sim's joint-zone rule, sim.AgreementSpec.JointZoneAllows).
// Hot pursuit, which the engine also allows, is not foreseen: an
// intercept is never warned about.
type Jurisdiction struct {
	m          *maps.Map
	country    []int // map country by team index
	agreements []sim.AgreementSpec
	zones      []sim.Zone // for agreements known only from the view's comms
}

// Sampling of a leg, metres and points.
const (
	legStep      = 250.0
	legMaxPoints = 400
)

// NewJurisdiction returns the rule of the exercise that info describes, or
// nil when it has no map.
func NewJurisdiction(info Info) *Jurisdiction {
	if info.Map == nil {
		return nil
	}
	j := &Jurisdiction{m: info.Map, agreements: info.Agreements, zones: info.Zones}
	for _, t := range info.Teams {
		j.country = append(j.country, info.Map.CountryIndex(t.Country))
	}
	return j
}

func (j *Jurisdiction) countryOf(team int) int {
	if team >= 0 && team < len(j.country) {
		return j.country[team]
	}
	return -1
}

// allowed reports whether a unit of team may be at p in country c under
// an agreement: the exercise's, or (when it gives none) one per comms link
// of v with every joint zone.
func (j *Jurisdiction) allowed(team, c int, p orb.Point, v *sim.View) bool {
	for i := range j.agreements {
		if j.agreements[i].JointZoneAllows(team, c, p, j.countryOf) {
			return true
		}
	}
	if len(j.agreements) == 0 && v != nil {
		for _, cm := range v.Comms {
			a := sim.AgreementSpec{A: cm.A, B: cm.B, JointZones: j.zones}
			if a.JointZoneAllows(team, c, p, j.countryOf) {
				return true
			}
		}
	}
	return false
}

// Leaves returns the first point of the straight leg p–q where a unit of
// team would be in another country without authority, that country's map
// index, and whether there is one.
func (j *Jurisdiction) Leaves(team int, p, q orb.Point, v *sim.View) (orb.Point, int, bool) {
	if j == nil {
		return orb.Point{}, -1, false
	}
	home := j.countryOf(team)
	if home < 0 {
		return orb.Point{}, -1, false
	}
	allowed := func(r orb.Point) bool { return j.allowed(team, j.m.CountryAt(r), r, v) }
	// The end point too: LegLeaves samples between the ends.
	if c := j.m.CountryAt(q); c >= 0 && c != home && !allowed(q) {
		if r, rc, _ := j.m.LegLeaves(p, q, home, legStep, legMaxPoints, allowed); rc >= 0 {
			return r, rc, true
		}
		return q, c, true
	}
	r, c, _ := j.m.LegLeaves(p, q, home, legStep, legMaxPoints, allowed)
	return r, c, c >= 0
}

// CountryName names a map country; "" when it has no name.
func (j *Jurisdiction) CountryName(c int) string {
	if j == nil || c < 0 || c >= len(j.m.Countries) {
		return ""
	}
	return j.m.Countries[c].Name
}
