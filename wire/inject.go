package wire

import "github.com/borderdrill/borderdrill/sim"

// injects is an inject on the wire (in a view, and the Welcome's MSEL); a
// Delta replaces the list whole.
var injects = recordOf[sim.InjectView]("ID str, Synopsis str, Message str, Expected str, Addressee i, " +
	"At i, Fired bool, FiredAt i, Status enum")

var injectSection = newSection(SecInjects, "Injects list", injects.layout)
