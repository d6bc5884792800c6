package server

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// client is one websocket connection joined to an exercise. It has one
// reader (the HTTP handler's goroutine) and one writer goroutine; the
// exercise hands it encoded messages through two queues and never waits
// for it: send (frames, events, chat) is bounded and what does not fit is
// skipped; answers (the Welcome, Acks, the server's notices to a sender)
// never overflows, because the reader reserves a place in it (a slot)
// before it passes on each command or chat line, and waits for one when
// the client has too many answers outstanding.
type client struct {
	srv     *Server
	conn    *websocket.Conn
	remote  string
	send    chan []byte   // bounded; enqueue never blocks
	answers chan answer   // as large as slots, plus the Welcome and the first Presence
	slots   chan struct{} // one per answer owed; taken by reserve, given back by the writer or release
	quit    chan struct{} // closed by closeWith
	written chan struct{} // closed when the writer has stopped

	quitOnce  sync.Once
	closeCode int    // written before quit is closed
	closeText string // likewise
	slowOnce  sync.Once
	progress  atomic.Uint64 // messages written so far

	// Set at admission, read-only afterwards.
	x      *exercise
	role   wire.Role
	team   int // team index, sim.Instructor or wire.Observer
	name   string
	code   string // the exercise's code it joined with; "" for the server's token
	nation []int  // a controller's teams

	// Owned by the exercise goroutine.
	stream  *stream
	seq     uint32 // Seq of the last frame queued
	needKey bool   // the next frame must be a keyframe
	lag     int    // broadcasts in a row without progress while something waited
	seen    uint64 // progress at the last broadcast

	owesPresence bool // the last Presence did not fit in send (presence.go)
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
	return offer(c.send, b)
}

// offer sends v on ch if ch has room, and reports whether it had.
func offer[T any](ch chan<- T, v T) bool {
	select {
	case ch <- v:
		return true
	default:
		return false
	}
}

// reserve takes a slot for one answer, waiting while the client has as
// many answers outstanding as it may; false when the client is closing.
func (c *client) reserve() bool {
	select {
	case c.slots <- struct{}{}:
		return true
	case <-c.quit:
		return false
	}
}

// release gives back a slot that will not be used.
func (c *client) release() {
	select {
	case <-c.slots:
	default:
	}
}

// answer is a message for the writer's answers queue.
type answer struct {
	b    []byte
	slot bool // it holds a slot, which the writer gives back
}

// answer queues an answer for which a slot was reserved; it never blocks
// and, the slots being counted, never finds the queue full.
func (c *client) answer(b []byte) { c.queueAnswer(answer{b, true}) }

func (c *client) queueAnswer(a answer) {
	select {
	case c.answers <- a:
	default:
		// Unreachable while every answer has its slot; say so rather
		// than leave a command unanswered.
		c.closeWith(websocket.CloseInternalServerErr, "server: too many answers outstanding")
	}
}

// notDelivered answers the sender of chat line m with a line from the
// server saying why it was not delivered (to everyone).
func (c *client) notDelivered(m *wire.Chat, tick int32, why string) {
	text := m.Text
	if len(text) > 60 {
		text = text[:60] + "…"
	}
	c.answer(wire.Encode(&wire.Chat{Channel: m.Channel, Agreement: m.Agreement, From: "server", Tick: tick,
		Text: "not delivered: " + why + ": " + strconv.Quote(text)}))
}

// backlog reports whether the writer has something waiting.
func (c *client) backlog() bool { return len(c.send)+len(c.answers) > 0 }

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

// tooSlow drops a client that does not keep up: counted, logged and closed
// with 1008 and the reason, once.
func (c *client) tooSlow(why string) {
	c.slowOnce.Do(func() {
		c.srv.metrics.dropped.Inc()
		c.srv.log.Warn("client too slow, dropped", "remote", c.remote, "team", c.team, "name", c.name, "why", why)
		c.closeWith(websocket.ClosePolicyViolation, "too slow: the client fell behind and was dropped ("+why+")")
	})
}

