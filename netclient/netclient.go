// Package netclient joins an exercise on a borderdrill server over a
// websocket. A Client satisfies client.Exercise, like the in-process
// exercise.Local, so the client draws a remote exercise the same way as a
// local one. It keeps the latest view by applying the
// server's keyframes and deltas, turns acknowledgements into
// accepted/rejected events, reconnects with backoff after a dropped
// connection and resumes from a fresh keyframe, and carries chat. It uses
// github.com/coder/websocket natively and the browser's WebSocket in the
// js/wasm build (socket.go, socket_js.go).
package netclient

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/client"
	"github.com/borderdrill/borderdrill/maps"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
)

// The websocket close codes (RFC 6455) with which the server refuses a
// client; its Error message carries them.
const (
	statusPolicyViolation = 1008
	statusMessageTooBig   = 1009
)

// Limits and timings.
const (
	// MaxEvents is how many undelivered events a Client keeps; older ones
	// are dropped when Poll is not called.
	MaxEvents = 4096
	// MaxChats is how many unread chat lines a Client keeps.
	MaxChats = 256
	// SendQueue is how many outgoing messages may wait for the socket.
	SendQueue = 64
	// ReadLimit is the largest message accepted from the server, in bytes.
	ReadLimit = 16 << 20
	// Silence is how long the client waits for any message before it
	// takes the connection as dead and reconnects. The server pings every
	// 54 s.
	Silence = 70 * time.Second
	// MinBackoff and MaxBackoff bound the wait between reconnection
	// attempts; the first attempt after a drop is immediate.
	MinBackoff = 100 * time.Millisecond
	MaxBackoff = 2 * time.Second
	writeWait  = 10 * time.Second
	helloWait  = 10 * time.Second
)

// Reasons the client itself rejects a command.
const (
	ReasonNotConnected = "not_connected"
	ReasonQueueFull    = "queue_full"
	ReasonLost         = "lost"
)

// Options say where and how to join.
type Options struct {
	// URL is the server's websocket endpoint (ws://host:port/ws) or its
	// base URL (http://host:port), to which /ws is added.
	URL string
	// Code is a join code, or the instructor token (with Exercise).
	Code string
	// Exercise is the exercise id; required with the instructor token.
	Exercise string
	// Name is the participant's display name in chat.
	Name string
}

// Stats are a Client's running figures.
type Stats struct {
	Frames     int           // keyframes and deltas applied
	Keyframes  int           // of which keyframes
	Bytes      int64         // message bytes received
	Reconnects int           // successful reconnections
	Backoff    time.Duration // waited between reconnection attempts, in all
	Latency    time.Duration // of the last frame: now - the server's send time
	Connected  bool
	Err        error // why the client stopped, once it has
}

// Client is a connection to one exercise. Its methods may be called from
// any goroutine; Poll's results stay valid until the next Poll.
type Client struct {
	opts   Options
	wsURL  string
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	out    chan []byte // encoded messages for the current connection
	// welcomed, during Dial, takes the map's name from the first Welcome.
	welcomed chan string

	mirror wire.Mirror // owned by the run goroutine

	mu      sync.Mutex // guards the fields below
	info    client.Info
	welcome *wire.Welcome
	conn    *socket // nil while disconnected
	box     *client.Mailbox
	chats   []wire.Chat
	// observations are the evaluators' observations received (observe.go).
	observations []wire.Observation
	inflight     map[uint32]bool // commands sent, not yet acknowledged
	lastID       uint32
	viewTeam     int  // the team whose views Poll returns
	viewSet      bool // viewTeam has been set
	shown        bool // a view has been published
	stats        Stats
	updated      chan struct{} // closed and replaced when a new view arrives

	present, presentOf int  // teams with a trainee connected, of all (presence.go)
	presentKnown       bool // the server has sent a Presence
}

// A Client is what the renderer draws from, with chat and a Welcome.
var (
	_ client.Exercise = (*Client)(nil)
	_ client.Chatter  = (*Client)(nil)
	_ client.Welcomer = (*Client)(nil)
)

