package scenarios

import (
	"math"
	"strings"

	"github.com/borderdrill/borderdrill/sim"
)

// This file reads barriers along the border.

// Keys allowed in this section's mappings, in the order docs/SCENARIOS.md
// presents them.
var barrierKeys = []string{"name", "team", "section", "from_km", "to_km", "delay", "alert_probability"}

func (b *builder) readBarriers(top *object) {
	b.teamObjects(top, "barriers", "barrier", barrierKeys, func(o *object, name string, team int) {
		o.require("from_km", "to_km")
		br := sim.BarrierSpec{
			Name:       name,
			Team:       max(team, 0),
			Section:    b.section(o, "section"),
			DelayTicks: b.ticks(o.duration("delay", 600)),
			AlertProb:  o.number("alert_probability", 0.5, 0, 1),
		}
		from := o.number("from_km", 0, 0, 100000)
		to := o.number("to_km", 0, 0, 100000)
		if o.has("from_km") && o.has("to_km") && to <= from {
			o.errorf("to_km", "to_km: %s must be larger than from_km %s", fmtNum(to), fmtNum(from))
		}
		if b.m != nil && br.Section >= 0 {
			if l := b.m.BorderLength(br.Section) / 1000; to > l+0.001 {
				o.errorf("to_km", "to_km: %s is past the end of the border section (%.1f km)", fmtNum(to), l)
			}
		}
		br.From, br.To = from*1000, to*1000
		br.Section = max(br.Section, 0)
		b.s.Barriers = append(b.s.Barriers, br)
	})
}

// section reads an optional border section, by name or index. It returns
// 0 when the map has one section and the key is absent, and -1 after an
// error.
func (b *builder) section(o *object, key string) int {
	if b.m == nil {
		return -1
	}
	secs := b.m.Sections
	named := make([]string, 0, len(secs))
	for _, s := range secs {
		if s != "" {
			named = append(named, s)
		}
	}
	if !o.has(key) {
		if len(b.m.Border) > 1 {
			o.errorf(key, "missing \"%s\": the %s border has %d sections; allowed: %s", key, b.m.Name, len(b.m.Border), strings.Join(named, ", "))
			return -1
		}
		return 0
	}
	n := o.value(key)
	if v, ok := b.number(n); ok {
		if v != math.Trunc(v) || v < 0 || int(v) >= len(b.m.Border) {
			o.errorf(key, "%s: no section %s; allowed: 0 to %d", key, fmtNum(v), len(b.m.Border)-1)
			return -1
		}
		return int(v)
	}
	s := o.str(key, "")
	for i, name := range secs {
		if name != "" && strings.EqualFold(name, s) {
			return i
		}
	}
	if len(named) == 0 {
		o.errorf(key, "%s: the %s border has a single section; leave %s out", key, b.m.Name, key)
	} else {
		o.errorf(key, "%s: unknown section %q%s; allowed: %s", key, s, suggest(s, named), strings.Join(named, ", "))
	}
	return -1
}
