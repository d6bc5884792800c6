package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/wire"
	"github.com/coder/websocket"
)

// The load test with exercise control's roles (--evaluators N): the same
// scenario, seed and advance twice in one run, first with the trainees
// alone (the baseline), then with the trainees, N evaluators (each sending
// an observation every observeEvery) and the white cell; it prints both
// measurements and whether the roles kept the tick p99 and the bytes per
// trainee within rolesTolerance of the baseline.

// Load test with roles: constants.
const (
	observeEvery   = 5 * time.Second // between two observations of one evaluator
	rolesTolerance = 0.10            // the roles' figures may exceed the baseline's by this share
)

// rolesRun is what the roles comparison runs.
type rolesRun struct {
	token, scenario string
	speed           int
	seed            uint64
	advance         int32
	clients         int // trainees
	evaluators      int
	duration        time.Duration
	warmup, ramp    time.Duration
}

// phaseResult is one phase's measurement.
type phaseResult struct {
	stepP99     float64 // µs, the frames' StepMicros of trainee 0
	tickP99     float64 // seconds, the server histogram's bucket bound
	bcastP99    float64 // seconds, likewise, of the broadcasts
	ticks       int
	bytesP50    float64 // per trainee, B/s
	bytesP95    float64
	staffBytes  float64 // per evaluator or white cell, B/s, mean
	frameRate   float64 // frames/s per trainee
	lost        int
	cpuSeconds  float64
	observed    int // observations the evaluators sent
	elapsedSecs float64
}

// compareRoles runs the baseline phase and the roles phase and prints
// them side by side; it returns 1 when a figure is out of tolerance.
func (lt *loadtest) compareRoles(ctx context.Context, r rolesRun) int {
	var res [2]phaseResult
	for phase, roles := range []bool{false, true} {
		var err error
		if res[phase], err = lt.rolesPhase(ctx, r, roles); err != nil {
			fmt.Printf("borderdrill loadtest: %v\n", err)
			return 1
		}
	}
	b, x := res[0], res[1]
	fmt.Printf("\n%-44s %14s %14s %8s\n", "", "baseline", "with roles", "ratio")
	row := func(name string, a, c float64, unit func(float64) string) float64 {
		ratio := c / a
		fmt.Printf("%-44s %14s %14s %8.2f\n", name, unit(a), unit(c), ratio)
		return ratio
	}
	us := func(v float64) string { return fmtMicros(v) }
	bps := func(v float64) string { return fmt.Sprintf("%.0f B/s", v) }
	plain := func(v float64) string { return fmt.Sprintf("%.2f", v) }
	step := row("world step p99 (frames' StepMicros)", b.stepP99, x.stepP99, us)
	tick := row("tick p99 (server histogram bucket bound)", b.tickP99*1e6, x.tickP99*1e6, us)
	row("broadcast p99 (server histogram bucket bound)", b.bcastP99*1e6, x.bcastP99*1e6, us)
	bytes := row("bytes/s per trainee, p50", b.bytesP50, x.bytesP50, bps)
	row("bytes/s per trainee, p95", b.bytesP95, x.bytesP95, bps)
	row("frames/s per trainee", b.frameRate, x.frameRate, plain)
	row("server CPU seconds in the measurement", b.cpuSeconds, x.cpuSeconds, plain)
	fmt.Printf("with roles: %d evaluators and the white cell received %.0f B/s each on average; %d observations sent; clients lost %d / %d\n",
		r.evaluators, x.staffBytes, x.observed, b.lost, x.lost)
	ok := tick <= 1+rolesTolerance && bytes <= 1+rolesTolerance && b.lost == 0 && x.lost == 0
	fmt.Printf("within %.0f %% (tick p99 %.2f, bytes per trainee p50 %.2f; step p99 from frames %.2f, for information): %v\n",
		100*rolesTolerance, tick, bytes, step, ok)
	if !ok {
		return 1
	}
	return 0
}