// ErrRefused wraps the server's reason for refusing a Hello.
var ErrRefused = errors.New("netclient: refused by the server")

// Dial connects, says hello and waits for the first view (at most 10 s),
// so that a bad URL or code fails here. The Client then runs until Close
// or ctx is done, reconnecting when the connection drops: ctx is the
// Client's lifetime, not a timeout for the dial.
func Dial(ctx context.Context, opts Options) (*Client, error) {
	u, err := wire.SocketURL(opts.URL)
	if err != nil {
		return nil, err
	}
	c := &Client{
		opts:     opts,
		wsURL:    u,
		done:     make(chan struct{}),
		out:      make(chan []byte, SendQueue),
		inflight: make(map[uint32]bool),
		box:      client.NewMailbox(MaxEvents),
		updated:  make(chan struct{}),
	}
	// The map is loaded as soon as the Welcome names it, while the server
	// sends the first keyframe.
	type loaded struct {
		m   *maps.Map
		err error
	}
	mapc := make(chan loaded, 1)
	welcomed := make(chan string, 1)
	c.welcomed = welcomed
	go func() {
		if name, ok := <-welcomed; ok {
			m, err := loadMap(ctx, opts.URL, name)
			mapc <- loaded{m, err}
		}
	}()
	conn, err := c.connect(ctx)
	c.welcomed = nil
	close(welcomed)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	w := c.welcome
	c.mu.Unlock()
	got := <-mapc
	m, err := got.m, got.err
	if err != nil {
		conn.closeNow()
		return nil, fmt.Errorf("netclient: map of the exercise: %w", err)
	}
	c.mu.Lock()
	c.info = infoOf(w, m)
	c.mu.Unlock()
	c.ctx, c.cancel = context.WithCancel(ctx)
	go c.run(conn)
	return c, nil
}

// infoOf makes the client's Info from the Welcome.
func infoOf(w *wire.Welcome, m *maps.Map) client.Info {
	in := client.Info{
		Scenario: w.Scenario, Map: m, Team: w.Team, Role: w.Role, Zones: w.Zones, Injects: w.MSEL,
		TickSeconds: max(w.TickSeconds, 1), StartSecond: w.StartSecond,
	}
	for _, t := range w.Teams {
		in.Teams = append(in.Teams, client.Team{ID: t.ID, Name: t.Name, Country: t.Country, Base: t.Base})
	}
	for _, p := range w.Places {
		in.Places = append(in.Places, client.Place{Name: p.Name, Pos: p.Pos, Label: p.Label})
	}
	return in
}

// connect dials, says hello and reads the Welcome and the first keyframe.
func (c *Client) connect(ctx context.Context) (*socket, error) {
	ctx, cancel := context.WithTimeout(ctx, helloWait)
	defer cancel()
	conn, err := dialSocket(ctx, c.wsURL)
	if err != nil {
		return nil, fmt.Errorf("netclient: %w", err)
	}
	hello := wire.Encode(&wire.Hello{Version: wire.Version, Code: c.opts.Code, Exercise: c.opts.Exercise, Name: c.opts.Name})
	if err := conn.write(ctx, hello); err != nil {
		conn.closeNow()
		return nil, fmt.Errorf("netclient: hello: %w", err)
	}
	for {
		m, n, err := read(ctx, conn)
		if err != nil {
			conn.closeNow()
			return nil, err
		}
		switch m := m.(type) {
		case *wire.Welcome:
			c.mu.Lock()
			c.welcome = m
			if !c.viewSet {
				c.viewTeam, c.viewSet = m.Team, true
			}
			c.mu.Unlock()
			if c.welcomed != nil {
				c.welcomed <- m.Map
				c.welcomed = nil
			}
		case *wire.Keyframe:
			c.mirror = wire.Mirror{}
			c.frame(m, n)
			// Commands may be sent from now on; the writer starts in serve.
			c.mu.Lock()
			c.conn = conn
			c.stats.Connected = true
			c.mu.Unlock()
			return conn, nil
		case *wire.Presence:
			c.setPresence(m, n)
		case *wire.Error:
			conn.closeNow()
			return nil, fmt.Errorf("%w: %s", ErrRefused, m.Reason)
		default:
			// Nothing else comes before the first keyframe.
		}
	}
}

