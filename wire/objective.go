package wire

import "github.com/borderdrill/borderdrill/sim"

// objectives is an objective's live value on the wire; a Delta replaces
// the list whole.
var objectives = recordOf[sim.ObjectiveStatus]("ID str, Description str, Value f64, Target f64, Met bool")

var objectiveSection = newSection(SecObjectives, "Objective list", objectives.layout)
