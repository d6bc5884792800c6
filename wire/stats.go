package wire

import "github.com/borderdrill/borderdrill/sim"

// teamStats are one team's figures on the wire.
var teamStats = recordOf[sim.TeamStats]("ID str, Detections i, MeanDetectTicks f64, Intercepts i, " +
	"MeanInterceptTks f64, SharedOut i, MeanShareTicks f64, Incidents i, CustodyGroups i, CustodyMeanHours f64, " +
	"CheckVehicles i, CheckMeanWait f64")

// stats are the exercise's totals on the wire; a Delta replaces them
// whole.
var stats = recordOf[sim.Stats]("Attempted i, Crossed i, Detected i, Apprehended i, Escaped i, Persons i, "+
	"Vulnerable i, TracksShared i, FalseTracks i, Incidents i, FenceCuts i, CheckVehicles i, CheckWaitTicks i, "+
	"CheckMeanWait f64, ContrabandFound i, ContrabandMissed i, FalseIDFound i, FalseIDMissed i, CustodyGroups i, "+
	"CustodyMeanHours f64, CustodyTicks i, CustodyPersons i, CustodyPersonTicks i, CustodyMaxTicks i, AsylumClaims i, "+
	"AsylumRegistered i, Refoulements i, Readmitted i, MedicalTransfers i, Distress i, Deaths i, Rescues i, "+
	"Humanitarian i, TradeCost f64, Teams list", teamStats.layout)

var statsSection = newSection(SecStats, "Stats rec", stats.layout)