// from is the chat sender's name: team id (or WHITE, OBS) / display name.
func (c *client) from(sc *sim.Scenario) string {
	team := "OBS"
	switch {
	case c.role == wire.RoleInstructor:
		team = "WHITE"
	case c.role == wire.RoleEvaluator:
		team = "EVAL"
	case c.role == wire.RoleController:
		team = "CTRL"
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
		srv:     s,
		conn:    conn,
		remote:  r.RemoteAddr,
		send:    make(chan []byte, s.cfg.SendQueue),
		answers: make(chan answer, s.cfg.SendQueue+2),
		slots:   make(chan struct{}, s.cfg.SendQueue),
		quit:    make(chan struct{}),
		written: make(chan struct{}),
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
		// Let the writer send the close frame, give the peer a moment to
		// answer it, reading and discarding what it still sends, then
		// close the socket.
		<-c.written
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
		c.x.do(func() { c.x.leave(c) })
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
	wait := c.srv.cfg.HelloWait
	c.conn.SetReadDeadline(time.Now().Add(wait))
	m, err := c.readMessage()
	if timedOut(err) {
		return policy("no hello within %v", wait)
	}
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
	c.x, c.role, c.team, c.name, c.code, c.nation = a.x, a.role, a.team, cleanName(h.Name), a.code, a.nation
	if !a.x.do(func() { a.x.add(c) }) {
		return &violation{websocket.CloseGoingAway, "exercise stopped"}
	}
	return nil
}

func (c *client) readLoop() error {
	c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error {
		return c.conn.SetReadDeadline(time.Now().Add(pongWait))
	})
	x := c.x
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
			if !c.reserve() {
				return nil
			}
			c.command(m)
		case *wire.Chat:
			if len(m.Text) > wire.MaxChat {
				m.Text = m.Text[:wire.MaxChat]
			}
			if m.Phrase != "" {
				if err := wire.CheckPhrase(m.Phrase, m.Args); err != nil {
					return policy("%s", err.Error())
				}
				m.Text = phraseText(m) // the English wording, for readers without the catalogs
			} else {
				m.Args = nil
			}
			if !c.reserve() {
				return nil
			}
			if !x.try(func() { x.route(c, m) }) {
				c.notDelivered(m, -1, "the exercise is busy")
			}
		case *wire.Observation:
			if len(m.Text) > wire.MaxChat {
				m.Text = m.Text[:wire.MaxChat]
			}
			if !c.reserve() {
				return nil
			}
			if c.role != wire.RoleEvaluator {
				c.answer(wire.Encode(&wire.Ack{ID: m.ID, Reason: ReasonNotEvaluator}))
				continue
			}
			if !x.try(func() { x.observe(c, m) }) {
				c.answer(wire.Encode(&wire.Ack{ID: m.ID, Reason: reasonQueueFull}))
			}
		case *wire.Watch:
			if c.role != wire.RoleInstructor {
				return policy("only the instructor switches views")
			}
			x.do(func() { x.switchView(c, m.Team) })
		case *wire.Seek:
			if c.role != wire.RoleInstructor {
				return policy("only the instructor seeks")
			}
			x.do(func() { x.seekTo(m.Tick) })
		case *wire.Reveal:
			if c.role != wire.RoleInstructor {
				return policy("only the instructor reveals the ground truth")
			}
			x.do(func() { x.setReveal(m.On) })
		default:
			return policy("unexpected %s message", m.Type())
		}
	}
}

// Reasons the server itself rejects a command, codes as sim's are.
const (
	reasonNotApplied = "not_applied" // the World neither accepted nor rejected it
	reasonObserver   = "observer"
	reasonQueueFull  = "exercise_queue_full"
)

// command checks the sender's role, stamps the session's team and queues
// the command for the exercise; the slot for its answer is reserved.
func (c *client) command(m *wire.Command) {
	reject := func(result, reason string) {
		c.srv.metrics.commands.WithLabelValues(result).Inc()
		c.answer(wire.Encode(&wire.Ack{ID: m.ID, Reason: reason}))
	}
	if reason := c.refusal(m); reason != "" {
		reject("rejected", reason)
		return
	}
	x, cmd := c.x, m.Sim(c.team)
	if !x.try(func() { x.command(c, cmd) }) {
		reject("dropped", reasonQueueFull)
	}
}

// writePump writes what the exercise queued, and pings; an answer queued
// before a frame is written before it.
// Once the client is closing it sends the Error message and close frame
// (when there is a reason) and stops. A write that times out means the
// peer stopped reading: the client is too slow.
func (c *client) writePump() {
	defer close(c.written)
	ping := time.NewTicker(pingPeriod)
	defer ping.Stop()
	wait := c.srv.cfg.WriteWait
	write := func(mt int, b []byte) bool {
		c.conn.SetWriteDeadline(time.Now().Add(wait))
		if err := c.conn.WriteMessage(mt, b); err != nil {
			if timedOut(err) {
				c.tooSlow(fmt.Sprintf("a write took longer than %v", wait))
			}
			c.closeWith(0, "")
			c.conn.Close()
			return false
		}
		c.progress.Add(1)
		c.srv.metrics.bytesSent.Add(float64(len(b)))
		return true
	}
	for {
		select {
		case <-c.quit:
			c.goodbye()
			return
		default:
		}
		var frame []byte
		select {
		case a := <-c.answers:
			if !c.writeAnswer(a, write) {
				return
			}
			continue
		case frame = <-c.send:
		case <-ping.C:
			if err := c.conn.WriteControl(websocket.PingMessage, nil, time.Now().Add(wait)); err != nil {
				c.closeWith(0, "")
				c.conn.Close()
				return
			}
			continue
		case <-c.quit:
			c.goodbye()
			return
		}
		// The answers queued before this frame go first: the Welcome
		// before the first keyframe.
		for more := true; more; {
			select {
			case a := <-c.answers:
				if !c.writeAnswer(a, write) {
					return
				}
			default:
				more = false
			}
		}
		if !write(websocket.BinaryMessage, frame) {
			return
		}
	}
}

// writeAnswer writes an answer and gives back its slot.
func (c *client) writeAnswer(a answer, write func(int, []byte) bool) bool {
	if a.slot {
		c.release()
	}
	return write(websocket.BinaryMessage, a.b)
}

// goodbye sends the Error message and close frame of a closing client
// that has a reason.
func (c *client) goodbye() {
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
}

// timedOut reports whether err is a deadline's.
func timedOut(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
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
