package scenarios_test

import (
	"cmp"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"bytes"
	"regexp"

	"github.com/borderdrill/borderdrill/i18n"
	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/sim"
)

// fenced lists the borders whose built-in scenario must have a barrier.
var fenced = []string{"esp-mar", "fin-rus", "grc-tur", "pol-blr", "usa-mex"}

func TestBuiltins(t *testing.T) {
	infos := scenarios.Builtins()
	if len(infos) != len(maps.Names()) {
		t.Fatalf("%d built-ins, want one per map (%d)", len(infos), len(maps.Names()))
	}
	borders := map[string]bool{}
	for _, in := range infos {
		t.Run(in.Name, func(t *testing.T) {
			s, err := scenarios.Builtin(in.Name)
			if err != nil {
				t.Fatalf("does not load:\n%v", err)
			}
			checkBuiltin(t, in, s)
		})
		borders[in.Border] = true
	}
	for _, name := range maps.Names() {
		if !borders[name] {
			t.Errorf("no built-in scenario for border %s", name)
		}
	}
}

// checkBuiltin checks what every built-in scenario must contain.
func checkBuiltin(t *testing.T, in scenarios.Info, s *sim.Scenario) {
	t.Helper()
	if s.Name != in.Name {
		t.Errorf("name %q, want the file name %q", s.Name, in.Name)
	}
	if s.Map == nil || s.Map.Name != in.Border || !strings.HasPrefix(in.Name, in.Border+"-") {
		t.Errorf("map/border mismatch: info border %q, name %q", in.Border, in.Name)
	}
	if s.Description == "" || in.Description == "" {
		t.Errorf("no description")
	}
	if s.TickSeconds != 1 || s.Duration != 43200 {
		t.Errorf("tick %ds, duration %d ticks; want 1s and 12h", s.TickSeconds, s.Duration)
	}
	if len(s.Teams) < 2 {
		t.Errorf("%d teams, want at least 2", len(s.Teams))
	}
	// Assets per border country (index 0 and 1 of the map).
	for c := range 2 {
		iso := s.Map.Countries[c].ISO3
		sensorKinds := map[sim.SensorKind]bool{}
		for _, x := range s.Sensors {
			if s.Map.CountryIndex(s.Teams[x.Team].Country) == c {
				sensorKinds[x.Kind] = true
			}
		}
		if len(sensorKinds) < 2 {
			t.Errorf("%s: sensors of %d kinds, want several", iso, len(sensorKinds))
		}
		unitKinds := map[sim.UnitKind]bool{}
		for _, u := range s.Units {
			if s.Map.CountryIndex(s.Teams[u.Team].Country) == c {
				unitKinds[u.Kind] = true
			}
		}
		for _, k := range []sim.UnitKind{sim.Foot, sim.Vehicle, sim.Drone} {
			if !unitKinds[k] {
				t.Errorf("%s: no %s unit", iso, k)
			}
		}
	}
	var migrants, smugglers, night bool
	for _, f := range s.Flows {
		migrants = migrants || f.Kind == sim.Migrants && f.Vulnerable > 0
		smugglers = smugglers || f.Kind == sim.Smugglers
		for tick := f.Start; tick < min(f.End, s.Duration); tick += 600 {
			clock := (s.StartSecond + int(tick)*s.TickSeconds) % 86400
			night = night || clock < s.Daylight.Sunrise || clock >= s.Daylight.Sunset
		}
	}
	if len(s.Flows) < 3 || !migrants || !smugglers || !night {
		t.Errorf("flows: %d, migrants with vulnerable share %v, smugglers %v, at night %v; want several, all true",
			len(s.Flows), migrants, smugglers, night)
	}
	traffic := false
	for _, c := range s.Checkpoints {
		traffic = traffic || c.Open && c.PerHour > 0
	}
	if !traffic {
		t.Errorf("no open checkpoint with traffic")
	}
	if slices.Contains(fenced, s.Map.Name) && len(s.Barriers) == 0 {
		t.Errorf("no barrier on a fenced border")
	}
	delayed := false
	for _, a := range s.Agreements {
		delayed = delayed || a.Delay > 0 && a.Share != sim.ShareNone
	}
	if !delayed {
		t.Errorf("no sharing agreement with a delay")
	}
	if len(s.Community) == 0 {
		t.Errorf("no community reporting")
	}
	triggers := map[sim.TriggerKind]bool{}
	kinds := map[sim.InjectKind]bool{}
	for _, in := range s.Injects {
		switch in.Trigger {
		case sim.TriggerTime, sim.TriggerManual:
			triggers[in.Trigger] = true
		default:
			triggers[sim.TriggerDetections] = true // any condition
		}
		kinds[in.Kind] = true
	}
	if len(triggers) < 3 {
		t.Errorf("injects have %d of the 3 trigger types (time, condition, manual)", len(triggers))
	}
	for _, k := range []sim.InjectKind{sim.InjectSurge, sim.InjectSensorDown, sim.InjectCommsDown, sim.InjectWeather} {
		if !kinds[k] {
			t.Errorf("no %s inject", k)
		}
	}
	if len(s.Objectives) < 3 {
		t.Errorf("%d objectives, want at least 3", len(s.Objectives))
	}
	if _, err := sim.New(s, 1); err != nil {
		t.Errorf("sim.New: %v", err)
	}
}

