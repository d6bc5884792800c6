// Package sim is borderdrill's deterministic exercise engine: units,
// sensors, crossing groups, tracks, agreements, custody, checkpoints,
// injects and objectives on a real border, advanced one fixed tick at a
// time by World.Step.
//
// Nothing in sim reads a clock, a file or a device, iterates a Go map where
// state changes, or draws from a global random source: the same scenario,
// seed and commands give the same state hash at every tick.
package sim

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// MaxTeams is the largest number of teams in one exercise.
const MaxTeams = 8

// regridTicks is how often the crossers' grid is rebuilt from scratch;
// between builds each group's entry is updated in place and queries widen
// their reach by how far a group may have walked.
const regridTicks = 8

// Grid cell sizes, metres. Sensor sweeps visit cells, not every group in
// them, so the crossers' cells are coarse; units are few and their
// queries short.
const (
	crosserCell = 4000
	unitCell    = 2000
)

// Defaults for what a scenario leaves at zero. Speeds are metres per
// second and scaled by the tick length; ranges are metres.
const (
	FootSpeed       = 1.4   // m/s (MODEL.md: M8)
	VehicleSpeed    = 14.0  // m/s on a patrol track (MODEL.md: M9)
	VehicleOffTrack = 4.0   // m/s off the track (MODEL.md: M10)
	DroneSpeed      = 25.0  // m/s (MODEL.md: M11)
	FootObserve     = 1000  // metres, by day (MODEL.md: P9)
	VehicleObserve  = 1500  // metres, by day (MODEL.md: P10)
	DroneEndurance  = 14400 // seconds of flight (MODEL.md: M12)
	CaptureRadius   = 40    // metres within which a ground unit can apprehend (MODEL.md: K3)
	CaptureChance   = 0.25  // per second within the capture radius (MODEL.md: K4)
	MigrantSpeed    = 1.1   // m/s (MODEL.md: M6)
	SmugglerSpeed   = 1.5   // m/s (MODEL.md: M7)
	TrackLifetime   = 1800  // seconds a track lives without an update (MODEL.md: K1)
	ShareInterval   = 60    // seconds between automatic updates of one shared track (MODEL.md: K2)
	HideSeconds     = 300   // seconds a group waits out a patrol it saw (MODEL.md: G1)
	PatrolSeenDay   = 800   // metres at which a group sees a patrol by day (MODEL.md: G2)
	PatrolSeenNight = 300   // metres at night (MODEL.md: G3)
	RiverNear       = 1000  // metres: a crossing point this close to a river is in the river (MODEL.md: R13)
)

