package render

import (
	"cmp"
	"slices"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// This file logs the tracks that leave the picture. The World retires a
// track silently when nothing has reported it for sim.TrackLifetime (a
// shared track that its partner stopped sending, a detection the sensors
// lost), so without a line the track list fell to 0 while the log still
// said "T1 shared with GRC".

// trackName names a track across pictures: a track id is unique within one
// team's picture only.
type trackName struct {
	team int
	id   int32
}

// picture remembers the tracks of the previous view.
type picture struct {
	team  int
	tick  int32
	init  bool
	last  map[trackName]orb.Point // the previous view's tracks, where they were
	next  map[trackName]orb.Point
	gone  []trackName
	where map[trackName]orb.Point // gone's last positions
}

// arrive takes a new view and returns the tracks of the previous view of
// the same picture that v no longer has, by team and id; nil after a
// switch of picture or a step back in time (a replay's seek), when v
// starts the comparison over.
func (p *picture) arrive(v *sim.View) []trackName {
	if p.last == nil {
		p.last, p.next, p.where = map[trackName]orb.Point{}, map[trackName]orb.Point{}, map[trackName]orb.Point{}
	}
	clear(p.next)
	for _, t := range v.Tracks {
		p.next[trackName{t.Team, t.ID}] = t.Pos
	}
	p.gone = p.gone[:0]
	clear(p.where)
	if p.init && v.Team == p.team && v.Tick >= p.tick {
		for k, pos := range p.last {
			if _, ok := p.next[k]; !ok {
				p.gone = append(p.gone, k)
				p.where[k] = pos
			}
		}
		slices.SortFunc(p.gone, func(a, b trackName) int { return cmp.Or(cmp.Compare(a.team, b.team), cmp.Compare(a.id, b.id)) })
	}
	p.team, p.tick, p.init = v.Team, v.Tick, true
	p.last, p.next = p.next, p.last
	return p.gone
}

// logGone logs each track of the picture that v no longer has, with where
// it was last (a click there centres the map on it).
func (g *Game) logGone(v *sim.View) {
	life := sim.TrackLifetime / 60 // minutes
	for _, k := range g.picture.arrive(v) {
		ref := logRef{track: -1, unit: -1, pos: g.picture.where[k]}
		if v.Team == sim.Instructor {
			g.logRef(v.Tick, colTextDim, ref, "%s", g.tr.F("log.track_dropped_team", g.info.TeamID(k.team), k.id, life))
			continue
		}
		g.logRef(v.Tick, colTextDim, ref, "%s", g.tr.F("log.track_dropped", k.id, life))
	}
}