func TestBuiltinInfos(t *testing.T) {
	infos := scenarios.Builtins()
	if !slices.IsSortedFunc(infos, func(a, b scenarios.Info) int { return strings.Compare(a.Name, b.Name) }) {
		t.Errorf("built-ins not sorted by name")
	}
	var names []string
	for _, in := range infos {
		names = append(names, in.Name)
		t.Run(in.Name, func(t *testing.T) {
			s, err := scenarios.Builtin(in.Name)
			if err != nil {
				t.Fatal(err)
			}
			var want []scenarios.TeamInfo
			for _, team := range s.Teams {
				want = append(want, scenarios.TeamInfo{ID: team.ID, Country: team.Country, Name: team.Name})
			}
			if !slices.Equal(in.Teams, want) {
				t.Errorf("Teams %v, want %v", in.Teams, want)
			}
			if in.Border != s.Map.Name {
				t.Errorf("Border %q, want %q", in.Border, s.Map.Name)
			}
			if strings.Contains(in.Description, "\n") {
				t.Errorf("description has a line break: %q", in.Description)
			}
		})
	}
	if !slices.Contains(names, scenarios.Default) {
		t.Errorf("Default %q is not a built-in (%v)", scenarios.Default, names)
	}
}

func TestResolve(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.yaml")
	drilltest.WriteFile(t, good, drilltest.ReadFile(t, "testdata/base.yaml"))
	tests := []struct {
		name, arg, wantName, wantErr string
	}{
		{"built-in", scenarios.Default, scenarios.Default, ""},
		{"file", good, "t", ""},
		{"neither", "fin-rus-winter", "", `"fin-rus-winter" is neither a built-in scenario`},
		{"missing file", filepath.Join(dir, "nope.yaml"), "", "is neither a built-in scenario nor a file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := scenarios.Resolve(tc.arg)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.HasPrefix(err.Error(), "scenarios: ") {
					t.Fatalf("error %v, want scenarios: …%s…", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.Name != tc.wantName {
				t.Errorf("name %q, want %q", s.Name, tc.wantName)
			}
		})
	}
}

func TestBuiltinUnknown(t *testing.T) {
	_, err := scenarios.Builtin("fin-rus-winter-surg")
	if err == nil || !strings.Contains(err.Error(), `did you mean "fin-rus-winter-surge"`) {
		t.Fatalf("error %v, want a suggestion", err)
	}
}

func TestAutomate(t *testing.T) {
	s, err := scenarios.Builtin("ken-som-mandera-desert")
	if err != nil {
		t.Fatal(err)
	}
	if s.Auto != 0 {
		t.Errorf("Auto %b before Automate, want 0", s.Auto)
	}
	scenarios.Automate(s)
	if s.Auto != 0b1111 {
		t.Errorf("Auto %b for 4 teams, want 1111", s.Auto)
	}
}

func TestLoadMissingFile(t *testing.T) {
	_, err := scenarios.Load(filepath.Join(t.TempDir(), "none.yaml"))
	if err == nil || !strings.HasPrefix(err.Error(), "scenarios: ") {
		t.Fatalf("error %v, want one starting with scenarios:", err)
	}
}

