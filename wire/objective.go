package wire

import "github.com/borderdrill/borderdrill/sim"

// objectives is an objective's live value on the wire; a Delta replaces
// the list whole.
var objectives = newRecord(
	strField(0, func(o *sim.ObjectiveStatus) *string { return &o.ID }),
	strField(0, func(o *sim.ObjectiveStatus) *string { return &o.Description }),
	f64Field(0, func(o *sim.ObjectiveStatus) *float64 { return &o.Value }),
	f64Field(0, func(o *sim.ObjectiveStatus) *float64 { return &o.Target }),
	boolField(0, func(o *sim.ObjectiveStatus) *bool { return &o.Met }),
)

var objectiveSection = listSection(SecObjectives, objectives,
	func(v *sim.View) *[]sim.ObjectiveStatus { return &v.Objective },
	func(d *Delta) *[]sim.ObjectiveStatus { return &d.Objective })
