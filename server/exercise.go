package server

import (
	"context"
	"slices"
	"sync"
	"time"

	"github.com/borderdrill/borderdrill/recording"
	"github.com/borderdrill/borderdrill/sim"
	"github.com/borderdrill/borderdrill/wire"
	"github.com/gorilla/websocket"
)

// exercise is one running exercise. Its goroutine (run) owns the World and
// every field below "owned by run"; other goroutines reach it only through
// its channels.
type exercise struct {
	srv          *Server
	id           string
	sc           *sim.Scenario
	seed         uint64
	created      time.Time
	codes        []string // join code by team index
	observerCode string
	rec          Recorder
	origin       *recording.Origin // the recording and tick it was branched from
	review       *review           // set for a review session (review.go); owned by run

	join    chan *client
	leave   chan *client
	cmds    chan cmdReq // bounded; a full queue drops the command
	chat    chan chatReq
	watch   chan watchReq
	seek    chan seekReq
	reveal  chan bool
	control chan controlReq
	stop    chan struct{} // closed by close
	done    chan struct{} // closed when run returns

	stopOnce sync.Once

	// Owned by run.
	w        *sim.World
	clients  []*client
	streams  map[int]*stream // by view team: team index, sim.Instructor, wire.Observer
	pending  []sim.Command
	owners   map[uint32]owner // commands in flight by server id
	lastID   uint32
	events   []sim.Event // since the last broadcast
	stepMax  time.Duration
	dirty    bool // the World changed since the last broadcast
	view     sim.View
	obsView  sim.View // the observers' view, built from scratch
	scratch  sim.View
	lastSent time.Time      // of the last broadcast
	audience map[int][]byte // encoded Events by audience, for one broadcast

	mu   sync.Mutex // guards the fields below
	stat status
}

// status is what the lobby shows of a running exercise.
type status struct {
	clients int
	tick    int32
	paused  bool
	speed   int
}

// stream is one view stream (a team's, the instructor's or the
// observers'), shared by every client that follows it.
type stream struct {
	team    int
	s       wire.Stream
	clients []*client
}

// owner is who sent a command in flight.
type owner struct {
	c  *client
	id uint32 // the client's own id
}

type cmdReq struct {
	c   *client
	cmd sim.Command // Team already stamped from the session
}

type chatReq struct {
	c   *client
	msg *wire.Chat
}

type watchReq struct {
	c    *client
	team int
}

type seekReq struct {
	c    *client
	tick int32
}

func (x *exercise) nextID() uint32 {
	x.lastID++
	return x.lastID
}

func (x *exercise) close() {
	x.stopOnce.Do(func() { close(x.stop) })
}

func (x *exercise) info() ExerciseInfo {
	x.mu.Lock()
	st := x.stat
	x.mu.Unlock()
	in := ExerciseInfo{
		ID: x.id, Scenario: x.sc.Name, Seed: x.seed, Created: x.created, BranchOf: x.origin,
		Codes:   map[string]string{"observer": x.observerCode},
		Clients: st.clients, Tick: st.tick, Paused: st.paused, Speed: st.speed,
	}
	if x.sc.Map != nil {
		in.Map = x.sc.Map.Name
	}
	for i, t := range x.sc.Teams {
		in.Teams = append(in.Teams, t.ID)
		in.Codes[t.ID] = x.codes[i]
	}
	if x.review != nil {
		in.Review = &ReviewInfo{Recording: x.review.from, Duration: x.review.duration}
	}
	return in
}

// publish copies the lobby's status from the World; run only.
func (x *exercise) publish() {
	paused, speed := x.playback()
	x.mu.Lock()
	x.stat = status{clients: len(x.clients), tick: x.w.Tick(), paused: paused, speed: speed}
	x.mu.Unlock()
}

