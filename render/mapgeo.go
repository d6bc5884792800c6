package render

import (
	"image/color"
	"math"
	"slices"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
)

// fillSet is a set of non-overlapping polygons of one colour, triangulated
// once at load in world coordinates; per frame only the vertices are moved
// to the screen. Polygons are cut into triangles by ear clipping (drawn
// as they are); a polygon whose triangles do not add up to its area (a
// self-touching ring the clipping cannot untangle) goes into a set of fans
// drawn with the even-odd rule instead, where the fans of each ring cancel
// outside it and holes come out right.
type fillSet struct {
	col   color.RGBA
	rule  ebiten.FillRule
	world []orb.Point
	is    []uint16
	vs    []ebiten.Vertex // screen vertices, rewritten when the camera moves
	bound orb.Bound
}

func emptyBound() orb.Bound {
	return orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
}

// rings returns the polygon's rings without their closing points, and
// the start of each hole in the concatenation.
func rings(p orb.Polygon) (pts []orb.Point, holes []int) {
	for k, r := range p {
		if len(r) > 1 && r[0] == r[len(r)-1] {
			r = r[:len(r)-1]
		}
		if len(r) < 3 {
			if k == 0 {
				return nil, nil
			}
			continue
		}
		if k > 0 {
			holes = append(holes, len(pts))
		}
		pts = append(pts, r...)
	}
	return pts, holes
}

// triangulate returns the polygon's vertices and triangles, and whether
// the triangles cover exactly its area.
func triangulate(p orb.Polygon) ([]orb.Point, []int, bool) {
	pts, holes := rings(p)
	if len(pts) < 3 {
		return nil, nil, true
	}
	tris := earcut(pts, holes)
	want := 0.0
	for k := range holes {
		end := len(pts)
		if k+1 < len(holes) {
			end = holes[k+1]
		}
		want -= math.Abs(signedArea(pts[holes[k]:end])) / 2
	}
	outer := len(pts)
	if len(holes) > 0 {
		outer = holes[0]
	}
	want += math.Abs(signedArea(pts[:outer])) / 2
	got := 0.0
	for t := 0; t+2 < len(tris); t += 3 {
		a, b, c := pts[tris[t]], pts[tris[t+1]], pts[tris[t+2]]
		got += math.Abs((b[0]-a[0])*(c[1]-a[1])-(c[0]-a[0])*(b[1]-a[1])) / 2
	}
	return pts, tris, math.Abs(got-want) <= 1e-6*math.Max(want, 1)
}

// add appends a polygon's triangles (or, with fans, its ring fans). It
// reports false when the set is full.
func (f *fillSet) add(pts []orb.Point, tris []int) bool {
	if len(f.world)+len(pts) > maxBatchVertices {
		return false
	}
	base := uint16(len(f.world))
	f.world = append(f.world, pts...)
	for _, i := range tris {
		f.is = append(f.is, base+uint16(i))
	}
	f.bound = f.bound.Union(orb.MultiPoint(pts).Bound())
	return true
}

// fans returns the triangle fans of the polygon's rings.
func fans(pts []orb.Point, holes []int) []int {
	var out []int
	starts := append([]int{0}, holes...)
	for k, s := range starts {
		e := len(pts)
		if k+1 < len(starts) {
			e = starts[k+1]
		}
		for i := s + 1; i+1 < e; i++ {
			out = append(out, s, i, i+1)
		}
	}
	return out
}

// fillSets builds the fill sets of polygons of one colour, splitting
// where the uint16 index limit needs it.
func fillSets(col color.RGBA, polys []orb.Polygon) []*fillSet {
	var out []*fillSet
	cur := map[ebiten.FillRule]*fillSet{}
	put := func(rule ebiten.FillRule, pts []orb.Point, tris []int) {
		if len(pts) > maxBatchVertices {
			return // a single polygon over the limit: not in the bundled data
		}
		f := cur[rule]
		if f == nil || !f.add(pts, tris) {
			f = &fillSet{col: col, rule: rule, bound: emptyBound()}
			out = append(out, f)
			cur[rule] = f
			f.add(pts, tris)
		}
	}
	for _, p := range polys {
		pts, tris, ok := triangulate(p)
		if len(pts) == 0 {
			continue
		}
		if ok {
			put(ebiten.FillRuleFillAll, pts, tris)
			continue
		}
		ppts, holes := rings(p)
		put(ebiten.FillRuleEvenOdd, ppts, fans(ppts, holes))
	}
	return out
}

// project moves the set's vertices to the screen.
func (f *fillSet) project(cam *client.Camera) {
	f.vs = f.vs[:0]
	c := f.col
	r, g, b, a := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255, float32(c.A)/255
	for _, p := range f.world {
		x, y := cam.ToScreen(p)
		f.vs = append(f.vs, ebiten.Vertex{DstX: float32(x), DstY: float32(y), SrcX: 1.5, SrcY: 1.5, ColorR: r, ColorG: g, ColorB: b, ColorA: a})
	}
}

