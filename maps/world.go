package maps

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/clip"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/planar"

	"github.com/borderdrill/borderdrill/maps/internal/compact"
)

// WindowMarginKM is the margin in kilometres around a border's bounding box
// that makes its map window.
const WindowMarginKM = 50.0

// windowEarthRadiusKM is the mean earth radius used to turn the margin into
// degrees, in kilometres.
const windowEarthRadiusKM = 6371.0088

// maxThirdCountries is the most third countries a world map keeps: the point
// in country grid takes at most eight countries in all.
const maxThirdCountries = 6

// ErrNoWorldData is returned by Load for a pair that is not bundled when the
// build carries no world data (the browser client): fetch the map's Pack from
// the server instead.
var ErrNoWorldData = errors.New("maps: this build carries only the bundled pairs, not the world data")

// Window returns the map window of a border with the given lon/lat bounding
// box: the box widened by WindowMarginKM on every side (in longitude at the
// window's highest absolute latitude) and rounded to 1e-4 degrees. It is the
// window of the bundled pairs, and of every pair built from the world data.
func Window(border orb.Bound) orb.Bound {
	dLat := WindowMarginKM / (windowEarthRadiusKM * math.Pi / 180)
	lat0, lat1 := border.Min[1]-dLat, border.Max[1]+dLat
	la := math.Min(math.Max(math.Abs(lat0), math.Abs(lat1)), 89)
	dLon := dLat / math.Cos(la*math.Pi/180)
	r4 := func(v float64) float64 { return math.Round(v*1e4) / 1e4 }
	return orb.Bound{
		Min: orb.Point{r4(border.Min[0] - dLon), r4(lat0)},
		Max: orb.Point{r4(border.Max[0] + dLon), r4(lat1)},
	}
}

// Pair describes one pair of countries sharing a land border.
type Pair struct {
	// Name is the pair's key, the two lower-case codes in alphabetical order
	// ("blr-pol"); Load takes it in either order.
	Name string
	// A and B are the upper-case Natural Earth adm0_a3 codes, in the order of
	// Name (the ISO 3166 alpha-3 code except for SDS, SAH, PSX and entities
	// without one).
	A, B string
	// NameA and NameB are the countries' Natural Earth names.
	NameA, NameB string
	// BorderKM is the border length in kilometres (haversine on the mean
	// earth radius, every line of the pair).
	BorderKM float64
	// Bundled is the bundled name when the pair is one of Names() (which may
	// be in the other order, e.g. "pol-blr"), else "".
	Bundled string
}

// Pairs returns every pair sharing a land border, sorted by Name. A build
// without world data (the browser client) returns nil.
func Pairs() []Pair {
	w, err := world()
	if err != nil || w == nil {
		return nil
	}
	out := make([]Pair, len(w.Pairs))
	for i, p := range w.Pairs {
		out[i] = Pair{Name: p.Key, A: p.A, B: p.B, NameA: p.NameA, NameB: p.NameB, BorderKM: float64(p.BorderM) / 1000}
		for _, n := range []string{p.Key, reverseName(p.Key)} {
			if isBundled(n) {
				out[i].Bundled = n
			}
		}
	}
	return out
}

// isoAliases maps ISO 3166 codes to the Natural Earth codes the pairs use.
var isoAliases = map[string]string{"ssd": "sds", "esh": "sah", "pse": "psx", "ala": "ald"}

// normName lower-cases a pair name, accepts '_' or ' ' for the dash and
// replaces ISO codes that Natural Earth spells differently.
func normName(name string) string {
	s := strings.ToLower(strings.TrimSpace(name))
	s = strings.NewReplacer("_", "-", " ", "-").Replace(s)
	if len(s) == 7 && s[3] == '-' {
		a, b := s[:3], s[4:]
		if v, ok := isoAliases[a]; ok {
			a = v
		}
		if v, ok := isoAliases[b]; ok {
			b = v
		}
		s = a + "-" + b
	}
	return s
}

