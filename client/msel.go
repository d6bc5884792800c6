package client

import "github.com/borderdrill/borderdrill/sim"

// The white cell's MSEL menu (I): its rows, filtered by team with Tab; a
// digit fires a row, or after S skips it, or after L postpones it by
// PostponeStep. The rows' live states come with the white cell's view.

// MenuAction is what a digit does in the MSEL menu.
type MenuAction uint8

// Menu actions.
const (
	MenuFire     MenuAction = iota // fire the row
	MenuSkip                       // skip it (S, then the digit)
	MenuPostpone                   // postpone it by PostponeStep (L, then the digit)
)

// PostponeStep is how much L postpones a row, in simulated seconds.
const PostponeStep = 30 * 60

// Rows returns the indices into Injects of the rows the MSEL menu lists:
// every row, or with a team filter the rows addressed to that team or to
// every team.
func (c *Controller) Rows() []int {
	var out []int
	for i, in := range c.Injects {
		if c.Filter == 0 || in.Addressee == c.Filter-1 || in.Addressee == sim.All {
			out = append(out, i)
		}
	}
	return out
}

// menuKey takes a key while the MSEL menu is open; it reports whether the
// key was the menu's.
func (c *Controller) menuKey(k Key) bool {
	rows := c.Rows()
	if d := k.Digit(); d > 0 {
		if i := c.Page*InjectsPerPage + d - 1; i < len(rows) {
			c.rowAction(rows[i])
		}
		c.Action = MenuFire
		return true
	}
	switch k {
	case KeyPageDown:
		if (c.Page+1)*InjectsPerPage < len(rows) {
			c.Page++
		}
	case KeyPageUp:
		if c.Page > 0 {
			c.Page--
		}
	case KeyS:
		c.Action = toggle(c.Action, MenuSkip)
	case KeyL:
		c.Action = toggle(c.Action, MenuPostpone)
	case KeyTab:
		c.Filter = (c.Filter + 1) % (c.Teams + 1)
		c.Page = 0
	case KeyEscape, KeyI:
		c.Menu, c.Action = false, MenuFire
	default:
		return false
	}
	return true
}

// toggle returns a, or MenuFire when the menu is already at a.
func toggle(now, a MenuAction) MenuAction {
	if now == a {
		return MenuFire
	}
	return a
}

// rowAction fires, skips or postpones MSEL row i.
func (c *Controller) rowAction(i int) {
	in := c.Injects[i]
	switch c.Action {
	case MenuSkip:
		c.emit(sim.Command{Kind: sim.CmdSkip, Inject: in.ID}, c.tr().F("ctl.skip", in.ID))
	case MenuPostpone:
		c.emit(sim.Command{Kind: sim.CmdPostpone, Inject: in.ID, For: int32(PostponeStep / max(c.TickSeconds, 1))},
			c.tr().F("ctl.postpone", in.ID, PostponeStep/60))
	default:
		c.fireInject(i)
	}
}
