package sim

import "slices"

// The spellings of the scenario's enumerations, by value: how scenario
// files, logs and reports write them. Each table is the one place its
// enumeration is spelled; String and Parse read it.
var (
	weatherNames   = [...]string{Clear: "clear", Rain: "rain", Fog: "fog", Storm: "storm"}
	unitKindNames  = [...]string{Foot: "foot", Vehicle: "vehicle", Drone: "drone"}
	sensorKindName = [...]string{Camera: "camera", Ground: "ground", Radar: "radar", Thermal: "thermal", Magnetic: "magnetic"}
	crosserNames   = [...]string{Migrants: "migrants", Smugglers: "smugglers", Travellers: "travellers"}
	shareNames     = [...]string{ShareNone: "none", ShareAll: "all", ShareBorder: "border"}
	injectNames    = [...]string{InjectMessage: "message", InjectSurge: "surge", InjectSensorDown: "sensor_outage",
		InjectCommsDown: "comms_outage", InjectWeather: "weather", InjectAgreement: "agreement_change", InjectSensorUp: "sensor_restore",
		InjectTeamCommsDown: "team_comms_outage"}
	objectiveNames = [...]string{ObjDetectWithin: "detect_within", ObjShareWithin: "share_within", ObjMaxIncidents: "max_incidents",
		ObjApprehendRate: "apprehend_rate", ObjMaxCustodyHours: "max_custody_hours", ObjMaxCheckpointWait: "max_checkpoint_wait",
		ObjVulnerableCare: "vulnerable_care", ObjHandoverWithin: "handover_within", ObjReportWithin: "report_within",
		ObjResolveWithin: "resolve_within", ObjRescueWithin: "rescue_within", ObjDeathsMax: "deaths_max",
		ObjAsylumRegistered: "asylum_registered", ObjTradeCostMax: "trade_cost_max",
		ObjPursuitIncidents: "pursuit_incidents", ObjClassifyAccuracy: "classify_accuracy"}
)

// Spelled is an enumeration that scenario files spell by name.
type Spelled interface {
	Weather | UnitKind | SensorKind | CrosserKind | ShareMode | InjectKind | ObjectiveKind
	String() string
	names() []string // the spelling table
}

// spell returns v's name, or "unknown" for a value out of range.
func spell[T Spelled](v T) string {
	if n := v.names(); int(v) < len(n) {
		return n[v]
	}
	return "unknown"
}

// Names returns the spellings of T's values, in value order.
func Names[T Spelled]() []string {
	var v T
	return slices.Clone(v.names())
}

// Parse returns the value of T spelled s, and whether there is one.
func Parse[T Spelled](s string) (T, bool) {
	var v T
	i := slices.Index(v.names(), s)
	if i < 0 {
		return v, false
	}
	return T(i), true
}

// String names the weather as scenario files spell it.
func (w Weather) String() string { return spell(w) }
func (Weather) names() []string  { return weatherNames[:] }

// String names the unit kind as scenario files spell it.
func (k UnitKind) String() string { return spell(k) }
func (UnitKind) names() []string  { return unitKindNames[:] }

// String names the sensor kind as scenario files spell it.
func (k SensorKind) String() string { return spell(k) }
func (SensorKind) names() []string  { return sensorKindName[:] }

// String names the crosser kind as scenario files spell it.
func (k CrosserKind) String() string { return spell(k) }
func (CrosserKind) names() []string  { return crosserNames[:] }

// String names the share mode as scenario files spell it.
func (m ShareMode) String() string { return spell(m) }
func (ShareMode) names() []string  { return shareNames[:] }

// String names the inject kind as scenario files spell it.
func (k InjectKind) String() string { return spell(k) }
func (InjectKind) names() []string  { return injectNames[:] }

// String names the objective kind as scenario files spell it.
func (k ObjectiveKind) String() string { return spell(k) }
func (ObjectiveKind) names() []string  { return objectiveNames[:] }