// reverseName swaps the two codes of "aaa-bbb".
func reverseName(s string) string { return s[4:] + "-" + s[:3] }

// pairKey returns the alphabetical key of "aaa-bbb".
func pairKey(s string) string {
	if s[:3] > s[4:] {
		return reverseName(s)
	}
	return s
}

// Resolve returns the canonical form of a map name in the order given
// (lower case, Natural Earth codes), or an error naming the nearest pairs
// when no such pair shares a land border.
func Resolve(name string) (string, error) {
	s := normName(name)
	if len(s) == 7 && s[3] == '-' {
		if isBundled(s) || isBundled(reverseName(s)) {
			return s, nil
		}
		w, err := world()
		if err != nil {
			return "", err
		}
		if w == nil {
			return s, nil // no world data: the server knows
		}
		if _, ok := slices.BinarySearchFunc(w.Pairs, pairKey(s), func(p compact.Pair, k string) int { return strings.Compare(p.Key, k) }); ok {
			return s, nil
		}
	}
	near := NearestPairs(name, 6)
	if len(s) != 7 || s[3] != '-' {
		return "", fmt.Errorf("maps: unknown map %q: a map is two country codes sharing a land border, aaa-bbb (see `borderdrill maps`); nearest: %s", name, strings.Join(near, ", "))
	}
	if len(near) == 0 {
		return "", fmt.Errorf("maps: unknown map %q: not a pair of countries sharing a land border (aaa-bbb, codes as ISO 3166 alpha-3); see `borderdrill maps`", name)
	}
	return "", fmt.Errorf("maps: unknown map %q: no land border between those countries; nearest: %s", name, strings.Join(near, ", "))
}

// NearestPairs returns up to n pair names nearest to name: pairs sharing a
// country with it first (its first country before its second), then by edit distance to the name in either order.
// Bundled pairs are given by their bundled names.
func NearestPairs(name string, n int) []string {
	s := normName(name)
	var a, b string
	if len(s) == 7 && s[3] == '-' {
		a, b = s[:3], s[4:]
	}
	type cand struct {
		name  string
		score int
	}
	var cs []cand
	cands := slices.Clone(names())
	for _, p := range Pairs() {
		if p.Bundled == "" {
			cands = append(cands, p.Name)
		}
	}
	for _, k := range cands {
		d := min(editDistance(s, k), editDistance(s, reverseName(k)))
		score := 2 * d
		if a != "" && (k[:3] == a || k[4:] == a || k[:3] == b || k[4:] == b) {
			score -= 4 // a pair sharing a country ranks above any other
			if k[:3] == a || k[4:] == a {
				score-- // and the first country of the name before the second
			}
		}
		cs = append(cs, cand{k, score})
	}
	slices.SortStableFunc(cs, func(x, y cand) int {
		if x.score != y.score {
			return x.score - y.score
		}
		return strings.Compare(x.name, y.name)
	})
	var out []string
	for _, c := range cs {
		if len(out) == n || c.score >= 2*len(s) {
			break
		}
		out = append(out, c.name)
	}
	return out
}

// Load loads the map of a border pair, named by the two countries' codes in
// either order ("nor-swe" or "swe-nor", see Pairs); Countries[0] is the first
// of the name. The seven bundled pairs (Names) come from their GeoJSON files
// in maps/data, every other pair is built the same way from the embedded
// world data. Unknown names give an error listing the nearest pairs.
func Load(name string) (*Map, error) {
	s, err := Resolve(name)
	if err != nil {
		return nil, err
	}
	src, err := SourceOf(s)
	if err != nil {
		return nil, err
	}
	return Build(s, src)
}

