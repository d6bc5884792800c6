package scenarios_test

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/scenarios"
)

// badCase is a change to testdata/base.yaml (a valid scenario) and the
// error it must give: line is replaced by text, which may hold several
// lines or be empty to delete it; line 0 replaces the whole file.
type badCase struct {
	name string
	line int
	text string
	pos  string // "LINE:COL" of the expected error
	msg  string // fragment of its message
}

var badCases = []badCase{
	{"missing translation", 1, "name: t\nlanguages: [en, fi]", "27:30", `inject "i": message: no fi translation (the scenario's languages are en, fi)`},
	{"translation missing one language", 26, "  - {id: i, at: 1h, message: {en: hello, ru: привет}, objective: o}\nlanguages: [en, fi]", "26:31", `inject "i": message: missing the fi translation`},
	{"translation into an undeclared language", 26, "  - {id: i, at: 1h, message: {en: hello, fi: moi, ru: привет}, objective: o}\nlanguages: [en, fi]", "26:51", `inject "i": message: ru is not among the scenario's languages (en, fi)`},
	{"description untranslated", 1, "name: t\nlanguages: [en, ru]\ndescription: {en: a, ru: б}", "28:30", `inject "i": message: no ru translation`},
	{"bad language code", 1, "name: t\nlanguages: [english!]", "2:13", `languages: "english!" is not a language code`},
	{"unknown town", 8, "    base: {town: Lapenranta}", "8:18", `unknown town "Lapenranta" on the fin-rus map; did you mean Lappeenranta`},
	{"unknown unit kind", 19, "    kind: tank", "19:11", `unknown unit kind "tank"; allowed: foot, vehicle, drone`},
	{"unknown key", 19, "    knd: foot", "19:5", `unknown key "knd"; did you mean "kind"; allowed: name, team, kind, at, route, patrol`},
	{"missing required key", 19, "", "17:5", `unit "u1": missing "kind"`},
	{"unknown top-level key", 1, "nam: t", "1:1", `unknown key "nam"; did you mean "name"`},
	{"unknown map", 2, "map: fin-fra", "2:6", `unknown map "fin-fra": no land border between those countries; nearest: fin-nor, fin-rus, fin-swe`},
	{"point at sea", 20, "    at: {lonlat: [27.0, 60.3]}", "20:10", "the point is at sea"},
	{"point outside the map", 20, "    at: {lonlat: [10, 50]}", "20:10", "the point is outside the map"},
	{"lonlat not degrees", 20, "    at: {lonlat: [200, 50]}", "20:18", "is not a longitude and latitude"},
	{"point in the other country", 20, "    at: {border_km: 1200, side: RUS, offset_km: 1}", "20:10", `the point is in RUS, not in the team's country FIN`},
	{"border_km past the end", 20, "    at: {border_km: 5000, side: FIN, offset_km: 1}", "20:21", "is past the end of the border"},
	{"offset without side", 20, "    at: {border_km: 1200, offset_km: 1}", "20:38", "give side and offset_km together"},
	{"side not a border country", 20, "    at: {border_km: 1200, side: NOR, offset_km: 1}", "20:33", `side: "NOR" is not a country of this border; allowed: FIN, RUS`},
	{"section on a single-section map", 20, "    at: {border_km: 1200, section: Ceuta, side: FIN, offset_km: 1}", "20:36", "has a single section"},
	{"two kinds of place", 20, "    at: {town: Lappeenranta, lonlat: [28, 61]}", "20:10", "give exactly one of town, checkpoint, lonlat, border_km; got town, lonlat"},
	{"unknown checkpoint", 15, "  - {name: cam, team: FIN, kind: camera, at: {checkpoint: Vaalimäki}}", "15:59", `unknown checkpoint "Vaalimäki"`},
	{"unknown team", 18, "    team: XXX", "18:11", `team: unknown team "XXX"; allowed: FIN, RUS`},
	{"cover polygon not closed", 26, "  - {id: i, at: 1h, message: hello, objective: o}\ncover:\n  - {name: wood, value: forest, polygon: [[28.1, 61.0], [28.3, 61.0], [28.3, 61.1], [28.1, 61.2]]}", "28:85", "polygon does not close"},
	{"cover value unknown", 26, "  - {id: i, at: 1h, message: hello, objective: o}\ncover:\n  - {name: wood, value: jungle, at: {town: Vyborg}, radius_km: 2}", "28:25", `"jungle" is not a cover`},
	{"cover value out of range", 26, "  - {id: i, at: 1h, message: hello, objective: o}\ncover:\n  - {name: wood, value: 1.5, at: {town: Vyborg}, radius_km: 2}", "28:25", "1.5 is not a cover"},
	{"team country not on the border", 7, "    country: NOR", "7:14", `"NOR" is not a country of the fin-rus border`},
	{"base in the wrong country", 8, "    base: {town: Vyborg}", "8:12", `base: the point is in RUS, not in the team's country FIN`},
	{"one team only", 0, "map: fin-rus\nteams:\n  - {id: FIN, country: FIN, base: {town: Lappeenranta}}", "3:3", "teams: 1 declared; a joint exercise needs 2 to 8 teams"},
	{"duplicate team id", 9, "  - id: FIN", "9:9", `team id "FIN" is declared twice`},
	{"duration without unit", 4, "duration: 2", "4:11", `2 has no unit; want a duration such as "90s"`},
	{"bad duration", 4, "duration: two hours", "4:11", `"two hours" is not a duration`},
	{"bad clock", 3, `start: "25:00"`, "3:8", "want a time of day"},
	{"bad weather", 4, "duration: 2h\nweather: snow", "5:10", `unknown weather "snow"; allowed: clear, rain, fog, storm`},
	{"daylight not a mapping", 4, "duration: 2h\ndaylight: yes", "5:11", "daylight: want a mapping with keys sunrise, sunset"},
	{"endurance for a foot patrol", 19, "    kind: foot\n    endurance: 2h", "20:16", "only drones have an endurance"},
	{"route with one point", 20, "    route: [{border_km: 1200, side: FIN, offset_km: 1}]", "20:12", "a patrol route needs at least two points"},
	{"route leg across the border", 20, "    route: [{border_km: 1185, side: FIN, offset_km: 0.5}, {border_km: 1215, side: FIN, offset_km: 0.5}]", "20:12", "crosses into RUS"},
	{"route and patrol", 20, "    route: [{town: Lappeenranta}, {border_km: 1165, side: FIN, offset_km: 2}]\n    patrol: {from_km: 1150, to_km: 1160}", "21:14", "give route or patrol, not both"},
	{"patrol past the end", 20, "    patrol: {from_km: 1200, to_km: 1300}", "20:36", "from_km and to_km must be within it"},
	{"agreement with one team", 13, "  - {id: a, between: [FIN], share: all}", "13:22", "between: want two team ids"},
	{"agreement with itself", 13, "  - {id: a, between: [FIN, FIN], share: all}", "13:22", "between two different teams"},
	{"share depth missing", 13, "  - {id: a, between: [FIN, RUS], share: border}", "13:6", `missing "share_depth_km"`},
	{"unknown share mode", 13, "  - {id: a, between: [FIN, RUS], share: some}", "13:41", `unknown share mode "some"; allowed: none, all, border`},
	{"hot pursuit without time", 13, "  - {id: a, between: [FIN, RUS], hot_pursuit: {depth_km: 2}}", "13:48", `hot_pursuit: missing "time"`},
	{"sensor pd out of range", 15, "  - {name: cam, team: FIN, kind: camera, pd: 1.5, at: {town: Lappeenranta}}", "15:46", "pd: 1.5 is out of range; allowed: 0 to 1"},
	{"unknown sensor kind", 15, "  - {name: cam, team: FIN, kind: sonar, at: {town: Lappeenranta}}", "15:34", `unknown sensor kind "sonar"; allowed: camera, ground, radar, thermal, magnetic`},
	{"sector wider than 360°", 15, "  - {name: cam, team: FIN, kind: camera, at: {town: Lappeenranta}, sector: {azimuth: 90, width: 400}}", "15:97", "width: 400 is out of range; allowed: 0 to 360"},
	{"sector without width", 15, "  - {name: cam, team: FIN, kind: camera, at: {town: Lappeenranta}, sector: {azimuth: 90}}", "15:77", `sector: missing "width"`},
	{"scan on a camera", 15, "  - {name: cam, team: FIN, kind: camera, at: {town: Lappeenranta}, scan: 4s}", "15:74", "scan: only a radar scans; this sensor is a camera"},
	{"altitude on a foot patrol", 19, "    kind: foot\n    altitude_m: 100", "20:17", "altitude_m: only a drone's camera has one; this unit is foot"},
	{"observe_km on a drone", 19, "    kind: drone\n    observe_km: 3", "20:17", "observe_km: a drone sees the footprint of its camera"},
	{"flow within one country", 22, "  - {name: f, kind: migrants, from: {town: Lappeenranta}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: 1}", "22:64", "from and to are both in FIN"},
	{"flow size reversed", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: 1, size: [5, 1]}", "22:129", "min 5 is larger than max 1"},
	{"reception at sea", 26, "  - {id: i, at: 1h, message: hello, objective: o}\nreceptions:\n  - {name: r, team: FIN, at: {lonlat: [27.0, 60.3]}, capacity: 50}", "28:31", "reception \"r\": at: the point is at sea"},
	{"reception in the other country", 26, "  - {id: i, at: 1h, message: hello, objective: o}\nreceptions:\n  - {name: r, team: FIN, at: {town: Vyborg}}", "28:31", "not in the team's country FIN"},
	{"reception capacity negative", 26, "  - {id: i, at: 1h, message: hello, objective: o}\nreceptions:\n  - {name: r, team: FIN, at: {town: Lappeenranta}, capacity: -5}", "28:62", "capacity: -5 is out of range; allowed: 1 to 100000"},
	{"reception medical share", 26, "  - {id: i, at: 1h, message: hello, objective: o}\nreceptions:\n  - {name: r, team: FIN, at: {town: Lappeenranta}, medical: 1.5}", "28:61", "medical: 1.5 is out of range; allowed: 0 to 1"},
	{"flow asylum share above 1", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: 1, asylum_share: 1.2}", "22:137", "asylum_share: 1.2 is out of range; allowed: 0 to 1"},
	{"flow negative rate", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: -3}", "22:120", "per_hour: -3 is out of range; allowed: 0 to 10000"},
	{"unit capacity of 0", 19, "    kind: foot\n    capacity: 0", "20:15", "capacity: 0 is out of range; allowed: 1 to 1000"},
	{"drone capacity", 19, "    kind: drone\n    capacity: 4", "20:15", "a drone escorts no one"},
	{"risk temperature list", 4, "duration: 2h\nrisk: {temperature: [-10, -12]}", "5:21", "temperature: want one value in °C or 24 hourly values (hour 0 first); got 2"},
	{"risk temperature out of range", 4, "duration: 2h\nrisk: {temperature: -90}", "5:21", "temperature: -90 °C is out of range; allowed: -60 to 60"},
	{"risk river hazard above 1", 4, "duration: 2h\nrisk: {river_hazard: 2}", "5:22", "river_hazard: 2 is out of range; allowed: 0 to 1"},
	{"risk unknown key", 4, "duration: 2h\nrisk: {rivr_hazard: 0.01}", "5:8", `unknown key "rivr_hazard"; did you mean "river_hazard"`},
	{"flow vulnerable share", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: 1, vulnerable: 140%}", "22:135", `"140%" is not a percentage`},
	{"flow cross far from the border", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Kuopio}, cross: {town: Kuopio}, per_hour: 1}", "22:81", "from the border; allowed: within 20 km"},
	{"flow starts after the end", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: 1, start: 3h}", "22:130", "at or after the end of the exercise"},
	{"flow clock not a time", 22, "  - {name: f, kind: migrants, from: {town: Vyborg}, to: {town: Lappeenranta}, cross: {checkpoint: Nuijamaa}, per_hour: 1, start: \"7:61\"}", "22:130", `"7:61" is not a time of day`},
	{"barrier past the end", 23, "barriers:\n  - {name: b, team: FIN, from_km: 1200, to_km: 1300}\nobjectives:", "24:48", "past the end of the border section"},
	{"barrier reversed", 23, "barriers:\n  - {name: b, team: FIN, from_km: 1200, to_km: 1100}\nobjectives:", "24:48", "must be larger than from_km"},
	{"checkpoint not on the map", 23, "checkpoints:\n  - {name: Helsinki, team: FIN}\nobjectives:", "24:12", `"Helsinki" is not a checkpoint of the fin-rus map`},
	{"checkpoint status", 23, "checkpoints:\n  - {name: Vaalimaa, team: FIN, status: half}\nobjectives:", "24:41", `unknown checkpoint status "half"; allowed: open, closed, freight`},
	{"community per_hour", 23, "community:\n  - {team: FIN, per_hour: 3}\nobjectives:", "24:27", "per_hour: 3 is out of range"},
	{"community delay", 23, "community:\n  - {team: FIN, delay: [10m]}\nobjectives:", "24:24", "delay: want [min, max]"},
	{"objective window missing", 24, "  - {id: o, kind: detect_within, target: 80%}", "24:6", `missing "window"`},
	{"objective target share", 24, "  - {id: o, kind: detect_within, target: 150%, window: 10m}", "24:42", `"150%" is not a percentage`},
	{"objective window unused", 24, "  - {id: o, kind: max_incidents, target: 0, window: 10m}", "24:53", "window: not used by kind max_incidents"},
	{"pursuit_incidents target", 24, "  - {id: o, kind: pursuit_incidents, target: -1}", "24:46", "target: -1 is out of range"},
	{"pursuit_incidents window", 24, "  - {id: o, kind: pursuit_incidents, target: 0, window: 1h}", "24:57", "window: not used by kind pursuit_incidents"},
	{"classify_accuracy target share", 24, "  - {id: o, kind: classify_accuracy, target: 120%}", "24:46", `"120%" is not a percentage`},
	{"unknown objective kind", 24, "  - {id: o, kind: catch_all, target: 1}", "24:19", `unknown objective kind "catch_all"`},
	{"inject objective undeclared", 26, "  - {id: i, at: 1h, message: hello, objective: nope}", "26:48", `"nope" is not a declared objective; allowed: o`},
	{"inject after the end", 26, "  - {id: i, at: 3h, message: hello}", "26:17", "at or after the end of the exercise (2h)"},
	{"inject with two triggers", 26, "  - {id: i, at: 1h, manual: true, message: hello}", "26:17", "give exactly one of at"},
	{"inject trigger count", 26, "  - {id: i, trigger: {crossings: 0}, message: hello}", "26:34", "crossings: 0 is out of range"},
	{"inject unknown trigger", 26, "  - {id: i, trigger: {arrivals: 5}, message: hello}", "26:23", `unknown key "arrivals"; allowed: detections, crossings, incidents, apprehended`},
	{"inject unknown kind", 26, "  - {id: i, at: 1h, kind: tsunami}", "26:27", `unknown inject kind "tsunami"; allowed: message, surge`},
	{"surge unknown flow", 26, "  - {id: i, at: 1h, kind: surge, flow: g, groups: 3}", "26:40", `unknown flow "g"; allowed: f`},
	{"effect key not used", 26, "  - {id: i, at: 1h, message: hi, flow: f}", "26:40", "flow: not used by kind message"},
	{"outage unknown sensor", 26, "  - {id: i, at: 1h, kind: sensor_outage, sensors: [cam, mast]}", "26:57", `unknown sensor "mast"; allowed: cam`},
	{"comms unknown agreement", 26, "  - {id: i, at: 1h, kind: comms_outage, agreement: b}", "26:52", `unknown agreement "b"; allowed: a`},
	{"agreement change without terms", 26, "  - {id: i, at: 1h, kind: agreement_change, agreement: a}", "26:27", "needs at least one of delay, share, pursuit_depth_km"},
	{"unknown addressee", 26, "  - {id: i, at: 1h, message: hi, addressee: EST}", "26:45", `unknown team "EST"; allowed: FIN, RUS, all`},
	{"message missing", 26, "  - {id: i, at: 1h}", "26:6", `missing "message"`},
	{"unknown cut mode", 13, "  - {id: a, between: [FIN, RUS], share: all, on_cut: keep}", "13:54", `unknown cut mode "keep"; allowed: drop, queue`},
	{"backup without capacity", 13, "  - {id: a, between: [FIN, RUS], share: all, backup: {delay: 5m}}", "13:55", `missing "per_hour"`},
	{"backup capacity out of range", 13, "  - {id: a, between: [FIN, RUS], share: all, backup: {per_hour: 0}}", "13:65", "per_hour: 0 is out of range"},
	{"backup unknown key", 13, "  - {id: a, between: [FIN, RUS], share: all, backup: {per_hour: 6, capacity: 2}}", "13:68", `unknown key "capacity"`},
	{"readmission unknown key", 13, "  - {id: a, between: [FIN, RUS], share: all, readmission: {quota: 5}}", "13:60", `unknown key "quota"; allowed: allowed, per_day, opens, closes`},
	{"readmission not a time", 13, "  - {id: a, between: [FIN, RUS], share: all, readmission: {opens: 25:00}}", "13:67", "opens: want a time of day"},
	{"yaml syntax", 13, "  - {id: a, between: [FIN, RUS}", "13:31", "YAML syntax"},
	{"duplicate key", 7, "    country: FIN\n    country: RUS", "8:5", `YAML syntax: mapping key "country" already defined`},
	{"unknown alias", 2, "map: *m", "2:6", "unknown alias *m"},
	{"empty file", 0, "", "1:1", "empty scenario"},
	{"not a mapping", 0, "- 1\n- 2", "1:1", "scenario: want a mapping"},
	{"two documents", 26, "  - {id: i, at: 1h, message: hello}\n---\nname: u", "28:1", "holds one YAML document"},
}

