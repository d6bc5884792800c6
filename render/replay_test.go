package render_test

import (
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/exercise"
	"github.com/borderdrill/borderdrill/render"
	"github.com/borderdrill/borderdrill/sim"
)

func TestReplayTimelineKeys(t *testing.T) {
	r, err := exercise.OpenReplay("../recording/testdata/v1-fin-rus.jsonl", 0)
	if err != nil {
		t.Fatal(err)
	}
	g, err := render.New(r, render.Options{Width: 800, Height: 600, NoCard: true})
	if err != nil {
		t.Fatal(err)
	}
	step := int32(client.SeekStep / r.Info().TickSeconds)
	g.Step(client.Input{Keys: []client.Key{client.KeyBracketRight}})
	if r.Tick() != step {
		t.Fatalf("] went to tick %d, want %d", r.Tick(), step)
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyEnd}})
	if r.Tick() != r.Duration() {
		t.Fatalf("End went to %d, want %d", r.Tick(), r.Duration())
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyBracketLeft}})
	if r.Tick() != r.Duration()-step {
		t.Fatalf("[ went to %d, want %d", r.Tick(), r.Duration()-step)
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyHome}})
	if r.Tick() != 0 {
		t.Fatalf("Home went to %d", r.Tick())
	}
	// A click in the middle of the bar seeks to the middle.
	x0, y0, x1, y1, ok := g.TimelineBar()
	if !ok || x0 < 100 || x1 > 800 || y1 > 600-24 {
		t.Fatalf("timeline bar at %v,%v–%v,%v (%v): want it between the clock and the right edge, above the bottom strip", x0, y0, x1, y1, ok)
	}
	g.Step(client.Input{X: (x0 + x1) / 2, Y: (y0 + y1) / 2, Left: client.Button{Down: true, Pressed: true}})
	if mid := r.Duration() / 2; r.Tick() < mid-100 || r.Tick() > mid+100 {
		t.Fatalf("click at the middle went to %d, want about %d", r.Tick(), mid)
	}
	at := r.Tick()
	// N asks first: nothing branches until N comes again (Esc says no).
	g.Step(client.Input{Keys: []client.Key{client.KeyN}})
	if g.Branching() || g.Confirming() != "branch" {
		t.Fatalf("after one N: branching %v, confirming %q; want a question and no branch", g.Branching(), g.Confirming())
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyEscape}})
	if g.Branching() || g.Confirming() != "" {
		t.Fatalf("after N, Esc: branching %v, confirming %q; want neither", g.Branching(), g.Confirming())
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyN}})
	g.Step(client.Input{Keys: []client.Key{client.KeyN}})
	if !g.Branching() && g.Controller().Team != 0 {
		t.Fatal("N, N did not branch")
	}
	for deadline := time.Now().Add(10 * time.Second); g.Branching(); {
		if time.Now().After(deadline) {
			t.Fatal("the branch did not finish")
		}
		time.Sleep(5 * time.Millisecond)
		g.Step(client.Input{})
	}
	if g.View() == nil || g.Controller().Team != 0 {
		t.Fatalf("after branching: controller team %d", g.Controller().Team)
	}
	g.Step(client.Input{})
	if v := g.View(); v == nil || v.Tick < at {
		t.Fatalf("after branching the view is at tick %v, want >= %d", v, at)
	}
}

// TestReplayMarkKeys jumps along the timeline marks with . and , : each
// lands half a minute before a mark, so that it is seen happening.
func TestReplayMarkKeys(t *testing.T) {
	r, err := exercise.OpenReplay("../recording/testdata/v1-fin-rus.jsonl", sim.Instructor)
	if err != nil {
		t.Fatal(err)
	}
	g, err := render.New(r, render.Options{Width: 800, Height: 600, NoCard: true})
	if err != nil {
		t.Fatal(err)
	}
	var marks []sim.Event
	for deadline := time.Now().Add(10 * time.Second); marks == nil; time.Sleep(5 * time.Millisecond) {
		if marks = r.Marks(); time.Now().After(deadline) {
			t.Fatal("no marks")
		}
	}
	// The distinct jump targets after tick 0, in order.
	var targets []int32
	for _, m := range marks {
		if tt := max(m.Tick-30, 0); tt > 0 && (len(targets) == 0 || tt > targets[len(targets)-1]) {
			targets = append(targets, tt)
		}
	}
	if len(targets) < 2 {
		t.Fatalf("%d marks, %d jump targets: the recording should have more", len(marks), len(targets))
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyPeriod}})
	if r.Tick() != targets[0] {
		t.Fatalf(". from the start went to %d, want %d", r.Tick(), targets[0])
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyPeriod}})
	if r.Tick() != targets[1] {
		t.Fatalf(". again went to %d, want %d", r.Tick(), targets[1])
	}
	g.Step(client.Input{Keys: []client.Key{client.KeyComma}})
	if r.Tick() != targets[0] {
		t.Fatalf(", went to %d, want %d", r.Tick(), targets[0])
	}
	// Past the last mark, . stays.
	g.Step(client.Input{Keys: []client.Key{client.KeyEnd}})
	g.Step(client.Input{Keys: []client.Key{client.KeyPeriod}})
	if r.Tick() != r.Duration() {
		t.Fatalf(". after the last mark went to %d", r.Tick())
	}
}