// welcome is the Welcome message for a client of team.
func (x *exercise) welcome(team int, role wire.Role) *wire.Welcome {
	w := &wire.Welcome{
		Version: wire.Version, Exercise: x.id, Team: team, Role: role, Scenario: x.sc.Name,
		TickSeconds: max(x.sc.TickSeconds, 1), StartSecond: x.sc.StartSecond,
	}
	if x.sc.Map != nil {
		w.Map = x.sc.Map.Name
	}
	if x.review != nil {
		w.Review, w.Recording, w.Duration = true, x.review.from, x.review.duration
	}
	for _, t := range x.sc.Teams {
		w.Teams = append(w.Teams, wire.TeamInfo{ID: t.ID, Name: t.Name, Country: t.Country, Base: t.Base})
	}
	for _, a := range x.sc.Agreements {
		w.Zones = append(w.Zones, a.JointZones...)
	}
	if role == wire.RoleInstructor {
		for _, j := range x.sc.Injects {
			at := j.At
			if j.Trigger != sim.TriggerTime {
				at = -1
			}
			w.MSEL = append(w.MSEL, sim.InjectView{ID: j.ID, Synopsis: j.Synopsis, Message: j.Message,
				Expected: j.Expected, Addressee: j.Addressee, At: at})
		}
	}
	return w
}

// run is the exercise's goroutine: it steps the World at the exercise's
// speed, applies commands, routes chat and broadcasts views, and never
// blocks on a client.
func (x *exercise) run(ctx context.Context) {
	defer func() {
		x.srv.remove(x)
		close(x.done)
	}()
	x.streams = make(map[int]*stream)
	x.owners = make(map[uint32]owner)
	x.audience = make(map[int][]byte)

	bc := time.NewTicker(x.srv.cfg.Broadcast)
	defer bc.Stop()
	var ticker *time.Ticker
	var tickC <-chan time.Time
	speed, paused := -1, false
	retime := func() {
		p, sp := x.playback()
		if p == paused && sp == speed {
			return
		}
		paused, speed = p, sp
		if ticker != nil {
			ticker.Stop()
			ticker, tickC = nil, nil
		}
		if !paused {
			ticker = time.NewTicker(time.Second / time.Duration(max(speed, 1)))
			tickC = ticker.C
		}
	}
	retime()
	defer func() {
		if ticker != nil {
			ticker.Stop()
		}
		for _, c := range x.clients {
			c.closeWith(websocket.CloseGoingAway, "exercise stopped")
		}
		x.srv.metrics.clients.Sub(float64(len(x.clients)))
		x.clients = nil
		if x.rec != nil {
			// A last checkpoint, so a replay reaches the final tick.
			if err := x.rec.Checkpoint(x.w.Tick(), x.w.Hash()); err != nil {
				x.srv.log.Error("recording checkpoint", "exercise", x.id, "err", err)
			}
		}
		if cl, ok := x.rec.(interface{ Close() error }); ok {
			if err := cl.Close(); err != nil {
				x.srv.log.Error("closing recording", "exercise", x.id, "err", err)
			}
		}
		x.srv.log.Info("exercise stopped", "id", x.id, "tick", x.w.Tick())
	}()

	for {
		select {
		case <-ctx.Done():
			return
		case <-x.stop:
			return
		case c := <-x.join:
			x.add(c)
		case c := <-x.leave:
			x.drop(c)
		case r := <-x.cmds:
			if x.review != nil {
				x.reviewCommand(r)
				break
			}
			x.command(r)
			if x.w.Paused() {
				// A paused World applies commands without advancing: do
				// it now, so that the instructor's resume takes effect.
				x.drainCommands()
				x.step()
			}
		case r := <-x.chat:
			x.route(r)
		case r := <-x.watch:
			x.switchView(r)
		case r := <-x.seek:
			x.seekTo(r)
		case on := <-x.reveal:
			x.setReveal(on)
		case r := <-x.control:
			x.applyControl(r)
		case <-tickC:
			if x.review != nil {
				x.reviewStep()
				break
			}
			x.drainCommands()
			x.step()
		case <-bc.C:
			x.broadcast()
		}
		retime()
	}
}