// polyline is a line in world coordinates with its bound, for culling.
type polyline struct {
	pts   []orb.Point
	bound orb.Bound
}

func newPolylines(ls []orb.LineString) []polyline {
	out := make([]polyline, 0, len(ls))
	for _, l := range ls {
		if len(l) < 2 {
			continue
		}
		out = append(out, polyline{pts: l, bound: l.Bound()})
	}
	return out
}

// label is a named place on the map.
type label struct {
	text  string // drawn: for a town, its name in the reader's language
	name  string // a town's own name, which texts mention (places.go)
	pos   orb.Point
	rank  int  // lower draws first and wins collisions
	named bool // a place the scenario names (places.go)
}

// staticMap is the map geometry prepared once at load.
type staticMap struct {
	m          *maps.Map
	window     []*fillSet // the data window (lon/lat box of the countries): sea inside
	countries  []*fillSet // border country A, B, then third countries
	lakes      []*fillSet
	border     []polyline
	rivers     []polyline
	lakeEdges  []polyline
	tracks     []polyline
	towns      []label
	borderBox  orb.Bound    // the border's bound: where the camera starts
	countryCol []color.RGBA // fill by country index
	labelCol   []color.RGBA // label colour by country index
}

// countryColours returns the fill and label colour of country i.
func countryColours(c maps.Country, i int) (fill, text color.RGBA) {
	switch {
	case c.Role == "third_country":
		return colThird, colThirdk
	case i == 0:
		return colCountryA, colCountryAk
	case i == 1:
		return colCountryB, colCountryBk
	}
	return colThird, colThirdk
}

func newStaticMap(m *maps.Map, lang string) *staticMap {
	s := &staticMap{m: m}
	byCol := map[color.RGBA][]orb.Polygon{}
	var order []color.RGBA
	for i, c := range m.Countries {
		fill, text := countryColours(c, i)
		s.countryCol = append(s.countryCol, fill)
		s.labelCol = append(s.labelCol, text)
		if _, ok := byCol[fill]; !ok {
			order = append(order, fill)
		}
		byCol[fill] = append(byCol[fill], c.Shape...)
	}
	for _, col := range order {
		s.countries = append(s.countries, fillSets(col, byCol[col])...)
	}
	if w := windowPolygon(m); w != nil {
		s.window = fillSets(colSea, []orb.Polygon{w})
	}
	var lakes []orb.Polygon
	for _, l := range m.Lakes {
		lakes = append(lakes, l.Shape)
		for _, r := range l.Shape {
			s.lakeEdges = append(s.lakeEdges, newPolylines([]orb.LineString{orb.LineString(r)})...)
		}
	}
	s.lakes = fillSets(colLake, lakes)
	s.border = newPolylines(m.Border)
	var rivers []orb.LineString
	for _, r := range m.Rivers {
		rivers = append(rivers, r.Line)
	}
	s.rivers = newPolylines(rivers)
	for _, t := range m.Tracks {
		s.tracks = append(s.tracks, newPolylines(t.Lines)...)
	}
	for i, t := range m.Towns { // largest first
		s.towns = append(s.towns, label{text: i18n.PlaceName(t.Name, t.Label, lang), name: t.Name, pos: t.Pos, rank: i})
	}
	s.borderBox = m.Bound
	if len(m.Border) > 0 {
		b := m.Border[0].Bound()
		for _, l := range m.Border[1:] {
			b = b.Union(l.Bound())
		}
		s.borderBox = b
	}
	return s
}

// windowPolygon returns the map's data window, the lon/lat box of its
// countries, as a planar polygon (its edges are curves once projected).
// Outside it there is no data, which is drawn apart from the sea.
func windowPolygon(m *maps.Map) orb.Polygon {
	lo := orb.Point{math.Inf(1), math.Inf(1)}
	hi := orb.Point{math.Inf(-1), math.Inf(-1)}
	for _, c := range m.Countries {
		for _, pg := range c.Shape {
			for _, r := range pg {
				for _, p := range r {
					ll := m.Proj.Inverse(p)
					lo = orb.Point{math.Min(lo[0], ll[0]), math.Min(lo[1], ll[1])}
					hi = orb.Point{math.Max(hi[0], ll[0]), math.Max(hi[1], ll[1])}
				}
			}
		}
	}
	if lo[0] > hi[0] {
		return nil
	}
	const n = 64
	var ring orb.Ring
	edge := func(a, b orb.Point) {
		for i := 0; i < n; i++ {
			t := float64(i) / n
			ring = append(ring, m.Proj.Forward(orb.Point{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}))
		}
	}
	edge(lo, orb.Point{hi[0], lo[1]})
	edge(orb.Point{hi[0], lo[1]}, hi)
	edge(hi, orb.Point{lo[0], hi[1]})
	edge(orb.Point{lo[0], hi[1]}, lo)
	ring = append(ring, ring[0])
	return orb.Polygon{ring}
}

