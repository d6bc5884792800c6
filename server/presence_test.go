package server_test

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/paulmach/orb"
)

// teamsPresent is what a Presence says: trainees per team.
func teamsPresent(p *wire.Presence) []int {
	if p == nil {
		return nil
	}
	n := make([]int, len(p.Teams))
	for i, t := range p.Teams {
		n[i] = t.Trainees
	}
	return n
}

// TestCreatedPausedWaitsForTeams creates an exercise through the API without
// saying "paused": it is created paused, and every participant is told at
// the wire how many trainees of each team are connected — the joiner before
// its first keyframe, the others as trainees join and leave — while the
// clock stands at tick 0.
func TestCreatedPausedWaitsForTeams(t *testing.T) {
	ts := newServer(t, server.Config{})
	st, b := ts.post(t, "/api/exercises", token, jsonBody(map[string]any{"scenario": scenario, "speed": 50}))
	var created struct {
		ID     string
		Codes  map[string]string
		Paused bool
		Tick   int32
	}
	if err := json.Unmarshal(b, &created); err != nil || st != http.StatusCreated {
		t.Fatalf("create: %d %s", st, b)
	}
	if !created.Paused || created.Tick != 0 {
		t.Fatalf("created paused %v at tick %d; want a new exercise paused at tick 0", created.Paused, created.Tick)
	}

	// The joiner's Presence comes between its Welcome and its keyframe.
	first := func(code, exercise string) *conn {
		t.Helper()
		c := dial(t, ts)
		c.send(&wire.Hello{Version: wire.Version, Code: code, Exercise: exercise, Name: "tester"})
		var types []wire.Type
		for len(types) < 3 {
			types = append(types, c.read().Type())
		}
		if want := []wire.Type{wire.TypeWelcome, wire.TypePresence, wire.TypeKeyframe}; !slices.Equal(types, want) {
			t.Fatalf("first messages %v, want %v", types, want)
		}
		return c
	}
	white := first(token, created.ID)
	if got := teamsPresent(white.presence); !slices.Equal(got, []int{0, 0, 0}) {
		t.Fatalf("the white cell alone: presence %v, want [0 0 0]", got)
	}
	// waitFor reads c until its Presence says want.
	waitFor := func(c *conn, who string, want []int) {
		t.Helper()
		if slices.Equal(teamsPresent(c.presence), want) {
			return
		}
		c.next(func(m wire.Message) bool {
			p, ok := m.(*wire.Presence)
			return ok && slices.Equal(teamsPresent(p), want)
		})
		if got := c.presence.Connected(); got != countNonZero(want) {
			t.Errorf("%s: Connected() = %d, want %d", who, got, countNonZero(want))
		}
	}

	gnb := first(created.Codes["GNB"], "")
	if got := teamsPresent(gnb.presence); !slices.Equal(got, []int{0, 0, 1}) {
		t.Errorf("the GNB trainee's first presence %v, want [0 0 1] (1/3 teams)", got)
	}
	waitFor(white, "white cell after GNB joined", []int{0, 0, 1})

	mig := first(created.Codes["MIG"], "")
	if got := teamsPresent(mig.presence); !slices.Equal(got, []int{1, 0, 1}) {
		t.Errorf("the MIG trainee's first presence %v, want [1 0 1]", got)
	}
	waitFor(gnb, "GNB after MIG joined", []int{1, 0, 1})
	waitFor(white, "white cell after MIG joined", []int{1, 0, 1})

	// A second GNB trainee counts as a trainee, not as a team.
	gnb2 := first(created.Codes["GNB"], "")
	if p := gnb2.presence; p == nil || p.Connected() != 2 || p.Teams[teamGNB].Trainees != 2 {
		t.Errorf("a second GNB trainee: presence %v, want 2 teams, 2 GNB trainees", teamsPresent(p))
	}
	// An observer is not counted.
	obs := first(created.Codes["observer"], "")
	if got := teamsPresent(obs.presence); !slices.Equal(got, []int{1, 0, 2}) {
		t.Errorf("the observer's first presence %v, want [1 0 2]", got)
	}

	mig.c.Close()
	waitFor(white, "white cell after MIG left", []int{0, 0, 2})
	waitFor(gnb, "GNB after MIG left", []int{0, 0, 2})

	// The clock still stands: nobody started the exercise.
	if v := white.mirror.View(); !v.Paused || v.Tick != 0 {
		t.Errorf("the white cell's view: paused %v at tick %d; want paused at tick 0", v.Paused, v.Tick)
	}
}

func countNonZero(xs []int) int {
	n := 0
	for _, x := range xs {
		if x != 0 {
			n++
		}
	}
	return n
}

// TestWelcomeCarriesPlaces: the grc-tur built-in names Soufli and Feres,
// which its map lacks, as places; a trainee's Welcome carries them with
// their positions, so that a client that loads the map by name labels
// them. An uploaded copy with other positions sends those, and a scenario
// without places: sends none.
func TestWelcomeCarriesPlaces(t *testing.T) {
	ts := newServer(t, server.Config{})
	m, err := maps.Load("grc-tur")
	if err != nil {
		t.Fatal(err)
	}
	places := func(soufli, feres orb.Point) []wire.Place {
		return []wire.Place{{Name: "Soufli", Pos: wire.QP(m.Proj.Forward(soufli))}, {Name: "Feres", Pos: wire.QP(m.Proj.Forward(feres))}}
	}
	_, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": "grc-tur-evros-river"}))
	if got, want := join(t, ts, codes["GRC"], "").welcome.Places, places(orb.Point{26.299, 41.201}, orb.Point{26.173, 40.894}); !slices.Equal(got, want) {
		t.Errorf("the built-in's Welcome places %+v, want %+v", got, want)
	}
	src, err := os.ReadFile(filepath.Join("..", "scenarios", "builtin", "grc-tur-evros-river.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	yaml := strings.Replace(string(src), "places: [{name: Soufli, lonlat: [26.299, 41.201]}, {name: Feres, lonlat: [26.173, 40.894]}]",
		"places:\n  - {name: Soufli, lonlat: [26.302, 41.192]}\n  - {name: Feres, lonlat: [26.172, 40.895]}", 1)
	_, codes, _ = ts.create(t, jsonBody(map[string]any{"yaml": yaml}))
	if got, want := join(t, ts, codes["GRC"], "").welcome.Places, places(orb.Point{26.302, 41.192}, orb.Point{26.172, 40.895}); !slices.Equal(got, want) {
		t.Errorf("the uploaded copy's Welcome places %+v, want %+v", got, want)
	}
	_, codes, _ = ts.create(t, jsonBody(map[string]any{"scenario": scenario}))
	if p := join(t, ts, codes["GNB"], "").welcome.Places; len(p) != 0 {
		t.Errorf("%s has no places: key, but its Welcome has places %+v", scenario, p)
	}
}
