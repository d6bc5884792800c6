package sim

import (
	"fmt"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// The white cell's ad-hoc injects and run-time control. Each is a command
// like any other (recorded before it is applied, replayed exactly); each
// ad-hoc inject joins the MSEL as a row "adhoc-N", fired at once, so the
// white cell's table, the events and the review list it with its time.

// Limits of an ad-hoc surge.
const (
	MaxSurgeGroups = 100 // groups in one surge
	MaxSurgeSize   = 200 // persons per group
	SurgeSpread    = 500 // metres: the groups gather within this of the place
	SurgeReach     = 5000.0
	// SurgeReach is in metres: with no destination given, the groups head
	// this far past the border point nearest the place, on the other side.
)

// Reasons an ad-hoc inject or control command is rejected.
const (
	ReasonNoText      = "no_text"
	ReasonBadSurge    = "bad_surge"
	ReasonNoSensor    = "no_sensor"
	ReasonNoAgreeIdx  = "no_agree_idx"
	ReasonBadWeather  = "bad_weather"
	ReasonBadDuration = "bad_duration"
	ReasonBadUnitKind = "bad_unit_kind"
	ReasonNoSide      = "no_side"
)

// AdHocPrefix starts the id of every ad-hoc inject: "adhoc-1", "adhoc-2", …
const AdHocPrefix = "adhoc-"

// IsAdHoc reports whether an inject id names an ad-hoc inject.
func IsAdHoc(id string) bool {
	return len(id) > len(AdHocPrefix) && id[:len(AdHocPrefix)] == AdHocPrefix
}

// adHocControl applies one of the white cell's ad-hoc commands; it reports
// false for a kind it does not handle.
func (w *World) adHocControl(c *Command) bool {
	if c.For < 0 {
		switch c.Kind {
		case CmdSensorDown, CmdCommsCut, CmdCommsDegrade, CmdWeather:
			w.reject(c, ReasonBadDuration)
			return true
		}
	}
	switch c.Kind {
	case CmdMessage:
		if c.Text == "" {
			w.reject(c, ReasonNoText)
			return true
		}
		if c.ToTeam != All && (c.ToTeam < 0 || c.ToTeam >= len(w.teams)) {
			w.reject(c, ReasonBadTeam)
			return true
		}
		w.adHoc(c, InjectSpec{Kind: InjectMessage, Addressee: c.ToTeam, Message: c.Text,
			Synopsis: "Message to " + w.teamName(c.ToTeam)})
	case CmdSurge:
		w.surge(c)
	case CmdSensorDown, CmdSensorUp:
		if c.Index < 0 || c.Index >= len(w.sensors) {
			w.reject(c, ReasonNoSensor)
			return true
		}
		kind, what := InjectSensorDown, "out of service"
		if c.Kind == CmdSensorUp {
			kind, what = InjectSensorUp, "back in service"
		}
		w.adHoc(c, InjectSpec{Kind: kind, Addressee: Instructor, Sensors: []int{c.Index}, For: c.For,
			Synopsis: "Sensor " + w.sensors[c.Index].spec.Name + " " + what + w.forText(c.For)})
	case CmdCommsCut, CmdCommsDegrade, CmdCommsRestore:
		if c.Index < 0 || c.Index >= len(w.agreements) {
			w.reject(c, ReasonNoAgreeIdx)
			return true
		}
		a := &w.agreements[c.Index]
		name := a.spec.ID
		switch c.Kind {
		case CmdCommsRestore:
			// No inject kind restores comms: the row is the record, the
			// effect is applied here.
			w.adHoc(c, InjectSpec{Kind: InjectMessage, Addressee: Instructor, Synopsis: "Comms of " + name + " restored"})
			a.cut, a.degraded, a.until = false, false, 0
		case CmdCommsCut:
			w.adHoc(c, InjectSpec{Kind: InjectCommsDown, Addressee: Instructor, Agreement: c.Index, Cut: true, For: c.For,
				Synopsis: "Comms of " + name + " cut" + w.forText(c.For)})
		default:
			w.adHoc(c, InjectSpec{Kind: InjectCommsDown, Addressee: Instructor, Agreement: c.Index, For: c.For,
				Synopsis: "Comms of " + name + " degraded" + w.forText(c.For)})
		}
	case CmdWeather:
		if c.Index < int(Clear) || c.Index > int(Storm) {
			w.reject(c, ReasonBadWeather)
			return true
		}
		w.adHoc(c, InjectSpec{Kind: InjectWeather, Addressee: Instructor, Weather: Weather(c.Index), For: c.For,
			Synopsis: "Weather: " + Weather(c.Index).String() + w.forText(c.For)})
	case CmdAddUnit:
		w.addUnit(c)
	case CmdAgreement:
		w.changeTerms(c)
	case CmdRemoveUnit:
		u := w.ownUnit(c) // the instructor's: any team's unit not yet out
		if u == nil {
			return true
		}
		w.adHoc(c, InjectSpec{Kind: InjectMessage, Addressee: Instructor,
			Synopsis: "Unit " + u.spec.Name + " (" + w.teams[u.team].spec.ID + ") withdrawn"})
		w.dropEscort(u)
		u.out, u.order, u.track, u.aloft = true, OrderHold, -1, false
		w.ground = nil // listed again without it
	case CmdAuto:
		if c.ToTeam < 0 || c.ToTeam >= len(w.teams) {
			w.reject(c, ReasonBadTeam)
			return true
		}
		if c.On {
			w.auto |= 1 << c.ToTeam
		} else {
			w.auto &^= 1 << c.ToTeam
		}
		w.autoSet = true
		w.accept(c)
		text := "auto_off"
		if c.On {
			text = "auto_on"
		}
		w.emit(Event{Kind: EvControl, Team: All, Text: text, Message: w.teams[c.ToTeam].spec.ID})
	default:
		return false
	}
	return true
}

// adHoc accepts c, adds spec to the MSEL as the next ad-hoc row and fires it.
func (w *World) adHoc(c *Command, spec InjectSpec) {
	w.adhoc++
	spec.ID = AdHocPrefix + strconv.Itoa(w.adhoc)
	spec.Trigger, spec.At = TriggerManual, w.tick
	w.accept(c)
	w.injects = append(w.injects, injectState{spec: spec})
	w.fire(len(w.injects) - 1)
}

// surge adds a flow that starts no groups of its own and fires Count groups
// on it: they gather at Target and head for Route[0], or with no route for a
// point SurgeReach past the nearest border point, on the other side.
func (w *World) surge(c *Command) {
	if c.Count < 1 || c.Count > MaxSurgeGroups || c.Size < 1 || c.Size > MaxSurgeSize || c.Vulnerable < 0 || c.Vulnerable > 100 {
		w.reject(c, ReasonBadSurge)
		return
	}
	if !w.inMap(c.Target) {
		w.reject(c, ReasonOffMap)
		return
	}
	cross, _, _ := w.m.NearestOnBorder(c.Target)
	var dest orb.Point
	if len(c.Route) > 0 {
		dest = c.Route[0]
		if !w.inMap(dest) {
			w.reject(c, ReasonOffMap)
			return
		}
	} else {
		var ok bool
		if dest, ok = w.otherSide(c.Target, cross); !ok {
			w.reject(c, ReasonNoSide)
			return
		}
	}
	w.flows = append(w.flows, flowState{next: math.MaxInt32 / 2, spec: FlowSpec{
		Name: AdHocPrefix + strconv.Itoa(w.adhoc+1), Kind: Migrants, From: c.Target, To: dest, Spread: SurgeSpread,
		CrossAt: cross, SizeMin: c.Size, SizeMax: c.Size, Vulnerable: float64(c.Vulnerable) / 100}})
	w.adHoc(c, InjectSpec{Kind: InjectSurge, Addressee: Instructor, Flow: len(w.flows) - 1, Groups: c.Count,
		Synopsis: fmt.Sprintf("Surge: %d groups of %d (%d%% vulnerable) at %.0f, %.0f", c.Count, c.Size, c.Vulnerable, c.Target[0], c.Target[1])})
}

// otherSide returns a point on the map past the border point cross, seen
// from p, in another country than p's.
func (w *World) otherSide(p, cross orb.Point) (orb.Point, bool) {
	dx, dy := cross[0]-p[0], cross[1]-p[1]
	d := math.Hypot(dx, dy)
	if d < 1 {
		return orb.Point{}, false
	}
	from := w.m.CountryAt(p)
	for reach := SurgeReach; reach >= 250; reach /= 2 {
		q := orb.Point{cross[0] + dx/d*reach, cross[1] + dy/d*reach}
		if w.inMap(q) && w.m.CountryAt(q) >= 0 && w.m.CountryAt(q) != from {
			return q, true
		}
	}
	return orb.Point{}, false
}

// addUnit adds a unit of kind Index named Text for team ToTeam at Target.
func (w *World) addUnit(c *Command) {
	switch {
	case c.ToTeam < 0 || c.ToTeam >= len(w.teams):
		w.reject(c, ReasonBadTeam)
		return
	case c.Index < int(Foot) || c.Index > int(Drone):
		w.reject(c, ReasonBadUnitKind)
		return
	case !w.inMap(c.Target):
		w.reject(c, ReasonOffMap)
		return
	}
	id := int32(len(w.units))
	name := c.Text
	if name == "" {
		name = w.teams[c.ToTeam].spec.ID + "-" + strconv.Itoa(int(id))
	}
	w.adHoc(c, InjectSpec{Kind: InjectMessage, Addressee: Instructor,
		Synopsis: "Unit " + name + " (" + w.teams[c.ToTeam].spec.ID + ") added"})
	w.units = append(w.units, newUnit(id, UnitSpec{Name: name, Team: c.ToTeam, Kind: UnitKind(c.Index), Pos: c.Target}, w.ts))
	w.ground = nil // listed again with it
}

// teamName names a team index, or every team for All.
func (w *World) teamName(t int) string {
	if t == All {
		return "all teams"
	}
	return w.teams[t].spec.ID
}

// forText says how long an effect lasts, in simulated minutes.
func (w *World) forText(ticks int32) string {
	if ticks <= 0 {
		return ""
	}
	return fmt.Sprintf(" for %.0f min", float64(ticks)*w.ts/60)
}

// Auto reports whether team is computer-controlled now.
func (w *World) Auto(team int) bool {
	return team >= 0 && team < 8 && w.auto&(1<<team) != 0
}

// UnitTeam returns the team of unit id, or -1 when there is no such unit.
func (w *World) UnitTeam(id int32) int {
	if id < 0 || int(id) >= len(w.units) {
		return -1
	}
	return w.units[id].team
}