// World is the deterministic state of one exercise. Only its owner calls
// its methods; it is not safe for concurrent use.
type World struct {
	sc   *Scenario
	m    *maps.Map
	seed uint64
	pcg  *rand.PCG
	rng  *rand.Rand
	// ppcg and prng draw the checkpoints' traffic, apart from rng, so that
	// the traffic at the ports does not change the rest of the exercise.
	ppcg *rand.PCG
	prng *rand.Rand
	ts   float64 // seconds per tick

	tick    int32
	paused  bool
	speed   int
	weather Weather
	wxUntil int32

	teams    []team
	units    []unit
	sensors  []sensor
	crossers []crosser
	active   []int32  // ids of crossers still moving, ascending
	gone     []uint64 // bit set by crosser id: apprehended or escaped
	// Per crosser and team, kept apart from the crossers because detection
	// reads it for every sighting: what the team has seen of the group.
	seen          sightings
	tracks        []track // by id; never removed, live ones listed in live
	live          []int32 // ids of live tracks, ascending
	flows         []flowState
	agreements    []agreement
	barriers      []barrier
	checks        []checkpoint
	portHour      int     // clock hour the port rates were set for
	portDirty     bool    // an order changed a crossing: set the rates again
	tradeCost     float64 // cost of vehicle-hours waited at checkpoints
	portIrregular int     // diverted travellers who crossed irregularly
	community     []communityState
	injects       []injectState
	shares        []shareMsg    // pending deliveries
	reports       []reportMsg   // pending community reports
	custody       []custodyRec  // groups in custody: escorted, screened, waiting or in processing
	sites         []site        // reception points, then the teams' bases
	distress      []distressRec // groups in distress
	distressBits  []uint64      // bit set by crosser id: in distress
	rescueDelays  []int32       // ticks from distress to rescue, one per rescue
	objectives    []ObjectiveStatus

	cgrid   grid    // crossers, rebuilt every regridTicks and updated in place between
	ugrid   grid    // ground units, rebuilt every tick
	regrid  bool    // a group was added: rebuild the crossers' grid now
	maxStep float64 // metres: the fastest group's step
	// crowdMax is the largest crowd gain n^CrowdExponent of any group: the
	// sweeps' best probability allows for it.
	crowdMax float64
	// coverMin is the least cover, as the grid holds it (0..255), that
	// any group has been in: the sweeps' best probability allows for it.
	coverMin uint8

	spotted []spotted // a sweep's sightings waiting for their tracks
	// lookRuns is a look's scratch: the runs of items a unit's look reads.
	lookRuns  []cellRun
	sweepRuns sweepRuns // the runs each fixed sensor's sweep reads

	stats  Stats
	events []Event
	ground []int32 // ground unit ids
	legs   []legs  // crossing groups' routes around water, by crosser.way-1

	// Exercise control at run time (control.go).
	auto    uint8 // computer-controlled teams (bit i for team i); starts as the scenario's Auto
	autoSet bool  // the white cell changed auto: it joins the hash
	adhoc   int   // ad-hoc injects so far

	coverAreas []coverArea // the scenario's cover areas, with bounds

	coop coopState // classifications, reports and requests between partners (coop.go)

	vulnWindow       int32 // ticks: vulnerable groups processed within it count as cared for
	vulnOK, vulnDone int
}

type team struct {
	spec     TeamSpec
	country  int // map country index
	partners uint8
	// running figures
	detections, detectSum  int64
	intercepts, interSum   int64
	sharedOut, shareSum    int64
	incidents              int
	custodyGroups          int
	custodyTicks           int64
	persons                int   // persons whose processing finished
	personTicks            int64 // their ticks in custody
	asylumClaims           int   // persons who claimed asylum with this team
	asylumRegistered       int   // of them, claims registered
	refoulements           int   // claimant groups returned across the line
	checkVehicles          int
	checkWait              int64
	ownTracks, sharedInWin int // for share objectives
	eligibleShare          int
}

type unit struct {
	id       int32
	spec     UnitSpec
	team     int
	kind     UnitKind
	pos      orb.Point
	order    Order
	target   orb.Point
	route    []orb.Point
	leg      int
	track    int32
	speed    float64 // metres per tick (on track for vehicles)
	offSpeed float64
	observe  float64  // metres: how far it looks (a drone: its footprint's half diagonal)
	half     float64  // drones: metres, half the side of the camera's footprint
	thin     thinning // observe's best probability, cached
	aloft    bool
	fuel     int32
	endur    int32
	onTrack  bool             // vehicles: on a patrol track at the last look
	abroad   bool             // in the neighbour's territory
	country  maps.CountryMemo // the map's raster cell it was last in, for CountryAtMemo
	entered  int32            // tick it went abroad
	incident bool             // an incident was raised for this stay abroad
	way      way              // ground units: the route to the current goal
	out      bool             // withdrawn by the white cell: neither moves, looks nor is seen
	capacity int32            // persons it escorts at its own pace
	escort   int32            // persons it escorts now; it apprehends no one else meanwhile
	// drop is where the escort ends: a site index, or -1-k for
	// checkpoint k (readmission); dropAt is its place.
	drop   int32
	dropAt orb.Point
}

