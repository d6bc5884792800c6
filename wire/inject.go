package wire

import "github.com/borderdrill/borderdrill/sim"

// injects is an inject on the wire (in a view, and the Welcome's MSEL); a
// Delta replaces the list whole.
var injects = newRecord(
	strField(0, func(in *sim.InjectView) *string { return &in.ID }),
	strField(0, func(in *sim.InjectView) *string { return &in.Synopsis }),
	strField(0, func(in *sim.InjectView) *string { return &in.Message }),
	strField(0, func(in *sim.InjectView) *string { return &in.Expected }),
	intField(0, func(in *sim.InjectView) *int { return &in.Addressee }),
	i32Field(0, func(in *sim.InjectView) *int32 { return &in.At }),
	boolField(0, func(in *sim.InjectView) *bool { return &in.Fired }),
	i32Field(0, func(in *sim.InjectView) *int32 { return &in.FiredAt }),
)

var injectSection = listSection(SecInjects, injects,
	func(v *sim.View) *[]sim.InjectView { return &v.Injects },
	func(d *Delta) *[]sim.InjectView { return &d.Injects })
