package scenarios

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/borderdrill/borderdrill/maps"
)

// starterScales are the factors tried on the starter's distances, largest
// first: a micro-state border (ita-vat, 0.4 km) needs them small.
var starterScales = []float64{1, 0.3, 0.1, 0.03}

// starterAt are the fractions of the longest section's length tried for the
// starter's focus, nearest the middle first.
var starterAt = []float64{0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.1, 0.9}

// Starter returns a starter scenario for any border pair (see maps.Pairs),
// in the order given: a team for each country, an information-sharing
// agreement, cameras and ground sensors and foot and vehicle patrols on both
// sides of the border, a flow of migrants crossing from the second country
// into the first, two objectives and an opening inject. Its places are
// chosen where they fall in the right country and it is checked by Parse,
// so it validates and runs; an instructor then edits it.
func Starter(pair string) ([]byte, error) {
	name, err := maps.Resolve(pair)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %s", strings.TrimPrefix(err.Error(), "maps: "))
	}
	m, err := loadMap(name)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %w", err)
	}
	var firstErr error
	for _, scale := range starterScales {
		for _, at := range starterAt {
			src := starterYAML(m, at, scale)
			if _, err := Parse(name+"-starter.yaml", src); err != nil {
				if firstErr == nil {
					firstErr = err
				}
				continue
			}
			return src, nil
		}
	}
	return nil, fmt.Errorf("scenarios: no starter scenario for %s validates; the first try gave: %w", name, firstErr)
}

// starterYAML writes the starter scenario with its focus at fraction at of
// the longest section and distances multiplied by scale.
func starterYAML(m *maps.Map, at, scale float64) []byte {
	a, b := m.Countries[0], m.Countries[1]
	sec := 0
	for i := range m.Border {
		if m.BorderLength(i) > m.BorderLength(sec) {
			sec = i
		}
	}
	lengthKM := m.BorderLength(sec) / 1000
	c := lengthKM * at
	span := min(5*scale, lengthKM/4)
	km := func(v float64) string { return strconv.FormatFloat(math.Round(v*1000)/1000, 'f', -1, 64) }
	section := ""
	if len(m.Border) > 1 {
		section = ", section: " + strconv.Quote(m.Sections[sec])
	}
	place := func(chain float64, side string, off float64) string {
		return fmt.Sprintf("{border_km: %s%s, side: %s, offset_km: %s}", km(chain), section, side, km(off*scale))
	}
	focus, _ := m.PointAtChainage(sec, c*1000)
	base := func(ci int) string { // the country's town nearest the focus
		best, bestD := "", math.Inf(1)
		for _, t := range m.Towns {
			d := math.Hypot(t.Pos[0]-focus[0], t.Pos[1]-focus[1])
			if d < bestD && m.CountryIndex(t.ISO3) == ci && m.CountryAt(t.Pos) == ci {
				best, bestD = t.Name, d
			}
		}
		if best == "" || bestD > 150_000 {
			return place(c, m.Countries[ci].ISO3, 20)
		}
		return "{town: " + strconv.Quote(best) + "}"
	}
	// A patrol starts at its first point, so that the way from the base
	// does not cross the border.
	patrol := func(from, to float64, side string, off float64) string {
		from, to = max(from, 0), min(to, lengthKM)
		return fmt.Sprintf("at: %s, patrol: {from_km: %s, to_km: %s%s, side: %s, offset_km: %s, step_km: %s}",
			place(from, side, off), km(from), km(to), section, side, km(off*scale), km(max(span/5, 0.1)))
	}
	q := strconv.Quote
	var w bytes.Buffer
	p := func(format string, args ...any) { fmt.Fprintf(&w, format+"\n", args...) }
	p("# Starter scenario for the %s–%s border, written by `borderdrill new-scenario %s`.", a.Name, b.Name, m.Name)
	p("# Edit it (docs/SCENARIOS.md), then check it with `borderdrill validate FILE`.")
	p("# Places are {border_km: km along the border line, side: country, offset_km: km into it};")
	p("# the focus is km %s of %s%s.", km(c), km(lengthKM), strings.TrimPrefix(section, ","))
	p("name: %s-starter", m.Name)
	p("description: %s", q(fmt.Sprintf("Starter exercise on the %s–%s border: one team a side, groups crossing at night.", a.Name, b.Name)))
	p("map: %s", m.Name)
	p(`start: "20:00"`)
	p("duration: 12h")
	p("weather: clear")
	p("")
	p("teams:")
	for ci, ct := range []maps.Country{a, b} {
		p("  - id: %s", ct.ISO3)
		p("    name: %s", q(ct.Name+" border guard"))
		p("    country: %s", ct.ISO3)
		p("    base: %s", base(ci))
		p("    custody_capacity: 30")
		p("    processing: 1h")
	}
	p("")
	p("agreements:")
	p("  - id: liaison")
	p("    between: [%s, %s]", a.ISO3, b.ISO3)
	p("    share: border")
	p("    share_depth_km: %s", km(2*scale))
	p("    delay: 15m")
	p("")
	p("sensors:")
	p("  - {name: %s, team: %s, kind: camera, at: %s, range_km: %s}", q(a.ISO3+" camera"), a.ISO3, place(c, a.ISO3, 0.3), km(3*scale))
	p("  - {name: %s, team: %s, kind: ground, at: %s}", q(a.ISO3+" ground sensor"), a.ISO3, place(min(c+span/2, lengthKM), a.ISO3, 0.1))
	p("  - {name: %s, team: %s, kind: camera, at: %s, range_km: %s}", q(b.ISO3+" camera"), b.ISO3, place(c, b.ISO3, 0.3), km(3*scale))
	p("")
	p("units:")
	p("  - {name: %s, team: %s, kind: foot, %s}", q(a.ISO3+" foot patrol"), a.ISO3, patrol(c-span, c+span, a.ISO3, 1))
	p("  - {name: %s, team: %s, kind: vehicle, %s}", q(a.ISO3+" vehicle patrol"), a.ISO3, patrol(c-4*span, c+4*span, a.ISO3, 2))
	p("  - {name: %s, team: %s, kind: foot, %s}", q(b.ISO3+" foot patrol"), b.ISO3, patrol(c-span, c+span, b.ISO3, 1))
	p("")
	p("flows:")
	p("  - name: Night crossings")
	p("    kind: migrants")
	p("    from: %s", place(c, b.ISO3, 5))
	p("    spread_km: %s", km(2*scale))
	p("    cross: {border_km: %s%s}", km(c), section)
	p("    cross_spread_km: %s", km(span))
	p("    to: %s", place(c, a.ISO3, 15))
	p(`    start: "21:00"`)
	p(`    end: "05:00"`)
	p("    per_hour: 1")
	p("    size: [2, 8]")
	p("")
	p("objectives:")
	p("  - {id: detect, description: Detect 70%% of groups within 15 minutes of crossing, kind: detect_within, team: %s, target: 70%%, window: 15m}", a.ISO3)
	p("  - {id: incursions, description: No unit crosses the border line, kind: max_incidents, team: all, target: 0}")
	p("")
	p("injects:")
	p("  - id: I1")
	p("    at: 0s")
	p("    synopsis: Evening brief")
	p("    message: %s", q(fmt.Sprintf("Groups are expected to cross from %s into %s tonight near km %s.", b.Name, a.Name, km(c))))
	p("    addressee: all")
	p("    expected_action: Patrol the focus section and share sightings with the other side.")
	return w.Bytes()
}
