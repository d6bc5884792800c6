package wire

import (
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// sensors is a fixed sensor on the wire; a Delta replaces the list whole.
var sensors = newRecord(
	i32Field(0, func(s *sim.SensorView) *int32 { return &s.ID }),
	intField(0, func(s *sim.SensorView) *int { return &s.Team }),
	enumField(0, func(s *sim.SensorView) *sim.SensorKind { return &s.Kind }, 0, 0),
	strField(0, func(s *sim.SensorView) *string { return &s.Name }),
	pointField(0, func(s *sim.SensorView) *orb.Point { return &s.Pos }),
	metresField(0, func(s *sim.SensorView) *float64 { return &s.Range }),
	boolField(0, func(s *sim.SensorView) *bool { return &s.Down }),
)

var sensorSection = listSection(SecSensors, sensors,
	func(v *sim.View) *[]sim.SensorView { return &v.Sensors },
	func(d *Delta) *[]sim.SensorView { return &d.Sensors })
