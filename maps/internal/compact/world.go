package compact

import (
	"bytes"
	"fmt"

	"github.com/paulmach/orb"
)

// WorldMagic starts the world data file.
const WorldMagic = "BDWORLD1\n"

// World is the world data file: every land-border pair, the boundary lines
// they are made of, and the country polygons, lakes, rivers and places that
// fall in any pair's window. Geometry stays encoded in Geom until read with
// LineAt or PolygonAt, so a load decodes only the parts near its border.
type World struct {
	// Pairs lists the pairs sharing a land border, sorted by Key.
	Pairs []Pair
	// Lines are the boundary line features, referenced by Pair.Lines.
	Lines []Line
	// Countries are the country polygons, sorted by ADM0.
	Countries []Country
	// Lakes are the lakes, one Part per polygon.
	Lakes []Named
	// Rivers are the river centre lines, one Part per line.
	Rivers []Named
	// Places are the populated places.
	Places []Place
	// Geom holds the encoded geometry of every Part.
	Geom []byte
}

// Pair is one pair of entities sharing a land boundary.
type Pair struct {
	// Key is "aaa-bbb", the lower-case codes in alphabetical order.
	Key string
	// A and B are the upper-case Natural Earth adm0_a3 codes.
	A, B string
	// NameA and NameB are the Natural Earth names.
	NameA, NameB string
	// BorderM is the border length in metres (haversine, mean earth radius).
	BorderM uint64
	// Lines are indices into World.Lines.
	Lines []int
}

// Line is one boundary line feature.
type Line struct {
	// Left and Right are the adm0_a3 codes on each side of the direction of
	// travel.
	Left, Right string
	// Parts are the line pieces (LineStrings).
	Parts []Part
}

// Country is one country's polygons.
type Country struct {
	// ADM0 is the Natural Earth adm0_a3 code; ISO the ISO 3166 alpha-3 code
	// ("" where there is none); Name the Natural Earth name.
	ADM0, ISO, Name string
	// Parts are the polygons (outer ring then holes).
	Parts []Part
}

// Named is a named lake or river.
type Named struct {
	// Name is the feature name ("" when unnamed).
	Name string
	// Parts are the polygons (lakes) or lines (rivers).
	Parts []Part
}

// Place is one populated place.
type Place struct {
	// Name is the place name; ADM0 the country code.
	Name, ADM0 string
	// Pop is Natural Earth's pop_max.
	Pop int64
	// Lon and Lat are in micro-degrees.
	Lon, Lat int64
}

// Part is the bound and location in World.Geom of one line or polygon.
type Part struct {
	// Bound is the bounding box in degrees.
	Bound orb.Bound
	off   int
	n     int
}

// LineAt decodes a line part.
func (w *World) LineAt(p Part) ([]orb.Point, error) {
	d := Dec{B: w.Geom[:p.off+p.n], Off: p.off}
	ls := d.Line()
	return ls, d.Err
}

// PolygonAt decodes a polygon part.
func (w *World) PolygonAt(p Part) (orb.Polygon, error) {
	d := Dec{B: w.Geom[:p.off+p.n], Off: p.off}
	pg := d.Polygon()
	return pg, d.Err
}

// Builder collects geometry for a World being written.
type Builder struct{ geom Enc }

// LinePart encodes a line and returns its Part.
func (b *Builder) LinePart(ls []orb.Point) Part {
	off := len(b.geom.B)
	b.geom.Line(ls)
	return Part{Bound: orb.LineString(ls).Bound(), off: off, n: len(b.geom.B) - off}
}

// PolygonPart encodes a polygon and returns its Part.
func (b *Builder) PolygonPart(pg orb.Polygon) Part {
	off := len(b.geom.B)
	b.geom.Polygon(pg)
	return Part{Bound: pg.Bound(), off: off, n: len(b.geom.B) - off}
}

// Geom returns the encoded geometry of every part made so far.
func (b *Builder) Geom() []byte { return b.geom.B }

// Encode writes the world data file.
func (w *World) Encode() []byte {
	e := Enc{B: []byte(WorldMagic)}
	e.Uvarint(uint64(len(w.Pairs)))
	for _, p := range w.Pairs {
		e.Str(p.Key)
		e.Str(p.A)
		e.Str(p.B)
		e.Str(p.NameA)
		e.Str(p.NameB)
		e.Uvarint(p.BorderM)
		e.Uvarint(uint64(len(p.Lines)))
		for _, l := range p.Lines {
			e.Uvarint(uint64(l))
		}
	}
	e.Uvarint(uint64(len(w.Lines)))
	for _, l := range w.Lines {
		e.Str(l.Left)
		e.Str(l.Right)
		e.parts(l.Parts)
	}
	e.Uvarint(uint64(len(w.Countries)))
	for _, c := range w.Countries {
		e.Str(c.ADM0)
		e.Str(c.ISO)
		e.Str(c.Name)
		e.parts(c.Parts)
	}
	for _, layer := range [][]Named{w.Lakes, w.Rivers} {
		e.Uvarint(uint64(len(layer)))
		for _, f := range layer {
			e.Str(f.Name)
			e.parts(f.Parts)
		}
	}
	e.Uvarint(uint64(len(w.Places)))
	var px, py int64
	for _, p := range w.Places {
		e.Str(p.Name)
		e.Str(p.ADM0)
		e.Uvarint(uint64(p.Pop))
		e.Varint(p.Lon - px)
		e.Varint(p.Lat - py)
		px, py = p.Lon, p.Lat
	}
	e.Uvarint(uint64(len(w.Geom)))
	e.B = append(e.B, w.Geom...)
	return e.B
}

