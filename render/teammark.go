package render

// Every team has a shape besides its colour (teamColours, the Okabe–Ito
// palette, told apart with every common colour-vision deficiency), so that
// a reader who cannot tell two colours apart still tells the teams apart:
// a small white mark with a dark edge at the lower left of the team's
// units, of the tracks in the white cell's view and of its legend row.

// teamMarkR is the half-size of a team mark, pixels.
const teamMarkR = 3.6

// teamMark draws team's mark centred at (x, y); nothing for the white cell.
func teamMark(b *batch, team int, x, y float64) {
	if team < 0 {
		return
	}
	r := teamMarkR
	switch team % 8 {
	case 0: // disc
		b.disc(x, y, r+1.2, colOutline)
		b.disc(x, y, r, colWhite)
	case 1: // triangle
		b.triangleUp(x, y, r+2.4, colOutline)
		b.triangleUp(x, y, r+0.6, colWhite)
	case 2: // hollow square
		b.rect(x-r-1, y-r-1, x+r+1, y+r+1, colOutline)
		b.frame(x-r, y-r, x+r, y+r, 1.4, colWhite)
	case 3: // cross
		b.cross(x, y, r+0.4, 3.8, colOutline)
		b.cross(x, y, r-0.4, 1.8, colWhite)
	case 4: // diamond
		b.diamond(x, y, r+2, colOutline)
		b.diamond(x, y, r+0.4, colWhite)
	case 5: // ring
		b.disc(x, y, r+1.2, colOutline)
		b.ring(x, y, r-0.2, 1.4, colWhite)
	case 6: // bar
		b.rect(x-r-1, y-2.2, x+r+1, y+2.2, colOutline)
		b.rect(x-r, y-1, x+r, y+1, colWhite)
	default: // square
		b.rect(x-r-1, y-r-1, x+r+1, y+r+1, colOutline)
		b.rect(x-r+0.3, y-r+0.3, x+r-0.3, y+r-0.3, colWhite)
	}
}
