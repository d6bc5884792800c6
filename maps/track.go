package maps

import (
	"math"
	"slices"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/simplify"
)

const (
	trackSample   = 200.0  // metres between tested points of the offset line
	trackTol      = 1.0    // metres of slack below TrackOffset when testing the border distance
	trackMergeGap = 100.0  // metres: pieces whose ends are closer are joined
	trackMinPiece = 1000.0 // metres: shorter pieces are dropped
	trackSimplify = 5.0    // metres: Douglas–Peucker tolerance of the result
	trackArcStep  = 0.04   // radians between points of a round join (chord sag 0.4 m at TrackOffset, below trackTol)
)

// buildTracks sets m.Tracks: for each of the two border countries, every
// border section it lies on is offset by TrackOffset into it (round joins on
// the outer side of bends), and the offset line is kept only where it lies
// in that country and no part of the border is nearer than TrackOffset (so
// the loops an offset line forms in tight bends and narrow strips are cut
// away). Pieces are joined across small gaps, shorter ones dropped.
//
// The two countries' tracks are built at the same time; each writes only
// its own PatrolTrack, so the result is the same as built one after another.
func (m *Map) buildTracks() {
	m.Tracks = make([]PatrolTrack, 2)
	var wg sync.WaitGroup
	for ci := 0; ci < 2; ci++ {
		wg.Go(func() { m.buildTrack(ci) })
	}
	wg.Wait()
}

// buildTrack sets m.Tracks[ci] (see buildTracks).
func (m *Map) buildTrack(ci int) {
	m.Tracks[ci].Country = ci
	for s, ls := range m.Border {
		side := 0.0
		switch ci {
		case m.sides[s].left:
			side = 1
		case m.sides[s].right:
			side = -1
		default:
			continue
		}
		raw := offsetLine(ls, side*TrackOffset)
		for _, piece := range m.clipTrack(ci, raw) {
			piece = simplify.DouglasPeucker(trackSimplify).LineString(piece)
			if len(piece) >= 2 && lineLength(piece) >= trackMinPiece {
				m.Tracks[ci].Lines = append(m.Tracks[ci].Lines, slices.Clone(piece)) // not the clip's buffer
			}
		}
	}
}

// offsetLine offsets ls by d metres to its left (d > 0) or right (d < 0),
// with round joins on the outer side of bends and plain joins on the inner
// side (where the offset segments cross; the crossing loops are cut later).
func offsetLine(ls orb.LineString, d float64) orb.LineString {
	segs := make([][2]orb.Point, 0, max(len(ls)-1, 0)) // vertex indices, left normal
	for i := 0; i+1 < len(ls); i++ {
		dx, dy := ls[i+1][0]-ls[i][0], ls[i+1][1]-ls[i][1]
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		segs = append(segs, [2]orb.Point{{float64(i), float64(i + 1)}, {-dy / l, dx / l}})
	}
	// Two points per segment, and the round joins: a join turning by da
	// radians adds |da|/trackArcStep points, about three per segment on a
	// border line of the data (can-usa: 5,869 points for 1,230 segments).
	pts := make([]orb.Point, 0, 5*len(segs)+16)
	for k, sg := range segs {
		a, b := ls[int(sg[0][0])], ls[int(sg[0][1])]
		n := sg[1]
		if k > 0 {
			pn := segs[k-1][1]
			turn := pn[0]*n[1] - pn[1]*n[0] // > 0: left turn
			if turn*d < 0 {
				// outer side: arc around a from the previous normal to this one
				a0 := math.Atan2(pn[1], pn[0])
				a1 := math.Atan2(n[1], n[0])
				da := a1 - a0
				for da > math.Pi {
					da -= 2 * math.Pi
				}
				for da < -math.Pi {
					da += 2 * math.Pi
				}
				steps := int(math.Abs(da)/trackArcStep) + 1
				for j := 1; j < steps; j++ {
					t := a0 + da*float64(j)/float64(steps)
					pts = append(pts, orb.Point{a[0] + d*math.Cos(t), a[1] + d*math.Sin(t)})
				}
			}
		}
		pts = append(pts, orb.Point{a[0] + d*n[0], a[1] + d*n[1]}, orb.Point{b[0] + d*n[0], b[1] + d*n[1]})
	}
	return pts
}

// trackOK reports whether p may be on country ci's track.
func (m *Map) trackOK(ci int, p orb.Point) bool {
	return m.CountryAt(p) == ci && !m.border.closerThan(p, TrackOffset-trackTol)
}

// clipTrack cuts the raw offset line of country ci to the pieces that pass
// trackOK, locating each cut by bisection and joining pieces whose ends are
// within trackMergeGap. The pieces are written one after another into one
// buffer (a piece too short to keep is taken back), so joining a piece to
// the one before only lengthens that one; they share the buffer.
func (m *Map) clipTrack(ci int, raw orb.LineString) []orb.LineString {
	samples := 1
	for i := 0; i+1 < len(raw); i++ {
		samples += int(math.Hypot(raw[i+1][0]-raw[i][0], raw[i+1][1]-raw[i][1])/trackSample) + 1
	}
	buf := make([]orb.Point, 0, samples+samples/8+8)
	var pieces [][2]int // [start, end) in buf
	cur := 0            // the piece being drawn is buf[cur:]
	flush := func() {
		if len(buf)-cur < 2 {
			buf = buf[:cur]
			return
		}
		if n := len(pieces); n > 0 {
			e, c := buf[pieces[n-1][1]-1], buf[cur]
			if math.Hypot(c[0]-e[0], c[1]-e[1]) <= trackMergeGap {
				pieces[n-1][1] = len(buf)
				cur = len(buf)
				return
			}
		}
		pieces = append(pieces, [2]int{cur, len(buf)})
		cur = len(buf)
	}
	cut := func(in, outP orb.Point) orb.Point {
		for range 12 {
			mid := orb.Point{(in[0] + outP[0]) / 2, (in[1] + outP[1]) / 2}
			if m.trackOK(ci, mid) {
				in = mid
			} else {
				outP = mid
			}
		}
		return in
	}
	var prev orb.Point
	prevOK := false
	visit := func(p orb.Point, first bool) {
		ok := m.trackOK(ci, p)
		switch {
		case ok && (first || prevOK):
			buf = append(buf, p)
		case ok:
			buf = append(buf, cut(p, prev), p)
		case !first && prevOK:
			buf = append(buf, cut(prev, p))
			flush()
		}
		prev, prevOK = p, ok
	}
	for i := 0; i+1 < len(raw); i++ {
		a, b := raw[i], raw[i+1]
		l := math.Hypot(b[0]-a[0], b[1]-a[1])
		steps := int(l/trackSample) + 1
		for j := 0; j < steps; j++ {
			t := float64(j) / float64(steps)
			visit(orb.Point{a[0] + t*(b[0]-a[0]), a[1] + t*(b[1]-a[1])}, i == 0 && j == 0)
		}
	}
	if len(raw) > 0 {
		visit(raw[len(raw)-1], len(raw) == 1)
	}
	flush()
	out := make([]orb.LineString, len(pieces))
	for i, p := range pieces {
		out[i] = buf[p[0]:p[1]:p[1]]
	}
	return out
}