// command takes a command into the pending list under a server-wide id,
// remembering whom to acknowledge.
func (x *exercise) command(r cmdReq) {
	if !slices.Contains(x.clients, r.c) {
		return // left meanwhile
	}
	id := x.nextID()
	x.owners[id] = owner{r.c, r.cmd.ID}
	r.cmd.ID = id
	x.pending = append(x.pending, r.cmd)
}

func (x *exercise) drainCommands() {
	for {
		select {
		case r := <-x.cmds:
			x.command(r)
		default:
			return
		}
	}
}

// step records and applies the pending commands and advances the World
// one tick (unless it is paused).
func (x *exercise) step() {
	start := time.Now()
	tick := x.w.Tick()
	if x.rec != nil && len(x.pending) > 0 {
		if err := x.rec.Append(tick, x.pending); err != nil {
			x.srv.metrics.recordErr.Inc()
			x.srv.log.Error("recording commands", "exercise", x.id, "tick", tick, "err", err)
		}
	}
	evs := x.w.Step(x.pending)
	clear(x.pending)
	x.pending = x.pending[:0]
	if x.rec != nil && x.w.Tick() != tick && x.w.Tick()%x.srv.cfg.CheckpointEvery == 0 {
		if err := x.rec.Checkpoint(x.w.Tick(), x.w.Hash()); err != nil {
			x.srv.metrics.recordErr.Inc()
			x.srv.log.Error("recording checkpoint", "exercise", x.id, "tick", x.w.Tick(), "err", err)
		}
	}
	x.stepped(start)
	x.takeEvents(evs)
}

// stepped notes a Step that started at start.
func (x *exercise) stepped(start time.Time) {
	d := time.Since(start)
	x.srv.metrics.tick.Observe(d.Seconds())
	x.stepMax = max(x.stepMax, d)
	x.dirty = true
}

// takeEvents acknowledges the commands a Step applied or refused and keeps
// its other events for the next broadcast; then it updates the lobby's
// status.
func (x *exercise) takeEvents(evs []sim.Event) {
	for _, e := range evs {
		switch e.Kind {
		case sim.EvAccepted, sim.EvRejected:
			o, ok := x.owners[e.CmdID]
			if !ok {
				continue // the set-up's own commands
			}
			delete(x.owners, e.CmdID)
			ack := &wire.Ack{ID: o.id, Accepted: e.Kind == sim.EvAccepted, Reason: e.Text}
			if ack.Accepted {
				x.srv.metrics.commands.WithLabelValues("accepted").Inc()
			} else {
				x.srv.metrics.commands.WithLabelValues("rejected").Inc()
			}
			o.c.enqueue(wire.Encode(ack))
			continue
		}
		if len(x.events) >= maxEventsPerBroadcast {
			x.events = slices.Delete(x.events, 0, 1)
		}
		x.events = append(x.events, e)
	}
	// A command the World neither accepted nor rejected would leak.
	if len(x.owners) > 0 {
		clear(x.owners)
	}
	x.publish()
}

// add joins a client: Welcome, then a keyframe of its view stream.
func (x *exercise) add(c *client) {
	x.clients = append(x.clients, c)
	x.srv.metrics.clients.Inc()
	c.enqueue(wire.Encode(x.welcome(c.team, c.role)))
	x.follow(c, x.shownTo(c))
	x.publish()
	x.srv.log.Info("client joined", "exercise", x.id, "role", c.role.String(), "team", c.team, "name", c.name, "remote", c.remote)
}

// follow moves c to the view stream of team and sends it a keyframe.
func (x *exercise) follow(c *client, team int) {
	x.unfollow(c)
	st := x.streams[team]
	if st == nil {
		st = &stream{team: team}
		x.streams[team] = st
	}
	st.clients = append(st.clients, c)
	c.stream = st
	if st.s.Seq() == 0 {
		v := &x.view
		if team == wire.Observer {
			v = &x.obsView
		}
		x.buildView(team, v)
		st.s.Next(v, wire.Frame{Sent: time.Now().UnixMicro()})
	}
	c.needKey = true
	x.sendFrame(c, st, nil)
}

