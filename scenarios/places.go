package scenarios

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/goccy/go-yaml/ast"
	"github.com/paulmach/orb"
)

// This file reads places: towns, checkpoints, lonlat and border chainage, and which side of the border they are on.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var placeKeys = []string{"town", "checkpoint", "lonlat", "border_km", "section", "side", "offset_km"}

// countryOf returns the map country of a team index, or -1.
func (b *builder) countryOf(team int) int {
	if team < 0 || team >= len(b.teamCountry) {
		return -1
	}
	return b.teamCountry[team]
}

// checkSide reports a point of key that is not in country (the team's),
// unless it lies on the border or in a joint zone of one of team's
// agreements.
func (b *builder) checkSide(o *object, key string, p orb.Point, country, team int) {
	_ = b.checkSideNode(o.value(key), o.what+": "+key, p, country, team)
}

// checkSideNode is checkSide for a node; it reports whether the point is
// allowed.
func (b *builder) checkSideNode(n ast.Node, what string, p orb.Point, country, team int) bool {
	if b.m == nil || country < 0 {
		return true
	}
	at := b.m.CountryAt(p)
	if at == country || b.m.BorderDistance(p) <= onBorderToleranceM || b.inJointZone(p, team) {
		return true
	}
	iso := b.m.Countries[country].ISO3
	b.errorf(n, "%s: the point is in %s, not in the team's country %s (nor in a joint zone); give a place on the %s side, e.g. side: %s with offset_km", what, b.countryName(at), iso, iso, iso)
	return false
}

// inJointZone reports whether p is in a joint zone of an agreement that
// team is party to with a team of the country p is in: sim's rule.
func (b *builder) inJointZone(p orb.Point, team int) bool {
	if team < 0 || b.m == nil {
		return false
	}
	c := b.m.CountryAt(p)
	for i := range b.s.Agreements {
		if b.s.Agreements[i].JointZoneAllows(team, c, p, b.countryOf) {
			return true
		}
	}
	return false
}

// place reads the place under key.
func (b *builder) place(o *object, key string) (orb.Point, bool) {
	return b.placeNode(o.vals[key], o.what+": "+key)
}