type sensor struct {
	id     int32
	spec   SensorSpec
	team   int
	pd     float64  // per second (per scan for a radar) at zero range
	period int32    // ticks between looks
	expo   float64  // seconds (scans for a radar) one look spans
	thin   thinning // the sweep's best probability, cached
	rng    float64  // metres: the range, capped at the horizon
	shape  float64
	err    float64
	down   bool
	until  int32   // outage end tick, 0 = none
	fa     float64 // mean nuisance alarms per tick (a Poisson count)
	none   float64 // e^−fa: the probability of none in a tick
	// The sector: cos of half its width (-2 for all round) and the unit
	// vector of its azimuth.
	cosHalf, ax, ay float64
	height          float64   // metres above the ground
	vs              *viewshed // line of sight on the terrain; nil: the open-ground law
}

// crosser is one crossing group. moveCrossers reads every group's record
// each tick, so what a step of a group under way reads and writes sits in
// the record's first 64 bytes (one cache line: the records are 192 bytes
// and the array starts on a line), the rest after.
type crosser struct {
	// The hot line.
	pos    orb.Point
	hx, hy float64 // the heading to aim, a unit vector
	left   float64 // metres left to aim
	pace   float64 // metres per tick before the weather: speed, cover, vulnerable members
	id     int32
	wait   int32
	state  CrosserState
	aimFor uint8 // 1 + the state aim was worked out for; 0: work it out
	kind   CrosserKind

	aim        orb.Point // the point walked toward, valid while aimFor is state+1
	cross      orb.Point
	dest       orb.Point
	speed      float64
	cover      float64 // cover at pos, refreshed as the group moves
	hideUntil  int32
	origin     int8 // country index of the start side
	into       int8 // country index of the destination side
	caughtBy   int8
	vulnerable bool
	size       int32
	flow       int32
	barrier    int32 // barrier index at the crossing point, -1
	started    int32
	crossed    int32 // tick, -1
	detected   int32 // first detection by any team, -1
	caught     int32 // tick, -1
	river      bool
	reportSent [MaxTeams]bool // community report pending or made
	way        int32          // 1 + index in World.legs of the group's routes; 0 when both legs are straight
	wp         int32          // next waypoint of the current leg
	_          [8]byte        // to 192 bytes: every record's hot line starts a cache line
}

// track is one group (or false alarm) in one team's picture. Its fields
// fit one 64-byte cache line (team and from are int32 for that): every
// sighting of a held group reads and writes its track, at random.
type track struct {
	id       int32
	team     int32
	crosser  int32 // -1 for a false alarm
	from     int32 // team that shared it, -1
	pos      orb.Point
	err      float64
	created  int32
	updated  int32
	size     int32
	lastSent int32
	deliver  int32 // first delivery to a partner, -1
	source   TrackSource
	shared   uint8 // bit set of partner teams it reached
	custody  bool
	dead     bool
}

type flowState struct {
	spec FlowSpec
	next int32 // tick of the next start
	rate float64
}

type agreement struct {
	spec     AgreementSpec
	cut      bool
	degraded bool
	until    int32
	far      []farState // per quarter cell of the crossers' grid, for ShareBorder: see withinDepth
	farDepth float64    // the sharing depth far was filled for
}

type barrier struct {
	spec BarrierSpec
	line orb.LineString
	cuts int
}

type communityState struct {
	spec  CommunitySpec
	towns []orb.Point
}

type injectState struct {
	spec      InjectSpec
	fired     bool
	firedAt   int32
	skipped   bool  // msel.go
	postponed int32 // ticks
}

type shareMsg struct {
	due       int32
	from, to  int
	agreement int
	track     int32 // id in the sender's picture
	crosser   int32
	pos       orb.Point
	err       float64
	size      int32
}

type reportMsg struct {
	due     int32
	team    int
	crosser int32
	pos     orb.Point
	err     float64
	size    int32
}

// custodyRec is one group in custody, from apprehension until its last
// persons are processed.
type custodyRec struct {
	group    int32
	team     int
	since    int32 // apprehended
	done     int32 // the batch in processing finishes, -1 none
	persons  int32 // still in custody
	batch    int32 // persons in processing
	unit     int32 // escorting unit, -1 once handed over
	site     int32 // where it is held, -1 while escorted
	ready    int32 // tick its screening ends
	vulnerab bool
	asylum   bool // the group claimed asylum
	rescued  bool // a unit reached it in distress
	gone     bool // handed back to the neighbour, not processed
}

