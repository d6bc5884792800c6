package render

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
)

// maxBatchVertices is the most vertices one DrawTriangles call addresses
// (indices are uint16).
const maxBatchVertices = 1<<16 - 1

// batch collects coloured triangles in screen coordinates and draws them
// with as few DrawTriangles calls as the uint16 index limit allows. Its
// slices are reused from frame to frame, so a steady frame allocates
// nothing.
type batch struct {
	vs    []ebiten.Vertex
	is    []uint16
	dst   *ebiten.Image
	src   *ebiten.Image
	opt   ebiten.DrawTrianglesOptions
	calls int       // DrawTriangles calls made since begin
	tiles *hudTiles // marked with what is drawn onto tiles.img (the HUD's layer)
	// mirror, when not 0, is the width of the screen across whose middle
	// every vertex is moved (x becomes mirror-x): the HUD of a
	// right-to-left reader (mirror.go).
	mirror float64
}

// newBatch returns a batch that fills with src, a sub-image holding one
// opaque white pixel.
func newBatch(src *ebiten.Image) *batch {
	return &batch{src: src}
}

// offscreen returns a w×h image of its own, kept off Ebiten's texture
// atlases: the cached map, the HUD's layer and a captured frame are as
// large as the screen and drawn into and from every frame, and on an
// atlas Ebiten would grow pages and move them between the source and
// destination atlases (textures of up to 4096² allocated and copied: most
// of the first frame's time under software GL, natively and in the
// browser). The sprite atlas stays on Ebiten's: stamping from an image of
// its own took a quarter longer.
func offscreen(w, h int) *ebiten.Image {
	return ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
}

// whitePixel returns a 1×1 white sub-image to draw solid triangles with.
func whitePixel() *ebiten.Image {
	img := ebiten.NewImage(3, 3)
	img.Fill(color.White)
	return img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
}

// begin starts drawing onto dst with the given fill rule.
func (b *batch) begin(dst *ebiten.Image, rule ebiten.FillRule) {
	b.dst = dst
	b.opt = ebiten.DrawTrianglesOptions{FillRule: rule}
	b.vs, b.is = b.vs[:0], b.is[:0]
	b.calls = 0
}

// flush draws what has been collected.
func (b *batch) flush() {
	if len(b.is) > 0 && b.dst != nil {
		if b.tiles != nil && b.dst == b.tiles.img {
			b.tiles.markTriangles(b.vs, b.is)
		}
		b.dst.DrawTriangles(b.vs, b.is, b.src, &b.opt)
		b.calls++
	}
	b.vs, b.is = b.vs[:0], b.is[:0]
}

// end flushes and detaches the destination.
func (b *batch) end() {
	b.flush()
	b.dst = nil
}

// reserve makes room for n more vertices, flushing if the call would
// overflow, and returns the index of the first new vertex.
func (b *batch) reserve(n int) uint16 {
	if len(b.vs)+n > maxBatchVertices {
		b.flush()
	}
	return uint16(len(b.vs))
}

func (b *batch) vertex(x, y float64, c color.RGBA) {
	if b.mirror != 0 {
		x = b.mirror - x
	}
	b.vs = append(b.vs, ebiten.Vertex{
		DstX: float32(x), DstY: float32(y), SrcX: 1.5, SrcY: 1.5,
		ColorR: float32(c.R) / 255, ColorG: float32(c.G) / 255, ColorB: float32(c.B) / 255, ColorA: float32(c.A) / 255,
	})
}

// tri adds one triangle.
func (b *batch) tri(x0, y0, x1, y1, x2, y2 float64, c color.RGBA) {
	i := b.reserve(3)
	b.vertex(x0, y0, c)
	b.vertex(x1, y1, c)
	b.vertex(x2, y2, c)
	b.is = append(b.is, i, i+1, i+2)
}

// quad adds a quadrilateral given in order around its edge.
func (b *batch) quad(x0, y0, x1, y1, x2, y2, x3, y3 float64, c color.RGBA) {
	i := b.reserve(4)
	b.vertex(x0, y0, c)
	b.vertex(x1, y1, c)
	b.vertex(x2, y2, c)
	b.vertex(x3, y3, c)
	b.is = append(b.is, i, i+1, i+2, i, i+2, i+3)
}

// rect adds an axis-aligned rectangle.
func (b *batch) rect(x0, y0, x1, y1 float64, c color.RGBA) {
	b.quad(x0, y0, x1, y0, x1, y1, x0, y1, c)
}

// frame adds the outline of a rectangle, w wide, inside it.
func (b *batch) frame(x0, y0, x1, y1, w float64, c color.RGBA) {
	b.rect(x0, y0, x1, y0+w, c)
	b.rect(x0, y1-w, x1, y1, c)
	b.rect(x0, y0+w, x0+w, y1-w, c)
	b.rect(x1-w, y0+w, x1, y1-w, c)
}

// segments returns how many segments make a smooth circle of radius r.
func segments(r float64) int {
	n := int(r * 0.8)
	return min(max(n, 10), 96)
}

// disc adds a filled circle.
func (b *batch) disc(cx, cy, r float64, c color.RGBA) {
	n := segments(r)
	i := b.reserve(n + 1)
	b.vertex(cx, cy, c)
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * float64(k) / float64(n)
		b.vertex(cx+r*math.Cos(a), cy+r*math.Sin(a), c)
	}
	for k := 0; k < n; k++ {
		b.is = append(b.is, i, i+1+uint16(k), i+1+uint16((k+1)%n))
	}
}

