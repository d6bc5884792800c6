package aar

import (
	"bytes"
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Image geometry. Charts are drawn at dpi and shown at half to two thirds
// of their pixel size, so they stay sharp on high-density screens and in
// print.
const (
	dpi         = 150
	chartWidth  = 9 * vg.Inch
	chartHeight = 3.6 * vg.Inch
)

// Palette, chosen to stay apart for readers with colour-vision deficiency
// (after Okabe and Ito).
var (
	colAttempted   = rgb(0x555555)
	colCrossed     = rgb(0xe69f00)
	colDetected    = rgb(0x0072b2)
	colApprehended = rgb(0x009e73)
	colEscaped     = rgb(0xd55e00)
	colShare       = rgb(0xcc79a7)
	colNight       = color.NRGBA{0x1f, 0x2a, 0x44, 0x16}
	colGrid        = rgb(0xdddddd)
	colInk         = rgb(0x222222)
)

// rgb is the opaque colour of a hex triplet, 0xRRGGBB, as the page's
// style sheet writes colours.
func rgb(hex uint32) color.RGBA {
	return color.RGBA{uint8(hex >> 16), uint8(hex >> 8), uint8(hex), 0xff}
}

// sans returns the report's typeface at size points.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size} // i18n: not user text
}

// newPlot returns a plot with the report's fonts and a light grid.
func newPlot(xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.TextStyle.Font = sans(12)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = sans(10)
		a.Tick.Label.Font = sans(9)
		a.Color, a.Tick.Color = colInk, colInk
	}
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	g := plotter.NewGrid()
	g.Vertical.Color, g.Horizontal.Color = colGrid, colGrid
	g.Vertical.Width, g.Horizontal.Width = 0.5, 0.5
	p.Add(g)
	return p
}

// newLegend returns a legend in the report's style, drawn in a box by
// drawLegendBox.
func newLegend(size vg.Length) *legend {
	l := &legend{Legend: plot.NewLegend()}
	l.TextStyle.Font = sans(size)
	l.ThumbnailWidth = 14
	l.Padding = 1.5
	return l
}

// renderChart draws a chart with its legend boxed at the top left.
func renderChart(p *plot.Plot, leg *legend, w, h vg.Length) ([]byte, error) {
	return renderPNG(p, w, h, func(dc draw.Canvas) { drawLegendBox(p.DataCanvas(dc), leg) })
}

// renderPNG draws p at w×h and returns the PNG.
func renderPNG(p *plot.Plot, w, h vg.Length, after func(dc draw.Canvas)) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi))
	dc := draw.New(c)
	p.Draw(dc)
	if after != nil {
		after(dc)
	}
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// clockTicks marks the x axis, in hours since the start, with the
// exercise clock.
type clockTicks struct {
	start float64 // clock at x = 0, hours after midnight
}

// Ticks implements plot.Ticker.
func (t clockTicks) Ticks(lo, hi float64) []plot.Tick {
	step := 1.0
	for _, s := range []float64{1, 2, 3, 6, 12, 24} {
		step = s
		if (hi-lo)/s <= 12 {
			break
		}
	}
	var ticks []plot.Tick
	for h := math.Ceil((t.start+lo)/step) * step; h <= t.start+hi+1e-9; h += step {
		x := h - t.start
		hh := int(math.Mod(h, 24) + 0.5)
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprintf("%02d:00", hh%24)})
	}
	return ticks
}

// countTicks marks an axis of counts with whole numbers.
type countTicks struct{}

// Ticks implements plot.Ticker.
func (countTicks) Ticks(lo, hi float64) []plot.Tick {
	step := countStep(hi - lo)
	var ticks []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		ticks = append(ticks, plot.Tick{Value: v, Label: fmt.Sprintf("%.0f", v)})
	}
	return ticks
}

// countStep returns the smallest of 1, 2, 5, 10, 20… that divides span
// into at most six steps.
func countStep(span float64) float64 {
	for m := 1.0; ; m *= 10 {
		for _, f := range []float64{1, 2, 5} {
			if span/(f*m) <= 6 {
				return f * m
			}
		}
	}
}

// band shades spans of the x axis, such as the night.
type band struct {
	spans [][2]float64
	color color.Color
}

// Plot implements plot.Plotter.
func (b band) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	c.SetColor(b.color)
	for _, s := range b.spans {
		x0, x1 := max(trX(s[0]), c.Min.X), min(trX(s[1]), c.Max.X)
		if x1 > x0 {
			c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}.Path())
		}
	}
}

// Thumbnail implements plot.Thumbnailer.
func (b band) Thumbnail(c *draw.Canvas) {
	c.SetColor(color.NRGBA{0x1f, 0x2a, 0x44, 0x30})
	c.Fill(c.Rectangle.Path())
}

