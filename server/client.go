package server

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// client is one websocket connection joined to an exercise. It has one
// reader (the HTTP handler's goroutine) and one writer goroutine; the
// exercise hands it encoded messages through the bounded send queue and
// never waits for it.
type client struct {
	srv    *Server
	conn   *websocket.Conn
	remote string
	send   chan []byte   // bounded; enqueue never blocks
	quit   chan struct{} // closed by closeWith

	quitOnce  sync.Once
	closeCode int    // written before quit is closed
	closeText string // likewise

	// Set at admission, read-only afterwards.
	x    *exercise
	role wire.Role
	team int // team index, sim.Instructor or wire.Observer
	name string

	// Owned by the exercise goroutine.
	stream  *stream
	seq     uint32 // Seq of the last frame queued
	needKey bool   // the next frame must be a keyframe
	lag     int    // broadcasts missed in a row
}

var upgrader = websocket.Upgrader{
	ReadBufferSize:  1024,
	WriteBufferSize: 4096,
	// Buffers are taken only while a message is written, so an idle
	// connection holds none.
	WriteBufferPool: &sync.Pool{},
}

// enqueue queues b for the writer; it reports false when the queue is full
// or the client is closing.
func (c *client) enqueue(b []byte) bool {
	select {
	case <-c.quit:
		return false
	default:
	}
	select {
	case c.send <- b:
		return true
	default:
		return false
	}
}

// closeWith asks the writer to send an Error message and a close frame with
// code and reason, then stop; code 0 stops without them (the peer is gone).
// Only the first call counts.
func (c *client) closeWith(code int, reason string) {
	c.quitOnce.Do(func() {
		if len(reason) > 120 { // a close frame carries at most 123 bytes of text
			reason = reason[:120]
		}
		c.closeCode, c.closeText = code, reason
		close(c.quit)
	})
}

// from is the chat sender's name: team id (or WHITE, OBS) / display name.
func (c *client) from(sc *sim.Scenario) string {
	team := "OBS"
	switch {
	case c.role == wire.RoleInstructor:
		team = "WHITE"
	case c.team >= 0 && c.team < len(sc.Teams):
		team = sc.Teams[c.team].ID
	}
	if c.name == "" {
		return team
	}
	return team + "/" + c.name
}

// serveWS upgrades the request and runs the connection: Hello, admission,
// then the read loop; the writer runs in its own goroutine.
func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // the upgrader has answered
	}
	c := &client{
		srv:    s,
		conn:   conn,
		remote: r.RemoteAddr,
		send:   make(chan []byte, s.cfg.SendQueue),
		quit:   make(chan struct{}),
	}
	go c.writePump()
	c.readPump()
}

// violation is a reason to close a connection.
type violation struct {
	code   int
	reason string
}

func (v *violation) Error() string { return v.reason }

func policy(format string, args ...any) error {
	return &violation{websocket.ClosePolicyViolation, fmt.Sprintf(format, args...)}
}