// read reads and decodes one message.
func read(ctx context.Context, conn *socket) (wire.Message, int, error) {
	b, err := conn.read(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("netclient: %w", err)
	}
	m, err := wire.Decode(b)
	if err != nil {
		return nil, 0, fmt.Errorf("netclient: from the server: %w", err)
	}
	return m, len(b), nil
}

// run reads the current connection and reconnects when it drops.
func (c *Client) run(conn *socket) {
	defer close(c.done)
	for {
		err := c.serve(conn)
		c.disconnected()
		if c.ctx.Err() != nil {
			c.setErr(c.ctx.Err())
			return
		}
		if errors.Is(err, ErrRefused) {
			c.setErr(err)
			return
		}
		conn = c.reconnect()
		if conn == nil {
			return
		}
	}
}

// reconnect retries with backoff until it connects (or Close).
func (c *Client) reconnect() *socket {
	wait := time.Duration(0)
	for {
		select {
		case <-c.ctx.Done():
			c.setErr(c.ctx.Err())
			return nil
		case <-time.After(wait):
		}
		c.mu.Lock()
		c.stats.Backoff += wait
		c.mu.Unlock()
		conn, err := c.connect(c.ctx)
		if err == nil {
			c.mu.Lock()
			c.stats.Reconnects++
			c.mu.Unlock()
			return conn
		}
		if errors.Is(err, ErrRefused) {
			c.setErr(err)
			return nil
		}
		wait = min(max(2*wait, MinBackoff), MaxBackoff)
	}
}

func (c *Client) setErr(err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stats.Err == nil {
		c.stats.Err = err
	}
}

// serve runs one connection: a writer goroutine for c.out and the read loop
// here, until either fails.
func (c *Client) serve(conn *socket) error {
	ctx, cancel := context.WithCancel(c.ctx)
	c.mu.Lock()
	c.conn = conn
	c.stats.Connected = true
	watch := c.viewTeam != c.info.Team
	team := c.viewTeam
	c.mu.Unlock()
	if watch {
		c.enqueue(wire.Encode(&wire.Watch{Team: team}))
	}
	// The writer must be gone before serve returns: otherwise it could
	// still take from c.out what the next connection's serve queues (its
	// Watch, a command) and write it to this dead connection.
	written := make(chan struct{})
	defer func() {
		cancel()
		<-written
	}()
	go func() {
		defer close(written)
		for {
			select {
			case <-ctx.Done():
				conn.closeNow()
				return
			case b := <-c.out:
				wctx, wcancel := context.WithTimeout(ctx, writeWait)
				err := conn.write(wctx, b)
				wcancel()
				if err != nil {
					cancel()
				}
			}
		}
	}()
	for {
		rctx, rcancel := context.WithTimeout(ctx, Silence)
		m, n, err := read(rctx, conn)
		rcancel()
		if err != nil {
			return err
		}
		switch m := m.(type) {
		case *wire.Keyframe, *wire.Delta:
			if !c.frame(m, n) {
				// A frame that does not apply: start again from a keyframe.
				return errors.New("netclient: lost the view stream")
			}
		case *wire.Events:
			c.addEvents(m.Events, n)
		case *wire.Ack:
			c.ack(m, n)
		case *wire.Observation:
			c.observed(m, n)
		case *wire.Presence:
			c.setPresence(m, n)
		case *wire.Chat:
			c.mu.Lock()
			c.stats.Bytes += int64(n)
			if len(c.chats) >= MaxChats {
				c.chats = c.chats[1:]
			}
			c.chats = append(c.chats, *m)
			c.mu.Unlock()
		case *wire.Error:
			if m.Code == statusPolicyViolation || m.Code == statusMessageTooBig {
				return fmt.Errorf("%w: %s", ErrRefused, m.Reason)
			}
			return fmt.Errorf("netclient: server closed: %s", m.Reason)
		}
	}
}

