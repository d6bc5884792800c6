package wire

import "github.com/borderdrill/borderdrill/sim"

// requests is a report or request between partners on the wire (see
// sim.RequestView); a Delta replaces the list whole.
var requests = recordOf[sim.RequestView]("ID i, Kind enum, State enum, From i, To i, Unit i, Track i, Pos pt, " +
	"Text str, Class enum, Type enum, Confidence i, Source enum, Made i, Due i, Answered i, Until i, Reason str, Backup bool, Acked i, Opened i, Persons i, Checkpoint str, Asylum bool")

var requestSection = newSection(SecRequests, "Requests list", requests.layout)