// New builds the World for a scenario at tick 0. The scenario must not be
// changed afterwards.
func New(s *Scenario, seed uint64) (*World, error) {
	if err := check(s); err != nil {
		return nil, err
	}
	ts := float64(s.TickSeconds)
	if ts <= 0 {
		ts = 1
	}
	pcg := rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)
	ppcg := rand.NewPCG(seed^0x706f727473, seed+0x6a09e667f3bcc909)
	w := &World{
		sc:       s,
		auto:     s.Auto,
		m:        s.Map,
		seed:     seed,
		pcg:      pcg,
		rng:      rand.New(pcg),
		ppcg:     ppcg,
		prng:     rand.New(ppcg),
		ts:       ts,
		speed:    1,
		portHour: -1,
		weather:  s.Weather,
	}
	for i, t := range s.Teams {
		c := s.Map.CountryIndex(t.Country)
		if c < 0 {
			return nil, fmt.Errorf("sim: team %s: country %q is not on map %s", t.ID, t.Country, s.Map.Name)
		}
		tm := team{spec: t, country: c}
		for _, a := range s.Agreements {
			if a.A == i {
				tm.partners |= 1 << a.B
			}
			if a.B == i {
				tm.partners |= 1 << a.A
			}
		}
		w.teams = append(w.teams, tm)
	}
	for i, u := range s.Units {
		w.units = append(w.units, newUnit(int32(i), u, ts))
	}
	for i, sp := range s.Sensors {
		sn := newSensor(int32(i), sp, s.Map, ts)
		sn.lineOfSight(s.Elevation)
		w.sensors = append(w.sensors, sn)
	}
	for _, f := range s.Flows {
		fs := flowState{spec: f, rate: f.PerHour * ts / 3600}
		fs.next = f.Start + w.arrival(fs.rate)
		w.flows = append(w.flows, fs)
	}
	for _, a := range s.Agreements {
		w.agreements = append(w.agreements, agreement{spec: a})
	}
	for _, b := range s.Barriers {
		w.barriers = append(w.barriers, barrier{spec: b, line: w.barrierLine(b)})
	}
	for _, c := range s.Checkpoints {
		w.checks = append(w.checks, newCheckpoint(c))
	}
	w.sites = newSites(s)
	for _, c := range s.Community {
		cs := communityState{spec: c}
		country := w.teams[c.Team].country
		for _, t := range s.Map.Towns {
			if s.Map.CountryIndex(t.ISO3) == country {
				cs.towns = append(cs.towns, t.Pos)
			}
		}
		w.community = append(w.community, cs)
	}
	for _, in := range s.Injects {
		w.injects = append(w.injects, injectState{spec: in})
	}
	for _, o := range s.Objectives {
		if o.Kind == ObjVulnerableCare && w.vulnWindow == 0 {
			w.vulnWindow = o.Window
		}
	}
	nt := len(s.Teams)
	w.seen = sightings{n: nt}
	w.objectives = make([]ObjectiveStatus, len(s.Objectives))
	w.crowdMax, w.coverMin = 1, 255
	s.Map.PrepareRoutes()
	for _, a := range s.Cover {
		ca := coverArea{CoverArea: a, bound: a.Ring.Bound()}
		if a.Radius > 0 {
			ca.bound = orb.Bound{Min: orb.Point{a.Center[0] - a.Radius, a.Center[1] - a.Radius}, Max: orb.Point{a.Center[0] + a.Radius, a.Center[1] + a.Radius}}
		}
		w.coverAreas = append(w.coverAreas, ca)
	}
	w.cgrid.init(s.Map.Bound, crosserCell, true)
	w.ugrid.init(s.Map.Bound, unitCell, false)
	w.evalObjectives()
	return w, nil
}

