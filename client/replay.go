package client

import "github.com/borderdrill/borderdrill/sim"

// MarkKind reports whether events of kind k are timeline marks: injects
// fired, incidents, fences cut and objectives changing state.
func MarkKind(k sim.EventKind) bool {
	switch k {
	case sim.EvInject, sim.EvIncident, sim.EvFenceCut, sim.EvObjective:
		return true
	}
	return false
}

// SeekStep is how far the seek keys [ and ] move, simulated seconds.
const SeekStep = 10 * 60