// marks draws labelled vertical lines, one per inject.
type marks struct {
	xs     []float64
	labels []string
}

// Plot implements plot.Plotter.
func (m marks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	ls := draw.LineStyle{Color: rgb(0x808080), Width: 0.6, Dashes: []vg.Length{3, 2}}
	ts := draw.TextStyle{Color: colInk, Font: font.From(sans(7.5), 7.5), XAlign: draw.XLeft, YAlign: draw.YTop, Handler: p.TextHandler}
	var lastX vg.Length = -1000
	row := 0
	for i, x := range m.xs {
		vx := trX(x)
		if vx < c.Min.X || vx > c.Max.X {
			continue
		}
		c.StrokeLine2(ls, vx, c.Min.Y, vx, c.Max.Y)
		// Stagger the labels of injects close together.
		if vx-lastX < 22 {
			row++
		} else {
			row = 0
		}
		lastX = vx
		c.FillText(ts, vg.Point{X: vx + 2, Y: c.Max.Y - 2 - vg.Length(row)*9}, m.labels[i])
	}
}

// nightSpans returns the night as spans of hours since the start.
func (r *Report) nightSpans() [][2]float64 {
	d := r.sc.Daylight
	if d.Sunrise == 0 && d.Sunset == 0 {
		d.Sunrise, d.Sunset = 6*3600, 20*3600 // the engine's default
	}
	total := float64(r.Ticks) * float64(r.TickSeconds)
	var spans [][2]float64
	in := false
	var from float64
	for s := 0.0; s <= total; s += 60 {
		c := (r.sc.StartSecond + int(s)) % 86400
		night := c < d.Sunrise || c >= d.Sunset
		switch {
		case night && !in:
			in, from = true, s
		case !night && in:
			in = false
			spans = append(spans, [2]float64{from / 3600, s / 3600})
		}
	}
	if in {
		spans = append(spans, [2]float64{from / 3600, total / 3600})
	}
	return spans
}

// hours converts a tick to hours since the start.
func (r *Report) hours(tick int32) float64 {
	return float64(tick) * float64(r.TickSeconds) / 3600
}

// injectMarks returns the fired injects as chart marks.
func (r *Report) injectMarks() marks {
	var m marks
	for _, in := range r.Injects {
		if in.Fired {
			m.xs = append(m.xs, r.hours(in.FiredTick))
			m.labels = append(m.labels, in.ID)
		}
	}
	return m
}

// crossingsChart plots the cumulative counts of groups over time.
func (r *Report) crossingsChart() ([]byte, error) {
	p := newPlot(r.l.T("aar.c_clock"), r.l.T("aar.c_cumulative"))
	p.X.Tick.Marker = clockTicks{start: float64(r.sc.StartSecond) / 3600}
	p.Add(band{spans: r.nightSpans(), color: colNight})
	leg := newLegend(8.5)
	leg.add(r.l.T("aar.c_night"), band{})
	series := []struct {
		name string
		col  color.Color
		v    func(s Sample) int
		dash bool
	}{
		{r.l.T("aar.c_set_out"), colAttempted, func(s Sample) int { return s.Attempted }, true},
		{r.l.T("aar.c_crossed"), colCrossed, func(s Sample) int { return s.Crossed }, false},
		{r.l.T("aar.c_detected"), colDetected, func(s Sample) int { return s.Detected }, false},
		{r.l.T("aar.c_apprehended"), colApprehended, func(s Sample) int { return s.Apprehended }, false},
		{r.l.T("aar.c_escaped"), colEscaped, func(s Sample) int { return s.Escaped }, false},
	}
	ymax := 1.0
	for _, s := range series {
		xys := make(plotter.XYs, len(r.Samples))
		for i, smp := range r.Samples {
			xys[i].X, xys[i].Y = r.hours(smp.Tick), float64(s.v(smp))
			ymax = max(ymax, xys[i].Y)
		}
		l, err := plotter.NewLine(xys)
		if err != nil {
			return nil, err
		}
		l.Color, l.Width = s.col, 1.6
		if s.dash {
			l.Dashes = []vg.Length{4, 2}
		}
		l.StepStyle = plotter.PostStep
		p.Add(l)
		leg.add(s.name, l)
	}
	p.Add(r.injectMarks())
	p.X.Min, p.X.Max = 0, max(r.hours(r.Ticks), 0.1)
	p.Y.Min, p.Y.Max = 0, math.Ceil(ymax*1.12)
	p.Y.Tick.Marker = countTicks{}
	return renderChart(p, leg, chartWidth, chartHeight)
}