// conversion is a small scenario with a 2-second tick, for the unit
// conversions.
const conversion = `
name: conv
map: pol-blr
start: "22:00"
duration: 6h
tick: 2s
weather: fog
daylight: {sunrise: "06:30", sunset: "17:15"}
teams:
  - {id: POL, country: POL, base: {town: Białystok}, custody_capacity: 7, processing: 1h}
  - {id: BLR, country: blr, base: {town: Hrodna}, auto: true}
agreements:
  - {id: a, between: [POL, BLR], share: border, share_depth_km: 2.5, delay: 90s, fidelity_m: 250, hot_pursuit: {depth_km: 1.5, time: 10m},
     readmission: {per_day: 30, opens: "06:00", closes: "20:30"}}
sensors:
  - {name: s, team: POL, kind: radar, at: {checkpoint: Kuźnica, side: POL, offset_km: 2}, range_km: 8, pd: 0.2, shape: 3, scan: 6s, height_m: 12, sector: {azimuth: 80, width: 150}, false_alarms_per_day: 4, down: true}
  - {name: g, team: POL, kind: ground, at: {checkpoint: Kuźnica, side: POL, offset_km: 1}}
units:
  - {name: d, team: POL, kind: drone, speed_kmh: 72, endurance: 2h, altitude_m: 150, fov_deg: 50}
flows:
  - {name: f, kind: smugglers, from: {town: Hrodna}, to: {town: Białystok}, cross: {checkpoint: Kuźnica}, start: "23:00", end: "03:00", per_hour: 2, size: 3, vulnerable: 25%, speed_kmh: 3.6}
checkpoints:
  - {name: Kuźnica, team: POL, status: freight, lanes: 3, per_hour: 12, service: 4m, secondary: 0.1, secondary_service: 30m}
objectives:
  - {id: o, kind: max_custody_hours, target: 90m}
  - {id: w, kind: max_checkpoint_wait, target: 1h, team: POL}
injects:
  - {id: x, at: "01:00", kind: weather, weather: storm, for: 30m}
  - {id: y, trigger: {apprehended: 3}, kind: agreement_change, agreement: a, share: all}
  - {id: z, manual: true, message: hi, addressee: BLR}
`

