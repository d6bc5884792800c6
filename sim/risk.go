package sim

import "math"

// Risk to life: a border river drowns persons as they cross; cold nights
// and heat over distance put groups in distress. A group in distress stops
// where it is and raises a distress event that the white cell sees at once
// and a team only once it has seen the group; a unit must reach it within
// the scenario's rescue window, or a share of its persons dies.

// Risk constants (docs/MODEL.md, L rows).
const (
	ColdThreshold     = 0.0  // °C below which groups in the open risk distress (MODEL.md: L1)
	ColdRate          = 0.02 // distress per group-hour per 10 °C below the threshold (MODEL.md: L2)
	HeatThreshold     = 35.0 // °C above which walking groups risk distress (MODEL.md: L3)
	HeatPerKm         = 0.02 // distress per group-km walked per 10 °C above the threshold (MODEL.md: L4)
	VulnerableRisk    = 2.0  // distress rate factor for a group with vulnerable persons (MODEL.md: L5)
	DistressMortality = 0.3  // share of a group in distress that dies when no one reaches it in time (MODEL.md: L6)
	DefaultRescueSecs = 7200 // seconds a group in distress survives unaided (MODEL.md: L7)
	RiverRain         = 2.0  // river hazard factor in rain (MODEL.md: L8)
	RiverFog          = 1.5  // river hazard factor in fog (MODEL.md: L9)
	RiverStorm        = 4.0  // river hazard factor in a storm (MODEL.md: L10)
	riskEvery         = 60   // ticks between draws of cold and heat distress (MODEL.md: L11)
)

// riverWeather multiplies the river's hazard by the weather: clear, rain,
// fog, storm.
var riverWeather = [...]float64{1, RiverRain, RiverFog, RiverStorm}

// Death causes, as EvDeath's Text spells them.
const (
	CauseDrowned = "drowned"
	CauseCold    = "cold"
	CauseHeat    = "heat"
)

// RiskSpec sets the hazards of an exercise; the zero RiskSpec has none.
type RiskSpec struct {
	// RiverHazard is the probability that one person drowns crossing the
	// border river at its normal level in clear weather.
	RiverHazard float64
	// RiverLevel multiplies the hazard: 1 normal, 2 high water, 3 flood.
	RiverLevel float64
	// Temperature is the air temperature in °C hour by hour of the day (24
	// values, hour 0 first); nil means no cold or heat.
	Temperature []float64
	// RescueTicks is how long a group in distress survives unaided; 0
	// takes DefaultRescueSecs.
	RescueTicks int32
}

// distressRec is a group in distress.
type distressRec struct {
	group  int32
	since  int32 // tick it fell into distress
	until  int32 // tick its persons start to die unaided
	told   uint8 // teams told (bit i for team i)
	cause  uint8 // 0 cold, 1 heat
	wasted bool  // the window ran out
}

// RiverDeathP is the probability that one person drowns crossing the river
// with hazard h at level l in weather wx.
func RiverDeathP(h, l float64, wx Weather) float64 {
	if l <= 0 {
		l = 1
	}
	return min(1, h*l*riverWeather[wx])
}

// drown draws the deaths of a group crossing the river and reports
// whether anyone is left.
func (w *World) drown(c *crosser) bool {
	r := &w.sc.Risk
	if r.RiverHazard <= 0 {
		return true
	}
	p := RiverDeathP(r.RiverHazard, r.RiverLevel, w.weather)
	var d int32
	for range c.size {
		if w.rng.Float64() < p {
			d++
		}
	}
	return w.die(c, d, CauseDrowned)
}

// die takes d persons of group c and reports whether anyone is left.
func (w *World) die(c *crosser, d int32, cause string) bool {
	if d == 0 {
		return true
	}
	c.size -= d
	w.stats.Deaths += int(d)
	w.emit(Event{Kind: EvDeath, Team: Instructor, Group: c.id, Unit: d, Pos: c.pos, Text: cause})
	if c.size > 0 {
		return true
	}
	c.state = Perished
	w.setGone(c.id)
	return false
}

// temperature returns the air temperature now, and whether the scenario
// has one.
func (w *World) temperature() (float64, bool) {
	t := w.sc.Risk.Temperature
	if len(t) != 24 {
		return 0, false
	}
	return t[w.Clock()%86400/3600], true
}

// riskTick draws cold and heat distress every riskEvery ticks, tells teams
// that have seen a group in distress, and lets the persons of groups no
// one reached in time die.
func (w *World) riskTick() {
	if len(w.distress) > 0 {
		w.distressTick()
	}
	if w.tick%riskEvery != 0 {
		return
	}
	temp, ok := w.temperature()
	if !ok || (temp >= ColdThreshold && temp <= HeatThreshold) {
		return
	}
	var rate float64 // distress per group per riskEvery ticks (heat: per metre walked)
	hours := riskEvery * w.ts / 3600
	cold := temp < ColdThreshold
	if cold {
		rate = ColdRate * (ColdThreshold - temp) / 10 * hours
	} else {
		rate = HeatPerKm * (temp - HeatThreshold) / 10 / 1000
	}
	for _, id := range w.active {
		c := &w.crossers[id]
		if c.state == Apprehended || c.state == Escaped || c.state == Perished || w.inDistress(id) {
			continue
		}
		p := rate
		if !cold {
			if c.wait > 0 || c.state == Hiding {
				continue // not walking
			}
			p *= c.speed * riskEvery
		}
		if c.vulnerable {
			p *= VulnerableRisk
		}
		if w.rng.Float64() < p {
			cause := uint8(1)
			if cold {
				cause = 0
			}
			w.startDistress(c, cause)
		}
	}
}