// SourceOf returns the lon/lat source geometry of a border pair (see Load).
func SourceOf(name string) (*Source, error) {
	s, err := Resolve(name)
	if err != nil {
		return nil, err
	}
	switch {
	case isBundled(s):
		return bundledSource(s)
	case isBundled(reverseName(s)):
		return bundledSource(reverseName(s))
	}
	w, err := world()
	if err != nil {
		return nil, err
	}
	if w == nil {
		return nil, fmt.Errorf("%w (map %q)", ErrNoWorldData, s)
	}
	return worldSource(w, pairKey(s))
}

// world decodes the embedded world data once; nil without world data.
var world = sync.OnceValues(func() (*compact.World, error) {
	b := worldData()
	if b == nil {
		return nil, nil
	}
	w, err := compact.DecodeWorld(b)
	if err != nil {
		return nil, fmt.Errorf("maps: embedded world data: %w", err)
	}
	return w, nil
})

// piece is one boundary line piece with its sides.
type piece struct {
	pts         []orb.Point
	left, right string
}

// worldSource builds the source of the pair with the given key from the
// world data, the way the bundled pairs were built (maps/data/README.md):
// the line pieces joined end to start without reversing, the window, the
// countries clipped to it, and the lakes, rivers and places in it.
func worldSource(w *compact.World, key string) (*Source, error) {
	i, ok := slices.BinarySearchFunc(w.Pairs, key, func(p compact.Pair, k string) int { return strings.Compare(p.Key, k) })
	if !ok {
		return nil, fmt.Errorf("maps: no pair %q in the world data", key)
	}
	pair := w.Pairs[i]
	var pieces []piece
	for _, li := range pair.Lines {
		l := w.Lines[li]
		for _, p := range l.Parts {
			pts, err := w.LineAt(p)
			if err != nil {
				return nil, fmt.Errorf("maps: world data, %s: %w", key, err)
			}
			if len(pts) >= 2 {
				pieces = append(pieces, piece{pts, l.Left, l.Right})
			}
		}
	}
	sections := joinPieces(pieces)
	if len(sections) == 0 {
		return nil, fmt.Errorf("maps: %s: no border line in the world data", key)
	}
	border, win := borderSource(sections)

	// The countries and the terrain are clipped at the same time.
	var terrain *geojson.FeatureCollection
	var terrErr error
	var wg sync.WaitGroup
	wg.Go(func() { terrain, terrErr = worldTerrain(w, win) })
	countries, err := worldCountries(w, pair, win)
	wg.Wait()
	if err != nil {
		return nil, err
	}
	if terrErr != nil {
		return nil, terrErr
	}
	return &Source{Countries: countries, Border: border, Terrain: terrain}, nil
}

// borderSource returns the border features of joined sections (sides, and
// section names "1", "2", … when there are several) and their window.
func borderSource(sections []piece) (*geojson.FeatureCollection, orb.Bound) {
	border := geojson.NewFeatureCollection()
	bb := orb.LineString(sections[0].pts).Bound()
	for si, sec := range sections {
		f := geojson.NewFeature(orb.LineString(sec.pts))
		f.Properties["left_iso_a3"] = sec.left
		f.Properties["right_iso_a3"] = sec.right
		if len(sections) > 1 {
			f.Properties["section"] = fmt.Sprint(si + 1)
		}
		border.Append(f)
		bb = bb.Union(orb.LineString(sec.pts).Bound())
	}
	return border, Window(bb)
}

