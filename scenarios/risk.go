package scenarios

// This file reads the hazards to life: the border river, cold and heat.

// Keys allowed in the risk mapping, in the order docs/SCENARIOS.md
// presents them.
var riskKeys = []string{"river_hazard", "river_level", "temperature", "rescue_window"}

// Temperatures a scenario may give, °C.
const (
	minTemperature = -60.0
	maxTemperature = 60.0
)

func (b *builder) readRisk(top *object) {
	o := b.object(top.vals["risk"], "risk", riskKeys)
	if o == nil {
		return
	}
	r := &b.s.Risk
	r.RiverHazard = o.share("river_hazard", 0)
	r.RiverLevel = o.number("river_level", 1, 0.1, 10)
	if o.has("rescue_window") {
		if d := o.duration("rescue_window", 0); d <= 0 {
			o.errorf("rescue_window", "rescue_window: must be longer than nothing")
		} else {
			r.RescueTicks = b.ticks(d)
		}
	}
	if !o.has("temperature") {
		return
	}
	if v, ok := b.number(o.value("temperature")); ok {
		if v < minTemperature || v > maxTemperature {
			o.errorf("temperature", "temperature: %s °C is out of range; allowed: %s to %s", fmtNum(v), fmtNum(minTemperature), fmtNum(maxTemperature))
			return
		}
		r.Temperature = make([]float64, 24)
		for i := range r.Temperature {
			r.Temperature[i] = v
		}
		return
	}
	vals := o.list("temperature")
	if len(vals) != 24 {
		o.errorf("temperature", "temperature: want one value in °C or 24 hourly values (hour 0 first); got %d", len(vals))
		return
	}
	r.Temperature = make([]float64, 24)
	for i, n := range vals {
		v, ok := b.number(n)
		if !ok || v < minTemperature || v > maxTemperature {
			b.errorf(n, "temperature: hour %d: want °C from %s to %s", i, fmtNum(minTemperature), fmtNum(maxTemperature))
			r.Temperature = nil
			return
		}
		r.Temperature[i] = v
	}
}
