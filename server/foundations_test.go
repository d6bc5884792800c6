package server_test

import (
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/internal/drilltest"
	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/scenarios"
	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// TestPausedMeansNoTick drives an exercise's clock by hand: a paused
// exercise has no step ticker at all, so it cannot advance; a running one
// advances exactly one tick per tick of its clock.
func TestPausedMeansNoTick(t *testing.T) {
	clock := &manualClock{}
	const broadcast = time.Hour // only when the test fires it
	ts := newServer(t, server.Config{NewTicker: clock.NewTicker, Broadcast: broadcast})
	sc, err := scenarios.Builtin(scenario)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ts.NewExercise(sc, server.ExerciseOptions{Speed: 100, Paused: true})
	if err != nil {
		t.Fatal(err)
	}
	const period = time.Second / 100
	tickOf := func() int32 {
		for _, x := range ts.Exercises() {
			if x.ID == info.ID {
				return x.Tick
			}
		}
		t.Fatal("no exercise")
		return 0
	}
	control := func(ctl server.Control) {
		t.Helper()
		if err := ts.ControlExercise(info.ID, ctl); err != nil {
			t.Fatal(err)
		}
	}
	paused, running, speed := true, false, 100

	control(server.Control{Speed: &speed}) // returns once the loop has taken it
	if n := len(clock.live(period)); n != 0 {
		t.Fatalf("a paused exercise has %d step tickers", n)
	}
	ins := join(t, ts, token, info.ID)
	if v := ins.mirror.View(); !v.Paused || v.Tick != 0 {
		t.Fatalf("first view: paused %v at tick %d", v.Paused, v.Tick)
	}

	control(server.Control{Paused: &running})
	t0 := tickOf()
	for range 5 {
		clock.fire(t, period)
	}
	eventually(t, "five ticks", func() bool { return tickOf() == t0+5 })

	control(server.Control{Paused: &paused})
	if n := len(clock.live(period)); n != 0 {
		t.Fatalf("the paused exercise still has %d step tickers", n)
	}
	stood := tickOf()
	clock.fire(t, broadcast)
	ins.next(func(wire.Message) bool { v := ins.mirror.View(); return v.Paused && v.Tick == stood })
}

// TestEveryCommandAnswered sends a burst of 5,000 commands back to back
// from one trainee and checks that each gets exactly one answer (accepted,
// rejected or refused), and that the accepted ones, and only they, are
// recorded.
func TestEveryCommandAnswered(t *testing.T) {
	dir := t.TempDir()
	ts := newServer(t, server.Config{DataDir: dir, CheckpointEvery: 50})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 50}))
	pon := join(t, ts, codes["PONAL"], "")
	u := pon.mirror.View().Units[0]
	const n = 5000
	sent := make(chan error, 1)
	go func() {
		for i := range n {
			pon.c.SetWriteDeadline(time.Now().Add(20 * time.Second))
			if err := pon.c.WriteMessage(websocket.BinaryMessage, wire.Encode(&wire.Command{ID: uint32(i + 1), Kind: sim.CmdHold, Unit: u.ID})); err != nil {
				sent <- err
				return
			}
		}
		sent <- nil
	}()
	answers := map[uint32]*wire.Ack{}
	reasons := map[string]int{}
	deadline := time.Now().Add(60 * time.Second)
	for len(answers) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d answers to %d commands after a minute", len(answers), n)
		}
		m, err := pon.readErr(20 * time.Second)
		if err != nil {
			t.Fatalf("after %d answers: %v", len(answers), err)
		}
		a, ok := m.(*wire.Ack)
		if !ok {
			continue
		}
		if a.ID < 1 || a.ID > n || answers[a.ID] != nil {
			t.Fatalf("answer %+v: unknown or answered twice", a)
		}
		answers[a.ID] = a
		if a.Accepted {
			reasons["accepted"]++
		} else {
			reasons[a.Reason]++
		}
	}
	if err := <-sent; err != nil {
		t.Fatal(err)
	}
	t.Logf("answers: %v", reasons)
	if reasons["accepted"] == 0 {
		t.Error("no command was accepted")
	}
	ts.StopExercise(id)
	rec, err := recording.Open(dir + "/" + id + ".jsonl")
	if err != nil {
		t.Fatal(err)
	}
	holds := 0
	for _, b := range rec.Batches {
		for _, c := range b.Cmds {
			if c.Kind == sim.CmdHold && c.Team == teamPONAL {
				holds++
			}
		}
	}
	if holds != reasons["accepted"] {
		t.Errorf("%d holds recorded, %d accepted", holds, reasons["accepted"])
	}
}

