package scenarios

import (
	"fmt"
	"math"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/goccy/go-yaml/ast"
	"github.com/paulmach/orb"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
)

// Keys allowed in each kind of mapping, in the order docs/SCENARIOS.md
// presents them.
var (
	topKeys        = []string{"name", "description", "map", "start", "duration", "tick", "weather", "daylight", "teams", "agreements", "units", "sensors", "flows", "barriers", "checkpoints", "community", "objectives", "injects"}
	daylightKeys   = []string{"sunrise", "sunset"}
	placeKeys      = []string{"town", "checkpoint", "lonlat", "border_km", "section", "side", "offset_km"}
	teamKeys       = []string{"id", "name", "country", "base", "custody_capacity", "processing", "auto"}
	agreementKeys  = []string{"id", "between", "share", "share_depth_km", "delay", "fidelity_m", "hot_pursuit", "joint_zones"}
	pursuitKeys    = []string{"depth_km", "time"}
	zoneKeys       = []string{"name", "at", "radius_km"}
	unitKeys       = []string{"name", "team", "kind", "at", "route", "patrol", "speed_kmh", "endurance", "observe_km"}
	patrolKeys     = []string{"from_km", "to_km", "section", "side", "offset_km", "step_km"}
	sensorKeys     = []string{"name", "team", "kind", "at", "range_km", "pd", "shape", "false_alarms_per_day", "down"}
	flowKeys       = []string{"name", "kind", "from", "spread_km", "to", "cross", "cross_spread_km", "start", "end", "per_hour", "size", "vulnerable", "speed_kmh"}
	barrierKeys    = []string{"name", "team", "section", "from_km", "to_km", "delay", "alert_probability"}
	checkpointKeys = []string{"name", "team", "status", "lanes", "per_hour", "service", "secondary", "secondary_service", "contraband", "false_id", "find_rate"}
	communityKeys  = []string{"team", "radius_km", "per_hour", "delay", "error_m"}
	objectiveKeys  = []string{"id", "description", "kind", "team", "target", "window"}
	injectKeys     = []string{"id", "at", "trigger", "manual", "synopsis", "message", "addressee", "expected_action", "objective", "kind", "flow", "groups", "sensors", "agreement", "cut", "weather", "for", "delay", "share", "pursuit_depth_km"}
	triggerKeys    = []string{"detections", "crossings", "incidents", "apprehended"}
)

// statusNames are a checkpoint's statuses as scenario files spell them.
var statusNames = []string{"open", "closed", "freight"}

// injectKindKeys lists the effect keys each inject kind takes.
var injectKindKeys = map[string][]string{
	"message":          nil,
	"surge":            {"flow", "groups"},
	"sensor_outage":    {"sensors", "for"},
	"sensor_restore":   {"sensors"},
	"comms_outage":     {"agreement", "cut", "for"},
	"weather":          {"weather", "for"},
	"agreement_change": {"agreement", "delay", "share", "pursuit_depth_km", "for"},
}

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
	s.Description = top.str("description", "")
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
	b.readCommunity(top)
	b.readObjectives(top)
	b.readInjects(top)
}