// applyCase returns base.yaml with the case's change.
func applyCase(t testing.TB, c badCase) []byte {
	t.Helper()
	if c.line == 0 {
		return []byte(c.text)
	}
	base, err := os.ReadFile("testdata/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(base), "\n")
	var out []string
	out = append(out, lines[:c.line-1]...)
	if c.text != "" {
		out = append(out, c.text)
	}
	out = append(out, lines[c.line:]...)
	return []byte(strings.Join(out, "\n"))
}

func TestBaseIsValid(t *testing.T) {
	data, err := os.ReadFile("testdata/base.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := scenarios.Parse("t.yaml", data); err != nil {
		t.Fatalf("base scenario of the error table does not load:\n%v", err)
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			s, err := scenarios.Parse("t.yaml", applyCase(t, c))
			if err == nil {
				t.Fatalf("no error; want %s: %s", c.pos, c.msg)
			}
			if s != nil {
				t.Errorf("got a scenario along with the error")
			}
			var list scenarios.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is %T, want a non-empty ErrorList: %v", err, err)
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "t.yaml:") {
					t.Errorf("error line %q does not start with the file name", line)
				}
			}
			prefix := "t.yaml:" + c.pos + ": "
			for _, e := range list {
				if strings.HasPrefix(e.Error(), prefix) && strings.Contains(e.Msg, c.msg) {
					return
				}
			}
			t.Errorf("no error %s…%s…; got:\n%v", prefix, c.msg, err)
		})
	}
}

func TestParseCollectsSeveralErrors(t *testing.T) {
	data := applyCase(t, badCase{line: 19, text: "    kind: tank\n    speed_kmh: fast\n    observe_km: -1"})
	_, err := scenarios.Parse("t.yaml", data)
	var list scenarios.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	if len(list) != 3 {
		t.Fatalf("got %d errors, want 3:\n%v", len(list), err)
	}
	for i := 1; i < len(list); i++ {
		if list[i].Line < list[i-1].Line {
			t.Errorf("errors out of file order:\n%v", err)
		}
	}
}

func TestParseStopsAfterTwentyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("map: fin-rus\nteams:\n")
	for range 30 {
		b.WriteString("  - {id: X, country: XXX, base: {town: Nowhere}}\n")
	}
	_, err := scenarios.Parse("t.yaml", []byte(b.String()))
	var list scenarios.ErrorList
	if !errors.As(err, &list) {
		t.Fatalf("error %v is not an ErrorList", err)
	}
	if len(list) != 21 || !strings.Contains(list[20].Msg, "too many errors") {
		t.Fatalf("got %d errors, want 20 and a last 'too many errors':\n%v", len(list), err)
	}
}
