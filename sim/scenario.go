package sim

import (
	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// Scenario is everything a World needs to start: the map, the teams and
// their assets, the crossing flows, the agreements, the injects (MSEL) and
// the objectives. The scenarios package builds it from a file; positions are
// already projected into the map's planar frame (metres) and durations are in
// ticks.
type Scenario struct {
	Name        string
	Description string
	Map         *maps.Map
	TickSeconds int   // simulated seconds per tick (default 1)
	StartSecond int   // simulated time of day at tick 0, seconds after midnight
	Duration    int32 // ticks; the default length of a run
	Daylight    Daylight
	Weather     Weather // initial weather

	Teams       []TeamSpec
	Units       []UnitSpec
	Sensors     []SensorSpec
	Flows       []FlowSpec
	Agreements  []AgreementSpec
	Barriers    []BarrierSpec
	Checkpoints []CheckpointSpec
	Community   []CommunitySpec
	Injects     []InjectSpec
	Objectives  []ObjectiveSpec
	// Receptions are the places besides the teams' bases where persons
	// in custody are taken, screened and held (reception.go).
	Receptions []ReceptionSpec
	// Risk sets the hazards to life: the river, cold and heat (risk.go).
	Risk RiskSpec
	// Cover holds the instructor's cover areas: where one lies, its value
	// replaces the map's default cover (the last listed wins).
	Cover []CoverArea
	// Elevation is the terrain from the scenario's elevation tiles, or
	// nil: with it, cameras and radars see only what the ground does not
	// hide (terrain.go). It is not part of a recording's scenario data.
	Elevation *maps.Elevation `json:"-"`

	// Auto is the set of teams (bit i for team i) whose idle units respond
	// to their team's tracks on their own, as computer-controlled forces do
	// when no trainee commands them: a headless run automates every team.
	Auto uint8
}

// Daylight gives sunrise and sunset as seconds after midnight. The zero
// Daylight means the default day, DefaultSunrise to DefaultSunset.
type Daylight struct {
	Sunrise int // seconds after midnight
	Sunset  int // seconds after midnight
}

// The default day, for a scenario that gives no daylight: the scenarios
// package fills it in for a file without one, and a World treats the zero
// Daylight as this.
const (
	DefaultSunrise = 6 * 3600  // seconds after midnight
	DefaultSunset  = 18 * 3600 // seconds after midnight
)

// Weather is the visibility condition over the whole map.
type Weather uint8

// Weather conditions, from best to worst visibility.
const (
	Clear Weather = iota
	Rain
	Fog
	Storm
)

// TeamSpec is one team in the exercise: a border guard, or a support team
// deployed in a host country.
type TeamSpec struct {
	ID      string    // short unique id, e.g. "FIN", "RUS", "EU"
	Name    string    // display name
	Country string    // ISO3 of the country whose territory the team works in
	Base    orb.Point // planar; where custody is processed and units return
	// Custody processing, for persons held at the base and at the team's
	// reception points: CustodyCapacity persons at once, each for
	// ProcessTicks; a family starts and ends together.
	CustodyCapacity int   // persons processed at once
	ProcessTicks    int32 // ticks to process one person
}

// ReceptionSpec is a reception point: where a team's units hand over the
// persons they escort, short of the base. Arrivals are screened by medics
// first; a Medical share of them needs transfer to hospital and leaves
// custody there.
type ReceptionSpec struct {
	Name     string
	Team     int // team index
	Pos      orb.Point
	Capacity int     // persons held at once; a unit goes elsewhere when it is full
	Screen   int32   // ticks of medical screening of an arriving group
	Medical  float64 // share of persons transferred to hospital, 0..1
}

// UnitKind is the kind of a mobile unit.
type UnitKind uint8

// Unit kinds.
const (
	Foot UnitKind = iota
	Vehicle
	Drone
)

// UnitSpec is a patrol, vehicle or drone at the start of the exercise.
type UnitSpec struct {
	Name      string // call sign, unique in the scenario
	Team      int    // index into Scenario.Teams
	Kind      UnitKind
	Pos       orb.Point   // start position (planar)
	Route     []orb.Point // initial patrol route; empty means hold at Pos
	Speed     float64     // metres per tick; 0 takes the kind's default
	Endurance int32       // drones: ticks of flight; 0 takes the default
	Observe   float64     // observation range in metres; 0 takes the kind's default
	// Capacity is how many persons the unit escorts at its own pace; a
	// larger group walks it down to walking pace. 0 takes the kind's
	// default (DefaultFootCapacity, DefaultVehicleCapacity).
	Capacity int
	// Drones: the camera's altitude in metres above ground and its
	// horizontal field of view in degrees, which set the square footprint
	// it sees (SweepWidth); 0 takes the default.
	Altitude, FOV float64
}

// SensorKind is the kind of a fixed sensor.
type SensorKind uint8

// Sensor kinds (docs/MODEL.md has their laws).
const (
	Camera   SensorKind = iota // daylight camera
	Ground                     // seismic ground sensor (footsteps)
	Radar                      // ground surveillance radar, per scan
	Thermal                    // thermal (long-wave infrared) camera
	Magnetic                   // magnetic ground sensor (metal carried)
)

// SensorSpec is a fixed sensor.
type SensorSpec struct {
	Name  string
	Team  int
	Kind  SensorKind
	Pos   orb.Point
	Range float64 // metres; 0 takes the kind's default
	// Pd is the probability of detecting a group per second at zero range
	// (per scan for a radar); it falls off with range as
	// Pd*(1-(r/Range)^Shape). 0 takes the default. docs/MODEL.md has the
	// law.
	Pd    float64
	Shape float64
	// ScanSeconds is a radar's scan period: it looks once a scan. 0 takes
	// the default; other kinds watch continuously.
	ScanSeconds float64
	// Height is the sensor's height above ground in metres: it caps the
	// range at the horizon. 0 takes the kind's default.
	Height float64
	// Azimuth and Sector limit what the sensor sees to a sector Sector
	// degrees wide centred on Azimuth (degrees clockwise from grid
	// north); a Sector of 0 (or 360) sees all round.
	Azimuth, Sector float64
	// FalseAlarmsPerDay is the mean number of false tracks the sensor makes
	// per simulated day in open country; a ground (seismic or magnetic)
	// sensor's site multiplies it (docs/MODEL.md N rows). The scenarios
	// package fills in the kind's default.
	FalseAlarmsPerDay float64
	Down              bool // starts out of service
}

// CrosserKind is the kind of a crossing group.
type CrosserKind uint8

// Crosser kinds.
const (
	Migrants CrosserKind = iota
	Smugglers
	Travellers
)

// FlowSpec is a stream of crossing groups over a window of time.
type FlowSpec struct {
	Name string
	Kind CrosserKind
	// From and To are the origin and destination; Spread scatters the
	// origin by up to that many metres.
	From, To orb.Point
	Spread   float64 // metres
	// CrossAt is the point on the border the groups head for; CrossSpread
	// scatters it along the border by up to that many metres.
	CrossAt     orb.Point
	CrossSpread float64 // metres
	Start, End  int32   // ticks; groups start in [Start, End)
	PerHour     float64 // mean groups started per simulated hour
	SizeMin     int     // persons per group
	SizeMax     int
	Vulnerable  float64 // probability that a group includes vulnerable persons
	Asylum      float64 // probability that a group claims asylum when apprehended
	Speed       float64 // metres per tick; 0 takes the kind's default
}

// ShareMode says which tracks an agreement shares automatically.
type ShareMode uint8

// Sharing modes.
const (
	ShareNone   ShareMode = iota // only tracks shared by command
	ShareAll                     // every track of the owner
	ShareBorder                  // tracks within ShareDepth of the border
)

// AgreementSpec is a bilateral agreement between two teams.
type AgreementSpec struct {
	ID         string
	A, B       int // team indexes
	Share      ShareMode
	ShareDepth float64 // metres from the border, for ShareBorder
	Delay      int32   // ticks from detection to delivery
	Fidelity   float64 // metres of extra position error in shared tracks
	// Hot pursuit: a unit intercepting a track may follow it this deep into
	// the partner's territory, for this long.
	PursuitDepth float64 // metres; 0 forbids hot pursuit
	PursuitTicks int32
	// Links (coop.go): what a cut does to reports, requests and shares on
	// their way, and a backup means (a satellite phone, say) that carries
	// reports, requests and answers while the link is cut.
	OnCut         CutMode
	BackupDelay   int32 // ticks a message takes by the backup means
	BackupPerHour int   // messages the backup carries in a clock hour; 0 for no backup
	// Commission names the joint commission (the border commissioners)
	// that hears the protests between the two teams: the channel the
	// clients show incidents on (a text, translations allowed); "" for
	// none named.
	Commission string
	// Readmission terms: NoReadmission when the agreement provides for no
	// hand-back of persons; else the computer-controlled team's rule takes
	// back at most ReadmitPerDay persons a clock day (0: no quota), between
	// ReadmitFrom and ReadmitTo (seconds of the day; equal: all day), and
	// never an asylum claimant (readmission.go).
	NoReadmission          bool
	ReadmitPerDay          int
	ReadmitFrom, ReadmitTo int
	// Rescue lets either team's units go into the other's territory to
	// reach a group in distress, and escort it back (a humanitarian
	// rescue).
	Rescue bool
	// JointZones are circles where either team's units may operate.
	JointZones []Zone
}

// Zone is a circle in the planar frame.
type Zone struct {
	Name   string
	Center orb.Point
	Radius float64 // metres
}

// BarrierSpec is a fence along a stretch of the border, on one side.
type BarrierSpec struct {
	Name       string
	Team       int     // team alerted when it is cut
	Section    int     // border section
	From, To   float64 // chainage along the section, metres
	DelayTicks int32   // ticks a group needs to get through
	AlertProb  float64 // probability that a cut raises an alarm
}

// CheckpointSpec is an official crossing point (a port of entry) with
// three streams of traffic: passenger cars, pedestrians and freight.
type CheckpointSpec struct {
	Name        string
	Team        int // team operating the inspection
	Pos         orb.Point
	Open        bool
	FreightOnly bool    // only freight is inspected; cars and pedestrians divert
	Lanes       int     // installed passenger-car lanes
	OpenLanes   int     // car lanes open at the start; 0 means all
	PerHour     float64 // mean passenger cars arriving per hour
	ServiceTick int32   // ticks per primary inspection of a car (mean)
	Pedestrians float64 // mean pedestrians arriving per hour
	PedLanes    int     // pedestrian inspection lanes
	PedTicks    int32   // ticks per primary inspection of a pedestrian (mean)
	Freight     float64 // mean freight vehicles arriving per hour
	FreightLane int     // freight inspection lanes
	FreightTick int32   // ticks per primary inspection of a freight vehicle (mean)
	// Profile multiplies the hourly rates hour by hour of the day (24
	// values, hour 0 first); nil means flat. Values averaging 1 keep the
	// rates as daily means.
	Profile []float64
	// OpenFrom and OpenTo are the opening hours, seconds since midnight;
	// equal means open round the clock. OpenTo < OpenFrom spans midnight.
	OpenFrom, OpenTo int
	Secondary        float64 // share of primary inspections referred to secondary
	SecondBays       int     // secondary inspection bays
	SecondTicks      int32   // ticks per secondary inspection (mean)
	Contraband       float64 // share of arrivals carrying contraband
	FalseID          float64 // share of arrivals with a false identity
	// HitRate is the share of referrals that carry contraband or a false
	// identity (the risk score's skill); 0 means random referral, whose
	// hit rate is the prevalence.
	HitRate float64
	// FindRate is the probability that a secondary inspection finds
	// contraband or a false identity that is there.
	FindRate float64
	WaitCost float64 // trade cost of one vehicle-hour of waiting (cars and freight)
}

// CommunitySpec says how residents near the border report to a team.
type CommunitySpec struct {
	Team     int
	Radius   float64 // metres around towns where residents see crossers
	PerHour  float64 // probability per hour that a group in view is reported
	DelayMin int32   // ticks
	DelayMax int32   // ticks
	ErrorM   float64 // metres of position error
}

// InjectKind is what an inject does when it fires.
type InjectKind uint8

// Inject kinds.
const (
	InjectMessage       InjectKind = iota // a message to the addressee
	InjectSurge                           // extra groups on a flow
	InjectSensorDown                      // sensors out of service
	InjectCommsDown                       // an agreement's comms degraded or cut
	InjectWeather                         // weather changes
	InjectAgreement                       // an agreement's terms change
	InjectSensorUp                        // sensors back in service
	InjectTeamCommsDown                   // a team's internal comms fail (radio.go)
)

// TriggerKind is a condition that fires an inject.
type TriggerKind uint8

// Trigger kinds; TriggerTime fires at InjectSpec.At.
const (
	TriggerTime        TriggerKind = iota
	TriggerDetections              // when detected groups reach Threshold
	TriggerCrossings               // when groups across the border reach Threshold
	TriggerIncidents               // when incidents reach Threshold
	TriggerApprehended             // when apprehended groups reach Threshold
	TriggerManual                  // only when the instructor fires it
)

// InjectSpec is one row of the master scenario events list (MSEL).
type InjectSpec struct {
	ID        string
	At        int32 // ticks, for TriggerTime
	Trigger   TriggerKind
	Threshold int
	Synopsis  string
	Message   string
	Addressee int // team index, All for every team, or Instructor
	Expected  string
	Objective string // linked objective id
	// Contingency names the row this one stands in for: it fires at its
	// time only if that row has not fired by then (msel.go).
	Contingency string
	Kind        InjectKind
	// Effects, by kind.
	Flow      int     // surge: flow index
	Groups    int     // surge: groups started at once
	Sensors   []int   // sensor outage/restore: sensor indexes
	Agreement int     // comms or agreement change: agreement index
	Team      int     // team comms outage: the team whose internal comms fail
	Cut       bool    // comms: cut (true) or degraded (false)
	Weather   Weather // weather
	For       int32   // ticks the effect lasts; 0 = until changed
	// Agreement change: new terms (negative means unchanged).
	NewDelay   int32
	NewShare   int // -1 unchanged, else ShareMode
	NewPursuit float64
}

// ObjectiveKind is a measurable rule.
type ObjectiveKind uint8

// Objective kinds. Value and target units are given for each.
const (
	ObjDetectWithin      ObjectiveKind = iota // share of groups across the border detected within Window ticks of crossing; ≥ Target
	ObjShareWithin                            // share of tracks delivered to the partner within Window ticks of creation; ≥ Target
	ObjMaxIncidents                           // unauthorised incursions; ≤ Target
	ObjApprehendRate                          // share of groups across the border apprehended; ≥ Target
	ObjMaxCustodyHours                        // mean hours a person spends in custody (processed or still held); ≤ Target
	ObjMaxCheckpointWait                      // mean checkpoint wait in minutes; ≤ Target
	ObjVulnerableCare                         // share of vulnerable groups processed within Window ticks; ≥ Target
	ObjHandoverWithin                         // share of hand-over requests granted within Window ticks of being made (coop.go); ≥ Target
	ObjReportWithin                           // share of reports that reached the partner within Window ticks of the track's creation; ≥ Target
	ObjResolveWithin                          // share of protests resolved within Window ticks of being made; ≥ Target
	// Risk to life, custody and trade (risk.go, custody.go, ports.go).
	ObjRescueWithin     // share of groups in distress a unit reached within Window ticks; ≥ Target
	ObjDeathsMax        // persons who died crossing; ≤ Target
	ObjAsylumRegistered // share of persons claiming asylum whose claim is registered; ≥ Target
	ObjTradeCostMax     // trade cost of the vehicle-hours waited at checkpoints; ≤ Target
	// Cooperation (coop.go).
	ObjPursuitIncidents // incidents raised by units in pursuit beyond what an agreement or a grant allowed; ≤ Target
	ObjClassifyAccuracy // share of the tracks a team classified whose class matches ground truth; ≥ Target
)

// ObjectiveSpec is a measurable objective.
type ObjectiveSpec struct {
	ID          string
	Description string
	Kind        ObjectiveKind
	Team        int // team it is measured for; -1 for all teams together
	Target      float64
	Window      int32 // ticks, where the kind uses one
}

// CoverArea is a piece of ground whose cover the instructor sets: a circle
// (Radius > 0) or a polygon (Ring), with a value from 0 (open) to 1
// (dense). Named values are in docs/SCENARIOS.md.
type CoverArea struct {
	Name   string
	Value  float64   // 0..1
	Center orb.Point // circle centre (planar)
	Radius float64   // metres; 0 for a polygon
	Ring   orb.Ring  // polygon outline (planar, closed)
}

// contains reports whether p lies in the area.
func (a *CoverArea) contains(p orb.Point) bool {
	if a.Radius > 0 {
		dx, dy := p[0]-a.Center[0], p[1]-a.Center[1]
		return dx*dx+dy*dy <= a.Radius*a.Radius
	}
	return ringContains(a.Ring, p)
}

// ringContains is the even-odd point in polygon test.
func ringContains(r orb.Ring, p orb.Point) bool {
	in := false
	for i, j := 0, len(r)-1; i < len(r); j, i = i, i+1 {
		a, b := r[i], r[j]
		if (a[1] > p[1]) != (b[1] > p[1]) && p[0] < (b[0]-a[0])*(p[1]-a[1])/(b[1]-a[1])+a[0] {
			in = !in
		}
	}
	return in
}
