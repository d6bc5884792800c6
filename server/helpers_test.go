package server_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/aar"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
	"github.com/paulmach/orb"
)

const token = "test-instructor-token-0123456789"

// scenario is the built-in the tests run: three teams (MIG, PONAL, GNB),
// two agreements with GNB and a manual comms outage (C5) on "trochas".
const scenario = "col-ven-cucuta-bridges"

// testScenario loads scenario, the built-in the tests run.
func testScenario(t *testing.T) *sim.Scenario {
	t.Helper()
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	return sc
}

// Team indexes of the scenario.
const (
	teamMIG   = 0
	teamPONAL = 1
	teamGNB   = 2
)

type testServer struct {
	*server.Server
	http *httptest.Server
	url  string // http://127.0.0.1:port
	ws   string // ws://127.0.0.1:port/ws
}

// smallBuffers makes accepted connections' kernel send buffers small, so
// that a client that stops reading backs up into the server's queue
// quickly.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(4096)
	}
	return c, err
}

func newServer(t *testing.T, cfg server.Config) *testServer {
	t.Helper()
	if cfg.InstructorToken == "" {
		cfg.InstructorToken = token
	}
	if cfg.Report == nil {
		cfg.Report = aar.Page
	}
	s := server.New(cfg)
	h := httptest.NewUnstartedServer(s.Handler())
	h.Listener = smallBuffers{h.Listener}
	h.Start()
	t.Cleanup(func() {
		s.Close()
		h.Close()
	})
	return &testServer{Server: s, http: h, url: h.URL, ws: "ws" + strings.TrimPrefix(h.URL, "http") + "/ws"}
}

// running returns the body of a POST /api/exercises with "paused": false
// unless it says "paused": the tests' exercises run from the start (the
// API's default is paused; TestCreatedPausedWaitsForTeams checks it).
func running(t *testing.T, body string) string {
	t.Helper()
	var req map[string]any
	if err := json.Unmarshal([]byte(body), &req); err != nil {
		t.Fatalf("create: body %s: %v", body, err)
	}
	if _, ok := req["paused"]; ok {
		return body
	}
	req["paused"] = false
	return jsonBody(req)
}

// withExercise starts a server with cfg and, through the API, a running
// exercise of the test scenario at speed (ticks per second), and returns
// the exercise's id and join codes.
func withExercise(t *testing.T, cfg server.Config, speed int) (ts *testServer, id string, codes map[string]string) {
	t.Helper()
	ts = newServer(t, cfg)
	id, codes, _ = ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": speed}))
	return ts, id, codes
}