// strokeLines adds the visible parts of lines to b as strokes w pixels wide,
// dropping vertices closer than a pixel to the last one kept. With joins,
// thick lines get round joins.
func strokeLines(b *batch, cam *client.Camera, lines []polyline, w float64, c color.RGBA, joins bool) {
	view := grow(cam.Bound(), (w+2)/cam.Scale)
	for _, l := range lines {
		if !l.bound.Intersects(view) {
			continue
		}
		px, py := cam.ToScreen(l.pts[0])
		if joins {
			b.disc(px, py, w/2, c)
		}
		last := len(l.pts) - 1
		for i := 1; i <= last; i++ {
			x, y := cam.ToScreen(l.pts[i])
			if i < last && math.Abs(x-px) < 1 && math.Abs(y-py) < 1 {
				continue
			}
			if segVisible(px, py, x, y, float64(cam.W), float64(cam.H), w) {
				b.line(px, py, x, y, w, c)
				if joins {
					b.disc(x, y, w/2, c)
				}
			}
			px, py = x, y
		}
	}
}

// dashLines adds the visible parts of lines as dashed strokes.
func dashLines(b *batch, cam *client.Camera, lines []polyline, w, dash, gap float64, c color.RGBA) {
	view := grow(cam.Bound(), (w+2)/cam.Scale)
	for _, l := range lines {
		if !l.bound.Intersects(view) {
			continue
		}
		px, py := cam.ToScreen(l.pts[0])
		phase := 0.0
		last := len(l.pts) - 1
		for i := 1; i <= last; i++ {
			x, y := cam.ToScreen(l.pts[i])
			if i < last && math.Hypot(x-px, y-py) < 2 {
				continue
			}
			if segVisible(px, py, x, y, float64(cam.W), float64(cam.H), w) {
				phase = b.dashed(px, py, x, y, w, dash, gap, phase, c)
			} else {
				phase = math.Mod(phase+math.Hypot(x-px, y-py), dash+gap)
			}
			px, py = x, y
		}
	}
}

// segVisible reports whether a segment's box meets the screen.
func segVisible(x0, y0, x1, y1, w, h, pad float64) bool {
	return math.Max(x0, x1) >= -pad && math.Min(x0, x1) <= w+pad &&
		math.Max(y0, y1) >= -pad && math.Min(y0, y1) <= h+pad
}

func grow(b orb.Bound, d float64) orb.Bound {
	return orb.Bound{Min: orb.Point{b.Min[0] - d, b.Min[1] - d}, Max: orb.Point{b.Max[0] + d, b.Max[1] + d}}
}

// countryLabels places one label per border country in r (the part of the
// screen free of panels): the point
// of a coarse screen grid inside the country that has the most grid
// neighbours in the same country (deep inside), ties broken towards the
// middle of the country's visible cells. Third countries get a label too
// when enough of them is on screen.
func countryLabels(m *maps.Map, cam *client.Camera, r client.Rect) []label {
	const nx, ny = 16, 10
	if r.X1-r.X0 < 1 || r.Y1-r.Y0 < 1 {
		r = client.Rect{X1: float64(cam.W), Y1: float64(cam.H)}
	}
	// Screen position of grid cell (i, j), within r.
	at := func(i, j int) (float64, float64) {
		return r.X0 + (float64(i)+0.5)*(r.X1-r.X0)/nx, r.Y0 + (float64(j)+0.5)*(r.Y1-r.Y0)/ny
	}
	var grid [ny][nx]int
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			grid[j][i] = m.CountryAt(cam.ToWorld(at(i, j)))
		}
	}
	var out []label
	for c := range m.Countries {
		var cells [][2]int
		sx, sy := 0.0, 0.0
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				if grid[j][i] == c {
					cells = append(cells, [2]int{i, j})
					sx += float64(i)
					sy += float64(j)
				}
			}
		}
		if len(cells) == 0 || (c > 1 && len(cells) < 6) {
			continue
		}
		mx, my := sx/float64(len(cells)), sy/float64(len(cells))
		score := func(i, j int) float64 {
			n := 0
			for dj := -2; dj <= 2; dj++ {
				for di := -2; di <= 2; di++ {
					ii, jj := i+di, j+dj
					if ii >= 0 && ii < nx && jj >= 0 && jj < ny && grid[jj][ii] == c {
						n++
					}
				}
			}
			return float64(n) - 0.05*math.Hypot(float64(i)-mx, float64(j)-my)
		}
		best := slices.MaxFunc(cells, func(a, b [2]int) int {
			sa, sb := score(a[0], a[1]), score(b[0], b[1])
			switch {
			case sa < sb:
				return -1
			case sa > sb:
				return 1
			}
			return 0
		})
		x, y := at(best[0], best[1])
		out = append(out, label{text: m.Countries[c].Name, pos: cam.ToWorld(x, y), rank: c})
	}
	return out
}
