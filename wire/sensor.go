package wire

import "github.com/borderdrill/borderdrill/sim"

// sensors is a fixed sensor on the wire; a Delta replaces the list whole.
var sensors = recordOf[sim.SensorView]("ID i, Team i, Kind enum, Name str, Pos pt, Range q, Down bool, Azimuth q, Sector q")

var sensorSection = newSection(SecSensors, "Sensors list", sensors.layout)