// parts writes part bounds (micro-degrees) and byte lengths; offsets follow
// from the lengths, because parts are written in the order of Geom.
func (e *Enc) parts(ps []Part) {
	e.Uvarint(uint64(len(ps)))
	for _, p := range ps {
		e.Varint(ToMicro(p.Bound.Min[0]))
		e.Varint(ToMicro(p.Bound.Min[1]))
		e.Uvarint(uint64(ToMicro(p.Bound.Max[0]) - ToMicro(p.Bound.Min[0])))
		e.Uvarint(uint64(ToMicro(p.Bound.Max[1]) - ToMicro(p.Bound.Min[1])))
		e.Uvarint(uint64(p.off))
		e.Uvarint(uint64(p.n))
	}
}

// DecodeWorld reads a world data file. The returned World refers to b.
func DecodeWorld(b []byte) (*World, error) {
	if !bytes.HasPrefix(b, []byte(WorldMagic)) {
		return nil, fmt.Errorf("compact: not a world data file")
	}
	d := &Dec{B: b, Off: len(WorldMagic)}
	w := new(World)
	w.Pairs = make([]Pair, d.Count(6))
	for i := range w.Pairs {
		p := &w.Pairs[i]
		p.Key, p.A, p.B, p.NameA, p.NameB = d.Str(), d.Str(), d.Str(), d.Str(), d.Str()
		p.BorderM = d.Uvarint()
		p.Lines = make([]int, d.Count(1))
		for j := range p.Lines {
			p.Lines[j] = int(d.Uvarint())
		}
	}
	w.Lines = make([]Line, d.Count(3))
	for i := range w.Lines {
		w.Lines[i] = Line{Left: d.Str(), Right: d.Str(), Parts: d.parts()}
	}
	w.Countries = make([]Country, d.Count(4))
	for i := range w.Countries {
		w.Countries[i] = Country{ADM0: d.Str(), ISO: d.Str(), Name: d.Str(), Parts: d.parts()}
	}
	for _, layer := range []*[]Named{&w.Lakes, &w.Rivers} {
		*layer = make([]Named, d.Count(2))
		for i := range *layer {
			(*layer)[i] = Named{Name: d.Str(), Parts: d.parts()}
		}
	}
	w.Places = make([]Place, d.Count(5))
	var px, py int64
	for i := range w.Places {
		p := &w.Places[i]
		p.Name, p.ADM0 = d.Str(), d.Str()
		p.Pop = int64(d.Uvarint())
		px += d.Varint()
		py += d.Varint()
		p.Lon, p.Lat = px, py
	}
	n := d.Count(1)
	if d.Err != nil {
		return nil, fmt.Errorf("compact: world data: %w", d.Err)
	}
	w.Geom = b[d.Off : d.Off+n]
	for _, ps := range w.allParts() {
		for _, p := range ps {
			if p.off+p.n > len(w.Geom) {
				return nil, fmt.Errorf("compact: world data: a part lies beyond the geometry (%d > %d bytes)", p.off+p.n, len(w.Geom))
			}
		}
	}
	return w, nil
}

// allParts returns every part list of w.
func (w *World) allParts() [][]Part {
	var out [][]Part
	for _, l := range w.Lines {
		out = append(out, l.Parts)
	}
	for _, c := range w.Countries {
		out = append(out, c.Parts)
	}
	for _, f := range w.Lakes {
		out = append(out, f.Parts)
	}
	for _, f := range w.Rivers {
		out = append(out, f.Parts)
	}
	return out
}

// parts reads what Enc.parts wrote.
func (d *Dec) parts() []Part {
	ps := make([]Part, d.Count(6))
	for i := range ps {
		x0, y0 := d.Varint(), d.Varint()
		w, h := int64(d.Uvarint()), int64(d.Uvarint())
		ps[i] = Part{
			Bound: orb.Bound{Min: orb.Point{FromMicro(x0), FromMicro(y0)}, Max: orb.Point{FromMicro(x0 + w), FromMicro(y0 + h)}},
			off:   int(d.Uvarint()),
			n:     int(d.Uvarint()),
		}
	}
	return ps
}