func newUnit(id int32, u UnitSpec, ts float64) unit {
	n := unit{id: id, spec: u, team: u.Team, kind: u.Kind, pos: u.Pos, track: -1, capacity: capacityOf(u), drop: -1}
	n.speed, n.offSpeed = fullSpeed(u, ts)
	switch u.Kind {
	case Foot:
		n.observe = or(u.Observe, FootObserve)
	case Vehicle:
		n.observe = or(u.Observe, VehicleObserve)
	case Drone:
		n.half = SweepWidth(or(u.Altitude, DroneAltitude), or(u.FOV, DroneFOV)) / 2
		n.observe = n.half * math.Sqrt2
		n.endur = u.Endurance
		if n.endur <= 0 {
			n.endur = int32(DroneEndurance / ts)
		}
		n.fuel = n.endur
	}
	if len(u.Route) > 0 {
		n.route = append([]orb.Point(nil), u.Route...)
		n.order = OrderPatrol
		n.target = n.route[0]
		if u.Kind == Drone {
			n.aloft = true
		}
	}
	return n
}

// check validates the references inside a scenario; the scenarios package
// gives file positions, this is the engine's own guard.
func check(s *Scenario) error {
	if s == nil || s.Map == nil {
		return errors.New("sim: scenario has no map")
	}
	nt := len(s.Teams)
	if nt < 2 || nt > MaxTeams {
		return fmt.Errorf("sim: scenario has %d teams; need 2 to %d", nt, MaxTeams)
	}
	team := func(what string, i int) error {
		if i < 0 || i >= nt {
			return fmt.Errorf("sim: %s: team index %d out of range", what, i)
		}
		return nil
	}
	var errs []error
	for _, u := range s.Units {
		errs = append(errs, team("unit "+u.Name, u.Team))
		if u.Kind > Drone {
			errs = append(errs, fmt.Errorf("sim: unit %s: bad kind %d", u.Name, u.Kind))
		}
	}
	for _, x := range s.Sensors {
		errs = append(errs, team("sensor "+x.Name, x.Team))
		if x.Kind > Magnetic {
			errs = append(errs, fmt.Errorf("sim: sensor %s: bad kind %d", x.Name, x.Kind))
		}
		if x.Sector < 0 || x.Sector > 360 {
			errs = append(errs, fmt.Errorf("sim: sensor %s: sector %g° is not in 0 to 360", x.Name, x.Sector))
		}
	}
	for _, a := range s.Agreements {
		errs = append(errs, team("agreement "+a.ID, a.A), team("agreement "+a.ID, a.B))
	}
	for _, b := range s.Barriers {
		errs = append(errs, team("barrier "+b.Name, b.Team))
		if b.Section < 0 || b.Section >= len(s.Map.Border) {
			errs = append(errs, fmt.Errorf("sim: barrier %s: no border section %d", b.Name, b.Section))
		}
	}
	for _, c := range s.Checkpoints {
		errs = append(errs, team("checkpoint "+c.Name, c.Team))
		if c.PerHour < 0 || c.Pedestrians < 0 || c.Freight < 0 {
			errs = append(errs, fmt.Errorf("sim: checkpoint %s: negative arrival rate", c.Name))
		}
		if c.Lanes < 0 || c.PedLanes < 0 || c.FreightLane < 0 || c.OpenLanes > max(c.Lanes, 1) {
			errs = append(errs, fmt.Errorf("sim: checkpoint %s: %d lanes open of %d installed", c.Name, c.OpenLanes, c.Lanes))
		}
		if c.Profile != nil && len(c.Profile) != 24 {
			errs = append(errs, fmt.Errorf("sim: checkpoint %s: profile has %d hours, want 24", c.Name, len(c.Profile)))
		}
	}
	for _, c := range s.Community {
		errs = append(errs, team("community", c.Team))
	}
	for _, f := range s.Flows {
		if f.SizeMin < 1 || f.SizeMax < f.SizeMin {
			errs = append(errs, fmt.Errorf("sim: flow %s: bad size range %d..%d", f.Name, f.SizeMin, f.SizeMax))
		}
	}
	for _, in := range s.Injects {
		if in.Addressee != All && in.Addressee != Instructor {
			errs = append(errs, team("inject "+in.ID, in.Addressee))
		}
		switch in.Kind {
		case InjectSurge:
			if in.Flow < 0 || in.Flow >= len(s.Flows) {
				errs = append(errs, fmt.Errorf("sim: inject %s: no flow %d", in.ID, in.Flow))
			}
		case InjectSensorDown, InjectSensorUp:
			for _, x := range in.Sensors {
				if x < 0 || x >= len(s.Sensors) {
					errs = append(errs, fmt.Errorf("sim: inject %s: no sensor %d", in.ID, x))
				}
			}
		case InjectCommsDown, InjectAgreement:
			if in.Agreement < 0 || in.Agreement >= len(s.Agreements) {
				errs = append(errs, fmt.Errorf("sim: inject %s: no agreement %d", in.ID, in.Agreement))
			}
		}
	}
	for _, o := range s.Objectives {
		if o.Team != All && o.Team != Instructor {
			errs = append(errs, team("objective "+o.ID, o.Team))
		}
	}
	return errors.Join(errs...)
}

