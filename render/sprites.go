package render

import (
	"image/color"
	"math"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/hajimehoshi/ebiten/v2"
)

// Icons of the picture (units, tracks, groups, sensors, checkpoints) are
// drawn once each into a sprite atlas and then stamped as one textured
// quad per entity: 4 vertices instead of the 20–40 of their shapes, which
// is what keeps a frame with 10,000 entities fast under software GL.

// Atlas geometry, pixels.
const (
	spriteCell = 32 // cell size; an icon is centred in its cell
	atlasSize  = 1024
	atlasCells = (atlasSize / spriteCell) * (atlasSize / spriteCell)
	spriteHalf = spriteCell / 2
)

// spriteKind is what a sprite shows.
type spriteKind uint8

const (
	spriteUnit spriteKind = iota
	spriteTrack
	spriteTrackTruth // a track in the white cell's view: small, in its team's colour
	spriteCrosser
	spriteSensor
	spriteCheckpoint
	spriteCount // a cluster's count (declutter.go); sub is the count
)

// Sprite flags.
const (
	flagAloft      = 1 << iota // drone flying
	flagCustody                // unit escorting persons
	flagSharedIn               // track shared by a partner
	flagSharedOut              // own track passed to a partner
	flagDetected               // group detected
	flagVulnerable             // group with vulnerable persons
	flagOpen                   // checkpoint open
	flagDown                   // sensor down; track in custody
)

// spriteKey fully determines a sprite's pixels.
type spriteKey struct {
	kind  spriteKind
	sub   uint8 // unit kind, crosser state
	flags uint8
	team  int8 // colour: team index, or -1
}

// sprites is the atlas and the batch that stamps from it.
type sprites struct {
	atlas *ebiten.Image
	cells map[spriteKey]int
	foot  []footprint // by cell: what a stamp of it covers
	shape *batch      // draws shapes into the atlas
	b     spriteBatch
	cl    declutter // the picture's icons of a frame, clustered when crowded
}

// footprint is the part of a cell that an icon covers, measured from the
// vertices it was drawn with, in pixels from the icon's centre: the
// rectangle around them, or, when that is smaller, the diamond
// |dx|+|dy| <= diamond around them (tracks and sensors are diamonds, and
// half of their square is empty). Under software GL the frame time is
// mostly pixels filled, so a stamp fills no more than this.
type footprint struct {
	x0, y0, x1, y1 float64
	diamond        float64 // 0: stamp the rectangle
}

// measure returns the footprint of the triangles vs, drawn centred at
// (cx, cy). Without anti-aliasing a triangle fills the pixels whose centre
// lies inside it, so the rectangle rounded outwards to whole pixels holds
// every pixel drawn, and so does a diamond half a pixel wider than the
// one through the farthest vertex.
func measure(vs []ebiten.Vertex, cx, cy float64) footprint {
	f := footprint{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1)}
	d := 0.0
	for _, v := range vs {
		x, y := float64(v.DstX)-cx, float64(v.DstY)-cy
		f.x0, f.y0 = math.Min(f.x0, x), math.Min(f.y0, y)
		f.x1, f.y1 = math.Max(f.x1, x), math.Max(f.y1, y)
		d = math.Max(d, math.Abs(x)+math.Abs(y))
	}
	f.x0, f.y0 = math.Max(math.Floor(f.x0), -spriteHalf), math.Max(math.Floor(f.y0), -spriteHalf)
	f.x1, f.y1 = math.Min(math.Ceil(f.x1), spriteHalf), math.Min(math.Ceil(f.y1), spriteHalf)
	if d += 0.5; 2*d*d < (f.x1-f.x0)*(f.y1-f.y0) && d <= spriteHalf {
		f.diamond = d
	}
	return f
}

func newSprites(white *ebiten.Image) *sprites {
	s := &sprites{
		atlas: ebiten.NewImage(atlasSize, atlasSize), // on Ebiten's atlas: 25 % faster to stamp from than an image of its own
		cells: map[spriteKey]int{},
		shape: newBatch(white),
	}
	s.b.src = s.atlas
	return s
}