// joinPieces joins line pieces end to start, without reversing any, into
// sections ordered longest first. Pieces with different sides are not
// joined. Heads (pieces no other piece leads into) start chains first, in
// piece order; what remains are loops.
func joinPieces(pieces []piece) []piece {
	byStart := map[orb.Point][]int{}
	hasPred := make([]bool, len(pieces))
	for i, p := range pieces {
		byStart[p.pts[0]] = append(byStart[p.pts[0]], i)
	}
	for _, p := range pieces {
		for _, j := range byStart[p.pts[len(p.pts)-1]] {
			if pieces[j].left == p.left && pieces[j].right == p.right {
				hasPred[j] = true
			}
		}
	}
	used := make([]bool, len(pieces))
	var out []piece
	chain := func(i int) {
		cur := pieces[i]
		sec := piece{pts: slices.Clone(cur.pts), left: cur.left, right: cur.right}
		used[i] = true
		for {
			next := -1
			for _, j := range byStart[sec.pts[len(sec.pts)-1]] {
				if !used[j] && pieces[j].left == sec.left && pieces[j].right == sec.right {
					next = j
					break
				}
			}
			if next < 0 {
				break
			}
			used[next] = true
			sec.pts = append(sec.pts, pieces[next].pts[1:]...)
		}
		out = append(out, sec)
	}
	for i := range pieces {
		if !used[i] && !hasPred[i] {
			chain(i)
		}
	}
	for i := range pieces {
		if !used[i] {
			chain(i)
		}
	}
	length := func(p piece) float64 { return planar.Length(orb.LineString(p.pts)) }
	slices.SortStableFunc(out, func(a, b piece) int { return cmp.Compare(length(b), length(a)) })
	return out
}

