package render

import "github.com/borderdrill/borderdrill/client"

// waitingForTeams is what the top bar says of the teams while an exercise
// on a server is paused before its start: "waiting for teams (1/3)" while
// some team has nobody connected, "all 3 teams connected" once each has
// one, and "" when the exercise does not say (local play, a replay, an
// old server). waiting is true while some team is missing.
func (g *Game) waitingForTeams() (s string, waiting bool) {
	a, ok := g.unwrap().(client.Attendance)
	if !ok {
		return "", false
	}
	n, of, ok := a.Present()
	switch {
	case !ok || of == 0:
		return "", false
	case n < of:
		return g.tr.F("hud.waiting_teams", n, of), true
	}
	return g.tr.F("hud.all_teams", of), false
}

// Status returns the right-hand text of the top bar as last drawn: the
// speed and tick, or why the exercise is paused.
func (g *Game) Status() string { return g.status }
