package sim

import (
	"math"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/paulmach/orb"
)

// This file is the sensing model of docs/MODEL.md: the laws of detection,
// their factors and their constants. Every constant names its row of the
// model's table (TestModelTable holds the two to each other).

// The detection law (MODEL.md D1): a sensor or unit detects a group at
// range r with a probability q per second (per scan for a radar),
//
//	q = pd · g(r) · F_env · F_target,   g(r) = 1 − (r/R)^shape  (r < R),
//
// and a group of n persons as 1 − (1 − q)^(n^CrowdExponent); a look that
// spans e seconds (scans) detects with 1 − (1 − q)^e.

// CrowdExponent is α in the crowd law p_n = 1 − (1 − p_1)^(n^α): a group
// of n persons is as detectable as √n independent walkers (the incoherent
// sum of n sources).
const CrowdExponent = 0.5 // MODEL.md: C1

// crowdGain returns n^CrowdExponent.
func crowdGain(n float64) float64 {
	if CrowdExponent == 0.5 {
		return math.Sqrt(n)
	}
	return math.Pow(n, CrowdExponent)
}

// Fixed sensor kinds' defaults (MODEL.md S rows): range in metres, pd per
// second at zero range (per scan for a radar), fall-off shape, position
// error in metres, mast height in metres and nuisance alarms per day in
// open country.
const (
	CameraRange      = 5000  // MODEL.md: S1 metres
	CameraPd         = 0.08  // MODEL.md: S2 per second
	CameraShape      = 2     // MODEL.md: S3
	CameraError      = 60    // MODEL.md: S4 metres
	CameraHeight     = 10    // MODEL.md: S5 metres
	ThermalRange     = 3000  // MODEL.md: S6 metres
	ThermalPd        = 0.08  // MODEL.md: S7 per second
	ThermalShape     = 2     // MODEL.md: S8
	ThermalError     = 60    // MODEL.md: S9 metres
	SeismicRange     = 30    // MODEL.md: S10 metres
	SeismicPd        = 0.5   // MODEL.md: S11 per second
	SeismicShape     = 1     // MODEL.md: S12
	SeismicError     = 30    // MODEL.md: S13 metres
	SeismicNuisance  = 4     // MODEL.md: S14 per day
	MagneticRange    = 8     // MODEL.md: S15 metres
	MagneticPd       = 0.3   // MODEL.md: S16 per second
	MagneticShape    = 1     // MODEL.md: S17
	MagneticError    = 10    // MODEL.md: S18 metres
	MagneticNuisance = 1     // MODEL.md: S19 per day
	RadarRange       = 12000 // MODEL.md: S20 metres
	RadarPd          = 0.4   // MODEL.md: S21 per scan
	RadarShape       = 4     // MODEL.md: S22
	RadarError       = 40    // MODEL.md: S23 metres
	RadarScan        = 4     // MODEL.md: S24 seconds
	RadarHeight      = 6     // MODEL.md: S25 metres
)

// Sensor defaults by kind (docs/MODEL.md S rows): range (metres),
// probability of detection at zero range per second (per scan for a
// radar), fall-off shape, position error (metres), the scan period
// (seconds; 0 for a sensor that watches continuously), the height
// (metres) and nuisance alarms per day in open country.
var sensorDefaults = [...]struct{ rng, pd, shape, err, scan, height, nuisance float64 }{
	Camera:   {CameraRange, CameraPd, CameraShape, CameraError, 0, CameraHeight, 0},
	Ground:   {SeismicRange, SeismicPd, SeismicShape, SeismicError, 0, 0, SeismicNuisance},
	Radar:    {RadarRange, RadarPd, RadarShape, RadarError, RadarScan, RadarHeight, 0},
	Thermal:  {ThermalRange, ThermalPd, ThermalShape, ThermalError, 0, CameraHeight, 0},
	Magnetic: {MagneticRange, MagneticPd, MagneticShape, MagneticError, 0, 0, MagneticNuisance},
}

// DefaultNuisance is a sensor kind's open-country rate of nuisance alarms
// per day (docs/MODEL.md S14, S19).
func DefaultNuisance(k SensorKind) float64 { return sensorDefaults[k].nuisance }