func or(v, d float64) float64 {
	if v == 0 {
		return d
	}
	return v
}

// perTick turns a per-second probability into a per-tick one.
func perTick(p, ts float64) float64 {
	if ts == 1 {
		return p
	}
	return 1 - math.Pow(1-p, ts)
}

// arrival draws the ticks to the next event of a Poisson process with the
// given rate per tick.
func (w *World) arrival(rate float64) int32 {
	if rate <= 0 {
		return math.MaxInt32 / 2
	}
	d := w.rng.ExpFloat64() / rate
	if d > 1e8 {
		d = 1e8
	}
	return int32(d) + 1
}

func (w *World) barrierLine(b BarrierSpec) orb.LineString {
	var ls orb.LineString
	const step = 500.0 // metres between drawn vertices
	for c := b.From; c < b.To; c += step {
		p, _ := w.m.PointAtChainage(b.Section, c)
		ls = append(ls, p)
	}
	p, _ := w.m.PointAtChainage(b.Section, b.To)
	return append(ls, p)
}

// Tick returns the number of ticks stepped so far.
func (w *World) Tick() int32 { return w.tick }

// Paused reports whether the instructor has paused the exercise.
func (w *World) Paused() bool { return w.paused }

// Speed returns the exercise speed in ticks per wall-clock second.
func (w *World) Speed() int { return w.speed }

// Seed returns the seed the World was made with.
func (w *World) Seed() uint64 { return w.seed }

// Scenario returns the scenario the World runs.
func (w *World) Scenario() *Scenario { return w.sc }

// Clock returns simulated seconds since midnight of day one.
func (w *World) Clock() int { return w.sc.StartSecond + int(w.tick)*int(w.ts) }

// Night reports whether it is dark at the current tick.
func (w *World) Night() bool {
	d := w.sc.Daylight
	if d.Sunrise == 0 && d.Sunset == 0 {
		d = Daylight{Sunrise: DefaultSunrise, Sunset: DefaultSunset}
	}
	s := w.Clock() % 86400
	return s < d.Sunrise || s >= d.Sunset
}

// Weather returns the current weather.
func (w *World) Weather() Weather { return w.weather }

// Stats returns the running totals.
func (w *World) Stats() Stats {
	s := w.stats
	s.Teams = make([]TeamStats, len(w.teams))
	for i := range w.teams {
		s.Teams[i] = w.teamStats(i)
	}
	if s.CheckVehicles > 0 {
		s.CheckMeanWait = float64(s.CheckWaitTicks) * w.ts / float64(s.CheckVehicles)
	}
	if s.CustodyGroups > 0 {
		s.CustodyMeanHours = float64(s.CustodyTicks) * w.ts / 3600 / float64(s.CustodyGroups)
	}
	s.TradeCost = w.tradeCost
	return s
}