func (x *exercise) unfollow(c *client) {
	st := c.stream
	if st == nil {
		return
	}
	st.clients = slices.DeleteFunc(st.clients, func(y *client) bool { return y == c })
	if len(st.clients) == 0 {
		delete(x.streams, st.team)
	}
	c.stream = nil
}

// drop removes a client that left or is being dropped.
func (x *exercise) drop(c *client) {
	i := slices.Index(x.clients, c)
	if i < 0 {
		return
	}
	x.clients = slices.Delete(x.clients, i, i+1)
	x.unfollow(c)
	x.srv.metrics.clients.Dec()
	x.publish()
	x.srv.log.Info("client left", "exercise", x.id, "team", c.team, "name", c.name, "remote", c.remote)
}

// buildView fills v with the view of team: a team's, the instructor's
// ground truth, or the observers' neutral view.
func (x *exercise) buildView(team int, v *sim.View) {
	if x.review != nil {
		// A review shows its playback's pause and speed, not the
		// recorded World's.
		defer func() { v.Paused, v.Speed = x.review.paused, x.review.speed }()
	}
	if team != wire.Observer {
		x.w.ViewInto(team, v)
		return
	}
	// Observers: the clock, comms, objectives and statistics of the
	// instructor's view, without units, sensors, tracks, crossers,
	// barriers, checkpoints or injects.
	x.w.ViewInto(sim.Instructor, &x.scratch)
	g := &x.scratch
	*v = sim.View{
		Tick: g.Tick, Team: wire.Observer, Clock: g.Clock, Night: g.Night, Weather: g.Weather,
		Paused: g.Paused, Speed: g.Speed,
		Comms:     append(v.Comms[:0], g.Comms...),
		Objective: append(v.Objective[:0], g.Objective...),
		Stats:     g.Stats,
	}
	v.Stats.Teams = append([]sim.TeamStats(nil), g.Stats.Teams...)
}

// heartbeat is the longest time between two broadcasts: a paused exercise
// still sends a frame this often, so that clients can tell a quiet
// exercise from a dead connection.
const heartbeat = 5 * time.Second

// broadcast sends every client the new frame of its stream, and the events
// its role may see.
func (x *exercise) broadcast() {
	start := time.Now()
	if !x.dirty && len(x.events) == 0 && start.Sub(x.lastSent) < heartbeat {
		return
	}
	x.lastSent = start
	f := wire.Frame{Sent: start.UnixMicro(), StepMicros: uint32(min(x.stepMax.Microseconds(), 1<<32-1))}
	clear(x.audience)
	for _, st := range x.streams {
		v := &x.view
		if st.team == wire.Observer {
			v = &x.obsView
		}
		x.buildView(st.team, v)
		delta := st.s.Next(v, f)
		for _, c := range st.clients {
			if x.sendFrame(c, st, delta) {
				audience := c.team
				if x.review != nil && x.review.revealed {
					audience = st.team // the ground truth's events with it
				}
				if evs := x.eventsFor(audience); evs != nil {
					c.enqueue(evs)
				}
			}
		}
	}
	x.events = x.events[:0]
	x.stepMax = 0
	x.dirty = false
	x.srv.metrics.broadcast.Observe(time.Since(start).Seconds())
	// Drop the clients that fell too far behind.
	for _, c := range slices.Clone(x.clients) {
		if c.lag > x.srv.cfg.MaxLag {
			x.srv.metrics.dropped.Inc()
			c.closeWith(websocket.ClosePolicyViolation, "too slow: the client fell behind and was dropped")
			x.drop(c)
		}
	}
}

// sendFrame queues the stream's latest frame for c: the shared delta when c
// holds the previous frame, else a keyframe. It reports whether the frame
// was queued; a full queue marks c for a keyframe.
func (x *exercise) sendFrame(c *client, st *stream, delta []byte) bool {
	b := delta
	if b == nil || c.needKey || c.seq != st.s.Seq()-1 {
		b = st.s.Keyframe()
	}
	if !c.enqueue(b) {
		c.needKey = true
		c.lag++
		return false
	}
	c.seq = st.s.Seq()
	c.needKey = false
	c.lag = 0
	return true
}

