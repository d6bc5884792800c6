package sim_test

import (
	"math"
	"testing"

	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/paulmach/orb"
)

// portWorld builds an exercise of nothing but checkpoints on the col-ven
// map: one team, tick ts seconds, starting at midnight. Checkpoint i sits
// i·10 km east of the map's centre, so checkpoint 0's nearest neighbour is
// checkpoint 1, then 2.
func portWorld(t testing.TB, ts int, cps ...sim.CheckpointSpec) *sim.World {
	t.Helper()
	m, err := maps.Load("col-ven")
	if err != nil {
		t.Fatal(err)
	}
	c := m.Bound.Center()
	for i := range cps {
		cps[i].Pos = orb.Point{c[0] + float64(i)*10000, c[1]}
		if cps[i].Name == "" {
			cps[i].Name = string(rune('A' + i))
		}
	}
	sc := &sim.Scenario{
		Name: "ports", Map: m, TickSeconds: ts, Duration: 1 << 30,
		Teams:       []sim.TeamSpec{{ID: "MIG", Name: "Migración", Country: "COL", Base: c}, {ID: "SAIME", Name: "SAIME", Country: "VEN", Base: c}},
		Checkpoints: cps,
	}
	w, err := sim.New(sc, 11)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// run steps w for hours of simulated time.
func run(w *sim.World, ts int, hours float64) {
	for range int(hours * 3600 / float64(ts)) {
		w.Step(nil)
	}
}

// poissonZ is the z score of a Poisson count n against its mean mu.
func poissonZ(n int, mu float64) float64 { return (float64(n) - mu) / math.Sqrt(mu) }

// TestPortArrivals counts arrivals at 300, 3,000 and 60,000 an hour over
// enough hours for about 10^5 arrivals each (at 60,000/h, 83 a tick of
// 5 s), against the Poisson mean. The former law (whole-tick gaps of
// ⌊E/λ⌋+1 ticks) gave 2,030/h at 3,000/h: over 30 h, z ≈ −97; at 60,000/h
// it could not exceed 720/h.
func TestPortArrivals(t *testing.T) {
	const ts = 5
	for _, c := range []struct {
		perHour, hours float64
	}{{300, 300}, {3000, 30}, {60000, 2}} {
		t.Run(fmtRate(c.perHour), func(t *testing.T) {
			w := portWorld(t, ts, sim.CheckpointSpec{Open: true, Lanes: 1000, PerHour: c.perHour, ServiceTick: 1})
			run(w, ts, c.hours)
			got := w.Ports()[0].Arrived
			mu := c.perHour * c.hours
			z := poissonZ(got, mu)
			t.Logf("%v/h over %v h: %d arrivals, mean %v, z = %.2f", c.perHour, c.hours, got, mu, z)
			if math.Abs(z) > 4 {
				t.Errorf("%d arrivals, Poisson mean %v: z = %.2f", got, mu, z)
			}
		})
	}
}

func fmtRate(r float64) string {
	return map[float64]string{300: "300/h", 3000: "3000/h", 60000: "60000/h"}[r]
}

// erlangC is the probability that an arrival waits in an M/M/c queue with
// offered load a erlangs.
func erlangC(c int, a float64) float64 {
	term, sum := 1.0, 1.0 // a^k/k!, k = 0
	for k := 1; k < c; k++ {
		term *= a / float64(k)
		sum += term
	}
	top := term * a / float64(c) * float64(c) / (float64(c) - a) // a^c/c! · c/(c−a)
	return top / (sum + top)
}

// TestErlangC runs an M/M/4 checkpoint (180 arrivals an hour, exponential
// inspections of mean 60 s: a = 3 erlangs, ρ = 0.75) for 4,000 hours and
// compares the mean wait with Erlang C: C(4, 3) = 0.5094, Wq = C/(cμ − λ)
// = 0.5094/(4/60 − 1/20) s = 30.6 s. The confidence interval comes from 40
// batch means of 100 h (about 18,000 waits each; the wait's correlation
// time is minutes). The former model (deterministic 60 s service holding
// the lane) gives about half the wait: z ≪ −4.
func TestErlangC(t *testing.T) {
	if testing.Short() {
		t.Skip("4,000 simulated hours")
	}
	const ts, c, lambda, service = 5, 4, 180.0 / 3600, 60.0
	w := portWorld(t, ts, sim.CheckpointSpec{Open: true, Lanes: c, PerHour: lambda * 3600, ServiceTick: service / ts, SecondBays: 1})
	wq := erlangC(c, lambda*service) / (c/service - lambda)
	run(w, ts, 50) // warm up
	const batches, hours = 40, 100
	var means []float64
	prev := w.Ports()[0]
	for range batches {
		run(w, ts, hours)
		cur := w.Ports()[0]
		n := cur.Inspected - prev.Inspected
		sum := cur.MeanWait*float64(cur.Inspected) - prev.MeanWait*float64(prev.Inspected)
		means = append(means, sum/float64(n))
		prev = cur
	}
	var m, v float64
	for _, x := range means {
		m += x
	}
	m /= batches
	for _, x := range means {
		v += (x - m) * (x - m)
	}
	se := math.Sqrt(v / (batches - 1) / batches)
	z := (m - wq) / se
	t.Logf("mean wait %.2f s ± %.2f (batch means), Erlang C %.2f s: z = %.2f", m, se, wq, z)
	if math.Abs(z) > 4 {
		t.Errorf("mean wait %.2f s, Erlang C %.2f s: z = %.2f", m, wq, z)
	}
}

// TestDiversion runs three small exercises whose counts are worked out by
// hand (each a Poisson count, checked at |z| ≤ 4).
//
// freight only: a freight-only crossing A (100 cars, 20 pedestrians and 50
// trucks an hour) next to an open crossing B with none of its own. Over
// 200 h: A inspects only trucks, 50 × 200 = 10,000; B gets 90% of A's cars
// and pedestrians, 0.9 × 120 × 200 = 21,600; 10% of them,
// 0.1 × 120 × 200 = 2,400, cross irregularly instead.
//
// opening hours: A is open 06:00–22:00 with 100 cars an hour; B, 10 km
// away, is always open and has no traffic of its own. Over 48 h from
// midnight: A takes 100 × 16 × 2 = 3,200; B takes 90% of A's night
// traffic, 0.9 × 100 × 8 × 2 = 1,440; 0.1 × 1,600 = 160 cross irregularly.
// At 03:00 A is shut and has had no arrivals.
//
// closed: A is closed (200 cars and 100 pedestrians an hour); B, 10 km
// away, has no pedestrian lanes; C is 20 km away. Over 50 h: B gets
// 0.9 × 200 × 50 = 9,000 cars; C gets 0.9 × 100 × 50 = 4,500 pedestrians;
// 0.1 × 300 × 50 = 1,500 cross irregularly; A has no arrivals.
func TestDiversion(t *testing.T) {
	for _, c := range []struct {
		name  string
		ts    int
		hours float64
		cps   []sim.CheckpointSpec
		want  func(p []sim.PortFigures) []count
	}{
		{"freight only", 5, 200, []sim.CheckpointSpec{
			{Open: true, FreightOnly: true, Lanes: 4, PerHour: 100, Pedestrians: 20, PedLanes: 2, Freight: 50, FreightLane: 8},
			{Open: true, Lanes: 8, PedLanes: 2, FreightLane: 2}},
			func(p []sim.PortFigures) []count {
				return []count{{"A (freight only)", p[0].Arrived, 10000}, {"B (diverted)", p[1].Arrived, 21600}, {"irregular", p[0].Irregular, 2400}}
			}},
		{"opening hours", 10, 48, []sim.CheckpointSpec{
			{Open: true, Lanes: 4, PerHour: 100, OpenFrom: 6 * 3600, OpenTo: 22 * 3600},
			{Open: true, Lanes: 4}},
			func(p []sim.PortFigures) []count {
				return []count{{"A", p[0].Arrived, 3200}, {"B", p[1].Arrived, 1440}, {"irregular", p[0].Irregular, 160}}
			}},
		{"closed", 5, 50, []sim.CheckpointSpec{
			{Open: false, Lanes: 4, PerHour: 200, Pedestrians: 100, PedLanes: 4},
			{Open: true, Lanes: 8},
			{Open: true, Lanes: 2, PedLanes: 4}},
			func(p []sim.PortFigures) []count {
				return []count{{"A", p[0].Arrived, 0}, {"B cars", p[1].Arrived, 9000}, {"C pedestrians", p[2].Arrived, 4500}, {"irregular", p[0].Irregular, 1500}}
			}},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := portWorld(t, c.ts, c.cps...)
			run(w, c.ts, 3)
			if p := w.Ports()[0]; c.name == "opening hours" && (p.Open || p.Arrived != 0) {
				t.Errorf("at 03:00 A is open %v with %d arrivals; want shut and none", p.Open, p.Arrived)
			}
			run(w, c.ts, c.hours-3)
			byHand(t, c.want(w.Ports()))
		})
	}
}

