package client

import (
	"math"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// The orders that set how units, sensors and checkpoints work (PROTOCOL.md
// commands 44–46, 24, 26 and 48): P steps the selected units' pace through
// 100, 50 and 25 % of their speed, W turns the team's camera or radar
// nearest the cursor (one with a sector) to face it, E sends the selected
// units that escort persons to the reception point (or base) nearest the
// cursor, Y has them hand the persons back to the neighbour at the team's
// nearest open checkpoint (readmission), M opens every car lane of the
// team's checkpoint nearest the cursor (with all open: one), and Z opens
// or closes that checkpoint's crossing.

// Keys of these orders.
const (
	KeyP Key = 80
	KeyW Key = 81
	KeyE Key = 82
	KeyY Key = 83
	KeyM Key = 84
	KeyZ Key = 85
)

// Paces is the cycle P steps through, in percent of a unit's speed.
var Paces = [...]int{100, 50, 25}

// NextPace returns the pace P sets after pace: the next slower one of
// Paces, or full speed after the slowest.
func NextPace(pace int) int {
	for _, p := range Paces {
		if p < pace {
			return p
		}
	}
	return Paces[0]
}

// Azimuth returns the degrees clockwise from grid north, 0 to 359, in
// which to is seen from from.
func Azimuth(fromX, fromY, toX, toY float64) int {
	a := int(math.Round(math.Atan2(toX-fromX, toY-fromY) * 180 / math.Pi))
	return (a + 360) % 360
}

// nearestOf returns the index of the item of xs nearest p among those where
// at says ok, or -1 for none.
func nearestOf[T any](xs []T, p orb.Point, at func(T) (orb.Point, bool)) int {
	best, bd := -1, math.Inf(1)
	for i, x := range xs {
		q, ok := at(x)
		if !ok {
			continue
		}
		if d := math.Hypot(q[0]-p[0], q[1]-p[1]); d < bd {
			best, bd = i, d
		}
	}
	return best
}

// ordersKey handles P, W and E; it reports whether it took the key.
func (c *Controller) ordersKey(k Key, in Input, v *sim.View) bool {
	if c.Instructor() || (k != KeyP && k != KeyW && k != KeyE && k != KeyY && k != KeyM && k != KeyZ) {
		return false
	}
	p := c.Cam.ToWorld(in.X, in.Y)
	switch k {
	case KeyP:
		units := c.ownSelected(v)
		if len(units) == 0 {
			c.noOwnUnits(v)
			return true
		}
		for _, u := range units {
			pace := NextPace(u.Pace)
			c.emit(sim.Command{Kind: sim.CmdPace, Unit: u.ID, Count: pace}, c.tr().F("ctl.pace", u.Name, pace))
		}
	case KeyW:
		best := nearestOf(v.Sensors, p, func(s sim.SensorView) (orb.Point, bool) { return s.Pos, s.Team == c.Team && s.Sector > 0 })
		if best < 0 {
			c.notice("%s", c.tr().T("ctl.no_sector"))
			return true
		}
		s := v.Sensors[best]
		az := Azimuth(s.Pos[0], s.Pos[1], p[0], p[1])
		c.emit(sim.Command{Kind: sim.CmdAim, Index: int(s.ID), Count: az}, c.tr().F("ctl.aim", s.Name, az))
	case KeyE:
		n := 0
		for _, u := range c.ownSelected(v) {
			if u.Custody > 0 {
				c.emit(sim.Command{Kind: sim.CmdTransfer, Unit: u.ID, Target: p}, c.tr().F("ctl.transfer", u.Name))
				n++
			}
		}
		if n == 0 {
			c.notice("%s", c.tr().T("ctl.no_escort"))
		}
	case KeyY:
		c.unitOrder(v, sim.CmdReadmit, "ctl.readmit", func(u sim.UnitView) bool { return u.Custody > 0 }, "ctl.no_escort")
	case KeyM, KeyZ:
		best := nearestOf(v.Checks, p, func(cp sim.CheckpointView) (orb.Point, bool) { return cp.Pos, cp.Team == c.Team })
		if best < 0 {
			c.notice("%s", c.tr().T("ctl.no_checkpoint"))
			return true
		}
		cp := v.Checks[best]
		if k == KeyZ {
			c.emit(sim.Command{Kind: sim.CmdCrossing, Index: best, On: !cp.Open}, c.tr().F(map[bool]string{true: "ctl.crossing_open", false: "ctl.crossing_close"}[!cp.Open], cp.Name))
			return true
		}
		lanes := cp.Installed
		if cp.Lanes >= cp.Installed {
			lanes = 1
		}
		c.emit(sim.Command{Kind: sim.CmdLanes, Index: best, Count: lanes}, c.tr().F("ctl.lanes", cp.Name, lanes))
	}
	return true
}
