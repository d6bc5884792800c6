package client

import (
	"math"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// The white cell's ad-hoc menu (A): a digit sends an ad-hoc inject or
// control command at the cursor (PROTOCOL.md CommandKinds 13–23): a surge
// there, a message to the team shown, the nearest sensor out of service
// or back, the comms of the next agreement cut or restored, the next
// weather, a vehicle for the team shown there, the selected unit
// withdrawn, the team shown under computer control or back.

// KeyA opens the white cell's ad-hoc menu.
const KeyA Key = 64

// Ad-hoc menu settings.
const (
	AdHocSurgeGroups     = 5    // groups of an ad-hoc surge
	AdHocSurgeSize       = 8    // persons per group
	AdHocSurgeVulnerable = 25   // percent of the groups with vulnerable persons
	AdHocFor             = 3600 // simulated seconds an outage, cut or weather lasts
)

// AdHocActions are the ad-hoc menu's entries by digit (1 is the first), as
// catalog keys.
var AdHocActions = [...]string{"adhoc.surge", "adhoc.message", "adhoc.sensor_down", "adhoc.sensor_up", "adhoc.comms",
	"adhoc.weather", "adhoc.add_unit", "adhoc.remove_unit", "adhoc.auto"}

// adHocKey takes a key while the ad-hoc menu is open; it reports whether
// the key was the menu's.
func (c *Controller) adHocKey(k Key, in Input, v *sim.View) bool {
	if d := k.Digit(); d > 0 {
		c.AdHoc = false
		if v != nil {
			c.adHoc(d, c.Cam.ToWorld(in.X, in.Y), v)
		}
		return true
	}
	if k == KeyEscape || k == KeyA {
		c.AdHoc = false
		return true
	}
	return false
}

// shownTeam is the team the white cell looks at: the team view shown, or
// team 0 with ground truth.
func (c *Controller) shownTeam() int {
	return max(c.ViewTeam, 0)
}

// adHoc sends ad-hoc action d (1–9) at p.
func (c *Controller) adHoc(d int, p orb.Point, v *sim.View) {
	for_ := int32(AdHocFor / max(c.TickSeconds, 1))
	team := c.shownTeam()
	switch d {
	case 1:
		c.emit(sim.Command{Kind: sim.CmdSurge, Target: p, Count: AdHocSurgeGroups, Size: AdHocSurgeSize, Vulnerable: AdHocSurgeVulnerable},
			c.tr().F("ctl.adhoc_surge", AdHocSurgeGroups))
	case 2:
		to := sim.All
		if c.ViewTeam >= 0 {
			to = c.ViewTeam
		}
		c.emit(sim.Command{Kind: sim.CmdMessage, ToTeam: to, Text: c.tr().T("adhoc.message_text")}, c.tr().T("ctl.adhoc_message"))
	case 3, 4:
		i := nearestSensor(v, p)
		if i < 0 {
			c.notice("%s", c.tr().T("ctl.adhoc_no_sensor"))
			return
		}
		kind, fr := sim.CmdSensorDown, for_
		if d == 4 {
			kind, fr = sim.CmdSensorUp, 0
		}
		c.emit(sim.Command{Kind: kind, Index: int(v.Sensors[i].ID), For: fr}, c.tr().F("ctl.adhoc_sensor", v.Sensors[i].Name))
	case 5:
		if len(v.Comms) == 0 {
			c.notice("%s", c.tr().T("ctl.adhoc_no_comms"))
			return
		}
		// The first agreement whose comms are up is cut; with every one
		// cut, the first is restored.
		i, kind := 0, sim.CmdCommsRestore
		for j, cv := range v.Comms {
			if !cv.Cut {
				i, kind = j, sim.CmdCommsCut
				break
			}
		}
		c.emit(sim.Command{Kind: kind, Index: i, For: for_}, c.tr().F("ctl.adhoc_comms", v.Comms[i].Agreement))
	case 6:
		w := (v.Weather + 1) % (sim.Storm + 1)
		c.emit(sim.Command{Kind: sim.CmdWeather, Index: int(w), For: for_}, c.tr().T("ctl.adhoc_weather"))
	case 7:
		c.emit(sim.Command{Kind: sim.CmdAddUnit, ToTeam: team, Index: int(sim.Vehicle), Target: p}, c.tr().T("ctl.adhoc_add_unit"))
	case 8:
		u, ok := c.selectedUnit(v)
		if !ok {
			c.notice("%s", c.tr().T("ctl.select_unit"))
			return
		}
		c.emit(sim.Command{Kind: sim.CmdRemoveUnit, Unit: u.ID}, c.tr().F("ctl.adhoc_remove", u.Name))
	case 9:
		on := !c.autoOn[team]
		if c.autoOn == nil {
			c.autoOn = map[int]bool{}
		}
		c.autoOn[team] = on
		c.emit(sim.Command{Kind: sim.CmdAuto, ToTeam: team, On: on}, c.tr().T("ctl.adhoc_auto"))
	}
}

// nearestSensor returns the index in v.Sensors of the sensor nearest p,
// or -1 when there is none.
func nearestSensor(v *sim.View, p orb.Point) int {
	best, bd := -1, math.Inf(1)
	for i, s := range v.Sensors {
		if d := math.Hypot(s.Pos[0]-p[0], s.Pos[1]-p[1]); d < bd {
			best, bd = i, d
		}
	}
	return best
}