// worldCountries clips the countries touching the window: the pair first,
// then at most maxThirdCountries others (the largest in the window), in
// code order.
func worldCountries(w *compact.World, pair compact.Pair, win orb.Bound) (*geojson.FeatureCollection, error) {
	type clipped struct {
		c    compact.Country
		mp   orb.MultiPolygon
		area float64
	}
	// Every country is clipped on its own, on every processor.
	mps := make([]orb.MultiPolygon, len(w.Countries))
	errs := make([]error, len(w.Countries))
	inParallel(len(w.Countries), func(i int) {
		mps[i], errs[i] = clipPolygons(w, w.Countries[i].Parts, win, "", w.Countries[i].ADM0)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	var first, second *clipped
	var third []clipped
	for i, c := range w.Countries {
		mp := mps[i]
		if len(mp) == 0 {
			continue
		}
		cl := clipped{c: c, mp: mp, area: planar.Area(mp)}
		switch c.ADM0 {
		case pair.A:
			first = &cl
		case pair.B:
			second = &cl
		default:
			third = append(third, cl)
		}
	}
	if first == nil || second == nil {
		return nil, fmt.Errorf("maps: %s: the world data has no polygon of %s or %s in the window", pair.Key, pair.A, pair.B)
	}
	if len(third) > maxThirdCountries {
		slices.SortStableFunc(third, func(a, b clipped) int { return cmp.Compare(b.area, a.area) })
		third = third[:maxThirdCountries]
		slices.SortFunc(third, func(a, b clipped) int { return strings.Compare(a.c.ADM0, b.c.ADM0) })
	}
	fc := geojson.NewFeatureCollection()
	fc.BBox = geojson.NewBBox(win)
	add := func(cl clipped, role string) {
		var g orb.Geometry = cl.mp
		if len(cl.mp) == 1 {
			g = cl.mp[0]
		}
		f := geojson.NewFeature(g)
		f.Properties["iso_a3"] = cl.c.ADM0
		f.Properties["name"] = cl.c.Name
		f.Properties["role"] = role
		fc.Append(f)
	}
	add(*first, "border_country")
	add(*second, "border_country")
	for _, cl := range third {
		add(cl, "third_country")
	}
	return fc, nil
}

// clipPolygons returns the polygons of parts that reach into the window,
// clipped to it. An error names the layer (kind, "" for a country) and name.
func clipPolygons(w *compact.World, parts []compact.Part, win orb.Bound, kind, name string) (orb.MultiPolygon, error) {
	var mp orb.MultiPolygon
	for _, p := range parts {
		if !p.Bound.Intersects(win) {
			continue
		}
		pg, err := w.PolygonAt(p)
		if err != nil {
			if kind != "" {
				name = kind + " " + strconv.Quote(name)
			}
			return nil, fmt.Errorf("maps: world data, %s: %w", name, err)
		}
		if pg = clipOwned(win, pg); pg != nil {
			mp = append(mp, pg)
		}
	}
	return mp, nil
}

// worldTerrain returns the lakes and rivers clipped to the window and the
// places in it, largest first.
func worldTerrain(w *compact.World, win orb.Bound) (*geojson.FeatureCollection, error) {
	fc := geojson.NewFeatureCollection()
	for _, l := range w.Lakes {
		mp, err := clipPolygons(w, l.Parts, win, "lake", l.Name)
		if err != nil {
			return nil, err
		}
		if len(mp) > 0 {
			f := geojson.NewFeature(mp)
			f.Properties["layer"] = "lake"
			f.Properties["name"] = l.Name
			fc.Append(f)
		}
	}
	for _, r := range w.Rivers {
		var mls orb.MultiLineString
		for _, p := range r.Parts {
			if !p.Bound.Intersects(win) {
				continue
			}
			pts, err := w.LineAt(p)
			if err != nil {
				return nil, fmt.Errorf("maps: world data, river %q: %w", r.Name, err)
			}
			clipped := []orb.LineString{pts}
			if !inside(win, pts) {
				clipped = clip.LineString(win, pts)
			}
			for _, ls := range clipped {
				if ls = cleanLine(ls[:0], ls); len(ls) >= 2 {
					mls = append(mls, ls)
				}
			}
		}
		if len(mls) > 0 {
			f := geojson.NewFeature(mls)
			f.Properties["layer"] = "river"
			f.Properties["name"] = r.Name
			fc.Append(f)
		}
	}
	var places []compact.Place
	for _, p := range w.Places {
		pt := orb.Point{compact.FromMicro(p.Lon), compact.FromMicro(p.Lat)}
		if win.Contains(pt) {
			places = append(places, p)
		}
	}
	slices.SortStableFunc(places, func(a, b compact.Place) int { return cmp.Compare(b.Pop, a.Pop) })
	for _, p := range places {
		f := geojson.NewFeature(orb.Point{compact.FromMicro(p.Lon), compact.FromMicro(p.Lat)})
		f.Properties["layer"] = "place"
		f.Properties["name"] = p.Name
		f.Properties["adm0_a3"] = p.ADM0
		f.Properties["pop_max"] = float64(p.Pop)
		fc.Append(f)
	}
	return fc, nil
}

// inside reports whether every point of ls lies in the closed window: the
// window's clip then gives ls back unchanged.
func inside(win orb.Bound, ls []orb.Point) bool {
	for _, p := range ls {
		if p[0] < win.Min[0] || p[0] > win.Max[0] || p[1] < win.Min[1] || p[1] > win.Max[1] {
			return false
		}
	}
	return true
}

// clipOwned returns cleanPolygon(clip.Polygon(win, pg)), reusing the rings
// of pg, which it may overwrite: a ring inside the window is kept as it is
// instead of being copied by the clip, and is cleaned in place.
func clipOwned(win orb.Bound, pg orb.Polygon) orb.Polygon {
	out := pg[:0]
	for i, r := range pg {
		switch {
		case len(r) == 0:
			r = nil
		case !inside(win, r):
			r = clipRing(win, r)
		}
		if r == nil {
			if i == 0 {
				return nil
			}
			continue
		}
		out = append(out, r)
	}
	return cleanPolygon(out, true)
}

// clipRing clips ring r to the window and returns what is left, nil when
// nothing is: Sutherland–Hodgman, one side of the window after the other
// (left, right, bottom, top), each pass keeping the points on the inner
// side of that edge and adding the points where the ring crosses it; a
// closed ring stays closed. This is what orb's clip.Ring computes, point for
// point, with two differences in cost only: a pass is skipped when no point
// lies beyond its edge (it would copy its input unchanged), and the passes
// write into r and one buffer sized up front instead of growing slices. r's
// points may be overwritten.
func clipRing(win orb.Bound, r orb.Ring) orb.Ring {
	if len(r) == 0 {
		return nil
	}
	closed := r[0] == r[len(r)-1]
	in, spare := r, orb.Ring(nil)
	beyond := 0 // the edges some point of in lies beyond
	for _, p := range in {
		beyond |= outCode(win, p)
	}
	for edge := 1; edge <= 8; edge <<= 1 {
		if beyond&edge == 0 {
			continue
		}
		if spare == nil {
			spare = make(orb.Ring, 0, len(in)+len(in)/8+8)
		}
		out := spare[:0]
		prev := in[0]
		if closed {
			prev = in[len(in)-1]
		}
		prevIn := outCode(win, prev)&edge == 0
		beyond = 0
		for _, p := range in {
			c := outCode(win, p)
			pIn := c&edge == 0
			if pIn != prevIn {
				q := edgeCrossing(win, edge, prev, p)
				out = append(out, q)
				beyond |= outCode(win, q)
			}
			if pIn {
				out = append(out, p)
				beyond |= c
			}
			prev, prevIn = p, pIn
		}
		if len(out) == 0 {
			return nil
		}
		in, spare = out, in
	}
	if closed && in[0] != in[len(in)-1] {
		in = append(in, in[0])
	}
	return in
}

// outCode returns the edges of the window p lies beyond: 1 left, 2 right,
// 4 below, 8 above.
func outCode(win orb.Bound, p orb.Point) int {
	c := 0
	if p[0] < win.Min[0] {
		c |= 1
	} else if p[0] > win.Max[0] {
		c |= 2
	}
	if p[1] < win.Min[1] {
		c |= 4
	} else if p[1] > win.Max[1] {
		c |= 8
	}
	return c
}

// edgeCrossing returns the point where segment a-b crosses the line of the
// window's given edge (one of outCode's bits).
func edgeCrossing(win orb.Bound, edge int, a, b orb.Point) orb.Point {
	switch edge {
	case 8:
		return orb.Point{a[0] + (b[0]-a[0])*(win.Max[1]-a[1])/(b[1]-a[1]), win.Max[1]}
	case 4:
		return orb.Point{a[0] + (b[0]-a[0])*(win.Min[1]-a[1])/(b[1]-a[1]), win.Min[1]}
	case 2:
		return orb.Point{win.Max[0], a[1] + (b[1]-a[1])*(win.Max[0]-a[0])/(b[0]-a[0])}
	}
	return orb.Point{win.Min[0], a[1] + (b[1]-a[1])*(win.Min[0]-a[0])/(b[0]-a[0])}
}

// cleanLine appends ls to dst rounded to six decimals, without repeated
// points; dst may be ls[:0] to clean ls in place.
func cleanLine(dst, ls orb.LineString) orb.LineString {
	for _, p := range ls {
		q := orb.Point{compact.Round6(p[0]), compact.Round6(p[1])}
		if len(dst) > 0 && dst[len(dst)-1] == q {
			continue
		}
		dst = append(dst, q)
	}
	return dst
}

// cleanPolygon rounds a clipped polygon to six decimals, dropping rings with
// fewer than four points after rounding; nil when the outer ring goes. With
// inPlace the rings of pg are overwritten instead of copied.
func cleanPolygon(pg orb.Polygon, inPlace bool) orb.Polygon {
	var out orb.Polygon
	for i, r := range pg {
		var dst orb.LineString
		if inPlace {
			dst = orb.LineString(r[:0])
		}
		c := cleanLine(dst, orb.LineString(r))
		if len(c) >= 3 && c[0] != c[len(c)-1] {
			c = append(c, c[0])
		}
		if len(c) < 4 {
			if i == 0 {
				return nil
			}
			continue
		}
		out = append(out, orb.Ring(c))
	}
	return out
}