// cell returns the atlas cell of k, drawing it the first time.
func (s *sprites) cell(k spriteKey) int {
	if c, ok := s.cells[k]; ok {
		return c
	}
	if len(s.cells) == atlasCells {
		// Cannot happen with the keys the client makes (a few hundred at
		// most); start over rather than fail.
		s.b.flush()
		s.atlas.Clear()
		clear(s.cells)
		s.foot = s.foot[:0]
	}
	c := len(s.cells)
	s.cells[k] = c
	x, y := s.origin(c)
	s.shape.begin(s.atlas, ebiten.FillRuleFillAll)
	drawIcon(s.shape, k, x+spriteHalf, y+spriteHalf)
	s.foot = append(s.foot, measure(s.shape.vs, x+spriteHalf, y+spriteHalf))
	s.shape.end()
	return c
}

func (s *sprites) origin(c int) (float64, float64) {
	per := atlasSize / spriteCell
	return float64(c%per) * spriteCell, float64(c/per) * spriteCell
}

// stamp adds sprite k centred at (x, y) with opacity a. Only the icon's
// footprint is drawn: under software GL the frame time is mostly pixels
// filled.
func (s *sprites) stamp(k spriteKey, x, y, a float64) {
	c := s.cell(k)
	sx, sy := s.origin(c)
	sx, sy = sx+spriteHalf, sy+spriteHalf
	x, y = math.Round(x), math.Round(y)
	f := &s.foot[c]
	if d := f.diamond; d > 0 {
		s.b.add(a, [4][2]float64{{0, -d}, {d, 0}, {0, d}, {-d, 0}}, x, y, sx, sy)
		return
	}
	s.b.add(a, [4][2]float64{{f.x0, f.y0}, {f.x1, f.y0}, {f.x1, f.y1}, {f.x0, f.y1}}, x, y, sx, sy)
}

// spriteBatch collects textured quads from the atlas.
type spriteBatch struct {
	vs  []ebiten.Vertex
	is  []uint16
	src *ebiten.Image
	dst *ebiten.Image
}

func (b *spriteBatch) begin(dst *ebiten.Image) {
	b.dst = dst
	b.vs, b.is = b.vs[:0], b.is[:0]
}

func (b *spriteBatch) flush() {
	if len(b.is) > 0 && b.dst != nil {
		b.dst.DrawTriangles(b.vs, b.is, b.src, nil)
	}
	b.vs, b.is = b.vs[:0], b.is[:0]
}

func (b *spriteBatch) end() {
	b.flush()
	b.dst = nil
}

// add stamps the quadrilateral with corners at offsets c, in order around
// it, from (x, y) on the destination and from (sx, sy) in the atlas.
func (b *spriteBatch) add(a float64, c [4][2]float64, x, y, sx, sy float64) {
	if len(b.vs)+4 > maxBatchVertices {
		b.flush()
	}
	i := uint16(len(b.vs))
	af := float32(a) // straight alpha: the whole icon fades
	for _, o := range c {
		b.vs = append(b.vs, ebiten.Vertex{
			DstX: float32(x + o[0]), DstY: float32(y + o[1]),
			SrcX: float32(sx + o[0]), SrcY: float32(sy + o[1]),
			ColorR: 1, ColorG: 1, ColorB: 1, ColorA: af,
		})
	}
	b.is = append(b.is, i, i+1, i+2, i, i+2, i+3)
}

// drawIcon draws the shapes of sprite k centred at (x, y).
func drawIcon(b *batch, k spriteKey, x, y float64) {
	c := teamColour(int(k.team))
	switch k.kind {
	case spriteUnit:
		unitShape(b, sim.UnitKind(k.sub), c, k.flags, x, y)
		teamMark(b, int(k.team), x-unitSize-3, y+unitSize+3)
	case spriteTrack:
		trackShape(b, k, x, y)
	case spriteTrackTruth:
		r := trackSize - 2
		b.diamond(x, y, r+1.5, colOutline)
		if k.flags&flagSharedIn != 0 {
			b.diamond(x, y, r, colWhite)
			b.diamondOutline(x, y, r, 2, c)
		} else {
			b.diamond(x, y, r, c)
		}
		teamMark(b, int(k.team), x-r-1, y+r+1)
	case spriteCrosser:
		col := crosserColour(sim.CrosserState(k.sub))
		b.disc(x, y, crosserSize+1.3, colOutline)
		b.disc(x, y, crosserSize, col)
		if k.flags&flagVulnerable != 0 {
			b.disc(x, y, 1.6, colWhite)
		}
		if k.flags&flagDetected != 0 {
			b.ring(x, y, crosserSize+3.5, 1.5, colCrosserDet)
		}
	case spriteSensor:
		if k.flags&flagDown != 0 {
			c = rgb(0x8a8a8a)
		}
		b.diamond(x, y, sensorSize+1.5, colOutline)
		b.diamond(x, y, sensorSize, c)
		if k.flags&flagDown != 0 {
			b.cross(x, y, sensorSize+2, 1.5, colClosed)
		}
	case spriteCount:
		countShape(b, int(k.sub), x, y)
	case spriteCheckpoint:
		col := colClosed
		if k.flags&flagOpen != 0 {
			col = colOpen
		}
		s := checkSize
		b.rect(x-s-1.5, y-s-1.5, x+s+1.5, y+s+1.5, colWhite)
		b.rect(x-s, y-s, x+s, y+s, col)
		if k.flags&flagOpen != 0 {
			b.rect(x-s+2, y-1.2, x+s-2, y+1.2, colWhite) // the raised bar
		} else {
			b.cross(x, y, s-2.5, 2, colWhite)
		}
	}
}

