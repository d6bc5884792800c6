package client

import (
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// An evaluator's chat line is an observation: "REF RATING text", REF an
// MSEL row's id, an objective's id or a team's id (looked up in that
// order), RATING one of P, S, M and U (any case). The server stamps its
// time and passes it on to the white cell and the evaluators.

// ParseObservation reads an evaluator's line into an observation; false
// when the line names no known row, objective or team, or no rating.
func ParseObservation(line string, injects []sim.InjectView, objectives []sim.ObjectiveStatus, teams []Team) (wire.Observation, bool) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return wire.Observation{}, false
	}
	ref, letter := f[0], strings.ToUpper(f[1])
	o := wire.Observation{Ref: ref, Text: strings.TrimSpace(strings.Join(f[2:], " "))}
	for r := wire.RatingP; r <= wire.RatingU; r++ {
		if r.String() == letter {
			o.Rating = r
		}
	}
	switch {
	case o.Rating == 0:
		return wire.Observation{}, false
	case sim.IsAdHoc(ref) || slices.ContainsFunc(injects, func(in sim.InjectView) bool { return in.ID == ref }):
		o.Subject = wire.SubjectInject
	case slices.ContainsFunc(objectives, func(ob sim.ObjectiveStatus) bool { return ob.ID == ref }):
		o.Subject = wire.SubjectObjective
	case slices.ContainsFunc(teams, func(t Team) bool { return t.ID == ref }):
		o.Subject = wire.SubjectTeam
	default:
		return wire.Observation{}, false
	}
	return o, true
}
