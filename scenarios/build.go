package scenarios

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/goccy/go-yaml/ast"
)

// Keys allowed in each kind of mapping, in the order docs/SCENARIOS.md
// presents them.
var (
	topKeys      = []string{"name", "languages", "description", "map", "map_file", "places", "start", "duration", "tick", "weather", "daylight", "teams", "agreements", "units", "sensors", "flows", "barriers", "checkpoints", "receptions", "risk", "community", "objectives", "injects", "cover", "elevation"}
	daylightKeys = []string{"sunrise", "sunset"}
)

// Defaults for optional values.
const (
	defaultDurationSec   = 12 * 3600 // seconds
	maxCrossOffBorderKM  = 20.0      // km a flow's cross place may lie off the border
	onBorderToleranceM   = 100.0     // metres; a point this near the border counts as on either side
	sideProbeM           = 50.0      // metres; probe distance for finding a side of the border
	maxEntries           = 10000     // entries per list
	maxPatrolPoints      = 500       // points one patrol may generate
	maxLegSamples        = 2000      // points tested along one straight leg
	maxCheckWork         = 20000000  // geometry tests for route checks per file (about a second)
	defaultCustodyCap    = 20        // persons
	defaultProcessingSec = 45 * 60   // seconds
)

// builder turns the syntax tree of a scenario file into a sim.Scenario.
type builder struct {
	*decoder
	s     *sim.Scenario
	m     *maps.Map // nil when the map is missing or unknown
	files bool      // the scenario was read from disk: map_file may name a file beside it
	langs []string  // languages every text must carry (languages:), or none
	tick  int       // seconds per tick
	start int       // seconds after midnight at tick 0
	dur   int       // seconds

	teams       map[string]int
	teamCountry []int // map country index of each team
	agreements  map[string]int
	sensors     map[string]int
	flows       map[string]int
	objectives  map[string]int

	work     int  // geometry tests made for route checks, against maxCheckWork
	overWork bool // the budget ran out and was reported
}

// build reads the whole file into b.s.
func (b *builder) build(root ast.Node) {
	top := b.object(root, "scenario", topKeys)
	if top == nil {
		if len(b.errs) == 0 {
			b.errorf(root, "empty scenario; a scenario is a mapping with keys %s", strings.Join(topKeys, ", "))
		}
		return
	}
	s := b.s
	s.Name = top.str("name", strings.TrimSuffix(path.Base(b.file), path.Ext(b.file)))
	b.readLanguages(top)
	s.Description = b.text(top, "description")
	b.loadMap(top)

	b.tick = top.duration("tick", 1)
	if b.tick < 1 {
		top.errorf("tick", "tick: must be at least 1s")
		b.tick = 1
	}
	b.start = top.clock("start", 0)
	b.dur = top.duration("duration", defaultDurationSec)
	if b.dur < b.tick {
		top.errorf("duration", "duration: must be at least one tick (%ds)", b.tick)
		b.dur = defaultDurationSec
	}
	s.TickSeconds = b.tick
	s.StartSecond = b.start
	s.Duration = b.ticks(b.dur)
	s.Weather = b.weather(top, "weather", sim.Clear)
	s.Daylight = sim.Daylight{Sunrise: sim.DefaultSunrise, Sunset: sim.DefaultSunset}
	if dl := b.object(top.vals["daylight"], "daylight", daylightKeys); dl != nil {
		s.Daylight.Sunrise = dl.clock("sunrise", sim.DefaultSunrise)
		s.Daylight.Sunset = dl.clock("sunset", sim.DefaultSunset)
	}

	b.readTeams(top)
	b.readAgreements(top)
	b.readSensors(top)
	b.readUnits(top)
	b.readFlows(top)
	b.readBarriers(top)
	b.readCheckpoints(top)
	b.readReceptions(top)
	b.readRisk(top)
	b.readCommunity(top)
	b.readObjectives(top)
	b.readInjects(top)
	b.readCover(top)
	b.readElevation(top)
}