// eventsFor returns the encoded Events a role may see, built once per
// broadcast; nil when there are none.
func (x *exercise) eventsFor(team int) []byte {
	if b, ok := x.audience[team]; ok {
		return b
	}
	var evs []sim.Event
	for _, e := range x.events {
		if visible(e, team) {
			evs = append(evs, e)
		}
	}
	var b []byte
	if len(evs) > 0 {
		b = wire.Encode(&wire.Events{Tick: x.w.Tick(), Events: evs})
	}
	x.audience[team] = b
	return b
}

// visible reports whether a client of team may see e. Observers see only
// exercise-wide objective and control events.
func visible(e sim.Event, team int) bool {
	if team == wire.Observer {
		return e.Team == sim.All && (e.Kind == sim.EvObjective || e.Kind == sim.EvControl)
	}
	return e.VisibleTo(team)
}

// switchView lets the instructor follow another team's view.
func (x *exercise) switchView(r watchReq) {
	if !slices.Contains(x.clients, r.c) || r.c.role != wire.RoleInstructor {
		return
	}
	if r.team != sim.Instructor && (r.team < 0 || r.team >= len(x.sc.Teams)) {
		return
	}
	x.follow(r.c, r.team)
}

// route delivers a chat line: the team channel to the sender's team, the
// liaison channel to both teams of an agreement while its comms are up;
// the instructor receives both. The instructor's team channel reaches
// everyone.
func (x *exercise) route(r chatReq) {
	c, m := r.c, r.msg
	if !slices.Contains(x.clients, c) || c.role == wire.RoleObserver {
		return
	}
	out := &wire.Chat{Channel: m.Channel, Agreement: m.Agreement, From: c.from(x.sc), Tick: x.w.Tick(), Text: m.Text}
	var to func(*client) bool
	switch m.Channel {
	case wire.ChanTeam:
		out.Agreement = ""
		to = func(y *client) bool {
			return y.role == wire.RoleInstructor || c.role == wire.RoleInstructor || (y.role == wire.RoleTrainee && y.team == c.team)
		}
	case wire.ChanLiaison:
		ai := slices.IndexFunc(x.sc.Agreements, func(a sim.AgreementSpec) bool { return a.ID == m.Agreement })
		if ai < 0 {
			c.enqueue(wire.Encode(&wire.Chat{Channel: m.Channel, Agreement: m.Agreement, From: "server", Tick: out.Tick,
				Text: "not delivered: no agreement " + m.Agreement}))
			return
		}
		a := x.sc.Agreements[ai]
		if c.role != wire.RoleInstructor && c.team != a.A && c.team != a.B {
			c.enqueue(wire.Encode(&wire.Chat{Channel: m.Channel, Agreement: m.Agreement, From: "server", Tick: out.Tick,
				Text: "not delivered: your team is not party to agreement " + m.Agreement}))
			return
		}
		if x.review == nil && x.commsCut(m.Agreement) { // a debrief talks freely
			c.enqueue(wire.Encode(&wire.Chat{Channel: m.Channel, Agreement: m.Agreement, From: "server", Tick: out.Tick,
				Text: "not delivered: the comms of agreement " + m.Agreement + " are cut"}))
			return
		}
		to = func(y *client) bool {
			return y.role == wire.RoleInstructor || (y.role == wire.RoleTrainee && (y.team == a.A || y.team == a.B))
		}
	default:
		return
	}
	b := wire.Encode(out)
	for _, y := range x.clients {
		if to(y) {
			y.enqueue(b)
		}
	}
}

// commsCut reports whether an agreement's comms are cut now.
func (x *exercise) commsCut(id string) bool {
	x.w.ViewInto(sim.Instructor, &x.scratch)
	for _, cv := range x.scratch.Comms {
		if cv.Agreement == id {
			return cv.Cut
		}
	}
	return false
}
