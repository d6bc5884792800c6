package client

import (
	"math"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// The white cell's ad-hoc menu (A): a digit opens the form of an ad-hoc
// inject (forms.go; PROTOCOL.md CommandKinds 13–23 and 58) — a surge, a
// message, a sensor outage or restore, a comms cut, degradation or
// restore, the weather, an agreement's terms, a unit added or withdrawn —
// or switches the team shown under computer control or back.
//
// The staff beside the white cell see only what they may use: a nation's
// controller the MSEL rows addressed to its teams (fire, skip, postpone),
// an evaluator the MSEL and the observation form; neither has the clock,
// the views, nor the ad-hoc menu.

// KeyA opens the white cell's ad-hoc menu.
const KeyA Key = 64

// Defaults of the ad-hoc surge form.
const (
	AdHocSurgeGroups     = 5  // groups of an ad-hoc surge
	AdHocSurgeSize       = 8  // persons per group
	AdHocSurgeVulnerable = 25 // percent of the groups with vulnerable persons
)

// AdHocActions are the ad-hoc menu's entries by digit (1 is the first), as
// catalog keys.
var AdHocActions = [...]string{"adhoc.surge", "adhoc.message", "adhoc.sensor", "adhoc.comms",
	"adhoc.weather", "adhoc.agreement", "adhoc.add_unit", "adhoc.remove_unit", "adhoc.auto"}

// adHocForms are the forms the menu's digits open, by digit - 1.
var adHocForms = [...]FormKind{FormSurge, FormMessage, FormSensor, FormComms, FormWeather, FormAgreement, FormAddUnit, FormRemoveUnit}

// WhiteCell reports whether the user controls the exercise: the
// instructor, not an evaluator or a nation's controller, who also see
// ground truth.
func (c *Controller) WhiteCell() bool {
	return c.Instructor() && c.Role != wire.RoleEvaluator && c.Role != wire.RoleController
}

// Evaluator reports whether the user is an evaluator.
func (c *Controller) Evaluator() bool { return c.Role == wire.RoleEvaluator }

// adHocKey takes a key while the ad-hoc menu is open; it reports whether
// the key was the menu's.
func (c *Controller) adHocKey(k Key, v *sim.View) bool {
	if d := k.Digit(); d > 0 {
		c.AdHoc = false
		switch {
		case d <= len(adHocForms):
			c.OpenForm(adHocForms[d-1], v)
		default:
			c.toggleAuto()
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

// toggleAuto switches the team shown under computer control or back.
func (c *Controller) toggleAuto() {
	team := c.shownTeam()
	on := !c.autoOn[team]
	if c.autoOn == nil {
		c.autoOn = map[int]bool{}
	}
	c.autoOn[team] = on
	c.emit(sim.Command{Kind: sim.CmdAuto, ToTeam: team, On: on}, c.tr().T("ctl.adhoc_auto"))
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