func unitShape(b *batch, kind sim.UnitKind, c color.RGBA, flags uint8, x, y float64) {
	s := unitSize
	switch kind {
	case sim.Foot:
		b.disc(x, y, s+1.5, colOutline)
		b.disc(x, y, s, c)
		b.disc(x, y, 2, colWhite)
	case sim.Vehicle:
		b.rect(x-s-1.5, y-s+0.5, x+s+1.5, y+s-0.5, colOutline)
		b.rect(x-s, y-s+2, x+s, y+s-2, c)
		b.rect(x-s+3, y-1, x+s-3, y+1, colWhite)
	case sim.Drone:
		r := s + 2
		if flags&flagAloft == 0 {
			r = s
		}
		b.triangleUp(x, y+1, r+2.5, colOutline)
		b.triangleUp(x, y+1, r, c)
		if flags&flagAloft == 0 {
			b.disc(x, y+2, 2, colWhite) // on the ground
		}
	}
	if flags&flagCustody != 0 {
		b.disc(x+s, y-s, 3.5, colOutline)
		b.disc(x+s, y-s, 2.5, colApprehend)
	}
}

func trackShape(b *batch, k spriteKey, x, y float64) {
	c := colTrackOwn
	switch {
	case k.flags&flagDown != 0: // in custody
		c = colApprehended
	case k.flags&flagSharedIn != 0:
		c = teamColour(int(k.team))
	}
	if k.flags&flagSharedIn != 0 {
		// Shared with us: hollow, in the sharing team's colour.
		b.diamond(x, y, trackSize+1.5, colOutline)
		b.diamond(x, y, trackSize, colWhite)
		b.diamondOutline(x, y, trackSize, 2.6, c)
		b.disc(x, y, 1.8, colTrackOwn)
		teamMark(b, int(k.team), x-trackSize-1, y+trackSize+1)
		return
	}
	b.diamond(x, y, trackSize+1.5, colOutline)
	b.diamond(x, y, trackSize, c)
	if k.flags&flagSharedOut != 0 {
		// Passed on to a partner: a white ring around it.
		b.ring(x, y, trackSize+3.2, 1.5, colWhite)
	}
}

// Keys of the picture's entities.

func unitKey(u sim.UnitView) spriteKey {
	k := spriteKey{kind: spriteUnit, sub: uint8(u.Kind), team: int8(u.Team)}
	if u.Aloft {
		k.flags |= flagAloft
	}
	if u.Custody > 0 {
		k.flags |= flagCustody
	}
	return k
}

func trackKey(t sim.TrackView, truth bool) spriteKey {
	if truth {
		k := spriteKey{kind: spriteTrackTruth, team: int8(t.Team)}
		if t.From >= 0 {
			k.flags |= flagSharedIn
		}
		return k
	}
	k := spriteKey{kind: spriteTrack, team: -1}
	if t.From >= 0 {
		k.flags |= flagSharedIn
		k.team = int8(t.From)
	}
	if t.SharedTo {
		k.flags |= flagSharedOut
	}
	if t.Custody {
		k.flags |= flagDown
	}
	return k
}

func crosserKey(c sim.CrosserView) spriteKey {
	k := spriteKey{kind: spriteCrosser, sub: uint8(c.State), team: -1}
	if c.Detected {
		k.flags |= flagDetected
	}
	if c.Vulnerable {
		k.flags |= flagVulnerable
	}
	return k
}