// startDistress stops group c where it is, in distress.
func (w *World) startDistress(c *crosser, cause uint8) {
	win := w.sc.Risk.RescueTicks
	if win <= 0 {
		win = int32(DefaultRescueSecs / w.ts)
	}
	w.distress = append(w.distress, distressRec{group: c.id, since: w.tick, until: w.tick + win, cause: cause})
	for int(c.id/64) >= len(w.distressBits) {
		w.distressBits = append(w.distressBits, 0)
	}
	w.distressBits[c.id/64] |= 1 << (c.id % 64)
	c.wait = math.MaxInt32 / 2
	w.stats.Distress++
	w.emit(Event{Kind: EvDistress, Team: Instructor, Group: c.id, Pos: c.pos})
}

// inDistress reports whether group id is in distress.
func (w *World) inDistress(id int32) bool {
	return int(id/64) < len(w.distressBits) && w.distressBits[id/64]&(1<<(id%64)) != 0
}

// endDistress takes group id off the distress list.
func (w *World) endDistress(id int32) {
	w.distressBits[id/64] &^= 1 << (id % 64)
	n := 0
	for _, d := range w.distress {
		if d.group != id {
			w.distress[n] = d
			n++
		}
	}
	w.distress = w.distress[:n]
}

// distressTick tells each team that holds a track of a group in distress
// updated since it fell into distress, and ends the windows that ran out.
func (w *World) distressTick() {
	for i := range w.distress {
		d := &w.distress[i]
		for ti := range w.teams {
			if d.told&(1<<ti) != 0 {
				continue
			}
			if t := w.trackByID(w.seen.at(d.group, ti).track); t != nil && t.updated >= d.since {
				d.told |= 1 << ti
				w.emit(Event{Kind: EvDistress, Team: ti, Group: d.group, Track: t.id, Pos: t.pos})
			}
		}
		if w.tick < d.until || d.wasted {
			continue
		}
		d.wasted = true
		c := &w.crossers[d.group]
		var dead int32
		for range c.size {
			if w.rng.Float64() < DistressMortality {
				dead++
			}
		}
		cause := CauseCold
		if d.cause == 1 {
			cause = CauseHeat
		}
		if w.die(c, dead, cause) {
			c.wait = 1 // the survivors go on
		}
	}
	n := 0
	for _, d := range w.distress {
		if d.wasted {
			w.distressBits[d.group/64] &^= 1 << (d.group % 64)
			continue
		}
		w.distress[n] = d
		n++
	}
	w.distress = w.distress[:n]
}

// rescue counts unit u reaching group c in distress: in time, by
// construction, since a group whose window ran out is no longer in
// distress. Across the line it is humanitarian.
func (w *World) rescue(u *unit, c *crosser) bool {
	if !w.inDistress(c.id) {
		return false
	}
	for _, d := range w.distress {
		if d.group == c.id {
			w.rescueDelays = append(w.rescueDelays, w.tick-d.since)
		}
	}
	w.endDistress(c.id)
	w.stats.Rescues++
	text := ""
	if w.m.CountryAt(u.pos) != w.teams[u.team].country {
		w.stats.Humanitarian++
		text = "humanitarian"
	}
	w.emit(Event{Kind: EvRescue, Team: u.team, Unit: u.id, Group: c.id, Pos: c.pos, Text: text})
	return true
}

// rescuing reports whether unit u is on its way to, or back from, a group
// in distress: across the line that is allowed where an agreement says so.
func (w *World) rescuing(u *unit) bool {
	switch u.order {
	case OrderIntercept:
		t := w.trackByID(u.track)
		return t != nil && t.crosser >= 0 && w.inDistress(t.crosser)
	case OrderEscort:
		r := w.custodyOf(u.id)
		return r != nil && r.rescued
	}
	return false
}

// riskObjective measures the objectives of risk to life, asylum and
// trade. Rescues and deaths count every team's (a group in distress is
// anyone's to reach); asylum counts the team's own claims when the
// objective names a team; the trade cost is the exercise's.
func (w *World) riskObjective(o *ObjectiveSpec) (float64, bool) {
	switch o.Kind {
	case ObjRescueWithin:
		ok, n := 0, 0
		for _, d := range w.rescueDelays {
			if d <= o.Window {
				ok++
			}
		}
		// Every distress so far counts once its window has passed or it
		// ended: rescued, or out of time unaided.
		n = w.stats.Distress
		for _, d := range w.distress {
			if w.tick-d.since <= o.Window {
				n--
			}
		}
		if n <= 0 {
			return 1, true // no one has waited past the window yet
		}
		v := ratio(ok, n)
		return v, v >= o.Target
	case ObjDeathsMax:
		return float64(w.stats.Deaths), float64(w.stats.Deaths) <= o.Target
	case ObjAsylumRegistered:
		reg, claims := w.stats.AsylumRegistered, w.stats.AsylumClaims
		if o.Team >= 0 {
			reg, claims = w.teams[o.Team].asylumRegistered, w.teams[o.Team].asylumClaims
		}
		if claims == 0 {
			return 1, true
		}
		v := ratio(reg, claims)
		return v, v >= o.Target
	case ObjTradeCostMax:
		return w.tradeCost, w.tradeCost <= o.Target
	}
	return 0, false
}