// disconnected forgets the connection and rejects what was in flight.
func (c *Client) disconnected() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.conn = nil
	c.stats.Connected = false
	for len(c.out) > 0 {
		<-c.out // only this goroutine receives from out while disconnected
	}
	for id := range c.inflight {
		c.addEventLocked(sim.Event{Kind: sim.EvRejected, Team: c.info.Team, CmdID: id, Text: ReasonLost})
	}
	clear(c.inflight)
}

// frame applies a keyframe or delta and publishes the view; it reports
// false when the frame does not apply.
func (c *Client) frame(m wire.Message, n int) bool {
	if err := c.mirror.Apply(m); err != nil {
		return false
	}
	v := c.mirror.View()
	f := c.mirror.Frame()
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Frames++
	c.stats.Bytes += int64(n)
	if _, ok := m.(*wire.Keyframe); ok {
		c.stats.Keyframes++
	}
	if v.Team != c.viewTeam && !(c.welcome.Review && c.welcome.Role != wire.RoleInstructor) {
		// The stream of another team than the one asked for: after a
		// reconnection, until the server has switched back. Not shown.
		// (In a review the server may show anyone the ground truth.)
		return true
	}
	copyView(c.box.Back(), v)
	c.box.Publish()
	c.shown = true
	c.stats.Latency = time.Since(time.UnixMicro(f.Sent))
	close(c.updated)
	c.updated = make(chan struct{})
	return true
}

// copyView copies the mirror's view: the entity lists, which the mirror
// changes in place, get new backing arrays; everything else the mirror
// only ever replaces, so it is shared.
func copyView(dst, src *sim.View) {
	units, tracks, crossers := dst.Units[:0], dst.Tracks[:0], dst.Crossers[:0]
	*dst = *src
	dst.Units = append(units, src.Units...)
	dst.Tracks = append(tracks, src.Tracks...)
	dst.Crossers = append(crossers, src.Crossers...)
}

func (c *Client) addEvents(evs []sim.Event, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Bytes += int64(n)
	for _, e := range evs {
		c.addEventLocked(e)
	}
}

func (c *Client) addEventLocked(e sim.Event) {
	c.box.Add(e)
}

// ack turns an acknowledgement into the event a local exercise would
// have made: EvAccepted, or EvRejected with the reason.
func (c *Client) ack(a *wire.Ack, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stats.Bytes += int64(n)
	delete(c.inflight, a.ID)
	e := sim.Event{Kind: sim.EvAccepted, Team: c.info.Team, CmdID: a.ID}
	e.Tick = c.box.Newest().Tick
	if !a.Accepted {
		e.Kind, e.Text = sim.EvRejected, a.Reason
	}
	c.addEventLocked(e)
}

func (c *Client) enqueue(b []byte) bool {
	select {
	case c.out <- b:
		return true
	default:
		return false
	}
}

// Info returns the exercise's static facts for the user. Its Team is the
// user's team index, sim.Instructor, or wire.Observer for an observer.
func (c *Client) Info() client.Info {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.info
}

// Welcome returns the server's Welcome of the current connection.
func (c *Client) Welcome() wire.Welcome {
	c.mu.Lock()
	defer c.mu.Unlock()
	return *c.welcome
}

// Poll returns the newest view of the team shown (see SetViewTeam) and the
// events since the last Poll, oldest first, with acknowledgements as
// EvAccepted and EvRejected events. Both stay valid until the next Poll.
func (c *Client) Poll() (*sim.View, []sim.Event, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, evs, changed := c.box.Take()
	if !c.shown {
		return nil, evs, false
	}
	return v, evs, changed
}

// Updated returns a channel that is closed when a newer view than the one
// of this call arrives.
func (c *Client) Updated() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.updated
}

// Send sends a command; the server stamps it with the user's team. A
// command with ID 0 gets the next free id. The outcome comes back from
// Poll as an EvAccepted or EvRejected event with the command's id.
func (c *Client) Send(cmd sim.Command) { c.SendCommand(cmd) }

