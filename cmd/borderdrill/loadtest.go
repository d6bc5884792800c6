package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/coder/websocket"
)

// loadtestMain connects many real websocket clients to one exercise and
// reports what the server achieved:
//
//	borderdrill loadtest --url URL --code CODE[,CODE...] --clients N --duration D
//	borderdrill loadtest --url URL --token T --scenario NAME [--speed 10] --clients N --duration D
//
// The second form creates the exercise first and spreads the clients over
// its teams. It prints the world step time (p50/p99, from the StepMicros
// the server stamps in every frame, and the server's
// borderdrill_tick_seconds histogram), the broadcast time, the delivery
// latency (p50/p99: receive time minus the send time stamped in frames;
// client and server must share a clock, e.g. run on one machine), bytes
// per second per client (p50/p95) and the server's heap per client (from
// go_memstats_heap_inuse_bytes before and after the clients joined).
func loadtestMain(args []string) int {
	fs := newFlags("loadtest", "--url URL (--code CODE[,CODE...] | --token T --scenario NAME [--speed N]) --clients N --duration D", os.Stderr)
	base := fs.String("url", "http://127.0.0.1:8080", "server base URL")
	codes := fs.String("code", "", "join code(s), comma-separated; clients are spread over them")
	token := fs.String("token", "", "instructor token, to create the exercise with --scenario")
	scenario := fs.String("scenario", "", "with --token: built-in scenario of the exercise to create")
	speed := fs.Int("speed", 10, "with --scenario: ticks per wall-clock second")
	clients := fs.Int("clients", 200, "number of websocket clients")
	duration := fs.Duration("duration", 30*time.Second, "measurement time, after all clients have joined and the warm-up")
	warmup := fs.Duration("warmup", 3*time.Second, "time between the last join and the start of the measurement")
	ramp := fs.Duration("ramp", 5*time.Second, "time over which the clients join")
	advance := fs.Int("advance", 0, "with --scenario: first run the exercise at speed 1000 to this tick, so that the load is measured in a busy phase")
	evaluators := fs.Int("evaluators", 0, "with --scenario: also join this many evaluators and the white cell, and measure against a baseline without them in the same run (loadroles.go)")
	seed := fs.Uint64("seed", 0, "with --scenario: the exercise's seed (0: random; --evaluators takes 1 unless given)")
	if code := parseFlags(fs, args); code >= 0 {
		return code
	}
	if *clients < 1 || (*codes == "") == (*scenario == "") {
		fs.Usage()
		return 2
	}
	lt := &loadtest{base: strings.TrimSuffix(*base, "/")}
	var err error
	lt.ws, err = wire.SocketURL(lt.base)
	if err != nil {
		fmt.Fprintf(os.Stderr, "borderdrill loadtest: %v\n", err)
		return 2
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if *evaluators > 0 {
		if *scenario == "" || *token == "" {
			fs.Usage()
			return 2
		}
		return lt.compareRoles(ctx, rolesRun{token: *token, scenario: *scenario, speed: *speed, seed: max(*seed, 1),
			advance: int32(*advance), clients: *clients, evaluators: *evaluators, duration: *duration, warmup: *warmup, ramp: *ramp})
	}

	heap0, err := lt.metrics(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "borderdrill loadtest: %v\n", err)
		return 1
	}
	var list []string
	if *scenario != "" {
		var id string
		var x ltExercise
		x, err = lt.create(ctx, *token, *scenario, *speed, *seed)
		id, list = x.id, x.codes
		if err == nil && *advance > 0 {
			err = lt.advance(ctx, *token, id, int32(*advance), *speed)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill loadtest: %v\n", err)
			return 1
		}
		time.Sleep(time.Second)
		if heap0, err = lt.metrics(ctx); err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill loadtest: %v\n", err)
			return 1
		}
	} else {
		list = strings.Split(*codes, ",")
	}

	// Join.
	start := time.Now()
	lt.clients = make([]*ltClient, *clients)
	var wg sync.WaitGroup
	for i := range lt.clients {
		c := &ltClient{code: list[i%len(list)]}
		lt.clients[i] = c
		if err := c.dial(ctx, lt.ws); err != nil {
			fmt.Fprintf(os.Stderr, "borderdrill loadtest: client %d: %v\n", i, err)
			return 1
		}
		wg.Add(1)
		go func() { defer wg.Done(); c.read(ctx) }()
		if pause := time.Until(start.Add(*ramp * time.Duration(i+1) / time.Duration(*clients))); pause > 0 {
			time.Sleep(pause)
		}
	}
	fmt.Printf("joined %d clients in %v\n", *clients, time.Since(start).Round(time.Millisecond))
	time.Sleep(*warmup)

	// Measure.
	m0, err := lt.metrics(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "borderdrill loadtest: %v\n", err)
		return 1
	}
	for _, c := range lt.clients {
		c.reset()
	}
	t0 := time.Now()
	time.Sleep(*duration)
	m1, err := lt.metrics(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "borderdrill loadtest: %v\n", err)
		return 1
	}
	elapsed := time.Since(t0).Seconds()
	var steps, lat []float64
	var rates []float64
	frames, failed := 0, 0
	for i, c := range lt.clients {
		c.mu.Lock()
		if i == 0 {
			steps = slices.Clone(c.steps)
		}
		lat = append(lat, c.lat...)
		rates = append(rates, float64(c.bytes)/elapsed)
		frames += c.frames
		if c.err != nil {
			failed++
		}
		c.mu.Unlock()
	}
	cancel()
	wg.Wait()

	fmt.Printf("measured %.1f s: %d frames to %d clients (%.1f frames/s per client), %d clients lost\n",
		elapsed, frames, *clients, float64(frames)/elapsed/float64(*clients), failed)
	fmt.Printf("world step (frames' StepMicros, client 0): p50 %s  p99 %s  max %s\n",
		fmtMicros(quantile(steps, 0.5)), fmtMicros(quantile(steps, 0.99)), fmtMicros(quantile(steps, 1)))
	tick := m1.hist("borderdrill_tick_seconds").sub(m0.hist("borderdrill_tick_seconds"))
	bc := m1.hist("borderdrill_broadcast_seconds").sub(m0.hist("borderdrill_broadcast_seconds"))
	fmt.Printf("tick (server histogram, bucket upper bounds): p50 ≤ %s  p99 ≤ %s  (%d ticks)\n",
		fmtSeconds(tick.quantile(0.5)), fmtSeconds(tick.quantile(0.99)), int(tick.count))
	fmt.Printf("broadcast (server histogram): p50 ≤ %s  p99 ≤ %s  (%d broadcasts)\n",
		fmtSeconds(bc.quantile(0.5)), fmtSeconds(bc.quantile(0.99)), int(bc.count))
	fmt.Printf("delivery latency: p50 %s  p99 %s\n", fmtMicros(quantile(lat, 0.5)), fmtMicros(quantile(lat, 0.99)))
	fmt.Printf("bytes/s per client: p50 %.0f  p95 %.0f  (server sent %.0f B/s in all)\n",
		quantile(rates, 0.5), quantile(rates, 0.95), (m1.value("borderdrill_bytes_sent_total")-m0.value("borderdrill_bytes_sent_total"))/elapsed)
	heap := m0.value("go_memstats_heap_inuse_bytes")
	note := "after a forced GC"
	if !lt.gc {
		note = "without a forced GC (run serve with --pprof for exact figures)"
	}
	fmt.Printf("server heap in use (%s): %.1f MiB before joining, %.1f MiB with %d clients: %.1f KiB per client\n",
		note, heap0.value("go_memstats_heap_inuse_bytes")/(1<<20), heap/(1<<20), *clients,
		(heap-heap0.value("go_memstats_heap_inuse_bytes"))/float64(*clients)/1024)
	stack := m0.value("go_memstats_stack_inuse_bytes") - heap0.value("go_memstats_stack_inuse_bytes")
	fmt.Printf("server goroutine stacks: %.1f KiB per client (not in the heap figure)\n", stack/float64(*clients)/1024)
	fmt.Printf("server goroutines %.0f, CPU %.2f s over the measurement (%.0f%% of one core)\n",
		m1.value("go_goroutines"), m1.value("process_cpu_seconds_total")-m0.value("process_cpu_seconds_total"),
		100*(m1.value("process_cpu_seconds_total")-m0.value("process_cpu_seconds_total"))/elapsed)
	return 0
}