// placeNode reads a place: {town: NAME}, {checkpoint: NAME},
// {lonlat: [LON, LAT]} or {border_km: KM, section: S}; a checkpoint or a
// border point may be moved off the border with side: ISO3 and offset_km.
// It reports false after an error, or when the map is unknown.
func (b *builder) placeNode(n ast.Node, what string) (orb.Point, bool) {
	o := b.object(n, what, placeKeys)
	if o == nil {
		if b.resolve(n) == nil {
			b.errorf(n, "%s: missing place; give one of town, checkpoint, lonlat, border_km", what)
		}
		return orb.Point{}, false
	}
	var kinds []string
	for _, k := range []string{"town", "checkpoint", "lonlat", "border_km"} {
		if o.has(k) {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) != 1 {
		b.errorf(o.node, "%s: give exactly one of town, checkpoint, lonlat, border_km; got %s", what, orNone(kinds))
		return orb.Point{}, false
	}
	kind := kinds[0]
	if o.has("section") && kind != "border_km" {
		o.errorf("section", "section: only used with border_km")
	}
	offsetSet := o.has("side") || o.has("offset_km")
	if offsetSet && kind != "border_km" && kind != "checkpoint" {
		o.errorf(firstSet(o, "side", "offset_km"), "side and offset_km move a border_km or checkpoint place off the border; a %s is already off it", kind)
		return orb.Point{}, false
	}
	if offsetSet && !(o.has("side") && o.has("offset_km")) {
		o.errorf(firstSet(o, "side", "offset_km"), "give side and offset_km together, e.g. side: FIN, offset_km: 2")
	}
	if b.m == nil {
		return orb.Point{}, false
	}
	m := b.m
	var p orb.Point
	switch kind {
	case "town", "checkpoint":
		name := o.str(kind, "")
		q, ok := lookup(m, kind, name)
		if !ok {
			o.errorf(kind, "unknown %s %q on the %s map%s", kind, name, m.Name, unknownPlace(m, kind, name))
			return orb.Point{}, false
		}
		p = q
	case "lonlat":
		ll := o.list("lonlat")
		var v [2]float64
		ok := len(ll) == 2
		for i := 0; ok && i < 2; i++ {
			v[i], ok = b.number(b.resolve(ll[i]))
		}
		if !ok {
			o.errorf("lonlat", "lonlat: want [longitude, latitude] in degrees, e.g. [28.19, 61.06]")
			return orb.Point{}, false
		}
		if v[0] < -180 || v[0] > 180 || v[1] < -85 || v[1] > 85 {
			o.errorf("lonlat", "lonlat: [%s, %s] is not a longitude and latitude; allowed: longitude -180 to 180, latitude -85 to 85", fmtNum(v[0]), fmtNum(v[1]))
			return orb.Point{}, false
		}
		p = m.Proj.Forward(orb.Point{v[0], v[1]})
	case "border_km":
		sec := b.section(o, "section")
		if sec < 0 {
			return orb.Point{}, false
		}
		km := o.number("border_km", -1, 0, 100000)
		if km < 0 {
			return orb.Point{}, false
		}
		if l := m.BorderLength(sec) / 1000; km > l+0.001 {
			o.errorf("border_km", "border_km: %s is past the end of the border (%.1f km)", fmtNum(km), l)
			return orb.Point{}, false
		}
		p, _ = m.PointAtChainage(sec, km*1000)
	}
	if offsetSet && o.has("side") && o.has("offset_km") {
		q, ok := b.offset(o, p)
		if !ok {
			return orb.Point{}, false
		}
		p = q
	}
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || m.CountryAt(p) < 0 {
		where := "at sea"
		if math.IsNaN(p[0]) || math.IsNaN(p[1]) || !m.Bound.Contains(p) {
			where = "outside the map"
		}
		b.errorf(o.node, "%s: the point is %s; give a place on land within the %s map", what, where, m.Name)
		return orb.Point{}, false
	}
	return p, true
}

// offset moves a point on the border offset_km into side's country,
// square to the border.
func (b *builder) offset(o *object, p orb.Point) (orb.Point, bool) {
	m := b.m
	iso := b.borderISO()
	side := o.str("side", "")
	c := m.CountryIndex(side)
	if c != 0 && c != 1 {
		o.errorf("side", "side: %q is not a country of this border%s; allowed: %s", side, suggest(side, iso), strings.Join(iso, ", "))
		return p, false
	}
	km := o.number("offset_km", -1, 0, 500)
	if km < 0 {
		return p, false
	}
	r, ok := b.offsetPoint(p, c, km*1000)
	if !ok {
		o.errorf("offset_km", "offset_km: %s km square to the border here lands in %s, not %s (the border bends or the land ends); use a smaller offset_km or lonlat", fmtNum(km), b.countryName(b.m.CountryAt(r)), m.Countries[c].ISO3)
		return p, false
	}
	return r, true
}

// offsetPoint moves p (on or near the border) d metres square to the
// border into country c (0 or 1); it reports false, with the point it
// reached, when that point is not in c.
func (b *builder) offsetPoint(p orb.Point, c int, d float64) (orb.Point, bool) {
	m := b.m
	q, sec, ch := m.NearestOnBorder(p)
	_, dir := m.PointAtChainage(sec, ch)
	normal := orb.Point{-dir[1], dir[0]}
	probe := orb.Point{q[0] + normal[0]*sideProbeM, q[1] + normal[1]*sideProbeM}
	if (m.SignedBorderDistance(probe) > 0) != (c == 0) {
		normal = orb.Point{-normal[0], -normal[1]}
	}
	r := orb.Point{q[0] + normal[0]*d, q[1] + normal[1]*d}
	return r, d == 0 || m.CountryAt(r) == c
}

// firstSet returns the first of keys that o sets.
func firstSet(o *object, keys ...string) string {
	for _, k := range keys {
		if o.has(k) {
			return k
		}
	}
	return keys[0]
}

// mapSuggest formats the names maps.Suggest finds near name, keeping those
// that ok accepts (towns for a town, checkpoints for a checkpoint).
func mapSuggest(m *maps.Map, name string, ok func(string) bool) string {
	var s []string
	lower := strings.ToLower(name)
	for _, n := range m.Suggest(name) {
		ln := strings.ToLower(n)
		near := editDistance(lower, ln) <= max(2, len([]rune(name))/3) || strings.Contains(ln, lower) || strings.Contains(lower, ln)
		if ok(n) && near && !slices.Contains(s, n) {
			s = append(s, n)
		}
	}
	if len(s) == 0 {
		return ""
	}
	return "; did you mean " + strings.Join(s, ", ")
}

// lookup finds a named place of kind ("town" or "checkpoint") on m.
func lookup(m *maps.Map, kind, name string) (orb.Point, bool) {
	if kind == "town" {
		t, ok := m.Town(name)
		return t.Pos, ok
	}
	c, ok := m.Checkpoint(name)
	return c.Pos, ok
}

// unknownPlace ends the message for a name that is no place of kind on m:
// the names it may have meant, and the allowed ones (the largest towns,
// when many).
func unknownPlace(m *maps.Map, kind, name string) string {
	const most = 12
	var names []string
	tail := ""
	if kind == "town" {
		for _, t := range m.Towns {
			names = append(names, t.Name)
		}
		tail = "; or use lonlat: [lon, lat]"
	} else {
		for _, c := range m.Checkpoints {
			names = append(names, c.Name)
		}
	}
	if len(names) > most {
		names = append(names[:most], fmt.Sprintf("… (%d %ss)", len(names), kind))
	}
	is := func(n string) bool { _, ok := lookup(m, kind, n); return ok }
	return mapSuggest(m, name, is) + "; allowed: " + orNone(names) + tail
}