// readMessage reads one message of at most maxMessageSize bytes.
func (c *client) readMessage() (wire.Message, error) {
	mt, r, err := c.conn.NextReader()
	if err != nil {
		return nil, err
	}
	b, err := io.ReadAll(io.LimitReader(r, maxMessageSize+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxMessageSize {
		return nil, &violation{websocket.CloseMessageTooBig, fmt.Sprintf("message larger than %d bytes", maxMessageSize)}
	}
	if mt != websocket.BinaryMessage {
		return nil, policy("binary messages only")
	}
	m, err := wire.Decode(b)
	if err != nil {
		return nil, policy("%v", err)
	}
	return m, nil
}

func (c *client) readPump() {
	defer func() {
		// Give the peer a moment to answer a close frame, reading and
		// discarding what it still sends, then close the socket.
		c.conn.SetReadDeadline(time.Now().Add(closeWait))
		for {
			if _, _, err := c.conn.NextReader(); err != nil {
				break
			}
		}
		c.conn.Close()
	}()
	err := c.admit()
	if err == nil {
		err = c.readLoop()
		c.leave()
	}
	var v *violation
	if errors.As(err, &v) {
		c.srv.log.Info("closing connection", "remote", c.remote, "code", v.code, "reason", v.reason)
		c.closeWith(v.code, v.reason)
	} else {
		c.closeWith(0, "")
	}
}

// admit reads the Hello and joins the client to its exercise.
func (c *client) admit() error {
	c.conn.SetReadDeadline(time.Now().Add(helloWait))
	m, err := c.readMessage()
	if err != nil {
		return err
	}
	h, ok := m.(*wire.Hello)
	if !ok {
		return policy("expected hello, got %s", m.Type())
	}
	if h.Version != wire.Version {
		return policy("protocol version %d not supported; this server speaks %d", h.Version, wire.Version)
	}
	a, ok := c.srv.admit(h)
	if !ok {
		return policy("unknown join code or exercise")
	}
	c.x, c.role, c.team, c.name = a.x, a.role, a.team, cleanName(h.Name)
	select {
	case a.x.join <- c:
		return nil
	case <-a.x.done:
		return &violation{websocket.CloseGoingAway, "exercise stopped"}
	}
}

func (c *client) leave() {
	select {
	case c.x.leave <- c:
	case <-c.x.done:
	}
}

func (c *client) readLoop() error {
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	for {
		m, err := c.readMessage()
		if err != nil {
			return err
		}
		select {
		case <-c.quit:
			return nil // closing: the deferred drain waits for the peer
		default:
		}
		c.conn.SetReadDeadline(time.Now().Add(pongWait))
		switch m := m.(type) {
		case *wire.Command:
			c.command(m)
		case *wire.Chat:
			if len(m.Text) > wire.MaxChat {
				m.Text = m.Text[:wire.MaxChat]
			}
			select {
			case c.x.chat <- chatReq{c, m}:
			default: // chat is best effort
			}
		case *wire.Watch:
			if c.role != wire.RoleInstructor {
				return policy("only the instructor switches views")
			}
			select {
			case c.x.watch <- watchReq{c, m.Team}:
			default:
			}
		case *wire.Seek:
			if c.role != wire.RoleInstructor {
				return policy("only the instructor seeks")
			}
			select {
			case c.x.seek <- seekReq{c, m.Tick}:
			default: // a seek is under way; the user seeks again
			}
		case *wire.Reveal:
			if c.role != wire.RoleInstructor {
				return policy("only the instructor reveals the ground truth")
			}
			select {
			case c.x.reveal <- m.On:
			default:
			}
		default:
			return policy("unexpected %s message", m.Type())
		}
	}
}

// Reasons the server itself rejects a command.
const (
	reasonObserver  = "observers do not command"
	reasonQueueFull = "the exercise's command queue is full; command dropped"
)

// command checks the sender's role, stamps the session's team and queues
// the command for the exercise.
func (c *client) command(m *wire.Command) {
	reject := func(reason string) {
		c.srv.metrics.commands.WithLabelValues("rejected").Inc()
		c.enqueue(wire.Encode(&wire.Ack{ID: m.ID, Reason: reason}))
	}
	switch {
	case c.role == wire.RoleObserver:
		reject(reasonObserver)
		return
	case m.Kind.Control() && c.role != wire.RoleInstructor:
		reject(sim.ReasonNotInstructor)
		return
	}
	select {
	case c.x.cmds <- cmdReq{c, m.Sim(c.team)}:
	default:
		c.srv.metrics.commands.WithLabelValues("dropped").Inc()
		c.enqueue(wire.Encode(&wire.Ack{ID: m.ID, Reason: reasonQueueFull}))
	}
}

func (c *client) writePump() {
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	for {
		select {
		case b := <-c.send:
			c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.BinaryMessage, b); err != nil {
				c.closeWith(0, "")
				c.conn.Close()
				return
			}
			c.srv.metrics.bytesSent.Add(float64(len(b)))
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(writeWait)); err != nil {
				c.closeWith(0, "")
				c.conn.Close()
				return
			}
		case <-c.quit:
			if c.closeCode != 0 {
				deadline := time.Now().Add(closeWait)
				c.conn.SetWriteDeadline(deadline)
				err := c.conn.WriteMessage(websocket.BinaryMessage, wire.Encode(&wire.Error{Code: uint16(c.closeCode), Reason: c.closeText}))
				if err == nil {
					c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.closeCode, c.closeText), deadline)
				}
			}
			// The reader closes the socket once the peer has answered.
			c.conn.SetReadDeadline(time.Now().Add(closeWait))
			return
		}
	}
}

// cleanName keeps a display name short and printable.
func cleanName(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n == 32 {
			break
		}
		if unicode.IsPrint(r) && r != '/' {
			b.WriteRune(r)
			n++
		}
	}
	return strings.TrimSpace(b.String())
}
