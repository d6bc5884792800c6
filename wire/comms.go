package wire

import "github.com/borderdrill/borderdrill/sim"

// comms is the state of an agreement's link on the wire; a Delta replaces
// the list whole.
var comms = recordOf[sim.CommsView]("Agreement str, A i, B i, Cut bool, Degraded bool, Commission str")

var commsSection = newSection(SecComms, "Comms list", comms.layout)