// count is an observed count and the mean worked out by hand.
type count struct {
	what string
	got  int
	mu   float64
}

// byHand checks each count against its Poisson mean: |z| ≤ 4.
func byHand(t *testing.T, cs []count) {
	t.Helper()
	for _, c := range cs {
		if c.mu == 0 {
			if c.got != 0 {
				t.Errorf("%s: %d, want none", c.what, c.got)
			}
			continue
		}
		if z := poissonZ(c.got, c.mu); math.Abs(z) > 4 {
			t.Errorf("%s: %d, by hand %v: z = %.2f", c.what, c.got, c.mu, z)
		} else {
			t.Logf("%s: %d, by hand %v: z = %.2f", c.what, c.got, c.mu, z)
		}
	}
}

// answer steps w once with cmd and returns its answer: "" when accepted,
// else the rejection's reason.
func answer(t *testing.T, w *sim.World, cmd sim.Command) string {
	t.Helper()
	for _, e := range w.Step([]sim.Command{cmd}) {
		if e.CmdID != cmd.ID {
			continue
		}
		switch e.Kind {
		case sim.EvAccepted:
			return ""
		case sim.EvRejected:
			return e.Text
		}
	}
	t.Fatalf("command %d got no answer", cmd.ID)
	return ""
}

// TestPortOrders: the team operating a checkpoint opens and closes lanes
// within those installed, sets the referral share and closes and reopens
// the crossing; any other team, a lane count beyond the installed number
// and a share above 100% are rejected with their reason.
func TestPortOrders(t *testing.T) {
	const ts = 5
	w := portWorld(t, ts, sim.CheckpointSpec{Open: true, Lanes: 6, OpenLanes: 2, PerHour: 100}, sim.CheckpointSpec{Open: true, Lanes: 2})
	for _, c := range []struct {
		name string
		cmd  sim.Command
		want string
	}{
		{"other team", sim.Command{Team: 1, Kind: sim.CmdLanes, Index: 0, Count: 4}, sim.ReasonNotYourPort},
		{"no checkpoint", sim.Command{Team: 0, Kind: sim.CmdLanes, Index: 5, Count: 4}, sim.ReasonNoCheckpoint},
		{"more lanes than installed", sim.Command{Team: 0, Kind: sim.CmdLanes, Index: 0, Count: 7}, sim.ReasonBadLanes},
		{"no lanes", sim.Command{Team: 0, Kind: sim.CmdLanes, Index: 0, Count: 0}, sim.ReasonBadLanes},
		{"referral above 100%", sim.Command{Team: 0, Kind: sim.CmdReferral, Index: 0, Count: 101}, sim.ReasonBadReferral},
		{"open four lanes", sim.Command{Team: 0, Kind: sim.CmdLanes, Index: 0, Count: 4}, ""},
		{"refer 20%", sim.Command{Team: 0, Kind: sim.CmdReferral, Index: 0, Count: 20}, ""},
		{"close", sim.Command{Team: 0, Kind: sim.CmdCrossing, Index: 0}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			c.cmd.ID = 7
			if got := answer(t, w, c.cmd); got != c.want {
				t.Errorf("answer %q, want %q", got, c.want)
			}
		})
	}
	p := w.Ports()
	if p[0].OpenLanes[sim.StreamCar] != 4 || p[0].ReferShare != 0.2 || p[0].Open {
		t.Fatalf("after the orders: %d car lanes, referral %v, open %v; want 4, 0.2, closed", p[0].OpenLanes[sim.StreamCar], p[0].ReferShare, p[0].Open)
	}
	// Closed, A's cars go to B: over 20 h, 0.9 × 100 × 20 = 1,800 by hand.
	run(w, ts, 20)
	byHand(t, []count{{"A while closed", w.Ports()[0].Arrived, 0}, {"B", w.Ports()[1].Arrived, 1800}})
	if got := answer(t, w, sim.Command{ID: 8, Team: 0, Kind: sim.CmdCrossing, Index: 0, On: true}); got != "" || !w.Ports()[0].Open {
		t.Errorf("reopening: answer %q, open %v", got, w.Ports()[0].Open)
	}
}