// wedge adds a filled sector of radius r, width degrees wide, centred on
// azimuth degrees clockwise from north (up on the screen), and its
// outline w wide.
func (b *batch) wedge(cx, cy, r, azimuth, width, w float64, fill, edge color.RGBA) {
	n := max(segments(r)*int(width)/360, 2)
	a0 := (azimuth-width/2)*math.Pi/180 - math.Pi/2
	step := width * math.Pi / 180 / float64(n)
	i := b.reserve(n + 2)
	b.vertex(cx, cy, fill)
	for k := 0; k <= n; k++ {
		a := a0 + step*float64(k)
		b.vertex(cx+r*math.Cos(a), cy+r*math.Sin(a), fill)
	}
	for k := 0; k < n; k++ {
		b.is = append(b.is, i, i+1+uint16(k), i+2+uint16(k))
	}
	px, py := cx+r*math.Cos(a0), cy+r*math.Sin(a0)
	b.line(cx, cy, px, py, w, edge)
	for k := 1; k <= n; k++ {
		a := a0 + step*float64(k)
		x, y := cx+r*math.Cos(a), cy+r*math.Sin(a)
		b.line(px, py, x, y, w, edge)
		px, py = x, y
	}
	b.line(px, py, cx, cy, w, edge)
}

// ring adds a circle outline of radius r (to the middle of the stroke),
// w wide.
func (b *batch) ring(cx, cy, r, w float64, c color.RGBA) {
	n := segments(r)
	i := b.reserve(2 * n)
	ri, ro := math.Max(r-w/2, 0), r+w/2
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * float64(k) / float64(n)
		cs, sn := math.Cos(a), math.Sin(a)
		b.vertex(cx+ri*cs, cy+ri*sn, c)
		b.vertex(cx+ro*cs, cy+ro*sn, c)
	}
	for k := 0; k < n; k++ {
		j := uint16((k + 1) % n)
		a0, a1 := i+2*uint16(k), i+2*uint16(k)+1
		b0, b1 := i+2*j, i+2*j+1
		b.is = append(b.is, a0, a1, b1, a0, b1, b0)
	}
}

// dashedRing adds a dashed circle outline.
func (b *batch) dashedRing(cx, cy, r, w float64, c color.RGBA) {
	n := segments(r)
	if n%2 == 1 {
		n++
	}
	for k := 0; k < n; k += 2 {
		a0 := 2 * math.Pi * float64(k) / float64(n)
		a1 := 2 * math.Pi * float64(k+1) / float64(n)
		b.line(cx+r*math.Cos(a0), cy+r*math.Sin(a0), cx+r*math.Cos(a1), cy+r*math.Sin(a1), w, c)
	}
}

// line adds a straight stroke w wide from (x0, y0) to (x1, y1).
func (b *batch) line(x0, y0, x1, y1, w float64, c color.RGBA) {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	b.quad(x0+nx, y0+ny, x1+nx, y1+ny, x1-nx, y1-ny, x0-nx, y0-ny, c)
}

// dashed adds a dashed stroke; dash and gap are lengths in pixels, phase
// is how far into the pattern the line starts. It returns the phase at
// the end, so that a polyline's dashes run on across its vertices.
func (b *batch) dashed(x0, y0, x1, y1, w, dash, gap, phase float64, c color.RGBA) float64 {
	dx, dy := x1-x0, y1-y0
	l := math.Hypot(dx, dy)
	if l == 0 {
		return phase
	}
	ux, uy := dx/l, dy/l
	period := dash + gap
	t := -math.Mod(phase, period)
	for ; t < l; t += period {
		s, e := math.Max(t, 0), math.Min(t+dash, l)
		if e > s {
			b.line(x0+ux*s, y0+uy*s, x0+ux*e, y0+uy*e, w, c)
		}
	}
	return math.Mod(phase+l, period)
}

// diamond adds a filled diamond of half-size r.
func (b *batch) diamond(cx, cy, r float64, c color.RGBA) {
	b.quad(cx, cy-r, cx+r, cy, cx, cy+r, cx-r, cy, c)
}

// diamondOutline adds a diamond's outline, w wide, inside half-size r.
func (b *batch) diamondOutline(cx, cy, r, w float64, c color.RGBA) {
	ri := r - w*math.Sqrt2
	i := b.reserve(8)
	pts := [4][2]float64{{0, -1}, {1, 0}, {0, 1}, {-1, 0}}
	for _, p := range pts {
		b.vertex(cx+p[0]*r, cy+p[1]*r, c)
		b.vertex(cx+p[0]*ri, cy+p[1]*ri, c)
	}
	for k := uint16(0); k < 4; k++ {
		j := (k + 1) % 4
		b.is = append(b.is, i+2*k, i+2*j, i+2*j+1, i+2*k, i+2*j+1, i+2*k+1)
	}
}

// triangleUp adds an upward-pointing triangle inscribed in a circle of
// radius r.
func (b *batch) triangleUp(cx, cy, r float64, c color.RGBA) {
	b.tri(cx, cy-r, cx+r*0.866, cy+r*0.5, cx-r*0.866, cy+r*0.5, c)
}

// cross adds an X of half-size r, w wide.
func (b *batch) cross(cx, cy, r, w float64, c color.RGBA) {
	b.line(cx-r, cy-r, cx+r, cy+r, w, c)
	b.line(cx-r, cy+r, cx+r, cy-r, w, c)
}
