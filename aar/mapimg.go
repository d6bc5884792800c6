package aar

import (
	"cmp"
	"fmt"
	"github.com/borderdrill/borderdrill/i18n"
	"image/color"
	"math"
	"slices"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Map geometry and style.
const (
	mapWidth    = 9 * vg.Inch
	mapHeight   = 6 * vg.Inch
	clusterGap  = 80e3 // metres: activity further apart than this goes on separate maps
	maxMaps     = 3
	mapMinSpan  = 16e3 // metres: the smallest area a map shows
	maxTownTags = 14
)

var (
	colWater   = rgb(0xd6e6f2)
	colLake    = rgb(0xbfd8ee)
	colRiver   = rgb(0x86b2d8)
	colOutline = rgb(0xa0a0a0)
	colBorder  = rgb(0x6a1b9a)
	colLand    = []color.Color{
		rgb(0xf3eee0), // first border country
		rgb(0xe4eedc), // second border country
		rgb(0xececec), // third countries
	}
)

// MapView is one map of the report: an area of activity and what it shows.
type MapView struct {
	Bound   orb.Bound // planar, metres
	Near    string    // the largest town in view, for the caption
	Counts  MapCounts
	Picture []byte // PNG
}

// MapCounts counts the markers of a map.
type MapCounts struct {
	Detected, Missed, Apprehended, Escaped, AtLarge int
}

// mapViews returns the areas to map: clusters of the groups' positions,
// largest first.
func (r *Report) mapViews() []MapView {
	var pts []orb.Point
	for _, g := range r.Groups {
		if g.Crossed >= 0 {
			pts = append(pts, g.CrossPos)
		}
		if g.Caught >= 0 {
			pts = append(pts, g.CaughtPos)
		}
		if g.Escape >= 0 {
			pts = append(pts, g.EscapePos)
		}
		if g.Caught < 0 && g.Escape < 0 && g.Seen {
			pts = append(pts, g.LastPos)
		}
	}
	if len(pts) == 0 {
		for _, f := range r.sc.Flows {
			pts = append(pts, f.CrossAt)
		}
	}
	if len(pts) == 0 {
		for _, s := range r.sc.Sensors {
			pts = append(pts, s.Pos)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	var views []MapView
	for _, cl := range clusters(pts, clusterGap) {
		b := orb.Bound{Min: cl[0], Max: cl[0]}
		for _, p := range cl {
			b = b.Extend(p)
		}
		views = append(views, MapView{Bound: frame(b, float64(mapWidth/mapHeight))})
		if len(views) == maxMaps {
			break
		}
	}
	return views
}

// clusters groups points closer than gap (single linkage), largest group
// first.
func clusters(pts []orb.Point, gap float64) [][]orb.Point {
	if len(pts) > 4000 { // keep the pairwise pass bounded
		step := len(pts)/4000 + 1
		var thin []orb.Point
		for i := 0; i < len(pts); i += step {
			thin = append(thin, pts[i])
		}
		pts = thin
	}
	parent := make([]int, len(pts))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for i := range pts {
		for j := i + 1; j < len(pts); j++ {
			if math.Hypot(pts[i][0]-pts[j][0], pts[i][1]-pts[j][1]) < gap {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]orb.Point{}
	var roots []int
	for i, p := range pts {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], p)
	}
	out := make([][]orb.Point, 0, len(roots))
	for _, r := range roots {
		out = append(out, groups[r])
	}
	slices.SortStableFunc(out, func(a, b []orb.Point) int { return cmp.Compare(len(b), len(a)) })
	return out
}

// frame pads b and widens it to the aspect ratio (width/height).
func frame(b orb.Bound, aspect float64) orb.Bound {
	c := b.Center()
	w, h := b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]
	w, h = max(w*1.35, mapMinSpan), max(h*1.35, mapMinSpan)
	if w/h < aspect {
		w = h * aspect
	} else {
		h = w / aspect
	}
	return orb.Bound{Min: orb.Point{c[0] - w/2, c[1] - h/2}, Max: orb.Point{c[0] + w/2, c[1] + h/2}}
}

// plain hides everything of a plotter but Plot: the map sets its own
// ranges and must not be padded for glyphs at its edges.
type plain struct{ plot.Plotter }

// drawMap draws one map view.
func (r *Report) drawMap(v *MapView) error {
	m := r.sc.Map
	p := plot.New()
	p.HideAxes()
	p.X.Padding, p.Y.Padding = 0, 0
	p.BackgroundColor = colWater
	add := func(pl plot.Plotter) { p.Add(plain{pl}) }
	labels := &tags{style: draw.TextStyle{Color: colInk, Font: font.From(sans(8), 8), YAlign: draw.YBottom, Handler: plot.DefaultTextHandler}}

	// area adds poly, filled and outlined, when it reaches into the view.
	area := func(poly orb.Polygon, fill color.Color, outline draw.LineStyle) error {
		if !poly.Bound().Intersects(v.Bound) {
			return nil
		}
		pg, err := plotter.NewPolygon(rings(poly)...)
		if err != nil {
			return err
		}
		pg.Color, pg.LineStyle = fill, outline
		add(pg)
		return nil
	}
	for i, c := range m.Countries {
		for _, poly := range c.Shape {
			if err := area(poly, colLand[min(i, 2)], draw.LineStyle{Color: colOutline, Width: 0.5}); err != nil {
				return err
			}
		}
	}
	for _, l := range m.Lakes {
		if err := area(l.Shape, colLake, draw.LineStyle{Color: colRiver, Width: 0.4}); err != nil {
			return err
		}
	}
	for _, rv := range m.Rivers {
		if rv.Line.Bound().Intersects(v.Bound) {
			if err := addLine(add, rv.Line, draw.LineStyle{Color: colRiver, Width: 0.9}); err != nil {
				return err
			}
		}
	}
	for _, b := range m.Border {
		if b.Bound().Intersects(v.Bound) {
			halo := draw.LineStyle{Color: color.NRGBA{0xff, 0xff, 0xff, 0xc0}, Width: 3.2}
			line := draw.LineStyle{Color: colBorder, Width: 1.6, Dashes: []vg.Length{7, 2, 1.5, 2}}
			if err := addLine(add, b, halo); err != nil {
				return err
			}
			if err := addLine(add, b, line); err != nil {
				return err
			}
		}
	}
	if err := r.countryLabels(add, v); err != nil {
		return err
	}
	leg := newLegend(8.5)

	// Context: official crossings, towns, sensors; crossings first, so
	// that their names win over the towns' where both want a place.
	var cps plotter.XYs
	var cpNames []string
	for _, c := range r.sc.Checkpoints {
		if v.Bound.Contains(c.Pos) {
			cps = append(cps, plotter.XY{X: c.Pos[0], Y: c.Pos[1]})
			cpNames = append(cpNames, c.Name)
		}
	}
	if err := r.scatter(add, labels, leg, r.l.T("aar.m_crossing_point"), cps, draw.SquareGlyph{}, colBorder, 3.2, cpNames); err != nil {
		return err
	}
	var towns plotter.XYs
	var townNames []string
	for _, t := range m.Towns { // largest first
		if v.Bound.Contains(t.Pos) && len(towns) < maxTownTags {
			towns = append(towns, plotter.XY{X: t.Pos[0], Y: t.Pos[1]})
			name := r.l.PlaceName(t.Name, t.Label) // as the client names it
			townNames = append(townNames, name)
			if v.Near == "" {
				v.Near = name
			}
		}
	}
	if err := r.scatter(add, labels, leg, r.l.T("aar.m_town"), towns, draw.CircleGlyph{}, colInk, 1.6, townNames); err != nil {
		return err
	}
	var sensors plotter.XYs
	for _, s := range r.sc.Sensors {
		if v.Bound.Contains(s.Pos) {
			sensors = append(sensors, plotter.XY{X: s.Pos[0], Y: s.Pos[1]})
		}
	}
	if err := r.scatter(add, labels, leg, r.l.T("aar.m_sensor"), sensors, draw.PlusGlyph{}, rgb(0x444444), 2.6, nil); err != nil {
		return err
	}

	// The groups.
	var det, missed, caught, escaped, large plotter.XYs
	in := func(p orb.Point) bool { return v.Bound.Contains(p) }
	for _, g := range r.Groups {
		if g.Crossed >= 0 && in(g.CrossPos) {
			if g.Detected >= 0 {
				det = append(det, plotter.XY{X: g.CrossPos[0], Y: g.CrossPos[1]})
			} else {
				missed = append(missed, plotter.XY{X: g.CrossPos[0], Y: g.CrossPos[1]})
			}
		}
		switch {
		case g.Caught >= 0 && in(g.CaughtPos):
			caught = append(caught, plotter.XY{X: g.CaughtPos[0], Y: g.CaughtPos[1]})
		case g.Escape >= 0 && in(g.EscapePos):
			escaped = append(escaped, plotter.XY{X: g.EscapePos[0], Y: g.EscapePos[1]})
		case g.Caught < 0 && g.Escape < 0 && g.Seen && in(g.LastPos):
			large = append(large, plotter.XY{X: g.LastPos[0], Y: g.LastPos[1]})
		}
	}
	v.Counts = MapCounts{Detected: len(det), Missed: len(missed), Apprehended: len(caught), Escaped: len(escaped), AtLarge: len(large)}
	for _, s := range []struct {
		name  string
		xys   plotter.XYs
		glyph draw.GlyphDrawer
		col   color.Color
		size  vg.Length
	}{
		{r.l.T("aar.m_detected"), det, draw.RingGlyph{}, colDetected, 3.4},
		{r.l.T("aar.m_missed"), missed, draw.CrossGlyph{}, rgb(0xc01c1c), 3.8},
		{r.l.T("aar.m_apprehended"), caught, draw.PyramidGlyph{}, colApprehended, 3.2},
		{r.l.T("aar.m_escaped"), escaped, draw.BoxGlyph{}, colEscaped, 2.8},
		{r.l.T("aar.m_at_large"), large, draw.CircleGlyph{}, rgb(0x888888), 2.4},
	} {
		name := fmt.Sprintf("%s (%d)", s.name, len(s.xys))
		if err := r.scatter(add, labels, leg, name, s.xys, s.glyph, s.col, s.size, nil); err != nil {
			return err
		}
	}
	add(labels) // over the markers
	add(scaleBar{bound: v.Bound, l: r.l})

	p.X.Min, p.X.Max = v.Bound.Min[0], v.Bound.Max[0]
	p.Y.Min, p.Y.Max = v.Bound.Min[1], v.Bound.Max[1]
	png, err := renderPNG(p, mapWidth, mapHeight, func(dc draw.Canvas) {
		dataC := p.DataCanvas(dc)
		drawLegendBox(dataC, leg)
		ts := draw.TextStyle{Color: rgb(0x555555), Font: font.From(sans(6.5), 6.5), XAlign: draw.XRight, YAlign: draw.YBottom, Handler: p.TextHandler}
		dataC.FillText(ts, vg.Point{X: dataC.Max.X - 4, Y: dataC.Min.Y + 3}, r.l.T("aar.m_credit"))
		north := draw.TextStyle{Color: colInk, Font: font.From(sans(11), 11), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: p.TextHandler}
		dataC.FillText(north, vg.Point{X: dataC.Max.X - 16, Y: dataC.Max.Y - 6}, r.l.T("aar.m_north"))
		dataC.StrokeLine2(draw.LineStyle{Color: colInk, Width: 1.2}, dataC.Max.X-16, dataC.Max.Y-36, dataC.Max.X-16, dataC.Max.Y-20)
		dataC.FillPolygon(colInk, []vg.Point{{X: dataC.Max.X - 20, Y: dataC.Max.Y - 22}, {X: dataC.Max.X - 12, Y: dataC.Max.Y - 22}, {X: dataC.Max.X - 16, Y: dataC.Max.Y - 17}})
	})
	if err != nil {
		return err
	}
	v.Picture = png
	return nil
}

// rings turns a polygon into plotter rings.
func rings(poly orb.Polygon) []plotter.XYer {
	out := make([]plotter.XYer, 0, len(poly))
	for _, ring := range poly {
		xys := make(plotter.XYs, len(ring))
		for i, p := range ring {
			xys[i] = plotter.XY{X: p[0], Y: p[1]}
		}
		out = append(out, xys)
	}
	return out
}

func addLine(add func(plot.Plotter), ls orb.LineString, sty draw.LineStyle) error {
	if len(ls) < 2 {
		return nil
	}
	xys := make(plotter.XYs, len(ls))
	for i, p := range ls {
		xys[i] = plotter.XY{X: p[0], Y: p[1]}
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		return err
	}
	l.LineStyle = sty
	add(l)
	return nil
}

// scatter adds markers (and their labels) and a legend entry.
func (r *Report) scatter(add func(plot.Plotter), tg *tags, leg *legend, name string, xys plotter.XYs, g draw.GlyphDrawer, col color.Color, size vg.Length, texts []string) error {
	s, err := plotter.NewScatter(append(plotter.XYs{}, xys...))
	if err != nil {
		return err
	}
	s.GlyphStyle = draw.GlyphStyle{Color: col, Radius: size, Shape: g}
	if len(xys) > 0 {
		add(s)
	}
	leg.add(name, s)
	if len(texts) > 0 {
		tg.xys = append(tg.xys, xys...)
		tg.texts = append(tg.texts, texts...)
	}
	return nil
}

// legend is a plot legend that remembers its entries' texts, which the
// box around it is measured from.
type legend struct {
	plot.Legend
	names []string
}

func (l *legend) add(name string, thumbs ...plot.Thumbnailer) {
	l.Add(name, thumbs...)
	l.names = append(l.names, name)
}

// drawLegendBox draws leg in a white box at the top left of c.
func drawLegendBox(c draw.Canvas, leg *legend) {
	sty := leg.TextStyle
	var w, h vg.Length
	for _, e := range leg.names {
		rect := sty.Rectangle(" " + e)
		w = max(w, leg.ThumbnailWidth+rect.Max.X)
		h = max(h, rect.Max.Y)
	}
	n := vg.Length(len(leg.names))
	height := n*h + (n-1)*leg.Padding
	const margin, pad = 8, 6
	box := vg.Rectangle{
		Min: vg.Point{X: c.Min.X + margin, Y: c.Max.Y - margin - height - 2*pad},
		Max: vg.Point{X: c.Min.X + margin + w + 2*pad + 6, Y: c.Max.Y - margin},
	}
	c.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xea})
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: colOutline, Width: 0.6})
	c.Stroke(box.Path())
	inner := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: box.Min.X + pad, Y: box.Min.Y + pad},
		Max: vg.Point{X: box.Max.X - pad, Y: box.Max.Y - pad},
	}}
	leg.Top, leg.Left = true, true
	leg.Draw(inner)
}

