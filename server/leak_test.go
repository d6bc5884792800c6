package server_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// objectiveLog is what one client saw of the objectives: each frame's
// values, and the ids of the objective events it received.
type objectiveLog struct {
	frames [][]sim.ObjectiveStatus
	events []string
	err    error
}

// follow reads c until stop is closed, logging objectives; ground truth
// (the instructor) also reports through seen when the test has seen enough.
func follow(c *conn, stop <-chan struct{}, log *objectiveLog, enough func(v *sim.View) bool, seen func()) {
	log.err = readUntil(c, stop, func(m wire.Message) {
		switch m := m.(type) {
		case *wire.Events:
			for _, e := range m.Events {
				if e.Kind == sim.EvObjective {
					log.events = append(log.events, e.Text)
				}
			}
		case *wire.Keyframe, *wire.Delta:
			v := c.mirror.View()
			log.frames = append(log.frames, slices.Clone(v.Objective))
			if enough != nil && enough(v) {
				seen()
				enough = nil
			}
		}
	})
}

// readUntil reads c until stop is closed, handing each message to f; it
// returns the read error that ended it early, or nil.
func readUntil(c *conn, stop <-chan struct{}, f func(wire.Message)) error {
	for {
		select {
		case <-stop:
			return nil
		default:
		}
		m, err := c.readErr(10 * time.Second)
		if err != nil {
			return err
		}
		f(m)
	}
}

// TestObjectivesKnownToTeams runs a real scenario at full speed until
// a group has crossed undetected and the white cell has seen a team's
// detection objective move, and checks at the wire that no team's
// objective value ever moved on what the team cannot see: an objective
// measured against ground truth is shown to the team without a value
// (sim.Unmeasured) and never changes, its met/not-met events do not reach
// the team, and only the objectives the team follows from its own records
// carry live values.
func TestObjectivesKnownToTeams(t *testing.T) {
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	ts := newServer(t, server.Config{})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 1000, "seed": 3}))
	teams := []*conn{join(t, ts, codes["MIG"], ""), join(t, ts, codes["PONAL"], ""), join(t, ts, codes["GNB"], "")}
	ins := join(t, ts, token, id)

	stop := make(chan struct{})
	var once sync.Once
	logs := make([]objectiveLog, len(teams)+1)
	values := map[float64]bool{}
	sawMiss := false
	var wg sync.WaitGroup
	for i, c := range teams {
		wg.Add(1)
		go func() { defer wg.Done(); follow(c, stop, &logs[i], nil, nil) }()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		follow(ins, stop, &logs[len(teams)], func(v *sim.View) bool {
			missed := false // a group crossed and was not detected in time
			for _, o := range v.Objective {
				if o.ID == "detect" {
					values[o.Value] = true
					missed = o.Value > 0 && o.Value < 1
				}
			}
			return missed
		}, func() { sawMiss = true; once.Do(func() { close(stop) }) })
	}()
	bound := time.AfterFunc(60*time.Second, func() { once.Do(func() { close(stop) }) })
	defer bound.Stop()
	wg.Wait()
	if !sawMiss {
		t.Fatalf("in a minute the white cell saw no crossing missed by the detection objective (values %v): nothing to keep from the teams", values)
	}
	for i, c := range teams {
		team := c.welcome.Team
		log := &logs[i]
		if log.err != nil {
			t.Fatalf("team %d: %v", team, log.err)
		}
		if len(log.frames) < 20 {
			t.Fatalf("team %d: only %d frames", team, len(log.frames))
		}
		for f, objs := range log.frames {
			for j, o := range objs {
				spec := sc.Objectives[slices.IndexFunc(sc.Objectives, func(s sim.ObjectiveSpec) bool { return s.ID == o.ID })]
				if spec.Known(team) {
					continue
				}
				if o.Value != sim.Unmeasured || o.Met {
					t.Fatalf("team %d frame %d: objective %s value %v met %v, want unmeasured", team, f, o.ID, o.Value, o.Met)
				}
				if f > 0 && j < len(log.frames[f-1]) && log.frames[f-1][j] != o {
					t.Fatalf("team %d: objective %s changed from %+v to %+v", team, o.ID, log.frames[f-1][j], o)
				}
			}
		}
		for _, ev := range log.events {
			spec := sc.Objectives[slices.IndexFunc(sc.Objectives, func(s sim.ObjectiveSpec) bool { return s.ID == ev })]
			if !spec.Known(team) {
				t.Errorf("team %d received the met/not-met event of %s, which it cannot know", team, ev)
			}
		}
		t.Log(fmt.Sprintf("team %d: %d frames, %d objective events", team, len(log.frames), len(log.events)))
	}
}