// newSensor sets up a fixed sensor's law for a tick of ts seconds.
func newSensor(id int32, sp SensorSpec, m *maps.Map, ts float64) sensor {
	d := sensorDefaults[sp.Kind]
	sn := sensor{id: id, spec: sp, team: sp.Team, shape: or(sp.Shape, d.shape), err: d.err, down: sp.Down}
	sn.height = or(sp.Height, d.height)
	sn.rng = SensorRange(sp)
	sn.pd = or(sp.Pd, d.pd)
	sn.cosHalf = -2
	if sp.Sector > 0 && sp.Sector < 360 {
		az := sp.Azimuth * math.Pi / 180
		sn.cosHalf, sn.ax, sn.ay = math.Cos(sp.Sector/2*math.Pi/180), math.Sin(az), math.Cos(az)
	}
	sn.period, sn.expo = 1, ts
	if scan := or(sp.ScanSeconds, d.scan); scan > 0 {
		// A scanning sensor looks once a scan, or every tick when a
		// tick is longer than a scan; a look spans period·ts seconds,
		// expo scans.
		sn.period = max(1, int32(math.Round(scan/ts)))
		sn.expo = float64(sn.period) * ts / scan
	}
	rate := sp.FalseAlarmsPerDay
	if sp.Kind == Ground || sp.Kind == Magnetic {
		rate *= NuisanceFactor(m, sp.Pos)
	}
	sn.fa = rate * ts / 86400
	sn.none = math.Exp(-sn.fa)
	return sn
}

// Horizon (MODEL.md H rows): a sensor at height h sees a person no
// farther than k·(√h + √TargetHeight) metres over smooth ground.
const (
	TargetHeight   = 1.7  // MODEL.md: H1 metres, a standing person
	OpticalHorizon = 3570 // MODEL.md: H2 metres per √metre (geometric horizon)
	RadarHorizon   = 4120 // MODEL.md: H3 metres per √metre (4/3 Earth radius)
)

// horizon is how far a sensor of kind k at height h metres sees a person.
func horizon(k SensorKind, h float64) float64 {
	c := float64(OpticalHorizon)
	if k == Radar {
		c = RadarHorizon
	}
	return c * (math.Sqrt(max(h, 0)) + math.Sqrt(TargetHeight))
}

// Nuisance alarms of ground sensors (MODEL.md N rows): the open-country
// rate is multiplied by 1 + TownGain·e^(−d_town/TownScale) +
// RiverGain·e^(−d_river/RiverScale), d_town the distance to the nearest
// town or official crossing (people, traffic, livestock), d_river to the
// nearest river (animals at water, flowing water, wind in reeds).
const (
	NuisanceTownGain   = 3    // MODEL.md: N1
	NuisanceTownScale  = 2000 // MODEL.md: N2 metres
	NuisanceRiverGain  = 2    // MODEL.md: N3
	NuisanceRiverScale = 500  // MODEL.md: N4 metres
)

// NuisanceFactor is the multiplier a ground sensor's site puts on its
// open-country nuisance-alarm rate (MODEL.md N1–N4).
func NuisanceFactor(m *maps.Map, p orb.Point) float64 {
	town := math.Inf(1)
	for _, t := range m.Towns {
		town = min(town, dist(t.Pos, p))
	}
	for _, c := range m.Checkpoints {
		town = min(town, dist(c.Pos, p))
	}
	river := m.RiverDistance(p)
	return 1 + NuisanceTownGain*math.Exp(-town/NuisanceTownScale) + NuisanceRiverGain*math.Exp(-river/NuisanceRiverScale)
}

// Patrols and drones (MODEL.md P rows).
const (
	PatrolPd         = 0.2 // MODEL.md: P1 per second at zero range
	PatrolShape      = 2   // MODEL.md: P2
	PatrolNightRange = 0.5 // MODEL.md: P3 share of the observation range at night
	PatrolError      = 25  // MODEL.md: P4 metres
	DronePd          = 0.5 // MODEL.md: P5 per second inside the footprint
	DroneAltitude    = 120 // MODEL.md: P6 metres above ground
	DroneFOV         = 60  // MODEL.md: P7 degrees, the camera's horizontal field of view
	DroneError       = 15  // MODEL.md: P8 metres
)