// loadMap resolves the map key.
func (b *builder) loadMap(top *object) {
	defer b.addPlaces(top)
	if top.has("map_file") {
		b.loadMapFile(top)
		return
	}
	if !top.require("map") {
		return
	}
	name, err := maps.Resolve(top.str("map", ""))
	if err != nil {
		top.errorf("map", "%s", strings.TrimPrefix(err.Error(), "maps: "))
		return
	}
	m, err := loadMap(name)
	if err != nil {
		top.errorf("map", "map %q does not load: %v", name, err)
		return
	}
	b.m = m
	b.s.Map = m
}

// loadedMaps memoises maps.Load. Loading a map parses its GeoJSON and
// builds its indexes (10–60 ms); a Map is immutable and safe for concurrent
// use after Load, so every scenario on the same border shares one. This is
// the package's only shared state: a cache of immutable values.
var loadedMaps sync.Map // map name -> *maps.Map

// loadMap returns the named map, loading it once.
func loadMap(name string) (*maps.Map, error) {
	if m, ok := loadedMaps.Load(name); ok {
		return m.(*maps.Map), nil
	}
	m, err := maps.Load(name)
	if err != nil {
		return nil, err
	}
	actual, _ := loadedMaps.LoadOrStore(name, m)
	return actual.(*maps.Map), nil
}

// ticks converts seconds to ticks, rounding to the nearest tick.
func (b *builder) ticks(sec int) int32 {
	t := (int64(sec) + int64(b.tick)/2) / int64(b.tick)
	return int32(min(t, math.MaxInt32))
}

// speed converts km/h to metres per tick.
func (b *builder) speed(kmh float64) float64 {
	return kmh * 1000 / 3600 * float64(b.tick)
}

// weather reads a weather name.
func (b *builder) weather(o *object, key string, def sim.Weather) sim.Weather {
	return spelled(o, key, "weather", def)
}

// spelled reads key as a value of one of sim's enumerations, spelled as
// sim spells it, or def.
func spelled[T sim.Spelled](o *object, key, what string, def T) T {
	v, ok := sim.Parse[T](o.enum(key, what, def.String(), sim.Names[T]()))
	if !ok {
		return def
	}
	return v
}

// entries returns the list under key, each element with a description for
// messages: kind plus the element's name or id when it has one.
func (b *builder) entries(o *object, key, kind, nameKey string) []entry {
	list := o.list(key)
	if len(list) > maxEntries {
		o.errorf(key, "%s: %d entries; allowed: up to %d", key, len(list), maxEntries)
		list = list[:maxEntries]
	}
	out := make([]entry, 0, len(list))
	for i, n := range list {
		what := fmt.Sprintf("%s %d", kind, i+1)
		if m, ok := b.resolve(n).(*ast.MappingNode); ok {
			for _, v := range m.Values {
				if v == nil || v.Key == nil {
					continue
				}
				if k, _ := scalar(b.resolve(v.Key)); k == nameKey {
					if name, ok := scalar(b.resolve(v.Value)); ok && name != "" {
						what = fmt.Sprintf("%s %q", kind, name)
					}
				}
			}
		}
		out = append(out, entry{node: n, what: what})
	}
	return out
}

// teamObjects reads section key of top, a list of mappings (each a kind,
// with keys) that have a unique "name" and a "team": it checks each one's
// name and team and calls read with them, in order. read adds exactly one
// entry to the scenario's list, so the names index that list.
func (b *builder) teamObjects(top *object, key, kind string, keys []string, read func(o *object, name string, team int)) {
	names := map[string]int{}
	for i, o := range b.objects(top, key, kind, "name", keys) {
		name, ok := b.name(o, "name", names, kind+" name")
		team, _ := b.team(o, "team", true, false)
		read(o, name, team)
		if ok {
			names[name] = i
		}
	}
}

// objects returns the mappings of the list under key, each allowed the
// given keys; an element that is not such a mapping is reported and left
// out.
func (b *builder) objects(o *object, key, kind, nameKey string, keys []string) []*object {
	var out []*object
	for _, e := range b.entries(o, key, kind, nameKey) {
		if eo := b.object(e.node, e.what, keys); eo != nil {
			out = append(out, eo)
		}
	}
	return out
}