// create makes an exercise through the API (running, see running) and
// returns its answer.
func (ts *testServer) create(t *testing.T, body string) (id string, codes map[string]string, seed uint64) {
	t.Helper()
	status, b := ts.post(t, "/api/exercises", token, running(t, body))
	if status != http.StatusCreated {
		t.Fatalf("POST /api/exercises: %d %s", status, b)
	}
	var r struct {
		ID    string            `json:"id"`
		Codes map[string]string `json:"codes"`
		Seed  uint64            `json:"seed"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r.ID, r.Codes, r.Seed
}

func (ts *testServer) post(t *testing.T, path, tok, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("POST", ts.url+path, strings.NewReader(body))
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	req.Header.Set("Content-Type", "application/json")
	return do(t, req)
}

func (ts *testServer) get(t *testing.T, path, tok string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", ts.url+path, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return do(t, req)
}

func do(t *testing.T, req *http.Request) (int, []byte) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// conn is a raw test client on a gorilla websocket.
type conn struct {
	t       *testing.T
	c       *websocket.Conn
	welcome *wire.Welcome
	mirror  wire.Mirror
	frames  int
	acks    []*wire.Ack
	chats   []*wire.Chat
	events  int

	presence *wire.Presence // the latest
}

func dial(t *testing.T, ts *testServer) *conn {
	t.Helper()
	d := websocket.Dialer{
		NetDial: func(network, addr string) (net.Conn, error) {
			c, err := net.Dial(network, addr)
			if tc, ok := c.(*net.TCPConn); ok {
				tc.SetReadBuffer(4096)
			}
			return c, err
		},
	}
	c, _, err := d.Dial(ts.ws, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &conn{t: t, c: c}
}

// join dials and says hello with code (and exercise id), and reads the
// Welcome and the first keyframe.
func join(t *testing.T, ts *testServer, code, exercise string) *conn {
	t.Helper()
	c := dial(t, ts)
	c.send(&wire.Hello{Version: wire.Version, Code: code, Exercise: exercise, Name: "tester"})
	m := c.read()
	w, ok := m.(*wire.Welcome)
	if !ok {
		t.Fatalf("after hello: got %T %+v, want welcome", m, m)
	}
	c.welcome = w
	c.next(func(m wire.Message) bool { _, ok := m.(*wire.Keyframe); return ok })
	return c
}

func (c *conn) send(m wire.Message) {
	c.t.Helper()
	c.sendRaw(websocket.BinaryMessage, wire.Encode(m))
}

func (c *conn) sendRaw(mt int, b []byte) {
	c.t.Helper()
	c.c.SetWriteDeadline(time.Now().Add(5 * time.Second))
	if err := c.c.WriteMessage(mt, b); err != nil {
		c.t.Fatal(err)
	}
}

// readErr reads one message, applying frames to the mirror.
func (c *conn) readErr(timeout time.Duration) (wire.Message, error) {
	c.c.SetReadDeadline(time.Now().Add(timeout))
	mt, b, err := c.c.ReadMessage()
	if err != nil {
		return nil, err
	}
	if mt != websocket.BinaryMessage {
		c.t.Fatalf("server sent a message of type %d", mt)
	}
	m, err := wire.Decode(b)
	if err != nil {
		c.t.Fatalf("server sent a malformed message: %v", err)
	}
	switch m := m.(type) {
	case *wire.Keyframe, *wire.Delta:
		if err := c.mirror.Apply(m); err != nil {
			c.t.Fatalf("applying %s: %v", m.Type(), err)
		}
		c.frames++
	case *wire.Ack:
		c.acks = append(c.acks, m)
	case *wire.Chat:
		c.chats = append(c.chats, m)
	case *wire.Events:
		c.events += len(m.Events)
	case *wire.Presence:
		c.presence = m
	}
	return m, nil
}

func (c *conn) read() wire.Message {
	c.t.Helper()
	m, err := c.readErr(10 * time.Second)
	if err != nil {
		c.t.Fatalf("read: %v", err)
	}
	return m
}

// next reads until pred holds for a message, and returns that message.
func (c *conn) next(pred func(wire.Message) bool) wire.Message {
	c.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := c.read(); pred(m) {
			return m
		}
	}
	c.t.Fatal("timed out waiting for a message")
	return nil
}

// ack waits for the Ack of command id.
func (c *conn) ack(id uint32) *wire.Ack {
	c.t.Helper()
	for _, a := range c.acks {
		if a.ID == id {
			return a
		}
	}
	m := c.next(func(m wire.Message) bool { a, ok := m.(*wire.Ack); return ok && a.ID == id })
	return m.(*wire.Ack)
}

// closed reads until the server closes the connection and returns the
// Error message it sent (nil if none) and the close frame's error.
func (c *conn) closed() (*wire.Error, *websocket.CloseError) {
	c.t.Helper()
	var werr *wire.Error
	for {
		c.c.SetReadDeadline(time.Now().Add(10 * time.Second))
		mt, b, err := c.c.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				return werr, ce
			}
			c.t.Fatalf("connection ended without a close frame: %v", err)
		}
		if mt == websocket.BinaryMessage && len(b) > 0 && b[0] == byte(wire.TypeError) {
			m, err := wire.Decode(b)
			if err != nil {
				c.t.Fatal(err)
			}
			werr = m.(*wire.Error)
		}
	}
}

func jsonBody(v any) string {
	var b bytes.Buffer
	json.NewEncoder(&b).Encode(v)
	return b.String()
}

// manualClock makes tickers that tick only when the test says so, so that
// a test knows exactly when an exercise may step or broadcast.
type manualClock struct {
	mu      sync.Mutex
	tickers []*manualTicker
}

type manualTicker struct {
	d       time.Duration
	c       chan time.Time
	stopped chan struct{}
	once    sync.Once
}

func (m *manualClock) NewTicker(d time.Duration) server.Ticker {
	t := &manualTicker{d: d, c: make(chan time.Time), stopped: make(chan struct{})}
	m.mu.Lock()
	m.tickers = append(m.tickers, t)
	m.mu.Unlock()
	return t
}

func (t *manualTicker) C() <-chan time.Time { return t.c }
func (t *manualTicker) Stop()               { t.once.Do(func() { close(t.stopped) }) }

// live returns the tickers of period d that are not stopped.
func (m *manualClock) live(d time.Duration) []*manualTicker {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []*manualTicker
	for _, t := range m.tickers {
		select {
		case <-t.stopped:
		default:
			if t.d == d {
				out = append(out, t)
			}
		}
	}
	return out
}

// fire ticks the one live ticker of period d, waiting until the exercise
// takes the tick; it fails the test if there is no such ticker.
func (m *manualClock) fire(t *testing.T, d time.Duration) {
	t.Helper()
	live := m.live(d)
	if len(live) != 1 {
		t.Fatalf("%d live tickers of %v, want 1", len(live), d)
	}
	select {
	case live[0].c <- time.Now():
	case <-live[0].stopped:
		t.Fatalf("the ticker of %v stopped before it ticked", d)
	case <-time.After(30 * time.Second): // a guard against a hang only
		t.Fatalf("the exercise did not take the tick of %v in 30 s", d)
	}
}

// metric returns the value of a metric without labels from /metrics.
func (ts *testServer) metric(t *testing.T, name string) string {
	t.Helper()
	_, b := ts.get(t, "/metrics", "")
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, name+" "); ok {
			return v
		}
	}
	return ""
}

// listed returns the exercise id as the server lists it, failing the test
// when there is none.
func (ts *testServer) listed(t *testing.T, id string) server.ExerciseInfo {
	t.Helper()
	x, ok := ts.Info(id)
	if !ok {
		t.Fatalf("no exercise %s", id)
	}
	return x
}

// recordingOf opens the recording of exercise id in the data directory
// dir.
func recordingOf(t *testing.T, dir, id string) *recording.Recording {
	t.Helper()
	rec, err := recording.Open(filepath.Join(dir, id+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// verify replays rec checking every checkpoint (replay --verify) and
// returns the World at its end.
func verify(t *testing.T, rec *recording.Recording) *sim.World {
	t.Helper()
	w, err := recording.Verify(rec)
	if err != nil {
		t.Fatalf("replay --verify: %v", err)
	}
	return w
}

// reviewOf builds the review of a recording with the default options.
func reviewOf(t *testing.T, rec *recording.Recording) *aar.Report {
	t.Helper()
	r, err := aar.Build(rec, aar.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// eventually waits until cond holds, failing after 20 s.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// recorded is an exercise of the default scenario on a server with a data
// directory, in which a PONAL unit was moved by dx, dy metres and the
// clock has run to tick at speed.
type recorded struct {
	ts    *testServer
	dir   string
	id    string
	codes map[string]string
	seed  uint64
	pon   *conn
}

func startRecorded(t *testing.T, speed int, dx, dy float64, tick int32) recorded {
	t.Helper()
	r := recorded{dir: t.TempDir()}
	r.ts = newServer(t, server.Config{InstructorToken: token, DataDir: r.dir, CheckpointEvery: 50})
	r.id, r.codes, r.seed = r.ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": speed}))
	r.pon = join(t, r.ts, r.codes["PONAL"], "")
	u := r.pon.mirror.View().Units[0]
	r.pon.send(&wire.Command{ID: 1, Kind: sim.CmdMove, Unit: u.ID, Target: orb.Point{u.Pos[0] + dx, u.Pos[1] + dy}})
	if a := r.pon.ack(1); !a.Accepted {
		t.Fatalf("move: %+v", a)
	}
	r.pon.next(func(wire.Message) bool { return r.pon.mirror.View().Tick >= tick })
	return r
}
