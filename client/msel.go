package client

import "github.com/borderdrill/borderdrill/sim"

// The MSEL table (I): its rows, filtered by team with Tab, scrolled with
// the arrows, PgUp/PgDn, Home/End or the wheel. Enter acts on the row
// under the cursor, a digit on the row shown at that place: the white cell
// and a nation's controller fire it, or after S skip it, or after L
// postpone it by PostponeStep; an evaluator writes an observation of it
// (forms.go). The rows' live states come with the view.

// MenuAction is what Enter or a digit does in the MSEL table.
type MenuAction uint8

// Menu actions.
const (
	MenuFire     MenuAction = iota // fire the row
	MenuSkip                       // skip it (S, then the row)
	MenuPostpone                   // postpone it by PostponeStep (L, then the row)
)

// PostponeStep is how much L postpones a row, in simulated seconds.
const PostponeStep = 30 * 60

// Rows returns the indices into Injects of the rows the MSEL table lists:
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

// Shown returns how many rows the table shows at once (MenuRows, as the
// render last laid it out; InjectsPerPage before that).
func (c *Controller) Shown() int {
	if c.MenuRows > 0 {
		return c.MenuRows
	}
	return InjectsPerPage
}

// scrollTo moves the cursor to row i of n and scrolls so that it is
// shown.
func (c *Controller) scrollTo(i, n int) {
	c.Cursor = min(max(i, 0), max(n-1, 0))
	shown := c.Shown()
	switch {
	case c.Cursor < c.Scroll:
		c.Scroll = c.Cursor
	case c.Cursor >= c.Scroll+shown:
		c.Scroll = c.Cursor - shown + 1
	}
	c.Scroll = min(max(c.Scroll, 0), max(n-shown, 0))
}

// ScrollBy scrolls the table by n rows (the wheel), keeping the cursor on
// a row shown.
func (c *Controller) ScrollBy(n int) {
	rows := len(c.Rows())
	c.Scroll = min(max(c.Scroll+n, 0), max(rows-c.Shown(), 0))
	c.Cursor = min(max(c.Cursor, c.Scroll), c.Scroll+c.Shown()-1)
	c.Cursor = min(c.Cursor, max(rows-1, 0))
}

// menuKey takes a key while the MSEL table is open; it reports whether the
// key was the table's.
func (c *Controller) menuKey(k Key, v *sim.View) bool {
	rows := c.Rows()
	n := len(rows)
	if d := k.Digit(); d > 0 {
		if i := c.Scroll + d - 1; i < n {
			c.Cursor = i
			c.rowAction(rows[i], v)
		}
		c.Action = MenuFire
		return true
	}
	switch k {
	case KeyEnter:
		if c.Cursor < n {
			c.rowAction(rows[c.Cursor], v)
		}
		c.Action = MenuFire
	case KeyUp:
		c.scrollTo(c.Cursor-1, n)
	case KeyDown:
		c.scrollTo(c.Cursor+1, n)
	case KeyPageDown:
		c.scrollTo(c.Cursor+c.Shown(), n)
	case KeyPageUp:
		c.scrollTo(c.Cursor-c.Shown(), n)
	case KeyHome:
		c.scrollTo(0, n)
	case KeyEnd:
		c.scrollTo(n-1, n)
	case KeyS, KeyL:
		if c.Evaluator() {
			return true // an evaluator observes: it neither skips nor postpones
		}
		a := MenuSkip
		if k == KeyL {
			a = MenuPostpone
		}
		c.Action = toggle(c.Action, a)
	case KeyTab:
		c.Filter = (c.Filter + 1) % (c.Teams + 1)
		c.Scroll, c.Cursor = 0, 0
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

// rowAction fires, skips or postpones MSEL row i, or for an evaluator opens
// the observation form about it.
func (c *Controller) rowAction(i int, v *sim.View) {
	in := c.Injects[i]
	if c.Evaluator() {
		c.OpenObservation(in.ID, v)
		return
	}
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