// entry is one element of a list of mappings.
type entry struct {
	node ast.Node
	what string
}

// name reads a required unique name or id.
func (b *builder) name(o *object, key string, seen map[string]int, kind string) (string, bool) {
	if !o.require(key) {
		return "", false
	}
	id := strings.TrimSpace(o.str(key, ""))
	if id == "" {
		o.errorf(key, "%s: must not be empty", key)
		return "", false
	}
	if _, dup := seen[id]; dup {
		o.errorf(key, "%s %q is declared twice; %ss must be unique", kind, id, kind)
		return id, false
	}
	return id, true
}

// team reads a reference to a declared team, returning its index or -1.
// When all is true the word "all" is allowed and gives sim.Instructor (-1)
// with ok true.
func (b *builder) team(o *object, key string, required, all bool) (idx int, ok bool) {
	if !o.has(key) {
		if required {
			o.require(key)
			return -1, false
		}
		return -1, all
	}
	id := o.str(key, "")
	if all && id == "all" {
		return -1, true
	}
	if i, found := b.teams[id]; found {
		return i, true
	}
	ids := b.teamIDs()
	if all {
		ids = append(ids, "all")
	}
	if len(b.teams) == 0 {
		o.errorf(key, "%s: unknown team %q; declare teams first under teams:", key, id)
	} else {
		o.errorf(key, "%s: unknown team %q%s; allowed: %s", key, id, suggest(id, ids), strings.Join(ids, ", "))
	}
	return -1, false
}

// teamIDs lists the declared team ids in order.
func (b *builder) teamIDs() []string {
	ids := make([]string, len(b.s.Teams))
	for i, t := range b.s.Teams {
		ids[i] = t.ID
	}
	return ids
}

// borderISO lists the ISO3 codes of the map's two border countries.
func (b *builder) borderISO() []string {
	if b.m == nil || len(b.m.Countries) < 2 {
		return nil
	}
	return []string{b.m.Countries[0].ISO3, b.m.Countries[1].ISO3}
}

// countryName gives an ISO3 code for a country index, for messages.
func (b *builder) countryName(c int) string {
	if b.m == nil || c < 0 || c >= len(b.m.Countries) {
		return "no country (sea or outside the map)"
	}
	return b.m.Countries[c].ISO3
}

// when reads a time in the exercise: a clock time ("23:30", the first
// such time at or after the start) or an offset from the start ("2h15m").
// It returns seconds after the start, or def.
func (b *builder) when(o *object, key string, def int) int {
	n := o.value(key)
	if n == nil {
		return def
	}
	s, _ := scalar(n)
	if clock, ok := parseClock(s); ok {
		return ((clock-b.start)%86400 + 86400) % 86400
	}
	if strings.Contains(s, ":") {
		o.errorf(key, "%s: %q is not a time of day; want \"HH:MM\" such as \"23:30\"", key, s)
		return def
	}
	return o.parsedDuration(key, n, def, "want a time of day such as \"23:30\" or an offset from the start such as \"2h15m\"; ")
}

// ref reads a reference by name into an index table; 0 after an error.
func (b *builder) ref(o *object, key string, table map[string]int, kind string) int {
	if !o.has(key) {
		return 0
	}
	name := o.str(key, "")
	i, ok := table[name]
	if !ok {
		names := sortedKeys(table)
		o.errorf(key, "%s: unknown %s %q%s; allowed: %s", key, kind, name, suggest(name, names), orNone(names))
		return 0
	}
	return i
}

// orNone joins names, or says "none".
func orNone(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// sortedKeys returns a table's names, sorted.
func sortedKeys(table map[string]int) []string {
	out := make([]string, 0, len(table))
	for k := range table {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// fmtDuration formats seconds as 1h30m, 15m, 90s.
func fmtDuration(sec int) string {
	h, m, s := sec/3600, sec%3600/60, sec%60
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}
