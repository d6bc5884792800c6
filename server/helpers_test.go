package server_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/borderdrill/borderdrill/server"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

const token = "test-instructor-token-0123456789"

// scenario is the built-in the tests run: three teams (MIG, PONAL, GNB),
// two agreements with GNB and a manual comms outage (C5) on "trochas".
const scenario = "col-ven-cucuta-bridges"

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

// create makes an exercise through the API and returns its answer.
func (ts *testServer) create(t *testing.T, body string) (id string, codes map[string]string, seed uint64) {
	t.Helper()
	status, b := ts.post(t, "/api/exercises", token, body)
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
