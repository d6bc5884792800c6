package scenarios_test

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/scenarios"
)

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
