package scenarios

import (
	"fmt"
	"slices"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// This file reads cover areas: ground whose cover the instructor sets.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var coverKeys = []string{"name", "value", "at", "radius_km", "polygon"}

// coverValues are the named cover values (docs/SCENARIOS.md, cover).
var coverValues = map[string]float64{
	"desert": 0.05, "open": 0.1, "farmland": 0.2, "scrub": 0.4, "urban": 0.5, "reeds": 0.6, "forest": 0.8,
}

// coverNames returns the named cover values, sorted.
func coverNames() []string {
	var out []string
	for k := range coverValues {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func (b *builder) readCover(top *object) {
	for _, o := range b.objects(top, "cover", "cover area", "name", coverKeys) {
		o.require("value")
		a := sim.CoverArea{Name: o.str("name", "")}
		if o.has("value") {
			n := b.resolve(o.value("value"))
			if v, ok := b.number(n); ok {
				if v < 0 || v > 1 {
					o.errorf("value", "value: %s is not a cover; allowed: 0 (open) to 1 (dense), or one of %s", fmtNum(v), strings.Join(coverNames(), ", "))
				}
				a.Value = v
			} else if s, _ := scalar(n); coverValues[s] > 0 {
				a.Value = coverValues[s]
			} else {
				o.errorf("value", "value: %q is not a cover; allowed: a number 0 to 1, or one of %s%s", s, strings.Join(coverNames(), ", "), suggest(s, coverNames()))
			}
		}
		circle, poly := o.has("at") || o.has("radius_km"), o.has("polygon")
		switch {
		case circle && poly:
			b.errorf(o.node, "%s: give a circle (at, radius_km) or a polygon, not both", o.what)
		case circle:
			o.require("at", "radius_km")
			a.Radius = o.number("radius_km", 0, 0.01, 1000) * 1000
			if o.has("at") {
				a.Center, _ = b.place(o, "at")
			}
		case poly:
			a.Ring = b.coverPolygon(o)
		default:
			b.errorf(o.node, "%s: give a circle (at, radius_km) or a polygon ([[lon, lat], ...], closed)", o.what)
		}
		b.s.Cover = append(b.s.Cover, a)
	}
}

// coverPolygon reads a closed ring of [lon, lat] points: at least four, the
// last equal to the first.
func (b *builder) coverPolygon(o *object) orb.Ring {
	pts := o.list("polygon")
	var ring orb.Ring
	for i, n := range pts {
		ll := b.list(n, fmt.Sprintf("%s: polygon point %d", o.what, i+1))
		var v [2]float64
		ok := len(ll) == 2
		for j := 0; ok && j < 2; j++ {
			v[j], ok = b.number(b.resolve(ll[j]))
		}
		if !ok || v[0] < -180 || v[0] > 180 || v[1] < -85 || v[1] > 85 {
			b.errorf(n, "%s: polygon point %d: want [longitude, latitude] in degrees, e.g. [23.8, 52.7]", o.what, i+1)
			return nil
		}
		ring = append(ring, orb.Point{v[0], v[1]})
	}
	if len(ring) < 4 {
		o.errorf("polygon", "polygon: %d points; a polygon needs at least 4, the last equal to the first", len(ring))
		return nil
	}
	if ring[0] != ring[len(ring)-1] {
		b.errorf(pts[len(pts)-1], "%s: polygon does not close: its last point [%s, %s] is not its first [%s, %s]; repeat the first point at the end",
			o.what, fmtNum(ring[len(ring)-1][0]), fmtNum(ring[len(ring)-1][1]), fmtNum(ring[0][0]), fmtNum(ring[0][1]))
		return nil
	}
	if b.m == nil {
		return nil
	}
	for i, p := range ring {
		ring[i] = b.m.Proj.Forward(p)
	}
	return ring
}
