package sim

import "github.com/paulmach/orb"

// Partner returns the other party to the agreement of team, or -1 when
// team is not party to it.
func (a *AgreementSpec) Partner(team int) int {
	switch team {
	case a.A:
		return a.B
	case a.B:
		return a.A
	}
	return -1
}

// InJointZone reports whether p lies in one of the agreement's joint
// zones.
func (a *AgreementSpec) InJointZone(p orb.Point) bool {
	for _, z := range a.JointZones {
		if dist(p, z.Center) <= z.Radius {
			return true
		}
	}
	return false
}

// JointZoneAllows is the joint-zone rule of jurisdiction: the agreement
// lets a unit of team be at p, in the territory of map country c, when it
// is between team and a team of country c and p lies in one of its joint
// zones. countryOf gives a team's map country index. The engine applies
// the rule to units abroad; the scenarios package to the places and
// routes a file gives.
func (a *AgreementSpec) JointZoneAllows(team, c int, p orb.Point, countryOf func(team int) int) bool {
	other := a.Partner(team)
	return other >= 0 && countryOf(other) == c && a.InJointZone(p)
}