// SweepWidth is the side of a drone camera's square footprint, W =
// 2·h·tan(fov/2), for an altitude in metres and a field of view in
// degrees (MODEL.md P6, P7).
func SweepWidth(altitude, fov float64) float64 {
	return 2 * altitude * math.Tan(fov/2*math.Pi/180)
}

// The looker of a law: a fixed sensor kind, a ground patrol or a drone.
// Factors are tabled by looker.
type looker uint8

const (
	lookCamera   = looker(Camera)
	lookGround   = looker(Ground)
	lookRadar    = looker(Radar)
	lookThermal  = looker(Thermal)
	lookMagnetic = looker(Magnetic)
	lookPatrol   = looker(Magnetic) + 1
	lookDrone    = looker(Magnetic) + 2
	nLookers     = int(lookDrone) + 1
)

// Environment factors (MODEL.md E rows): by day, by night and by weather.
const (
	CameraNight  = 0.15 // MODEL.md: E1 daylight camera at night
	CameraRain   = 0.6  // MODEL.md: E2
	CameraFog    = 0.25 // MODEL.md: E3
	CameraStorm  = 0.3  // MODEL.md: E4
	ThermalDay   = 0.7  // MODEL.md: E5 thermal camera by day
	ThermalRain  = 0.6  // MODEL.md: E6
	ThermalFog   = 0.5  // MODEL.md: E7
	ThermalStorm = 0.4  // MODEL.md: E8
	RadarRain    = 0.8  // MODEL.md: E9
	RadarStorm   = 0.6  // MODEL.md: E10
	SeismicStorm = 0.7  // MODEL.md: E11 wind and rain noise
	PatrolNight  = 0.4  // MODEL.md: E12 foot or vehicle patrol at night
	PatrolRain   = 0.8  // MODEL.md: E13
	PatrolFog    = 0.5  // MODEL.md: E14
	PatrolStorm  = 0.4  // MODEL.md: E15
	DroneNight   = 0.9  // MODEL.md: E16 drone (thermal payload) at night
	DroneRain    = 0.7  // MODEL.md: E17
	DroneFog     = 0.3  // MODEL.md: E18
	DroneStorm   = 0.3  // MODEL.md: E19
)

// envLaw is each looker's factor by day and night and by weather.
var envLaw = [nLookers]struct {
	day, night float64
	wx         [4]float64
}{
	lookCamera:   {1, CameraNight, [4]float64{Clear: 1, Rain: CameraRain, Fog: CameraFog, Storm: CameraStorm}},
	lookThermal:  {ThermalDay, 1, [4]float64{Clear: 1, Rain: ThermalRain, Fog: ThermalFog, Storm: ThermalStorm}},
	lookRadar:    {1, 1, [4]float64{Clear: 1, Rain: RadarRain, Fog: 1, Storm: RadarStorm}},
	lookGround:   {1, 1, [4]float64{Clear: 1, Rain: 1, Fog: 1, Storm: SeismicStorm}},
	lookMagnetic: {1, 1, [4]float64{1, 1, 1, 1}},
	lookPatrol:   {1, PatrolNight, [4]float64{Clear: 1, Rain: PatrolRain, Fog: PatrolFog, Storm: PatrolStorm}},
	lookDrone:    {1, DroneNight, [4]float64{Clear: 1, Rain: DroneRain, Fog: DroneFog, Storm: DroneStorm}},
}

// Target factors (MODEL.md T rows): cover c multiplies by 1 − w·c; a
// group hiding (lying up while a patrol passes) and smugglers practised at
// evasion multiply by their factor.
const (
	CameraCover    = 0.7 // MODEL.md: T1 cover weight, both cameras
	RadarCover     = 0.8 // MODEL.md: T2
	PatrolCover    = 0.4 // MODEL.md: T3
	DroneCover     = 0.6 // MODEL.md: T4
	HidingCamera   = 0.3 // MODEL.md: T5 daylight camera, patrol, drone
	HidingThermal  = 0.5 // MODEL.md: T6 body heat shows through
	SmugglerFactor = 0.7 // MODEL.md: T7 every looker
)

