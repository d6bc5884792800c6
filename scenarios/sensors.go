package scenarios

import "github.com/borderdrill/borderdrill/sim"

// This file reads fixed sensors.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var (
	sensorKeys = []string{"name", "team", "kind", "at", "range_km", "pd", "shape", "scan", "height_m", "sector",
		"false_alarms_per_day", "down"}
	sectorKeys = []string{"azimuth", "width"}
)

func (b *builder) readSensors(top *object) {
	b.sensors = map[string]int{}
	for _, o := range b.objects(top, "sensors", "sensor", "name", sensorKeys) {
		name, ok := b.name(o, "name", b.sensors, "sensor name")
		team, _ := b.team(o, "team", true, false)
		o.require("kind", "at")
		sn := sim.SensorSpec{
			Name:   name,
			Team:   max(team, 0),
			Kind:   spelled(o, "kind", "sensor kind", sim.Camera),
			Range:  o.number("range_km", 0, 0, 1000) * 1000,
			Pd:     o.number("pd", 0, 0, 1),
			Shape:  o.number("shape", 0, 0, 100),
			Height: o.number("height_m", 0, 0, 1000),
			Down:   o.boolean("down", false),
		}
		sn.FalseAlarmsPerDay = o.number("false_alarms_per_day", sim.DefaultNuisance(sn.Kind), 0, 100000)
		if so := b.object(o.vals["sector"], o.what+": sector", sectorKeys); so != nil {
			so.require("azimuth", "width")
			sn.Azimuth = so.number("azimuth", 0, 0, 360)
			sn.Sector = so.number("width", 0, 0, 360)
			if sn.Sector == 0 && so.has("width") {
				so.errorf("width", "width: a sector of 0° sees nothing; leave sector out to see all round")
			}
		}
		if o.has("scan") {
			if sn.Kind != sim.Radar {
				o.errorf("scan", "scan: only a radar scans; this sensor is a %s", sn.Kind)
			} else if sec := o.duration("scan", -1); sec == 0 {
				o.errorf("scan", "scan: a scan takes at least 1s")
			} else if sec > 0 {
				sn.ScanSeconds = float64(sec)
			}
		}
		if o.has("at") {
			if p, ok := b.place(o, "at"); ok {
				sn.Pos = p
				b.checkSide(o, "at", p, b.countryOf(team), team)
			}
		}
		if ok {
			b.sensors[name] = len(b.s.Sensors)
		}
		b.s.Sensors = append(b.s.Sensors, sn)
	}
}
