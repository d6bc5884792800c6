package render

import (
	"image"
	"math"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/paulmach/orb"
)

// This file shades the relief of a scenario with elevation: a hillshade
// of its tiles, worked out once into an image and laid over the
// countries whenever the static map is drawn anew (not every frame).

// Hillshade: light from the north-west, 45° up, as topographic maps light
// their relief; heights exaggerated so that low hills read.
const (
	reliefPixels   = 1024 // pixels on the image's longer side, at most
	reliefAzimuth  = 315  // degrees clockwise from north
	reliefAltitude = 45   // degrees above the horizon
	reliefExagg    = 2    // vertical exaggeration
	reliefStrength = 0.9  // opacity of the full shade or light
)

// relief is the hillshade image and the planar bound it covers, north at
// the top.
type relief struct {
	img   *ebiten.Image
	bound orb.Bound
	px    float64 // metres per pixel
}

// newRelief shades el over the part of the map m its tiles cover, or
// returns nil when they cover none of it.
func newRelief(el *maps.Elevation, m *maps.Map) *relief {
	if el == nil {
		return nil
	}
	b := el.Bound()
	b = orb.Bound{Min: orb.Point{max(b.Min[0], m.Bound.Min[0]), max(b.Min[1], m.Bound.Min[1])},
		Max: orb.Point{min(b.Max[0], m.Bound.Max[0]), min(b.Max[1], m.Bound.Max[1])}}
	if b.Max[0] <= b.Min[0] || b.Max[1] <= b.Min[1] {
		return nil
	}
	px := max(b.Max[0]-b.Min[0], b.Max[1]-b.Min[1]) / reliefPixels
	w, h := int(math.Ceil((b.Max[0]-b.Min[0])/px)), int(math.Ceil((b.Max[1]-b.Min[1])/px))
	// Heights on a grid one pixel wider all round, for the slopes at the
	// edges; NaN where no tile lies.
	gw := w + 2
	z := make([]float64, gw*(h+2))
	for y := range h + 2 {
		for x := range gw {
			p := orb.Point{b.Min[0] + (float64(x)-0.5)*px, b.Max[1] - (float64(y)-0.5)*px}
			v, ok := el.Height(p)
			if !ok {
				v = math.NaN()
			}
			z[y*gw+x] = v
		}
	}
	az, alt := reliefAzimuth*math.Pi/180, reliefAltitude*math.Pi/180
	lx, ly, lz := math.Cos(alt)*math.Sin(az), math.Cos(alt)*math.Cos(az), math.Sin(alt)
	flat := lz
	pix := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := (y+1)*gw + x + 1
			// East and north slopes (rows run south).
			dx := (z[i+1] - z[i-1]) / (2 * px) * reliefExagg
			dy := (z[i-gw] - z[i+gw]) / (2 * px) * reliefExagg
			if math.IsNaN(dx) || math.IsNaN(dy) {
				continue
			}
			shade := (-dx*lx - dy*ly + lz) / math.Sqrt(dx*dx+dy*dy+1)
			a := reliefStrength * (shade - flat) / flat
			o := pix.PixOffset(x, y)
			switch {
			case a > 0: // lit: white, premultiplied
				v := uint8(min(a, 1) * 255)
				pix.Pix[o], pix.Pix[o+1], pix.Pix[o+2], pix.Pix[o+3] = v, v, v, v
			case a < 0: // in shade: black
				pix.Pix[o+3] = uint8(min(-a, 1) * 255)
			}
		}
	}
	return &relief{img: ebiten.NewImageFromImage(pix), bound: b, px: px}
}

// draw lays the relief over img as the camera sees it.
func (r *relief) draw(img *ebiten.Image, g *Game) {
	if r == nil || !r.bound.Intersects(g.cam.Bound()) {
		return
	}
	s := r.px * g.cam.Scale
	x, y := g.cam.ToScreen(orb.Point{r.bound.Min[0], r.bound.Max[1]})
	op := &ebiten.DrawImageOptions{Filter: ebiten.FilterLinear}
	op.GeoM.Scale(s, s)
	op.GeoM.Translate(x, y)
	img.DrawImage(r.img, op)
}