func (w *World) teamStats(i int) TeamStats {
	t := &w.teams[i]
	ts := TeamStats{ID: t.spec.ID, Detections: int(t.detections), Intercepts: int(t.intercepts),
		SharedOut: int(t.sharedOut), Incidents: t.incidents, CustodyGroups: t.custodyGroups, CheckVehicles: t.checkVehicles}
	if t.detections > 0 {
		ts.MeanDetectTicks = float64(t.detectSum) / float64(t.detections)
	}
	if t.intercepts > 0 {
		ts.MeanInterceptTks = float64(t.interSum) / float64(t.intercepts)
	}
	if t.sharedOut > 0 {
		ts.MeanShareTicks = float64(t.shareSum) / float64(t.sharedOut)
	}
	if t.custodyGroups > 0 {
		ts.CustodyMeanHours = float64(t.custodyTicks) * w.ts / 3600 / float64(t.custodyGroups)
	}
	if t.checkVehicles > 0 {
		ts.CheckMeanWait = float64(t.checkWait) * w.ts / float64(t.checkVehicles)
	}
	return ts
}

// Objectives returns each objective's live value.
func (w *World) Objectives() []ObjectiveStatus {
	w.evalObjectives()
	return append([]ObjectiveStatus(nil), w.objectives...)
}

func (w *World) emit(e Event) {
	e.Tick = w.tick
	w.events = append(w.events, e)
}

// Step applies cmds in order, then, unless the exercise is paused, advances
// the world by one tick. It returns the tick's events; the slice is reused
// by the next Step.
func (w *World) Step(cmds []Command) []Event {
	w.events = w.events[:0]
	for i := range cmds {
		w.apply(&cmds[i])
	}
	if w.paused {
		return w.events
	}
	w.tick++
	w.weatherTick()
	w.injectTick()
	w.spawnTick()
	w.moveCrossers()
	if w.regrid || w.tick%regridTicks == 0 {
		w.cgrid.build(w.active, func(id int32) gridItem { return w.crossers[id].item() })
		w.regrid = false
	} else {
		w.cgrid.slack += w.maxStep
	}
	w.autoRespond()
	w.moveUnits()
	w.detectTick()
	w.shareTick()
	w.coopTick()
	w.communityTick()
	w.custodyTick()
	w.riskTick()
	w.checkpointTick()
	w.expireTracks()
	if w.tick%10 == 0 {
		w.evalObjectives()
	}
	return w.events
}

// sighting is what one team's picture holds of one group. The fields sit
// together so that a sighting reads and writes one cache line.
type sighting struct {
	track int32 // the group's track in the team's picture, -1
	first int32 // tick the team first saw the group, -1
}

// sightings is a table of one sighting per crosser and team, and the set
// of groups each team has seen in the current tick.
type sightings struct {
	n int // teams
	v []sighting
	// now has bit id*n+team set when the team saw group id in tick
	// nowTick. A bit set rather than a last tick per group and team
	// because every sighting asks, at random, and the set is small enough
	// to stay in the processor's cache.
	now     []uint64
	nowTick int32
}

// at returns the sighting of crosser id by team.
func (s *sightings) at(id int32, team int) *sighting { return &s.v[int(id)*s.n+team] }

// seeNow marks group id as seen by team in tick and reports whether it
// was already.
func (s *sightings) seeNow(id int32, team int, tick int32) bool {
	if s.nowTick != tick {
		clear(s.now)
		s.nowTick = tick
	}
	b := int(id)*s.n + team
	word, bit := &s.now[b/64], uint64(1)<<(b%64)
	if *word&bit != 0 {
		return true
	}
	*word |= bit
	return false
}

// seenNow reports whether team has seen group id in tick, marking
// nothing.
func (s *sightings) seenNow(id int32, team int, tick int32) bool {
	b := int(id)*s.n + team
	return s.nowTick == tick && s.now[b/64]&(uint64(1)<<(b%64)) != 0
}

// add makes the row of a new crosser: nothing seen yet.
func (s *sightings) add() {
	for range s.n {
		s.v = append(s.v, sighting{track: -1, first: -1})
	}
	for len(s.now)*64 < len(s.v) {
		s.now = append(s.now, 0)
	}
}