// SendCommand is Send returning the command's id.
func (c *Client) SendCommand(cmd sim.Command) uint32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if cmd.ID == 0 {
		c.lastID++
		cmd.ID = c.lastID
	} else {
		c.lastID = max(c.lastID, cmd.ID)
	}
	reject := func(reason string) uint32 {
		c.addEventLocked(sim.Event{Kind: sim.EvRejected, Team: c.info.Team, CmdID: cmd.ID, Text: reason})
		return cmd.ID
	}
	if c.conn == nil {
		return reject(ReasonNotConnected)
	}
	m := wire.CommandOf(&cmd)
	if !c.enqueue(wire.Encode(m)) {
		return reject(ReasonQueueFull)
	}
	c.inflight[cmd.ID] = true
	return cmd.ID
}

// SetViewTeam asks for the views of another team (sim.Instructor for
// ground truth). Only the instructor may switch; for anyone else it does
// nothing.
func (c *Client) SetViewTeam(team int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.info.Team != sim.Instructor || team == c.viewTeam {
		return
	}
	if team != sim.Instructor && (team < 0 || team >= len(c.info.Teams)) {
		return
	}
	c.viewTeam = team
	if c.conn != nil {
		c.enqueue(wire.Encode(&wire.Watch{Team: team}))
	}
}

// Chat sends a chat line on the team channel, or on the liaison channel of
// an agreement (by id).
func (c *Client) Chat(ch wire.Channel, agreement, text string) error {
	if len(text) > wire.MaxChat {
		return fmt.Errorf("netclient: chat longer than %d bytes", wire.MaxChat)
	}
	return c.sendChat(&wire.Chat{Channel: ch, Agreement: agreement, Text: text})
}

// sendChat queues a chat line.
func (c *Client) sendChat(m *wire.Chat) error { return c.sendNow(m) }

// Phrase sends a standard liaison phrase (wire.Phrases) by its id and
// parameters, on the team channel or the liaison channel of an agreement:
// every reader sees it in their own language. A phrase that wire.CheckPhrase
// refuses is not sent (the server would close the connection).
func (c *Client) Phrase(ch wire.Channel, agreement, id string, args []string) error {
	m := &wire.Chat{Channel: ch, Agreement: agreement, Phrase: id}
	for _, a := range args {
		m.Args = append(m.Args, wire.PhraseArg{Value: a})
	}
	if err := wire.CheckPhrase(id, m.Args); err != nil {
		return fmt.Errorf("netclient: %w", err)
	}
	return c.sendChat(m)
}

// SeekReview moves a review session to tick (wire.Seek). Only the white
// cell may: the server closes anyone else's connection.
func (c *Client) SeekReview(tick int32) error { return c.sendNow(&wire.Seek{Tick: tick}) }

// RevealReview shows every participant of a review session the ground
// truth, or their own picture again (wire.Reveal). Only the white cell
// may: the server closes anyone else's connection.
func (c *Client) RevealReview(on bool) error { return c.sendNow(&wire.Reveal{On: on}) }

// sendNow queues m for the current connection.
func (c *Client) sendNow(m wire.Message) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.conn == nil {
		return errors.New("netclient: " + ReasonNotConnected)
	}
	if !c.enqueue(wire.Encode(m)) {
		return errors.New("netclient: " + ReasonQueueFull)
	}
	return nil
}

// Tick returns the tick of the newest view received.
func (c *Client) Tick() int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.box.Newest().Tick
}

// Chats returns the chat lines received since the last call.
func (c *Client) Chats() []wire.Chat {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.chats
	c.chats = nil
	return out
}

// Stats returns the client's running figures.
func (c *Client) Stats() Stats {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stats
}

// Close disconnects and stops reconnecting.
func (c *Client) Close() error {
	c.cancel()
	<-c.done
	return nil
}

// Done is closed when the client has stopped: after Close, or when the
// server refused it (see Stats().Err).
func (c *Client) Done() <-chan struct{} { return c.done }

// String describes the client for logs.
func (c *Client) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return fmt.Sprintf("netclient %s team %d", strings.TrimSuffix(c.wsURL, "/ws"), c.info.Team)
}