// loadMap resolves the map key.
func (b *builder) loadMap(top *object) {
	if !top.require("map") {
		return
	}
	name := top.str("map", "")
	if !slices.Contains(maps.Names(), name) {
		top.errorf("map", "unknown map %q%s; allowed: %s", name, suggest(name, maps.Names()), strings.Join(maps.Names(), ", "))
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

func (b *builder) readTeams(top *object) {
	b.teams = map[string]int{}
	if !top.has("teams") {
		top.errorf("teams", "missing \"teams\"; a joint exercise needs 2 to %d teams", sim.MaxTeams)
		return
	}
	for _, e := range b.entries(top, "teams", "team", "id") {
		o := b.object(e.node, e.what, teamKeys)
		if o == nil {
			continue
		}
		id, ok := b.name(o, "id", b.teams, "team id")
		o.require("country")
		t := sim.TeamSpec{
			ID:              id,
			Name:            o.str("name", id),
			CustodyCapacity: o.integer("custody_capacity", defaultCustodyCap, 1, 100000),
			ProcessTicks:    b.ticks(o.duration("processing", defaultProcessingSec)),
		}
		t.Country = o.str("country", "")
		country := -1
		if b.m != nil && o.has("country") {
			country = b.m.CountryIndex(t.Country)
			if country != 0 && country != 1 {
				iso := b.borderISO()
				o.errorf("country", "country: %q is not a country of the %s border%s; allowed: %s", t.Country, b.m.Name, suggest(t.Country, iso), strings.Join(iso, ", "))
				country = -1
			} else {
				t.Country = b.m.Countries[country].ISO3
			}
		}
		if o.require("base") {
			if p, ok := b.place(o, "base"); ok {
				t.Base = p
				b.checkSide(o, "base", p, country, -1)
			}
		}
		if o.boolean("auto", false) && len(b.s.Teams) < 8 {
			b.s.Auto |= 1 << len(b.s.Teams)
		}
		if ok {
			b.teams[id] = len(b.s.Teams)
		}
		b.s.Teams = append(b.s.Teams, t)
		b.teamCountry = append(b.teamCountry, country)
	}
	if n := len(b.s.Teams); n < 2 || n > sim.MaxTeams {
		top.errorf("teams", "teams: %d declared; a joint exercise needs 2 to %d teams", n, sim.MaxTeams)
	}
}

func (b *builder) readAgreements(top *object) {
	b.agreements = map[string]int{}
	for _, e := range b.entries(top, "agreements", "agreement", "id") {
		o := b.object(e.node, e.what, agreementKeys)
		if o == nil {
			continue
		}
		id, ok := b.name(o, "id", b.agreements, "agreement id")
		a := sim.AgreementSpec{ID: id, A: -1, B: -1}
		if o.require("between") {
			pair := o.list("between")
			if len(pair) != 2 {
				o.errorf("between", "between: want two team ids, e.g. [FIN, RUS]; got %d", len(pair))
			} else {
				var idx [2]int
				for i, n := range pair {
					idx[i] = -1
					id, _ := scalar(b.resolve(n))
					if t, found := b.teams[id]; found {
						idx[i] = t
					} else {
						b.errorf(n, "%s: between: unknown team %q%s; allowed: %s", o.what, id, suggest(id, b.teamIDs()), strings.Join(b.teamIDs(), ", "))
					}
				}
				if idx[0] >= 0 && idx[0] == idx[1] {
					o.errorf("between", "between: an agreement is between two different teams")
				}
				a.A, a.B = idx[0], idx[1]
			}
		}
		a.Share = spelled(o, "share", "share mode", sim.ShareNone)
		if a.Share == sim.ShareBorder {
			if o.require("share_depth_km") {
				a.ShareDepth = o.number("share_depth_km", 0, 0, 1000) * 1000
			}
		} else if o.has("share_depth_km") {
			o.errorf("share_depth_km", "share_depth_km: only used with share: border")
		}
		a.Delay = b.ticks(o.duration("delay", 0))
		a.Fidelity = o.number("fidelity_m", 0, 0, 100000)
		if hp := b.object(o.vals["hot_pursuit"], o.what+": hot_pursuit", pursuitKeys); hp != nil {
			hp.require("depth_km", "time")
			a.PursuitDepth = hp.number("depth_km", 0, 0, 1000) * 1000
			a.PursuitTicks = b.ticks(hp.duration("time", 0))
		}
		for i, n := range o.list("joint_zones") {
			zo := b.object(n, fmt.Sprintf("%s: joint_zones %d", o.what, i+1), zoneKeys)
			if zo == nil {
				continue
			}
			zo.require("name", "at", "radius_km")
			z := sim.Zone{Name: zo.str("name", ""), Radius: zo.number("radius_km", 0, 0.01, 1000) * 1000}
			if zo.has("at") {
				z.Center, _ = b.place(zo, "at")
			}
			a.JointZones = append(a.JointZones, z)
		}
		if ok {
			b.agreements[id] = len(b.s.Agreements)
		}
		b.s.Agreements = append(b.s.Agreements, a)
	}
}

func (b *builder) readSensors(top *object) {
	b.sensors = map[string]int{}
	for _, e := range b.entries(top, "sensors", "sensor", "name") {
		o := b.object(e.node, e.what, sensorKeys)
		if o == nil {
			continue
		}
		name, ok := b.name(o, "name", b.sensors, "sensor name")
		team, _ := b.team(o, "team", true, false)
		o.require("kind", "at")
		sn := sim.SensorSpec{
			Name:              name,
			Team:              max(team, 0),
			Kind:              spelled(o, "kind", "sensor kind", sim.Camera),
			Range:             o.number("range_km", 0, 0, 1000) * 1000,
			Pd:                o.number("pd", 0, 0, 1),
			Shape:             o.number("shape", 0, 0, 100),
			FalseAlarmsPerDay: o.number("false_alarms_per_day", 0, 0, 100000),
			Down:              o.boolean("down", false),
		}
		if o.has("at") {
			if p, ok := b.place(o, "at"); ok {
				sn.Pos = p
				b.checkSide(o, "at", p, b.countryOf(team), team)
			}
		}
		if ok {
			b.sensors[name] = len(b.s.Sensors)
		}
		b.s.Sensors = append(b.s.Sensors, sn)
	}
}

func (b *builder) readUnits(top *object) {
	names := map[string]int{}
	for _, e := range b.entries(top, "units", "unit", "name") {
		o := b.object(e.node, e.what, unitKeys)
		if o == nil {
			continue
		}
		name, ok := b.name(o, "name", names, "unit name")
		team, _ := b.team(o, "team", true, false)
		o.require("kind")
		u := sim.UnitSpec{
			Name:    name,
			Team:    max(team, 0),
			Kind:    spelled(o, "kind", "unit kind", sim.Foot),
			Speed:   b.speed(o.number("speed_kmh", 0, 0, 1000)),
			Observe: o.number("observe_km", 0, 0, 1000) * 1000,
		}
		if o.has("endurance") {
			if u.Kind != sim.Drone {
				o.errorf("endurance", "endurance: only drones have an endurance; this unit is %s", u.Kind)
			}
			u.Endurance = b.ticks(o.duration("endurance", 0))
		}
		switch {
		case o.has("at"):
			if p, ok := b.place(o, "at"); ok {
				u.Pos = p
				b.checkSide(o, "at", p, b.countryOf(team), team)
			}
		case team >= 0:
			u.Pos = b.s.Teams[team].Base
		}
		if o.has("route") && o.has("patrol") {
			o.errorf("patrol", "give route or patrol, not both")
		}
		routeOK := true
		for i, n := range o.list("route") {
			what := fmt.Sprintf("%s: route point %d", o.what, i+1)
			p, ok := b.placeNode(n, what)
			if ok {
				ok = b.checkSideNode(n, what, p, b.countryOf(team), team)
			}
			routeOK = routeOK && ok
			u.Route = append(u.Route, p)
		}
		if len(o.list("route")) == 1 {
			o.errorf("route", "route: a patrol route needs at least two points; leave it out to hold at the start")
		}
		if o.has("patrol") && !o.has("route") {
			u.Route, routeOK = b.patrol(o, team)
		}
		if routeOK && len(u.Route) > 1 {
			key := "route"
			if !o.has("route") {
				key = "patrol"
			}
			b.checkLegs(o, key, u.Pos, u.Route, team)
			if u.Kind == sim.Drone && team >= 0 {
				b.checkReturn(o, key, u.Route, team)
			}
		}
		if ok {
			names[name] = len(b.s.Units)
		}
		b.s.Units = append(b.s.Units, u)
	}
}

func (b *builder) readFlows(top *object) {
	b.flows = map[string]int{}
	for _, e := range b.entries(top, "flows", "flow", "name") {
		o := b.object(e.node, e.what, flowKeys)
		if o == nil {
			continue
		}
		name, ok := b.name(o, "name", b.flows, "flow name")
		o.require("kind", "from", "to", "cross", "per_hour")
		f := sim.FlowSpec{
			Name:        name,
			Kind:        spelled(o, "kind", "flow kind", sim.Migrants),
			Spread:      o.number("spread_km", 0, 0, 1000) * 1000,
			CrossSpread: o.number("cross_spread_km", 0, 0, 1000) * 1000,
			PerHour:     o.number("per_hour", 0, 0, 10000),
			Vulnerable:  o.share("vulnerable", 0),
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
	sec, err := parseDuration(n)
	if err != "" {
		o.errorf(key, "%s: want a time of day such as \"23:30\" or an offset from the start such as \"2h15m\"; %s", key, err)
		return def
	}
	return sec
}

func (b *builder) readBarriers(top *object) {
	names := map[string]int{}
	for _, e := range b.entries(top, "barriers", "barrier", "name") {
		o := b.object(e.node, e.what, barrierKeys)
		if o == nil {
			continue
		}
		name, ok := b.name(o, "name", names, "barrier name")
		team, _ := b.team(o, "team", true, false)
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
		if ok {
			names[name] = len(b.s.Barriers)
		}
		b.s.Barriers = append(b.s.Barriers, br)
	}
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

func (b *builder) readCheckpoints(top *object) {
	names := map[string]int{}
	for _, e := range b.entries(top, "checkpoints", "checkpoint", "name") {
		o := b.object(e.node, e.what, checkpointKeys)
		if o == nil {
			continue
		}
		team, _ := b.team(o, "team", true, false)
		c := sim.CheckpointSpec{
			Team:        max(team, 0),
			Lanes:       o.integer("lanes", 2, 1, 1000),
			PerHour:     o.number("per_hour", 30, 0, 100000),
			ServiceTick: b.ticks(o.duration("service", 120)),
			Secondary:   o.share("secondary", 0.05),
			SecondTicks: b.ticks(o.duration("secondary_service", 1200)),
			Contraband:  o.share("contraband", 0.01),
			FalseID:     o.share("false_id", 0.005),
			FindRate:    o.share("find_rate", 0.7),
		}
		if !o.require("name") || b.m == nil {
			b.s.Checkpoints = append(b.s.Checkpoints, c)
			continue
		}
		name := o.str("name", "")
		cp, found := b.m.Checkpoint(name)
		if !found {
			o.errorf("name", "name: %q is not a checkpoint of the %s map%s; allowed: %s", name, b.m.Name, mapSuggest(b.m, name, isCheckpoint(b.m)), checkpointNames(b.m))
		} else if _, dup := names[cp.Name]; dup {
			o.errorf("name", "name: checkpoint %q is listed twice", cp.Name)
		} else {
			names[cp.Name] = len(b.s.Checkpoints)
		}
		c.Name, c.Pos, c.Open, c.FreightOnly = cp.Name, cp.Pos, cp.Open, cp.FreightOnly
		switch o.enum("status", "checkpoint status", "", statusNames) {
		case "open":
			c.Open, c.FreightOnly = true, false
		case "closed":
			c.Open, c.FreightOnly = false, false
		case "freight":
			c.Open, c.FreightOnly = true, true
		}
		b.s.Checkpoints = append(b.s.Checkpoints, c)
	}
}

func (b *builder) readCommunity(top *object) {
	for _, e := range b.entries(top, "community", "community", "team") {
		o := b.object(e.node, e.what+" reporting", communityKeys)
		if o == nil {
			continue
		}
		team, _ := b.team(o, "team", true, false)
		c := sim.CommunitySpec{
			Team:    max(team, 0),
			Radius:  o.number("radius_km", 3, 0, 1000) * 1000,
			PerHour: o.number("per_hour", 0.3, 0, 1),
			ErrorM:  o.number("error_m", 500, 0, 100000),
		}
		lo, hi := 600, 2400 // seconds
		if n := o.value("delay"); n != nil {
			if _, isList := n.(*ast.SequenceNode); isList {
				vals := o.list("delay")
				if len(vals) != 2 {
					o.errorf("delay", "delay: want [min, max], e.g. [10m, 40m]")
				} else {
					var sec [2]int
					for i, v := range vals {
						s, err := parseDuration(b.resolve(v))
						if err != "" {
							b.errorf(v, "%s: delay: %s", o.what, err)
						}
						sec[i] = s
					}
					lo, hi = sec[0], sec[1]
					if lo > hi {
						o.errorf("delay", "delay: min is larger than max")
						hi = lo
					}
				}
			} else {
				lo = o.duration("delay", lo)
				hi = lo
			}
		}
		c.DelayMin, c.DelayMax = b.ticks(lo), b.ticks(hi)
		b.s.Community = append(b.s.Community, c)
	}
}

func (b *builder) readObjectives(top *object) {
	b.objectives = map[string]int{}
	for _, e := range b.entries(top, "objectives", "objective", "id") {
		o := b.object(e.node, e.what, objectiveKeys)
		if o == nil {
			continue
		}
		id, ok := b.name(o, "id", b.objectives, "objective id")
		o.require("kind", "target")
		kind := o.enum("kind", "objective kind", "", sim.Names[sim.ObjectiveKind]())
		team, _ := b.team(o, "team", false, true)
		ob := sim.ObjectiveSpec{
			ID:          id,
			Description: o.str("description", ""),
			Team:        team,
		}
		ob.Kind, _ = sim.Parse[sim.ObjectiveKind](kind)
		switch kind {
		case "detect_within", "share_within", "vulnerable_care":
			o.require("window")
			ob.Target = o.share("target", 0)
		case "apprehend_rate":
			ob.Target = o.share("target", 0)
		case "max_incidents":
			ob.Target = float64(o.integer("target", 0, 0, 1000000))
		case "max_custody_hours":
			ob.Target = b.amount(o, "target", 3600, "hours")
		case "max_checkpoint_wait":
			ob.Target = b.amount(o, "target", 60, "minutes")
		}
		if o.has("window") {
			switch kind {
			case "detect_within", "share_within", "vulnerable_care":
				ob.Window = b.ticks(o.duration("window", 0))
			default:
				o.errorf("window", "window: not used by kind %s; used by detect_within, share_within, vulnerable_care", kind)
			}
		}
		if ok {
			b.objectives[id] = len(b.s.Objectives)
		}
		b.s.Objectives = append(b.s.Objectives, ob)
	}
}

// amount reads a non-negative target in a unit (hours, minutes) given as a
// number or as a duration string; unit is the unit's length in seconds.
func (b *builder) amount(o *object, key string, unit float64, unitName string) float64 {
	n := o.value(key)
	if n == nil {
		return 0
	}
	if _, ok := b.number(n); ok {
		return o.number(key, 0, 0, 1e6)
	}
	sec, err := parseDuration(n)
	if err != "" {
		o.errorf(key, "%s: want %s as a number or a duration; %s", key, unitName, err)
		return 0
	}
	return float64(sec) / unit
}

func (b *builder) readInjects(top *object) {
	seen := map[string]int{}
	for _, e := range b.entries(top, "injects", "inject", "id") {
		o := b.object(e.node, e.what, injectKeys)
		if o == nil {
			continue
		}
		id, ok := b.name(o, "id", seen, "inject id")
		kind := o.enum("kind", "inject kind", "message", sim.Names[sim.InjectKind]())
		ikind, _ := sim.Parse[sim.InjectKind](kind)
		in := sim.InjectSpec{
			ID:         id,
			Synopsis:   o.str("synopsis", ""),
			Message:    o.str("message", ""),
			Expected:   o.str("expected_action", ""),
			Kind:       ikind,
			NewDelay:   -1,
			NewShare:   -1,
			NewPursuit: -1,
		}
		// Events addressed to sim.Instructor reach only the white cell, so
		// "all" (the default) is sim.All; "instructor" is a note to the
		// white cell alone.
		in.Addressee = sim.All
		if o.str("addressee", "") == "instructor" {
			in.Addressee = sim.Instructor
		} else if t, ok := b.team(o, "addressee", false, true); ok && t >= 0 {
			in.Addressee = t
		}
		if o.has("objective") {
			obj := o.str("objective", "")
			if _, found := b.objectives[obj]; !found {
				ids := sortedKeys(b.objectives)
				o.errorf("objective", "objective: %q is not a declared objective%s; allowed: %s", obj, suggest(obj, ids), orNone(ids))
			}
			in.Objective = obj
		}
		b.readTrigger(o, &in)
		b.readEffect(o, kind, &in)
		if ok {
			seen[id] = len(b.s.Injects)
		}
		b.s.Injects = append(b.s.Injects, in)
	}
}

// readTrigger reads when an inject fires: at, trigger or manual.
func (b *builder) readTrigger(o *object, in *sim.InjectSpec) {
	set := 0
	for _, k := range []string{"at", "trigger", "manual"} {
		if o.has(k) {
			set++
		}
	}
	if set != 1 {
		o.errorf("at", "give exactly one of at (a time), trigger ({detections: N} …) or manual: true; got %d", set)
	}
	in.At = -1
	switch {
	case o.has("at"):
		in.Trigger = sim.TriggerTime
		sec := b.when(o, "at", 0)
		if sec >= b.dur {
			o.errorf("at", "at: %s after the start, at or after the end of the exercise (%s)", fmtDuration(sec), fmtDuration(b.dur))
		}
		in.At = b.ticks(sec)
	case o.has("trigger"):
		t := b.object(o.vals["trigger"], o.what+": trigger", triggerKeys)
		if t == nil {
			return
		}
		n := 0
		for i, k := range triggerKeys {
			if t.has(k) {
				n++
				in.Trigger = sim.TriggerKind(i + 1)
				in.Threshold = t.integer(k, 1, 1, 1000000)
			}
		}
		if n != 1 {
			b.errorf(t.node, "%s: trigger: give exactly one of %s with a count, e.g. {crossings: 20}", o.what, strings.Join(triggerKeys, ", "))
		}
	case o.has("manual"):
		in.Trigger = sim.TriggerManual
		if !o.boolean("manual", true) {
			o.errorf("manual", "manual: false is not a trigger; use at or trigger, or manual: true")
		}
	}
}

// readEffect reads the kind-specific fields of an inject.
func (b *builder) readEffect(o *object, kind string, in *sim.InjectSpec) {
	allowed := injectKindKeys[kind]
	for _, k := range []string{"flow", "groups", "sensors", "agreement", "cut", "weather", "for", "delay", "share", "pursuit_depth_km"} {
		if o.has(k) && !slices.Contains(allowed, k) {
			o.errorf(k, "%s: not used by kind %s; %s takes %s", k, kind, kind, orNone(allowed))
		}
	}
	in.For = b.ticks(o.duration("for", 0))
	switch kind {
	case "message":
		if !o.has("message") {
			o.require("message")
		}
	case "surge":
		o.require("flow", "groups")
		in.Flow = b.ref(o, "flow", b.flows, "flow")
		in.Groups = o.integer("groups", 1, 1, 100000)
	case "sensor_outage", "sensor_restore":
		o.require("sensors")
		for _, n := range o.list("sensors") {
			name, _ := scalar(b.resolve(n))
			i, found := b.sensors[name]
			if !found {
				names := sortedKeys(b.sensors)
				b.errorf(n, "%s: sensors: unknown sensor %q%s; allowed: %s", o.what, name, suggest(name, names), orNone(names))
				continue
			}
			in.Sensors = append(in.Sensors, i)
		}
		if o.has("sensors") && len(o.list("sensors")) == 0 {
			o.errorf("sensors", "sensors: name at least one sensor")
		}
	case "comms_outage":
		o.require("agreement")
		in.Agreement = b.ref(o, "agreement", b.agreements, "agreement")
		in.Cut = o.boolean("cut", true)
	case "weather":
		o.require("weather")
		in.Weather = b.weather(o, "weather", sim.Clear)
	case "agreement_change":
		o.require("agreement")
		in.Agreement = b.ref(o, "agreement", b.agreements, "agreement")
		if !o.has("delay") && !o.has("share") && !o.has("pursuit_depth_km") {
			o.errorf("kind", "agreement_change needs at least one of delay, share, pursuit_depth_km")
		}
		if o.has("delay") {
			in.NewDelay = b.ticks(o.duration("delay", 0))
		}
		if o.has("share") {
			in.NewShare = int(spelled(o, "share", "share mode", sim.ShareNone))
		}
		if o.has("pursuit_depth_km") {
			in.NewPursuit = o.number("pursuit_depth_km", 0, 0, 1000) * 1000
		}
	}
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

// patrol reads a patrol along the border: route points every step_km from
// from_km to to_km, offset_km into side's country, and back. Points that a
// bend of the border puts in another country are left out.
func (b *builder) patrol(o *object, team int) ([]orb.Point, bool) {
	po := b.object(o.vals["patrol"], o.what+": patrol", patrolKeys)
	if po == nil || b.m == nil {
		return nil, false
	}
	if !po.require("from_km", "to_km") {
		return nil, false
	}
	sec := b.section(po, "section")
	from := po.number("from_km", -1, 0, 100000)
	to := po.number("to_km", -1, 0, 100000)
	off := po.number("offset_km", 1, 0, 500)
	step := po.number("step_km", 1, 0.1, 1000)
	country := b.countryOf(team)
	if po.has("side") {
		iso := b.borderISO()
		side := po.str("side", "")
		country = b.m.CountryIndex(side)
		if country != 0 && country != 1 {
			po.errorf("side", "side: %q is not a country of this border%s; allowed: %s", side, suggest(side, iso), strings.Join(iso, ", "))
			return nil, false
		}
	}
	if sec < 0 || from < 0 || to < 0 || country < 0 {
		return nil, false
	}
	if from == to {
		po.errorf("to_km", "to_km: must differ from from_km")
		return nil, false
	}
	l := b.m.BorderLength(sec) / 1000
	if max(from, to) > l+0.001 {
		po.errorf("to_km", "the border section is %.1f km long; from_km and to_km must be within it", l)
		return nil, false
	}
	n := min(int(math.Ceil(math.Abs(to-from)/step)), maxPatrolPoints)
	at := func(km float64) (orb.Point, bool) {
		q, _ := b.m.PointAtChainage(sec, km*1000)
		return b.offsetPoint(q, country, off*1000)
	}
	var out []orb.Point
	// fill adds the points between two patrol points whose leg leaves the
	// country, halving the step where the border bends.
	var fill func(km0, km1 float64, p0, p1 orb.Point, depth int)
	fill = func(km0, km1 float64, p0, p1 orb.Point, depth int) {
		if depth >= 6 {
			return
		}
		if _, c := b.legViolation(p0, p1, country, team); c < 0 {
			return
		}
		mid := (km0 + km1) / 2
		pm, ok := at(mid)
		if !ok {
			return
		}
		fill(km0, mid, p0, pm, depth+1)
		out = append(out, pm)
		fill(mid, km1, pm, p1, depth+1)
	}
	lastKM := 0.0
	for i := 0; i <= n; i++ {
		km := from + (to-from)*float64(i)/float64(n)
		p, ok := at(km)
		if !ok {
			continue
		}
		if len(out) > 0 {
			fill(lastKM, km, out[len(out)-1], p, 0)
		}
		out = append(out, p)
		lastKM = km
	}
	if len(out) < 2 {
		po.errorf("offset_km", "no patrol point lies %s km inside %s between km %s and %s; use a smaller offset_km or a route", fmtNum(off), b.m.Countries[country].ISO3, fmtNum(from), fmtNum(to))
		return nil, false
	}
	for i := len(out) - 2; i > 0; i-- {
		out = append(out, out[i])
	}
	return out, true
}

// checkLegs reports the first straight leg of a patrol (from the start to
// the first point, between points, and from the last point back to the
// first) that passes through another country outside the team's joint
// zones: the simulation would count it as an incursion.
func (b *builder) checkLegs(o *object, key string, start orb.Point, route []orb.Point, team int) {
	country := b.countryOf(team)
	if b.m == nil || country < 0 {
		return
	}
	leg := func(p, q orb.Point) (orb.Point, int) { return b.legViolation(p, q, country, team) }
	n := len(route)
	for i := -1; i < n; i++ {
		var p, q orb.Point
		var what string
		switch {
		case i < 0:
			p, q, what = start, route[0], "from the start to point 1"
		case i == n-1:
			p, q, what = route[n-1], route[0], fmt.Sprintf("from point %d back to point 1", n)
		default:
			p, q, what = route[i], route[i+1], fmt.Sprintf("from point %d to point %d", i+1, i+2)
		}
		if p == q {
			continue
		}
		if r, c := leg(p, q); c >= 0 {
			ll := b.m.Proj.Inverse(r)
			o.errorf(key, "%s: the leg %s crosses into %s near lonlat [%.4f, %.4f], which is an incursion; add a point between them or move them further from the border", key, what, b.countryName(c), ll[0], ll[1])
			return
		}
	}
}

// checkReturn reports a drone route from whose points the flight home to
// the team's base (which a drone makes when its endurance runs low) would
// cross into another country.
func (b *builder) checkReturn(o *object, key string, route []orb.Point, team int) {
	country := b.countryOf(team)
	if b.m == nil || country < 0 {
		return
	}
	base := b.s.Teams[team].Base
	for i, p := range route {
		if r, c := b.legViolation(p, base, country, team); c >= 0 {
			ll := b.m.Proj.Inverse(r)
			o.errorf(key, "%s: flying home to the team's base from point %d, the drone would cross into %s near lonlat [%.4f, %.4f]; keep the route where the way home stays in %s", key, i+1, b.countryName(c), ll[0], ll[1], b.m.Countries[country].ISO3)
			return
		}
	}
}

// legViolation returns a point of the straight leg p–q outside country
// (the team's) and outside the team's joint zones, and the country it is
// in; -1 when there is none.
func (b *builder) legViolation(p, q orb.Point, country, team int) (orb.Point, int) {
	const sample = 100.0 // metres between tested points
	if b.work > maxCheckWork {
		if !b.overWork {
			b.overWork = true
			b.errorAtf(1, 1, "the routes and patrols are too long to check for incursions; use fewer or shorter ones")
		}
		return orb.Point{}, -1
	}
	// A leg that meets the border line leaves the country, however
	// briefly; sampling alone would miss thin spikes of the line.
	r, work, ok := b.m.BorderCrossing(p, q, func(r orb.Point) bool { return b.inAnyJointZone(r, team) })
	b.work += work
	if ok {
		other := 1 - country
		if country > 1 {
			other = 0
		}
		return r, other
	}
	r, c, work := b.m.LegLeaves(p, q, country, sample, maxLegSamples, func(r orb.Point) bool { return b.inJointZone(r, team) })
	b.work += work
	return r, c
}

// inAnyJointZone reports whether p is in a joint zone of any agreement that
// team is party to.
func (b *builder) inAnyJointZone(p orb.Point, team int) bool {
	for i := range b.s.Agreements {
		if a := &b.s.Agreements[i]; a.Partner(team) >= 0 && a.InJointZone(p) {
			return true
		}
	}
	return false
}

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
	case "town":
		name := o.str("town", "")
		t, ok := m.Town(name)
		if !ok {
			o.errorf("town", "unknown town %q on the %s map%s; allowed: %s", name, m.Name, mapSuggest(m, name, isTown(m)), townNames(m))
			return orb.Point{}, false
		}
		p = t.Pos
	case "checkpoint":
		name := o.str("checkpoint", "")
		c, ok := m.Checkpoint(name)
		if !ok {
			o.errorf("checkpoint", "unknown checkpoint %q on the %s map%s; allowed: %s", name, m.Name, mapSuggest(m, name, isCheckpoint(m)), checkpointNames(m))
			return orb.Point{}, false
		}
		p = c.Pos
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

// isTown reports whether name is a town of m.
func isTown(m *maps.Map) func(string) bool {
	return func(name string) bool { _, ok := m.Town(name); return ok }
}

// isCheckpoint reports whether name is a checkpoint of m.
func isCheckpoint(m *maps.Map) func(string) bool {
	return func(name string) bool { _, ok := m.Checkpoint(name); return ok }
}

// townNames lists a map's towns for a message (the largest, when many).
func townNames(m *maps.Map) string {
	const most = 12
	var names []string
	for i, t := range m.Towns {
		if i == most {
			names = append(names, fmt.Sprintf("… (%d towns)", len(m.Towns)))
			break
		}
		names = append(names, t.Name)
	}
	return orNone(names) + "; or use lonlat: [lon, lat]"
}

// checkpointNames lists a map's checkpoints for a message.
func checkpointNames(m *maps.Map) string {
	const most = 12
	var names []string
	for i, c := range m.Checkpoints {
		if i == most {
			names = append(names, fmt.Sprintf("… (%d checkpoints)", len(m.Checkpoints)))
			break
		}
		names = append(names, c.Name)
	}
	return orNone(names)
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
