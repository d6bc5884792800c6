package render

import (
	"fmt"

	"github.com/borderdrill/borderdrill/client"
)

// adHocMenu draws the white cell's ad-hoc menu (A, client/whitecell.go): the
// nine actions by digit, each taken at the cursor when its digit is
// pressed, in the top right corner so that the map under the cursor stays
// in sight.
func (g *Game) adHocMenu(b *batch, texts []hudText) []hudText {
	W := float64(g.cam.W)
	f := g.fonts
	w := min(430.0, W-40)
	h := float64(len(client.AdHocActions))*19 + 62
	x, y := W-w-12, hudBarH+8
	g.panel(b, x, y, w, h)
	texts = append(texts, hudText{clip(g.tr.T("adhoc.title"), f.bold, w-32), f.bold, x + 16, y + 12, colText})
	team := g.tr.T("msel.all_teams")
	if t := g.ctl.ViewTeam; t >= 0 {
		team = g.info.TeamID(t)
	}
	texts = append(texts, hudText{clip(g.tr.F("adhoc.hint", team), f.small, w-32), f.small, x + 16, y + 32, colTextDim})
	for i, key := range client.AdHocActions {
		ty := y + 54 + float64(i)*19
		texts = append(texts, hudText{fmt.Sprintf("%d", i+1), f.bold, x + 16, ty, colWarn})
		texts = append(texts, hudText{clip(g.tr.T(key), f.body, w-60), f.body, x + 40, ty, colText})
	}
	return texts
}