type loadtest struct {
	gc      bool // the server collects garbage before each scrape (serve --pprof)
	base    string
	ws      string
	clients []*ltClient
}

// ltExercise is an exercise the load test created: its id, team codes and
// ids (in the same order) and control code.
type ltExercise struct {
	id      string
	codes   []string
	teams   []string
	control string
}

// create makes the exercise through the API (seed 0: a random one).
func (lt *loadtest) create(ctx context.Context, token, scenario string, speed int, seed uint64) (ltExercise, error) {
	body, _ := json.Marshal(map[string]any{"scenario": scenario, "speed": speed, "seed": seed, "paused": false})
	req, _ := http.NewRequestWithContext(ctx, "POST", lt.base+"/api/exercises", strings.NewReader(string(body)))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return ltExercise{}, err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusCreated {
		return ltExercise{}, fmt.Errorf("creating the exercise: %s: %s", resp.Status, b)
	}
	var r struct {
		ID      string            `json:"id"`
		Codes   map[string]string `json:"codes"`
		Control string            `json:"control"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return ltExercise{}, err
	}
	x := ltExercise{id: r.ID, control: r.Control}
	for team := range r.Codes {
		if team != "observer" {
			x.teams = append(x.teams, team)
		}
	}
	slices.Sort(x.teams)
	for _, team := range x.teams {
		x.codes = append(x.codes, r.Codes[team])
	}
	fmt.Printf("created exercise %s (%s, speed %d) with %d teams\n", r.ID, scenario, speed, len(x.codes))
	return x, nil
}

// advance joins as the instructor, runs the exercise at speed 1000 until
// tick, then sets speed.
func (lt *loadtest) advance(ctx context.Context, token, id string, tick int32, speed int) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	conn, _, err := websocket.Dial(ctx, lt.ws, nil)
	if err != nil {
		return err
	}
	defer conn.CloseNow()
	conn.SetReadLimit(16 << 20)
	send := func(m wire.Message) error { return conn.Write(ctx, websocket.MessageBinary, wire.Encode(m)) }
	if err := send(&wire.Hello{Version: wire.Version, Code: token, Exercise: id, Name: "loadtest"}); err != nil {
		return err
	}
	if err := send(&wire.Command{ID: 1, Kind: sim.CmdSpeed, Speed: 1000}); err != nil {
		return err
	}
	start := time.Now()
	for {
		_, b, err := conn.Read(ctx)
		if err != nil {
			return err
		}
		m, err := wire.Decode(b)
		if err != nil {
			return err
		}
		var t int32
		switch m := m.(type) {
		case *wire.Keyframe:
			t = m.View.Tick
		case *wire.Delta:
			t = m.Tick
		case *wire.Error:
			return errors.New(m.Reason)
		default:
			continue
		}
		if t >= tick {
			break
		}
	}
	if err := send(&wire.Command{ID: 2, Kind: sim.CmdSpeed, Speed: speed}); err != nil {
		return err
	}
	fmt.Printf("advanced to tick %d in %v\n", tick, time.Since(start).Round(time.Millisecond))
	conn.Close(websocket.StatusNormalClosure, "")
	return nil
}

// ltClient is one load-test client: it reads everything, counts bytes and
// measures latency from the frames' send times.
type ltClient struct {
	code string
	conn *websocket.Conn

	mu     sync.Mutex // guards the fields below
	bytes  int64
	frames int
	lat    []float64 // µs
	steps  []float64 // µs
	err    error
}

func (c *ltClient) dial(ctx context.Context, ws string) error {
	dctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(dctx, ws, nil)
	if err != nil {
		return err
	}
	conn.SetReadLimit(16 << 20)
	c.conn = conn
	return conn.Write(dctx, websocket.MessageBinary, wire.Encode(&wire.Hello{Version: wire.Version, Code: c.code, Name: "loadtest"}))
}

func (c *ltClient) read(ctx context.Context) {
	defer c.conn.CloseNow()
	for {
		_, b, err := c.conn.Read(ctx)
		now := time.Now().UnixMicro()
		if err != nil {
			if ctx.Err() == nil {
				c.mu.Lock()
				c.err = err
				c.mu.Unlock()
			}
			return
		}
		m, err := wire.Decode(b)
		c.mu.Lock()
		c.bytes += int64(len(b))
		if err == nil {
			var f *wire.Frame
			switch m := m.(type) {
			case *wire.Keyframe:
				f = &m.Frame
			case *wire.Delta:
				f = &m.Frame
			case *wire.Error:
				c.err = errors.New(m.Reason)
			}
			if f != nil {
				c.frames++
				c.lat = append(c.lat, float64(now-f.Sent))
				c.steps = append(c.steps, float64(f.StepMicros))
			}
		}
		c.mu.Unlock()
	}
}

func (c *ltClient) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bytes, c.frames, c.lat, c.steps = 0, 0, c.lat[:0], c.steps[:0]
}

func quantile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	i := int(math.Ceil(q*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func fmtMicros(us float64) string {
	if math.IsNaN(us) {
		return "n/a"
	}
	return (time.Duration(us) * time.Microsecond).String()
}

func fmtSeconds(s float64) string {
	if math.IsInf(s, 1) {
		return "+Inf"
	}
	if math.IsNaN(s) {
		return "n/a"
	}
	return time.Duration(s * float64(time.Second)).String()
}

// promSample is a scrape of /metrics: plain samples by name (with labels).
type promSample map[string]float64

func (lt *loadtest) metrics(ctx context.Context) (promSample, error) {
	// A server run with --pprof collects garbage first when asked for a
	// heap profile, which makes the heap figures exact.
	if req, err := http.NewRequestWithContext(ctx, "GET", lt.base+"/debug/pprof/heap?gc=1", nil); err == nil {
		if resp, err := http.DefaultClient.Do(req); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			lt.gc = resp.StatusCode == http.StatusOK
		}
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", lt.base+"/metrics", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("/metrics: %s", resp.Status)
	}
	m := promSample{}
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == '#' {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		if i < 0 {
			continue
		}
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			continue
		}
		m[line[:i]] = v
	}
	return m, sc.Err()
}

func (m promSample) value(name string) float64 { return m[name] }

// histogram is a Prometheus histogram's cumulative buckets.
type histogram struct {
	le     []float64
	counts []float64
	count  float64
}

func (m promSample) hist(name string) histogram {
	var h histogram
	prefix := name + `_bucket{le="`
	type bucket struct{ le, n float64 }
	var bs []bucket
	for k, v := range m {
		rest, ok := strings.CutPrefix(k, prefix)
		if !ok {
			continue
		}
		le, err := strconv.ParseFloat(strings.TrimSuffix(rest, `"}`), 64)
		if err != nil {
			continue
		}
		bs = append(bs, bucket{le, v})
	}
	slices.SortFunc(bs, func(a, b bucket) int {
		switch {
		case a.le < b.le:
			return -1
		case a.le > b.le:
			return 1
		}
		return 0
	})
	for _, b := range bs {
		h.le = append(h.le, b.le)
		h.counts = append(h.counts, b.n)
	}
	h.count = m[name+"_count"]
	return h
}

func (h histogram) sub(o histogram) histogram {
	out := histogram{le: h.le, count: h.count - o.count}
	for i := range h.counts {
		c := h.counts[i]
		if i < len(o.counts) {
			c -= o.counts[i]
		}
		out.counts = append(out.counts, c)
	}
	return out
}

// quantile returns the upper bound of the bucket holding quantile q.
func (h histogram) quantile(q float64) float64 {
	if h.count <= 0 {
		return math.NaN()
	}
	want := q * h.count
	for i, c := range h.counts {
		if c >= want {
			return h.le[i]
		}
	}
	return math.Inf(1)
}