// countryLabels writes the border countries' names where they have the
// most room in view.
func (r *Report) countryLabels(add func(plot.Plotter), v *MapView) error {
	m := r.sc.Map
	type best struct {
		p orb.Point
		d float64
	}
	found := map[int]best{}
	const nx, ny = 18, 12
	for i := 3; i < nx-2; i++ {
		for j := 2; j < ny-1; j++ {
			if i < nx/2 && j > ny/2 {
				continue // under the legend
			}
			p := orb.Point{v.Bound.Min[0] + (v.Bound.Max[0]-v.Bound.Min[0])*float64(i)/nx, v.Bound.Min[1] + (v.Bound.Max[1]-v.Bound.Min[1])*float64(j)/ny}
			c := m.CountryAt(p)
			if c < 0 || c > 1 {
				continue
			}
			if d := m.BorderDistance(p); d > found[c].d {
				found[c] = best{p, d}
			}
		}
	}
	var xys plotter.XYs
	var names []string
	for c := range 2 {
		if b, ok := found[c]; ok {
			xys = append(xys, plotter.XY{X: b.p[0], Y: b.p[1]})
			names = append(names, upper(m.Countries[c]))
		}
	}
	if len(xys) == 0 {
		return nil
	}
	add(&tags{xys: xys, texts: names, centre: true, style: draw.TextStyle{Color: color.NRGBA{0x90, 0x88, 0x78, 0xc0},
		Font: font.From(sans(15), 15), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}})
	return nil
}

