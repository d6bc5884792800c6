package scenarios

import (
	"math"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/goccy/go-yaml/ast"
)

// This file reads flows of crossing groups.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var flowKeys = []string{"name", "kind", "from", "spread_km", "to", "cross", "cross_spread_km", "start", "end", "per_hour", "size", "vulnerable", "asylum_share", "speed_kmh"}

func (b *builder) readFlows(top *object) {
	b.flows = map[string]int{}
	for _, o := range b.objects(top, "flows", "flow", "name", flowKeys) {
		name, ok := b.name(o, "name", b.flows, "flow name")
		o.require("kind", "from", "to", "cross", "per_hour")
		f := sim.FlowSpec{
			Name:        name,
			Kind:        spelled(o, "kind", "flow kind", sim.Migrants),
			Spread:      o.number("spread_km", 0, 0, 1000) * 1000,
			CrossSpread: o.number("cross_spread_km", 0, 0, 1000) * 1000,
			PerHour:     o.number("per_hour", 0, 0, 10000),
			Vulnerable:  o.share("vulnerable", 0),
			Asylum:      o.share("asylum_share", 0),
			Speed:       b.speed(o.number("speed_kmh", 0, 0, 1000)),
			SizeMin:     1,
			SizeMax:     1,
		}
		from, to := -1, -1
		if o.has("from") {
			if p, ok := b.place(o, "from"); ok {
				f.From, from = p, b.m.CountryAt(p)
			}
		}
		if o.has("to") {
			if p, ok := b.place(o, "to"); ok {
				f.To, to = p, b.m.CountryAt(p)
			}
		}
		if from >= 0 && from == to {
			o.errorf("to", "to: from and to are both in %s; a flow crosses the border", b.countryName(to))
		}
		if o.has("cross") {
			if p, ok := b.place(o, "cross"); ok {
				q, _, _ := b.m.NearestOnBorder(p)
				if d := math.Hypot(p[0]-q[0], p[1]-q[1]); d > maxCrossOffBorderKM*1000 {
					o.errorf("cross", "cross: the place is %.0f km from the border; allowed: within %.0f km (use checkpoint: or border_km:)", d/1000, maxCrossOffBorderKM)
				}
				f.CrossAt = q
			}
		}
		f.SizeMin, f.SizeMax = b.sizeRange(o, "size")
		startSec := b.when(o, "start", 0)
		endSec := b.when(o, "end", b.dur)
		if o.has("end") && endSec <= startSec {
			if _, isClock := parseClock(o.str("end", "")); isClock {
				endSec += 24 * 3600
			}
		}
		if startSec >= b.dur {
			o.errorf("start", "start: %s after the start, at or after the end of the exercise (%s)", fmtDuration(startSec), fmtDuration(b.dur))
		} else if endSec <= startSec {
			o.errorf("end", "end: the flow ends before it starts")
		}
		f.Start, f.End = b.ticks(startSec), b.ticks(endSec)
		if ok {
			b.flows[name] = len(b.s.Flows)
		}
		b.s.Flows = append(b.s.Flows, f)
	}
}

// sizeRange reads a group size: a number or [min, max].
func (b *builder) sizeRange(o *object, key string) (int, int) {
	n := o.value(key)
	if n == nil {
		return 1, 1
	}
	if _, ok := n.(*ast.SequenceNode); !ok {
		v := o.integer(key, 1, 1, 10000)
		return v, v
	}
	vals := o.list(key)
	if len(vals) != 2 {
		o.errorf(key, "%s: want [min, max] persons, e.g. [2, 8]", key)
		return 1, 1
	}
	var out [2]int
	for i, v := range vals {
		f, ok := b.number(b.resolve(v))
		if !ok || f != math.Trunc(f) || f < 1 || f > 10000 {
			b.errorf(v, "%s: %s: want a whole number of persons from 1 to 10000", o.what, key)
			return 1, 1
		}
		out[i] = int(f)
	}
	if out[0] > out[1] {
		o.errorf(key, "%s: min %d is larger than max %d", key, out[0], out[1])
		return out[1], out[1]
	}
	return out[0], out[1]
}