// rolesPhase creates, advances and measures one exercise.
func (lt *loadtest) rolesPhase(ctx context.Context, r rolesRun, roles bool) (phaseResult, error) {
	var res phaseResult
	x, err := lt.create(ctx, r.token, r.scenario, r.speed, r.seed)
	if err != nil {
		return res, err
	}
	defer lt.stop(r.token, x.id)
	if r.advance > 0 {
		if err := lt.advance(ctx, r.token, x.id, r.advance, r.speed); err != nil {
			return res, err
		}
	}
	pctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	join := func(code string) (*ltClient, error) {
		c := &ltClient{code: code}
		if err := c.dial(pctx, lt.ws); err != nil {
			return nil, err
		}
		wg.Add(1)
		go func() { defer wg.Done(); c.read(pctx) }()
		return c, nil
	}
	trainees := make([]*ltClient, r.clients)
	start := time.Now()
	for i := range trainees {
		if trainees[i], err = join(x.codes[i%len(x.codes)]); err != nil {
			return res, fmt.Errorf("trainee %d: %w", i, err)
		}
		if pause := time.Until(start.Add(r.ramp * time.Duration(i+1) / time.Duration(r.clients))); pause > 0 {
			time.Sleep(pause)
		}
	}
	var staff []*ltClient
	var observed sync.WaitGroup
	var sent int64
	var sentMu sync.Mutex
	if roles {
		for i := range r.evaluators {
			code, err := lt.issue(ctx, x.id, x.control, "evaluator", fmt.Sprintf("loadtest %d", i+1))
			if err != nil {
				return res, err
			}
			c, err := join(code)
			if err != nil {
				return res, fmt.Errorf("evaluator %d: %w", i, err)
			}
			staff = append(staff, c)
			observed.Add(1)
			go func() {
				defer observed.Done()
				n := c.observe(pctx, x.teams)
				sentMu.Lock()
				sent += n
				sentMu.Unlock()
			}()
		}
		c, err := join(x.control)
		if err != nil {
			return res, fmt.Errorf("white cell: %w", err)
		}
		staff = append(staff, c)
	}
	what := "baseline: trainees only"
	if roles {
		what = fmt.Sprintf("with %d evaluators and the white cell", r.evaluators)
	}
	fmt.Printf("%s: %d trainees joined in %v\n", what, r.clients, time.Since(start).Round(time.Millisecond))
	time.Sleep(r.warmup)
	m0, err := lt.metrics(ctx)
	if err != nil {
		return res, err
	}
	for _, c := range append(trainees, staff...) {
		c.reset()
	}
	t0 := time.Now()
	time.Sleep(r.duration)
	m1, err := lt.metrics(ctx)
	if err != nil {
		return res, err
	}
	res.elapsedSecs = time.Since(t0).Seconds()
	var rates []float64
	frames := 0
	for i, c := range trainees {
		c.mu.Lock()
		if i == 0 {
			res.stepP99 = quantile(c.steps, 0.99)
		}
		rates = append(rates, float64(c.bytes)/res.elapsedSecs)
		frames += c.frames
		if c.err != nil {
			res.lost++
		}
		c.mu.Unlock()
	}
	for _, c := range staff {
		c.mu.Lock()
		res.staffBytes += float64(c.bytes) / res.elapsedSecs / float64(len(staff))
		if c.err != nil {
			res.lost++
		}
		c.mu.Unlock()
	}
	cancel()
	observed.Wait()
	res.observed = int(sent)
	res.bytesP50, res.bytesP95 = quantile(rates, 0.5), quantile(rates, 0.95)
	res.frameRate = float64(frames) / res.elapsedSecs / float64(r.clients)
	tick := m1.hist("borderdrill_tick_seconds").sub(m0.hist("borderdrill_tick_seconds"))
	res.tickP99, res.ticks = tick.quantile(0.99), int(tick.count)
	res.bcastP99 = m1.hist("borderdrill_broadcast_seconds").sub(m0.hist("borderdrill_broadcast_seconds")).quantile(0.99)
	res.cpuSeconds = m1.value("process_cpu_seconds_total") - m0.value("process_cpu_seconds_total")
	if math.IsNaN(res.stepP99) {
		return res, fmt.Errorf("%s: trainee 0 received no frame", what)
	}
	fmt.Printf("%s: step p99 %s, tick p99 ≤ %s (%d ticks), %.0f / %.0f B/s per trainee (p50/p95), %.1f frames/s, %d lost\n",
		what, fmtMicros(res.stepP99), fmtSeconds(res.tickP99), res.ticks, res.bytesP50, res.bytesP95, res.frameRate, res.lost)
	return res, nil
}

// observe sends an evaluator's observation of a team every observeEvery
// until ctx is done, and returns how many it sent.
func (c *ltClient) observe(ctx context.Context, teams []string) int64 {
	t := time.NewTicker(observeEvery)
	defer t.Stop()
	var n int64
	for {
		select {
		case <-ctx.Done():
			return n
		case <-t.C:
		}
		o := &wire.Observation{ID: uint32(n + 1), Subject: wire.SubjectTeam, Ref: teams[int(n)%len(teams)],
			Rating: wire.Rating(1 + n%4), Text: "load test observation"}
		if err := c.conn.Write(ctx, websocket.MessageBinary, wire.Encode(o)); err != nil {
			return n
		}
		n++
	}
}

// issue asks the server for a new code of the exercise, with its control
// code.
func (lt *loadtest) issue(ctx context.Context, id, control, role, label string) (string, error) {
	body, _ := json.Marshal(map[string]string{"role": role, "label": label})
	req, _ := http.NewRequestWithContext(ctx, "POST", lt.base+"/api/exercises/"+id+"/codes", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+control)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("issuing an %s code: %s: %s", role, resp.Status, b)
	}
	var c struct {
		Code string `json:"code"`
	}
	return c.Code, json.Unmarshal(b, &c)
}

// stop stops an exercise (DELETE /api/exercises/{id}), so that the next
// phase has the server to itself.
func (lt *loadtest) stop(token, id string) {
	req, _ := http.NewRequest("DELETE", lt.base+"/api/exercises/"+id, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	if resp, err := http.DefaultClient.Do(req); err == nil {
		resp.Body.Close()
	}
}