func TestConversions(t *testing.T) {
	s, err := scenarios.Parse("conv.yaml", []byte(conversion))
	if err != nil {
		t.Fatal(err)
	}
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	eq := func(name string, got, want any) {
		t.Helper()
		if got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	eq("TickSeconds", s.TickSeconds, 2)
	eq("StartSecond", s.StartSecond, 22*3600)
	eq("Duration", s.Duration, int32(6*3600/2))
	eq("Weather", s.Weather, sim.Fog)
	eq("Sunrise", s.Daylight.Sunrise, 6*3600+30*60)
	eq("Sunset", s.Daylight.Sunset, 17*3600+15*60)
	eq("team country", s.Teams[1].Country, "BLR")
	eq("custody", s.Teams[0].CustodyCapacity, 7)
	eq("auto", s.Auto, uint8(2))
	eq("processing", s.Teams[0].ProcessTicks, int32(1800))
	eq("unit base start", s.Units[0].Pos, s.Teams[0].Base)
	eq("unit kind", s.Units[0].Kind, sim.Drone)
	near("drone speed m/tick", s.Units[0].Speed, 40)
	eq("endurance", s.Units[0].Endurance, int32(3600))
	near("altitude", s.Units[0].Altitude, 150)
	near("fov", s.Units[0].FOV, 50)
	near("scan", s.Sensors[0].ScanSeconds, 6)
	near("height", s.Sensors[0].Height, 12)
	near("azimuth", s.Sensors[0].Azimuth, 80)
	near("sector", s.Sensors[0].Sector, 150)
	near("ground sensor's default nuisance alarms", s.Sensors[1].FalseAlarmsPerDay, sim.DefaultNuisance(sim.Ground))
	a := s.Agreements[0]
	eq("share", a.Share, sim.ShareBorder)
	near("share depth", a.ShareDepth, 2500)
	eq("delay", a.Delay, int32(45))
	near("pursuit depth", a.PursuitDepth, 1500)
	eq("readmission", [4]any{a.NoReadmission, a.ReadmitPerDay, a.ReadmitFrom, a.ReadmitTo}, [4]any{false, 30, 6 * 3600, 20*3600 + 1800})
	eq("pursuit ticks", a.PursuitTicks, int32(300))
	x := s.Sensors[0]
	eq("sensor kind", x.Kind, sim.Radar)
	near("range", x.Range, 8000)
	eq("down", x.Down, true)
	f := s.Flows[0]
	eq("flow kind", f.Kind, sim.Smugglers)
	eq("flow start", f.Start, int32(1800))
	eq("flow end", f.End, int32(5*1800))
	eq("size", [2]int{f.SizeMin, f.SizeMax}, [2]int{3, 3})
	near("vulnerable", f.Vulnerable, 0.25)
	near("flow speed", f.Speed, 2)
	if d := s.Map.BorderDistance(f.CrossAt); d > 1 {
		t.Errorf("cross point %v m off the border", d)
	}
	c := s.Checkpoints[0]
	eq("checkpoint name", c.Name, "Kuźnica–Bruzgi")
	eq("open", c.Open, true)
	eq("freight", c.FreightOnly, true)
	eq("service", c.ServiceTick, int32(120))
	eq("second", c.SecondTicks, int32(900))
	near("custody target hours", s.Objectives[0].Target, 1.5)
	eq("objective team all", s.Objectives[0].Team, sim.Instructor)
	near("wait target minutes", s.Objectives[1].Target, 60)
	in := s.Injects
	eq("inject at (clock)", in[0].At, int32(3*3600/2))
	eq("inject for", in[0].For, int32(900))
	eq("inject kind", in[0].Kind, sim.InjectWeather)
	eq("addressee all", in[0].Addressee, sim.All)
	eq("trigger", in[1].Trigger, sim.TriggerApprehended)
	eq("threshold", in[1].Threshold, 3)
	eq("trigger at", in[1].At, int32(-1))
	eq("new share", in[1].NewShare, int(sim.ShareAll))
	eq("new delay unchanged", in[1].NewDelay, int32(-1))
	eq("manual", in[2].Trigger, sim.TriggerManual)
	eq("addressee team", in[2].Addressee, 1)
}

// TestDefaultDaylight checks that a file without daylight and a scenario
// built in code with none have the same day: sim owns the default.
func TestDefaultDaylight(t *testing.T) {
	conv := strings.Replace(conversion, "daylight: {sunrise: \"06:30\", sunset: \"17:15\"}\n", "", 1)
	conv = strings.Replace(conv, "tick: 2s", "tick: 30m", 1)
	fromFile, err := scenarios.Parse("conv.yaml", []byte(conv))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := fromFile.Daylight, (sim.Daylight{Sunrise: sim.DefaultSunrise, Sunset: sim.DefaultSunset}); got != want {
		t.Errorf("a file without daylight has %+v, want sim's default %+v", got, want)
	}
	inCode := *fromFile
	inCode.Daylight = sim.Daylight{}
	a, err := sim.New(fromFile, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sim.New(&inCode, 1)
	if err != nil {
		t.Fatal(err)
	}
	nights := 0
	for range 48 { // a day in half hours
		if a.Night() != b.Night() {
			t.Fatalf("at %02d:%02d the file's world has night %v, the code-built one %v",
				a.Clock()%86400/3600, a.Clock()%3600/60, a.Night(), b.Night())
		}
		if a.Night() {
			nights++
		}
		a.Step(nil)
		b.Step(nil)
	}
	if want := (86400 - sim.DefaultSunset + sim.DefaultSunrise) / 1800; nights != want {
		t.Errorf("%d half hours of night, want %d", nights, want)
	}
}

// ownScenario writes, in a temporary directory, the map file of
// maps/testdata (Poland–Belarus as a user brings it, edited by edit) and
// the pol-blr starter scenario changed to use it, with extra places.
func ownScenario(t *testing.T, edit func([]byte) []byte, top string) string {
	t.Helper()
	dir := t.TempDir()
	geo, err := os.ReadFile("../maps/testdata/pol-blr-own.geojson")
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		geo = edit(geo)
	}
	if err := os.WriteFile(filepath.Join(dir, "own.geojson"), geo, 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := scenarios.Starter("pol-blr")
	if err != nil {
		t.Fatal(err)
	}
	src = bytes.Replace(src, []byte("map: pol-blr\n"), []byte(top), 1)
	src = regexp.MustCompile(`(?m)^(    base: ).*$`).ReplaceAll(src, []byte("${1}{town: Hajnówka}"))
	src = bytes.Replace(src, []byte("{town: Hajnówka}"), []byte("{town: Kamyenyets}"), 2)
	src = bytes.Replace(src, []byte("{town: Kamyenyets}"), []byte("{town: Hajnówka}"), 1)
	file := filepath.Join(dir, "own.yaml")
	if err := os.WriteFile(file, src, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

const ownTop = "map_file: own.geojson\nplaces:\n  - {name: Hajnówka, lonlat: [23.59, 52.74]}\n  - {name: Kamyenyets, lonlat: [23.82, 52.40]}\n"

func TestMapFile(t *testing.T) {
	file := ownScenario(t, nil, ownTop)
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	if sc.Map.Name != "pol-blr:own" {
		t.Errorf("map %q", sc.Map.Name)
	}
	for i, want := range []string{"Hajnówka", "Kamyenyets"} {
		tw, ok := sc.Map.Town(want)
		if !ok || sc.Teams[i].Base != tw.Pos {
			t.Errorf("team %d base %v; want %s at %v (%v)", i, sc.Teams[i].Base, want, tw.Pos, ok)
		}
	}
	// Two runs of an hour: the same hash.
	hash := func() uint64 {
		s, err := scenarios.Load(file)
		if err != nil {
			t.Fatal(err)
		}
		w := drilltest.NewWorld(t, s, 7)
		for range 3600 {
			w.Step(nil)
		}
		return w.Hash()
	}
	if a, b := hash(), hash(); a != b {
		t.Errorf("hashes %x and %x", a, b)
	}
}

func TestMapFileErrors(t *testing.T) {
	unclose := func(geo []byte) []byte {
		i := bytes.Index(geo, []byte(`"iso_a3": "BLR"`))
		end := i + bytes.Index(geo[i:], []byte("]]"))
		last := bytes.LastIndexByte(geo[i:end], '[') + i
		return append(append([]byte(nil), geo[:last-1]...), geo[end+1:]...)
	}
	tests := []struct {
		name string
		edit func([]byte) []byte
		top  string
		want string
	}{
		{"ring does not close", unclose, ownTop, `own\.yaml:7:11: scenario: map_file: .*own\.geojson:14:6: polygon ring does not close`},
		{"missing file", nil, "map_file: nowhere.geojson\n", `own\.yaml:7:11: scenario: map_file: open .*nowhere\.geojson: no such file`},
		{"map and map_file", nil, "map: pol-blr\nmap_file: own.geojson\n", `own\.yaml:8:11: scenario: give map or map_file, not both`},
		{"place outside the map", nil, "map_file: own.geojson\nplaces:\n  - {name: Hajnówka, lonlat: [23.59, 52.74]}\n  - {name: Kamyenyets, lonlat: [30, 52.40]}\n", `own\.yaml:10:32: place "Kamyenyets": lonlat: \[30, 52\.4\] is outside the pol-blr:own map`},
		{"place twice", nil, "map: pol-blr\nplaces:\n  - {name: Hajnówka, lonlat: [23.59, 52.74]}\n  - {name: Hajnówka, lonlat: [23.82, 52.40]}\n", `own\.yaml:10:12: place "Hajnówka": place "Hajnówka" is declared twice`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Load(ownScenario(t, tc.edit, tc.top))
			if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant a line matching %q", err, tc.want)
			}
		})
	}
	// A scenario not read from disk (an upload) may not name files.
	src, err := os.ReadFile(ownScenario(t, nil, ownTop))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Parse("upload.yaml", src); err == nil || !strings.Contains(err.Error(), "only a scenario file read from disk may name a map file") {
		t.Errorf("Parse with map_file: %v", err)
	}
}

// TestTranslatedTexts: a scenario that declares its languages carries each
// text in all of them, and each reader picks their own.
func TestTranslatedTexts(t *testing.T) {
	base := drilltest.ReadFile(t, "testdata/base.yaml")
	src := strings.Replace(string(base), "  - {id: i, at: 1h, message: hello, objective: o}",
		"  - id: i\n    at: 1h\n    objective: o\n    message: {en: Crowd at the fence, fi: Väkijoukko aidalla, ru: Толпа у ограждения}", 1)
	src = strings.Replace(src, "  - {id: o, kind: detect_within, target: 80%, window: 10m}",
		"  - {id: o, kind: detect_within, target: 80%, window: 10m, description: {en: Detect, fi: Havaitse, ru: Обнаружить}}", 1)
	src = "languages: [en, fi, ru]\n" + src
	s, err := scenarios.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	msg, desc := s.Injects[0].Message, s.Objectives[0].Description
	for _, tc := range []struct{ code, msg, desc string }{
		{"en", "Crowd at the fence", "Detect"},
		{"fi", "Väkijoukko aidalla", "Havaitse"},
		{"ru", "Толпа у ограждения", "Обнаружить"},
		{"tr", "Crowd at the fence", "Detect"},
	} {
		if got := i18n.Get(tc.code).Pick(msg); got != tc.msg {
			t.Errorf("%s reads the message as %q, want %q", tc.code, got, tc.msg)
		}
		if got := i18n.Get(tc.code).Pick(desc); got != tc.desc {
			t.Errorf("%s reads the objective as %q, want %q", tc.code, got, tc.desc)
		}
	}
}

// TestPlaceNames: a places entry gives a town names by language and in the
// local script, for a town the map has (no lonlat) or one it adds; each
// reader sees their own language, else the local name, and the scenario
// still names the town by its English name.
func TestPlaceNames(t *testing.T) {
	base := string(drilltest.ReadFile(t, "testdata/base.yaml"))
	places := "places:\n" +
		"  - {name: {en: Vyborg, fi: Viipuri, ru: Выборг}, local: Выборг}\n" +
		"  - {name: Svetogorsk, local: Светогорск}\n" +
		"  - {name: {en: Lappeenranta, ru: Лаппеенранта}}\n" +
		"  - {name: Brusnichnoye, local: Брусничное, lonlat: [28.40, 60.78]}\n"
	s, err := scenarios.Parse("t.yaml", []byte(places+base))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ town, code, want string }{
		{"Vyborg", "en", "Vyborg"}, {"Vyborg", "fi", "Viipuri"}, {"Vyborg", "ru", "Выборг"}, {"Vyborg", "tr", "Выборг"},
		{"Svetogorsk", "en", "Svetogorsk"}, {"Svetogorsk", "fi", "Светогорск"},
		{"Lappeenranta", "ru", "Лаппеенранта"}, {"Lappeenranta", "fi", "Lappeenranta"},
		{"Brusnichnoye", "en", "Brusnichnoye"}, {"Brusnichnoye", "ru", "Брусничное"},
	} {
		tw, ok := s.Map.Town(tc.town)
		if !ok {
			t.Fatalf("no town %s", tc.town)
		}
		if got := i18n.Get(tc.code).Pick(cmp.Or(tw.Label, tw.Name)); got != tc.want {
			t.Errorf("a %s reader sees %s as %q, want %q", tc.code, tc.town, got, tc.want)
		}
	}
	if tw, _ := s.Map.Town("Kuopio"); tw.Label != "" {
		t.Errorf("Kuopio, which the scenario does not name, has the label %q", tw.Label)
	}
	// Names only: the map's towns keep their places, so the model is that
	// of the scenario without them.
	plain, err := scenarios.Parse("t.yaml", []byte(base))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Map.Towns) != len(plain.Map.Towns)+1 {
		t.Errorf("%d towns, want the %d of the map and the one added", len(s.Map.Towns), len(plain.Map.Towns))
	}
	for _, pt := range plain.Map.Towns {
		if tw, ok := s.Map.Town(pt.Name); !ok || tw.Pos != pt.Pos || tw.Pop != pt.Pop {
			t.Errorf("town %s: %+v, want %+v", pt.Name, tw, pt)
		}
	}

	for _, tc := range []struct{ name, top, want string }{
		{"declared language missing from a mapping", "languages: [en, fi]\nplaces:\n  - {name: {en: Vyborg, ru: Выборг}}\n",
			`t\.yaml:3:25: place 1: name: ru is not among the scenario's languages \(en, fi\)`},
		{"declared language missing", "languages: [en, fi]\nplaces:\n  - {name: {en: Vyborg}}\n",
			`t\.yaml:3:13: place 1: name: missing the fi translation \(the scenario's languages are en, fi\)`},
		{"plain name with languages", "languages: [en, fi]\nplaces:\n  - {name: Vyborg, local: Выборг}\n",
			`t\.yaml:3:12: place "Vyborg": name: no fi translation`},
		{"no such town", "places:\n  - {name: Vyborgg, local: Выборг}\n",
			`t\.yaml:2:12: place "Vyborgg": name: "Vyborgg" is no town of the fin-rus map, so it needs lonlat: \[longitude, latitude\]; did you mean Vyborg`},
		{"empty local", "places:\n  - {name: Vyborg, local: \" \"}\n",
			`t\.yaml:2:27: place "Vyborg": local: the name in the local script must not be empty`},
		{"not a language", "places:\n  - {name: {english: Vyborg}}\n",
			`t\.yaml:2:13: place 1: name: "english" is not a language code`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenarios.Parse("t.yaml", []byte(tc.top+base))
			if err == nil || !regexp.MustCompile(tc.want).MatchString(err.Error()) {
				t.Errorf("error:\n%v\nwant a line matching %q", err, tc.want)
			}
		})
	}
}