func upper(c maps.Country) string {
	s := []rune(c.Name)
	out := make([]rune, 0, 2*len(s))
	for i, r := range s {
		if i > 0 {
			out = append(out, ' ')
		}
		if r >= 'a' && r <= 'z' {
			r -= 'a' - 'A'
		}
		out = append(out, r)
	}
	return string(out)
}

// tags writes texts at points: beside them, on the left when the right
// has no room; or (centre) centred on them and kept inside the map.
type tags struct {
	xys    plotter.XYs
	texts  []string
	style  draw.TextStyle
	centre bool
}

// Plot implements plot.Plotter. Point labels go beside their point, on
// the first side where they neither leave the map nor cover a label
// already placed; a label with no such side is left out.
func (t *tags) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var placed []vg.Rectangle
	for i, xy := range t.xys {
		x, y := trX(xy.X), trY(xy.Y)
		sty := t.style
		w, h := sty.Width(t.texts[i]), sty.Height(t.texts[i])
		if t.centre {
			x = min(max(x, c.Min.X+w/2+8), c.Max.X-w/2-8)
			c.FillText(sty, vg.Point{X: x, Y: y}, t.texts[i])
			continue
		}
		sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
		for _, at := range []vg.Point{{X: x + 4, Y: y + 1}, {X: x - 4 - w, Y: y + 1}, {X: x + 3, Y: y + 4}, {X: x + 3, Y: y - 3 - h}, {X: x - w - 3, Y: y - 3 - h}} {
			box := vg.Rectangle{Min: at, Max: vg.Point{X: at.X + w, Y: at.Y + h}}
			if box.Min.X < c.Min.X+2 || box.Max.X > c.Max.X-2 || box.Min.Y < c.Min.Y+2 || box.Max.Y > c.Max.Y-2 || overlaps(box, placed) {
				continue
			}
			placed = append(placed, box)
			c.FillText(sty, at, t.texts[i])
			break
		}
	}
}