// TestDroppedChatReported floods the team channel towards a teammate
// whose queue is small: every line the teammate does not receive is
// reported to the sender.
func TestDroppedChatReported(t *testing.T) {
	ts := newServer(t, server.Config{SendQueue: 4})
	_, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 10}))
	from := join(t, ts, codes["PONAL"], "")
	to := join(t, ts, codes["PONAL"], "")
	const n = 2000
	var mu sync.Mutex
	got, reported := map[string]bool{}, map[string]bool{}
	read := func(c *conn, into map[string]bool, server bool) {
		for {
			c.c.SetReadDeadline(time.Now().Add(30 * time.Second))
			_, b, err := c.c.ReadMessage()
			if err != nil {
				return
			}
			m, err := wire.Decode(b)
			if err != nil {
				return
			}
			ch, ok := m.(*wire.Chat)
			if !ok || (ch.From == "server") != server {
				continue
			}
			text := ch.Text
			if server {
				q := text[strings.LastIndex(text, ": ")+2:]
				if text, err = strconv.Unquote(q); err != nil {
					t.Errorf("notice %q does not quote the line", ch.Text)
					continue
				}
			}
			mu.Lock()
			into[text] = true
			mu.Unlock()
		}
	}
	go read(to, got, false)
	go read(from, reported, true)
	for i := range n {
		from.c.SetWriteDeadline(time.Now().Add(20 * time.Second))
		if err := from.c.WriteMessage(websocket.BinaryMessage, wire.Encode(&wire.Chat{Channel: wire.ChanTeam, Text: "line " + strconv.Itoa(i)})); err != nil {
			t.Fatal(err)
		}
	}
	missing := func() []string {
		mu.Lock()
		defer mu.Unlock()
		var out []string
		for i := range n {
			if s := "line " + strconv.Itoa(i); !got[s] && !reported[s] {
				out = append(out, s)
			}
		}
		return out
	}
	deadline := time.Now().Add(20 * time.Second)
	for len(missing()) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if m := missing(); len(m) > 0 {
		t.Errorf("%d lines neither received nor reported, e.g. %q", len(m), m[0])
	}
	mu.Lock()
	defer mu.Unlock()
	t.Logf("%d received, %d reported", len(got), len(reported))
	if len(got) == n {
		t.Log("no line was dropped: the test saw nothing to report")
	}
}

// TestStalledClientClosedWithReason stops reading on one connection: the
// server drops it as too slow, counts and logs it, and when the client
// reads again it finds the Error message and the close frame; the other
// client goes on.
func TestStalledClientClosedWithReason(t *testing.T) {
	logs := &drilltest.Buffer{}
	ts := newServer(t, server.Config{MaxLag: 5, SendQueue: 8, Broadcast: 20 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	id, codes, _ := ts.create(t, jsonBody(map[string]any{"scenario": scenario, "speed": 1000}))
	stalled := join(t, ts, token, id) // ground truth: the largest frames
	good := join(t, ts, codes["MIG"], "")
	goodErr := make(chan error, 1)
	go func() {
		for {
			if _, err := good.readErr(10 * time.Second); err != nil {
				goodErr <- err
				return
			}
		}
	}()
	eventually(t, "the stalled client to be dropped", func() bool { return ts.metric(t, "borderdrill_clients_dropped_total") == "1" })
	werr, ce := stalled.closed()
	if ce.Code != websocket.ClosePolicyViolation || !strings.HasPrefix(ce.Text, "too slow") {
		t.Errorf("close frame %d %q, want 1008 too slow", ce.Code, ce.Text)
	}
	if werr == nil || werr.Reason != ce.Text {
		t.Errorf("error message %+v, want the close reason", werr)
	}
	if !strings.Contains(logs.String(), "too slow") {
		t.Errorf("the log does not say too slow:\n%s", logs.String())
	}
	if v := ts.metric(t, "borderdrill_clients"); v != "1" {
		t.Errorf("borderdrill_clients %s after the drop, want 1", v)
	}
	select {
	case err := <-goodErr:
		t.Errorf("the other client: %v", err)
	default:
	}
}

// TestHelloTimeout opens a websocket and says nothing: the server closes
// it with a reason once the Hello is late.
func TestHelloTimeout(t *testing.T) {
	ts := newServer(t, server.Config{HelloWait: 200 * time.Millisecond})
	c := dial(t, ts)
	werr, ce := c.closed()
	if ce.Code != websocket.ClosePolicyViolation || !strings.Contains(ce.Text, "hello") {
		t.Errorf("close frame %d %q, want 1008 naming the hello", ce.Code, ce.Text)
	}
	if werr == nil || werr.Reason != ce.Text {
		t.Errorf("error message %+v, want the close reason", werr)
	}
}