// targetLaw is each looker's cover weight and hiding factor. A still
// group gives a Doppler radar and a seismic or magnetic sensor nothing.
var targetLaw = [nLookers]struct{ cover, hiding float64 }{
	lookCamera:   {CameraCover, HidingCamera},
	lookThermal:  {CameraCover, HidingThermal},
	lookRadar:    {RadarCover, 0},
	lookGround:   {0, 0},
	lookMagnetic: {0, 0},
	lookPatrol:   {PatrolCover, HidingCamera},
	lookDrone:    {DroneCover, HidingCamera},
}

// envFactor is the environment's factor for a looker.
func envFactor(l looker, night bool, wx Weather) float64 {
	e := &envLaw[l]
	f := e.day
	if night {
		f = e.night
	}
	return f * e.wx[wx]
}

// targetFactor is the group's factor for a looker.
func targetFactor(l looker, cover float64, hiding bool, kind CrosserKind) float64 {
	t := &targetLaw[l]
	f := 1 - t.cover*cover
	if hiding {
		f *= t.hiding
	}
	if kind == Smugglers {
		f *= SmugglerFactor
	}
	return f
}

// PdAt is the range fall-off of the law: pd0·(1 − (r/rmax)^shape) within
// rmax, 0 beyond (MODEL.md D1).
func PdAt(pd0, rmax, shape, r float64) float64 {
	if r >= rmax {
		return 0
	}
	x := r / rmax
	var f float64
	switch shape {
	case 1:
		f = x
	case 2:
		f = x * x
	case 3:
		f = x * x * x
	case 4:
		f = x * x
		f *= f
	default:
		f = math.Pow(x, shape)
	}
	return pd0 * (1 - f)
}

// Conditions are what modify detection: darkness, weather, the cover the
// group is in, whether it is hiding and what kind of group it is.
type Conditions struct {
	Night   bool
	Weather Weather
	Cover   float64 // 0..1
	Hiding  bool
	Kind    CrosserKind
}

// DetectFactor is the factor F = F_env·F_target the conditions put on a
// fixed sensor kind's rate.
func DetectFactor(k SensorKind, c Conditions) float64 {
	return envFactor(looker(k), c.Night, c.Weather) * targetFactor(looker(k), c.Cover, c.Hiding, c.Kind)
}

// PatrolFactor is F for a unit's own observation.
func PatrolFactor(k UnitKind, c Conditions) float64 {
	l := lookPatrol
	if k == Drone {
		l = lookDrone
	}
	return envFactor(l, c.Night, c.Weather) * targetFactor(l, c.Cover, c.Hiding, c.Kind)
}

// LookProbability is the law's probability that one look spanning e
// seconds (scans) detects a group of n persons, for a rate q per second
// (per scan): 1 − (1 − q)^(e·n^α) (MODEL.md D1, C1).
func LookProbability(q, e float64, n int) float64 {
	return lookP(min(q, 1), e*crowdGain(float64(max(n, 1))))
}

// lookP is 1 − (1 − q)^e for q in [0, 1]. A whole e up to 16 (a look of
// a second at a group of 1, 4, 9, 16… persons) takes a few
// multiplications instead of a logarithm and an exponential.
func lookP(q, e float64) float64 {
	if e == 1 {
		return q
	}
	if n := int(e); float64(n) == e && n > 1 && n <= 16 {
		r, f := 1.0, 1-q
		for ; n > 0; n >>= 1 {
			if n&1 != 0 {
				r *= f
			}
			f *= f
		}
		return 1 - r
	}
	return -math.Expm1(e * math.Log1p(-q))
}

// Movement of groups (MODEL.md M rows): a group's speed is its flow's,
// slowed by cover, by vulnerable members and by the weather.
const (
	CoverSlow      = 0.3  // MODEL.md: M1 share of speed lost in full cover
	VulnerableSlow = 0.75 // MODEL.md: M2 speed of a group with vulnerable members
	RainSlow       = 0.9  // MODEL.md: M3
	FogSlow        = 0.9  // MODEL.md: M4
	StormSlow      = 0.7  // MODEL.md: M5
)

// weatherSlow is the weather's factor on a group's speed.
var weatherSlow = [4]float64{Clear: 1, Rain: RainSlow, Fog: FogSlow, Storm: StormSlow}