func overlaps(b vg.Rectangle, rs []vg.Rectangle) bool {
	for _, r := range rs {
		if b.Min.X < r.Max.X && r.Min.X < b.Max.X && b.Min.Y < r.Max.Y && r.Min.Y < b.Max.Y {
			return true
		}
	}
	return false
}

// scaleBar draws a scale bar at the bottom left of the map.
type scaleBar struct {
	bound orb.Bound
	l     *i18n.Lang // the reader's language, for the unit
}

// Plot implements plot.Plotter.
func (s scaleBar) Plot(c draw.Canvas, p *plot.Plot) {
	w := s.bound.Max[0] - s.bound.Min[0]
	l := niceLength(w / 5)
	trX, trY := p.Transforms(&c)
	x0 := trX(s.bound.Min[0] + w*0.03)
	x1 := trX(s.bound.Min[0] + w*0.03 + l)
	y := trY(s.bound.Min[1]) + 22
	ls := draw.LineStyle{Color: colInk, Width: 1.4}
	c.SetColor(color.NRGBA{0xff, 0xff, 0xff, 0xc0})
	c.Fill(vg.Rectangle{Min: vg.Point{X: x0 - 4, Y: y - 6}, Max: vg.Point{X: x1 + 4, Y: y + 14}}.Path())
	c.StrokeLine2(ls, x0, y, x1, y)
	c.StrokeLine2(ls, x0, y-3, x0, y+3)
	c.StrokeLine2(ls, x1, y-3, x1, y+3)
	c.StrokeLine2(ls, (x0+x1)/2, y-2, (x0+x1)/2, y+2)
	ts := draw.TextStyle{Color: colInk, Font: font.From(sans(8), 8), XAlign: draw.XCenter, YAlign: draw.YBottom, Handler: p.TextHandler}
	c.FillText(ts, vg.Point{X: (x0 + x1) / 2, Y: y + 3}, s.l.F("aar.u_km", l/1000))
}

// niceLength rounds metres down to 1, 2 or 5 times a power of ten.
func niceLength(m float64) float64 {
	e := math.Pow(10, math.Floor(math.Log10(m)))
	for _, f := range []float64{5, 2, 1} {
		if f*e <= m {
			return f * e
		}
	}
	return e
}