// bins returns the number of hours per bar of the hourly chart and the
// bar count.
func (r *Report) bins() (float64, int) {
	total := r.hours(r.Ticks)
	per := 1.0
	for total/per > 36 {
		per *= 2
	}
	return per, max(1, int(math.Ceil(total/per-1e-9)))
}

// hourlyChart plots, per hour, the groups that set out, crossed, were
// first detected and were apprehended.
func (r *Report) hourlyChart() ([]byte, error) {
	per, n := r.bins()
	p := newPlot(r.l.T("aar.c_clock"), r.l.F("aar.c_per", duration(r.l, per*3600)))
	set, crossed, det, caught := make(plotter.Values, n), make(plotter.Values, n), make(plotter.Values, n), make(plotter.Values, n)
	bin := func(tick int32) int { return min(n-1, int(r.hours(tick)/per)) }
	for _, g := range r.Groups {
		set[bin(g.Started)]++
		if g.Crossed >= 0 {
			crossed[bin(g.Crossed)]++
		}
		if g.Detected >= 0 {
			det[bin(g.Detected)]++
		}
		if g.Caught >= 0 {
			caught[bin(g.Caught)]++
		}
	}
	// Four bars share 70 % of a bin; the data area is about 580 points wide.
	w := vg.Length(math.Min(9, 0.7*580/float64(n)/4))
	series := []struct {
		name string
		v    plotter.Values
		col  color.Color
	}{{r.l.T("aar.c_set_out"), set, colAttempted}, {r.l.T("aar.c_crossed_short"), crossed, colCrossed}, {r.l.T("aar.c_first_detected"), det, colDetected}, {r.l.T("aar.c_apprehended"), caught, colApprehended}}
	ymax := 1.0
	leg := newLegend(8.5)
	for i, s := range series {
		b, err := plotter.NewBarChart(s.v, w)
		if err != nil {
			return nil, err
		}
		b.Color, b.LineStyle.Width = s.col, 0
		b.Offset = w * (vg.Length(i) - 1.5)
		b.XMin = 0.5 // bars centred in their bin
		p.Add(b)
		leg.add(s.name, b)
		for _, v := range s.v {
			ymax = max(ymax, v)
		}
	}
	p.X.Tick.Marker = clockTicks{start: float64(r.sc.StartSecond) / 3600 / per}
	if per != 1 {
		p.X.Tick.Marker = binTicks{start: float64(r.sc.StartSecond) / 3600, per: per}
	}
	p.X.Min, p.X.Max = 0, float64(n)
	p.Y.Min, p.Y.Max = 0, math.Ceil(ymax*1.35)
	p.Y.Tick.Marker = countTicks{}
	return renderChart(p, leg, chartWidth, chartHeight)
}

// binTicks labels bins of per hours with the clock at their start.
type binTicks struct{ start, per float64 }

// Ticks implements plot.Ticker.
func (t binTicks) Ticks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	step := math.Max(1, math.Ceil((hi-lo)/12))
	for x := math.Ceil(lo); x <= hi; x += step {
		h := math.Mod(t.start+x*t.per, 24)
		ticks = append(ticks, plot.Tick{Value: x, Label: fmt.Sprintf("%02d:%02d", int(h), int(math.Mod(h*60, 60)+0.5)%60)})
	}
	return ticks
}

// teamsChart compares the teams' mean times to detect, to intercept and
// to share, in minutes.
func (r *Report) teamsChart() ([]byte, error) {
	p := newPlot("", r.l.T("aar.c_minutes"))
	n := len(r.Teams)
	det, inter, share := make(plotter.Values, n), make(plotter.Values, n), make(plotter.Values, n)
	var names []string
	ymax := 1.0
	for i, t := range r.Teams {
		det[i], inter[i], share[i] = t.MeanDetectMin, t.MeanInterceptMin, t.MeanShareMin
		names = append(names, t.ID)
		ymax = max(ymax, det[i], inter[i], share[i])
	}
	w := vg.Length(math.Min(22, 300/float64(3*n)))
	leg := newLegend(8.5)
	for i, s := range []struct {
		name string
		v    plotter.Values
		col  color.Color
	}{{r.l.T("aar.c_to_detect"), det, colDetected}, {r.l.T("aar.c_to_intercept"), inter, colApprehended}, {r.l.T("aar.c_to_share"), share, colShare}} {
		b, err := plotter.NewBarChart(s.v, w)
		if err != nil {
			return nil, err
		}
		b.Color, b.LineStyle.Width = s.col, 0
		b.Offset = w * vg.Length(i-1)
		p.Add(b)
		leg.add(s.name, b)
	}
	p.NominalX(names...)
	p.X.Tick.Label.Font = sans(10)
	p.Y.Min, p.Y.Max = 0, math.Ceil(ymax*1.5)
	return renderChart(p, leg, chartWidth*0.62, chartHeight*0.9)
}
